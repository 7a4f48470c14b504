import type {CachedCloudAssembly, ValidateResult} from '@aws-cdk/toolkit-lib'
import {rmSync} from 'node:fs'
import {join} from 'node:path'

import type {PlatformAppOptions} from '../../../stacks/app.js'
import {resourceName} from '../catalog/naming.js'
import type {ResolvedConfig} from '../config/resolve.js'
import {isBlocking, TemplateValidationError, type TemplateViolation, toOmnixError} from './errors.js'
import type {ToolkitIo} from './io-host.js'
import {getToolkit, withSession} from './toolkit.js'

/** Builds the CDK app; returns anything with the App's `synth()`. */
export type PlatformAppBuilder = (options: PlatformAppOptions) => {synth(): unknown}

export interface PlatformTarget {
  readonly config: ResolvedConfig
  /** Custom domain for the REST API (overrides the config's). */
  readonly domainName?: string
}

export interface SynthesizeOptions extends PlatformTarget {
  /**
   * Run CloudFormation's template validation during synthesis. Off by default: the validator is a
   * WASM module that costs most of synth time; `omnix validate` turns it on.
   */
  readonly validation?: boolean
  /** Run the cdk-nag AwsSolutions pack (its findings are reported like template violations). */
  readonly nag?: boolean
  /** Keep the cloud assembly in this directory (default: a temporary one, removed at exit). */
  readonly outdir?: string
  readonly io?: ToolkitIo
  /** Test seam: the app to synthesize instead of the platform's. Such assemblies are not cached. */
  readonly buildApp?: PlatformAppBuilder
}

export interface PlatformStack {
  /** CloudFormation stack name, e.g. omnix-ai-dev-data. */
  readonly name: string
  /** The stack's construct path in the app (what the toolkit's stack patterns match). */
  readonly id: string
  /** The platform concern (security, data, …), or the name when it does not follow the naming scheme. */
  readonly concern: string
  readonly region: string
  /** Undefined when the account comes from the credentials at deploy time. */
  readonly account?: string
  readonly resources: number
  readonly templateFile: string
  /** Names of the stacks this one depends on. */
  readonly dependencies: readonly string[]
}

export interface PlatformAssembly {
  readonly assembly: CachedCloudAssembly
  readonly directory: string
  readonly stacks: readonly PlatformStack[]
  readonly validation: boolean
  /** Non-blocking findings: template validation warnings (when on) and construct annotations. */
  readonly warnings: readonly TemplateViolation[]
}

const VALIDATION_REPORT = 'CDK_TOOLKIT_E9600'
const UNKNOWN_ACCOUNT = 'unknown-account'

const cache = new Map<string, Promise<PlatformAssembly>>()
const temporaryDirectories = new Set<string>()
let cleanupRegistered = false

/**
 * Synthesizes the platform's CDK app once per process and configuration; diff, deploy and list reuse
 * the cached assembly instead of synthesizing again.
 */
export function synthesizePlatform(options: SynthesizeOptions): Promise<PlatformAssembly> {
  if (options.buildApp) return synthesize(options)
  const {config} = options
  const key = JSON.stringify([config.env, config.region, config.account, config.settings, options.domainName, options.validation ?? false, options.nag ?? false, options.outdir])
  let assembly = cache.get(key)
  if (!assembly) {
    assembly = synthesize(options)
    cache.set(key, assembly)
    assembly.catch(() => cache.delete(key))
  }
  return assembly
}

/** Releases every cached assembly and removes its temporary directory. */
export async function disposeAssemblies(): Promise<void> {
  const all = [...cache.values()]
  cache.clear()
  for (const pending of all) {
    const assembly = await pending.catch(() => undefined)
    if (!assembly) continue
    await assembly.assembly.dispose()
    temporaryDirectories.delete(assembly.directory)
  }
}

