import assert from 'node:assert/strict'

import {QUEUES} from '../../src/sdk/catalog/index.js'
import {only, resourcesOf, type SynthesizedPlatform, synthesizedPlatform} from './synthesized-platform.js'

describe('messaging stack', () => {
  let dev: SynthesizedPlatform
  let prod: SynthesizedPlatform
  before(async function () {
    this.timeout(120_000)
    ;[dev, prod] = await Promise.all([synthesizedPlatform('dev'), synthesizedPlatform('prod')])
  })

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const template = () => (env === 'dev' ? dev : prod).templates.messaging
      const queuesByName = () =>
        new Map(Object.entries(resourcesOf(template(), 'AWS::SQS::Queue')).map(([id, q]) => [q.Properties.QueueName as string, {id, ...q}]))

      it('creates the forecasting (300 s) and notifications (60 s) queues, KMS-encrypted', () => {
        const queues = queuesByName()
        assert.equal(queues.get(`omnix-ai-${env}-forecasting-queue`)?.Properties.VisibilityTimeout, 300)
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

      it('schedules the nightly forecast into the forecasting queue', () => {
        const rule = only(resourcesOf(template(), 'AWS::Events::Rule'))
        assert.equal(rule.Properties.ScheduleExpression, 'cron(0 2 * * ? *)')
        const forecasting = queuesByName().get(`omnix-ai-${env}-forecasting-queue`)!
        const [target] = rule.Properties.Targets
        assert.deepEqual(target.Arn, {'Fn::GetAtt': [forecasting.id, 'Arn']})
        const message = target.InputTransformer.InputTemplate as string
        assert.match(message, /"type":"forecast\.generate"/)
        assert.match(message, /"product_ids":"all"/)
      })
    })
  }
})
