import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'

export default class ConfigShow extends OmnixCommand<typeof ConfigShow> {
  static summary = 'Show the resolved configuration and where each value came from.'
  static description = `Precedence: flags > environment variables (OMNIX_ENV, AWS_REGION, AWS_PROFILE) > omnix.config.json in the current directory > built-in defaults.
An invalid omnix.config.json (unknown key, wrong type) is an error naming the key.`
  static examples = [
    {description: 'Show the dev config.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Show prod in another region, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod -r us-west-2 --json'},
  ]

  async run() {
    const config = await this.omnixConfig()
    const {settings} = config
    const result = {
      env: config.env,
      region: config.region,
      profile: config.profile ?? null,
      account: config.account ?? null,
      configFile: config.configFile ?? null,
      sources: config.sources,
      settings,
    }
    if (!this.jsonEnabled()) {
      const rows = [
        {key: 'env', value: config.env, source: config.sources.env},
        {key: 'region', value: config.region, source: config.sources.region},
        {key: 'profile', value: config.profile ?? '(SDK default chain)', source: config.sources.profile},
        {key: 'account', value: config.account ?? '(from credentials)', source: config.sources.account},
        ...Object.entries(settings)
          .filter(([k]) => !['name', 'region', 'account'].includes(k))
          .map(([key, value]) => ({key, value, source: config.sources.settings})),
      ]
      this.log(renderTable(rows))
      if (config.configFile) this.log(`\nconfig file: ${config.configFile}`)
    }
    return result
  }
}
