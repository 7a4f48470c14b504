/**
 * The job status item (`JOB#<id>` / `STATUS` in the forecasting table), one marker per finished
 * shard (`JOB#<id>` / `SHARD#n`) and the index of recent jobs (`JOBS` / `<requested_at>#<id>`).
 *
 * Counters move by atomic ADDs. A shard is counted in the same transaction that writes its marker
 * under `attribute_not_exists`, so a re-delivered shard finds its marker and counts nothing.
 */
import type {AttributeValue, DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {FORECASTING_KEYS, tableName} from '../catalog/tables.js'
import {isAwsError} from '../dynamodb/client.js'
import type {SkippedProduct} from '../forecast-store/run.js'

export type JobState = 'planned' | 'running' | 'done' | 'failed'
export const FINAL_STATES: readonly JobState[] = ['done', 'failed']

/** Days a job's items stay in the table. */
export const JOB_TTL_DAYS = 30
/** Error lines and skipped products kept on the job item (the counts are always exact). */
export const MAX_JOB_ERRORS = 20
export const MAX_JOB_SKIPPED = 100
/** Tries of a shard's transaction that lost to another one on the same job item. */
const CONFLICT_ATTEMPTS = 6

export interface JobStatus {
  readonly job_id: string
  readonly status: JobState
  readonly requested_at: string
  readonly requested_by: string
  readonly horizon_days: number
  readonly method: string
  /** The forecasts' created_at: one clock for every shard. */
  readonly created_at: string
  readonly planned_at: string
  readonly started_at: string | null
  readonly finished_at: string | null
  readonly products_requested: number
  /** Products put into shards (requested minus skipped at planning). */
  readonly products_total: number
  readonly products_done: number
  readonly products_failed: number
  readonly products_skipped: number
  readonly shards_total: number
  readonly shards_done: number
  readonly shards_failed: number
  readonly failed_shards: number[]
  readonly skipped: SkippedProduct[]
  readonly errors: string[]
}

export interface NewJob {
  readonly job_id: string
  readonly requested_at: string
  readonly requested_by: string
  readonly horizon_days: number
  readonly method: string
  readonly created_at: string
  readonly products_requested: number
  readonly products_total: number
  readonly shards_total: number
  readonly skipped: readonly SkippedProduct[]
}

const S = (s: string): AttributeValue => ({S: s})
const N = (n: number): AttributeValue => ({N: String(n)})
const num = (v: AttributeValue | undefined) => (v?.N === undefined ? 0 : Number(v.N))
const str = (v: AttributeValue | undefined) => v?.S ?? null

const jobKey = (jobId: string) => ({PK: S(FORECASTING_KEYS.jobPk(jobId)), SK: S(FORECASTING_KEYS.jobSk)})
const ttlFrom = (now: Date) => Math.floor(now.getTime() / 1000) + JOB_TTL_DAYS * 86_400

function skippedAttribute(list: readonly SkippedProduct[]): AttributeValue {
  return {L: list.map((s) => ({M: {product_id: S(s.product_id), reason: S(s.reason)}}))}
}

export function parseJobItem(item: Record<string, AttributeValue>): JobStatus {
  return {
    job_id: item.job_id?.S ?? '',
    status: (item.status?.S ?? 'planned') as JobState,
    requested_at: item.requested_at?.S ?? '',
    requested_by: item.requested_by?.S ?? '',
    horizon_days: num(item.horizon_days),
    method: item.method?.S ?? 'auto',
    created_at: item.created_at?.S ?? '',
    planned_at: item.planned_at?.S ?? '',
    started_at: str(item.started_at),
    finished_at: str(item.finished_at),
    products_requested: num(item.products_requested),
    products_total: num(item.products_total),
    products_done: num(item.products_done),
    products_failed: num(item.products_failed),
    products_skipped: num(item.products_skipped),
    shards_total: num(item.shards_total),
    shards_done: num(item.shards_done),
    shards_failed: num(item.shards_failed),
    failed_shards: (item.failed_shards?.NS ?? []).map(Number).sort((a, b) => a - b),
    skipped: (item.skipped?.L ?? []).map((s) => ({product_id: s.M?.product_id?.S ?? '', reason: s.M?.reason?.S ?? ''})),
    errors: (item.errors?.L ?? []).map((e) => e.S ?? ''),
  }
}

/**
 * Creates the job's status item and its index entry, once: a job id that exists already (a
 * re-delivered job message) returns the stored job and `created: false`. A job with no shard is
 * done at once.
 */
export async function createJob(client: DynamoDBClient, env: string, job: NewJob, now = new Date()): Promise<{created: boolean; job: JobStatus}> {
  const {TransactWriteItemsCommand} = await import('@aws-sdk/client-dynamodb')
  const table = tableName(env, 'forecasting')
  const at = now.toISOString()
  const empty = job.shards_total === 0
  const item: Record<string, AttributeValue> = {
    ...jobKey(job.job_id),
    job_id: S(job.job_id),
    status: S(empty ? 'done' : 'planned'),
    requested_at: S(job.requested_at),
    requested_by: S(job.requested_by),
    horizon_days: N(job.horizon_days),
    method: S(job.method),
    created_at: S(job.created_at),
    planned_at: S(at),
    ...(empty ? {started_at: S(at), finished_at: S(at)} : {}),
    products_requested: N(job.products_requested),
    products_total: N(job.products_total),
    products_done: N(0),
    products_failed: N(0),
    products_skipped: N(job.skipped.length),
    shards_total: N(job.shards_total),
    shards_pending: N(job.shards_total),
    shards_done: N(0),
    shards_failed: N(0),
    skipped: skippedAttribute(job.skipped.slice(0, MAX_JOB_SKIPPED)),
    errors: {L: []},
    ttl: N(ttlFrom(now)),
  }
  try {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {Put: {TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)'}},
          {
            Put: {
              TableName: table,
              Item: {
                PK: S(FORECASTING_KEYS.jobsIndexPk),
                SK: S(FORECASTING_KEYS.jobsIndexSk(job.requested_at, job.job_id)),
                job_id: S(job.job_id),
                ttl: N(ttlFrom(now)),
              },
            },
          },
        ],
      }),
    )
    return {created: true, job: parseJobItem(item)}
  } catch (error) {
    if (!isAwsError(error, 'TransactionCanceledException')) throw error
    const existing = await readJob(client, env, job.job_id)
    if (!existing) throw error
    return {created: false, job: existing}
  }
}

