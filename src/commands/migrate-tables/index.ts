import MigrateTablesRun from './run.js'

/** `omnix migrate-tables` is `omnix migrate-tables run`. */
export default class MigrateTables extends MigrateTablesRun {
  static summary = 'Consolidate the legacy tables into the catalog tables (same as `migrate-tables run`).'
  static examples = [
    {description: 'See what would be copied, without changing anything.', command: '<%= config.bin %> <%= command.id %> -e dev --dry-run'},
    {description: 'Back up, copy, verify and cut over, from a script.', command: '<%= config.bin %> <%= command.id %> -e prod --yes --max-wcu 500'},
    {
      description: 'Delete the legacy sources once they verified (prod asks for the env name).',
      command: '<%= config.bin %> <%= command.id %> -e prod --delete-sources --confirm prod',
    },
  ]
}
