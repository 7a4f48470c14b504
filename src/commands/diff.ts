import {Flags} from '@oclif/core'

import {OmnixCommand} from '../cli/base-command.js'
import {diffPlatform, type DiffMethodName, type DiffPlatformResult} from '../sdk/deploy/diff.js'

export default class Diff extends OmnixCommand<typeof Diff> {
  static summary = 'Show what a deploy would change in each stack.'
  static description = `Compares the synthesized stacks with the deployed ones (their templates; --change-set asks CloudFormation instead, which also shows replacements).
--offline compares with an empty template: what a first deployment would create. It makes no AWS call at all, so it works without credentials (CI previews, fresh machines).`

  static examples = [
    {description: 'Changes pending in dev.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Without AWS credentials.', command: '<%= config.bin %> <%= command.id %> --offline'},
    {description: 'Prod api stack, as JSON; exit 1 if anything would change.', command: '<%= config.bin %> <%= command.id %> -e prod --stacks api --json --fail'},
  ]

  static flags = {
    domain: Flags.string({char: 'd', summary: 'Custom domain for the REST API.'}),
    stacks: Flags.string({summary: 'Stacks to diff: concerns (data,api) or stack names.', multiple: true, delimiter: ','}),
    offline: Flags.boolean({summary: 'Diff against an empty template; no credentials or AWS calls needed.', exclusive: ['change-set']}),
    'change-set': Flags.boolean({summary: 'Let CloudFormation compute the changes (creates and deletes a change set).'}),
    fail: Flags.boolean({summary: 'Exit 1 when any stack has differences.'}),
  }

  async run(): Promise<DiffPlatformResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    const method: DiffMethodName = flags.offline ? 'local-file' : flags['change-set'] ? 'change-set' : 'template'
    const result = await diffPlatform({
      config,
      domainName: flags.domain,
      stacks: flags.stacks,
      method,
      io: {logLevel: 'warn', onLog: (line) => this.note(line.message)},
    })
    if (!this.jsonEnabled()) {
      for (const stack of result.stacks) {
        this.log(stack.diff.trimEnd())
        this.log('')
      }
      const against = method === 'local-file' ? 'an empty template' : 'the deployed stacks'
      this.log(`${result.stacksWithChanges} of ${result.stacks.length} stack(s) differ from ${against}.`)
    }
    // The result is printed (JSON included) and the exit code says whether anything differs.
    if (flags.fail && result.stacksWithChanges > 0) process.exitCode = 1
    return result
  }
}
