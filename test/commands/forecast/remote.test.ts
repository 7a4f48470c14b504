import assert from 'node:assert/strict'

import {DynamoDBClient, GetItemCommand, QueryCommand} from '@aws-sdk/client-dynamodb'
import {GetQueueUrlCommand, SendMessageCommand, SQSClient} from '@aws-sdk/client-sqs'

import ForecastJobs, {type ForecastJobsResult} from '../../../src/commands/forecast/jobs.js'
import ForecastRun, {type RemoteForecastResult} from '../../../src/commands/forecast/run.js'
import {mockedClient} from '../../helpers/mocked-client.js'
import {runCommand} from '../../helpers/run-command.js'

const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/omnix-ai-prod-forecasting-queue'

function jobItem(jobId: string, status: string, extra: Record<string, unknown> = {}) {
  const n = (x: number) => ({N: String(x)})
  return {
    PK: {S: `JOB#${jobId}`},
    SK: {S: 'STATUS'},
    job_id: {S: jobId},
    status: {S: status},
    requested_at: {S: '2026-01-01T02:00:00.000Z'},
    requested_by: {S: 'omnix-cli'},
    horizon_days: n(30),
    method: {S: 'auto'},
    created_at: {S: '2026-01-01T02:00:01.000Z'},
    planned_at: {S: '2026-01-01T02:00:01.000Z'},
    products_requested: n(401),
    products_total: n(400),
    products_done: n(status === 'planned' ? 0 : status === 'running' ? 200 : 400),
    products_failed: n(0),
    products_skipped: n(1),
    shards_total: n(2),
    shards_done: n(status === 'done' ? 2 : status === 'running' ? 1 : 0),
    shards_failed: n(0),
    skipped: {L: [{M: {product_id: {S: 'OLD-1'}, reason: {S: 'in the products table but has no sales history'}}}]},
    errors: {L: []},
    ...extra,
  }
}

