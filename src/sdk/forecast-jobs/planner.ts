/**
 * Plans a forecast job into shards: finds the products (`all` uses the same discovery as
 * `omnix forecast run --all`), sets aside those with nothing to forecast from, with the reason,
 * and cuts the rest into shards of `shardSize` products that one worker invocation forecasts.
 */
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {FORECASTING_KEYS, tableName} from '../catalog/tables.js'
import {discoverProducts, NO_SALES_IN_CATALOG} from '../forecast-store/history.js'
import type {SkippedProduct} from '../forecast-store/run.js'
import {createJob, type JobStatus} from './job-store.js'
import {FORECAST_SHARD_TYPE, type ForecastJobMessage, type ForecastShardMessage} from './messages.js'

/**
 * Products per shard. Measured (bench/forecast-remote.mjs, 2,000 products x 3 years): 13-18 ms of
 * CPU and about 31 ms of wall time per product in one invocation (auto method with backtest, reads
 * and writes included); a shard of 200 took 5.4 s (median), so even at twice that cost it stays a
 * tenth of the worker's 120 s timeout.
 */
export const DEFAULT_SHARD_SIZE = 200

/** Why a named product is left out of a job. */
export const NO_SALES_HISTORY = 'no sales history (unknown product)'

export interface JobPlan {
  /** False when the job existed already (its message was delivered again). */
  readonly created: boolean
  readonly job: JobStatus
  readonly shards: ForecastShardMessage[]
  readonly skipped: SkippedProduct[]
}

export interface PlanOptions {
  readonly shardSize?: number
  readonly now?: Date
  /** Concurrent existence checks for a named product list (default 16). */
  readonly concurrency?: number
}

export async function planJob(client: DynamoDBClient, env: string, message: ForecastJobMessage, options: PlanOptions = {}): Promise<JobPlan> {
  const now = options.now ?? new Date()
  const shardSize = Math.max(1, Math.floor(options.shardSize ?? DEFAULT_SHARD_SIZE))
  const table = tableName(env, 'forecasting')
  let requested: string[]
  let skipped: SkippedProduct[]
  let forecastable: string[]
  if (message.product_ids === 'all') {
    const found = await discoverProducts(client, {products: tableName(env, 'products'), forecasting: table})
    const without = new Set(found.withoutSales)
    requested = found.productIds
    forecastable = requested.filter((id) => !without.has(id))
    skipped = found.withoutSales.map((product_id) => ({product_id, reason: NO_SALES_IN_CATALOG}))
  } else {
    requested = [...new Set(message.product_ids)].sort()
    const has = await withSales(client, table, requested, options.concurrency ?? 16)
    forecastable = requested.filter((id) => has.has(id))
    skipped = requested.filter((id) => !has.has(id)).map((product_id) => ({product_id, reason: NO_SALES_HISTORY}))
  }
  const chunks: string[][] = []
  for (let i = 0; i < forecastable.length; i += shardSize) chunks.push(forecastable.slice(i, i + shardSize))
  const {created, job} = await createJob(
    client,
    env,
    {
      job_id: message.job_id,
      requested_at: message.requested_at,
      requested_by: message.requested_by,
      horizon_days: message.horizon_days,
      method: message.method ?? 'auto',
      created_at: now.toISOString(),
      products_requested: requested.length,
      products_total: forecastable.length,
      shards_total: chunks.length,
      skipped,
    },
    now,
  )
  // A job planned before keeps its clock, so re-sent shards write the same items. Should the
  // products have changed since, its shards are not re-cut: the ones sent first stand.
  const cut = created || chunks.length === job.shards_total ? chunks : []
  const shards: ForecastShardMessage[] = cut.map((product_ids, i) => ({
    type: FORECAST_SHARD_TYPE,
    job_id: message.job_id,
    shard: i + 1,
    shards: chunks.length,
    product_ids,
    horizon_days: message.horizon_days,
    ...(message.method ? {method: message.method} : {}),
    created_at: job.created_at,
  }))
  return {created, job, shards, skipped}
}

/** The subset of `ids` with at least one sales record (one key-only query each). */
async function withSales(client: DynamoDBClient, table: string, ids: readonly string[], concurrency: number): Promise<Set<string>> {
  const {QueryCommand} = await import('@aws-sdk/client-dynamodb')
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(concurrency)
  const found = new Set<string>()
  await Promise.all(
    ids.map((id) =>
      limit(async () => {
        const out = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: {':pk': {S: FORECASTING_KEYS.salesPk(id)}},
            ProjectionExpression: 'PK',
            Limit: 1,
          }),
        )
        if ((out.Items ?? []).length > 0) found.add(id)
      }),
    ),
  )
  return found
}
