import assert from 'node:assert/strict'

import {type AttributeValue, PutItemCommand} from '@aws-sdk/client-dynamodb'

import {tableName} from '../../../src/sdk/catalog/tables.js'
import {batchPut} from '../../../src/sdk/dynamodb/batch-writer.js'
import {addDays, isoDay} from '../../../src/sdk/forecast-store/dates.js'
import {forecastItems} from '../../../src/sdk/forecast-store/items.js'
import {inventoryReport} from '../../../src/sdk/inventory/report.js'
import {type Harness, harness, partition, SHARED_ENV} from './fixtures.js'

const env = SHARED_ENV
const Z95_INTERVAL = 1.959964

/** Stores a flat forecast of `daily` units with sd `sigma`, starting on `start`. */
async function storeFlatForecast(h: Harness, productId: string, start: string, daily: number, sigma: number, now: Date) {
  const days = 30
  const items = forecastItems({
    productId,
    start,
    result: {
      method: 'ets(A,N,N)',
      mean: Array(days).fill(daily),
      intervals: [{level: 95, lower: Array(days).fill(daily - Z95_INTERVAL * sigma), upper: Array(days).fill(daily + Z95_INTERVAL * sigma)}],
    },
    createdAt: now.toISOString(),
    ttl: 2_000_000_000,
  })
  await batchPut(h.client, items, {tableName: tableName(env, 'forecasting'), keyAttributes: ['PK', 'SK']})
}

describe('inventory report (DynamoDB Local)', function () {
  this.timeout(120_000)
  const now = new Date()
  const today = isoDay(now)
  const ids = ['INVIT-SHORT', 'INVIT-PLENTY', 'INVIT-NOFC', 'INVIT-STALE']
  let h: Harness

  before(async () => {
    h = await harness(env)
    await storeFlatForecast(h, 'INVIT-SHORT', today, 50, 10, now)
    await storeFlatForecast(h, 'INVIT-PLENTY', today, 50, 10, now)
    // A forecast that ended before today does not count.
    await storeFlatForecast(h, 'INVIT-STALE', addDays(today, -40), 50, 10, now)
    const stock: Record<string, AttributeValue>[] = [
      {product_id: {S: 'INVIT-SHORT'}, stock_on_hand: {N: '150'}, lead_time_days: {N: '4'}},
      {product_id: {S: 'INVIT-PLENTY'}, quantity: {N: '2000'}},
      {product_id: {S: 'INVIT-NOFC'}, stock_on_hand: {N: '5'}},
      {product_id: {S: 'INVIT-STALE'}, stock_on_hand: {N: '5'}},
    ]
    for (const item of stock) await h.client.send(new PutItemCommand({TableName: tableName(env, 'inventory'), Item: item}))
    await h.client.send(new PutItemCommand({TableName: tableName(env, 'products'), Item: {id: {S: 'INVIT-SHORT'}, name: {S: 'Short Beans'}}}))
  })

  after(() => h.client.destroy())

  it('computes reorder point, safety stock, cover and risk from the stored forecast and the stock on hand', async () => {
    const report = await inventoryReport(h.client, {env, productIds: ids, serviceLevel: 95, createAlerts: false, now})
    assert.equal(report.products, 4)
    assert.equal(report.z, 1.6449)
    const short = report.rows.find((r) => r.product_id === 'INVIT-SHORT')
    // L = 4 (the item's own), μ_L = 200, SS = 1.6449 × 10 × 2 → 33, ROP → 233, cover 150 / 50 = 3 days.
    assert.deepEqual(short, {
      product_id: 'INVIT-SHORT',
      name: 'Short Beans',
      stock_on_hand: 150,
      lead_time_days: 4,
      status: 'ok',
      model: 'ets(A,N,N)',
      lead_time_demand: 200,
      safety_stock: 33,
      reorder_point: 233,
      average_daily_demand: 50,
      days_of_cover: 3,
      stockout_probability: 0.9938,
      risk: 'high',
      alert: null,
    })
    const plenty = report.rows.find((r) => r.product_id === 'INVIT-PLENTY')
    // Default lead time 7, stock from the older `quantity` attribute: μ_L = 350, SS = 1.6449 × 10 × √7 → 44.
    assert.equal(plenty?.lead_time_days, 7)
    assert.equal(plenty?.reorder_point, 394)
    assert.equal(plenty?.days_of_cover, 40)
    assert.equal(plenty?.risk, 'low')
    assert.deepEqual(
      report.rows.filter((r) => r.status === 'no_forecast').map((r) => r.product_id).sort(),
      ['INVIT-NOFC', 'INVIT-STALE'],
    )
    assert.equal(report.at_risk, 1)
    assert.equal((await partition(h.client, tableName(env, 'analytics'), 'ALERT#INVIT-SHORT')).length, 0)
  })

  it('raises one alert per risky product and day: a re-run creates none', async () => {
    const first = await inventoryReport(h.client, {env, productIds: ids, now})
    assert.equal(first.alerts_created, 1)
    assert.equal(first.alerts_existing, 0)
    const later = new Date(now.getTime() + 60_000)
    const second = await inventoryReport(h.client, {env, productIds: ids, now: later})
    assert.equal(second.alerts_created, 0)
    assert.equal(second.alerts_existing, 1)
    const alerts = await partition(h.client, tableName(env, 'analytics'), 'ALERT#INVIT-SHORT')
    assert.equal(alerts.length, 1)
    assert.equal(alerts[0].SK.S, `STOCKOUT#${today}`)
    assert.equal(alerts[0].priority.S, 'high')
    assert.equal(alerts[0].created_at.S, now.toISOString())
    assert.equal((await partition(h.client, tableName(env, 'analytics'), 'ALERT#INVIT-PLENTY')).length, 0)
  })

  it('applies one lead time to every product when given', async () => {
    const report = await inventoryReport(h.client, {env, productIds: ['INVIT-SHORT'], leadTimeDays: 1, createAlerts: false, now})
    // μ_L = 50, SS = 1.6449 × 10 → 17, ROP → 67: 150 in stock is enough.
    assert.equal(report.rows[0].reorder_point, 67)
    assert.equal(report.rows[0].risk, 'low')
  })
})
