import {Duration, Stack, type StackProps} from 'aws-cdk-lib'
import type {IWebSocketApi} from 'aws-cdk-lib/aws-apigatewayv2'
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import {SnsAction} from 'aws-cdk-lib/aws-cloudwatch-actions'
import type {ITopic} from 'aws-cdk-lib/aws-sns'
import type {Construct} from 'constructs'

import {BUSINESS_METRIC_DIMENSION, BUSINESS_METRICS, BUSINESS_METRICS_NAMESPACE} from '../src/lambda/business-metrics.js'
import {PLATFORM_PREFIX, QUEUES, resourceName, TABLE_IDS, type TableId, tableName} from '../src/sdk/catalog/index.js'
import {deadLetterQueueName, type PlatformContext} from './platform-context.js'

/** Alarm thresholds, from the platform's operations requirements. */
export const ALARM_THRESHOLDS = {
  /** More than 10 client errors in 5 minutes. */
  api4xxPerFiveMinutes: 10,
  /** Average latency above 2 s. */
  apiLatencyMs: 2000,
  /** Any function's error rate above 5 %. */
  functionErrorRatePercent: 5,
  /** Dead-letter queue not empty. */
  deadLetterMessages: 0,
  /** Any forecast worker error in 5 minutes: a shard that failed is retried, and its job may end failed. */
  forecastWorkerErrors: 0,
} as const

const FIVE_MINUTES = Duration.minutes(5)

/**
 * Metrics are addressed by the catalog's resource names rather than by references into the other
 * stacks: names are fixed, and every reference would become a CloudFormation export that blocks
 * later changes to the stack exporting it. Only the WebSocket API id (generated) is referenced.
 */
export interface ObservabilityStackProps extends StackProps {
  readonly context: PlatformContext
  readonly webSocketApi: IWebSocketApi
  /** Functions to watch, by short name (the `{resource}` of `omnix-ai-{env}-{resource}`). */
  readonly functionNames: readonly string[]
  /** Catalog names of the queues whose dead-letter queues are watched (`forecasting-queue`). */
  readonly queueNames: readonly string[]
  readonly alertsTopic: ITopic
  readonly bedrockModelId: string
  /** Short name of the forecasting queue's worker function (also in functionNames). */
  readonly forecastWorkerName?: string
}

