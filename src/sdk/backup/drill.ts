import type {DynamoDBClient, TableDescription} from '@aws-sdk/client-dynamodb'

import {platformKeyAlias} from '../catalog/parameters.js'
import {type TableId, tableName} from '../catalog/tables.js'
import {isAwsError} from '../dynamodb/client.js'
import {OmnixError} from '../errors.js'
import {isBackupUnsupported} from '../migration/backup.js'
import {drillTableName, drillTablePrefix, isDrillTable} from './names.js'
import {type RestoreVerification, verifyRestore} from './restored-verify.js'
import {resolveWaits, type ResolvedWaits, type Waits} from './waits.js'

export type RestoreFrom = 'pitr' | 'backup'

const WAITING_NOTE_MS = 5 * 60_000

/** Recovery time objective of the platform: 4 hours. */
export const DEFAULT_RTO_MS = 4 * 3_600_000

export interface DrillOptions extends Waits {
  readonly env: string
  readonly tables: readonly TableId[]
  readonly from: RestoreFrom
  /** Keep the scratch tables (the next drill deletes them). */
  readonly keep?: boolean
  /** Longest acceptable request → verified time. Default 4 h. */
  readonly rtoMs?: number
  /** Items of a live source that may differ from the restore point. Default 0. */
  readonly maxDrift?: number
  /** Parallel Scan segments of the verify step. */
  readonly segments?: number
  /** Show the plan (tables, restore points, leftovers); restore and delete nothing. */
  readonly dryRun?: boolean
  /**
   * Tables the platform uses (the cut-over parameters' values): a leftover scratch table someone
   * promoted is never deleted. `unknown` (could not be read) keeps every leftover.
   */
  readonly inUse?: ReadonlySet<string> | {readonly unknown: string}
  /** Source table per id when the platform uses another name than the catalog's (cut-over parameters). */
  readonly sources?: Partial<Record<TableId, string>>
  readonly onEvent?: (event: DrillEvent) => void
}

export interface DrillEvent {
  readonly type: 'cleanup' | 'restore' | 'waiting' | 'active' | 'verified' | 'failed' | 'deleted'
  readonly table?: string
  readonly message: string
}

export interface LeftoverTable {
  readonly table: string
  readonly status: 'deleted' | 'busy' | 'failed' | 'planned' | 'in-use' | 'kept'
  readonly reason?: string
}

export interface RestorePoint {
  readonly kind: RestoreFrom
  readonly time: string
  readonly backupArn?: string
}

export type TableDrillStatus = 'verified' | 'mismatch' | 'restore-failed' | 'planned'

export interface TableDrill {
  readonly id: TableId
  readonly source: string
  readonly scratch: string
  readonly status: TableDrillStatus
  readonly restorePoint?: RestorePoint
  /** Restore request → scratch table ACTIVE. */
  readonly restoreMs?: number
  readonly verifyMs?: number
  /** Restore request → verified. */
  readonly rtoMs?: number
  readonly verify?: RestoreVerification
  readonly scratchDeleted: boolean
  /** Why the scratch table could not be deleted after the drill. */
  readonly cleanupError?: string
  readonly error?: string
}

export interface DrillReport {
  readonly env: string
  readonly from: RestoreFrom
  readonly dryRun: boolean
  readonly startedAt: string
  readonly finishedAt: string
  /** First restore request → last table verified. */
  readonly rtoMs: number
  readonly rtoLimitMs: number
  readonly withinRto: boolean
  /** Every table restored and verified. */
  readonly verified: boolean
  /** verified and within the RTO: the drill passed. */
  readonly passed: boolean
  readonly tables: readonly TableDrill[]
  readonly leftovers: readonly LeftoverTable[]
  readonly kept: readonly string[]
}

/** A restore that did not produce a table to verify. */
class RestoreFailure extends OmnixError {
  constructor(message: string, cause?: unknown) {
    super(message, {code: 'RESTORE_FAILED', cause})
  }
}

/**
 * Settings a restore gives the new table: on-demand billing (a drill must not need capacity
 * planning) and the platform key, as the data stack encrypts the tables. A real restore uses the same.
 */
export function restoreOverrides(env: string) {
  return {
    BillingModeOverride: 'PAY_PER_REQUEST' as const,
    SSESpecificationOverride: {Enabled: true, SSEType: 'KMS' as const, KMSMasterKeyId: platformKeyAlias(env)},
  }
}

