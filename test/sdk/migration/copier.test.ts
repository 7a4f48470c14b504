import assert from 'node:assert/strict'

import {BatchWriteItemCommand, type DynamoDBClient, ProvisionedThroughputExceededException, type WriteRequest} from '@aws-sdk/client-dynamodb'

import {AdaptiveLimit} from '../../../src/sdk/migration/concurrency.js'
import {BatchCopier, chunkUnique, TokenBucket} from '../../../src/sdk/migration/copier.js'
import type {Item} from '../../../src/sdk/migration/items.js'

/** A seeded generator, so that fault patterns repeat exactly. */
function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0
    return s / 2 ** 32
  }
}

const items = (n: number, prefix = 'k'): Item[] => Array.from({length: n}, (_, i) => ({id: {S: `${prefix}${i}`}, n: {N: String(i)}}))

interface FakeTable {
  readonly stored: Map<string, Item>
  calls: number
  inFlight: number
  maxInFlight: number
  client: DynamoDBClient
}

/** Answers BatchWriteItem like DynamoDB, with a programmable fault per call. */
function fakeTable(fault: (call: number, requests: WriteRequest[]) => 'throttle' | 'half' | 'fail' | 'ok'): FakeTable {
  const table: FakeTable = {stored: new Map(), calls: 0, inFlight: 0, maxInFlight: 0, client: undefined as unknown as DynamoDBClient}
  table.client = {
    send: async (command: BatchWriteItemCommand) => {
      assert.ok(command instanceof BatchWriteItemCommand)
      const requests = Object.values(command.input.RequestItems!)[0]
      assert.ok(requests.length <= 25, 'at most 25 requests per call')
      const call = table.calls++
      table.inFlight++
      table.maxInFlight = Math.max(table.maxInFlight, table.inFlight)
      await new Promise((resolve) => setImmediate(resolve))
      table.inFlight--
      const outcome = fault(call, requests)
      if (outcome === 'throttle') throw new ProvisionedThroughputExceededException({message: 'Rate exceeded', $metadata: {}})
      if (outcome === 'fail') throw Object.assign(new Error('The provided key element does not match the schema'), {name: 'ValidationException', $fault: 'client'})
      const done = outcome === 'half' ? requests.slice(0, Math.floor(requests.length / 2)) : requests
      for (const r of done) table.stored.set(r.PutRequest!.Item!.id.S!, r.PutRequest!.Item!)
      const rest = requests.slice(done.length)
      return {UnprocessedItems: rest.length > 0 ? {t: rest} : {}}
    },
  } as unknown as DynamoDBClient
  return table
}

const noSleep = async () => {}

describe('BatchCopier', () => {
  it('writes every item in calls of at most 25', async () => {
    const table = fakeTable(() => 'ok')
    const copier = new BatchCopier(table.client, {sleep: noSleep})
    await copier.write('t', ['id'], items(1001))
    assert.equal(table.stored.size, 1001)
    assert.equal(table.calls, 41)
    assert.equal(copier.stats.written, 1001)
    assert.equal(copier.stats.retries, 0)
  })

  it('survives seeded throttling and partial UnprocessedItems with nothing lost, counting both', async () => {
    const rand = seeded(7)
    const table = fakeTable(() => {
      const r = rand()
      return r < 0.2 ? 'throttle' : r < 0.4 ? 'half' : 'ok'
    })
    const sleeps: number[] = []
    const copier = new BatchCopier(table.client, {sleep: async (ms) => void sleeps.push(ms), random: seeded(3)})
    const perTable = {written: 0, batches: 0, retries: 0, throttles: 0, unprocessed: 0, wcu: 0}
    await copier.write('t', ['id'], items(2000), perTable)
    assert.equal(table.stored.size, 2000)
    for (let i = 0; i < 2000; i++) assert.equal(table.stored.get(`k${i}`)?.n.N, String(i))
    assert.ok(perTable.throttles > 0, 'throttles counted')
    assert.ok(perTable.unprocessed > 0, 'unprocessed items counted')
    assert.equal(perTable.retries, sleeps.length)
    assert.equal(perTable.written, 2000)
    assert.ok(sleeps.every((ms) => ms >= 0 && ms <= 5000), 'jittered backoff stays under the cap')
  })

  it('halves the calls in flight on throttling and grows back after successes', async () => {
    const limit = new AdaptiveLimit(16, 1, 32)
    limit.onThrottle()
    assert.equal(limit.limit, 8)
    limit.onThrottle()
    limit.onThrottle()
    limit.onThrottle()
    limit.onThrottle()
    assert.equal(limit.limit, 1)
    for (let i = 0; i < 1; i++) limit.onSuccess()
    assert.equal(limit.limit, 2)
    for (let i = 0; i < 2; i++) limit.onSuccess()
    assert.equal(limit.limit, 3)
  })

  it('keeps fewer calls in flight once the table throttles', async () => {
    const table = fakeTable((call) => (call < 40 && call % 2 === 0 ? 'throttle' : 'ok'))
    const copier = new BatchCopier(table.client, {sleep: noSleep, initialConcurrency: 16, maxConcurrency: 16})
    await copier.write('t', ['id'], items(25 * 20))
    assert.equal(table.stored.size, 500)
    assert.ok(copier.concurrency < 16, `concurrency went down (now ${copier.concurrency})`)
  })

  it('gives up on a batch after maxAttempts fruitless tries, naming the table', async () => {
    const table = fakeTable(() => 'throttle')
    const copier = new BatchCopier(table.client, {sleep: noSleep, maxAttempts: 4})
    await assert.rejects(copier.write('omnix-ai-dev-users', ['id'], items(3)), /omnix-ai-dev-users failed after 4 attempts/)
    assert.equal(table.calls, 4)
  })

  it('does not retry a request DynamoDB rejects as invalid', async () => {
    const table = fakeTable(() => 'fail')
    const copier = new BatchCopier(table.client, {sleep: noSleep})
    await assert.rejects(copier.write('t', ['id'], items(3)), /does not match the schema/)
    assert.equal(table.calls, 1)
  })

  it('with --max-wcu spaces calls so that the units per second stay under the limit', async () => {
    let clock = 0
    const table = fakeTable(() => 'ok')
    const copier = new BatchCopier(table.client, {maxWcu: 50, now: () => clock, sleep: async (ms) => void (clock += ms), initialConcurrency: 4})
    await copier.write('t', ['id'], items(500))
    assert.equal(table.stored.size, 500)
    // 500 one-unit items at 50 units/s with one second of burst: at least 9 s of waiting.
    assert.ok(clock >= 9000, `waited ${clock} ms`)
    assert.ok(clock <= 10_500, `did not wait needlessly (${clock} ms)`)
  })

  it('puts items with the same key into different calls', () => {
    const dup = [...items(3), {id: {S: 'k1'}, n: {N: '99'}}]
    const batches = chunkUnique(dup, ['id'])
    assert.equal(batches.length, 2)
    assert.deepEqual(
      batches.map((b) => b.length),
      [3, 1],
    )
  })

  it('token bucket serves a burst at once and then the rate', async () => {
    let clock = 0
    const bucket = new TokenBucket(10, () => clock, async (ms) => void (clock += ms))
    await bucket.take(10)
    assert.equal(clock, 0)
    await bucket.take(5)
    assert.equal(clock, 500)
  })
})
