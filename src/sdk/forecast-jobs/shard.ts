/** Runs one shard of a forecast job: the same `forecastProducts` as `omnix forecast run`, then counts it on the job. */
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {NotFoundError, OmnixError} from '../errors.js'
import {forecastProducts, type ForecastProductsResult, forecastTtl} from '../forecast-store/run.js'
import {completeShard, FINAL_STATES, markJobRunning, readJob} from './job-store.js'
import type {ForecastShardMessage} from './messages.js'

export interface ShardRunOptions {
  /** Engine threads (default 1: a worker invocation is one vCPU; see the worker's stack). */
  readonly workers?: number
  /**
   * This is the last delivery the queue makes: a failure is then recorded on the job (shard
   * failed, the reason in its errors) before it is rethrown, so the job ends instead of waiting.
   */
  readonly lastAttempt?: boolean
  readonly now?: Date
}

export interface ShardRunResult {
  readonly job_id: string
  readonly shard: number
  /** `duplicate`: counted by an earlier delivery; the items were written again, identically. */
  readonly counted: 'counted' | 'duplicate'
  readonly run: ForecastProductsResult
}

/** A shard that cannot be completed as sent (e.g. it names a product without history). */
export class ShardFailedError extends OmnixError {
  constructor(message: string) {
    super(message, {code: 'SHARD_FAILED'})
  }
}

export async function runShard(client: DynamoDBClient, env: string, shard: ForecastShardMessage, options: ShardRunOptions = {}): Promise<ShardRunResult> {
  const job = await readJob(client, env, shard.job_id)
  if (!job) throw new NotFoundError(`forecast job ${shard.job_id} not found (shard ${shard.shard} of ${shard.shards})`)
  if (!FINAL_STATES.includes(job.status)) await markJobRunning(client, env, shard.job_id, options.now)
  let run: ForecastProductsResult | undefined
  try {
    run = await forecastProducts(client, {
      env,
      productIds: shard.product_ids,
      horizon: shard.horizon_days,
      method: shard.method ?? 'auto',
      backtest: true,
      write: true,
      createdAt: shard.created_at,
      ttl: forecastTtl(new Date(shard.created_at)),
      workers: options.workers ?? 1,
    })
    // The planner only shards products with history: a shard naming one without is not what was planned.
    if (run.skipped.length > 0) {
      throw new ShardFailedError(`shard ${shard.shard}: ${run.skipped.map((s) => `${s.product_id}: ${s.reason}`).join('; ')}`)
    }
  } catch (error) {
    if (options.lastAttempt) {
      await completeShard(
        client,
        env,
        {
          jobId: shard.job_id,
          shard: shard.shard,
          outcome: 'failed',
          productsDone: run?.products.length ?? 0,
          productsFailed: shard.product_ids.length - (run?.products.length ?? 0),
          productsSkipped: 0,
          skipped: [],
          errors: [(error as Error).message],
        },
        options.now,
      )
    }
    throw error
  }
  const counted = await completeShard(
    client,
    env,
    {
      jobId: shard.job_id,
      shard: shard.shard,
      outcome: 'done',
      productsDone: run.products.length,
      productsFailed: run.failed.length,
      productsSkipped: 0,
      skipped: [],
      errors: run.failed.map((f) => `${f.product_id}: ${f.reason}`),
    },
    options.now,
  )
  return {job_id: shard.job_id, shard: shard.shard, counted, run}
}
