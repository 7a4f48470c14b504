import assert from 'node:assert/strict'
import fc from 'fast-check'

import {UsageError} from '../../../src/sdk/errors.js'
import {backtest, forecast, METHOD_NAMES, seasonalPeriodFor, type ForecastResult, type MethodName} from '../../../src/sdk/forecast/index.js'
import {simulateIntermittent} from './simulate.js'

function assertDemandForecast(fcst: ForecastResult, h: number, levels = 2): void {
  assert.equal(fcst.mean.length, h)
  assert.equal(fcst.intervals.length, levels)
  for (const v of fcst.mean) assert.ok(Number.isFinite(v) && v >= 0, `mean ${v}`)
  for (const iv of fcst.intervals) {
    assert.equal(iv.lower.length, h)
    assert.equal(iv.upper.length, h)
    for (let k = 0; k < h; k++) {
      assert.ok(Number.isFinite(iv.lower[k]) && Number.isFinite(iv.upper[k]), `interval ${iv.lower[k]}..${iv.upper[k]}`)
      assert.ok(iv.lower[k] >= 0, `lower ${iv.lower[k]}`)
      assert.ok(iv.lower[k] <= fcst.mean[k] && fcst.mean[k] <= iv.upper[k], `mean ${fcst.mean[k]} outside ${iv.lower[k]}..${iv.upper[k]}`)
    }
  }
}

const demandValue = fc.oneof(
  {weight: 3, arbitrary: fc.constant(0)},
  {weight: 3, arbitrary: fc.integer({min: 0, max: 50})},
  {weight: 2, arbitrary: fc.double({min: 0, max: 1e6, noNaN: true})},
  {weight: 1, arbitrary: fc.double({min: 0, max: 1e-6, noNaN: true})},
)

