import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {tableDefinition} from '../catalog/tables.js'
import {ensureCatalogTable} from '../dynamodb/catalog-tables.js'
import {OmnixError} from '../errors.js'
import {backupTable} from './backup.js'
import {type MigrationState, type StateStore, type TableCheckpoint, CheckpointWriter} from './checkpoint.js'
import {mapLimit} from './concurrency.js'
import {BatchCopier, type CopierOptions, type CopyStats} from './copier.js'
import {decodeItem, encodeItem, type Item, keyString} from './items.js'
import type {MigrationPlan, PlanCopy} from './plan.js'
import type {BackupResult, CutoverResult, MigrationReport, TableReport} from './report.js'
import {DEFAULT_SCAN_LIMIT, DEFAULT_SEGMENTS, scanTable} from './scanner.js'
import {compileTransforms, TransformError} from './transforms.js'
import {verifyCopies} from './verify.js'

export interface MigrationClients {
  /** Scans, describes, creates and deletes (SDK retries on). */
  readonly read: DynamoDBClient
  /** BatchWriteItem only; built with maxAttempts 1 so the copier sees and adapts to every throttle. */
  readonly write: DynamoDBClient
}

export type MigrationPhase = 'create-targets' | 'backup' | 'copy' | 'verify' | 'cutover' | 'delete'

export type MigrationEvent =
  | {readonly type: 'phase'; readonly phase: MigrationPhase; readonly message: string}
  | {readonly type: 'table'; readonly source: string; readonly target: string; readonly total: number; readonly copied: number}
  | {
      readonly type: 'progress'
      readonly source: string
      readonly copied: number
      readonly total: number
      readonly overallCopied: number
      readonly overallTotal: number
    }
  | {readonly type: 'table-done'; readonly source: string; readonly copied: number; readonly durationMs: number}
  | {readonly type: 'note'; readonly message: string}

export interface RunMigrationOptions extends Pick<CopierOptions, 'sleep' | 'random' | 'now'> {
  readonly plan: MigrationPlan
  readonly clients: MigrationClients
  /** Required unless dryRun. */
  readonly store?: StateStore
  readonly dryRun?: boolean
  /** Parallel Scan segments per table (a resumed table keeps the count it started with). */
  readonly segments?: number
  readonly scanLimit?: number
  readonly maxWcu?: number
  readonly maxConcurrency?: number
  /** Tables copied at the same time. Default 2. */
  readonly tableConcurrency?: number
  /** Takes one source's backup. Default: CreateBackup + wait for AVAILABLE. */
  readonly backup?: (table: string) => Promise<BackupResult>
  /** Points the services at the new tables once every copy verified. */
  readonly cutover?: () => Promise<CutoverResult>
  /** Delete each verified source, after `confirmDelete` agrees. */
  readonly deleteSources?: boolean
  readonly confirmDelete?: (tables: readonly string[]) => Promise<boolean>
  /** Discard an unfinished checkpoint of a different plan instead of refusing. */
  readonly restart?: boolean
  readonly onEvent?: (event: MigrationEvent) => void
}

export class PlanChangedError extends OmnixError {
  constructor(location: string, state: MigrationState, planId: string) {
    super(
      `${location} holds an unfinished migration of a different plan (${state.planId}, started ${state.createdAt}); this plan is ${planId}`,
      {code: 'PLAN_CHANGED', suggestion: 'finish it by running with the same mapping, or pass --restart to discard its progress (targets are overwritten idempotently)'},
    )
  }
}

/**
 * Runs a plan: creates missing targets from the catalog, backs up every source, copies with
 * parallel scans and batch writes while checkpointing each segment, verifies, cuts over and
 * (if asked and confirmed) deletes verified sources. Resumes a checkpoint of the same plan; a
 * second concurrent run on the same state refuses.
 */