async function synthesize(options: SynthesizeOptions): Promise<PlatformAssembly> {
  const {config} = options
  const validation = options.validation ?? false
  const nag = options.nag ?? false
  const handle = await getToolkit({profile: config.profile, region: config.region})
  const {toolkit, lib} = handle
  const buildApp = options.buildApp ?? (await import('../../../stacks/app.js')).buildPlatformApp
  const where = `synthesizing ${config.env}`
  // Synthesis chatter (timings, "synthesized to <tmp>") means nothing to the caller of diff or deploy;
  // warnings and errors (construct annotations, validation) still reach it.
  const io = {onLog: options.io?.onLog, logLevel: options.io?.logLevel === 'error' ? 'error' : 'warn'} as const
  return withSession(handle, io, {capture: [VALIDATION_REPORT]}, async (session) => {
    let cached: CachedCloudAssembly
    try {
      const source = await toolkit.fromAssemblyBuilder(
        async (props) => buildApp({config, outdir: props.outdir, validation, nag, domainName: options.domainName}).synth() as never,
        {
          outdir: options.outdir,
          // The stacks name their region (and account, when configured); asking STS for a default
          // account would make synth need credentials for nothing.
          resolveDefaultEnvironment: false,
          synthOptions: {validation},
          contextStore: new lib.MemoryContext(
            validation || nag
              ? {
                  // Report the validator's errors as errors, and to the toolkit rather than on the console.
                  '@aws-cdk/core:validateAgainstDefaultRules': true,
                  '@aws-cdk/core:failSynthOnValidationErrors': false,
                }
              : {},
          ),
        },
      )
      cached = await toolkit.synth(source)
    } catch (error) {
      const report = session.capturedData<ValidateResult>(VALIDATION_REPORT).at(-1)
      if (report?.conclusion === 'failure') throw new TemplateValidationError(violationsOf(report.pluginReports))
      throw toOmnixError(error, where)
    }
    const directory = cached.cloudAssembly.directory
    if (!options.outdir) removeAtExit(directory)
    // The toolkit reports template validation and construct annotations in one message, warnings included.
    const report = session.capturedData<ValidateResult>(VALIDATION_REPORT).at(-1)
    const warnings = violationsOf(report?.pluginReports).filter((v) => !isBlocking(v.severity))
    return {assembly: cached, directory, stacks: describeStacks(cached, config.env), validation, warnings}
  })
}

function describeStacks(cached: CachedCloudAssembly, env: string): PlatformStack[] {
  const prefix = resourceName(env, '')
  return cached.cloudAssembly.stacksRecursively.map((stack) => ({
    name: stack.stackName,
    id: stack.hierarchicalId,
    concern: stack.stackName.startsWith(prefix) ? stack.stackName.slice(prefix.length) : stack.stackName,
    region: stack.environment.region,
    ...(stack.environment.account && stack.environment.account !== UNKNOWN_ACCOUNT ? {account: stack.environment.account} : {}),
    resources: Object.keys((stack.template as {Resources?: object}).Resources ?? {}).length,
    templateFile: join(cached.cloudAssembly.directory, stack.templateFile),
    dependencies: stack.dependencies
      .filter((d) => d.manifest.type === 'aws:cloudformation:stack')
      .map((d) => (d as unknown as {stackName: string}).stackName),
  }))
}

export function violationsOf(reports: ValidateResult['pluginReports'] = []): TemplateViolation[] {
  return reports.flatMap((report) =>
    report.violations.map((v) => ({
      rule: v.ruleName,
      severity: v.severity,
      description: v.description,
      ...(v.suggestedFix ? {fix: v.suggestedFix} : {}),
      resources: v.violatingConstructs.map((c) => ({
        path: c.constructPath,
        ...(c.cloudFormationResource ? {logicalId: c.cloudFormationResource.logicalId, template: c.cloudFormationResource.templatePath} : {}),
      })),
    })),
  )
}

/** Removes a temporary directory when the process exits (cached assemblies live that long). */
export function removeAtExit(directory: string): void {
  temporaryDirectories.add(directory)
  if (cleanupRegistered) return
  cleanupRegistered = true
  process.once('exit', () => {
    for (const dir of temporaryDirectories) rmSync(dir, {recursive: true, force: true})
  })
}