/** The platform's one dashboard and, where the environment wants them, its alarms. */
export class ObservabilityStack extends Stack {
  readonly dashboard: Dashboard
  readonly alarms: readonly Alarm[]

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props)
    const {env, settings} = props.context
    const apiMetric = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: {ApiName: resourceName(env, 'api'), Stage: env},
        statistic,
        period: FIVE_MINUTES,
      })
    const lambdaMetric = (name: string, metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/Lambda',
        metricName,
        dimensionsMap: {FunctionName: resourceName(env, name)},
        statistic,
        period: FIVE_MINUTES,
        label: name,
      })
    const tableMetric = (tableId: TableId, metricName: string) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {TableName: tableName(env, tableId)},
        statistic: 'Sum',
        period: FIVE_MINUTES,
        label: `${tableId} ${metricName}`,
      })
    // No label: a labelled metric turns the alarm into a metric-math alarm, for no gain here.
    const deadLetterMetric = (queueName: string) =>
      new Metric({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensionsMap: {QueueName: deadLetterQueueName(env, queueName)},
        statistic: 'Maximum',
        period: Duration.minutes(1),
      })

    const alarms: Alarm[] = []
    if (settings.alarms) {
      const action = new SnsAction(props.alertsTopic)
      const add = (alarm: Alarm) => {
        alarm.addAlarmAction(action)
        alarms.push(alarm)
      }
      add(
        new Alarm(this, 'Api4xxAlarm', {
          alarmName: resourceName(env, 'api-4xx'),
          alarmDescription: `More than ${ALARM_THRESHOLDS.api4xxPerFiveMinutes} 4XX responses in 5 minutes`,
          metric: apiMetric('4XXError', 'Sum'),
          threshold: ALARM_THRESHOLDS.api4xxPerFiveMinutes,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      )
      add(
        new Alarm(this, 'ApiLatencyAlarm', {
          alarmName: resourceName(env, 'api-latency'),
          alarmDescription: `Average API latency above ${ALARM_THRESHOLDS.apiLatencyMs} ms`,
          metric: apiMetric('Latency', 'Average'),
          threshold: ALARM_THRESHOLDS.apiLatencyMs,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      )
      for (const name of props.functionNames) {
        add(
          new Alarm(this, `ErrorRate-${name}`, {
            alarmName: resourceName(env, `${name}-error-rate`),
            alarmDescription: `${name} function error rate above ${ALARM_THRESHOLDS.functionErrorRatePercent} %`,
            metric: new MathExpression({
              // No invocations means no errors, not a missing (or divide-by-zero) data point.
              expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
              usingMetrics: {
                errors: lambdaMetric(name, 'Errors', 'Sum'),
                invocations: lambdaMetric(name, 'Invocations', 'Sum'),
              },
              period: FIVE_MINUTES,
              label: `${name} error rate (%)`,
            }),
            threshold: ALARM_THRESHOLDS.functionErrorRatePercent,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        )
      }
      if (props.forecastWorkerName) {
        add(
          new Alarm(this, 'ForecastWorkerErrors', {
            alarmName: resourceName(env, `${props.forecastWorkerName}-errors`),
            alarmDescription: 'The forecast worker failed (a shard or job message will be retried, then dead-lettered)',
            // Unlabelled (see deadLetterMetric).
            metric: new Metric({
              namespace: 'AWS/Lambda',
              metricName: 'Errors',
              dimensionsMap: {FunctionName: resourceName(env, props.forecastWorkerName)},
              statistic: 'Sum',
              period: FIVE_MINUTES,
            }),
            threshold: ALARM_THRESHOLDS.forecastWorkerErrors,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        )
      }
      for (const name of props.queueNames) {
        add(
          new Alarm(this, `DeadLetter-${name}`, {
            alarmName: resourceName(env, `${name}-dlq-not-empty`),
            alarmDescription: `Messages are waiting in the ${name} dead-letter queue`,
            metric: deadLetterMetric(name),
            threshold: ALARM_THRESHOLDS.deadLetterMessages,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        )
      }
    }
    this.alarms = alarms

    const perFunction = (label: string, metricName: string, statistic: string) =>
      new GraphWidget({title: `Lambda ${label}`, width: 8, left: props.functionNames.map((name) => lambdaMetric(name, metricName, statistic))})
    const perTable = (title: string, metricNames: readonly string[]) =>
      new GraphWidget({title, width: 8, left: TABLE_IDS.flatMap((id) => metricNames.map((metricName) => tableMetric(id, metricName)))})
    const wsMetric = (metricName: string, statistic = 'Sum') =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: {ApiId: props.webSocketApi.apiId, Stage: env},
        statistic,
        period: FIVE_MINUTES,
      })
    const bedrockMetric = (metricName: string, statistic = 'Sum') =>
      new Metric({namespace: 'AWS/Bedrock', metricName, dimensionsMap: {ModelId: props.bedrockModelId}, statistic, period: FIVE_MINUTES})
    const businessMetric = (metricName: string) =>
      new Metric({
        namespace: BUSINESS_METRICS_NAMESPACE,
        metricName,
        dimensionsMap: {[BUSINESS_METRIC_DIMENSION]: env},
        statistic: 'Sum',
        period: Duration.hours(1),
      })

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${PLATFORM_PREFIX}-${env}`,
      defaultInterval: Duration.hours(24),
    })
    this.dashboard.addWidgets(
      new TextWidget({markdown: `# omnix-ai ${env}\nAPI, functions, data, AI, live alerts and business metrics.`, width: 24, height: 2}),
    )
    this.dashboard.addWidgets(
      new GraphWidget({title: 'API requests', width: 8, left: [apiMetric('Count', 'Sum')]}),
      new GraphWidget({
        title: 'API latency (ms)',
        width: 8,
        left: [apiMetric('Latency', 'Average'), apiMetric('Latency', 'p99'), apiMetric('IntegrationLatency', 'Average')],
      }),
      new GraphWidget({title: 'API errors', width: 8, left: [apiMetric('4XXError', 'Sum'), apiMetric('5XXError', 'Sum')]}),
    )
    this.dashboard.addWidgets(
      perFunction('duration (ms)', 'Duration', 'Average'),
      perFunction('errors', 'Errors', 'Sum'),
      perFunction('throttles', 'Throttles', 'Sum'),
    )
    this.dashboard.addWidgets(
      perTable('DynamoDB consumed read capacity', ['ConsumedReadCapacityUnits']),
      perTable('DynamoDB consumed write capacity', ['ConsumedWriteCapacityUnits']),
      perTable('DynamoDB throttled events', ['ReadThrottleEvents', 'WriteThrottleEvents']),
    )
    this.dashboard.addWidgets(
      new GraphWidget({title: 'Bedrock invocations', width: 8, left: [bedrockMetric('Invocations'), bedrockMetric('InvocationClientErrors'), bedrockMetric('InvocationServerErrors')]}),
      new GraphWidget({title: 'Bedrock latency (ms)', width: 8, left: [bedrockMetric('InvocationLatency', 'Average')]}),
      // Token counts drive Bedrock cost; the Bedrock budget tracks the spend itself.
      new GraphWidget({title: 'Bedrock tokens (cost driver)', width: 8, left: [bedrockMetric('InputTokenCount'), bedrockMetric('OutputTokenCount')]}),
    )
    this.dashboard.addWidgets(
      new GraphWidget({title: 'WebSocket connections', width: 8, left: [wsMetric('ConnectCount')]}),
      new GraphWidget({title: 'WebSocket messages', width: 8, left: [wsMetric('MessageCount')]}),
      new GraphWidget({title: 'WebSocket errors', width: 8, left: [wsMetric('ClientError'), wsMetric('ExecutionError')]}),
    )
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Business: sales rows and forecasts',
        width: 12,
        left: [BUSINESS_METRICS.salesRowsUploaded, BUSINESS_METRICS.salesRowsRejected].map(businessMetric),
        right: [BUSINESS_METRICS.forecastRequests, BUSINESS_METRICS.productsCreated].map(businessMetric),
      }),
      new GraphWidget({
        title: 'Business: products at stock-out risk',
        width: 12,
        left: [businessMetric(BUSINESS_METRICS.productsAtStockoutRisk)],
      }),
    )
    if (props.forecastWorkerName) {
      const worker = props.forecastWorkerName
      const forecastingQueue = (metricName: string, statistic: string) =>
        new Metric({
          namespace: 'AWS/SQS',
          metricName,
          dimensionsMap: {QueueName: resourceName(env, QUEUES.forecasting.name)},
          statistic,
          period: Duration.minutes(1),
        })
      this.dashboard.addWidgets(
        new GraphWidget({
          title: 'Forecast worker: invocations and errors',
          width: 8,
          left: [lambdaMetric(worker, 'Invocations', 'Sum'), lambdaMetric(worker, 'Errors', 'Sum'), lambdaMetric(worker, 'Throttles', 'Sum')],
        }),
        new GraphWidget({title: 'Forecast worker: concurrency', width: 8, left: [lambdaMetric(worker, 'ConcurrentExecutions', 'Maximum')]}),
        new GraphWidget({
          title: 'Forecasting queue: depth and age',
          width: 8,
          left: [forecastingQueue('ApproximateNumberOfMessagesVisible', 'Maximum'), forecastingQueue('ApproximateNumberOfMessagesNotVisible', 'Maximum')],
          right: [forecastingQueue('ApproximateAgeOfOldestMessage', 'Maximum')],
        }),
      )
    }
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead-letter queues (messages)',
        width: alarms.length > 0 ? 12 : 24,
        left: props.queueNames.map(deadLetterMetric),
      }),
      ...(alarms.length > 0 ? [new AlarmStatusWidget({title: 'Alarms', width: 12, alarms})] : []),
    )
  }
}
