import assert from 'node:assert/strict'

import {PutItemCommand} from '@aws-sdk/client-dynamodb'

import ReportInventory from '../../../src/commands/report/inventory.js'
import {tableName} from '../../../src/sdk/catalog/tables.js'
import {batchPut} from '../../../src/sdk/dynamodb/batch-writer.js'
import {isoDay} from '../../../src/sdk/forecast-store/dates.js'
import {forecastItems} from '../../../src/sdk/forecast-store/items.js'
import type {InventoryReport} from '../../../src/sdk/inventory/report.js'
import {runCommand} from '../../helpers/run-command.js'
import {type Harness, harness, partition, SHARED_ENV} from './fixtures.js'

describe('report inventory command (DynamoDB Local)', function () {
  this.timeout(120_000)
  const env = SHARED_ENV
  let h: Harness
  let target: string[]

  before(async () => {
    h = await harness(env)
    target = ['-e', env, '--endpoint-url', h.endpoint]
    const items = forecastItems({
      productId: 'RPT-A',
      start: isoDay(new Date()),
      result: {method: 'theta', mean: Array(14).fill(20), intervals: [{level: 95, lower: Array(14).fill(10), upper: Array(14).fill(30)}]},
      createdAt: new Date().toISOString(),
      ttl: 2_000_000_000,
    })
    await batchPut(h.client, items, {tableName: tableName(env, 'forecasting'), keyAttributes: ['PK', 'SK']})
    await h.client.send(new PutItemCommand({TableName: tableName(env, 'inventory'), Item: {product_id: {S: 'RPT-A'}, stock_on_hand: {N: '30'}}}))
  })

  after(() => h.client.destroy())

  it('--dry-run reports the risk and writes no alert', async () => {
    const out = await runCommand(ReportInventory, ['-p', 'RPT-A', '--dry-run', ...target])
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /PRODUCT +NAME +STOCK +LEAD D +LEAD DEMAND +SAFETY +REORDER AT +COVER D +STOCK-OUT RISK/)
    assert.match(out.stdout, /RPT-A +30 +7 +140\.0 +\d+ +\d+ +1\.5 +100\.0 % high/)
    assert.match(out.stdout, /1 at risk of a stock-out \(1 high, 0 medium\)/)
    assert.match(out.stdout, /dry run: no alerts written/)
    assert.equal((await partition(h.client, tableName(env, 'analytics'), 'ALERT#RPT-A')).length, 0)
  })

  it('creates the alert once: the second run finds it', async () => {
    const first = await runCommand<InventoryReport>(ReportInventory, ['-p', 'RPT-A', '--service-level', '97.5', '--lead-time-days', '3', ...target, '--json'])
    assert.equal(first.exitCode, 0, first.stderr)
    const report = JSON.parse(first.stdout) as InventoryReport
    assert.equal(report.service_level, 97.5)
    assert.equal(report.z, 1.96)
    assert.equal(report.lead_time_days, 3)
    assert.equal(report.alerts_created, 1)
    assert.equal(report.rows[0].alert, 'created')
    const second = JSON.parse((await runCommand(ReportInventory, ['-p', 'RPT-A', '--service-level', '97.5', ...target, '--json'])).stdout) as InventoryReport
    assert.equal(second.alerts_created, 0)
    assert.equal(second.alerts_existing, 1)
    assert.equal((await partition(h.client, tableName(env, 'analytics'), 'ALERT#RPT-A')).length, 1)
  })

  it('rejects a service level that is not a percentage (usage error)', async () => {
    const out = await runCommand(ReportInventory, ['--service-level', '120', ...target])
    assert.equal(out.exitCode, 2)
    assert.match(out.error?.message ?? '', /--service-level: "120" is not a percentage/)
  })
})
