import assert from 'node:assert/strict'

import {
  type BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../../src/sdk/aws/target.js'
import {backoffDelay, BatchWriter, batchPut, type BatchWriteSender, type Item} from '../../src/sdk/dynamodb/batch-writer.js'
import {startTestEngine} from './dynamodb-local.js'

const TABLE = 't'
const item = (pk: string, value = '1'): Item => ({PK: {S: pk}, SK: {S: 'X'}, v: {N: value}})
const pkOf = (r: WriteRequest) => r.PutRequest?.Item?.PK?.S ?? r.DeleteRequest?.Key?.PK?.S

/** A fake DynamoDB: records every call; `respond` decides what each call leaves unprocessed. */
class FakeTable implements BatchWriteSender {
  readonly calls: WriteRequest[][] = []
  readonly stored = new Map<string, Item>()
  constructor(private readonly respond: (requests: WriteRequest[], call: number) => WriteRequest[] = () => []) {}

  async send(command: BatchWriteItemCommand): Promise<BatchWriteItemCommandOutput> {
    const requests = command.input.RequestItems![TABLE]
    const pks = requests.map(pkOf)
    assert.equal(new Set(pks).size, pks.length, 'DynamoDB refuses two requests for one key in a call')
    assert.ok(requests.length <= 25)
    this.calls.push(requests)
    const unprocessed = this.respond(requests, this.calls.length)
    for (const r of requests) if (!unprocessed.includes(r) && r.PutRequest) this.stored.set(pkOf(r)!, r.PutRequest.Item!)
    return {UnprocessedItems: unprocessed.length > 0 ? {[TABLE]: unprocessed} : {}, $metadata: {}}
  }
}

describe('BatchWriter', () => {
  it('writes in calls of at most 25 requests', async () => {
    const table = new FakeTable()
    const stats = await batchPut(table, Array.from({length: 60}, (_, i) => item(`k${i}`)), {tableName: TABLE, keyAttributes: ['PK', 'SK']})
    assert.deepEqual(
      table.calls.map((c) => c.length),
      [25, 25, 10],
    )
    assert.equal(table.stored.size, 60)
    assert.deepEqual(stats, {written: 60, calls: 3, retries: 0})
  })

  it('resends unprocessed items with growing, jittered, capped delays until all are written', async () => {
    // The first three calls for a batch leave everything but one request unprocessed.
    const table = new FakeTable((requests, call) => (call <= 3 ? requests.slice(1) : []))
    const delays: number[] = []
    const retries: {attempt: number; unprocessed: number}[] = []
    const stats = await batchPut(table, Array.from({length: 10}, (_, i) => item(`k${i}`)), {
      tableName: TABLE,
      keyAttributes: ['PK', 'SK'],
      baseDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms)
      },
      onRetry: ({attempt, unprocessed}) => retries.push({attempt, unprocessed}),
    })
    assert.deepEqual(delays, [50, 100, 150], 'half of 100, 200, then the 300 cap')
    assert.deepEqual(retries, [
      {attempt: 1, unprocessed: 9},
      {attempt: 2, unprocessed: 8},
      {attempt: 3, unprocessed: 7},
    ])
    assert.deepEqual(
      table.calls.map((c) => c.length),
      [10, 9, 8, 7],
    )
    assert.equal(table.stored.size, 10)
    assert.deepEqual(stats, {written: 10, calls: 4, retries: 3})
  })

  it('draws each delay uniformly below the cap (full jitter)', () => {
    assert.equal(backoffDelay(1, {baseDelayMs: 50, random: () => 0}), 0)
    assert.equal(backoffDelay(4, {baseDelayMs: 50, random: () => 0.999}), 399)
    assert.equal(backoffDelay(30, {baseDelayMs: 50, maxDelayMs: 5000, random: () => 0.5}), 2500)
  })

  it('gives up after maxAttempts with an error saying how many writes are left', async () => {
    const table = new FakeTable((requests) => requests.slice(2))
    const writer = new BatchWriter(table, {tableName: TABLE, keyAttributes: ['PK', 'SK'], maxAttempts: 3, sleep: async () => {}})
    for (let i = 0; i < 10; i++) await writer.put(item(`k${i}`))
    await assert.rejects(writer.flush(), (error: Error & {code?: string}) => {
      assert.equal(error.code, 'BATCH_WRITE_INCOMPLETE')
      assert.match(error.message, /^4 write\(s\) to t were still unprocessed after 3 attempts/)
      return true
    })
    assert.equal(table.calls.length, 3)
  })

  it('lets a later request for a key replace one still waiting in the open batch', async () => {
    const table = new FakeTable()
    const writer = new BatchWriter(table, {tableName: TABLE, keyAttributes: ['PK', 'SK']})
    assert.equal(await writer.put(item('a', '1')), 'queued')
    assert.equal(await writer.put(item('b', '1')), 'queued')
    assert.equal(await writer.put(item('a', '2')), 'replaced')
    await writer.flush()
    assert.equal(table.calls.length, 1)
    assert.deepEqual(table.stored.get('a')?.v, {N: '2'})
  })

  it('keeps at most `concurrency` calls in flight, and starts the next one as soon as one finishes', async () => {
    const releases: (() => void)[] = []
    let inFlight = 0
    let most = 0
    let stored = 0
    const client: BatchWriteSender = {
      async send(command) {
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise<void>((resolve) => releases.push(resolve))
        inFlight--
        stored += command.input.RequestItems![TABLE].length
        return {UnprocessedItems: {}, $metadata: {}}
      },
    }
    const writer = new BatchWriter(client, {tableName: TABLE, keyAttributes: ['PK', 'SK'], batchSize: 1, concurrency: 3})
    // Turns of the event loop until the condition holds (the writer loads the SDK before its first call).
    const until = async (condition: () => boolean) => {
      for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((r) => setImmediate(r))
    }
    for (let i = 0; i < 3; i++) await writer.put(item(`k${i}`))
    let fourthQueued = false
    const fourth = writer.put(item('k3')).then(() => (fourthQueued = true))
    await until(() => inFlight === 3)
    await new Promise((r) => setImmediate(r))
    assert.deepEqual([inFlight, fourthQueued], [3, false], 'the fourth call waits for a free slot')
    releases.shift()!()
    await fourth
    await until(() => releases.length === 3)
    assert.equal(inFlight, 3, 'the freed slot went to the fourth call')
    const flushed = writer.flush()
    for (let i = 0; i < 10_000 && stored < 4; i++) {
      releases.shift()?.()
      await new Promise((r) => setImmediate(r))
    }
    await flushed
    assert.deepEqual([most, stored, writer.stats.calls], [3, 4, 4])
  })

  it('holds a request back while an earlier call for its key is in flight, so the last write lands last', async () => {
    const events: string[] = []
    let releaseFirst!: () => void
    const firstCallHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
    const stored = new Map<string, string>()
    let secondDone!: () => void
    const secondCallDone = new Promise<void>((resolve) => (secondDone = resolve))
    let calls = 0
    const client: BatchWriteSender = {
      async send(command) {
        const call = ++calls
        const requests = command.input.RequestItems![TABLE]
        events.push(`start ${call}: ${requests.map(pkOf).join(',')}`)
        if (call === 1) await firstCallHeld
        for (const r of requests) stored.set(pkOf(r)!, r.PutRequest!.Item!.v.N!)
        events.push(`end ${call}`)
        if (call === 2) secondDone()
        return {UnprocessedItems: {}, $metadata: {}}
      },
    }
    const writer = new BatchWriter(client, {tableName: TABLE, keyAttributes: ['PK', 'SK'], batchSize: 2, concurrency: 4})
    await writer.put(item('a', 'old'))
    await writer.put(item('b', '1')) // call 1 starts and hangs
    await writer.put(item('c', '1'))
    await writer.put(item('d', '1')) // call 2, other keys: not held back
    let settled = false
    const pending = writer.put(item('a', 'new')).finally(() => (settled = true)) // key 'a' is in call 1: must wait
    await secondCallDone
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(events, ['start 1: a,b', 'start 2: c,d', 'end 2'])
    assert.equal(settled, false)
    releaseFirst()
    assert.equal(await pending, 'queued')
    await writer.flush()
    assert.deepEqual(events, ['start 1: a,b', 'start 2: c,d', 'end 2', 'end 1', 'start 3: a', 'end 3'])
    assert.equal(stored.get('a'), 'new')
  })

  it('stops accepting writes after a call fails and reports that failure', async () => {
    const client: BatchWriteSender = {
      async send() {
        throw Object.assign(new Error('boom'), {name: 'ValidationException'})
      },
    }
    const writer = new BatchWriter(client, {tableName: TABLE, keyAttributes: ['PK', 'SK'], batchSize: 1, concurrency: 1})
    await writer.put(item('a'))
    await assert.rejects(async () => {
      for (let i = 0; i < 5; i++) await writer.put(item(`k${i}`))
    }, /boom/)
    await assert.rejects(writer.flush(), /boom/)
  })

  describe('against DynamoDB Local, with unprocessed items injected by a client middleware', function () {
    this.timeout(180_000)
    let client: DynamoDBClient
    const table = `batch-writer-${process.pid}`

    before(async () => {
      const engine = await startTestEngine()
      client = new DynamoDBClient({endpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
      await client.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            {AttributeName: 'PK', AttributeType: 'S'},
            {AttributeName: 'SK', AttributeType: 'S'},
          ],
          KeySchema: [
            {AttributeName: 'PK', KeyType: 'HASH'},
            {AttributeName: 'SK', KeyType: 'RANGE'},
          ],
        }),
      )
    })

    after(async () => {
      await client.send(new DeleteTableCommand({TableName: table})).catch(() => {})
      client.destroy()
    })

    it('ends with every item stored after several calls came back partly unprocessed', async () => {
      // Throttling, simulated: the first 4 calls really send only half their requests and report the rest unprocessed.
      let throttled = 0
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'BatchWriteItemCommand' || throttled >= 4) return next(args)
          throttled++
          const input = args.input as {RequestItems: Record<string, WriteRequest[]>}
          const all = input.RequestItems[table]
          const sent = all.slice(0, Math.ceil(all.length / 2))
          const result = await next({...args, input: {RequestItems: {[table]: sent}}})
          const output = result.output as BatchWriteItemCommandOutput
          const left = [...(output.UnprocessedItems?.[table] ?? []), ...all.slice(sent.length)]
          return {...result, output: {...output, UnprocessedItems: {[table]: left}}}
        },
        {step: 'initialize', name: 'injectUnprocessed'},
      )
      const sleeps: number[] = []
      const items = Array.from({length: 80}, (_, i) => ({PK: {S: `P${i % 7}`}, SK: {S: `S${i}`}, n: {N: String(i)}}))
      const stats = await batchPut(client, items, {tableName: table, keyAttributes: ['PK', 'SK'], sleep: async (ms) => void sleeps.push(ms)})
      client.middlewareStack.remove('injectUnprocessed')
      assert.equal(throttled, 4)
      assert.ok(stats.retries >= 1 && sleeps.length === stats.retries)
      assert.equal(stats.written, 80)
      const scanned = await client.send(new ScanCommand({TableName: table}))
      assert.equal(scanned.Count, 80)
      assert.deepEqual(
        new Set(scanned.Items!.map((i) => i.n.N)),
        new Set(items.map((i) => i.n.N)),
      )
    })
  })
})
