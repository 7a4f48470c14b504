import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {ssmClient} from '../../sdk/params/client.js'
import {listParameters, type ParameterState} from '../../sdk/params/store.js'

export interface ParamsListOutput {
  readonly env: string
  readonly region: string
  readonly parameters: readonly ParameterState[]
  readonly undeclared: readonly string[]
}

/** Long values (the last drill's JSON) are cut in the table; `params get` and --json give them whole. */
function shorten(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value
}

export default class ParamsList extends OmnixCommand<typeof ParamsList> {
  static summary = "List the environment's SSM parameters: type, version, last modified, value (SecureString values masked)."
  static description = `Shows every parameter the catalog declares for the env (/omnix-ai/{env}/...), whether it exists, its type (and the type the catalog wants), version, last modification and value. SecureString values are never fetched: they show as ********; "omnix params get --reveal NAME" prints one.
Parameters below /omnix-ai/{env}/ that the catalog does not declare are only counted, unless --any.`
  static examples = [
    {description: 'The dev parameters.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Everything under /omnix-ai/prod/, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --any --json'},
  ]
  static flags = {
    any: Flags.boolean({summary: 'Also list parameters the catalog does not declare.'}),
  }

  async run(): Promise<ParamsListOutput> {
    const config = await this.omnixConfig()
    const ssm = await ssmClient(config)
    const {parameters, undeclared} = await listParameters(ssm, config.env, {any: this.flags.any})
    if (!this.jsonEnabled()) {
      this.log(
        renderTable(
          parameters.map((p) => ({
            name: p.name,
            type: p.exists ? (p.type === p.expectedType ? p.type : `${p.type} (catalog: ${p.expectedType})`) : '-',
            version: p.version ?? '-',
            modified: p.lastModified ?? (p.exists ? '' : 'missing'),
            value: shorten(p.value ?? ''),
          })),
        ),
      )
      if (!this.flags.any && undeclared.length > 0) this.note(`${undeclared.length} more parameters under /omnix-ai/${config.env}/ are not in the catalog (--any lists them)`)
    }
    return {env: config.env, region: config.region, parameters, undeclared}
  }
}
