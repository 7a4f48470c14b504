import assert from 'node:assert/strict'

import {DeleteTableCommand} from '@aws-sdk/client-dynamodb'

import {TABLES, tableName} from '../../../src/sdk/catalog/tables.js'
import {completeShard, createJob, listJobs, MAX_JOB_ERRORS, readJob, type ShardOutcome} from '../../../src/sdk/forecast-jobs/job-store.js'
import {type Harness, harness} from '../forecast-store/fixtures.js'

const outcome = (jobId: string, shard: number, extra: Partial<ShardOutcome> = {}): ShardOutcome => ({
  jobId,
  shard,
  outcome: 'done',
  productsDone: 10,
  productsFailed: 0,
  productsSkipped: 0,
  skipped: [],
  errors: [],
  ...extra,
})

describe('forecast job store (DynamoDB Local)', function () {
  this.timeout(120_000)
  const env = `jsit${process.pid}`
  let h: Harness

  const newJob = (jobId: string, shards: number, requestedAt = '2026-01-01T02:00:00.000Z') =>
    createJob(h.client, env, {
      job_id: jobId,
      requested_at: requestedAt,
      requested_by: 'test',
      horizon_days: 30,
      method: 'auto',
      created_at: '2026-01-01T02:00:01.000Z',
      products_requested: shards * 10,
      products_total: shards * 10,
      shards_total: shards,
      skipped: [],
    })

  before(async () => {
    h = await harness(env)
  })
  after(async () => {
    for (const def of TABLES) await h.client.send(new DeleteTableCommand({TableName: tableName(env, def.id)})).catch(() => {})
    h.client.destroy()
  })

  it('creates a job once: the same id again returns the stored job', async () => {
    assert.equal((await newJob('once', 2)).created, true)
    const again = await newJob('once', 5)
    assert.equal(again.created, false)
    assert.equal(again.job.shards_total, 2)
  })

  it('counts the same shard once when two deliveries finish at the same moment', async () => {
    await newJob('race', 3)
    const results = await Promise.all([completeShard(h.client, env, outcome('race', 1)), completeShard(h.client, env, outcome('race', 1)), completeShard(h.client, env, outcome('race', 1))])
    assert.deepEqual([...results].sort(), ['counted', 'duplicate', 'duplicate'])
    const job = await readJob(h.client, env, 'race')
    assert.deepEqual([job?.shards_done, job?.products_done, job?.status], [1, 10, 'planned'])
  })

  it('ends the job exactly when its last shard is counted, whichever finishes last', async () => {
    await newJob('finish', 4)
    await Promise.all([1, 2, 3, 4].map((n) => completeShard(h.client, env, outcome('finish', n, n === 3 ? {outcome: 'failed', productsDone: 0, productsFailed: 10, errors: ['boom']} : {}))))
    const job = await readJob(h.client, env, 'finish')
    assert.equal(job?.status, 'failed')
    assert.deepEqual([job?.shards_done, job?.shards_failed, job?.failed_shards, job?.products_done, job?.products_failed], [3, 1, [3], 30, 10])
    assert.deepEqual(job?.errors, ['shard 3: boom'])
    assert.ok(job?.finished_at)
  })

  it('keeps only the first errors while the counts stay exact', async () => {
    await newJob('noisy', 30)
    for (let n = 1; n <= 30; n++) await completeShard(h.client, env, outcome('noisy', n, {productsFailed: 1, errors: [`P${n}: forecast failed`]}))
    const job = await readJob(h.client, env, 'noisy')
    assert.equal(job?.products_failed, 30)
    assert.equal(job?.errors.length, MAX_JOB_ERRORS)
    assert.equal(job?.status, 'done')
  })

  it('refuses to count a shard of a job that does not exist', async () => {
    await assert.rejects(completeShard(h.client, env, outcome('ghost-job', 1)), /forecast job ghost-job not found/)
  })

  it('lists jobs newest first', async () => {
    await newJob('older', 1, '2026-02-01T00:00:00.000Z')
    await newJob('newer', 1, '2026-02-02T00:00:00.000Z')
    const jobs = await listJobs(h.client, env, {limit: 2})
    assert.deepEqual(
      jobs.map((j) => j.job_id),
      ['newer', 'older'],
    )
  })
})
