import assert from 'node:assert/strict'

import {DeleteTableCommand, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {SendMessageBatchCommand, SQSClient} from '@aws-sdk/client-sqs'

import {handler, resetClients} from '../../../src/lambda/forecast-worker.js'
import type {SqsRecord} from '../../../src/lambda/sqs-event.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {TABLES, tableName} from '../../../src/sdk/catalog/tables.js'
import {readJob} from '../../../src/sdk/forecast-jobs/job-store.js'
import {newJobMessage} from '../../../src/sdk/forecast-jobs/messages.js'
import {dateRange} from '../../../src/sdk/forecast-store/dates.js'
import {runForecasts} from '../../../src/sdk/forecast-store/run.js'
import {mockedClient} from '../../helpers/mocked-client.js'
import {type Harness, harness, partition, putSales, WEEK} from '../forecast-store/fixtures.js'

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/omnix-ai-fjit-forecasting-queue'
const PRODUCTS = ['P1', 'P2', 'P3', 'P4', 'P5']

let nextId = 0
function record(body: string, receiveCount = 1): SqsRecord {
  return {messageId: `m-${++nextId}`, body, attributes: {ApproximateReceiveCount: String(receiveCount)}, eventSource: 'aws:sqs'}
}

describe('forecast worker handler (DynamoDB Local)', function () {
  this.timeout(180_000)
  const env = `fjit${process.pid}`
  const table = tableName(env, 'forecasting')
  const sqs = mockedClient(SQSClient)
  const saved: Record<string, string | undefined> = {}
  let h: Harness
  let restoreSink: ReturnType<typeof setLogSink>
  let logs: string[]

  /** The shard messages the worker sent since the last reset. */
  const sentShards = (): string[] => sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => e.MessageBody as string))

  before(async () => {
    h = await harness(env)
    for (const [i, id] of PRODUCTS.entries()) {
      await putSales(h.client, env, id, dateRange('2024-11-01', 120).map((d, k) => [d, WEEK[k % 7] + i] as const))
    }
    await h.client.send(new PutItemCommand({TableName: tableName(env, 'products'), Item: {id: {S: 'P1'}, name: {S: 'One'}}}))
    await h.client.send(new PutItemCommand({TableName: tableName(env, 'products'), Item: {id: {S: 'NOSALES'}, name: {S: 'Never sold'}}}))
    const vars = {
      OMNIX_ENV: env,
      FORECASTING_QUEUE_URL: QUEUE_URL,
      FORECAST_SHARD_SIZE: '2',
      AWS_ENDPOINT_URL_DYNAMODB: h.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'omnixlocal',
      AWS_SECRET_ACCESS_KEY: 'omnixlocal',
    }
    for (const [k, v] of Object.entries(vars)) {
      saved[k] = process.env[k]
      process.env[k] = v
    }
    resetClients()
  })
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    resetClients()
    for (const def of TABLES) await h.client.send(new DeleteTableCommand({TableName: tableName(env, def.id)})).catch(() => {})
    h.client.destroy()
  })
  beforeEach(() => {
    sqs.reset()
    sqs.on(SendMessageBatchCommand).callsFake((input) => ({Successful: input.Entries.map((e: {Id: string}) => ({Id: e.Id, MessageId: e.Id}))}))
    logs = []
    restoreSink = setLogSink((line) => logs.push(line))
  })
  afterEach(() => setLogSink(restoreSink))

  let shardBodies: string[] = []
  let workerItems: Record<string, unknown[]> = {}

  it('plans an `all` job into 3 shards on the same queue and ends it done with exact counts', async () => {
    const job = newJobMessage({jobId: 'job-all', productIds: 'all', requestedBy: 'test', horizonDays: 14})
    const planned = await handler({Records: [record(JSON.stringify(job))]})
    assert.deepEqual(planned.batchItemFailures, [])
    shardBodies = sentShards()
    assert.equal(shardBodies.length, 3)
    assert.equal(sqs.commandCalls(SendMessageBatchCommand)[0].args[0].input.QueueUrl, QUEUE_URL)
    assert.deepEqual(
      shardBodies.map((b) => JSON.parse(b).product_ids),
      [['P1', 'P2'], ['P3', 'P4'], ['P5']],
    )
    const before = await readJob(h.client, env, 'job-all')
    assert.equal(before?.status, 'planned')

    const out = await handler({Records: shardBodies.map((b) => record(b))})
    assert.deepEqual(out.batchItemFailures, [])
    const done = await readJob(h.client, env, 'job-all')
    assert.ok(done)
    assert.equal(done.status, 'done')
    assert.deepEqual(
      {
        requested: done.products_requested,
        total: done.products_total,
        done: done.products_done,
        failed: done.products_failed,
        skipped: done.products_skipped,
        shards: [done.shards_total, done.shards_done, done.shards_failed],
      },
      {requested: 6, total: 5, done: 5, failed: 0, skipped: 1, shards: [3, 3, 0]},
    )
    assert.deepEqual(done.skipped, [{product_id: 'NOSALES', reason: 'in the products table but has no sales history'}])
    assert.ok(done.started_at && done.finished_at && done.started_at <= done.finished_at)
    for (const id of PRODUCTS) {
      const items = await partition(h.client, table, `FORECAST#${id}`)
      assert.equal(items.length, 14, id)
      assert.ok(items.every((i) => i.created_at.S === done.created_at))
      workerItems[id] = items
    }
  })

  it('re-delivering a shard changes no counter and writes the same items', async () => {
    const before = await readJob(h.client, env, 'job-all')
    const out = await handler({Records: [record(shardBodies[0], 2)]})
    assert.deepEqual(out.batchItemFailures, [])
    assert.deepEqual(await readJob(h.client, env, 'job-all'), before)
    for (const id of ['P1', 'P2']) assert.deepEqual(await partition(h.client, table, `FORECAST#${id}`), workerItems[id])
    assert.ok(logs.some((l) => l.includes('"counted":"duplicate"')))
  })

  it('re-delivering the job message sends the same shards again and resets nothing', async () => {
    const before = await readJob(h.client, env, 'job-all')
    const job = {...newJobMessage({jobId: 'job-all', productIds: 'all', requestedBy: 'test', horizonDays: 14}), requested_at: before!.requested_at}
    const out = await handler({Records: [record(JSON.stringify(job), 2)]})
    assert.deepEqual(out.batchItemFailures, [])
    // The job is done: nothing is sent again, and its item is untouched.
    assert.equal(sentShards().length, 0)
    assert.deepEqual(await readJob(h.client, env, 'job-all'), before)
  })

  it('writes exactly the forecasts `forecast run` writes for the same data', async () => {
    const job = await readJob(h.client, env, 'job-all')
    await runForecasts(h.client, {env, productIds: PRODUCTS, horizon: 14, workers: 1, now: new Date(job!.created_at)})
    for (const id of PRODUCTS) assert.deepEqual(await partition(h.client, table, `FORECAST#${id}`), workerItems[id], id)
  })

  it('fails only the malformed message and the shard naming an unknown product; the rest succeed', async () => {
    const job = newJobMessage({jobId: 'job-mixed', productIds: ['P1'], requestedBy: 'test', horizonDays: 7})
    await handler({Records: [record(JSON.stringify(job))]})
    const [good] = sentShards()
    const ghost = JSON.stringify({...JSON.parse(good), shard: 2, product_ids: ['GHOST']})
    const records = [record(good), record('{"type":"forecast.shard","job_id":"job-mixed"'), record(ghost), record(JSON.stringify({type: 'forecast.generate', job_id: 'x'}))]
    const out = await handler({Records: records})
    assert.deepEqual(
      out.batchItemFailures.map((f) => f.itemIdentifier).sort(),
      [records[1].messageId, records[2].messageId, records[3].messageId].sort(),
    )
    const failures = logs.filter((l) => l.includes('Message failed')).join('\n')
    assert.match(failures, /not JSON/)
    assert.match(failures, /GHOST: no sales history/)
    assert.match(failures, /product_ids/)
    const job2 = await readJob(h.client, env, 'job-mixed')
    assert.equal(job2?.status, 'done')
    assert.equal(job2?.products_done, 1)
  })

  it('ends a job failed, naming the shard, when a shard fails on its last delivery', async () => {
    const job = newJobMessage({jobId: 'job-fail', productIds: ['P1', 'P2', 'P3'], requestedBy: 'test', horizonDays: 7})
    await handler({Records: [record(JSON.stringify(job))]})
    const [first, second] = sentShards()
    // The job message delivered again while the job runs: the same two shards, with the same clock.
    sqs.resetHistory()
    await handler({Records: [record(JSON.stringify(job), 2)]})
    assert.deepEqual(sentShards(), [first, second])
    await handler({Records: [record(first)]})
    const broken = JSON.stringify({...JSON.parse(second), product_ids: ['P3', 'GHOST']})
    const early = await handler({Records: [record(broken, 1), record(first, 2)]})
    assert.equal(early.batchItemFailures.length, 1)
    assert.equal((await readJob(h.client, env, 'job-fail'))?.status, 'running')
    const last = await handler({Records: [record(broken, 3), record(first, 3)]})
    assert.equal(last.batchItemFailures.length, 1)
    const failed = await readJob(h.client, env, 'job-fail')
    assert.equal(failed?.status, 'failed')
    assert.deepEqual(failed?.failed_shards, [2])
    assert.deepEqual([failed?.shards_done, failed?.shards_failed, failed?.products_done, failed?.products_failed], [1, 1, 3, 1])
    assert.match(failed?.errors.join('\n') ?? '', /shard 2: .*GHOST: no sales history/)
  })

  it('ends a job for unknown products done at once, with each named as skipped', async () => {
    const job = newJobMessage({jobId: 'job-ghosts', productIds: ['GHOST-1', 'GHOST-2'], requestedBy: 'test'})
    const out = await handler({Records: [record(JSON.stringify(job))]})
    assert.deepEqual(out.batchItemFailures, [])
    assert.equal(sentShards().length, 0)
    const done = await readJob(h.client, env, 'job-ghosts')
    assert.equal(done?.status, 'done')
    assert.equal(done?.products_skipped, 2)
    assert.equal(done?.shards_total, 0)
    assert.deepEqual(
      done?.skipped.map((s) => s.product_id),
      ['GHOST-1', 'GHOST-2'],
    )
    assert.match(done?.skipped[0].reason ?? '', /no sales history/)
  })
})
