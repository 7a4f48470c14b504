import {CfnOutput, Duration, Stack, type StackProps} from 'aws-cdk-lib'
import {EventField, Rule, RuleTargetInput, Schedule} from 'aws-cdk-lib/aws-events'
import {SqsQueue} from 'aws-cdk-lib/aws-events-targets'
import {PolicyStatement, ServicePrincipal} from 'aws-cdk-lib/aws-iam'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import {Topic} from 'aws-cdk-lib/aws-sns'
import {Queue, QueueEncryption} from 'aws-cdk-lib/aws-sqs'
import type {Construct} from 'constructs'

import {QUEUES, resourceName} from '../src/sdk/catalog/index.js'
import {FORECAST_JOB_TYPE} from '../src/lambda/forecast-job.js'
import {DEFAULT_HORIZON_DAYS} from '../src/sdk/forecast-store/run.js'
import {dataRemovalPolicy, deadLetterQueueName, pascalCase, type PlatformContext} from './platform-context.js'

export type QueueId = keyof typeof QUEUES

/** Deliveries before a message moves to its dead-letter queue. */
export const MAX_RECEIVE_COUNT = 3

/** Nightly forecast run, 02:00 UTC (after the day's sales have landed). */
export const NIGHTLY_FORECAST_SCHEDULE = {minute: '0', hour: '2'} as const

export interface MessagingStackProps extends StackProps {
  readonly context: PlatformContext
  readonly key: IKey
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