export async function readJob(client: DynamoDBClient, env: string, jobId: string): Promise<JobStatus | undefined> {
  const {GetItemCommand} = await import('@aws-sdk/client-dynamodb')
  const out = await client.send(new GetItemCommand({TableName: tableName(env, 'forecasting'), Key: jobKey(jobId), ConsistentRead: true}))
  return out.Item ? parseJobItem(out.Item) : undefined
}

/** The most recent jobs, newest first. */
export async function listJobs(client: DynamoDBClient, env: string, options: {limit?: number} = {}): Promise<JobStatus[]> {
  const {QueryCommand} = await import('@aws-sdk/client-dynamodb')
  const out = await client.send(
    new QueryCommand({
      TableName: tableName(env, 'forecasting'),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: {':pk': S(FORECASTING_KEYS.jobsIndexPk)},
      ScanIndexForward: false,
      Limit: options.limit ?? 20,
    }),
  )
  const ids = (out.Items ?? []).map((i) => i.job_id?.S).filter((id): id is string => Boolean(id))
  const jobs = await Promise.all(ids.map((id) => readJob(client, env, id)))
  return jobs.filter((j): j is JobStatus => j !== undefined)
}

/** planned → running, with the first shard's start time; later shards change nothing. */
export async function markJobRunning(client: DynamoDBClient, env: string, jobId: string, now = new Date()): Promise<void> {
  const {UpdateItemCommand} = await import('@aws-sdk/client-dynamodb')
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName(env, 'forecasting'),
        Key: jobKey(jobId),
        UpdateExpression: 'SET #status = :running, started_at = :now',
        ConditionExpression: '#status = :planned',
        ExpressionAttributeNames: {'#status': 'status'},
        ExpressionAttributeValues: {':running': S('running'), ':planned': S('planned'), ':now': S(now.toISOString())},
      }),
    )
  } catch (error) {
    if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error
  }
}

export interface ShardOutcome {
  readonly jobId: string
  readonly shard: number
  readonly outcome: 'done' | 'failed'
  readonly productsDone: number
  readonly productsFailed: number
  readonly productsSkipped: number
  readonly skipped: readonly SkippedProduct[]
  readonly errors: readonly string[]
}

/**
 * Counts a finished (or finally failed) shard on its job, exactly once, then ends the job when it
 * was the last one. Returns `duplicate` for a shard counted before (a re-delivery).
 */
