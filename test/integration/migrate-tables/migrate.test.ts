import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {DescribeTimeToLiveCommand, type DynamoDBClient, GetItemCommand, PutItemCommand} from '@aws-sdk/client-dynamodb'

import MigrateTables from '../../../src/commands/migrate-tables/index.js'
import MigrateTablesPlan from '../../../src/commands/migrate-tables/plan.js'
import MigrateTablesStatus from '../../../src/commands/migrate-tables/status.js'
import MigrateTablesVerify from '../../../src/commands/migrate-tables/verify.js'
import type {MigrationPlan} from '../../../src/sdk/migration/plan.js'
import type {MigrationReport} from '../../../src/sdk/migration/report.js'
import type {StatusOutput} from '../../../src/commands/migrate-tables/status.js'
import {runCommand} from '../../helpers/run-command.js'
import {startTestEngine, type TestEngine} from '../dynamodb-local.js'
import {
  engineClient,
  expectedTargets,
  type LegacyTable,
  listTables,
  RICH_PRODUCT,
  scanAll,
  seedLayout,
  targetContents,
  targetKey,
  createLegacyTable,
  dropEnv,
} from './layout.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'migrate')
const ENV = 'dev'
const SIZES = {sales: 1000, forecasts: 250, products: 200, alerts: 60, orders: 100, users: 50}