export async function runMigration(options: RunMigrationOptions): Promise<MigrationReport> {
  const {plan} = options
  const now = options.now ?? Date.now
  const started = now()
  const emit = options.onEvent ?? (() => {})
  if (options.dryRun) return dryRunReport(plan, started, now)
  if (options.deleteSources && !options.confirmDelete) throw new OmnixError('deleteSources needs a confirmDelete callback', {code: 'USAGE', exitCode: 2})
  const store = options.store
  if (!store) throw new OmnixError('runMigration needs a state store unless dryRun', {code: 'USAGE', exitCode: 2})

  const lock = await store.acquireLock()
  let saver: CheckpointWriter | undefined
  try {
    const previous = await store.load()
    let state: MigrationState
    let resumed = false
    if (previous && previous.planId === plan.planId && !previous.finishedAt) {
      state = previous
      resumed = true
    } else {
      if (previous && !previous.finishedAt && previous.planId !== plan.planId && !options.restart) throw new PlanChangedError(store.location, previous, plan.planId)
      state = freshState(plan, new Date(started).toISOString())
    }
    const checkpoint = new CheckpointWriter(store, state)
    saver = checkpoint
    await checkpoint.flush()

    for (const copy of plan.copies) {
      if (!state.tables.some((t) => t.source === copy.source)) state.tables.push(freshTable(copy))
    }
    // A table whose copy failed verification is copied again from the start.
    for (const t of state.tables) {
      if (t.status === 'failed') resetTable(t)
    }

    await createTargets(options, state, emit)
    await checkpoint.flush()

    await backupSources(options, state, emit)
    await checkpoint.flush()

    const copier = new BatchCopier(options.clients.write, {
      maxWcu: options.maxWcu,
      maxConcurrency: options.maxConcurrency,
      sleep: options.sleep,
      random: options.random,
      now: options.now,
    })
    const overallTotal = plan.copies.reduce((n, c) => n + Math.max(c.itemCount, tableState(state, c).copied), 0)
    let overallCopied = state.tables.reduce((n, t) => n + t.copied, 0)
    emit({type: 'phase', phase: 'copy', message: `copying ${plan.copies.length} tables`})
    // Small tables finish faster side by side; the copier's shared limit keeps the engine's load in check.
    const toCopy = plan.copies.filter((c) => ['pending', 'copying'].includes(tableState(state, c).status))
    await mapLimit(toCopy, Math.max(1, options.tableConcurrency ?? 2), async (copy) => {
      const t = tableState(state, copy)
      emit({type: 'table', source: copy.source, target: copy.target, total: copy.itemCount, copied: t.copied})
      let live = t.copied
      await copyTable(copy, t, {
        options,
        copier,
        checkpoint,
        onProgress: (n) => {
          live += n
          overallCopied += n
          emit({type: 'progress', source: copy.source, copied: live, total: Math.max(copy.itemCount, live), overallCopied, overallTotal: Math.max(overallTotal, overallCopied)})
        },
        now,
      })
      emit({type: 'table-done', source: copy.source, copied: t.copied, durationMs: t.copyMs})
      checkpoint.touch()
    })
    await checkpoint.flush()

    emit({type: 'phase', phase: 'verify', message: 'verifying every target against its sources'})
    const toVerify = plan.copies.filter((c) => tableState(state, c).status === 'copied' || tableState(state, c).status === 'verified')
    const results = await verifyCopies(options.clients.read, toVerify, {segments: options.segments, limit: options.scanLimit, now})
    for (const result of results) {
      const t = state.tables.find((x) => x.source === result.source)!
      t.verify = result
      t.status = result.verified ? 'verified' : 'failed'
    }
    await checkpoint.flush()

    const copiesVerified = plan.copies.every((c) => tableState(state, c).status === 'verified')
    if (copiesVerified && options.cutover) {
      emit({type: 'phase', phase: 'cutover', message: 'cut-over: pointing the services at the catalog tables'})
      state.cutover = await options.cutover()
      await checkpoint.flush()
    }

    const deleted: string[] = []
    if (options.deleteSources) {
      const verified = plan.copies.filter((c) => tableState(state, c).status === 'verified').map((c) => c.source)
      if (verified.length > 0) {
        emit({type: 'phase', phase: 'delete', message: `deleting ${verified.length} verified sources`})
        if (await options.confirmDelete!(verified)) {
          const {DeleteTableCommand} = await import('@aws-sdk/client-dynamodb')
          for (const source of verified) {
            await options.clients.read.send(new DeleteTableCommand({TableName: source}))
            state.tables.find((t) => t.source === source)!.status = 'deleted'
            deleted.push(source)
            await checkpoint.flush()
          }
        } else {
          emit({type: 'note', message: 'sources kept: deletion not confirmed'})
        }
      }
    }

    if (plan.copies.every((c) => ['verified', 'deleted'].includes(tableState(state, c).status))) state.finishedAt = new Date(now()).toISOString()
    await checkpoint.flush()
    return buildReport(plan, state, {started, now, resumed, location: store.location, deleted})
  } catch (error) {
    // Keep whatever progress was made before the failure: the next run resumes from it.
    await saver?.flush().catch(() => {})
    throw error
  } finally {
    await lock.release()
  }
}

