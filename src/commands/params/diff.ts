import {Args, Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {ENVIRONMENTS} from '../../sdk/catalog/environments.js'
import {resolveConfig} from '../../sdk/config/resolve.js'
import {ssmClient} from '../../sdk/params/client.js'
import {diffParameters, listParameters, type ParameterDiff} from '../../sdk/params/store.js'

export interface ParamsDiffOutput {
  readonly a: {readonly env: string; readonly region: string}
  readonly b: {readonly env: string; readonly region: string}
  readonly differences: number
  readonly parameters: readonly ParameterDiff[]
}

export default class ParamsDiff extends OmnixCommand<typeof ParamsDiff> {
  static summary = "Compare two environments' parameters: names, types, versions, and values when not secure."
  static description = `Lists each catalog parameter (and, with --any, every parameter either env has) with its state in both envs: same, different, only in one, missing in both, or secure (a SecureString on either side: versions are shown, values are never read). Each env is read in its own region (config). Reads only; --fail exits 1 when anything differs.`
  static examples = [
    {description: 'What staging has that prod does not.', command: '<%= config.bin %> <%= command.id %> staging prod'},
    {description: 'In CI, fail on any difference.', command: '<%= config.bin %> <%= command.id %> staging prod --any --fail --json'},
  ]
  static args = {
    a: Args.string({description: 'First environment.', required: true, options: [...ENVIRONMENTS]}),
    b: Args.string({description: 'Second environment.', required: true, options: [...ENVIRONMENTS]}),
  }
  static flags = {
    any: Flags.boolean({summary: 'Also compare parameters the catalog does not declare.'}),
    fail: Flags.boolean({summary: 'Exit 1 when anything differs.'}),
  }

  async run(): Promise<ParamsDiffOutput> {
    const {args, flags} = this
    const read = async (env: string) => {
      const config = await resolveConfig({flags: {env, region: flags.region, profile: flags.profile}})
      const {parameters} = await listParameters(await ssmClient(config), env, {any: flags.any})
      return {config, parameters}
    }
    const [a, b] = await Promise.all([read(args.a), read(args.b)])
    const parameters = diffParameters(a.parameters, b.parameters)
    const differences = parameters.filter((p) => p.status === 'different' || p.status === 'only-a' || p.status === 'only-b').length
    const output: ParamsDiffOutput = {a: {env: args.a, region: a.config.region}, b: {env: args.b, region: b.config.region}, differences, parameters}
    if (!this.jsonEnabled()) {
      const show = (s: ParameterDiff['a']) => (s ? `${s.value ?? ''} (v${s.version ?? '?'}${s.type === 'String' ? '' : `, ${s.type}`})` : '-')
      this.log(renderTable(parameters.map((p) => ({parameter: p.path, status: p.status, [args.a]: show(p.a), [args.b]: show(p.b)}))))
      this.note(`${differences} of ${parameters.length} parameters differ (secure ones compared by presence and version only)`)
    }
    if (flags.fail && differences > 0) {
      if (this.jsonEnabled()) this.logJson(output)
      this.exit(1)
    }
    return output
  }
}
