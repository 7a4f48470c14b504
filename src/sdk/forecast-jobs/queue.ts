/** Sending job and shard messages to the env's forecasting queue. */
import type {SQSClient} from '@aws-sdk/client-sqs'

import {type AwsTarget, clientConfig} from '../aws/target.js'
import {QUEUES, resourceName} from '../catalog/naming.js'
import {OmnixError} from '../errors.js'
import type {ForecastJobMessage, ForecastShardMessage} from './messages.js'

/** `omnix-ai-{env}-forecasting-queue` */
export function forecastingQueueName(env: string): string {
  return resourceName(env, QUEUES.forecasting.name)
}

/** SendMessageBatch's limit. */
const BATCH = 10
const ATTEMPTS = 3

/** Sends shards in batches of ten, re-sending the entries SQS reports failed; throws naming any it could not send. */
export async function sendShards(sqs: SQSClient, queueUrl: string, shards: readonly ForecastShardMessage[]): Promise<number> {
  const {SendMessageBatchCommand} = await import('@aws-sdk/client-sqs')
  let sent = 0
  for (let i = 0; i < shards.length; i += BATCH) {
    let pending = shards.slice(i, i + BATCH)
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: pending.map((s) => ({Id: `shard-${s.shard}`, MessageBody: JSON.stringify(s)})),
        }),
      )
      sent += out.Successful?.length ?? 0
      const failed = new Set((out.Failed ?? []).map((f) => f.Id))
      if (failed.size > 0 && attempt >= ATTEMPTS) {
        const reasons = (out.Failed ?? []).map((f) => `${f.Id}: ${f.Code ?? ''} ${f.Message ?? ''}`.trim())
        throw new OmnixError(`could not queue ${failed.size} shard(s) after ${ATTEMPTS} attempts: ${reasons.join('; ')}`, {code: 'SHARDS_NOT_SENT'})
      }
      pending = pending.filter((s) => failed.has(`shard-${s.shard}`))
    }
  }
  return sent
}

export interface SentJob {
  readonly queueUrl: string
  readonly messageId: string
  readonly job: ForecastJobMessage
}

/** Finds the env's forecasting queue by name and puts the job on it. */
export async function sendForecastJob(target: AwsTarget, env: string, job: ForecastJobMessage): Promise<SentJob> {
  const {GetQueueUrlCommand, SendMessageCommand, SQSClient} = await import('@aws-sdk/client-sqs')
  const sqs = new SQSClient(clientConfig(target))
  try {
    const {QueueUrl} = await sqs.send(new GetQueueUrlCommand({QueueName: forecastingQueueName(env)}))
    if (!QueueUrl) throw new OmnixError(`queue ${forecastingQueueName(env)} has no URL`)
    const out = await sqs.send(new SendMessageCommand({QueueUrl, MessageBody: JSON.stringify(job)}))
    return {queueUrl: QueueUrl, messageId: out.MessageId ?? '', job}
  } catch (error) {
    if ((error as {name?: string}).name === 'QueueDoesNotExist' || (error as {name?: string}).name === 'AWS.SimpleQueueService.NonExistentQueue') {
      const {NotFoundError} = await import('../errors.js')
      throw new NotFoundError(`queue ${forecastingQueueName(env)} does not exist in ${target.region}`, `deploy the platform first: omnix deploy -e ${env}`)
    }
    throw error
  } finally {
    sqs.destroy()
  }
}