function freshState(plan: MigrationPlan, at: string): MigrationState {
  return {version: 1, planId: plan.planId, env: plan.env, createdAt: at, updatedAt: at, targetsCreated: [], tables: plan.copies.map(freshTable)}
}

function freshTable(copy: PlanCopy): TableCheckpoint {
  return {source: copy.source, target: copy.target, status: 'pending', totalSegments: 0, segments: [], copied: 0, rejected: 0, retries: 0, throttles: 0, unprocessed: 0, copyMs: 0}
}

function resetTable(t: TableCheckpoint): void {
  Object.assign(t, {status: 'pending', totalSegments: 0, segments: [], copied: 0, rejected: 0, copyMs: 0, verify: undefined})
}

function tableState(state: MigrationState, copy: PlanCopy): TableCheckpoint {
  return state.tables.find((t) => t.source === copy.source)!
}

async function createTargets(options: RunMigrationOptions, state: MigrationState, emit: (e: MigrationEvent) => void): Promise<void> {
  const missing = options.plan.targets.filter((t) => !t.exists)
  if (missing.length === 0) return
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  emit({type: 'phase', phase: 'create-targets', message: `creating ${missing.map((t) => t.name).join(', ')} from the catalog`})
  for (const target of missing) {
    const result = await ensureCatalogTable(options.clients.read, tableDefinition(target.id), target.name, CREATE_TARGET_OPTIONS(sleep))
    if (result.action === 'created' && !state.targetsCreated.includes(target.name)) state.targetsCreated.push(target.name)
  }
}

/** AWS takes seconds to create a table (local engines none): poll once a second, for up to ten minutes. */
const CREATE_TARGET_OPTIONS = (sleep: (ms: number) => Promise<void>) => ({ttlSupported: true, sleep, pollMs: 1000, waitLimitMs: 600_000})

async function backupSources(options: RunMigrationOptions, state: MigrationState, emit: (e: MigrationEvent) => void): Promise<void> {
  const pending = state.tables.filter((t) => (t.status === 'pending' || t.status === 'copying') && !t.backup)
  if (pending.length === 0) return
  emit({type: 'phase', phase: 'backup', message: `backing up ${pending.length} source tables`})
  const take = options.backup ?? ((table: string) => backupTable(options.clients.read, table, {sleep: options.sleep, now: options.now}))
  await mapLimit(pending, 4, async (t) => {
    t.backup = await take(t.source)
  })
  const unsupported = pending.filter((t) => t.backup?.status === 'unsupported')
  if (unsupported.length > 0) emit({type: 'note', message: `no backups taken: ${(unsupported[0].backup as {reason: string}).reason}`})
}

interface CopyContext {
  readonly options: RunMigrationOptions
  readonly copier: BatchCopier
  readonly checkpoint: CheckpointWriter
  readonly onProgress: (n: number) => void
  readonly now: () => number
}

async function copyTable(copy: PlanCopy, t: TableCheckpoint, ctx: CopyContext): Promise<void> {
  const {options, copier, checkpoint} = ctx
  if (t.segments.length === 0) {
    t.totalSegments = Math.max(1, options.segments ?? DEFAULT_SEGMENTS)
    t.segments = Array.from({length: t.totalSegments}, () => ({done: false, copied: 0}))
  }
  t.status = 'copying'
  checkpoint.touch()
  const transform = compileTransforms(copy.transforms)
  const stats: CopyStats = {written: 0, batches: 0, retries: 0, throttles: 0, unprocessed: 0, wcu: 0}
  const started = ctx.now()
  const flushStats = () => {
    t.retries += stats.retries
    t.throttles += stats.throttles
    t.unprocessed += stats.unprocessed
    stats.retries = stats.throttles = stats.unprocessed = 0
  }
  try {
    await scanTable(
      options.clients.read,
      {
        table: copy.source,
        totalSegments: t.totalSegments,
        limit: options.scanLimit ?? DEFAULT_SCAN_LIMIT,
        startKeys: t.segments.map((s) => (s.lastKey ? decodeItem(s.lastKey) : undefined)),
        skip: t.segments.map((s) => s.done),
      },
      async (page) => {
        const out: Item[] = []
        let rejected = 0
        for (const raw of page.items) {
          try {
            out.push(transform(raw))
          } catch (error) {
            if (!(error instanceof TransformError)) throw error
            rejected++
            if (t.rejected + rejected <= 10) {
              ctx.options.onEvent?.({type: 'note', message: `${copy.source}: item ${keyString(raw, copy.sourceKeys.map((k) => k.name))} not copied: ${error.message}`})
            }
          }
        }
        await copier.write(copy.target, copy.targetKeys, out, stats, ctx.onProgress)
        // Only now is every item up to page.lastKey stored: the checkpoint may move past it.
        const segment = t.segments[page.segment]
        segment.copied += out.length
        segment.lastKey = page.lastKey ? encodeItem(page.lastKey) : undefined
        segment.done = page.lastKey === undefined
        t.copied += out.length
        t.rejected += rejected
        flushStats()
        checkpoint.touch()
      },
    )
  } finally {
    flushStats()
    t.copyMs += ctx.now() - started
  }
  t.status = 'copied'
  checkpoint.touch()
}