describe('forecast run --remote and forecast jobs (mocked SQS and DynamoDB)', () => {
  const sqs = mockedClient(SQSClient)
  const dynamo = mockedClient(DynamoDBClient)
  const target = ['-e', 'prod', '-r', 'eu-central-1']
  beforeEach(() => {
    sqs.reset()
    dynamo.reset()
    sqs.on(GetQueueUrlCommand).resolves({QueueUrl: QUEUE_URL})
    sqs.on(SendMessageCommand).resolves({MessageId: 'msg-1'})
  })

  it('finds the queue by name and sends exactly one job message, printing the job id', async () => {
    const out = await runCommand(ForecastRun, ['--all', '--remote', '--days', '14', ...target, '--json'])
    assert.equal(out.exitCode, 0, out.stderr)
    const result = JSON.parse(out.stdout) as RemoteForecastResult
    assert.deepEqual(
      sqs.commandCalls(GetQueueUrlCommand).map((c) => c.args[0].input),
      [{QueueName: 'omnix-ai-prod-forecasting-queue'}],
    )
    const sends = sqs.commandCalls(SendMessageCommand)
    assert.equal(sends.length, 1)
    assert.equal(sends[0].args[0].input.QueueUrl, QUEUE_URL)
    const message = JSON.parse(sends[0].args[0].input.MessageBody!)
    assert.deepEqual(message, {
      type: 'forecast.generate',
      job_id: result.job_id,
      product_ids: 'all',
      horizon_days: 14,
      requested_at: message.requested_at,
      requested_by: 'omnix-cli',
    })
    assert.match(result.job_id, /^[0-9a-f-]{36}$/)
    assert.equal(result.message_id, 'msg-1')
    assert.equal(dynamo.calls().length, 0, 'without --wait nothing reads the job')
    assert.match(out.stderr, new RegExp(`queued forecast job ${result.job_id}`))
  })

  it('sends the named products and the method when not auto', async () => {
    const out = await runCommand(ForecastRun, ['-p', 'COF-001', '-p', 'TEA-002', '--method', 'ets', '--remote', ...target])
    assert.equal(out.exitCode, 0, out.stderr)
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody!)
    assert.deepEqual(message.product_ids, ['COF-001', 'TEA-002'])
    assert.equal(message.method, 'ets')
    assert.equal(out.stdout.trim(), message.job_id)
  })

  it('--wait follows the job item until done and exits 0', async () => {
    dynamo.on(GetItemCommand).callsFake((input) => {
      const id = input.Key.PK.S.slice(4)
      const reads = dynamo.commandCalls(GetItemCommand).length
      return {Item: jobItem(id, reads === 1 ? 'planned' : reads === 2 ? 'running' : 'done')}
    })
    const out = await runCommand(ForecastRun, ['--all', '--remote', '--wait', '--poll-interval', '0', ...target, '--json'])
    assert.equal(out.exitCode, 0, out.stderr)
    const result = JSON.parse(out.stdout) as RemoteForecastResult
    assert.equal(result.job?.status, 'done')
    assert.equal(result.job?.products_done, 400)
    const reads = dynamo.commandCalls(GetItemCommand)
    assert.equal(reads.length, 3)
    assert.deepEqual(reads[0].args[0].input.Key, {PK: {S: `JOB#${result.job_id}`}, SK: {S: 'STATUS'}})
    assert.equal(reads[0].args[0].input.TableName, 'omnix-ai-prod-forecasting')
  })

  it('--wait exits 1 when the job failed, naming the failed shards', async () => {
    dynamo.on(GetItemCommand).callsFake((input) => ({
      Item: jobItem(input.Key.PK.S.slice(4), 'failed', {
        shards_done: {N: '1'},
        shards_failed: {N: '1'},
        failed_shards: {NS: ['2']},
        errors: {L: [{S: 'shard 2: GHOST: no sales history'}]},
      }),
    }))
    const out = await runCommand(ForecastRun, ['--all', '--remote', '--wait', '--poll-interval', '0', ...target])
    assert.equal(out.exitCode, 1)
    assert.match(out.stderr, /failed: shard\(s\) 2 of 2 failed/)
    assert.match(out.stdout, /job .*: failed/)
    assert.match(out.stdout, /shard 2: GHOST: no sales history/)
  })

  it('--wait with --json prints the failed job as the one result and exits 1', async () => {
    dynamo.on(GetItemCommand).callsFake((input) => ({Item: jobItem(input.Key.PK.S.slice(4), 'failed', {shards_failed: {N: '1'}, failed_shards: {NS: ['2']}})}))
    const out = await runCommand(ForecastRun, ['--all', '--remote', '--wait', '--poll-interval', '0', ...target, '--json'])
    assert.equal(out.exitCode, 1)
    const result = JSON.parse(out.stdout) as RemoteForecastResult
    assert.deepEqual(result.job?.failed_shards, [2])
  })

  it('refuses local-only flags with --remote (usage error)', async () => {
    const out = await runCommand(ForecastRun, ['--all', '--remote', '--workers', '2', ...target])
    assert.equal(out.exitCode, 2)
    assert.equal(sqs.calls().length, 0)
  })

  it('says the platform is not deployed when the queue does not exist', async () => {
    sqs.on(GetQueueUrlCommand).rejects(Object.assign(new Error('The specified queue does not exist.'), {name: 'QueueDoesNotExist'}))
    const out = await runCommand(ForecastRun, ['--all', '--remote', ...target])
    assert.equal(out.exitCode, 1)
    assert.match(out.error?.message ?? '', /omnix-ai-prod-forecasting-queue does not exist/)
    assert.equal(sqs.commandCalls(SendMessageCommand).length, 0)
  })

  it('forecast jobs lists recent jobs from the index, newest first, and shows one', async () => {
    dynamo.on(QueryCommand).resolves({Items: [{job_id: {S: 'j-2'}}, {job_id: {S: 'j-1'}}]})
    dynamo.on(GetItemCommand).callsFake((input) => ({Item: jobItem(input.Key.PK.S.slice(4), 'done')}))
    const list = await runCommand(ForecastJobs, [...target, '--json'])
    assert.equal(list.exitCode, 0, list.stderr)
    assert.deepEqual(
      (JSON.parse(list.stdout) as ForecastJobsResult).jobs.map((j) => j.job_id),
      ['j-2', 'j-1'],
    )
    const query = dynamo.commandCalls(QueryCommand)[0].args[0].input
    assert.deepEqual([query.ExpressionAttributeValues, query.ScanIndexForward, query.Limit], [{':pk': {S: 'JOBS'}}, false, 20])
    const one = await runCommand(ForecastJobs, ['j-1', ...target])
    assert.equal(one.exitCode, 0)
    assert.match(one.stdout, /job j-1: done/)
    assert.match(one.stdout, /OLD-1: in the products table but has no sales history/)
  })

  it('forecast jobs JOB_ID exits 1 for an unknown job', async () => {
    dynamo.on(GetItemCommand).resolves({})
    const out = await runCommand(ForecastJobs, ['nope', ...target])
    assert.equal(out.exitCode, 1)
    assert.match(out.error?.message ?? '', /forecast job nope not found/)
  })
})
