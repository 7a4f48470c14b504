import assert from 'node:assert/strict'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import ForecastAccuracy, {type AccuracyResult} from '../../../src/commands/forecast/accuracy.js'
import ForecastRun from '../../../src/commands/forecast/run.js'
import ForecastShow from '../../../src/commands/forecast/show.js'
import {FORECAST_TTL_DAYS, tableName} from '../../../src/sdk/catalog/tables.js'
import {dateRange} from '../../../src/sdk/forecast-store/dates.js'
import type {ForecastRunResult} from '../../../src/sdk/forecast-store/run.js'
import {runCommand} from '../../helpers/run-command.js'
import {type Harness, harness, partition, putSales, SHARED_ENV, WEEK} from '../../integration/forecast-store/fixtures.js'

describe('forecast commands (DynamoDB Local)', function () {
  this.timeout(120_000)
  const env = SHARED_ENV
  const table = tableName(env, 'forecasting')
  let h: Harness
  let target: string[]
  let work: string

  before(async () => {
    h = await harness(env)
    target = ['-e', env, '--endpoint-url', h.endpoint]
    work = await mkdtemp(join(tmpdir(), 'omnix-forecast-cmd-'))
    const days = dateRange('2024-09-01', 120)
    await putSales(h.client, env, 'CMD-A', days.map((d, i) => [d, WEEK[i % 7]] as const))
    // B is not exactly periodic, so its MASE (scaled by the seasonal naive error) is defined.
    await putSales(h.client, env, 'CMD-B', days.map((d, i) => [d, 2 * WEEK[i % 7] + (i % 5)] as const))
  })

  after(async () => {
    h.client.destroy()
    await rm(work, {recursive: true, force: true})
  })

  it('refuses to run without --product or --all (usage error, exit 2)', async () => {
    const out = await runCommand(ForecastRun, [...target])
    assert.equal(out.exitCode, 2)
    assert.match(out.error?.message ?? '', /say which products/)
  })

  it('forecast run --json writes the items and returns one row per product', async () => {
    const started = Math.floor(Date.now() / 1000)
    const out = await runCommand<ForecastRunResult>(ForecastRun, ['-p', 'CMD-A', '-p', 'CMD-B', '--days', '10', '--method', 'snaive', '--workers', '1', ...target, '--json'])
    assert.equal(out.exitCode, 0, out.stderr)
    const result = JSON.parse(out.stdout) as ForecastRunResult
    assert.equal(result.products_forecast, 2)
    assert.equal(result.items_written, 20)
    assert.deepEqual(Object.keys(result.products[0]).sort(), [
      'backtest',
      'forecast_end',
      'forecast_start',
      'history',
      'interval_95',
      'model',
      'next_30_days',
      'next_7_days',
      'product_id',
    ])
    const a = result.products.find((p) => p.product_id === 'CMD-A')
    assert.equal(a?.forecast_start, '2024-12-30')
    // Seasonal naive repeats the week: the next 7 days sum to one week of the pattern.
    assert.equal(a?.next_7_days, WEEK.reduce((x, y) => x + y, 0))
    // A repeats its week exactly: the seasonal naive scale is zero and MASE is undefined.
    assert.equal(a?.backtest?.mase, null)
    assert.equal(typeof result.products.find((p) => p.product_id === 'CMD-B')?.backtest?.mase, 'number')
    const items = await partition(h.client, table, 'FORECAST#CMD-A')
    assert.equal(items.length, 10)
    const ttl = Number(items[0].ttl.N)
    assert.ok(Math.abs(ttl - (started + FORECAST_TTL_DAYS * 86_400)) < 120, `ttl ${ttl}`)
  })

  it('a second run overwrites the same items and prints the table', async () => {
    const out = await runCommand(ForecastRun, ['-p', 'CMD-A', '--days', '10', '--method', 'snaive', '--workers', '1', ...target])
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /PRODUCT +MODEL +NEXT 7 D +NEXT 30 D +95 % RANGE \(30 D\) +MASE/)
    assert.match(out.stdout, /CMD-A +snaive +93\.0/)
    assert.match(out.stdout, /1 product\(s\) forecast 10 days ahead: 10 items written/)
    assert.equal((await partition(h.client, table, 'FORECAST#CMD-A')).length, 10)
  })

  it('forecast show --html writes a self-contained page with an SVG chart', async () => {
    const page = join(work, 'cmd-a.html')
    const out = await runCommand(ForecastShow, ['CMD-A', '--html', page, '--history-days', '60', ...target, '--json'])
    assert.equal(out.exitCode, 0, out.stderr)
    const result = JSON.parse(out.stdout)
    assert.equal(result.html, page)
    assert.equal(result.history.length, 60)
    assert.equal(result.forecast.length, 10)
    const html = await readFile(page, 'utf8')
    assert.match(html, /<svg [^>]*>[\s\S]*<polyline[\s\S]*<\/svg>/)
    assert.match(html, /CMD-A/)
    assert.ok(!/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html))
  })

  it('forecast show draws the terminal chart', async () => {
    const out = await runCommand(ForecastShow, ['CMD-A', '--width', '80', ...target])
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /^CMD-A: daily demand, history and forecast/)
    assert.ok(out.stdout.includes('━') && out.stdout.includes('•'))
  })

  it('forecast show of a product without a forecast is a not-found error', async () => {
    const out = await runCommand(ForecastShow, ['CMD-NONE', ...target])
    assert.equal(out.exitCode, 1)
    assert.match(out.error?.message ?? '', /no forecast stored for product CMD-NONE/)
  })

  it('forecast accuracy reports stored backtest metrics per product and overall', async () => {
    const out = await runCommand<AccuracyResult>(ForecastAccuracy, ['-p', 'CMD-A', '-p', 'CMD-B', '-p', 'CMD-NONE', ...target, '--json'])
    assert.equal(out.exitCode, 0, out.stderr)
    const result = JSON.parse(out.stdout) as AccuracyResult
    assert.equal(result.source, 'stored')
    assert.deepEqual(
      result.products.map((p) => p.product_id),
      ['CMD-A', 'CMD-B'],
    )
    assert.deepEqual(result.missing, ['CMD-NONE'])
    assert.equal(result.summary.overall.products, 2)
    assert.deepEqual(
      result.summary.by_method.map((m) => m.method),
      ['snaive'],
    )
    assert.ok(typeof result.summary.overall.coverage['95'] === 'number')
  })

  it('forecast accuracy --recompute backtests another method without writing', async () => {
    const before = await partition(h.client, table, 'FORECAST#CMD-B')
    const out = await runCommand<AccuracyResult>(ForecastAccuracy, ['-p', 'CMD-B', '--recompute', '--method', 'naive', '--days', '7', '--workers', '1', ...target])
    assert.equal(out.exitCode, 0, out.stderr)
    assert.match(out.stdout, /CMD-B +naive/)
    assert.match(out.stdout, /overall +1 /)
    assert.deepEqual(await partition(h.client, table, 'FORECAST#CMD-B'), before)
  })
})
