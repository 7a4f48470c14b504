import assert from 'node:assert/strict'
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type BatchWriteItemCommandInput, type BatchWriteItemCommandOutput, type DynamoDBClient, ProvisionedThroughputExceededException} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../../../src/sdk/aws/target.js'
import {tableName} from '../../../src/sdk/catalog/tables.js'
import {FileStateStore, TableStateStore} from '../../../src/sdk/migration/checkpoint.js'
import {buildPlan} from '../../../src/sdk/migration/plan.js'
import {runMigration} from '../../../src/sdk/migration/run.js'
import {ensureCatalogTable, migrationClients} from '../../../src/sdk/migration/session.js'
import {migrationStatus} from '../../../src/sdk/migration/status.js'
import {startTestEngine, type TestEngine} from '../dynamodb-local.js'
import {dropEnv, engineClient, expectedTargets, type LegacyTable, seedLayout, targetContents, targetKey} from './layout.js'

const ENV = 'prod'

function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * Fault injection: neither local engine ever throttles, so a seeded share of BatchWriteItem calls
 * is answered with ProvisionedThroughputExceededException, and another share writes only half its
 * items and hands the rest back as UnprocessedItems, as DynamoDB does under load.
 */
function injectFaults(client: DynamoDBClient, rand: () => number, counts: {throttled: number; partial: number}): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchWriteItemCommand') return next(args)
      const r = rand()
      if (r < 0.25) {
        counts.throttled++
        throw new ProvisionedThroughputExceededException({message: 'injected: rate of requests exceeds the allowed throughput', $metadata: {httpStatusCode: 400}})
      }
      if (r < 0.5) {
        const input = args.input as BatchWriteItemCommandInput
        const [table, requests] = Object.entries(input.RequestItems ?? {})[0]
        if (requests.length > 1) {
          counts.partial++
          const keep = requests.slice(0, Math.ceil(requests.length / 2))
          const result = await next({...args, input: {...input, RequestItems: {[table]: keep}}})
          const output = result.output as BatchWriteItemCommandOutput
          output.UnprocessedItems = {[table]: [...(output.UnprocessedItems?.[table] ?? []), ...requests.slice(keep.length)]}
          return result
        }
      }
      return next(args)
    },
    {step: 'initialize', name: 'injectWriteFaults'},
  )
}

describe('migrate-tables under injected throttling', function () {
  this.timeout(60_000)
  let engine: TestEngine
  let client: DynamoDBClient
  let layout: LegacyTable[]

  before(async function () {
    this.timeout(180_000)
    engine = await startTestEngine()
    client = engineClient(engine.endpoint)
    layout = await seedLayout(client, ENV, {sales: 600, forecasts: 100, products: 60, alerts: 20, orders: 20, users: 5, orphans: 2})
  })

  after(async () => {
    await dropEnv(client, ENV)
    client.destroy()
    await engine.stop()
  })

  it('survives throttles and unprocessed items with nothing lost, and reports them', async () => {
    const clients = await migrationClients({region: 'us-east-1', endpoint: engine.endpoint, credentials: LOCAL_CREDENTIALS, local: true})
    const injected = {throttled: 0, partial: 0}
    injectFaults(clients.write, seeded(42), injected)
    const plan = await buildPlan(clients.read, {env: ENV})
    const sleeps: number[] = []
    const report = await runMigration({
      plan,
      clients,
      store: new FileStateStore(join(await mkdtemp(join(tmpdir(), 'omnix-throttle-')), 'prod.json')),
      // Backoff is exercised, not waited for.
      sleep: async (ms) => void sleeps.push(ms),
    })
    assert.ok(injected.throttled > 10 && injected.partial > 10, JSON.stringify(injected))
    assert.equal(report.verified, true)
    assert.equal(report.totals.throttles, injected.throttled)
    assert.ok(report.totals.unprocessed > 0)
    assert.ok(report.totals.retries >= injected.throttled + injected.partial)
    assert.ok(sleeps.length >= report.totals.retries)
    const expected = expectedTargets(layout, targetKey)
    for (const [name, want] of expected) assert.deepEqual(await targetContents(client, name), want, name)
  })

  it('keeps the checkpoint and lock in the analytics table with --state-table', async () => {
    const clients = await migrationClients({region: 'us-east-1', endpoint: engine.endpoint, credentials: LOCAL_CREDENTIALS, local: true})
    await ensureCatalogTable(clients.read, ENV, 'analytics')
    const store = new TableStateStore(clients.read, tableName(ENV, 'analytics'), ENV)
    const lock = await store.acquireLock()
    await assert.rejects(new TableStateStore(clients.read, tableName(ENV, 'analytics'), ENV, {isAlive: () => true}).acquireLock(), /another migrate-tables run holds the lock/)
    await lock.release()

    const plan = await buildPlan(clients.read, {env: ENV})
    const report = await runMigration({plan, clients, store})
    assert.equal(report.verified, true)
    assert.match(String(report.stateLocation), /omnix-ai-prod-analytics/)
    const status = await migrationStatus(store)
    assert.equal(status?.finished, true)
    assert.equal(status?.counts.verified, plan.copies.length)
    // The state items live beside the migrated alerts without disturbing their verification.
    assert.ok(report.tables.find((t) => t.target === 'omnix-ai-prod-analytics')?.verify?.verified)
  })
})
