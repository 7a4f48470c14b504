import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {backupClients} from '../../sdk/backup/clients.js'
import {createBackups, type CreatedBackup} from '../../sdk/backup/create.js'
import {selectTables} from '../../sdk/backup/names.js'
import {readCutoverTables} from '../../sdk/backup/record.js'
import {TABLE_IDS} from '../../sdk/catalog/tables.js'

export interface BackupCreateOutput {
  readonly env: string
  readonly backups: readonly CreatedBackup[]
  readonly failed: readonly string[]
}

export default class BackupCreate extends OmnixCommand<typeof BackupCreate> {
  static summary = 'Take on-demand backups of the catalog tables and wait until they are available.'
  static description = `Calls DynamoDB CreateBackup for each table (all catalog tables unless --table; the table its cut-over parameter names, else the catalog name), names each backup {table}-omnix-{yyyymmddhhmmss}, polls DescribeBackup until it is AVAILABLE and prints the backup ARNs. Tables are backed up in parallel; exit 1 if any backup failed (the others are still taken).
Backups are kept until deleted; the AWS Backup plan of the backup stack keeps its own daily, weekly and monthly recovery points.`
  static examples = [
    {description: 'Back up every dev table.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Back up two prod tables, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod -t products -t orders --json'},
  ]
  static flags = {
    ...dataPlaneFlags,
    table: Flags.string({char: 't', summary: 'Catalog table id (repeatable; default: every catalog table).', multiple: true, options: [...TABLE_IDS]}),
    'poll-interval': Flags.integer({summary: 'Seconds between DescribeBackup polls.', default: 5, min: 1}),
  }

  async run(): Promise<BackupCreateOutput> {
    const {flags} = this
    const config = await this.omnixConfig()
    const tables = selectTables(flags.table)
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const clients = await backupClients(target)
    const cutover = clients.ssm ? await readCutoverTables(clients.ssm, config.env) : undefined
    if (cutover && 'unknown' in cutover && !this.jsonEnabled()) this.note(`cut-over parameters not read (${cutover.unknown}): backing up the catalog table names`)
    const backups = await createBackups(clients.dynamo, {
      env: config.env,
      tables,
      ...(cutover && 'tables' in cutover ? {sources: cutover.tables} : {}),
      pollIntervalMs: flags['poll-interval'] * 1000,
      onEvent: (event) => {
        if (!this.jsonEnabled()) this.note(event.message)
      },
    })
    const failed = backups.filter((b) => b.status === 'failed').map((b) => b.table)
    const output: BackupCreateOutput = {env: config.env, backups, failed}
    if (!this.jsonEnabled()) {
      this.log(renderTable(backups.map((b) => ({table: b.table, status: b.status, backup: b.backupArn ?? b.error ?? '', seconds: b.durationMs === undefined ? '' : (b.durationMs / 1000).toFixed(1)}))))
    }
    if (failed.length > 0) {
      if (this.jsonEnabled()) this.logJson(output)
      else this.note(`backup failed for ${failed.join(', ')}`)
      this.exit(1)
    }
    return output
  }
}
