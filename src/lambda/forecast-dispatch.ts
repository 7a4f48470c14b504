/**
 * Where `POST /v1/forecasts/generate` hands its job: deployed, the forecasting queue (the worker
 * plans and runs it); under `omnix local api`, an in-process run of the same planner and shards.
 */
import {SendMessageCommand, SQSClient} from '@aws-sdk/client-sqs'

import type {ForecastJobMessage} from '../sdk/forecast-jobs/messages.js'

export type ForecastJobDispatcher = (job: ForecastJobMessage, env: string) => Promise<void>

let sqs: SQSClient | undefined

const toQueue: ForecastJobDispatcher = async (job) => {
  const queueUrl = process.env.FORECASTING_QUEUE_URL
  if (!queueUrl) throw new Error('environment variable FORECASTING_QUEUE_URL is not set')
  sqs ??= new SQSClient({})
  await sqs.send(new SendMessageCommand({QueueUrl: queueUrl, MessageBody: JSON.stringify(job)}))
}

let current: ForecastJobDispatcher = toQueue

export function dispatchForecastJob(job: ForecastJobMessage, env: string): Promise<void> {
  return current(job, env)
}

/** Replaces the queue (the local API runs jobs in-process); no argument restores it. Returns the previous one. */
export function setForecastJobDispatcher(next?: ForecastJobDispatcher): ForecastJobDispatcher {
  const previous = current
  current = next ?? toQueue
  return previous
}
