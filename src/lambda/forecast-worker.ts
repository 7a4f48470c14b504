/**
 * The forecasting queue's worker. A job message (`forecast.generate`) is planned into shards sent
 * back to the same queue; a shard message is forecast with the same SDK function as
 * `omnix forecast run` and counted on the job's status item. Each record succeeds or fails on its
 * own (partial batch response), so one bad message never makes the others run again.
 *
 * The engine runs on the calling thread: the function has one vCPU (1769 MB), so worker threads
 * would only share it, and scaling out is Lambda's job (one shard per invocation).
 *
 * Environment: OMNIX_ENV, FORECASTING_QUEUE_URL, optional FORECAST_SHARD_SIZE and MAX_RECEIVE_COUNT
 * (the queue's redrive limit, for recording a shard's last failure on its job). Everything else
 * (region, credentials, AWS_ENDPOINT_URL_DYNAMODB / _SQS) comes from the default AWS SDK chain.
 */
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {SQSClient} from '@aws-sdk/client-sqs'
import {BatchProcessor, EventType, processPartialResponse} from '@aws-lambda-powertools/batch'

import {FINAL_STATES} from '../sdk/forecast-jobs/job-store.js'
import {type ForecastJobMessage, type ForecastShardMessage, parseForecastMessage} from '../sdk/forecast-jobs/messages.js'
import {DEFAULT_SHARD_SIZE, planJob} from '../sdk/forecast-jobs/planner.js'
import {sendShards} from '../sdk/forecast-jobs/queue.js'
import {runShard} from '../sdk/forecast-jobs/shard.js'
import type {LambdaContext} from './api-gateway-event.js'
import type {SqsBatchResponse, SqsEvent, SqsRecord} from './sqs-event.js'
import {applyRuntimeLogLevel} from './runtime-parameters.js'
import {createLogger} from './structured-log.js'

const SERVICE = 'forecasting'
const DEFAULT_MAX_RECEIVE_COUNT = 3

let dynamo: DynamoDBClient | undefined
let sqs: SQSClient | undefined
const db = () => (dynamo ??= new DynamoDBClient({}))
const queue = () => (sqs ??= new SQSClient({}))

/** Test hook: forget the clients, so the next invocation builds them from the environment again. */
export function resetClients(): void {
  dynamo?.destroy()
  sqs?.destroy()
  dynamo = undefined
  sqs = undefined
}

function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}

function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isInteger(value) && value > 0 ? value : fallback
}

async function planAndQueue(env: string, job: ForecastJobMessage, log: ReturnType<typeof createLogger>): Promise<void> {
  const plan = await planJob(db(), env, job, {shardSize: positiveInt('FORECAST_SHARD_SIZE', DEFAULT_SHARD_SIZE)})
  if (FINAL_STATES.includes(plan.job.status) && plan.shards.length > 0) {
    log.info('Job already finished; message ignored', {job_id: job.job_id, status: plan.job.status})
    return
  }
  const sent = plan.shards.length > 0 ? await sendShards(queue(), requiredEnv('FORECASTING_QUEUE_URL'), plan.shards) : 0
  log.info(plan.created ? 'Job planned' : 'Job planned before; shards sent again', {
    job_id: job.job_id,
    products: plan.job.products_total,
    skipped: plan.skipped.length,
    shards: sent,
  })
}

async function forecastShard(env: string, shard: ForecastShardMessage, record: SqsRecord, log: ReturnType<typeof createLogger>): Promise<void> {
  const started = Date.now()
  const receives = Number(record.attributes.ApproximateReceiveCount ?? '1')
  const lastAttempt = receives >= positiveInt('MAX_RECEIVE_COUNT', DEFAULT_MAX_RECEIVE_COUNT)
  const result = await runShard(db(), env, shard, {workers: 1, lastAttempt})
  log.info('Shard forecast', {
    job_id: shard.job_id,
    shard: shard.shard,
    shards: shard.shards,
    products: result.run.products.length,
    failed: result.run.failed.length,
    counted: result.counted,
    execution_time: Date.now() - started,
  })
}

export async function handler(event: SqsEvent, context?: LambdaContext): Promise<SqsBatchResponse> {
  await applyRuntimeLogLevel()
  const env = requiredEnv('OMNIX_ENV')
  const processor = new BatchProcessor(EventType.SQS)
  const recordHandler = async (record: SqsRecord): Promise<void> => {
    const log = createLogger(SERVICE, {request_id: context?.awsRequestId ?? record.messageId, message_id: record.messageId})
    try {
      const message = parseForecastMessage(record.body)
      if (message.type === 'forecast.generate') await planAndQueue(env, message, log)
      else await forecastShard(env, message, record, log)
    } catch (error) {
      log.error('Message failed', {error, receive_count: record.attributes.ApproximateReceiveCount})
      throw error
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (await processPartialResponse(event as any, recordHandler as any, processor, {context: context as any})) as SqsBatchResponse
}
