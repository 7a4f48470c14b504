import {CfnOutput, Duration, Stack, type StackProps} from 'aws-cdk-lib'
import {EventField, Rule, RuleTargetInput, Schedule} from 'aws-cdk-lib/aws-events'
import {SqsQueue} from 'aws-cdk-lib/aws-events-targets'
import type {Table} from 'aws-cdk-lib/aws-dynamodb'
import {PolicyStatement, ServicePrincipal} from 'aws-cdk-lib/aws-iam'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import type {Function as LambdaFunction} from 'aws-cdk-lib/aws-lambda'
import {SqsEventSource} from 'aws-cdk-lib/aws-lambda-event-sources'
import {Topic} from 'aws-cdk-lib/aws-sns'
import {Queue, QueueEncryption} from 'aws-cdk-lib/aws-sqs'
import type {Construct} from 'constructs'

import {QUEUES, resourceName, type TableId} from '../src/sdk/catalog/index.js'
import {FORECAST_JOB_TYPE} from '../src/lambda/forecast-job.js'
import {DEFAULT_SHARD_SIZE} from '../src/sdk/forecast-jobs/planner.js'
import {DEFAULT_HORIZON_DAYS} from '../src/sdk/forecast-store/run.js'
import {dataRemovalPolicy, deadLetterQueueName, pascalCase, type PlatformContext} from './platform-context.js'
import {PlatformFunction} from './platform-function.js'

export type QueueId = keyof typeof QUEUES

/** Deliveries before a message moves to its dead-letter queue. */
export const MAX_RECEIVE_COUNT = 3

/** Nightly forecast run, 02:00 UTC (after the day's sales have landed). */
export const NIGHTLY_FORECAST_SCHEDULE = {minute: '0', hour: '2'} as const

/**
 * The forecasting queue's worker. One shard (DEFAULT_SHARD_SIZE products, 10-20 s measured) per
 * invocation on one thread: 1769 MB is the size at which Lambda gives a function one full vCPU, and
 * more threads in one invocation would only share it; scaling out is Lambda concurrency's job, so
 * no worker-thread file has to ship in the bundle. The timeout leaves a shard 6x its measured time
 * and lets a job's planning scan a large catalog. The queue's visibility timeout must be at least
 * six times the function timeout (AWS's rule for SQS event sources), so that a message is not
 * handed to a second invocation while the first still works on it.
 */
export const FORECAST_WORKER = {
  name: 'forecast-worker',
  timeoutSeconds: 120,
  memorySize: 1769,
  /** One message per invocation: a shard already fills the vCPU for seconds. */
  batchSize: 1,
  /** Concurrent invocations the queue may drive (DynamoDB on-demand absorbs 50 writers of 25-item batches). */
  maxConcurrency: 50,
} as const

/** Tables the worker reads (products, sales) and writes (forecasts, job status). */
const WORKER_TABLES: readonly TableId[] = ['products', 'forecasting']

export interface MessagingStackProps extends StackProps {
  readonly context: PlatformContext
  readonly key: IKey
  /** The data stack's tables (the forecast worker reads and writes some). */
  readonly tables: Readonly<Record<TableId, Table>>
}

export interface PlatformQueue {
  /** Catalog name (`forecasting-queue`), the resource part of the queue name. */
  readonly name: string
  readonly queue: Queue
  readonly deadLetterQueue: Queue
}

/** Work queues with dead-letter queues, the alerts topic and the nightly forecast schedule. */
export class MessagingStack extends Stack {
  readonly queues: Readonly<Record<QueueId, PlatformQueue>>
  readonly alertsTopic: Topic
  readonly nightlyForecastRule: Rule
  readonly forecastWorker: LambdaFunction

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props)
    const {env, settings} = props.context

    const queues = {} as Record<QueueId, PlatformQueue>
    for (const [queueId, spec] of Object.entries(QUEUES) as [QueueId, (typeof QUEUES)[QueueId]][]) {
      const deadLetterQueue = new Queue(this, `${pascalCase(spec.name)}Dlq`, {
        queueName: deadLetterQueueName(env, spec.name),
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        retentionPeriod: Duration.days(14),
        enforceSSL: true,
        removalPolicy: dataRemovalPolicy(settings),
      })
      const queue = new Queue(this, pascalCase(spec.name), {
        queueName: resourceName(env, spec.name),
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        deadLetterQueue: {queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT},
        enforceSSL: true,
        removalPolicy: dataRemovalPolicy(settings),
      })
      queues[queueId] = {name: spec.name, queue, deadLetterQueue}
      new CfnOutput(this, `${pascalCase(spec.name)}Url`, {value: queue.queueUrl})
    }
    this.queues = queues

    const worker = new PlatformFunction(this, 'ForecastWorker', {
      context: props.context,
      entry: 'forecast-worker',
      name: FORECAST_WORKER.name,
      description: 'Plans forecast jobs into shards and forecasts each shard (forecasting queue)',
      timeout: Duration.seconds(FORECAST_WORKER.timeoutSeconds),
      memorySize: FORECAST_WORKER.memorySize,
      logKey: props.key,
      environment: {
        FORECASTING_QUEUE_URL: queues.forecasting.queue.queueUrl,
        FORECAST_SHARD_SIZE: String(DEFAULT_SHARD_SIZE),
        MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT),
      },
    })
    for (const tableId of WORKER_TABLES) props.tables[tableId].grantReadWriteData(worker.function)
    queues.forecasting.queue.grantSendMessages(worker.function)
    worker.function.addEventSource(
      new SqsEventSource(queues.forecasting.queue, {
        batchSize: FORECAST_WORKER.batchSize,
        maxConcurrency: FORECAST_WORKER.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    )
    this.forecastWorker = worker.function

    this.alertsTopic = new Topic(this, 'AlertsTopic', {
      topicName: resourceName(env, 'alerts'),
      displayName: `omnix-ai ${env} alerts`,
      masterKey: props.key,
      enforceSSL: true,
    })
    // A topic policy replaces the default one; same-account principals still publish through IAM.
    this.alertsTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AwsBudgetsPublish',
        principals: [new ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertsTopic.topicArn],
        conditions: {StringEquals: {'aws:SourceAccount': this.account}},
      }),
    )
    this.alertsTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertsTopic.topicArn],
        conditions: {StringEquals: {'aws:SourceAccount': this.account}},
      }),
    )
    new CfnOutput(this, 'AlertsTopicArn', {value: this.alertsTopic.topicArn})

    this.nightlyForecastRule = new Rule(this, 'NightlyForecast', {
      ruleName: resourceName(env, 'nightly-forecast'),
      description: 'Queues the nightly forecast of every product',
      schedule: Schedule.cron(NIGHTLY_FORECAST_SCHEDULE),
    })
    this.nightlyForecastRule.addTarget(
      new SqsQueue(queues.forecasting.queue, {
        message: RuleTargetInput.fromObject({
          type: FORECAST_JOB_TYPE,
          job_id: EventField.eventId,
          product_ids: 'all',
          horizon_days: DEFAULT_HORIZON_DAYS,
          requested_at: EventField.time,
          requested_by: 'schedule',
        }),
        // Undeliverable scheduled events are kept, not dropped.
        deadLetterQueue: queues.forecasting.deadLetterQueue,
        retryAttempts: 3,
      }),
    )
  }
}
