/** Shapes `migrate-tables` returns (and prints with --json). */

export type BackupResult =
  | {readonly table: string; readonly status: 'available'; readonly backupName: string; readonly backupArn: string; readonly durationMs: number}
  /** The engine has no on-demand backups (DynamoDB Local, dynalite): said, not silently skipped. */
  | {readonly table: string; readonly status: 'unsupported'; readonly reason: string}

export interface KeyProblem {
  /** The target key, e.g. `PK=SALES#COF-001,SK=DATE#2024-01-31`. */
  readonly key: string
  readonly problem: 'missing' | 'different' | 'collision' | 'untransformable'
  readonly detail?: string
}

export interface VerifyResult {
  readonly source: string
  readonly target: string
  readonly verified: boolean
  /** Items in the source. */
  readonly sourceCount: number
  /** Items in the target under the keys the source's items map to. */
  readonly targetCount: number
  /** Order-independent: sum mod 2^256 of SHA-256 over each (transformed) item's canonical form. */
  readonly sourceHash: string
  readonly targetHash: string
  readonly missing: number
  readonly different: number
  /** Source items whose target key another item (of this or another source) also maps to. */
  readonly collisions: number
  /** Source items the transforms cannot be applied to. */
  readonly untransformable: number
  /** The first differing keys (at most 10). */
  readonly firstDifferences: readonly KeyProblem[]
  readonly durationMs: number
}

export type TableStatus = 'pending' | 'copying' | 'copied' | 'verified' | 'failed' | 'deleted'

export interface TableReport {
  readonly source: string
  readonly target: string
  readonly status: TableStatus | 'would-copy'
  /** Item count the plan saw (DescribeTable). */
  readonly planned: number
  /** Items written (counting pages completed, across resumed runs). */
  readonly copied: number
  readonly durationMs: number
  readonly itemsPerSecond: number
  readonly retries: number
  readonly throttles: number
  readonly unprocessed: number
  /** Items the transforms could not be applied to (not written). */
  readonly rejected: number
  readonly backup?: BackupResult
  readonly verify?: VerifyResult
  readonly deleted: boolean
}

export interface CutoverParameter {
  readonly name: string
  readonly value: string
  readonly previous?: string
  readonly changed: boolean
}

export interface CutoverResult {
  readonly status: 'written' | 'skipped'
  readonly reason?: string
  readonly parameters: readonly CutoverParameter[]
}

export interface MigrationReport {
  readonly env: string
  readonly planId: string
  readonly dryRun: boolean
  /** True when this run continued a checkpoint left by an earlier one. */
  readonly resumed: boolean
  readonly stateLocation?: string
  readonly startedAt: string
  readonly durationMs: number
  readonly targetsCreated: readonly string[]
  readonly tables: readonly TableReport[]
  readonly totals: {
    readonly tables: number
    readonly copied: number
    readonly itemsPerSecond: number
    readonly retries: number
    readonly throttles: number
    readonly unprocessed: number
    readonly verified: number
    readonly failed: number
  }
  /** Every copied table verified. */
  readonly verified: boolean
  readonly cutover?: CutoverResult
  readonly deleted: readonly string[]
  readonly warnings: readonly string[]
}
