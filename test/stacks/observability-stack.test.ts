import assert from 'node:assert/strict'

import {only, resourcesOf, type SynthesizedPlatform, synthesizedBefore, synthesizedPlatform} from './synthesized-platform.js'

const FUNCTIONS = ['health', 'api', 'authorizer', 'websocket', 'websocket-authorizer', 'secret-rotation', 'forecast-worker']

function alarmsByName(platform: SynthesizedPlatform): Map<string, Record<string, any>> {
  const alarms = resourcesOf(platform.templates.observability, 'AWS::CloudWatch::Alarm')
  return new Map(Object.values(alarms).map((a) => [a.Properties.AlarmName as string, a.Properties]))
}

describe('observability stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])

  for (const env of ['dev', 'prod'] as const) {
    it(`builds the one ${env} dashboard covering API, Lambda, DynamoDB, Bedrock, WebSocket and business metrics`, () => {
      const platform = synthesized(env)
      const dashboard = only(resourcesOf(platform.templates.observability, 'AWS::CloudWatch::Dashboard'))
      assert.equal(dashboard.Properties.DashboardName, `omnix-ai-${env}`)
      const body = JSON.stringify(dashboard.Properties.DashboardBody)
      for (const expected of [
        'API requests',
        'API latency',
        'API errors',
        'Lambda duration',
        'Lambda errors',
        'Lambda throttles',
        'DynamoDB consumed read capacity',
        'DynamoDB throttled events',
        'Bedrock invocations',
        'Bedrock latency',
        'WebSocket connections',
        'WebSocket messages',
        'Business: sales rows and forecasts',
        'Forecast worker: invocations and errors',
        'Forecasting queue: depth and age',
        `omnix-ai-${env}-forecast-worker`,
        'AWS/Bedrock',
        'OmnixAI/Business',
        `omnix-ai-${env}-api`,
        `omnix-ai-${env}-forecasting`,
      ]) {
        assert.ok(body.includes(expected), `dashboard shows ${expected}`)
      }
    })
  }

  it('creates no alarms in dev', () => {
    assert.equal(alarmsByName(synthesized('dev')).size, 0)
  })

  describe('prod alarms', () => {
    it('alarms on more than 10 4XX responses in 5 minutes', () => {
      const alarm = alarmsByName(synthesized('prod')).get('omnix-ai-prod-api-4xx')!
      assert.equal(alarm.MetricName, '4XXError')
      assert.equal(alarm.Namespace, 'AWS/ApiGateway')
      assert.equal(alarm.Statistic, 'Sum')
      assert.equal(alarm.Period, 300)
      assert.equal(alarm.Threshold, 10)
      assert.equal(alarm.ComparisonOperator, 'GreaterThanThreshold')
      assert.deepEqual(alarm.Dimensions, [
        {Name: 'ApiName', Value: 'omnix-ai-prod-api'},
        {Name: 'Stage', Value: 'prod'},
      ])
    })

    it('alarms on average API latency above 2000 ms', () => {
      const alarm = alarmsByName(synthesized('prod')).get('omnix-ai-prod-api-latency')!
      assert.equal(alarm.MetricName, 'Latency')
      assert.equal(alarm.Statistic, 'Average')
      assert.equal(alarm.Threshold, 2000)
      assert.equal(alarm.ComparisonOperator, 'GreaterThanThreshold')
    })

    it('alarms on each function error rate above 5 % (errors / invocations)', () => {
      const alarms = alarmsByName(synthesized('prod'))
      for (const name of FUNCTIONS) {
        const alarm = alarms.get(`omnix-ai-prod-${name}-error-rate`)
        assert.ok(alarm, `${name} has an error-rate alarm`)
        assert.equal(alarm.Threshold, 5)
        assert.equal(alarm.ComparisonOperator, 'GreaterThanThreshold')
        const expression = alarm.Metrics.find((m: any) => m.Expression)
        assert.match(expression.Expression, /100 \* errors \/ invocations/)
        const metrics = alarm.Metrics.filter((m: any) => m.MetricStat)
        assert.deepEqual(metrics.map((m: any) => m.MetricStat.Metric.MetricName).sort(), ['Errors', 'Invocations'])
        for (const m of metrics) {
          assert.deepEqual(m.MetricStat.Metric.Dimensions, [{Name: 'FunctionName', Value: `omnix-ai-prod-${name}`}])
          assert.equal(m.MetricStat.Period, 300)
        }
      }
    })

    it('alarms when any dead-letter queue holds a message', () => {
      const alarms = alarmsByName(synthesized('prod'))
      for (const queue of ['forecasting-queue', 'notifications-queue']) {
        const alarm = alarms.get(`omnix-ai-prod-${queue}-dlq-not-empty`)!
        assert.equal(alarm.MetricName, 'ApproximateNumberOfMessagesVisible')
        assert.equal(alarm.Threshold, 0)
        assert.equal(alarm.ComparisonOperator, 'GreaterThanThreshold')
        assert.deepEqual(alarm.Dimensions, [{Name: 'QueueName', Value: `omnix-ai-prod-${queue}-dlq`}])
      }
    })

    it('alarms on any forecast worker error', () => {
      const alarm = alarmsByName(synthesized('prod')).get('omnix-ai-prod-forecast-worker-errors')!
      assert.equal(alarm.MetricName, 'Errors')
      assert.equal(alarm.Namespace, 'AWS/Lambda')
      assert.equal(alarm.Statistic, 'Sum')
      assert.equal(alarm.Threshold, 0)
      assert.equal(alarm.ComparisonOperator, 'GreaterThanThreshold')
      assert.deepEqual(alarm.Dimensions, [{Name: 'FunctionName', Value: 'omnix-ai-prod-forecast-worker'}])
    })

    it('has exactly those alarms, each notifying the alerts topic', () => {
      const alarms = alarmsByName(synthesized('prod'))
      assert.equal(alarms.size, 2 + FUNCTIONS.length + 1 + 2)
      for (const [name, alarm] of alarms) {
        assert.equal(alarm.AlarmActions.length, 1, name)
        assert.match(JSON.stringify(alarm.AlarmActions[0]), /AlertsTopic/, name)
      }
    })
  })
})

describe('log retention', () => {
  for (const [env, days] of [
    ['dev', 14],
    ['prod', 30],
  ] as const) {
    it(`keeps every ${env} log group ${days} days, KMS-encrypted`, async () => {
      const platform = await synthesizedPlatform(env)
      const groups = Object.values(platform.templates).flatMap((t) => Object.values(resourcesOf(t, 'AWS::Logs::LogGroup')))
      assert.equal(groups.length, FUNCTIONS.length + 1, 'every function and the API access log')
      for (const group of groups) {
        assert.equal(group.Properties.RetentionInDays, days, group.Properties.LogGroupName)
        assert.ok(group.Properties.KmsKeyId, group.Properties.LogGroupName)
        assert.equal(group.DeletionPolicy, env === 'prod' ? 'Retain' : 'Delete')
      }
    })
  }
})