export async function completeShard(client: DynamoDBClient, env: string, outcome: ShardOutcome, now = new Date()): Promise<'counted' | 'duplicate'> {
  const {TransactWriteItemsCommand, UpdateItemCommand} = await import('@aws-sdk/client-dynamodb')
  const table = tableName(env, 'forecasting')
  const failed = outcome.outcome === 'failed'
  const values: Record<string, AttributeValue> = {
    ':one': N(1),
    ':minus': N(-1),
    ':done': N(outcome.productsDone),
    ':failed': N(outcome.productsFailed),
    ':skipped': N(outcome.productsSkipped),
  }
  if (failed) values[':shard'] = {NS: [String(outcome.shard)]}
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: {
                  PK: S(FORECASTING_KEYS.jobPk(outcome.jobId)),
                  SK: S(FORECASTING_KEYS.shardSk(outcome.shard)),
                  outcome: S(outcome.outcome),
                  products_done: N(outcome.productsDone),
                  products_failed: N(outcome.productsFailed),
                  products_skipped: N(outcome.productsSkipped),
                  errors: {L: outcome.errors.map(S)},
                  finished_at: S(now.toISOString()),
                  ttl: N(ttlFrom(now)),
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: table,
                Key: jobKey(outcome.jobId),
                UpdateExpression:
                  `ADD ${failed ? 'shards_failed' : 'shards_done'} :one, shards_pending :minus, products_done :done, products_failed :failed, products_skipped :skipped` +
                  (failed ? ', failed_shards :shard' : ''),
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      )
    } catch (error) {
      const reasons = (error as {CancellationReasons?: {Code?: string}[]}).CancellationReasons
      if (isAwsError(error, 'TransactionCanceledException') && reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'duplicate'
      if (isAwsError(error, 'TransactionCanceledException') && reasons?.[1]?.Code === 'ConditionalCheckFailed') {
        const {NotFoundError} = await import('../errors.js')
        throw new NotFoundError(`forecast job ${outcome.jobId} not found`)
      }
      // Shards of one job finishing together contend for its item; DynamoDB cancels all but one.
      if (isAwsError(error, 'TransactionCanceledException') && reasons?.some((r) => r?.Code === 'TransactionConflict') && attempt < CONFLICT_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt))
        continue
      }
      throw error
    }
    break
  }
  // Details are capped, so they are appended outside the transaction (the counts above are exact).
  const append = async (attribute: 'errors' | 'skipped', list: AttributeValue, cap: number) => {
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: jobKey(outcome.jobId),
          UpdateExpression: `SET ${attribute} = list_append(${attribute}, :list)`,
          ConditionExpression: `size(${attribute}) < :cap`,
          ExpressionAttributeValues: {':list': list, ':cap': N(cap)},
        }),
      )
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error
    }
  }
  if (outcome.errors.length > 0) await append('errors', {L: outcome.errors.map((e) => S(`shard ${outcome.shard}: ${e}`))}, MAX_JOB_ERRORS)
  if (outcome.skipped.length > 0) await append('skipped', skippedAttribute(outcome.skipped), MAX_JOB_SKIPPED)
  await finishJobIfComplete(client, env, outcome.jobId, now)
  return 'counted'
}

/** Sets done (or failed, when a shard failed) once no shard is pending; the first caller wins. */
export async function finishJobIfComplete(client: DynamoDBClient, env: string, jobId: string, now = new Date()): Promise<JobStatus | undefined> {
  const {GetItemCommand, UpdateItemCommand} = await import('@aws-sdk/client-dynamodb')
  const table = tableName(env, 'forecasting')
  const out = await client.send(new GetItemCommand({TableName: table, Key: jobKey(jobId), ConsistentRead: true}))
  if (!out.Item) return undefined
  const job = parseJobItem(out.Item)
  if (num(out.Item.shards_pending) > 0 || FINAL_STATES.includes(job.status)) return job
  const status: JobState = job.shards_failed > 0 ? 'failed' : 'done'
  try {
    const updated = await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: jobKey(jobId),
        UpdateExpression: 'SET #status = :status, finished_at = :now, started_at = if_not_exists(started_at, :now)',
        ConditionExpression: 'shards_pending <= :zero AND #status IN (:planned, :running)',
        ExpressionAttributeNames: {'#status': 'status'},
        ExpressionAttributeValues: {':status': S(status), ':now': S(now.toISOString()), ':zero': N(0), ':planned': S('planned'), ':running': S('running')},
        ReturnValues: 'ALL_NEW',
      }),
    )
    return updated.Attributes ? parseJobItem(updated.Attributes) : job
  } catch (error) {
    if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error
    return readJob(client, env, jobId)
  }
}