describe('sdk/forecast properties', () => {
  it('forecasts are finite and non-negative for any non-negative history, method and season', () => {
    fc.assert(
      fc.property(
        fc.array(demandValue, {maxLength: 80, size: 'max'}),
        fc.constantFrom(...METHOD_NAMES),
        fc.constantFrom(1, 4, 7, 12),
        fc.integer({min: 0, max: 20}),
        (history, method, period, horizon) => {
          assertDemandForecast(forecast(history, {horizon, period, method}), horizon)
        },
      ),
      {numRuns: 150, seed: 20240601},
    )
  })

  it('stays finite and non-negative with long seasons (period lists, fractional years) on long histories', () => {
    // Long histories are drawn from a few parameters (level, seasons, noise, gaps, spikes) rather
    // than element by element, so that runs reach the two-season and harmonic code.
    let twoSeason = 0
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({min: 1, max: 1_000_000}),
          length: fc.integer({min: 500, max: 1200}),
          level: fc.oneof(fc.constant(0.2), fc.double({min: 0.5, max: 1e5, noNaN: true})),
          weekly: fc.double({min: 0, max: 0.9, noNaN: true}),
          yearly: fc.double({min: 0, max: 2, noNaN: true}),
          noise: fc.double({min: 0, max: 1.5, noNaN: true}),
          gap: fc.integer({min: 0, max: 400}),
          periods: fc.constantFrom<number | number[]>([7, 365], [7, 365.25], 365.25 / 7, [24, 168], [7, 30, 365]),
          method: fc.constantFrom<MethodName>('auto', 'mstl', 'ets', 'theta'),
        }),
        ({seed, length, level, weekly, yearly, noise, gap, periods, method}) => {
          let s = seed
          const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647)
          const history = Array.from({length}, (_, t) => {
            if (t >= length - gap && t < length - gap / 2) return 0
            const season = (1 + weekly * Math.sin((2 * Math.PI * t) / 7)) * (1 + yearly * Math.max(-0.95, Math.cos((2 * Math.PI * t) / 365.25)))
            const spike = rand() < 0.01 ? 20 : 1
            return Math.max(0, Math.round(level * season * spike * (1 + noise * (rand() - 0.5)) * 100) / 100)
          })
          const result = forecast(history, {horizon: 30, period: periods, method})
          assertDemandForecast(result, 30)
          if (/mstl/.test(result.method)) twoSeason++
        },
      ),
      {numRuns: 60, seed: 20261206},
    )
    assert.ok(twoSeason >= 10, `only ${twoSeason} runs used a long season`)
  })

  for (const method of METHOD_NAMES) {
    it(`${method}: empty, one-point, all-zero, constant and two-point histories`, () => {
      const empty = forecast([], {horizon: 5, period: 7, method})
      assert.equal(empty.method, 'none')
      assert.deepEqual(empty.mean, [0, 0, 0, 0, 0])
      assertDemandForecast(empty, 5)

      const one = forecast([7], {horizon: 3, period: 7, method})
      assert.deepEqual(one.mean, [7, 7, 7])
      assertDemandForecast(one, 3)

      const zeros = forecast(new Array(60).fill(0), {horizon: 4, period: 7, method})
      assert.deepEqual(zeros.mean, [0, 0, 0, 0])
      assert.deepEqual(zeros.intervals[1].upper, [0, 0, 0, 0])

      assert.deepEqual(forecast(new Array(30).fill(2.5), {horizon: 2, period: 7, method}).mean, [2.5, 2.5])
      assertDemandForecast(forecast([0, 9], {horizon: 3, period: 7, method}), 3)
    })
  }

  it('keeps long spiky and intermittent histories finite and non-negative', () => {
    const spiky = Array.from({length: 400}, (_, t) => (t % 97 === 0 ? 1e5 : t % 3))
    const sparse = simulateIntermittent(4, 500, 0.02, 8)
    const collapsing = Array.from({length: 200}, (_, t) => (t < 150 ? 1000 - 6 * t : 0))
    for (const y of [spiky, sparse, collapsing]) {
      for (const method of METHOD_NAMES) assertDemandForecast(forecast(y, {horizon: 60, period: 7, method}), 60)
    }
  })

  it('is deterministic: the same input gives identical output', () => {
    const y = Array.from({length: 150}, (_, t) => Math.round(50 + 20 * Math.sin(t / 2) + ((t * 7919) % 13)))
    for (const method of ['auto', 'ets', 'theta', 'tsb'] as const) {
      assert.deepEqual(forecast(y, {horizon: 20, period: 7, method}), forecast([...y], {horizon: 20, period: 7, method}))
    }
    assert.deepEqual(backtest(y, {horizon: 14, period: 7}), backtest(y, {horizon: 14, period: 7}))
  })

  it('allows negative values for non-demand series (no clipping)', () => {
    const y = Array.from({length: 40}, (_, t) => -100 - 3 * t)
    const f = forecast(y, {horizon: 3, method: 'ets'})
    assert.ok(f.mean.every((v) => v < -200))
  })

  it('returns the requested interval levels in order', () => {
    const f = forecast([5, 6, 7, 6, 5, 6, 7, 8], {horizon: 2, method: 'naive', levels: [50, 99]})
    assert.deepEqual(f.intervals.map((iv) => iv.level), [50, 99])
    assert.ok(f.intervals[1].upper[0] > f.intervals[0].upper[0])
  })

  it('rejects bad options and values with usage errors naming the problem', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => forecast([1, 2], {horizon: -1}), /horizon/],
      [() => forecast([1, 2], {horizon: 1.5}), /horizon/],
      [() => forecast([1, 2], {horizon: 3, period: 0}), /period/],
      [() => forecast([1, 2], {horizon: 3, method: 'arima' as never}), /Unknown forecast method 'arima'/],
      [() => forecast([1, 2], {horizon: 3, levels: [100]}), /level/],
      [() => forecast([1, Number.NaN, 3], {horizon: 3}), /index 1/],
      [() => forecast([1, 2, Infinity], {horizon: 3}), /index 2/],
    ]
    for (const [fn, message] of bad) assert.throws(fn, (e: unknown) => e instanceof UsageError && message.test(e.message))
  })

  it('maps frequencies to season lengths', () => {
    assert.deepEqual(
      (['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const).map(seasonalPeriodFor),
      [7, 52, 12, 4, 1],
    )
  })
})
