import assert from 'node:assert/strict'

import {addDays, dateRange, dayNumber, daysBetween} from '../../../src/sdk/forecast-store/dates.js'
import {buildDailySeries} from '../../../src/sdk/forecast-store/series.js'

describe('daily series', () => {
  it('fills the days without a record with zero between the first and the last date', () => {
    const series = buildDailySeries([
      {date: '2024-02-27', quantity: 5},
      {date: '2024-03-01', quantity: 7},
      {date: '2024-02-28', quantity: 2},
    ])
    // 2024 is a leap year: 27, 28, 29 Feb, 1 Mar.
    assert.deepEqual(series, {start: '2024-02-27', end: '2024-03-01', values: [5, 2, 0, 7], filledDays: 1})
  })

  it('adds two records of one day and counts negative or non-finite quantities as zero', () => {
    const series = buildDailySeries([
      {date: '2023-12-31', quantity: 1},
      {date: '2023-12-31', quantity: 2.5},
      {date: '2024-01-01', quantity: -4},
      {date: '2024-01-02', quantity: Number.NaN},
    ])
    assert.deepEqual(series?.values, [3.5, 0, 0])
    assert.equal(series?.filledDays, 0)
  })

  it('gives one value for one record and nothing for none', () => {
    assert.deepEqual(buildDailySeries([{date: '2024-05-05', quantity: 9}]), {start: '2024-05-05', end: '2024-05-05', values: [9], filledDays: 0})
    assert.equal(buildDailySeries([]), undefined)
  })

  it('counts the days after the last record up to a given end as zero sold', () => {
    const series = buildDailySeries([{date: '2024-01-02', quantity: 4}], {through: '2024-01-05'})
    assert.deepEqual(series, {start: '2024-01-02', end: '2024-01-05', values: [4, 0, 0, 0], filledDays: 3})
    // An end before the last record does not cut the series.
    assert.equal(buildDailySeries([{date: '2024-01-02', quantity: 4}], {through: '2024-01-01'})?.end, '2024-01-02')
  })

  it('refuses a record with an impossible date', () => {
    assert.throws(() => buildDailySeries([{date: '2023-02-29', quantity: 1}]), /invalid date: 2023-02-29/)
  })

  it('does calendar arithmetic in whole UTC days', () => {
    assert.equal(dayNumber('1970-01-02'), 1)
    assert.equal(dayNumber('2024-02-30'), undefined)
    assert.equal(dayNumber('2024-2-3'), undefined)
    assert.equal(addDays('2024-12-31', 1), '2025-01-01')
    assert.equal(addDays('2024-03-01', -1), '2024-02-29')
    assert.equal(daysBetween('2023-01-01', '2024-01-01'), 365)
    assert.deepEqual(dateRange('2024-12-30', 3), ['2024-12-30', '2024-12-31', '2025-01-01'])
  })
})
