import type {LockOwner, MigrationState, StateStore} from './checkpoint.js'
import type {BackupResult, CutoverResult, TableStatus} from './report.js'

export interface TableProgress {
  readonly source: string
  readonly target: string
  readonly status: TableStatus
  readonly copied: number
  /** Segments finished out of the total (0/0 before the copy starts). */
  readonly segments: string
  readonly backup?: BackupResult['status']
  /** undefined until verified or failed. */
  readonly verified?: boolean
  readonly durationMs: number
}

export interface MigrationStatus {
  readonly location: string
  readonly env: string
  readonly planId: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly finished: boolean
  readonly tables: readonly TableProgress[]
  readonly counts: {readonly pending: number; readonly copying: number; readonly copied: number; readonly verified: number; readonly failed: number; readonly deleted: number}
  readonly targetsCreated: readonly string[]
  readonly cutover?: CutoverResult
  /** Set while a run holds the lock. */
  readonly runningBy?: LockOwner
}

export function statusOf(state: MigrationState, location: string, holder?: LockOwner): MigrationStatus {
  const counts = {pending: 0, copying: 0, copied: 0, verified: 0, failed: 0, deleted: 0}
  for (const t of state.tables) counts[t.status]++
  return {
    location,
    env: state.env,
    planId: state.planId,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    finished: state.finishedAt !== undefined,
    tables: state.tables.map((t) => ({
      source: t.source,
      target: t.target,
      status: t.status,
      copied: t.copied,
      segments: `${t.segments.filter((s) => s.done).length}/${t.totalSegments}`,
      ...(t.backup ? {backup: t.backup.status} : {}),
      ...(t.verify ? {verified: t.verify.verified} : {}),
      durationMs: t.copyMs,
    })),
    counts,
    targetsCreated: state.targetsCreated,
    ...(state.cutover ? {cutover: state.cutover} : {}),
    ...(holder ? {runningBy: holder} : {}),
  }
}

/** What is done, pending and verified, from the checkpoint alone (no table is read). */
export async function migrationStatus(store: StateStore): Promise<MigrationStatus | undefined> {
  const state = await store.load()
  if (!state) return undefined
  return statusOf(state, store.location, await store.lockHolder())
}
