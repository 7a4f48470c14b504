import {Args, Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {ssmClient} from '../../sdk/params/client.js'
import {getParameter, type ParameterState, resolvePath} from '../../sdk/params/store.js'

export default class ParamsGet extends OmnixCommand<typeof ParamsGet> {
  static summary = 'Print one parameter’s value (a SecureString only with --reveal).'
  static description = `NAME is a path below /omnix-ai/{env}/ (e.g. api/cors-origins) or the full name. The value goes to stdout, its type, version and last modification to stderr. A SecureString prints as ******** unless --reveal, which decrypts this one parameter.`
  static examples = [
    {description: 'The CORS origins of prod.', command: '<%= config.bin %> <%= command.id %> api/cors-origins -e prod'},
    {description: 'Decrypt one SecureString.', command: '<%= config.bin %> <%= command.id %> --reveal integrations/webhook-token --any -e staging'},
  ]
  static args = {
    name: Args.string({description: 'Parameter path (api/cors-origins) or full name.', required: true}),
  }
  static flags = {
    reveal: Flags.boolean({summary: 'Decrypt and print a SecureString value.'}),
    any: Flags.boolean({summary: 'Allow a parameter the catalog does not declare.'}),
  }

  async run(): Promise<ParameterState> {
    const config = await this.omnixConfig()
    const path = resolvePath(config.env, this.args.name, {any: this.flags.any})
    const ssm = await ssmClient(config)
    const parameter = await getParameter(ssm, config.env, path, {reveal: this.flags.reveal})
    if (!this.jsonEnabled()) {
      this.note(`${parameter.name}: ${parameter.type}, version ${parameter.version ?? '-'}, modified ${parameter.lastModified ?? '-'}`)
      if (parameter.secure && !this.flags.reveal) this.note('SecureString: pass --reveal to print the value')
      this.log(parameter.value ?? '')
    }
    return parameter
  }
}