/**
 * Proves a restore works: deletes the scratch tables an earlier, interrupted drill left, then per
 * table (in parallel) restores the source (latest PITR point, or its newest available backup) into
 * `omnix-ai-{env}-drill-{table}-{timestamp}`, waits until ACTIVE, verifies it against the source
 * (count and content hash) and deletes it unless `keep`. Sources are only described and scanned.
 */
export async function runDrill(client: DynamoDBClient, options: DrillOptions): Promise<DrillReport> {
  const waits = resolveWaits(options)
  const emit = options.onEvent ?? (() => {})
  const started = waits.now()
  const rtoLimitMs = options.rtoMs ?? DEFAULT_RTO_MS
  const leftovers = await cleanLeftovers(client, options.env, Boolean(options.dryRun), options.inUse, emit)
  const at = new Date(started)
  const tables = await Promise.all(options.tables.map((id) => drillTable(client, id, drillTableName(options.env, id, at), options, waits, emit)))
  const finished = waits.now()
  const rtoMs = tables.reduce((max, t) => Math.max(max, t.rtoMs ?? 0), 0)
  const verified = !options.dryRun && tables.every((t) => t.status === 'verified')
  const withinRto = tables.every((t) => t.rtoMs === undefined || t.rtoMs <= rtoLimitMs)
  return {
    env: options.env,
    from: options.from,
    dryRun: Boolean(options.dryRun),
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    rtoMs,
    rtoLimitMs,
    withinRto,
    verified,
    passed: verified && withinRto,
    tables,
    leftovers,
    kept: tables.filter((t) => !t.scratchDeleted && t.status !== 'planned' && t.status !== 'restore-failed').map((t) => t.scratch),
  }
}

async function drillTable(client: DynamoDBClient, id: TableId, scratch: string, options: DrillOptions, waits: ResolvedWaits, emit: (e: DrillEvent) => void): Promise<TableDrill> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  const source = options.sources?.[id] ?? tableName(options.env, id)
  const base = {id, source, scratch}
  let restorePoint: RestorePoint | undefined
  let requested: number | undefined
  let created = false
  try {
    const described = await attempt(
      () => client.send(new DescribeTableCommand({TableName: source})),
      (error) => (isAwsError(error, 'ResourceNotFoundException') ? `source table ${source} does not exist` : `DescribeTable ${source}: ${(error as Error).message}`),
    )
    const keys = (described.Table?.KeySchema ?? []).map((k) => k.AttributeName!).filter(Boolean)
    restorePoint = await findRestorePoint(client, source, options.from)
    if (options.dryRun) return {...base, status: 'planned', restorePoint, scratchDeleted: false}
    emit({type: 'restore', table: source, message: `${source}: restoring ${describePoint(restorePoint)} into ${scratch}`})
    requested = waits.now()
    await requestRestore(client, options.env, source, scratch, restorePoint)
    created = true
    await waitActive(client, scratch, waits, emit)
    const active = waits.now()
    emit({type: 'active', table: source, message: `${scratch} ACTIVE after ${Math.round((active - requested) / 1000)} s`})
    const verify = await verifyRestore(client, scratch, {name: source, keys}, {maxDrift: options.maxDrift, segments: options.segments, now: waits.now})
    const done = waits.now()
    emit({
      type: verify.verified ? 'verified' : 'failed',
      table: source,
      message: `${source}: ${verify.verified ? 'verified' : 'does NOT verify'} (${verify.restoredCount} restored, ${verify.sourceCount} now${verify.exact ? ', identical' : `, drift +${verify.drift.added} -${verify.drift.removed} ~${verify.drift.changed}`})`,
    })
    let scratchDeleted = false
    let cleanupError: string | undefined
    if (!options.keep) {
      try {
        scratchDeleted = await deleteScratch(client, options.env, scratch, emit)
      } catch (error) {
        // The restore was proven; a scratch table left behind is deleted by the next drill.
        cleanupError = `${(error as Error).name}: ${(error as Error).message}`
        emit({type: 'failed', table: scratch, message: `${scratch} not deleted (${cleanupError}); the next drill deletes it`})
      }
    }
    return {
      ...base,
      status: verify.verified ? 'verified' : 'mismatch',
      restorePoint,
      restoreMs: active - requested,
      verifyMs: done - active,
      rtoMs: done - requested,
      verify,
      scratchDeleted,
      ...(cleanupError ? {cleanupError} : {}),
    }
  } catch (error) {
    const message = (error as Error).message
    emit({type: 'failed', table: source, message: `${source}: ${message}`})
    // A scratch table that exists but is not usable is removed now when possible, else by the next drill.
    let scratchDeleted = false
    if (created && !options.keep) {
      try {
        scratchDeleted = await deleteScratch(client, options.env, scratch, emit)
      } catch {
        // Still CREATING, or already gone: the next drill names and deletes it.
      }
    }
    return {...base, status: 'restore-failed', ...(restorePoint ? {restorePoint} : {}), ...(requested === undefined ? {} : {rtoMs: waits.now() - requested}), scratchDeleted, error: message}
  }
}

