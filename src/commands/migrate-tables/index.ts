import MigrateTablesRun from './run.js'

/** `omnix migrate-tables` is `omnix migrate-tables run`. */
export default class MigrateTables extends MigrateTablesRun {
  static summary = 'Consolidate the legacy tables into the catalog tables (same as `migrate-tables run`).'
}
