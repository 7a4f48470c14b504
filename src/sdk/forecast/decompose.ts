/**
 * Classical seasonal decomposition (moving-average trend, averaged seasonal figure), as used for
 * seasonal adjustment by the theta method and for long seasonal periods, plus the autocorrelation
 * test that decides whether a series is seasonal at all.
 */
import {normalQuantile} from './stats.js'

export type DecompositionType = 'additive' | 'multiplicative'

export interface Decomposition {
  /** Seasonal figure of length m, indexed by position t mod m (t = 0 is the first observation). */
  figure: Float64Array
  /**
   * Seasonal strength in [0, 1]: 1 - Var(remainder) / Var(detrended), with the remainder the
   * detrended series less (or divided by) the figure (Wang, Smith & Hyndman 2006).
   */
  strength: number
}

/**
 * Classical decomposition; null when there are fewer than two full periods or the figure is
 * degenerate.
 */
export function decompose(y: ArrayLike<number>, n: number, m: number, type: DecompositionType): Decomposition | null {
  if (m < 2 || n < 2 * m) return null
  const half = Math.floor(m / 2)
  const even = m % 2 === 0
  const detrended = new Float64Array(n).fill(Number.NaN)
  const sums = new Float64Array(m)
  const counts = new Float64Array(m)
  // Running centred moving average (2xm for even m, as R's decompose()).
  let window = 0
  for (let i = 0; i < m; i++) window += y[i]
  for (let t = half; t < n - half; t++) {
    // window holds y[t-half .. t-half+m-1]
    const trend = even ? (window - 0.5 * y[t - half] + 0.5 * y[t + half]) / m : window / m
    const d = type === 'additive' ? y[t] - trend : trend !== 0 ? y[t] / trend : Number.NaN
    if (Number.isFinite(d)) {
      detrended[t] = d
      sums[t % m] += d
      counts[t % m]++
    }
    const next = t - half + m
    if (next >= n) break
    window += y[next] - y[t - half]
  }
  const fig = new Float64Array(m)
  let total = 0
  for (let i = 0; i < m; i++) {
    if (counts[i] === 0) return null
    fig[i] = sums[i] / counts[i]
    total += fig[i]
  }
  const avg = total / m
  if (type === 'additive') {
    for (let i = 0; i < m; i++) fig[i] -= avg
  } else {
    if (!(avg > 0)) return null
    for (let i = 0; i < m; i++) {
      fig[i] /= avg
      if (!(fig[i] > 1e-4)) return null
    }
  }
  // Variances of the detrended series and of its remainder.
  let k = 0
  let sd = 0
  let sdd = 0
  let sr = 0
  let srr = 0
  for (let t = 0; t < n; t++) {
    const d = detrended[t]
    if (Number.isNaN(d)) continue
    const r = type === 'additive' ? d - fig[t % m] : d / fig[t % m]
    k++
    sd += d
    sdd += d * d
    sr += r
    srr += r * r
  }
  const varD = k > 1 ? (sdd - (sd * sd) / k) / (k - 1) : 0
  const varR = k > 1 ? (srr - (sr * sr) / k) / (k - 1) : 0
  const strength = varD > 0 ? Math.max(0, 1 - varR / varD) : 0
  return {figure: fig, strength}
}

/** The seasonal figure alone (see decompose). */
export function seasonalFigure(y: ArrayLike<number>, n: number, m: number, type: DecompositionType): Float64Array | null {
  return decompose(y, n, m, type)?.figure ?? null
}

/** Autocorrelations r_1..r_maxLag. */
export function autocorrelations(y: ArrayLike<number>, n: number, maxLag: number): Float64Array {
  let mean = 0
  for (let t = 0; t < n; t++) mean += y[t]
  mean /= n
  let denom = 0
  for (let t = 0; t < n; t++) denom += (y[t] - mean) * (y[t] - mean)
  const r = new Float64Array(maxLag + 1)
  r[0] = 1
  if (denom === 0) return r
  for (let k = 1; k <= maxLag && k < n; k++) {
    let s = 0
    for (let t = 0; t + k < n; t++) s += (y[t] - mean) * (y[t + k] - mean)
    r[k] = s / denom
  }
  return r
}

const Z90 = normalQuantile(0.95)

/**
 * Seasonality test of the theta method (Assimakopoulos & Nikolopoulos; Hyndman's thetaf): the lag-m
 * autocorrelation is significant at 90 % against Bartlett's standard error.
 */
export function isSeasonal(y: ArrayLike<number>, n: number, m: number): boolean {
  if (m < 2 || n <= 2 * m) return false
  const r = autocorrelations(y, n, m)
  let s = 0
  for (let k = 1; k < m; k++) s += r[k] * r[k]
  const stat = Math.sqrt((1 + 2 * s) / n)
  return Math.abs(r[m]) / stat > Z90
}
