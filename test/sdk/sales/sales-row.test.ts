import assert from 'node:assert/strict'

import fc from 'fast-check'

import {UsageError} from '../../../src/sdk/errors.js'
import {checkIsoDate, parseDecimal, parseHeader, parseSalesRow, salesItem} from '../../../src/sdk/sales/sales-row.js'

const STANDARD = parseHeader(['product_id', 'date', 'quantity_sold', 'revenue', 'price'], 1)

describe('sales rows', () => {
  describe('parseHeader', () => {
    it('accepts the columns in any order, ignoring case and spaces', () => {
      const order = parseHeader([' Price', 'DATE', 'product_id ', 'revenue', 'quantity_sold'], 1)
      assert.deepEqual(order, {product_id: 2, date: 1, quantity_sold: 4, revenue: 3, price: 0})
    })

    it('says a header is missing when the first line is data', () => {
      assert.throws(() => parseHeader(['COF-001', '2024-01-01', '3', '7.5', '2.5'], 1), (error: Error) => {
        assert.ok(error instanceof UsageError)
        assert.match(error.message, /line 1: the file has no header/)
        return true
      })
    })

    it('names unknown, missing and repeated columns', () => {
      assert.throws(() => parseHeader(['product_id', 'day', 'quantity_sold', 'revenue', 'revenue'], 3), /line 3: wrong header: unknown column\(s\) "day"; missing column\(s\) date, price; repeated column\(s\) revenue/)
    })
  })

  describe('checkIsoDate', () => {
    for (const [input, expected] of [
      ['2024-02-29', undefined],
      ['2024-02-30', /does not exist \(February 2024 has 29 days\)/],
      ['2023-02-29', /February 2023 has 28 days/],
      ['1900-02-29', /February 1900 has 28 days/],
      ['2000-02-29', undefined],
      ['2024-04-31', /April 2024 has 30 days/],
      ['2024-13-01', /has month 13/],
      ['2024-00-10', /has month 00/],
      ['2024-01-00', /does not exist/],
      ['01/02/2024', /not an ISO date/],
      ['2024-1-5', /not an ISO date/],
      ['2024-01-05T00:00:00Z', /not an ISO date/],
      ['', /date is empty/],
    ] as const) {
      it(`${JSON.stringify(input)} -> ${expected ?? 'valid'}`, () => {
        const problem = checkIsoDate(input)
        if (expected === undefined) assert.equal(problem, undefined)
        else assert.match(problem ?? '', expected)
      })
    }

    it('agrees with the calendar for every day of 1600-2400', () => {
      fc.assert(
        fc.property(fc.integer({min: 1600, max: 2400}), fc.integer({min: 1, max: 12}), fc.integer({min: 1, max: 31}), (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
          const date = new Date(Date.UTC(y, m - 1, d))
          const real = date.getUTCMonth() === m - 1 && date.getUTCDate() === d
          assert.equal(checkIsoDate(text) === undefined, real)
        }),
      )
    })
  })

  describe('parseDecimal', () => {
    it('canonicalises zeros so equal values store identically', () => {
      assert.deepEqual(parseDecimal('007.500', 'price'), {value: '7.5'})
      assert.deepEqual(parseDecimal('.5', 'price'), {value: '0.5'})
      assert.deepEqual(parseDecimal('3.', 'price'), {value: '3'})
      assert.deepEqual(parseDecimal(' 0 ', 'price'), {value: '0'})
      assert.deepEqual(parseDecimal('-0', 'price'), {value: '0'})
      assert.deepEqual(parseDecimal('+12', 'price'), {value: '12'})
    })

    it('rejects negatives, non-numbers and more digits than DynamoDB keeps', () => {
      assert.deepEqual(parseDecimal('-3', 'quantity_sold'), {problem: 'quantity_sold "-3" is negative'})
      assert.match((parseDecimal('abc', 'quantity_sold') as {problem: string}).problem, /"abc" is not a number/)
      for (const bad of ['1e3', '1,5', 'NaN', 'Infinity', '.', '0x10', '1.2.3', '--1']) assert.ok('problem' in parseDecimal(bad, 'q'), bad)
      assert.deepEqual(parseDecimal('', 'revenue'), {problem: 'revenue is empty'})
      assert.ok('problem' in parseDecimal('1'.repeat(39), 'q'))
      assert.ok('value' in parseDecimal('1'.repeat(38), 'q'))
    })

    it('keeps the value of any non-negative decimal', () => {
      fc.assert(
        fc.property(fc.nat(), fc.nat({max: 9999}), fc.nat({max: 3}), (int, frac, zeros) => {
          const text = `${'0'.repeat(zeros)}${int}.${frac}${'0'.repeat(zeros)}`
          const parsed = parseDecimal(text, 'q')
          assert.ok('value' in parsed)
          assert.equal(Number(parsed.value), Number(text))
          assert.deepEqual(parseDecimal(parsed.value, 'q'), parsed)
        }),
      )
    })
  })

  describe('parseSalesRow', () => {
    it('reads a good row into canonical values', () => {
      assert.deepEqual(parseSalesRow([' COF-001 ', '2024-01-01', '12', '30.00', '2.50'], STANDARD), {
        ok: true,
        row: {productId: 'COF-001', date: '2024-01-01', quantitySold: '12', revenue: '30', price: '2.5'},
      })
    })

    it('lists every problem of a row', () => {
      assert.deepEqual(parseSalesRow(['', '2024-02-30', '-1', 'x', '2'], STANDARD), {
        ok: false,
        reason:
          'product_id is empty; date "2024-02-30" does not exist (February 2024 has 29 days); quantity_sold "-1" is negative; revenue "x" is not a number (expected a plain decimal such as 12 or 3.50)',
      })
    })

    it('rejects a wrong field count before looking at values', () => {
      assert.deepEqual(parseSalesRow(['A', '2024-01-01', '1', '2'], STANDARD), {ok: false, reason: 'expected 5 fields, found 4'})
      assert.deepEqual(parseSalesRow(['A', '2024-01-01', '1', '2', '3', ''], STANDARD), {ok: false, reason: 'expected 5 fields, found 6'})
    })

    it('rejects control characters in product ids', () => {
      const result = parseSalesRow(['a\nb', '2024-01-01', '1', '2', '3'], STANDARD)
      assert.deepEqual(result, {ok: false, reason: 'product_id contains a control character'})
    })
  })

  it('builds the forecasting item from the row alone', () => {
    const row = {productId: 'COF-001', date: '2024-01-01', quantitySold: '12', revenue: '30', price: '2.5'}
    assert.deepEqual(salesItem(row), {
      PK: {S: 'SALES#COF-001'},
      SK: {S: 'DATE#2024-01-01'},
      product_id: {S: 'COF-001'},
      date: {S: '2024-01-01'},
      quantity_sold: {N: '12'},
      revenue: {N: '30'},
      price: {N: '2.5'},
    })
    assert.deepEqual(salesItem(row), salesItem({...row}))
  })
})
