import {OmnixCommand} from '../../cli/base-command.js'
import {resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {buildPlan, type MigrationPlan} from '../../sdk/migration/plan.js'
import {migrationClients} from '../../sdk/migration/session.js'
import {loadMappingFlag, renderPlan, targetFlags} from './run.js'

export default class MigrateTablesPlan extends OmnixCommand<typeof MigrateTablesPlan> {
  static summary = 'Show which legacy table goes to which catalog table, with counts, sizes and key transforms.'
  static description = `Lists the tables (ListTables, DescribeTable) and matches each to a catalog table by the mapping file, or by the built-in rules for the legacy naming patterns: omnix-ai-{resource}-{env}, omnix-ai-{env}-{resource} (the catalog names, kept as they are) and omnix-ai-cdk-*. Prints source -> target, item counts and sizes, key transforms (e.g. product_id+date -> PK=SALES#<product_id>, SK=DATE#<date>), tables left alone and why, and orphans. Reads only.
A mapping file is YAML:
  version: 1
  tables:
    - source: omnix-ai-historical-data-dev
      target: forecasting
      transforms:
        - prefix: {attribute: PK, prefix: "SALES#", from: product_id}
        - prefix: {attribute: SK, prefix: "DATE#", from: date}
        - rename: {from: qty, to: quantity_sold}
        - drop: [legacy_flag]
        - default: {attribute: currency, value: EUR}
    - source: omnix-ai-loadtest-dev
      skip: scratch table
Errors in it name the line and the field.`
  static examples = [
    {description: 'Plan dev by the built-in rules.', command: '<%= config.bin %> <%= command.id %> -e dev'},
    {description: 'Plan with a mapping file, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --mapping tables.yaml --json'},
    {description: 'Plan against the local engine.', command: '<%= config.bin %> <%= command.id %> --local'},
  ]
  static flags = targetFlags

  async run(): Promise<MigrationPlan> {
    const {flags} = this
    const config = await this.omnixConfig()
    const mapping = await loadMappingFlag(flags.mapping)
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const clients = await migrationClients(target)
    const plan = await buildPlan(clients.read, {env: config.env, mapping})
    if (!this.jsonEnabled()) this.log(renderPlan(plan))
    return plan
  }
}
