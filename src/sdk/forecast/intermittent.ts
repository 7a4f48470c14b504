/**
 * Intermittent-demand methods. Croston (1972) smooths non-zero demand sizes and the intervals
 * between them separately; SBA (Syntetos & Boylan 2005) removes Croston's bias with the factor
 * (1 - alpha/2); TSB (Teunter, Syntetos & Babai 2011) smooths the probability of demand every
 * period instead of the interval, so the forecast decays when demand stops.
 *
 * Initialisation follows R's forecast::croston(): the first demand size and the first interval
 * (counted from the start of the series) start the smoothed values.
 */
import type {Bounds, FittedMethod, MethodForecast} from './model.js'
import {sortedQuantile} from './stats.js'

export type IntermittentKind = 'croston' | 'sba' | 'tsb'

export const CROSTON_ALPHA = 0.1
export const TSB_BETA = 0.1

/** Average demand interval ≥ 1.32 (Syntetos-Boylan cut-off) marks a series as intermittent. */
export function isIntermittent(y: ArrayLike<number>, n: number): boolean {
  let nonzero = 0
  for (let t = 0; t < n; t++) if (y[t] !== 0) nonzero++
  if (nonzero === 0) return n > 0
  return n / nonzero >= 1.32
}

/**
 * One-step forecasts f[t] made after observing y[0..t]; returns the index of the first demand
 * (-1 if none). f has length n.
 */
export function intermittentPath(y: ArrayLike<number>, n: number, kind: IntermittentKind, f: Float64Array, alpha = CROSTON_ALPHA, beta = TSB_BETA): number {
  let first = -1
  for (let t = 0; t < n; t++) {
    if (y[t] !== 0) {
      first = t
      break
    }
  }
  if (first < 0) {
    f.fill(0, 0, n)
    return -1
  }
  f.fill(0, 0, first)
  let z = y[first]
  if (kind === 'tsb') {
    let p = 1 / (first + 1)
    f[first] = p * z
    for (let t = first + 1; t < n; t++) {
      if (y[t] !== 0) {
        p += beta * (1 - p)
        z += alpha * (y[t] - z)
      } else {
        p -= beta * p
      }
      f[t] = p * z
    }
    return first
  }
  const factor = kind === 'sba' ? 1 - alpha / 2 : 1
  let q = first + 1
  let last = first
  f[first] = (factor * z) / q
  for (let t = first + 1; t < n; t++) {
    if (y[t] !== 0) {
      z += alpha * (y[t] - z)
      q += alpha * (t - last - q)
      last = t
    }
    f[t] = (factor * z) / q
  }
  return first
}

/**
 * Bounds from the empirical distribution of y[t+1] / f[t] after the first demand, scaled by the
 * current forecast: demand spread grows with its level, and zero demand stays inside the interval.
 */
function ratioBounds(y: Float64Array, n: number, f: Float64Array, first: number, level: number, h: number, forecastValue: number): Bounds {
  const ratios: number[] = []
  for (let t = first; t + 1 < n; t++) if (f[t] > 0) ratios.push(y[t + 1] / f[t])
  const lower = new Float64Array(h)
  const upper = new Float64Array(h)
  if (ratios.length === 0) {
    lower.fill(forecastValue)
    upper.fill(forecastValue)
    return {lower, upper}
  }
  const sorted = Float64Array.from(ratios).sort()
  lower.fill(forecastValue * sortedQuantile(sorted, 0.5 - level / 200))
  upper.fill(forecastValue * sortedQuantile(sorted, 0.5 + level / 200))
  return {lower, upper}
}

export function intermittentPredict(y: Float64Array, n: number, h: number, kind: IntermittentKind, levels: readonly number[]): MethodForecast {
  const f = new Float64Array(Math.max(1, n))
  const first = intermittentPath(y, n, kind, f)
  const value = n > 0 ? f[n - 1] : 0
  const mean = new Float64Array(h).fill(value)
  const bounds = levels.map((level) => (first < 0 ? {lower: new Float64Array(h), upper: new Float64Array(h)} : ratioBounds(y, n, f, first, level, h, value)))
  return {label: kind, mean, bounds}
}

export function intermittentMethod(kind: IntermittentKind): FittedMethod {
  return {label: kind, predict: (y, n, h, levels) => intermittentPredict(y, n, h, kind, levels)}
}
