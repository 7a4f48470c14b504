import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import type {KeyProblem} from '../migration/report.js'
import {verifyTarget} from '../migration/verify.js'

export interface RestoreVerification {
  /** Items in the restored table (the source as of the restore point). */
  readonly restoredCount: number
  /** Items in the source now. */
  readonly sourceCount: number
  /** Order-independent content hash of the restored items (the migration's hash). */
  readonly restoredHash: string
  /** The same hash over the source's items that have a key the restore point had. */
  readonly sourceHash: string
  /** Restored and source hold exactly the same items. */
  readonly exact: boolean
  /** Differences explained only by writes to the source since the restore point (or a bad restore). */
  readonly drift: {readonly added: number; readonly removed: number; readonly changed: number}
  readonly verified: boolean
  readonly firstDifferences: readonly KeyProblem[]
  readonly durationMs: number
}

/**
 * Checks a restored table against its source with the migration's count and order-independent
 * content hash. The restored items are the expected side; source items whose key the restore
 * point did not have were added since. A quiet source verifies exactly; for a live one, up to
 * `maxDrift` items written since the restore point are tolerated and reported.
 */
export async function verifyRestore(
  client: DynamoDBClient,
  restored: string,
  source: {readonly name: string; readonly keys: readonly string[]},
  options: {readonly maxDrift?: number; readonly segments?: number; readonly now?: () => number} = {},
): Promise<RestoreVerification> {
  let added = 0
  const [result] = await verifyTarget(client, source, [{source: restored, transform: (item) => item}], {
    segments: options.segments,
    now: options.now,
    onUnclaimed: () => {
      added++
    },
  })
  const drift = {added, removed: result.missing, changed: result.different}
  const exact = result.verified && added === 0
  return {
    restoredCount: result.sourceCount,
    sourceCount: result.targetCount + added,
    restoredHash: result.sourceHash,
    sourceHash: result.targetHash,
    exact,
    drift,
    verified: exact || drift.added + drift.removed + drift.changed <= (options.maxDrift ?? 0),
    firstDifferences: result.firstDifferences,
    durationMs: result.durationMs,
  }
}
