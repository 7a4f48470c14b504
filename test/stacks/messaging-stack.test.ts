import assert from 'node:assert/strict'

import {QUEUES} from '../../src/sdk/catalog/index.js'
import {parseForecastMessage} from '../../src/sdk/forecast-jobs/messages.js'
import {FORECAST_WORKER} from '../../stacks/messaging-stack.js'
import {only, resourcesOf, synthesizedBefore} from './synthesized-platform.js'

describe('messaging stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const template = () => synthesized(env).templates.messaging
      const queuesByName = () =>
        new Map(Object.entries(resourcesOf(template(), 'AWS::SQS::Queue')).map(([id, q]) => [q.Properties.QueueName as string, {id, ...q}]))

      it('creates the forecasting (720 s) and notifications (60 s) queues, KMS-encrypted', () => {
        const queues = queuesByName()
        assert.equal(queues.get(`omnix-ai-${env}-forecasting-queue`)?.Properties.VisibilityTimeout, 720)
        assert.equal(queues.get(`omnix-ai-${env}-notifications-queue`)?.Properties.VisibilityTimeout, 60)
        for (const queue of queues.values()) assert.ok(queue.Properties.KmsMasterKeyId, queue.Properties.QueueName)
      })

      it('gives each queue its own dead-letter queue', () => {
        const queues = queuesByName()
        for (const spec of Object.values(QUEUES)) {
          const queue = queues.get(`omnix-ai-${env}-${spec.name}`)!
          const dlq = queues.get(`omnix-ai-${env}-${spec.name}-dlq`)
          assert.ok(dlq, `${spec.name} has a DLQ`)
          assert.deepEqual(queue.Properties.RedrivePolicy, {deadLetterTargetArn: {'Fn::GetAtt': [dlq.id, 'Arn']}, maxReceiveCount: 3})
          assert.equal(dlq.Properties.MessageRetentionPeriod, 14 * 24 * 3600)
        }
        assert.equal(queues.size, 4)
      })

      it('creates the encrypted alerts topic that budgets and alarms may publish to', () => {
        const topic = only(resourcesOf(template(), 'AWS::SNS::Topic'))
        assert.equal(topic.Properties.TopicName, `omnix-ai-${env}-alerts`)
        assert.ok(topic.Properties.KmsMasterKeyId)
        const statements = only(resourcesOf(template(), 'AWS::SNS::TopicPolicy')).Properties.PolicyDocument.Statement as any[]
        const budgets = statements.find((s) => s.Principal?.Service === 'budgets.amazonaws.com')
        assert.equal(budgets.Action, 'sns:Publish')
        assert.equal(budgets.Effect, 'Allow')
      })

      it('runs the forecast worker on the forecasting queue with partial batch responses', () => {
        const forecasting = queuesByName().get(`omnix-ai-${env}-forecasting-queue`)!
        const mapping = only(resourcesOf(template(), 'AWS::Lambda::EventSourceMapping'))
        assert.deepEqual(mapping.Properties.EventSourceArn, {'Fn::GetAtt': [forecasting.id, 'Arn']})
        assert.deepEqual(mapping.Properties.FunctionResponseTypes, ['ReportBatchItemFailures'])
        assert.equal(mapping.Properties.BatchSize, FORECAST_WORKER.batchSize)
        assert.deepEqual(mapping.Properties.ScalingConfig, {MaximumConcurrency: FORECAST_WORKER.maxConcurrency})
        const [fnId, fn] = Object.entries(resourcesOf(template(), 'AWS::Lambda::Function')).find(([, f]) => f.Properties.FunctionName === `omnix-ai-${env}-forecast-worker`)!
        assert.deepEqual(mapping.Properties.FunctionName, {Ref: fnId})
        assert.equal(fn.Properties.Timeout, 120)
        assert.equal(fn.Properties.MemorySize, 1769)
        assert.equal(fn.Properties.Environment.Variables.OMNIX_ENV, env)
        assert.deepEqual(fn.Properties.Environment.Variables.FORECASTING_QUEUE_URL, {Ref: forecasting.id})
        assert.equal(fn.Properties.Environment.Variables.MAX_RECEIVE_COUNT, '3')
        // AWS's rule for SQS event sources: visibility at least 6x the function timeout.
        assert.ok(forecasting.Properties.VisibilityTimeout >= 6 * fn.Properties.Timeout)
        assert.equal(forecasting.Properties.RedrivePolicy.maxReceiveCount, 3)
      })

      it('lets the worker read and write the forecasting and products tables and send shards to its queue', () => {
        const policies = JSON.stringify(resourcesOf(template(), 'AWS::IAM::Policy'))
        for (const action of ['dynamodb:BatchWriteItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']) {
          assert.ok(policies.includes(action), action)
        }
        assert.match(policies, /ForecastingTable/)
        assert.match(policies, /ProductsTable/)
      })

      it('schedules the nightly forecast into the forecasting queue', () => {
        const rule = only(resourcesOf(template(), 'AWS::Events::Rule'))
        assert.equal(rule.Properties.ScheduleExpression, 'cron(0 2 * * ? *)')
        const forecasting = queuesByName().get(`omnix-ai-${env}-forecasting-queue`)!
        const [target] = rule.Properties.Targets
        assert.deepEqual(target.Arn, {'Fn::GetAtt': [forecasting.id, 'Arn']})
        const message = target.InputTransformer.InputTemplate as string
        assert.match(message, /"type":"forecast\.generate"/)
        assert.match(message, /"product_ids":"all"/)
        // With EventBridge's placeholders filled in, the worker accepts it as a job.
        const paths = target.InputTransformer.InputPathsMap as Record<string, string>
        const samples: Record<string, string> = {'$.id': '5f0d7b1e-0000-4000-8000-000000000001', '$.time': '2026-01-01T02:00:00Z'}
        const filled = message.replace(/<([a-z-]+)>/gi, (_, key: string) => JSON.stringify(samples[paths[key]]))
        const job = parseForecastMessage(filled)
        assert.equal(job.type, 'forecast.generate')
        assert.equal(job.requested_by, 'schedule')
      })
    })
  }
})
