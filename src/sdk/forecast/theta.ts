/**
 * The standard theta method (Assimakopoulos & Nikolopoulos 2000) in Hyndman & Billah's form, as
 * R's thetaf(): simple exponential smoothing plus half the linear-regression drift, applied to
 * the series after classical multiplicative seasonal adjustment when the series tests seasonal.
 */
import {decompose, isSeasonal} from './decompose.js'
import type {FittedMethod, MethodForecast} from './model.js'
import {fitSes, sesRun} from './ses.js'
import {isConstant, linearTrend, zFor} from './stats.js'

export interface SeasonalAdjustment {
  figure: Float64Array
  multiplicative: boolean
  m: number
  /** Seasonal strength of the decomposition (see decompose). */
  strength: number
}

/**
 * The seasonal figure to adjust by, or null when the series does not test seasonal. Series with
 * zeros or negatives use an additive figure, since ratios to the trend are meaningless there.
 */
export function seasonalAdjustmentFor(y: Float64Array, n: number, m: number): SeasonalAdjustment | null {
  if (m < 2 || n <= 2 * m || isConstant(y, 0, n) || !isSeasonal(y, n, m)) return null
  let positive = true
  for (let t = 0; t < n; t++) {
    if (!(y[t] > 0)) {
      positive = false
      break
    }
  }
  const dec = decompose(y, n, m, positive ? 'multiplicative' : 'additive')
  return dec === null ? null : {figure: dec.figure, multiplicative: positive, m, strength: dec.strength}
}

export function seasonallyAdjust(y: Float64Array, n: number, adj: SeasonalAdjustment | null): Float64Array {
  if (adj === null) return y
  const out = new Float64Array(n)
  const {figure, m, multiplicative} = adj
  for (let t = 0; t < n; t++) out[t] = multiplicative ? y[t] / figure[t % m] : y[t] - figure[t % m]
  return out
}

/** Puts the seasonal pattern back on forecasts for times n..n+h-1, in place. */
export function reseasonalize(values: Float64Array, n: number, adj: SeasonalAdjustment | null): void {
  if (adj === null) return
  const {figure, m, multiplicative} = adj
  for (let k = 0; k < values.length; k++) {
    const f = figure[(n + k) % m]
    values[k] = multiplicative ? values[k] * f : values[k] + f
  }
}

/**
 * `fitWindow` limits the smoothing-parameter search to the latest observations (the drift still
 * comes from the whole history, as the method defines it). `seasonal` passes in the seasonal
 * analysis of y[0..n) when the caller already has it.
 */
export function thetaMethod(y: Float64Array, n: number, m: number, fitWindow = Infinity, seasonal?: SeasonalAdjustment | null): FittedMethod {
  const adj = seasonal === undefined ? seasonalAdjustmentFor(y, n, m) : seasonal
  const start = n > fitWindow ? n - fitWindow : 0
  const fit = fitSes(seasonallyAdjust(y, n, adj).subarray(start, n), n - start)
  const alpha = Math.max(1e-10, fit.alpha)
  return {
    label: 'theta',
    predict(yy, nn, h, levels): MethodForecast {
      const x = seasonallyAdjust(yy, nn, adj)
      const st = new Float64Array(2)
      sesRun(x.subarray(start, nn), nn - start, fit.alpha, fit.l0, st)
      const drift = linearTrend(x, 0, nn).slope / 2
      // The smoothed level starts at the window's start, so the drift catch-up counts from there.
      const base = (1 - Math.pow(1 - alpha, nn - start)) / alpha
      const mean = new Float64Array(h)
      for (let k = 0; k < h; k++) mean[k] = st[0] + drift * (k + base)
      const sigma = Math.sqrt(st[1] / Math.max(1, nn - start - 3))
      const bounds = levels.map((level) => {
        const z = zFor(level)
        const lower = new Float64Array(h)
        const upper = new Float64Array(h)
        for (let k = 0; k < h; k++) {
          const se = sigma * Math.sqrt(1 + k * alpha * alpha)
          lower[k] = mean[k] - z * se
          upper[k] = mean[k] + z * se
        }
        reseasonalize(lower, nn, adj)
        reseasonalize(upper, nn, adj)
        return {lower, upper}
      })
      reseasonalize(mean, nn, adj)
      return {label: 'theta', mean, bounds, sigma}
    },
  }
}
