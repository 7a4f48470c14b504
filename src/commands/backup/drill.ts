import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {backupClients} from '../../sdk/backup/clients.js'
import {type DrillReport, type RestoreFrom, runDrill} from '../../sdk/backup/drill.js'
import {parseDuration, selectTables} from '../../sdk/backup/names.js'
import {type CutoverTables, type DrillRecord, readCutoverTables, recordDrill, tablesInUse} from '../../sdk/backup/record.js'
import {lastDrillParameterName} from '../../sdk/catalog/parameters.js'
import {TABLE_IDS} from '../../sdk/catalog/tables.js'

export type BackupDrillOutput = DrillReport & {readonly record?: DrillRecord}

/** `12.3 s`, `5 min 12 s`, `4 h 05 min`. */
function seconds(ms: number | undefined): string {
  if (ms === undefined) return '-'
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}

export default class BackupDrill extends OmnixCommand<typeof BackupDrill> {
  static summary = 'Prove a restore works: restore each table into a scratch table, verify it, measure the RTO.'
  static description = `For each catalog table (in parallel; the table its cut-over parameter /omnix-ai/{env}/database/tables/{table} names, else the catalog name): restores the latest point-in-time recovery point (--from pitr) or the newest available backup (--from backup) into a scratch table omnix-ai-{env}-drill-{table}-{yyyymmddhhmmss} with on-demand billing and the platform KMS key, waits until it is ACTIVE, and verifies it against the source with the item count and the order-independent content hash of migrate-tables verify. The RTO is measured from the restore request to the verified table.
The scratch tables are deleted afterwards unless --keep. Scratch tables an interrupted (or --keep) drill left behind are named and deleted at the start of the next drill. A leftover that a cut-over parameter (/omnix-ai/{env}/database/tables/{table}) points at is never deleted, nor is any when those parameters cannot be read. The source tables are only described and scanned, never written.
A source written to since the restore point differs from it; --max-drift allows that many added, removed or changed items (reported as drift). The result (time, tables, RTO, verified) is written to the SSM parameter /omnix-ai/{env}/backup/last-drill (not for a local engine).
Exit 1 when a restore fails, a table does not verify, or the RTO exceeds --rto.`
  static examples = [
    {description: 'Drill prod from point-in-time recovery.', command: '<%= config.bin %> <%= command.id %> -e prod --from pitr'},
    {description: 'Drill two dev tables from their newest backups, as JSON.', command: '<%= config.bin %> <%= command.id %> -e dev --from backup -t products -t orders --json'},
    {description: 'Keep the scratch tables to look at them; require an RTO under 1 hour.', command: '<%= config.bin %> <%= command.id %> -e staging --from backup --keep --rto 1h'},
    {description: 'Show what would be restored and cleaned up.', command: '<%= config.bin %> <%= command.id %> -e prod --dry-run'},
  ]
  static flags = {
    ...dataPlaneFlags,
    table: Flags.string({char: 't', summary: 'Catalog table id (repeatable; default: every catalog table).', multiple: true, options: [...TABLE_IDS]}),
    from: Flags.string({summary: "Restore from (default: pitr where the env has point-in-time recovery, else backup).", options: ['pitr', 'backup']}),
    keep: Flags.boolean({summary: 'Keep the scratch tables (the next drill deletes them).'}),
    rto: Flags.string({summary: 'Recovery time objective: exit 1 above it (e.g. 4h, 90m).', default: '4h'}),
    'max-drift': Flags.integer({summary: 'Items written to a live source since the restore point that may differ.', default: 0, min: 0}),
    segments: Flags.integer({summary: 'Parallel Scan segments of the verify step.', default: 4, min: 1, max: 64}),
    'poll-interval': Flags.integer({summary: 'Seconds between DescribeTable polls while a restore runs.', default: 10, min: 1}),
    'dry-run': Flags.boolean({summary: 'Show the restore points and leftover scratch tables; restore and delete nothing.'}),
  }

  async run(): Promise<BackupDrillOutput> {
    const {flags} = this
    const config = await this.omnixConfig()
    const rtoMs = parseDuration(flags.rto)
    const from = (flags.from ?? (config.settings.pointInTimeRecovery ? 'pitr' : 'backup')) as RestoreFrom
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const clients = await backupClients(target)
    const cutover: CutoverTables | undefined = clients.ssm ? await readCutoverTables(clients.ssm, config.env) : undefined
    if (cutover && 'unknown' in cutover && !this.jsonEnabled()) this.note(`cut-over parameters not read (${cutover.unknown}): drilling the catalog table names`)
    const report = await runDrill(clients.dynamo, {
      env: config.env,
      tables: selectTables(flags.table),
      from,
      keep: flags.keep,
      rtoMs,
      maxDrift: flags['max-drift'],
      segments: flags.segments,
      pollIntervalMs: flags['poll-interval'] * 1000,
      dryRun: flags['dry-run'],
      ...(cutover ? {inUse: tablesInUse(cutover), ...('tables' in cutover ? {sources: cutover.tables} : {})} : {}),
      onEvent: (event) => {
        if (!this.jsonEnabled()) this.note(event.message)
      },
    })
    let record: DrillRecord | undefined
    if (!report.dryRun) {
      record = clients.ssm
        ? await recordDrill(clients.ssm, report)
        : {status: 'skipped', name: lastDrillParameterName(config.env), reason: clients.controlPlaneSkipped ?? 'no SSM client'}
    }
    const output: BackupDrillOutput = {...report, ...(record ? {record} : {})}
    if (!this.jsonEnabled()) this.render(output)
    if (!report.dryRun && !report.passed) {
      if (this.jsonEnabled()) this.logJson(output)
      else this.note(failureText(report))
      this.exit(1)
    }
    return output
  }

  private render(output: BackupDrillOutput): void {
    for (const l of output.leftovers) this.note(`leftover ${l.table}: ${l.status}${l.reason ? ` (${l.reason})` : ''}`)
    this.log(
      renderTable(
        output.tables.map((t) => ({
          table: t.source,
          result: t.status,
          'restore point': t.restorePoint?.time ?? '-',
          restored: t.verify?.restoredCount ?? '-',
          source: t.verify?.sourceCount ?? '-',
          hash: t.verify ? `${t.verify.restoredHash.slice(0, 12)}… ${t.verify.exact ? 'identical' : `drift +${t.verify.drift.added} -${t.verify.drift.removed} ~${t.verify.drift.changed}`}` : (t.error ?? ''),
          restore: seconds(t.restoreMs),
          verify: seconds(t.verifyMs),
          rto: seconds(t.rtoMs),
        })),
      ),
    )
    if (output.dryRun) {
      this.log('\nDry run: nothing restored or deleted.')
      return
    }
    this.log(`\nRTO ${seconds(output.rtoMs)} (objective ${seconds(output.rtoLimitMs)}): ${output.passed ? 'drill passed' : 'drill FAILED'}`)
    if (output.kept.length > 0) this.log(`Kept: ${output.kept.join(', ')}`)
    if (output.record) {
      this.note(output.record.status === 'written' ? `Recorded in ${output.record.name}` : `Not recorded in ${output.record.name}: ${output.record.reason}`)
    }
  }
}

function failureText(report: DrillReport): string {
  const reasons = report.tables.filter((t) => t.status !== 'verified').map((t) => `${t.source}: ${t.status}${t.error ? ` (${t.error})` : ''}`)
  if (!report.withinRto) reasons.push(`RTO ${Math.round(report.rtoMs / 1000)} s exceeds ${Math.round(report.rtoLimitMs / 1000)} s`)
  return `drill failed: ${reasons.join('; ')}`
}