/** Runs a call; its failure becomes a RestoreFailure with the given message. */
async function attempt<T>(call: () => Promise<T>, message: (error: unknown) => string): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new RestoreFailure(message(error), error)
  }
}

function describePoint(point: RestorePoint): string {
  return point.kind === 'pitr' ? `point in time ${point.time}` : `backup of ${point.time} (${point.backupArn})`
}

/** The latest PITR restorable time, or the newest AVAILABLE backup of any kind (on-demand, system, AWS Backup). */
async function findRestorePoint(client: DynamoDBClient, source: string, from: RestoreFrom): Promise<RestorePoint> {
  const {DescribeContinuousBackupsCommand, ListBackupsCommand} = await import('@aws-sdk/client-dynamodb')
  if (from === 'pitr') {
    const out = await attempt(
      () => client.send(new DescribeContinuousBackupsCommand({TableName: source})),
      (error) => (isBackupUnsupported(error) ? 'the engine has no point-in-time recovery' : `DescribeContinuousBackups ${source}: ${(error as Error).message}`),
    )
    const pitr = out.ContinuousBackupsDescription?.PointInTimeRecoveryDescription
    if (pitr?.PointInTimeRecoveryStatus !== 'ENABLED' || !pitr.LatestRestorableDateTime) {
      throw new RestoreFailure(`point-in-time recovery is not enabled on ${source} (use --from backup)`)
    }
    return {kind: 'pitr', time: pitr.LatestRestorableDateTime.toISOString()}
  }
  let newest: {arn: string; created: Date} | undefined
  let start: string | undefined
  do {
    const out = await attempt(
      () => client.send(new ListBackupsCommand({TableName: source, BackupType: 'ALL', ExclusiveStartBackupArn: start})),
      (error) => (isBackupUnsupported(error) ? 'the engine has no backups' : `ListBackups ${source}: ${(error as Error).message}`),
    )
    for (const b of out.BackupSummaries ?? []) {
      if (b.BackupStatus !== 'AVAILABLE' || !b.BackupArn || !b.BackupCreationDateTime) continue
      if (!newest || b.BackupCreationDateTime > newest.created) newest = {arn: b.BackupArn, created: b.BackupCreationDateTime}
    }
    start = out.LastEvaluatedBackupArn
  } while (start)
  if (!newest) throw new RestoreFailure(`${source} has no available backup (omnix backup create)`)
  return {kind: 'backup', time: newest.created.toISOString(), backupArn: newest.arn}
}

async function requestRestore(client: DynamoDBClient, env: string, source: string, scratch: string, point: RestorePoint): Promise<void> {
  const {RestoreTableFromBackupCommand, RestoreTableToPointInTimeCommand} = await import('@aws-sdk/client-dynamodb')
  try {
    await (point.kind === 'pitr'
      ? client.send(
          new RestoreTableToPointInTimeCommand({SourceTableName: source, TargetTableName: scratch, RestoreDateTime: new Date(point.time), ...restoreOverrides(env)}),
        )
      : client.send(new RestoreTableFromBackupCommand({TargetTableName: scratch, BackupArn: point.backupArn, ...restoreOverrides(env)})))
  } catch (error) {
    throw new RestoreFailure(`restore into ${scratch} refused: ${(error as Error).name}: ${(error as Error).message}`, error)
  }
}

