import assert from 'node:assert/strict'

import {average, combinationWeights} from '../../../src/sdk/forecast/combination.js'
import {forecast} from '../../../src/sdk/forecast/index.js'
import type {MethodForecast} from '../../../src/sdk/forecast/model.js'
import {SeededRandom} from '../../../src/sdk/forecast/random.js'

const close = (a: readonly number[], b: readonly number[], tol = 1e-12) => a.every((v, i) => Math.abs(v - b[i]) <= tol)

/** Monthly series: an additive yearly sine on a linear trend, with noise. */
function seasonalTrend(seed: number, n: number): {history: number[]; truth: (t: number) => number} {
  const truth = (t: number) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + 0.5 * t
  const rng = new SeededRandom(seed)
  return {history: Array.from({length: n}, (_, t) => truth(t) + 3 * rng.normal()), truth}
}

/** The weight w with auto = w·ets + (1 − w)·theta (least squares), and the largest misfit. */
function etsShare(auto: readonly number[], ets: readonly number[], theta: readonly number[]): {w: number; misfit: number} {
  let num = 0
  let den = 0
  for (let k = 0; k < auto.length; k++) {
    const d = ets[k] - theta[k]
    num += (auto[k] - theta[k]) * d
    den += d * d
  }
  const w = num / den
  const misfit = Math.max(...auto.map((v, k) => Math.abs(v - (w * ets[k] + (1 - w) * theta[k]))))
  return {w, misfit}
}

