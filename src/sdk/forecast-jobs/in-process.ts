/**
 * Runs a job on this machine with the worker's own planner and shard code, without a queue
 * (`omnix local api`, the benchmark): plan, then every shard, `concurrency` at a time.
 */
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {type JobStatus, readJob} from './job-store.js'
import type {ForecastJobMessage} from './messages.js'
import {type JobPlan, planJob, type PlanOptions} from './planner.js'
import {runShard} from './shard.js'

export interface InProcessJob {
  readonly plan: JobPlan
  /** Settles with the job's final state once every shard has run. */
  readonly finished: Promise<JobStatus>
}

export async function startJobInProcess(
  client: DynamoDBClient,
  env: string,
  message: ForecastJobMessage,
  options: PlanOptions & {concurrency?: number; workers?: number} = {},
): Promise<InProcessJob> {
  const plan = await planJob(client, env, message, {shardSize: options.shardSize, now: options.now})
  const finished = (async () => {
    const {default: pLimit} = await import('p-limit')
    const limit = pLimit(Math.max(1, options.concurrency ?? 1))
    await Promise.all(
      plan.shards.map((shard) =>
        limit(async () => {
          // No queue re-delivers here: each shard gets its one and last attempt.
          await runShard(client, env, shard, {workers: options.workers ?? 1, lastAttempt: true}).catch(() => {})
        }),
      ),
    )
    return (await readJob(client, env, message.job_id)) as JobStatus
  })()
  return {plan, finished}
}
