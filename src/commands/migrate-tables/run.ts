import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {MultiProgress} from '../../cli/multi-progress.js'
import {renderTable} from '../../cli/table.js'
import {type AwsTarget, clientConfig, resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {ConfirmationRequiredError, OmnixError, UsageError} from '../../sdk/errors.js'
import {writeCutoverParameters} from '../../sdk/migration/cutover.js'
import {loadMapping, type MappingFile} from '../../sdk/migration/mapping.js'
import {buildPlan, type MigrationPlan} from '../../sdk/migration/plan.js'
import type {CutoverResult, MigrationReport, VerifyResult} from '../../sdk/migration/report.js'
import {type MigrationEvent, runMigration} from '../../sdk/migration/run.js'
import {migrationClients, openStateStore} from '../../sdk/migration/session.js'

/** A run or verify that finished but did not verify: exit 1, the --json output still carries the report. */
export class MigrationFailedError extends OmnixError {
  constructor(
    message: string,
    readonly report: unknown,
  ) {
    super(message, {code: 'VERIFY_FAILED', suggestion: 'see the first differing keys; run again to copy the failed tables afresh'})
  }
}

/** In --json mode a failed verification still prints its full report (with an error field) and exits 1. */
export async function catchMigrationFailure(
  command: {jsonEnabled(): boolean},
  logJson: (json: unknown) => void,
  error: Error,
  fallback: () => Promise<unknown>,
): Promise<unknown> {
  if (error instanceof MigrationFailedError && command.jsonEnabled()) {
    process.exitCode = error.exitCode
    logJson({...(error.report as object), error: {code: error.code, message: error.message}})
    return
  }
  return fallback()
}

export const targetFlags = {
  ...dataPlaneFlags,
  mapping: Flags.string({summary: 'YAML mapping file: source -> catalog table and attribute transforms (default: built-in naming rules).'}),
}

export const stateFlags = {
  'state-file': Flags.string({summary: 'Checkpoint file (default .omnix/migrate-tables/<env>.json).', exclusive: ['state-table']}),
  'state-table': Flags.boolean({summary: "Keep the checkpoint and lock in the env's analytics table instead of a file."}),
}

export const runFlags = {
  ...targetFlags,
  ...stateFlags,
  'dry-run': Flags.boolean({summary: 'Show what would be done; change nothing.'}),
  yes: Flags.boolean({char: 'y', summary: 'Do not ask before copying (or deleting, outside prod).'}),
  segments: Flags.integer({summary: 'Parallel Scan segments per table.', default: 4, min: 1, max: 64}),
  'scan-limit': Flags.integer({summary: 'Items per Scan page.', default: 1000, min: 1, max: 10_000}),
  'max-wcu': Flags.integer({summary: 'Write capacity units per second not to exceed (1 KB per item).', min: 1}),
  concurrency: Flags.integer({summary: 'Most BatchWriteItem calls in flight (adapts downwards on throttling).', default: 32, min: 1, max: 256}),
  'delete-sources': Flags.boolean({summary: 'Delete each source after it verified (asks; prod: --confirm prod).'}),
  confirm: Flags.string({summary: 'Type-back answer for scripts, e.g. --confirm prod.'}),
  restart: Flags.boolean({summary: 'Discard an unfinished checkpoint of a different plan.'}),
  cutover: Flags.boolean({summary: 'Write the new table names into the SSM parameters the services read.', default: true, allowNo: true}),
}

export async function loadMappingFlag(path: string | undefined): Promise<MappingFile | undefined> {
  if (!path) return undefined
  return loadMapping(path)
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}

export function renderPlan(plan: MigrationPlan): string {
  const out: string[] = [
    `Plan ${plan.planId} for ${plan.env}: ${plan.copies.length} tables to copy, ${plan.totals.items} items, ${formatBytes(plan.totals.bytes)}`,
  ]
  if (plan.copies.length > 0) {
    out.push(
      '',
      renderTable(
        plan.copies.map((c) => ({
          source: c.source,
          target: c.target,
          items: c.itemCount,
          size: formatBytes(c.sizeBytes),
          transforms: c.transformText.length > 0 ? c.transformText.join('; ') : 'none (same keys)',
        })),
      ),
    )
  }
  if (plan.targets.length > 0) out.push('', `Targets: ${plan.targets.map((t) => `${t.name} (${t.exists ? 'exists' : 'create from catalog'})`).join(', ')}`)
  if (plan.leftAlone.length > 0) {
    out.push('', 'Left alone:', renderTable(plan.leftAlone.map((l) => ({table: l.table, items: l.itemCount, why: l.reason}))))
  }
  if (plan.orphans.length > 0) {
    out.push('', 'Orphans (no catalog table; not touched):', renderTable(plan.orphans.map((o) => ({table: o.table, items: o.itemCount, why: o.reason}))))
  }
  for (const w of plan.warnings) out.push(`warning: ${w}`)
  return out.join('\n')
}

export function renderVerify(results: readonly VerifyResult[]): string {
  const lines = [
    renderTable(
      results.map((r) => ({
        source: r.source,
        target: r.target,
        result: r.verified ? 'verified' : 'FAILED',
        source_items: r.sourceCount,
        target_items: r.targetCount,
        hash: r.sourceHash === r.targetHash ? `${r.sourceHash.slice(0, 12)}… equal` : `${r.sourceHash.slice(0, 12)}… ≠ ${r.targetHash.slice(0, 12)}…`,
      })),
    ),
  ]
  for (const r of results.filter((x) => !x.verified)) {
    const counts = [`${r.missing} missing`, `${r.different} different`, `${r.collisions} key collisions`, `${r.untransformable} untransformable`]
    lines.push('', `${r.source}: ${counts.join(', ')}`)
    for (const d of r.firstDifferences) lines.push(`  ${d.problem} ${d.key}${d.detail ? ` (${d.detail})` : ''}`)
  }
  return lines.join('\n')
}

export function renderReport(report: MigrationReport): string {
  const rows = report.tables.map((t) => ({
    source: t.source,
    target: t.target,
    status: t.status,
    copied: t.copied,
    'items/s': t.itemsPerSecond,
    retries: t.retries,
    throttles: t.throttles,
    backup: t.backup?.status ?? '',
    verified: t.verify ? (t.verify.verified ? 'yes' : 'NO') : '',
  }))
  const out = [rows.length > 0 ? renderTable(rows) : 'Nothing to copy.']
  const {totals} = report
  out.push(
    '',
    `${report.dryRun ? 'Dry run' : report.resumed ? 'Resumed run' : 'Run'}: ${totals.copied} items in ${(report.durationMs / 1000).toFixed(1)} s (${totals.itemsPerSecond} items/s copying), ${totals.retries} retries, ${totals.throttles} throttles; ${totals.verified}/${totals.tables} verified`,
  )
  if (report.targetsCreated.length > 0) out.push(`Created: ${report.targetsCreated.join(', ')}`)
  if (report.cutover) {
    out.push(
      report.cutover.status === 'written'
        ? `Cut-over: ${report.cutover.parameters.filter((p) => p.changed).length} SSM parameters updated, ${report.cutover.parameters.filter((p) => !p.changed).length} already right`
        : `Cut-over skipped: ${report.cutover.reason}`,
    )
  }
  if (report.deleted.length > 0) out.push(`Deleted sources: ${report.deleted.join(', ')}`)
  if (report.stateLocation) out.push(`Checkpoint: ${report.stateLocation}`)
  for (const w of report.warnings) out.push(`warning: ${w}`)
  const failed = report.tables.filter((t) => t.verify && !t.verify.verified).map((t) => t.verify!)
  if (failed.length > 0) out.push('', renderVerify(failed))
  return out.join('\n')
}

export default class MigrateTablesRun extends OmnixCommand<typeof MigrateTablesRun> {
  static summary = 'Copy the legacy tables into the catalog tables: back up, copy, verify, cut over.'
  static description = `Discovers the tables, plans source -> target (mapping file or built-in naming rules), creates missing targets from the catalog, takes an on-demand backup of every source (where the engine supports it), then copies items bit-exact as raw attribute values with parallel Scan segments and BatchWriteItem (throttling and unprocessed items retried with backoff, adaptive concurrency, optional --max-wcu limit).
Progress is checkpointed per scan segment: a killed run continues where it stopped when started again. A second run on the same checkpoint refuses while the first holds the lock.
Every run ends with verify (counts and an order-independent content hash per source). --delete-sources deletes only verified sources, after asking (prod: type the env name, or --confirm prod); never with --dry-run.
On success the catalog table names are written to the SSM parameters /omnix-ai/<env>/database/tables/<table> (not on local engines; --no-cutover skips it).`
  static examples = [
    {description: 'See what would happen.', command: '<%= config.bin %> <%= command.id %> -e dev --dry-run'},
    {description: 'Migrate dev with a mapping file, unattended.', command: '<%= config.bin %> <%= command.id %> -e dev --mapping tables.yaml --yes'},
    {description: 'Gentle on a provisioned table: 8 segments, at most 500 WCU/s.', command: '<%= config.bin %> <%= command.id %> -e staging --segments 8 --max-wcu 500 --yes'},
    {description: 'Migrate prod and delete the verified sources, from a script.', command: '<%= config.bin %> <%= command.id %> -e prod --yes --delete-sources --confirm prod --json'},
    {description: 'Against the local engine.', command: '<%= config.bin %> <%= command.id %> --local --yes'},
  ]
  static flags = runFlags

  protected async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    return catchMigrationFailure(this, (json) => this.logJson(json), error, () => super.catch(error))
  }

  async run(): Promise<MigrationReport> {
    const {flags} = this
    const config = await this.omnixConfig()
    const env = config.env
    if (flags['delete-sources'] && flags['dry-run']) {
      throw new UsageError('--delete-sources cannot be combined with --dry-run', {suggestion: 'drop one of them'})
    }
    const mapping = await loadMappingFlag(flags.mapping)
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const clients = await migrationClients(target)
    const plan = await buildPlan(clients.read, {env, mapping})
    if (!this.jsonEnabled()) this.note(renderPlan(plan))

    const typeBack = env === 'prod' ? env : undefined
    if (!flags['dry-run'] && plan.copies.length > 0) {
      const proceed = await confirmAction({
        message: `Copy ${plan.copies.length} tables (${plan.totals.items} items) into the ${env} catalog tables${target.endpoint ? ` at ${target.endpoint}` : ''}?`,
        yes: flags.yes,
      })
      if (!proceed) throw new ConfirmationRequiredError('migration cancelled', 'nothing was changed')
      if (flags['delete-sources']) await this.preflightDelete(env, typeBack)
    }

    const progress = new MultiProgress(this.interactiveOutput, 'total')
    const onEvent = (event: MigrationEvent) => this.onEvent(event, progress)
    const store = flags['dry-run'] ? undefined : await openStateStore(clients.read, {env, stateTable: flags['state-table'], stateFile: flags['state-file'], local: target.local})
    let report: MigrationReport
    try {
      report = await runMigration({
        plan,
        clients,
        store,
        dryRun: flags['dry-run'],
        segments: flags.segments,
        scanLimit: flags['scan-limit'],
        maxWcu: flags['max-wcu'],
        maxConcurrency: flags.concurrency,
        restart: flags.restart,
        deleteSources: flags['delete-sources'],
        confirmDelete: async (tables) => {
          progress.stop()
          return confirmAction({
            message: `Delete ${tables.length} verified source tables (${tables.join(', ')}) in ${env}?`,
            yes: flags.yes,
            typeBack,
            confirmValue: flags.confirm,
          })
        },
        cutover: flags.cutover ? () => this.cutover(target, env) : undefined,
        onEvent,
      })
    } finally {
      progress.stop()
    }
    if (!this.jsonEnabled()) this.log(renderReport(report))
    if (!report.dryRun && !report.verified) {
      const failed = report.tables.filter((t) => !t.verify?.verified).map((t) => t.source)
      throw new MigrationFailedError(`verification failed for ${failed.join(', ')}`, report)
    }
    return report
  }

  /** Refuses up front what the confirmation after verify would refuse, so a script learns it before the copy. */
  private async preflightDelete(env: string, typeBack: string | undefined): Promise<void> {
    const {flags} = this
    if (typeBack !== undefined && flags.confirm !== undefined && flags.confirm !== typeBack) {
      throw new ConfirmationRequiredError(`--confirm "${flags.confirm}" does not match "${typeBack}"`, `pass --confirm ${typeBack}`)
    }
    if (!process.stdin.isTTY) {
      await confirmAction({message: `--delete-sources in ${env}`, yes: flags.yes, typeBack, confirmValue: flags.confirm, isTTY: false})
    }
  }

  private async cutover(target: AwsTarget, env: string): Promise<CutoverResult> {
    if (target.local || target.endpoint) {
      return {status: 'skipped', reason: `the data plane is ${target.endpoint ?? 'local'}; SSM parameters are only written on AWS`, parameters: []}
    }
    const {SSMClient} = await import('@aws-sdk/client-ssm')
    const parameters = await writeCutoverParameters(new SSMClient(clientConfig(target)), env)
    return {status: 'written', parameters}
  }

  private onEvent(event: MigrationEvent, progress: MultiProgress): void {
    if (this.jsonEnabled()) return
    switch (event.type) {
      case 'phase':
      case 'note': {
        if (this.interactiveOutput) progress.log(event.message)
        else this.note(event.message)
        break
      }
      case 'table': {
        progress.start(event.source, `${event.source} -> ${event.target}`, event.total, event.copied)
        break
      }
      case 'progress': {
        progress.update(event.source, event.copied, event.total)
        progress.overall(event.overallCopied, event.overallTotal)
        break
      }
      case 'table-done': {
        progress.finish(event.source)
        if (!this.interactiveOutput) this.note(`${event.source}: ${event.copied} items in ${(event.durationMs / 1000).toFixed(1)} s`)
        break
      }
    }
  }
}