describe('sdk/forecast combination weights', () => {
  it('weights members inversely to their squared backtest errors', () => {
    assert.deepEqual(combinationWeights([1, 1]), [0.5, 0.5])
    assert.ok(close(combinationWeights([1, 2]), [0.8, 0.2]))
    assert.ok(close(combinationWeights([1, 2, 2]), [2 / 3, 1 / 6, 1 / 6]))
    assert.ok(close(combinationWeights([3, 3, 3]), [1 / 3, 1 / 3, 1 / 3]))
  })

  it('gives a member with a non-finite error no weight, an exact member all, and equal weights when nothing is usable', () => {
    assert.deepEqual(combinationWeights([Infinity, 3]), [0, 1])
    assert.deepEqual(combinationWeights([2, Number.NaN]), [1, 0])
    assert.deepEqual(combinationWeights([0, 2]), [1, 0])
    assert.deepEqual(combinationWeights([0, 0]), [0.5, 0.5])
    assert.deepEqual(combinationWeights([Infinity, Number.NaN]), [0.5, 0.5])
  })

  it('averages point forecasts with the weights; intervals are the weighted mixture\'s, wider where members disagree', () => {
    const fc = (label: string, mean: number[], lower: number[], upper: number[]): MethodForecast => ({
      label,
      mean: Float64Array.from(mean),
      bounds: [{lower: Float64Array.from(lower), upper: Float64Array.from(upper)}],
    })
    const out = average([fc('a', [10, 20], [5, 10], [15, 30]), fc('b', [0, 10], [-5, 0], [5, 20])], [0.8, 0.2], [95])
    assert.equal(out.label, 'combo(a,b)')
    assert.ok(close(Array.from(out.mean), [8, 18]))
    // The weighted average of the bounds would be [3, 8] to [13, 28]; the mixture reaches further
    // out, but not past the members' own outermost bounds.
    out.bounds[0].lower.forEach((lo, k) => assert.ok(lo < [3, 8][k] && lo >= [-5, 0][k], `lower ${lo}`))
    out.bounds[0].upper.forEach((hi, k) => assert.ok(hi > [13, 28][k] && hi <= [15, 30][k], `upper ${hi}`))
  })

  it('ignores a member without weight, even one whose forecast is not a number', () => {
    const member = (value: number): MethodForecast => ({label: String(value), mean: Float64Array.of(value, value), bounds: [{lower: Float64Array.of(value - 1, value - 1), upper: Float64Array.of(value + 1, value + 1)}]})
    const out = average([member(5), member(Number.NaN)], [1, 0], [95])
    assert.deepEqual(Array.from(out.mean), [5, 5])
    assert.ok(out.bounds[0].lower.every((v) => v === 4) && out.bounds[0].upper.every((v) => v === 6))
    // Tiny errors do not underflow when squared.
    const w = combinationWeights([1e-170, 1])
    assert.ok(w[0] > 0.999 && w[1] >= 0 && w[0] + w[1] === 1, String(w))
    assert.deepEqual(combinationWeights([1e-160, 2e-160]), [0.8, 0.2])
  })

  it('auto leans the combination towards the member with the smaller backtest error', () => {
    // An additive season on a trend: ETS models it, theta's multiplicative adjustment and halved
    // drift fit it less well, so ETS should carry most of the weight, though not all of it.
    const {history} = seasonalTrend(1, 72)
    const opts = {horizon: 12, period: 12}
    const auto = forecast(history, opts)
    const ets = forecast(history, {...opts, method: 'ets'})
    const theta = forecast(history, {...opts, method: 'theta'})
    assert.match(auto.method, /^combo\(ets\(.*\),theta\)$/)
    const {w, misfit} = etsShare(auto.mean, ets.mean, theta.mean)
    assert.ok(misfit < 1e-9, `auto is a weighted average of ETS and theta (misfit ${misfit})`)
    assert.ok(w > 0.7 && w < 0.98, `ETS weight ${w.toFixed(3)}`)
  })

  it('forecasts such series closer to the truth than the equal-weight average', () => {
    let weighted = 0
    let equal = 0
    for (let seed = 1; seed <= 8; seed++) {
      const {history, truth} = seasonalTrend(seed, 72)
      const opts = {horizon: 12, period: 12}
      const auto = forecast(history, opts)
      const ets = forecast(history, {...opts, method: 'ets'})
      const theta = forecast(history, {...opts, method: 'theta'})
      for (let k = 0; k < 12; k++) {
        weighted += Math.abs(auto.mean[k] - truth(72 + k))
        equal += Math.abs((ets.mean[k] + theta.mean[k]) / 2 - truth(72 + k))
      }
    }
    // Measured: mean absolute error 1.56 against 2.13.
    assert.ok(weighted < 0.85 * equal, `weighted ${(weighted / 96).toFixed(3)} vs equal ${(equal / 96).toFixed(3)}`)
  })

  it('weights the two-season candidate combination too, towards ETS when it tracks a steep trend better', () => {
    // Daily: additive weekday pattern and yearly wave on a steep trend, which theta's halved
    // drift under-forecasts.
    const week = [-20, -10, -5, 0, 5, 40, 30]
    const truth = (t: number) => 200 + 0.3 * t + week[t % 7] + 40 * Math.cos((2 * Math.PI * (t - 200)) / 365)
    const rng = new SeededRandom(4)
    const history = Array.from({length: 1060}, (_, t) => truth(t) + 5 * rng.normal())
    const opts = {horizon: 30, period: [7, 365]}
    const auto = forecast(history, opts)
    const ets = forecast(history, {...opts, method: 'ets'})
    const theta = forecast(history, {...opts, method: 'theta'})
    assert.match(auto.method, /^combo\(ets\(.*\),theta\)\+mstl\(365\)$/)
    const {w, misfit} = etsShare(auto.mean, ets.mean, theta.mean)
    assert.ok(misfit < 1e-9, `auto is a weighted average of the two members (misfit ${misfit})`)
    assert.ok(w > 0.7 && w < 0.95, `ETS weight ${w.toFixed(3)}`)
    let weighted = 0
    let equal = 0
    for (let k = 0; k < 30; k++) {
      weighted += Math.abs(auto.mean[k] - truth(1060 + k))
      equal += Math.abs((ets.mean[k] + theta.mean[k]) / 2 - truth(1060 + k))
    }
    // Measured: mean absolute error 3.72 against 6.56.
    assert.ok(weighted < 0.7 * equal, `weighted ${(weighted / 30).toFixed(2)} vs equal ${(equal / 30).toFixed(2)}`)
  })
})
