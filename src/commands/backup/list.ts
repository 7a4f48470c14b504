import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {backupClients} from '../../sdk/backup/clients.js'
import {listTableBackups, type TableBackups} from '../../sdk/backup/list.js'
import {selectTables} from '../../sdk/backup/names.js'
import {readCutoverTables} from '../../sdk/backup/record.js'
import {TABLE_IDS} from '../../sdk/catalog/tables.js'

export interface BackupListOutput {
  readonly env: string
  readonly tables: readonly TableBackups[]
  readonly notes: readonly string[]
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '-'
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}

export default class BackupList extends OmnixCommand<typeof BackupList> {
  static summary = 'Show each catalog table’s point-in-time recovery window and newest recovery points.'
  static description = `Per catalog table (the table its cut-over parameter names, else the catalog name): whether point-in-time recovery is on, its earliest and latest restorable time, and the newest recovery points (on-demand and system backups from DynamoDB ListBackups, AWS Backup recovery points from ListRecoveryPointsByResource) with age and size.
Anything that cannot be read (no permission, endpoint down) is shown as unknown with the reason; the command still exits 0. Reads only.`
  static examples = [
    {description: 'Backups of every prod table.', command: '<%= config.bin %> <%= command.id %> -e prod'},
    {description: 'One table, five newest points, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod -t orders --newest 5 --json'},
  ]
  static flags = {
    ...dataPlaneFlags,
    table: Flags.string({char: 't', summary: 'Catalog table id (repeatable; default: every catalog table).', multiple: true, options: [...TABLE_IDS]}),
    newest: Flags.integer({summary: 'Recovery points shown per table.', default: 3, min: 1}),
  }

  async run(): Promise<BackupListOutput> {
    const {flags} = this
    const config = await this.omnixConfig()
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const clients = await backupClients(target)
    const cutover = clients.ssm ? await readCutoverTables(clients.ssm, config.env) : undefined
    const tables = await listTableBackups(clients.dynamo, clients.backup, {
      env: config.env,
      tables: selectTables(flags.table),
      newest: flags.newest,
      ...(cutover && 'tables' in cutover ? {sources: cutover.tables} : {}),
    })
    const notes = clients.controlPlaneSkipped ? [`AWS Backup recovery points not read: ${clients.controlPlaneSkipped}`] : []
    if (cutover && 'unknown' in cutover) notes.push(`cut-over parameters not read (${cutover.unknown}): showing the catalog table names`)
    if (!this.jsonEnabled()) this.render(tables, notes)
    return {env: config.env, tables, notes}
  }

  private render(tables: readonly TableBackups[], notes: readonly string[]): void {
    this.log(
      renderTable(
        tables.map((t) => ({
          table: t.table,
          pitr: !t.exists ? 'no table' : t.pitr.status === 'unknown' ? `unknown (${t.pitr.reason})` : t.pitr.enabled ? 'on' : 'off',
          earliest: t.pitr.status === 'known' ? (t.pitr.earliestRestorableTime ?? '-') : '-',
          latest: t.pitr.status === 'known' ? (t.pitr.latestRestorableTime ?? '-') : '-',
          'recovery points': t.recoveryPoints.length,
        })),
      ),
    )
    const points = tables.flatMap((t) =>
      t.recoveryPoints.map((p) => ({table: t.table, kind: p.kind, created: p.createdAt, 'age (h)': p.ageHours, size: formatSize(p.sizeBytes), status: p.status, arn: p.arn})),
    )
    if (points.length > 0) this.log(`\n${renderTable(points)}`)
    for (const t of tables) for (const e of t.errors) this.note(`${t.table}: ${e}`)
    for (const n of notes) this.note(n)
  }
}
