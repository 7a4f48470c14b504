import assert from 'node:assert/strict'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {demoSalesLines, SALES_CSV_HEADER, writeDemoSalesCsv} from '../../../src/sdk/demo/files.js'
import {type DemoData, generateDemoData, priceOn} from '../../../src/sdk/demo/generator.js'
import {UsageError} from '../../../src/sdk/errors.js'
import {addDays, dayNumber} from '../../../src/sdk/forecast-store/dates.js'
import {parseSalesRow, parseHeader} from '../../../src/sdk/sales/sales-row.js'

const END = '2024-06-30'
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)

/** Values of a history on the days matching `keep`. */
function daysWhere(data: DemoData, productIndex: number, keep: (date: string) => boolean): number[] {
  const h = data.histories[productIndex]
  return h.quantities.filter((_, i) => keep(addDays(h.start, i)))
}

describe('demo history generator', () => {
  const data = generateDemoData({products: 40, days: 1095, endDate: END, seed: 7})

  it('gives exactly the same data for the same seed and a different history for another', () => {
    assert.deepEqual(generateDemoData({products: 40, days: 1095, endDate: END, seed: 7}), data)
    const other = generateDemoData({products: 40, days: 1095, endDate: END, seed: 8})
    assert.deepEqual(
      other.products.map((p) => p.id),
      data.products.map((p) => p.id),
    )
    assert.notDeepEqual(other.histories[0].quantities, data.histories[0].quantities)
  })

  it('returns each day\'s expected demand only when asked, without changing the sales drawn', () => {
    assert.equal(data.histories[0].expected, undefined)
    const withMeans = generateDemoData({products: 40, days: 1095, endDate: END, seed: 7, expected: true})
    for (const [i, h] of withMeans.histories.entries()) {
      assert.deepEqual(h.quantities, data.histories[i].quantities)
      assert.equal(h.expected?.length, h.quantities.length)
    }
    // Over three years the sales average close to their expected demand, product by product.
    for (const h of withMeans.histories.filter((_, i) => !withMeans.products[i].intermittent)) {
      const ratio = mean(h.quantities) / mean(h.expected ?? [])
      assert.ok(ratio > 0.93 && ratio < 1.07, `${h.productId}: sold ${mean(h.quantities).toFixed(2)} a day, expected ${mean(h.expected ?? []).toFixed(2)}`)
    }
    // Closed on Christmas Day: nothing expected.
    const h = withMeans.histories[0]
    assert.equal(h.expected?.[h.quantities.length - 1 - (dayNumber(END)! - dayNumber('2023-12-25')!)], 0)
  })

  it('has the asked products, each with whole non-negative daily quantities up to the end date', () => {
    assert.equal(data.products.length, 40)
    assert.equal(new Set(data.products.map((p) => p.id)).size, 40)
    assert.equal(data.start, '2021-07-02')
    assert.equal(data.end, END)
    for (const [i, h] of data.histories.entries()) {
      assert.equal(h.productId, data.products[i].id)
      assert.equal(addDays(h.start, h.quantities.length - 1), END)
      assert.ok(h.start >= data.start)
      assert.ok(h.quantities.every((q) => Number.isInteger(q) && q >= 0))
    }
    assert.equal(data.stock.length, 40)
    assert.ok(data.stock.every((s) => Number.isInteger(s.stock_on_hand) && s.stock_on_hand >= 0 && [3, 5, 7, 10, 14].includes(s.lead_time_days)))
  })

  it('mixes full histories with products launched part-way', () => {
    const late = data.products.filter((p) => p.launched > data.start)
    assert.ok(late.length >= 3)
    assert.ok(data.histories.filter((h) => h.quantities.length === 1095).length >= 30)
  })

  it('has intermittent slow movers where most days sell nothing', () => {
    const slow = data.products.flatMap((p, i) => (p.intermittent ? [i] : []))
    assert.ok(slow.length >= 5)
    for (const i of slow) {
      const q = data.histories[i].quantities
      assert.ok(q.filter((x) => x === 0).length / q.length > 0.5, `${data.products[i].id} sells on most days`)
    }
    // ... and in a five-product demo too.
    assert.ok(generateDemoData({products: 5, days: 400, endDate: END}).products.some((p) => p.intermittent))
  })

  it('sells more on Saturdays than on Mondays for groceries', () => {
    const i = data.products.findIndex((p) => p.category === 'coffee' && !p.intermittent)
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay()
    assert.ok(mean(daysWhere(data, i, (d) => weekday(d) === 6)) > 1.25 * mean(daysWhere(data, i, (d) => weekday(d) === 1)))
  })

  it('has yearly seasonality: summer products peak in July, winter products in January', () => {
    const month = (d: string) => Number(d.slice(5, 7))
    const summer = data.products.findIndex((p) => p.yearly === 'summer' && !p.intermittent)
    const winter = data.products.findIndex((p) => p.yearly === 'winter' && !p.intermittent)
    assert.ok(mean(daysWhere(data, summer, (d) => month(d) === 7)) > 1.5 * mean(daysWhere(data, summer, (d) => month(d) === 1)))
    assert.ok(mean(daysWhere(data, winter, (d) => month(d) === 1)) > 1.5 * mean(daysWhere(data, winter, (d) => month(d) === 7)))
  })

  it('follows each product\'s trend from year to year', () => {
    const i = data.products.findIndex((p) => p.growth > 0.25 && p.launched === data.start && !p.intermittent)
    assert.ok(i >= 0)
    const first = mean(data.histories[i].quantities.slice(0, 365))
    const last = mean(data.histories[i].quantities.slice(-365))
    assert.ok(last > first * 1.25, `${last} vs ${first}`)
  })

  it('closes the store on 25 December and 1 January', () => {
    for (let i = 0; i < data.products.length; i++) {
      assert.deepEqual(daysWhere(data, i, (d) => d.endsWith('-12-25') || d.endsWith('-01-01')).filter((q) => q > 0), [])
    }
  })

  it('leaves a quarter of the products short of their lead-time demand', () => {
    const short = data.stock.filter((s, i) => {
      const recent = mean(data.histories[i].quantities.slice(-28))
      return !data.products[i].intermittent && s.stock_on_hand < recent * s.lead_time_days
    })
    assert.ok(short.length >= 6, `${short.length} short products`)
  })

  it('writes a sales CSV the importer accepts, one row per product and day with sales, revenue = quantity × price', async () => {
    const small = generateDemoData({products: 3, days: 60, endDate: END})
    const dir = await mkdtemp(join(tmpdir(), 'omnix-demo-csv-'))
    try {
      const path = join(dir, 'nested', 'sales.csv')
      const rows = await writeDemoSalesCsv(small, path)
      const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')
      assert.equal(lines[0], SALES_CSV_HEADER)
      assert.equal(rows, small.histories.reduce((n, h) => n + h.quantities.filter((q) => q > 0).length, 0))
      assert.equal(lines.length, rows + 1)
      assert.deepEqual(lines, [...demoSalesLines(small)])
      const columns = parseHeader(lines[0].split(','), 1)
      for (const line of lines.slice(1)) {
        const parsed = parseSalesRow(line.split(','), columns)
        assert.ok(parsed.ok, line)
        const [, date, quantity, revenue, price] = line.split(',')
        assert.ok(dayNumber(date) !== undefined)
        assert.ok(Number(quantity) > 0)
        assert.equal(Number(revenue), Math.round(Number(quantity) * Number(price) * 100) / 100)
      }
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('raises prices by 3 % each January', () => {
    const p = data.products[0]
    assert.equal(priceOn(p, END, END), p.price)
    assert.equal(priceOn(p, '2023-05-01', END), Math.round((p.price / 1.03) * 100) / 100)
  })

  it('rejects sizes out of range and bad end dates as usage errors', () => {
    assert.throws(() => generateDemoData({products: 0, endDate: END}), UsageError)
    assert.throws(() => generateDemoData({days: 10, endDate: END}), UsageError)
    assert.throws(() => generateDemoData({endDate: '2024-02-30'}), UsageError)
  })
})
