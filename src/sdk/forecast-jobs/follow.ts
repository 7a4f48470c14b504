/** Following a job's status item until it ends. */
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {NotFoundError} from '../errors.js'
import {FINAL_STATES, type JobStatus, readJob} from './job-store.js'

export interface FollowOptions {
  /** Pause between reads (default 5 s). */
  readonly intervalMs?: number
  /** How long a job may stay unplanned (no status item yet) before giving up (default 10 min). */
  readonly planTimeoutMs?: number
  readonly onUpdate?: (job: JobStatus) => void
  readonly sleep?: (ms: number) => Promise<void>
  readonly clock?: () => number
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Reads the job until it is done or failed and returns its last state. */
export async function followJob(client: DynamoDBClient, env: string, jobId: string, options: FollowOptions = {}): Promise<JobStatus> {
  const sleep = options.sleep ?? realSleep
  const clock = options.clock ?? Date.now
  const interval = options.intervalMs ?? 5000
  const started = clock()
  for (;;) {
    const job = await readJob(client, env, jobId)
    if (job) {
      options.onUpdate?.(job)
      if (FINAL_STATES.includes(job.status)) return job
    } else if (clock() - started > (options.planTimeoutMs ?? 600_000)) {
      throw new NotFoundError(`forecast job ${jobId} was not planned within ${Math.round((options.planTimeoutMs ?? 600_000) / 1000)} s`, 'check the forecast worker\'s logs and the forecasting queue\'s dead-letter queue')
    }
    await sleep(interval)
  }
}
