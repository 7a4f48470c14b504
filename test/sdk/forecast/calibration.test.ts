import assert from 'node:assert/strict'

import {addWindow, calibrateIntervals, CALIBRATION_MAX_FACTOR, emptySpread, widening} from '../../../src/sdk/forecast/calibration.js'
import {forecast} from '../../../src/sdk/forecast/index.js'
import {normalBounds, type FittedMethod} from '../../../src/sdk/forecast/model.js'
import {SeededRandom} from '../../../src/sdk/forecast/random.js'
import {zFor} from '../../../src/sdk/forecast/stats.js'
import {simulateLocalLevel} from './simulate.js'

/** A method forecasting 0 with normal intervals of standard deviation `sd`, whatever the data. */
function claimsSd(sd: number): FittedMethod {
  return {
    label: 'fixed',
    predict(_y, _n, h, levels) {
      const mean = new Float64Array(h)
      return {label: 'fixed', mean, bounds: normalBounds(mean, new Float64Array(h).fill(sd), levels, zFor)}
    },
  }
}

/** Three windows of errors ±e around 0 against 95 % bounds ±1.96 (a claimed sd of 1). */
function spreadOf(e: number, windows = 3) {
  const spread = emptySpread()
  const h = 4
  const bounds = normalBounds(new Float64Array(h), new Float64Array(h).fill(1), [95], zFor)[0]
  for (let w = 0; w < windows; w++) addWindow(spread, [e, -e, e, -e], new Float64Array(h), bounds, 95)
  return spread
}

/** Ratio of the 95 % interval's half-width to the 80 % one's, at every step. */
function outerToInner(fc: {mean: number[]; intervals: Array<{upper: number[]}>}): number[] {
  return fc.mean.map((m, k) => (fc.intervals[1].upper[k] - m) / (fc.intervals[0].upper[k] - m))
}

describe('sdk/forecast interval calibration by the backtest origins', () => {
  it('standardises errors by the interval: errors of one claimed sd give a factor of 1', () => {
    const spread = spreadOf(1)
    assert.equal(spread.windows, 3)
    assert.equal(spread.count, 12)
    assert.ok(Math.abs(spread.sumSq / spread.count - 1) < 1e-9)
    assert.ok(Math.abs(widening(spread) - 1) < 1e-9)
  })

  it('widens by the root mean square error, its square shrunk half-way to 1 by three windows', () => {
    // Errors of 1.3 sd: mean square 1.69, shrunk to (3 + 3 · 1.69) / 6 = 1.345.
    assert.ok(Math.abs(widening(spreadOf(1.3)) - Math.sqrt(1.345)) < 1e-9)
    // One window moves it a quarter of the way.
    assert.ok(Math.abs(widening(spreadOf(1.3, 1)) - Math.sqrt((3 + 1.69) / 4)) < 1e-9)
  })

  it('never narrows, and widens by at most the cap', () => {
    assert.equal(widening(spreadOf(0.5)), 1)
    assert.equal(widening(spreadOf(10)), CALIBRATION_MAX_FACTOR)
    assert.equal(widening(emptySpread()), 1)
  })

  it('standardises each error by the half-width on its own side of an asymmetric interval', () => {
    const spread = emptySpread()
    // Upper half-width 2 sd, lower 1 sd: an error of +2 and one of -1 are both one sd.
    const z = zFor(95)
    addWindow(spread, [2, -1], [0, 0], {lower: Float64Array.of(-z, -z), upper: Float64Array.of(2 * z, 2 * z)}, 95)
    assert.ok(Math.abs(spread.sumSq / spread.count - 1) < 1e-9)
  })

  it('widens the 95 % interval of a method whose backtest errors are twice its spread, keeping its forecast and 80 % interval', () => {
    const rng = new SeededRandom(14)
    const y = Float64Array.from({length: 100}, () => 2 * rng.normal())
    const method = claimsSd(1)
    const final = method.predict(y, 100, 10, [80, 95])
    const out = calibrateIntervals(final, [80, 95], method, y, [70, 80, 90], 10)
    assert.deepEqual(out.mean, final.mean)
    assert.deepEqual(out.bounds[0], final.bounds[0])
    const factor = out.bounds[1].upper[0] / final.bounds[1].upper[0]
    // The errors' mean square is near 4 (2.9 in this sample): shrunk half-way, sqrt(1.95) = 1.40.
    assert.ok(factor > 1.3 && factor <= CALIBRATION_MAX_FACTOR, `factor ${factor}`)
    for (let k = 0; k < 10; k++) assert.ok(Math.abs(out.bounds[1].lower[k] + out.bounds[1].upper[k]) < 1e-12)
  })

  it('leaves a method whose backtest errors match its spread (nearly) alone', () => {
    const rng = new SeededRandom(15)
    const y = Float64Array.from({length: 100}, () => rng.normal())
    const method = claimsSd(1)
    const final = method.predict(y, 100, 10, [80, 95])
    const out = calibrateIntervals(final, [80, 95], method, y, [70, 80, 90], 10)
    const factor = out.bounds[1].upper[0] / final.bounds[1].upper[0]
    assert.ok(factor >= 1 && factor < 1.08, `factor ${factor}`)
  })

  it('does nothing without a backtest (no origins) or without a fitted method', () => {
    const y = Float64Array.from({length: 20}, (_, t) => t % 3)
    const final = claimsSd(1).predict(y, 20, 5, [95])
    assert.equal(calibrateIntervals(final, [95], claimsSd(1), y, [], 5), final)
    assert.equal(calibrateIntervals(final, [95], undefined, y, [10], 5), final)
  })

  describe('in auto', () => {
    it('widens the 95 % interval of a series whose recent errors exceed its model spread', () => {
      // Quiet for 150 days, four times noisier over the last 50 (where the backtest origins are):
      // the models' spread, estimated over the whole window, understates the recent errors.
      const rng = new SeededRandom(21)
      const y = Array.from({length: 200}, (_, t) => 100 + (t < 150 ? 1 : 4) * rng.normal())
      const fc = forecast(y, {horizon: 10, levels: [80, 95]})
      // Normal intervals have 95 % half-widths 1.53 times the 80 % ones; the 80 % is not calibrated.
      const ratios = outerToInner(fc)
      for (const r of ratios) assert.ok(r > 1.3 * (zFor(95) / zFor(80)), `95/80 half-width ratio ${r.toFixed(3)}`)
      const [i80, i95] = fc.intervals
      fc.mean.forEach((_, k) => assert.ok(i95.lower[k] < i80.lower[k] && i80.upper[k] < i95.upper[k]))
    })

    it('leaves the intervals of a well-specified local-level series (nearly) alone', () => {
      const y = simulateLocalLevel(31, 200, 0.3, 2)
      const fc = forecast(y, {horizon: 10, levels: [80, 95]})
      for (const r of outerToInner(fc)) assert.ok(r < 1.1 * (zFor(95) / zFor(80)), `95/80 half-width ratio ${r.toFixed(3)}`)
    })
  })
})
