import type {DynamoDBClient, ScanCommandOutput} from '@aws-sdk/client-dynamodb'

import type {Item} from './items.js'

/**
 * Items per Scan page. Full 1 MB pages take 10-16 s each on DynamoDB Local; about 1000 items keeps
 * every segment's pages short so that writes and checkpoints follow closely.
 */
export const DEFAULT_SCAN_LIMIT = 1000
export const DEFAULT_SEGMENTS = 4

export interface ScanPage {
  readonly segment: number
  readonly items: Item[]
  /** Where the next page starts; undefined when the segment is finished. */
  readonly lastKey?: Item
}

export interface SegmentScan {
  readonly table: string
  readonly segment: number
  readonly totalSegments: number
  readonly limit?: number
  /** Resume point (a checkpointed LastEvaluatedKey). */
  readonly startKey?: Item
  readonly consistentRead?: boolean
}

/**
 * Scans one segment page by page. The next page is requested while `onPage` handles the current
 * one, and `onPage` of a segment runs strictly in order, so a checkpoint written after `onPage`
 * resolves always names a key whose predecessors are all handled.
 */
export async function scanSegment(client: DynamoDBClient, scan: SegmentScan, onPage: (page: ScanPage) => Promise<void>): Promise<void> {
  const {ScanCommand} = await import('@aws-sdk/client-dynamodb')
  const request = (start?: Item): Promise<ScanCommandOutput> =>
    client.send(
      new ScanCommand({
        TableName: scan.table,
        Segment: scan.segment,
        TotalSegments: scan.totalSegments,
        Limit: scan.limit ?? DEFAULT_SCAN_LIMIT,
        ExclusiveStartKey: start,
        ConsistentRead: scan.consistentRead,
      }),
    )
  let next: Promise<ScanCommandOutput> | undefined = request(scan.startKey)
  while (next) {
    const page: ScanCommandOutput = await next
    const lastKey = page.LastEvaluatedKey && Object.keys(page.LastEvaluatedKey).length > 0 ? page.LastEvaluatedKey : undefined
    next = lastKey ? request(lastKey) : undefined
    // A failed page handler must not leave the prefetched request's rejection unobserved.
    next?.catch(() => {})
    await onPage({segment: scan.segment, items: page.Items ?? [], lastKey})
  }
}

/**
 * Scans all segments of a table in parallel (each resumable on its own). When one segment fails
 * the others stop after their current page, and the first error is thrown once all have stopped,
 * so nothing keeps writing behind the caller's back.
 */
export async function scanTable(
  client: DynamoDBClient,
  options: {table: string; totalSegments: number; limit?: number; consistentRead?: boolean; startKeys?: readonly (Item | undefined)[]; skip?: readonly boolean[]},
  onPage: (page: ScanPage) => Promise<void>,
): Promise<void> {
  const segments = Array.from({length: options.totalSegments}, (_, i) => i).filter((i) => !options.skip?.[i])
  let failed = false
  const outcomes = await Promise.allSettled(
    segments.map((segment) =>
      scanSegment(
        client,
        {table: options.table, segment, totalSegments: options.totalSegments, limit: options.limit, startKey: options.startKeys?.[segment], consistentRead: options.consistentRead},
        async (page) => {
          if (failed) throw new Error('stopped: another segment failed')
          try {
            await onPage(page)
          } catch (error) {
            failed = true
            throw error
          }
        },
      ).catch((error) => {
        failed = true
        throw error
      }),
    ),
  )
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !/^stopped: another segment failed/.test(String(o.reason?.message)))
  if (rejected) throw rejected.reason
}
