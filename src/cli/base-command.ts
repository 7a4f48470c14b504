import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {ENVIRONMENTS} from '../sdk/catalog/environments.js'
import {resolveConfig, type ResolvedConfig} from '../sdk/config/resolve.js'
import {OmnixError} from '../sdk/errors.js'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof OmnixCommand)['baseFlags'] & T['flags']>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** Flags every omnix command takes. */
export const environmentFlags = {
  env: Flags.string({char: 'e', summary: 'Environment (dev, staging, prod).', options: [...ENVIRONMENTS], helpGroup: 'GLOBAL'}),
  region: Flags.string({char: 'r', summary: 'AWS region (default: from config or AWS_REGION).', helpGroup: 'GLOBAL'}),
  profile: Flags.string({summary: 'AWS profile from the shared config files.', helpGroup: 'GLOBAL'}),
}

/** Flags of commands that read or write platform data (tables), pointing them elsewhere than AWS. */
export const dataPlaneFlags = {
  local: Flags.boolean({summary: 'Use the embedded local engine (omnix local up).', env: 'OMNIX_LOCAL', helpGroup: 'TARGET'}),
  'endpoint-url': Flags.string({summary: 'Send data-plane calls to this endpoint (e.g. http://127.0.0.1:8000).', helpGroup: 'TARGET'}),
}

/**
 * Base of every omnix command: parses flags, resolves config, maps SDK errors to exit codes
 * (0 ok, 1 failure, 2 usage) and keeps stdout for results (logs go to stderr).
 */
export abstract class OmnixCommand<T extends typeof Command> extends Command {
  static enableJsonFlag = true
  static baseFlags = {...environmentFlags}

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  private resolved?: ResolvedConfig

  public async init(): Promise<void> {
    await super.init()
    const {args, flags} = await this.parse({
      args: this.ctor.args,
      baseFlags: (super.ctor as typeof OmnixCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
  }

  /** The resolved configuration (flags > env vars > omnix.config.json > defaults). */
  protected async omnixConfig(): Promise<ResolvedConfig> {
    if (!this.resolved) {
      const f = this.flags as {env?: string; region?: string; profile?: string}
      this.resolved = await resolveConfig({flags: {env: f.env, region: f.region, profile: f.profile}})
    }
    return this.resolved
  }

  /** True when progress may be drawn: a TTY on stderr, not --json, not CI. */
  protected get interactiveOutput(): boolean {
    return Boolean(process.stderr.isTTY) && !this.jsonEnabled() && !process.env.CI
  }

  /** A log line on stderr (never stdout, which carries results). */
  protected note(message: string): void {
    process.stderr.write(`${message}\n`)
  }

  protected async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    // A deliberate this.exit(n) after printing a result: no second (error) document on stdout.
    if (error instanceof Errors.ExitError) throw error
    if (error instanceof OmnixError) {
      const cliError = new Errors.CLIError(error.message, {
        exit: error.exitCode,
        code: error.code,
        suggestions: error.suggestion ? [error.suggestion] : undefined,
      })
      // With --json oclif takes the exit code from `exitCode`, without it from `oclif.exit`.
      Object.assign(cliError, {exitCode: error.exitCode})
      return super.catch(cliError)
    }
    if (error.exitCode === undefined && error.oclif?.exit !== undefined) error.exitCode = error.oclif.exit
    return super.catch(error)
  }
}