/** Polls DescribeTable until the restored table is ACTIVE; a table that vanishes or never settles failed. */
async function waitActive(client: DynamoDBClient, table: string, waits: ResolvedWaits, emit: (e: DrillEvent) => void): Promise<TableDescription> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  const started = waits.now()
  let seen = false
  let noted = started
  for (;;) {
    try {
      const {Table} = await client.send(new DescribeTableCommand({TableName: table}))
      seen = true
      if (Table?.TableStatus === 'ACTIVE') return Table
      if (Table?.TableStatus === 'DELETING' || Table?.TableStatus === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS') {
        throw new RestoreFailure(`restored table ${table} is ${Table.TableStatus}`)
      }
    } catch (error) {
      if (error instanceof RestoreFailure) throw error
      if (!isAwsError(error, 'ResourceNotFoundException')) throw new RestoreFailure(`DescribeTable ${table}: ${(error as Error).message}`, error)
      // Right after the request the new table may not be visible yet; once seen, vanishing means the restore failed.
      if (seen) throw new RestoreFailure(`restored table ${table} disappeared before it became ACTIVE (the restore failed)`)
    }
    if (waits.now() - started > waits.timeoutMs) throw new RestoreFailure(`${table} not ACTIVE after ${Math.round(waits.timeoutMs / 1000)} s`)
    // A large restore takes hours: say it is still running every five minutes.
    if (waits.now() - noted >= WAITING_NOTE_MS) {
      noted = waits.now()
      emit({type: 'waiting', table, message: `${table}: still restoring after ${Math.round((noted - started) / 60_000)} min`})
    }
    await waits.sleep(waits.pollIntervalMs)
  }
}

/** Deletes a drill's scratch table: refuses any other name, so a source can never be deleted here. */
async function deleteScratch(client: DynamoDBClient, env: string, table: string, emit: (e: DrillEvent) => void): Promise<boolean> {
  if (!isDrillTable(env, table)) throw new OmnixError(`refusing to delete ${table}: not a drill scratch table`)
  const {DeleteTableCommand} = await import('@aws-sdk/client-dynamodb')
  await client.send(new DeleteTableCommand({TableName: table}))
  emit({type: 'deleted', table, message: `${table} deleted`})
  return true
}

/** Finds (and unless dry-run deletes) the scratch tables earlier drills left behind. */
async function cleanLeftovers(
  client: DynamoDBClient,
  env: string,
  dryRun: boolean,
  inUse: DrillOptions['inUse'],
  emit: (e: DrillEvent) => void,
): Promise<LeftoverTable[]> {
  const {ListTablesCommand} = await import('@aws-sdk/client-dynamodb')
  const prefix = drillTablePrefix(env)
  const found: string[] = []
  let start: string | undefined
  do {
    const out = await client.send(new ListTablesCommand({ExclusiveStartTableName: start}))
    found.push(...(out.TableNames ?? []).filter((name) => name.startsWith(prefix) && isDrillTable(env, name)))
    start = out.LastEvaluatedTableName
  } while (start)
  const result: LeftoverTable[] = []
  for (const table of found) {
    if (inUse && 'unknown' in inUse) {
      const reason = `cannot tell whether the platform uses it: ${inUse.unknown}`
      emit({type: 'cleanup', table, message: `${table}, left by an earlier drill: kept (${reason})`})
      result.push({table, status: 'kept', reason})
      continue
    }
    if (inUse?.has(table)) {
      const reason = 'a cut-over parameter points the platform at it'
      emit({type: 'cleanup', table, message: `${table}, left by an earlier drill: kept (${reason})`})
      result.push({table, status: 'in-use', reason})
      continue
    }
    if (dryRun) {
      result.push({table, status: 'planned'})
      continue
    }
    try {
      await deleteScratch(client, env, table, () => {})
      emit({type: 'cleanup', table, message: `deleted ${table}, left by an earlier drill`})
      result.push({table, status: 'deleted'})
    } catch (error) {
      // Still restoring (ResourceInUse) or already going: the next drill tries again.
      const status = isAwsError(error, 'ResourceInUseException') ? 'busy' : isAwsError(error, 'ResourceNotFoundException') ? 'deleted' : 'failed'
      const reason = `${(error as Error).name}: ${(error as Error).message}`
      emit({type: 'cleanup', table, message: `${table}, left by an earlier drill: ${status === 'deleted' ? 'already gone' : `not deleted (${reason})`}`})
      result.push({table, status, ...(status === 'deleted' ? {} : {reason})})
    }
  }
  return result
}
