import assert from 'node:assert/strict'

import {forecast, type ForecastResult} from '../../../src/sdk/forecast/index.js'
import {SeededRandom} from '../../../src/sdk/forecast/random.js'
import {simulateIntermittent, simulateLocalLevel} from './simulate.js'

/** Share of future actuals inside each interval, over many simulated series. */
function coverage(cases: Array<{history: number[]; future: number[]}>, run: (history: number[], h: number) => ForecastResult): Record<number, number> {
  const hits: Record<number, number> = {}
  let total = 0
  for (const {history, future} of cases) {
    const fc = run(history, future.length)
    for (const iv of fc.intervals) {
      hits[iv.level] ??= 0
      future.forEach((a, k) => {
        if (a >= iv.lower[k] && a <= iv.upper[k]) hits[iv.level]++
      })
    }
    total += future.length
  }
  return Object.fromEntries(Object.entries(hits).map(([level, c]) => [level, c / total]))
}

function assertNear(cov: Record<number, number>, ranges: Record<number, [number, number]>): void {
  for (const [level, [lo, hi]] of Object.entries(ranges)) {
    const c = cov[Number(level)]
    assert.ok(c >= lo && c <= hi, `${level} % interval covered ${(100 * c).toFixed(1)} % of actuals, expected ${100 * lo}-${100 * hi} %`)
  }
}

describe('sdk/forecast prediction intervals are calibrated on simulated data', () => {
  it('ETS analytic intervals (linear model) cover close to nominal', () => {
    const cases = Array.from({length: 100}, (_, i) => {
      const y = simulateLocalLevel(1000 + i, 88, 0.3, 4)
      return {history: y.slice(0, 80), future: y.slice(80)}
    })
    const cov = coverage(cases, (history, h) => forecast(history, {horizon: h, method: 'ets'}))
    assertNear(cov, {80: [0.72, 0.88], 95: [0.9, 0.99]})
  })

  it('ETS simulated intervals (multiplicative model) cover close to nominal', () => {
    // Multiplicative errors and a multiplicative season: the non-linear class.
    const index = [0.7, 1.3, 1.0, 1.2]
    const cases = Array.from({length: 80}, (_, i) => {
      const rng = new SeededRandom(5000 + i)
      let l = 200
      const y: number[] = []
      for (let t = 0; t < 108; t++) {
        const e = 0.08 * rng.normal()
        y.push(l * index[t % 4] * (1 + e))
        l *= 1 + 0.2 * e
      }
      return {history: y.slice(0, 100), future: y.slice(100)}
    })
    const cov = coverage(cases, (history, h) => forecast(history, {horizon: h, period: 4, method: 'ets'}))
    assertNear(cov, {80: [0.72, 0.88], 95: [0.9, 0.99]})
  })

  it('auto (combination of ETS and theta, mostly) covers close to nominal on weekly-seasonal daily demand', () => {
    const week = [0.8, 0.9, 1.0, 1.0, 1.1, 1.5, 0.7]
    const cases = Array.from({length: 80}, (_, i) => {
      const level = simulateLocalLevel(7000 + i, 224, 0.1, 2, 60)
      const rng = new SeededRandom(8000 + i)
      const y = level.map((l, t) => Math.max(0, Math.round(l * week[t % 7] + 3 * rng.normal())))
      return {history: y.slice(0, 210), future: y.slice(210)}
    })
    const cov = coverage(cases, (history, h) => forecast(history, {horizon: h, period: 7}))
    assertNear(cov, {80: [0.72, 0.88], 95: [0.9, 0.99]})
  })

  it('intermittent-demand intervals cover close to nominal', () => {
    const cases = Array.from({length: 120}, (_, i) => {
      const y = simulateIntermittent(9000 + i, 130, 0.3, 3)
      return {history: y.slice(0, 120), future: y.slice(120)}
    })
    for (const method of ['sba', 'tsb'] as const) {
      const cov = coverage(cases, (history, h) => forecast(history, {horizon: h, method}))
      // Discrete demand: intervals include their end points, so coverage can exceed nominal.
      assertNear(cov, {80: [0.72, 0.95], 95: [0.9, 1]})
    }
  })

  it('widens with the horizon and nests the 80 % interval inside the 95 % one', () => {
    const y = simulateLocalLevel(77, 60, 0.4, 3)
    const fc = forecast(y, {horizon: 10, method: 'ets', levels: [80, 95]})
    const [i80, i95] = fc.intervals
    for (let k = 0; k < 10; k++) {
      assert.ok(i95.lower[k] <= i80.lower[k] && i80.lower[k] <= fc.mean[k] && fc.mean[k] <= i80.upper[k] && i80.upper[k] <= i95.upper[k])
      if (k > 0) assert.ok(i95.upper[k] - i95.lower[k] >= i95.upper[k - 1] - i95.lower[k - 1] - 1e-9)
    }
  })
})
