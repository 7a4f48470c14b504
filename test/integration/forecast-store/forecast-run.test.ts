import assert from 'node:assert/strict'

import {DeleteTableCommand, PutItemCommand} from '@aws-sdk/client-dynamodb'

import {FORECAST_TTL_DAYS, TABLES, tableName} from '../../../src/sdk/catalog/tables.js'
import {addDays, dateRange} from '../../../src/sdk/forecast-store/dates.js'
import {discoverProducts, readSalesHistory} from '../../../src/sdk/forecast-store/history.js'
import {runForecasts} from '../../../src/sdk/forecast-store/run.js'
import {forecastView, storedAccuracy} from '../../../src/sdk/forecast-store/views.js'
import {type Harness, harness, partition, putSales, WEEK} from './fixtures.js'

describe('forecast run (DynamoDB Local)', function () {
  this.timeout(120_000)
  const env = `fcit${process.pid}`
  const table = tableName(env, 'forecasting')
  const now = new Date('2025-03-10T12:00:00Z')
  // History of A: 84 days of the weekly pattern up to 2025-03-01, with a week missing early on.
  const lastDay = '2025-03-01'
  const aDays = dateRange(addDays(lastDay, -83), 84)
  let h: Harness

  before(async () => {
    h = await harness(env)
    await putSales(
      h.client,
      env,
      'A',
      aDays.flatMap((d, i) => (i >= 14 && i < 21 ? [] : [[d, WEEK[i % 7]] as const])),
    )
    await putSales(h.client, env, 'B', dateRange('2025-01-01', 40).map((d, i) => [d, 10 + (i % 3)] as const))
    await putSales(h.client, env, 'C', dateRange('2025-02-01', 20).map((d) => [d, 1] as const))
  })

  after(async () => {
    for (const def of TABLES) await h.client.send(new DeleteTableCommand({TableName: tableName(env, def.id)})).catch(() => {})
    h.client.destroy()
  })

  it('reads a product history oldest first across pages, and only the last N days when asked', async () => {
    const all = await readSalesHistory(h.client, table, 'A', {pageSize: 5})
    assert.equal(all.length, 77)
    assert.equal(all[0].date, aDays[0])
    assert.equal(all.at(-1)?.date, lastDay)
    const window = await readSalesHistory(h.client, table, 'A', {pageSize: 4, historyDays: 10})
    assert.deepEqual(
      window.map((p) => p.date),
      dateRange(addDays(lastDay, -9), 10),
    )
  })

  it('reads history as of a day: later records ignored, the window counted back from it', async () => {
    const asOf = await readSalesHistory(h.client, table, 'A', {through: '2025-02-20', historyDays: 7})
    assert.deepEqual(
      asOf.map((p) => p.date),
      dateRange('2025-02-14', 7),
    )
  })

  it('finds products in the sales partitions while the products table is empty', async () => {
    assert.deepEqual(await discoverProducts(h.client, {products: tableName(env, 'products'), forecasting: table}), {productIds: ['A', 'B', 'C'], source: 'sales', catalog: 0, withSales: 3, withoutSales: []})
  })

  it('writes FORECAST# items for the requested products only, dated from the day after the history, expiring in 90 days', async () => {
    const result = await runForecasts(h.client, {env, productIds: ['A', 'B', 'NOPE'], horizon: 14, method: 'snaive', workers: 1, now})
    assert.equal(result.products_forecast, 2)
    assert.equal(result.items_written, 28)
    assert.deepEqual(result.skipped, [{product_id: 'NOPE', reason: 'no sales history'}])
    const a = result.products.find((p) => p.product_id === 'A')
    assert.deepEqual(a?.history, {start: aDays[0], end: lastDay, days: 84, filled_days: 7})
    assert.equal(a?.forecast_start, '2025-03-02')
    assert.equal(a?.forecast_end, '2025-03-15')

    const items = await partition(h.client, table, 'FORECAST#A')
    assert.deepEqual(
      items.map((i) => i.SK.S),
      dateRange('2025-03-02', 14).map((d) => `DATE#${d}`),
    )
    const ttl = Math.floor(now.getTime() / 1000) + FORECAST_TTL_DAYS * 86_400
    for (const item of items) {
      assert.equal(Number(item.ttl.N), ttl)
      assert.equal(item.created_at.S, now.toISOString())
      assert.equal(item.product_id.S, 'A')
      assert.equal(item.forecast_date.S, item.SK.S?.slice(5))
      assert.equal(item.confidence_interval.M?.level.N, '95')
      assert.deepEqual(
        item.confidence_intervals.L?.map((l) => l.M?.level.N),
        ['80', '95'],
      )
    }
    // Seasonal naive continues the weekly pattern: the gap was filled with zeros, so dates line up.
    assert.deepEqual(
      items.slice(0, 7).map((i) => Number(i.predicted_demand.N)),
      dateRange('2025-03-02', 7).map((_, k) => WEEK[(84 + k) % 7]),
    )
    assert.equal((await partition(h.client, table, 'FORECAST#B')).length, 14)
    assert.equal((await partition(h.client, table, 'FORECAST#C')).length, 0)
  })

  it('overwrites on a re-run and drops days past a shorter horizon instead of keeping both forecasts', async () => {
    const later = new Date(now.getTime() + 3_600_000)
    const shorter = await runForecasts(h.client, {env, productIds: ['A'], horizon: 7, method: 'snaive', workers: 1, now: later})
    assert.equal(shorter.items_written, 7)
    assert.equal(shorter.items_removed, 7)
    const again = await runForecasts(h.client, {env, productIds: ['A'], horizon: 7, method: 'snaive', workers: 1, now: later})
    assert.equal(again.items_removed, 0)
    const items = await partition(h.client, table, 'FORECAST#A')
    assert.equal(items.length, 7)
    assert.ok(items.every((i) => i.created_at.S === later.toISOString()))
  })

  it('stores backtest metrics that accuracy and the chart view read back', async () => {
    const stored = await storedAccuracy(h.client, {env, productIds: ['A', 'B', 'C']})
    assert.deepEqual(stored.missing, ['C'])
    const a = stored.products.find((p) => p.product_id === 'A')
    assert.equal(a?.model, 'snaive')
    assert.ok((a?.n ?? 0) > 0)
    assert.equal(stored.summary.overall.products, 2)
    const view = await forecastView(h.client, {env, productId: 'A', historyDays: 28})
    assert.equal(view.history.length, 28)
    assert.equal(view.history.at(-1)?.date, lastDay)
    assert.equal(view.forecast.length, 7)
  })

  it('forecasts from the day after --through, counting quiet days since the last sale as zero', async () => {
    const result = await runForecasts(h.client, {env, productIds: ['C'], horizon: 5, method: 'naive', workers: 1, through: '2025-03-05', write: false, now})
    const c = result.products[0]
    // C sold 1 a day up to 2025-02-20, then nothing through 2025-03-05: a naive forecast says 0.
    assert.deepEqual(c.history, {start: '2025-02-01', end: '2025-03-05', days: 33, filled_days: 13})
    assert.equal(c.forecast_start, '2025-03-06')
    assert.equal(c.next_7_days, 0)
    assert.equal(result.items_written, 0)
    assert.equal((await partition(h.client, table, 'FORECAST#C')).length, 0)
  })

  it('forecasts the union of the catalog and the products with sales for --all, naming what it leaves out', async () => {
    // B is in the catalog with sales, D in the catalog without; A and C have sales but no catalog record.
    await h.client.send(new PutItemCommand({TableName: tableName(env, 'products'), Item: {id: {S: 'B'}, name: {S: 'Bee'}}}))
    await h.client.send(new PutItemCommand({TableName: tableName(env, 'products'), Item: {id: {S: 'D'}, name: {S: 'Dee'}}}))
    const found = await discoverProducts(h.client, {products: tableName(env, 'products'), forecasting: table})
    assert.deepEqual(found, {productIds: ['A', 'B', 'C', 'D'], source: 'products+sales', catalog: 2, withSales: 3, withoutSales: ['D']})
    const result = await runForecasts(h.client, {env, horizon: 3, method: 'snaive', workers: 1, now, write: false})
    assert.equal(result.products_from, 'products+sales')
    assert.equal(result.products_requested, 4)
    assert.deepEqual(
      result.products.map((p) => p.product_id),
      ['A', 'B', 'C'],
    )
    assert.deepEqual(result.skipped, [{product_id: 'D', reason: 'in the products table but has no sales history'}])
  })
})
