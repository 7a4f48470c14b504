import assert from 'node:assert/strict'

import {accuracy, backtest, type ForecastResult} from '../../../src/sdk/forecast/index.js'

const result = (mean: number[], intervals: ForecastResult['intervals'] = []): ForecastResult => ({method: 'test', mean, intervals})

describe('sdk/forecast accuracy metrics', () => {
  it('computes MAPE, sMAPE, MASE, bias and coverage on a hand-worked example', () => {
    const fc = result([12, 18], [
      {level: 80, lower: [11, 19], upper: [13, 21]},
      {level: 95, lower: [9, 17], upper: [15, 23]},
    ])
    const m = accuracy([10, 20], fc, [1, 2, 3, 4, 5, 6], 1)
    assert.equal(m.n, 2)
    // |e| = 2 and 2: APE 20 % and 10 %; sMAPE terms 200*2/22 and 200*2/38.
    assert.ok(Math.abs((m.mape ?? Number.NaN) - 15) < 1e-12)
    assert.ok(Math.abs(m.smape - (400 / 22 + 400 / 38) / 2) < 1e-12)
    // In-sample naive MAE is 1.
    assert.equal(m.mase, 2)
    assert.equal(m.bias, 0)
    assert.deepEqual(m.coverage, {'80': 0.5, '95': 1})
  })

  it('scales MASE by the seasonal naive error at the given period', () => {
    const insample = [1, 5, 2, 6, 3, 7]
    // Lag-2 differences are all 1; lag-1 differences average 3.6.
    assert.equal(accuracy([10], result([13]), insample, 2).mase, 3)
    assert.ok(Math.abs((accuracy([10], result([13]), insample, 1).mase ?? 0) - 3 / 3.6) < 1e-12)
    // Period longer than the history: falls back to lag 1.
    assert.ok(Math.abs((accuracy([10], result([13]), insample, 12).mase ?? 0) - 3 / 3.6) < 1e-12)
  })

  it('leaves MAPE undefined when an actual is zero, and sMAPE counts 0 vs 0 as no error', () => {
    const m = accuracy([0, 4, 0], result([1, 4, 0]), [1, 2], 1)
    assert.equal(m.mape, null)
    assert.ok(Math.abs(m.smape - 200 / 3) < 1e-12)
    assert.ok(Math.abs(m.bias - 1 / 3) < 1e-12)
  })

  it('leaves MASE undefined for a constant history', () => {
    assert.equal(accuracy([3], result([2]), [5, 5, 5, 5], 1).mase, null)
  })

  it('reports n = 0 when there is nothing to compare', () => {
    const m = accuracy([], result([1, 2]), [1, 2, 3], 1)
    assert.equal(m.n, 0)
    assert.equal(m.mape, null)
    assert.equal(m.mase, null)
  })
})

describe('sdk/forecast backtest', () => {
  it('scores a naive forecast of a straight line as worked by hand', () => {
    const y = Array.from({length: 60}, (_, t) => 2 * t)
    const bt = backtest(y, {horizon: 5, method: 'naive', origins: 3})
    assert.equal(bt.method, 'naive')
    assert.equal(bt.origins, 3)
    assert.equal(bt.metrics.n, 15)
    // Errors 2k at step k; in-sample naive MAE 2: MASE = mean(k) = 3, bias = -mean(2k) = -6.
    assert.ok(Math.abs((bt.metrics.mase ?? 0) - 3) < 1e-12)
    assert.ok(Math.abs(bt.metrics.bias + 6) < 1e-12)
  })

  it('forecasts a pure seasonal series perfectly with seasonal naive', () => {
    const y = Array.from({length: 70}, (_, t) => [5, 9, 2, 7, 7, 3, 1][t % 7])
    const bt = backtest(y, {horizon: 7, period: 7, method: 'snaive'})
    assert.equal(bt.metrics.smape, 0)
    assert.deepEqual(bt.metrics.coverage, {'80': 1, '95': 1})
  })

  it('uses fewer, overlapping origins on short histories and none when too short', () => {
    assert.equal(backtest([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], {horizon: 5, method: 'naive'}).origins, 1)
    const tiny = backtest([4, 5, 6], {horizon: 5, method: 'naive'})
    assert.equal(tiny.origins, 0)
    assert.equal(tiny.metrics.n, 0)
  })

  it('evaluates auto with its model choice repeated at every origin', () => {
    const y = Array.from({length: 120}, (_, t) => 100 + 20 * Math.sin((2 * Math.PI * t) / 7) + (t % 5))
    const bt = backtest(y, {horizon: 14, period: 7, origins: 2})
    assert.equal(bt.method, 'auto')
    assert.equal(bt.origins, 2)
    assert.equal(bt.metrics.n, 28)
    assert.ok(bt.metrics.mase !== null && bt.metrics.mase < 1)
  })
})
