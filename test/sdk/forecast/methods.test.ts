import assert from 'node:assert/strict'

import {forecast} from '../../../src/sdk/forecast/index.js'
import {SeededRandom} from '../../../src/sdk/forecast/random.js'

const pattern = [12, 30, 25, 8, 40, 55, 20]

function close(actual: readonly number[], expected: readonly number[], tol: number): void {
  assert.equal(actual.length, expected.length)
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol, `index ${i}: ${v} vs ${expected[i]} (tolerance ${tol})`))
}

describe('sdk/forecast methods on series with known answers', () => {
  it('seasonal naive repeats a pure seasonal pattern exactly, with the phase continuing', () => {
    // 45 days: the history ends part-way through a week, so the forecast must start mid-pattern.
    const history = Array.from({length: 45}, (_, t) => pattern[t % 7])
    const fc = forecast(history, {horizon: 16, period: 7, method: 'snaive'})
    assert.equal(fc.method, 'snaive')
    assert.deepEqual(
      fc.mean,
      Array.from({length: 16}, (_, k) => pattern[(45 + k) % 7]),
    )
    // A perfectly repeating history has no seasonal-difference error: the intervals collapse.
    assert.deepEqual(fc.intervals[1].lower, fc.mean)
    assert.deepEqual(fc.intervals[1].upper, fc.mean)
  })

  it('naive carries the last value forward with intervals widening like sqrt(h)', () => {
    const fc = forecast([3, 5, 4, 6, 5, 7], {horizon: 4, method: 'naive', levels: [95]})
    assert.deepEqual(fc.mean, [7, 7, 7, 7])
    const width = fc.intervals[0].upper.map((u, k) => u - fc.mean[k])
    close(width.map((w) => w / width[0]), [1, Math.SQRT2, Math.sqrt(3), 2], 1e-12)
  })

  it('ETS reproduces a noiseless linear trend exactly', () => {
    const y = Array.from({length: 40}, (_, t) => 50 + 2 * t)
    const fc = forecast(y, {horizon: 10, method: 'ets'})
    assert.match(fc.method, /^ets\(.,A,N\)$/)
    close(fc.mean, Array.from({length: 10}, (_, k) => 50 + 2 * (40 + k)), 1e-6)
  })

  it('ETS recovers level and trend of a low-noise trending series', () => {
    const rng = new SeededRandom(11)
    const y = Array.from({length: 80}, (_, t) => 200 + 1.5 * t + 0.5 * rng.normal())
    const fc = forecast(y, {horizon: 12, method: 'ets'})
    assert.match(fc.method, /^ets\(.,Ad?,N\)$/)
    close(fc.mean, Array.from({length: 12}, (_, k) => 200 + 1.5 * (80 + k)), 2.5)
  })

  it('ETS recovers the level of a noisy level series and picks a non-trending model', () => {
    const rng = new SeededRandom(5)
    const y = Array.from({length: 100}, () => 40 + 2 * rng.normal())
    const fc = forecast(y, {horizon: 5, method: 'ets'})
    assert.match(fc.method, /^ets\(.,N,N\)$/)
    close(fc.mean, [40, 40, 40, 40, 40], 1)
  })

  it('ETS captures a multiplicative weekly pattern on a trending series', () => {
    const rng = new SeededRandom(3)
    const index = [0.8, 0.9, 1.0, 1.0, 1.1, 1.4, 0.8]
    const level = (t: number): number => 100 + 0.5 * t
    const y = Array.from({length: 140}, (_, t) => level(t) * index[t % 7] * (1 + 0.01 * rng.normal()))
    const fc = forecast(y, {horizon: 14, period: 7, method: 'ets'})
    assert.match(fc.method, /^ets\(.,Ad?,[AM]\)$/)
    const truth = Array.from({length: 14}, (_, k) => level(140 + k) * index[(140 + k) % 7])
    fc.mean.forEach((v, k) => assert.ok(Math.abs(v / truth[k] - 1) < 0.04, `h=${k + 1}: ${v} vs ${truth[k]}`))
  })

  it('theta follows a seasonal pattern through seasonal adjustment', () => {
    const index = [0.6, 0.8, 1.2, 1.4, 1.1, 0.9, 0.7, 0.8, 1.0, 1.2, 1.3, 1.0]
    const y = Array.from({length: 72}, (_, t) => 500 * index[t % 12])
    const fc = forecast(y, {horizon: 12, period: 12, method: 'theta'})
    assert.equal(fc.method, 'theta')
    close(fc.mean, Array.from({length: 12}, (_, k) => 500 * index[(72 + k) % 12]), 1e-6)
  })

  it('theta adds half the regression slope to the smoothed level', () => {
    const y = Array.from({length: 30}, (_, t) => 10 + 4 * t)
    const fc = forecast(y, {horizon: 3, method: 'theta'})
    // A straight line: SES tracks the last value (alpha -> 1) and the drift is slope/2 per step.
    close(fc.mean, [y[29] + 2, y[29] + 4, y[29] + 6], 0.01)
  })

  describe('intermittent demand: 0 0 3 0 0 0 5 0 2 with alpha 0.1', () => {
    const y = [0, 0, 3, 0, 0, 0, 5, 0, 2]
    // Sizes 3, 5, 2 and intervals 3, 4, 2 smoothed from the first of each:
    // z = 3 -> 3.2 -> 3.08; p = 3 -> 3.1 -> 2.99.
    it('Croston forecasts z/p = 3.08/2.99', () => {
      const fc = forecast(y, {horizon: 3, method: 'croston'})
      close(fc.mean, [3.08 / 2.99, 3.08 / 2.99, 3.08 / 2.99], 1e-12)
    })
    it('SBA applies the bias correction (1 - alpha/2)', () => {
      const fc = forecast(y, {horizon: 2, method: 'sba'})
      close(fc.mean, [(0.95 * 3.08) / 2.99, (0.95 * 3.08) / 2.99], 1e-12)
    })
    it('TSB smooths the demand probability every period', () => {
      // p: 1/3 at the first demand, then x0.9 on zero periods and +0.1(1-p) on demand periods.
      let p = 1 / 3
      p *= 0.9 ** 3
      p += 0.1 * (1 - p)
      p *= 0.9
      p += 0.1 * (1 - p)
      const fc = forecast(y, {horizon: 2, method: 'tsb'})
      close(fc.mean, [p * 3.08, p * 3.08], 1e-12)
    })
    it('TSB decays after demand stops while Croston stays flat', () => {
      const stopped = [...y, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
      assert.ok(forecast(stopped, {horizon: 1, method: 'tsb'}).mean[0] < forecast(y, {horizon: 1, method: 'tsb'}).mean[0] * 0.5)
      close(forecast(stopped, {horizon: 1, method: 'croston'}).mean, forecast(y, {horizon: 1, method: 'croston'}).mean, 1e-12)
    })
    it('keeps zero demand inside the intervals', () => {
      const fc = forecast(y, {horizon: 2, method: 'sba'})
      for (const iv of fc.intervals) assert.deepEqual(iv.lower, [0, 0])
    })
  })

  it('auto sends intermittent series to the Croston family and smooth ones elsewhere', () => {
    const intermittent = Array.from({length: 120}, (_, t) => (t % 5 === 0 ? 2 + (t % 3) : 0))
    assert.match(forecast(intermittent, {horizon: 7, period: 7}).method, /^(croston|sba|tsb)$/)
    const rng = new SeededRandom(8)
    const smooth = Array.from({length: 120}, (_, t) => 100 + 30 * Math.sin((2 * Math.PI * t) / 7) + 3 * rng.normal())
    assert.doesNotMatch(forecast(smooth, {horizon: 7, period: 7}).method, /^(croston|sba|tsb)$/)
  })

  it('handles a 52-week season by seasonal adjustment instead of 52 seasonal states', () => {
    const rng = new SeededRandom(21)
    const y = Array.from({length: 208}, (_, t) => 1000 * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 52)) * (1 + 0.02 * rng.normal()))
    const fc = forecast(y, {horizon: 26, period: 52, method: 'ets'})
    assert.match(fc.method, /\+decomp\(52\)$/)
    const truth = Array.from({length: 26}, (_, k) => 1000 * (1 + 0.4 * Math.sin((2 * Math.PI * (208 + k)) / 52)))
    fc.mean.forEach((v, k) => assert.ok(Math.abs(v / truth[k] - 1) < 0.08, `h=${k + 1}: ${v} vs ${truth[k]}`))
    // Too little history for two seasons: no seasonal adjustment.
    assert.doesNotMatch(forecast(y.slice(0, 90), {horizon: 4, period: 52, method: 'ets'}).method, /decomp/)
  })
})