describe('omnix migrate-tables on a local engine', function () {
  this.timeout(60_000)
  let engine: TestEngine
  let client: DynamoDBClient
  let layout: LegacyTable[]
  let stateDir: string
  let stateFile: string
  const target = () => ['-e', ENV, '--endpoint-url', engine.endpoint]

  before(async function () {
    this.timeout(180_000)
    engine = await startTestEngine()
    client = engineClient(engine.endpoint)
    layout = await seedLayout(client, ENV, SIZES)
    stateDir = await mkdtemp(join(tmpdir(), 'omnix-migrate-'))
    stateFile = join(stateDir, 'dev.json')
  })

  after(async () => {
    await dropEnv(client, ENV)
    await dropEnv(client, 'prod')
    client.destroy()
    await engine.stop()
  })

  it('plans the legacy layout: targets, key transforms, kept tables, orphans (JSON)', async () => {
    const {stdout, exitCode} = await runCommand(MigrateTablesPlan, [...target(), '--json'])
    assert.equal(exitCode, 0)
    const plan = JSON.parse(stdout) as MigrationPlan
    const copies = Object.fromEntries(plan.copies.map((c) => [c.source, c]))
    assert.equal(copies['omnix-ai-historical-data-dev'].target, 'omnix-ai-dev-forecasting')
    assert.equal(copies['omnix-ai-historical-data-dev'].itemCount, 1000)
    assert.deepEqual(copies['omnix-ai-historical-data-dev'].transformText, ['PK = "SALES#" + product_id', 'SK = "DATE#" + date'])
    assert.deepEqual(copies['omnix-ai-forecasts-dev'].transformText, ['PK = "FORECAST#" + product_id', 'SK = "DATE#" + forecast_date'])
    assert.equal(copies['omnix-ai-cdk-dev-orders'].target, 'omnix-ai-dev-orders')
    assert.equal(copies['omnix-ai-alerts-dev'].target, 'omnix-ai-dev-analytics')
    assert.equal(copies['omnix-ai-products-dev'].target, 'omnix-ai-dev-products')
    const left = Object.fromEntries(plan.leftAlone.map((l) => [l.table, l]))
    assert.equal(left['omnix-ai-dev-users'].kind, 'catalog')
    assert.equal(left['omnix-ai-cdk-sessions'].kind, 'unassigned')
    assert.ok(plan.orphans.some((o) => o.table === 'omnix-ai-loadtest-dev'))
    assert.ok(plan.targets.every((t) => !t.exists))
  })

  it('a corrupt mapping file: a clear error naming line and field, and nothing written', async () => {
    const before = await listTables(client)
    const {exitCode, error} = await runCommand(MigrateTables, [...target(), '--mapping', join(fixtures, 'corrupt-target.yaml'), '--yes', '--state-file', stateFile])
    assert.equal(exitCode, 2)
    assert.match(String(error?.message), /corrupt-target\.yaml:6: tables\[1\]\.target: one of the catalog tables/)
    assert.deepEqual((await listTables(client)).sort(), before.sort())
    assert.equal(existsSync(stateFile), false)
  })

  it('--dry-run reports what it would do and changes nothing', async () => {
    const before = await listTables(client)
    const {stdout, exitCode} = await runCommand(MigrateTables, [...target(), '--dry-run', '--json', '--state-file', stateFile])
    assert.equal(exitCode, 0)
    const report = JSON.parse(stdout) as MigrationReport
    assert.equal(report.dryRun, true)
    assert.ok(report.tables.every((t) => t.status === 'would-copy'))
    assert.deepEqual((await listTables(client)).sort(), before.sort())
    assert.equal(existsSync(stateFile), false)
  })

  it('never deletes with --dry-run', async () => {
    const {exitCode, error} = await runCommand(MigrateTables, [...target(), '--dry-run', '--delete-sources', '--yes'])
    assert.equal(exitCode, 2)
    assert.match(String(error?.message), /--delete-sources cannot be combined with --dry-run/)
  })

  it('refuses to copy without a terminal or --yes', async () => {
    const {exitCode, error} = await runCommand(MigrateTables, [...target(), '--state-file', stateFile])
    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /refusing without a terminal/)
    assert.equal(existsSync(stateFile), false)
  })

  it('runs: creates the targets from the catalog, copies bit-exact, verifies, reports', async () => {
    const {stdout, exitCode, stderr} = await runCommand(MigrateTables, [...target(), '--yes', '--json', '--state-file', stateFile])
    assert.equal(exitCode, 0, stderr)
    const report = JSON.parse(stdout) as MigrationReport
    assert.equal(report.verified, true)
    assert.equal(report.resumed, false)
    assert.deepEqual([...report.targetsCreated].sort(), ['omnix-ai-dev-analytics', 'omnix-ai-dev-forecasting', 'omnix-ai-dev-orders', 'omnix-ai-dev-products'])
    // Created exactly as the catalog declares them, expiry included (forecasts 90 days, alerts 30).
    for (const name of ['omnix-ai-dev-forecasting', 'omnix-ai-dev-analytics']) {
      const {TimeToLiveDescription: ttl} = await client.send(new DescribeTimeToLiveCommand({TableName: name}))
      assert.deepEqual([ttl?.AttributeName, ttl?.TimeToLiveStatus], ['ttl', 'ENABLED'], name)
    }
    const sales = report.tables.find((t) => t.source === 'omnix-ai-historical-data-dev')!
    assert.equal(sales.copied, 1000)
    assert.equal(sales.verify?.sourceCount, 1000)
    assert.equal(sales.verify?.targetCount, 1000)
    assert.equal(sales.verify?.sourceHash, sales.verify?.targetHash)
    assert.equal(sales.backup?.status, 'unsupported')
    assert.equal(report.cutover?.status, 'skipped')
    assert.equal(report.totals.copied, 1000 + 250 + 200 + 60 + 100)
    assert.equal(typeof report.totals.retries, 'number')
    assert.equal(typeof report.totals.throttles, 'number')

    // Independently of the code under test: each target holds exactly the transformed items.
    const expected = expectedTargets(layout, targetKey)
    for (const [name, want] of expected) assert.deepEqual(await targetContents(client, name), want, name)

    const rich = await client.send(new GetItemCommand({TableName: 'omnix-ai-dev-products', Key: {id: {S: 'RICH-001'}}}))
    assert.equal(rich.Item?.big.N, '12345678901234567890')
    assert.equal(rich.Item?.precise.N, '0.1000000000000000055511151231257827')
    assert.deepEqual(rich.Item, normalised(RICH_PRODUCT, rich.Item!))
    const forecast = await client.send(new GetItemCommand({TableName: 'omnix-ai-dev-forecasting', Key: {PK: {S: 'FORECAST#P-0000'}, SK: {S: 'DATE#2023-04-11'}}}))
    assert.equal(forecast.Item?.confidence_interval.M?.level.N, '0.95')
    assert.equal(forecast.Item?.product_id.S, 'P-0000')
  })

  it('verify passes, and names the key of a target item that differs', async () => {
    const ok = await runCommand<{verified: boolean}>(MigrateTablesVerify, [...target(), '--json'])
    assert.equal(ok.exitCode, 0)
    assert.equal(JSON.parse(ok.stdout).verified, true)

    const key = {PK: {S: 'SALES#P-0001'}, SK: {S: 'DATE#2023-01-05'}}
    const original = (await client.send(new GetItemCommand({TableName: 'omnix-ai-dev-forecasting', Key: key}))).Item!
    await client.send(new PutItemCommand({TableName: 'omnix-ai-dev-forecasting', Item: {...original, quantity_sold: {N: '999'}}}))
    try {
      const bad = await runCommand(MigrateTablesVerify, target())
      assert.equal(bad.exitCode, 1)
      assert.match(bad.stdout, /omnix-ai-historical-data-dev: 0 missing, 1 different/)
      assert.match(bad.stdout, /different PK=SALES#P-0001,SK=DATE#2023-01-05/)
      assert.match(String(bad.error?.message), /verification failed for omnix-ai-historical-data-dev/)
    } finally {
      await client.send(new PutItemCommand({TableName: 'omnix-ai-dev-forecasting', Item: original}))
    }
  })

  it('status shows what is done and verified', async () => {
    const {stdout, exitCode} = await runCommand(MigrateTablesStatus, [...target(), '--state-file', stateFile, '--json'])
    assert.equal(exitCode, 0)
    const status = JSON.parse(stdout) as StatusOutput & {found: true}
    assert.equal(status.found, true)
    assert.equal(status.finished, true)
    assert.equal(status.counts.verified, 5)
    assert.equal(status.counts.pending, 0)
    assert.equal(status.runningBy, undefined)
  })

  it('running again is safe, and --delete-sources then deletes only verified sources, never kept tables or orphans', async () => {
    const {stdout, exitCode} = await runCommand(MigrateTables, [...target(), '--yes', '--json', '--delete-sources', '--state-file', stateFile])
    assert.equal(exitCode, 0)
    const report = JSON.parse(stdout) as MigrationReport
    assert.equal(report.verified, true)
    const expected = expectedTargets(layout, targetKey)
    for (const [name, want] of expected) assert.deepEqual(await targetContents(client, name), want, name)
    assert.deepEqual([...report.deleted].sort(), ['omnix-ai-alerts-dev', 'omnix-ai-cdk-dev-orders', 'omnix-ai-forecasts-dev', 'omnix-ai-historical-data-dev', 'omnix-ai-products-dev'])
    const tables = await listTables(client)
    for (const gone of report.deleted) assert.ok(!tables.includes(gone), gone)
    for (const kept of ['omnix-ai-dev-users', 'omnix-ai-loadtest-dev', 'omnix-ai-cdk-sessions', 'omnix-ai-dev-forecasting']) assert.ok(tables.includes(kept), kept)
  })

  describe('in prod', () => {
    const prodState = () => join(stateDir, 'prod.json')
    const prodTarget = () => ['-e', 'prod', '--endpoint-url', engine.endpoint]

    before(async () => {
      await dropEnv(client, 'prod')
      await createLegacyTable(client, {name: 'omnix-ai-products-prod', keys: ['id'], items: [{id: {S: 'a'}}, {id: {S: 'b'}}, {id: {S: 'c'}}]})
    })

    it('--delete-sources without --confirm prod refuses before writing anything', async () => {
      const {exitCode, error} = await runCommand(MigrateTables, [...prodTarget(), '--yes', '--delete-sources', '--state-file', prodState()])
      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /refusing without a terminal to type "prod"/)
      assert.ok(!(await listTables(client)).includes('omnix-ai-prod-products'))
      const wrong = await runCommand(MigrateTables, [...prodTarget(), '--yes', '--delete-sources', '--confirm', 'dev', '--state-file', prodState()])
      assert.equal(wrong.exitCode, 1)
      assert.match(String(wrong.error?.message), /--confirm "dev" does not match "prod"/)
      assert.ok(!(await listTables(client)).includes('omnix-ai-prod-products'))
    })

    it('with --confirm prod copies, verifies, then deletes the source', async () => {
      const {stdout, exitCode} = await runCommand(MigrateTables, [...prodTarget(), '--yes', '--delete-sources', '--confirm', 'prod', '--json', '--state-file', prodState()])
      assert.equal(exitCode, 0)
      const report = JSON.parse(stdout) as MigrationReport
      assert.equal(report.verified, true)
      assert.deepEqual(report.deleted, ['omnix-ai-products-prod'])
      const tables = await listTables(client)
      assert.ok(!tables.includes('omnix-ai-products-prod'))
      assert.equal((await scanAll(client, 'omnix-ai-prod-products')).length, 3)
    })
  })

  describe('with a mapping file', () => {
    before(async () => {
      layout = await seedLayout(client, ENV, {sales: 300, forecasts: 50, products: 20, alerts: 10, orders: 10})
    })

    it('applies its transforms (rename, prefix, drop, default) and skips what it says', async () => {
      const state = join(stateDir, 'dev-mapped.json')
      const {stdout, exitCode} = await runCommand(MigrateTables, [...target(), '--mapping', join(fixtures, 'mapping.yaml'), '--yes', '--json', '--state-file', state])
      assert.equal(exitCode, 0)
      const report = JSON.parse(stdout) as MigrationReport
      assert.equal(report.verified, true)
      const item = (await client.send(new GetItemCommand({TableName: 'omnix-ai-dev-forecasting', Key: {PK: {S: 'SALES#P-0000'}, SK: {S: 'DATE#2023-01-01'}}}))).Item
      assert.equal(item?.currency.S, 'EUR')
      assert.equal(item?.quantity_sold.N, '0')
      const plan = JSON.parse((await runCommand(MigrateTablesPlan, [...target(), '--mapping', join(fixtures, 'mapping.yaml'), '--json'])).stdout) as MigrationPlan
      assert.match(plan.copies.find((c) => c.source === 'omnix-ai-historical-data-dev')!.matchedBy, /mapping\.yaml:4$/)
    })
  })
})

/** DynamoDB returns sets in its own order; compare with the sent item's sets in that order. */
function normalised(sent: Record<string, unknown>, got: Record<string, {SS?: string[]; NS?: string[]; BS?: Uint8Array[]}>): unknown {
  const out: Record<string, unknown> = {...sent}
  for (const [k, v] of Object.entries(got)) {
    if (v.SS || v.NS || v.BS) out[k] = v
  }
  for (const k of ['tags', 'sizes', 'hashes']) {
    const a = sent[k] as {SS?: string[]; NS?: string[]; BS?: Uint8Array[]}
    const b = got[k]
    const list = (x: typeof a) => (x.SS ?? x.NS ?? x.BS!.map((u) => Buffer.from(u).toString('hex'))).slice().sort()
    assert.deepEqual(list(b), list(a), k)
  }
  return out
}
