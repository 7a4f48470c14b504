import assert from 'node:assert/strict'
import {mkdtemp, readFile, realpath, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Demo from '../../../src/commands/demo.js'
import {tableName} from '../../../src/sdk/catalog/tables.js'
import type {DemoResult} from '../../../src/sdk/demo/run.js'
import {runCommand} from '../../helpers/run-command.js'
import {type Harness, harness, partition, SHARED_ENV} from './fixtures.js'

describe('omnix demo (DynamoDB Local)', function () {
  this.timeout(180_000)
  const env = SHARED_ENV
  let h: Harness
  let work: string
  let cwd: string

  before(async () => {
    h = await harness(env)
    work = await realpath(await mkdtemp(join(tmpdir(), 'omnix-demo-')))
    cwd = process.cwd()
    process.chdir(work)
  })

  after(async () => {
    process.chdir(cwd)
    h.client.destroy()
    await rm(work, {recursive: true, force: true})
  })

  it('--json: generates, imports, forecasts and reports end to end in one result', async () => {
    const out = await runCommand<DemoResult>(Demo, ['--products', '5', '--days', '400', '--workers', '1', '-e', env, '--endpoint-url', h.endpoint, '--json'])
    assert.equal(out.exitCode, 0, out.stderr)
    const r = JSON.parse(out.stdout) as DemoResult
    assert.equal(r.env, env)
    assert.equal(r.engine.kind, 'endpoint')
    assert.equal(r.data.products, 5)
    assert.equal(r.data.days, 400)
    assert.equal(r.data.intermittent_products, 1)
    assert.equal(r.data.csv, join(work, '.omnix', 'demo', 'sales.csv'))
    const csv = (await readFile(r.data.csv, 'utf8')).trimEnd().split('\n')
    assert.equal(csv.length, r.data.rows + 1)
    assert.deepEqual([r.import.skipped, r.import.written, r.import.rejected, r.import.duplicates], [false, r.data.rows, 0, 0])
    assert.deepEqual(r.seeded, {products: 5, inventory: 5})
    assert.equal(r.forecast.products_forecast, 5)
    assert.equal(r.forecast.items_written, 5 * 30)
    const overall = r.accuracy?.overall
    assert.equal(overall?.products, 5)
    assert.ok(typeof overall?.mase === 'number' && overall.mase > 0)
    assert.ok(typeof overall?.smape === 'number')
    assert.deepEqual(Object.keys(overall?.coverage ?? {}), ['80', '95'])
    assert.ok((r.accuracy?.by_method.length ?? 0) >= 1)
    assert.equal(r.inventory.products, 5)
    assert.equal(r.inventory.without_forecast, 0)
    assert.ok(r.inventory.at_risk >= 1, 'the demo leaves some products short')
    assert.equal(r.inventory.alerts_created + r.inventory.alerts_existing, r.inventory.at_risk)
    const first = r.forecast.products[0].product_id
    assert.equal((await partition(h.client, tableName(env, 'forecasting'), `FORECAST#${first}`)).length, 30)
  })

  it('re-running replaces the demo data and prints the accuracy summary and the inventory report', async () => {
    const args = ['--products', '5', '--days', '300', '--method', 'snaive', '--workers', '1', '-e', env, '--endpoint-url', h.endpoint]
    const out = await runCommand(Demo, args)
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /items of an earlier demo removed/)
    assert.match(out.stdout, /^engine +endpoint at http:\/\/127\.0\.0\.1:\d+/)
    assert.match(out.stdout, /history +5 products \(1 slow movers\) × 300 days/)
    assert.match(out.stdout, /Forecast accuracy \(rolling-origin backtest\): MASE [\d.]+/)
    assert.match(out.stdout, /METHOD +PRODUCTS +MASE +SMAPE +BIAS +COVER 80 % +COVER 95 %\nsnaive +5 /)
    assert.match(out.stdout, /Inventory report \(95 % service level\), riskiest first\nPRODUCT +NAME +STOCK/)
    assert.match(out.stdout, /already there from today/)
    // The table holds exactly the new history: the first run's 100 older days are gone.
    const csv = await readFile(join(work, '.omnix', 'demo', 'sales.csv'), 'utf8')
    const sales = await partition(h.client, tableName(env, 'forecasting'), 'SALES#COF-001')
    assert.equal(sales.length, csv.split('\n').filter((l) => l.startsWith('COF-001,')).length)

    // The same demo again the same day finds its history in place and imports nothing.
    const again = JSON.parse((await runCommand(Demo, [...args, '--json'])).stdout) as DemoResult
    assert.deepEqual([again.import.skipped, again.import.written, again.import.stale_removed], [true, 0, 0])
    assert.equal(again.forecast.products_forecast, 5)
  })
})