function dryRunReport(plan: MigrationPlan, started: number, now: () => number): MigrationReport {
  const tables: TableReport[] = plan.copies.map((c) => ({
    source: c.source,
    target: c.target,
    status: 'would-copy',
    planned: c.itemCount,
    copied: 0,
    durationMs: 0,
    itemsPerSecond: 0,
    retries: 0,
    throttles: 0,
    unprocessed: 0,
    rejected: 0,
    deleted: false,
  }))
  return {
    env: plan.env,
    planId: plan.planId,
    dryRun: true,
    resumed: false,
    startedAt: new Date(started).toISOString(),
    durationMs: now() - started,
    targetsCreated: [],
    tables,
    totals: {tables: tables.length, copied: 0, itemsPerSecond: 0, retries: 0, throttles: 0, unprocessed: 0, verified: 0, failed: 0},
    verified: false,
    deleted: [],
    warnings: [...plan.warnings, `dry run: nothing written; would create ${plan.targets.filter((t) => !t.exists).map((t) => t.name).join(', ') || 'no tables'}`],
  }
}

function buildReport(
  plan: MigrationPlan,
  state: MigrationState,
  ctx: {started: number; now: () => number; resumed: boolean; location: string; deleted: string[]},
): MigrationReport {
  const tables: TableReport[] = plan.copies.map((c) => {
    const t = tableState(state, c)
    return {
      source: c.source,
      target: c.target,
      status: t.status,
      planned: c.itemCount,
      copied: t.copied,
      durationMs: t.copyMs,
      itemsPerSecond: t.copyMs > 0 ? Math.round((t.copied / t.copyMs) * 1000) : 0,
      retries: t.retries,
      throttles: t.throttles,
      unprocessed: t.unprocessed,
      rejected: t.rejected,
      ...(t.backup ? {backup: t.backup} : {}),
      ...(t.verify ? {verify: t.verify} : {}),
      deleted: t.status === 'deleted',
    }
  })
  const durationMs = ctx.now() - ctx.started
  const copyMs = tables.reduce((n, t) => n + t.durationMs, 0)
  const copied = tables.reduce((n, t) => n + t.copied, 0)
  const verifiedCount = tables.filter((t) => t.verify?.verified).length
  const warnings = [...plan.warnings]
  const rejected = tables.filter((t) => t.rejected > 0)
  if (rejected.length > 0) warnings.push(`items not copied (transform failed): ${rejected.map((t) => `${t.source} ${t.rejected}`).join(', ')}`)
  return {
    env: plan.env,
    planId: plan.planId,
    dryRun: false,
    resumed: ctx.resumed,
    stateLocation: ctx.location,
    startedAt: new Date(ctx.started).toISOString(),
    durationMs,
    targetsCreated: state.targetsCreated,
    tables,
    totals: {
      tables: tables.length,
      copied,
      itemsPerSecond: copyMs > 0 ? Math.round((copied / copyMs) * 1000) : 0,
      retries: tables.reduce((n, t) => n + t.retries, 0),
      throttles: tables.reduce((n, t) => n + t.throttles, 0),
      unprocessed: tables.reduce((n, t) => n + t.unprocessed, 0),
      verified: verifiedCount,
      failed: tables.filter((t) => t.status === 'failed').length,
    },
    verified: tables.every((t) => t.verify?.verified === true),
    ...(state.cutover ? {cutover: state.cutover} : {}),
    deleted: ctx.deleted,
    warnings,
  }
}
