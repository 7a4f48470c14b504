import assert from 'node:assert/strict'

import fc from 'fast-check'

import {dayNumber, DuplicateTracker} from '../../../src/sdk/sales/duplicate-tracker.js'

const isoDay = (n: number) => {
  const date = new Date(n * 86_400_000)
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`
}

describe('DuplicateTracker', () => {
  it('numbers days like the calendar, before 1970 included', () => {
    fc.assert(
      fc.property(fc.integer({min: -700_000, max: 2_900_000}), (n) => {
        assert.equal(dayNumber(isoDay(n)), n)
      }),
    )
    assert.equal(dayNumber('1970-01-01'), 0)
    assert.equal(dayNumber('2024-03-01'), Date.UTC(2024, 2, 1) / 86_400_000)
    assert.equal(dayNumber('1969-12-31'), -1)
    // 719,162 days separate 0001-01-01 from 1970-01-01 in the proleptic Gregorian calendar.
    assert.equal(dayNumber('0001-01-01'), -719_162)
  })

  it('answers exactly like a set of keys for any sequence of rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'é'), fc.integer({min: -40_000, max: 40_000})), {maxLength: 400}),
        (rows) => {
          const tracker = new DuplicateTracker()
          const model = new Set<string>()
          for (const [product, day] of rows) {
            const key = `${product}|${day}`
            assert.equal(tracker.seen(product, isoDay(day)), model.has(key))
            model.add(key)
          }
          assert.equal(tracker.exact, true)
        },
      ),
    )
  })

  it('stops and says so when over its memory budget', () => {
    const tracker = new DuplicateTracker(2000)
    let i = 0
    while (tracker.seen(`P${i}`, '2024-01-01') !== undefined) i++
    assert.equal(tracker.exact, false)
    assert.ok(i > 5 && i < 20, `stopped after ${i} products`)
    assert.equal(tracker.seen('P0', '2024-01-01'), undefined)
  })

  it('stays small for dense daily history (three years, 300 products)', () => {
    const tracker = new DuplicateTracker(256 * 1024)
    const days = Array.from({length: 3 * 365}, (_, d) => isoDay(19_000 + d))
    for (let p = 0; p < 300; p++) for (const day of days) tracker.seen(`P${p}`, day)
    assert.equal(tracker.exact, true)
  })
})
