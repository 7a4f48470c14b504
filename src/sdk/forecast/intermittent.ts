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

/** Smoothing used when a history has too few demands to estimate it (R's croston() default). */
export const CROSTON_ALPHA = 0.1
export const TSB_BETA = 0.1
/** Fewest demands from which the smoothing parameters are estimated rather than fixed. */
export const MIN_DEMANDS_TO_ESTIMATE = 8
/** Search range of the estimated smoothing parameters. */
const PARAM_LO = 0.01
const PARAM_HI = 0.6

export interface IntermittentParams {
  /** Smoothing of the demand sizes. */
  alpha: number
  /** Smoothing of the intervals between demands (Croston, SBA) or of the demand probability (TSB). */
  beta: number
}

/** Average demand interval ≥ 1.32 (Syntetos-Boylan cut-off) marks a series as intermittent. */
export function isIntermittent(y: ArrayLike<number>, n: number): boolean {
  let nonzero = 0
  for (let t = 0; t < n; t++) if (y[t] !== 0) nonzero++
  if (nonzero === 0) return n > 0
  return n / nonzero >= 1.32
}

/**
 * Mean squared error of exponential smoothing of x (started at x[0]) with this alpha, each
 * smoothed value against the mean of the next `lead` values: for lead 1 the one-step least
 * squares; a longer lead judges the smoothed value as what it is used for, the level of the
 * coming periods, and is less swayed by the noise of single periods.
 */
function sesMse(x: ArrayLike<number>, n: number, alpha: number, lead: number): number {
  let l = x[0]
  let ss = 0
  let count = 0
  let window = 0
  const k = Math.max(1, Math.min(lead, n - 1))
  for (let j = 1; j <= k; j++) window += x[j]
  for (let t = 1; t + k <= n; t++) {
    const e = window / k - l
    ss += e * e
    count++
    l += alpha * (x[t] - l)
    window += (t + k < n ? x[t + k] : 0) - x[t]
  }
  return ss / Math.max(1, count)
}

/** The same for the demand indicator and TSB's smoothed probability with this beta. */
function probabilityMse(y: ArrayLike<number>, n: number, first: number, beta: number, lead: number): number {
  let p = 1 / (first + 1)
  let ss = 0
  let count = 0
  const k = Math.max(1, Math.min(lead, n - first - 1))
  let window = 0
  for (let j = first + 1; j <= first + k && j < n; j++) window += y[j] !== 0 ? 1 : 0
  for (let t = first + 1; t + k <= n; t++) {
    const e = window / k - p
    ss += e * e
    count++
    p += beta * ((y[t] !== 0 ? 1 : 0) - p)
    window += (t + k < n && y[t + k] !== 0 ? 1 : 0) - (y[t] !== 0 ? 1 : 0)
  }
  return ss / Math.max(1, count)
}

/** Minimises f on [PARAM_LO, PARAM_HI]: a coarse grid, then golden-section search around its best point. */
function minimise(f: (a: number) => number): number {
  const steps = 12
  let best = PARAM_LO
  let bestF = Infinity
  for (let i = 0; i <= steps; i++) {
    const a = PARAM_LO + ((PARAM_HI - PARAM_LO) * i) / steps
    const v = f(a)
    if (v < bestF) {
      bestF = v
      best = a
    }
  }
  const width = (PARAM_HI - PARAM_LO) / steps
  let lo = Math.max(PARAM_LO, best - width)
  let hi = Math.min(PARAM_HI, best + width)
  const g = (Math.sqrt(5) - 1) / 2
  let c = hi - g * (hi - lo)
  let d = lo + g * (hi - lo)
  let fc = f(c)
  let fd = f(d)
  for (let i = 0; i < 20; i++) {
    if (fc < fd) {
      hi = d
      d = c
      fd = fc
      c = hi - g * (hi - lo)
      fc = f(c)
    } else {
      lo = c
      c = d
      fc = fd
      d = lo + g * (hi - lo)
      fd = f(d)
    }
  }
  const a = (lo + hi) / 2
  return f(a) <= bestF ? a : best
}

/**
 * Smoothing parameters estimated on y[0..n) by least squares of the one-step (or `lead`-step)
 * forecasts of each smoothed quantity: demand sizes (alpha), and the intervals between demands
 * (Croston, SBA) or the demand indicator (TSB) for beta. (On the daily retail benchmark's slow
 * movers, longer leads and a joint fit on the demand path gave no better held-out error.) With fewer than MIN_DEMANDS_TO_ESTIMATE demands the fixed
 * CROSTON_ALPHA and TSB_BETA stand in.
 */
export function estimateIntermittent(y: ArrayLike<number>, n: number, kind: IntermittentKind, lead = 1): IntermittentParams {
  const sizes: number[] = []
  const intervals: number[] = []
  let first = -1
  let last = -1
  for (let t = 0; t < n; t++) {
    if (y[t] === 0) continue
    if (first < 0) first = t
    sizes.push(y[t])
    intervals.push(t - last)
    last = t
  }
  if (sizes.length < MIN_DEMANDS_TO_ESTIMATE) return {alpha: CROSTON_ALPHA, beta: TSB_BETA}
  const alpha = minimise((a) => sesMse(sizes, sizes.length, a, lead))
  const beta = kind === 'tsb' ? minimise((b) => probabilityMse(y, n, first, b, lead)) : minimise((b) => sesMse(intervals, intervals.length, b, lead))
  return {alpha, beta}
}

/**
 * One-step forecasts f[t] made after observing y[0..t]; returns the index of the first demand
 * (-1 if none). f has length n. Croston and SBA smooth sizes with alpha and intervals with beta
 * (R's croston() uses alpha for both); SBA's bias correction is (1 - beta/2).
 */
export function intermittentPath(y: ArrayLike<number>, n: number, kind: IntermittentKind, f: Float64Array, alpha = CROSTON_ALPHA, beta = kind === 'tsb' ? TSB_BETA : alpha): number {
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
  const factor = kind === 'sba' ? 1 - beta / 2 : 1
  let q = first + 1
  let last = first
  f[first] = (factor * z) / q
  for (let t = first + 1; t < n; t++) {
    if (y[t] !== 0) {
      z += alpha * (y[t] - z)
      q += beta * (t - last - q)
      last = t
    }
    f[t] = (factor * z) / q
  }
  return first
}

/**
 * Bounds from the empirical distribution of y[t+1] / f[t] after the first demand, scaled by the
 * current forecast: demand spread grows with its level, and zero demand stays inside the interval.
 * They widen with the horizon as the smoothed level's own uncertainty grows (by 1 + k·a² in
 * variance, as for a local level with smoothing a, the larger of the two parameters).
 */
function ratioBounds(y: ArrayLike<number>, n: number, f: Float64Array, first: number, level: number, h: number, forecastValue: number, spread: number): Bounds {
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
  const lo = forecastValue * sortedQuantile(sorted, 0.5 - level / 200)
  const hi = forecastValue * sortedQuantile(sorted, 0.5 + level / 200)
  for (let k = 0; k < h; k++) {
    const g = Math.sqrt(1 + k * spread * spread)
    lower[k] = Math.max(0, forecastValue - g * (forecastValue - lo))
    upper[k] = forecastValue + g * (hi - forecastValue)
  }
  return {lower, upper}
}

function predictWith(y: ArrayLike<number>, n: number, h: number, kind: IntermittentKind, levels: readonly number[], params: IntermittentParams): MethodForecast {
  const f = new Float64Array(Math.max(1, n))
  const first = intermittentPath(y, n, kind, f, params.alpha, params.beta)
  const value = n > 0 ? f[n - 1] : 0
  const mean = new Float64Array(h).fill(value)
  const spread = Math.max(params.alpha, params.beta)
  const bounds = levels.map((level) => (first < 0 ? {lower: new Float64Array(h), upper: new Float64Array(h)} : ratioBounds(y, n, f, first, level, h, value, spread)))
  return {label: kind, mean, bounds}
}

export function intermittentPredict(y: Float64Array, n: number, h: number, kind: IntermittentKind, levels: readonly number[]): MethodForecast {
  return predictWith(y, n, h, kind, levels, estimateIntermittent(y, n, kind))
}

export interface IntermittentFitted extends FittedMethod {
  params: IntermittentParams
}

/**
 * The method with its parameters estimated on y[0..n) (or given), rolled forward unchanged by
 * predict.
 */
export function intermittentMethod(kind: IntermittentKind, y: Float64Array, n: number, given?: IntermittentParams): IntermittentFitted {
  const params = given ?? estimateIntermittent(y, n, kind)
  return {label: kind, params, predict: (yy, nn, h, levels) => predictWith(yy, nn, h, kind, levels, params)}
}

/**
 * How many times the longest earlier gap between demands (and the mean gap) the current run of
 * zeros must last before demand counts as stopped for good.
 */
export const OBSOLETE_MAX_GAP_FACTOR = 1
export const OBSOLETE_MEAN_GAP_FACTOR = 4
/** Fewest demands a history needs before its gaps say anything about when it has died. */
const OBSOLETE_MIN_DEMANDS = 3

/**
 * The obsolescence rule: true when y[0..n) ends in a run of zeros longer than every earlier gap
 * between demands and OBSOLETE_MEAN_GAP_FACTOR times the mean gap.
 */
export function isObsolete(y: ArrayLike<number>, n: number): boolean {
  let last = -1
  let count = 0
  let maxGap = 0
  let gapSum = 0
  for (let t = 0; t < n; t++) {
    if (y[t] === 0) continue
    if (last >= 0) {
      const gap = t - last
      gapSum += gap
      if (gap > maxGap) maxGap = gap
    }
    last = t
    count++
  }
  if (count < OBSOLETE_MIN_DEMANDS) return false
  const run = n - 1 - last
  const meanGap = gapSum / (count - 1)
  return run > OBSOLETE_MAX_GAP_FACTOR * maxGap && run > OBSOLETE_MEAN_GAP_FACTOR * meanGap
}

/**
 * Obsolescence as a method: zero once the rule says demand has stopped (keeping TSB's upper
 * bounds, since a revival is not impossible), the fitted TSB before that. Chosen by backtest like the
 * other intermittent methods, so a history whose long gaps have ended in new demand before
 * keeps TSB.
 */
export function obsoleteMethod(tsb: FittedMethod): FittedMethod {
  return {
    label: 'obsolete',
    predict(yy, nn, h, levels): MethodForecast {
      const fc = tsb.predict(yy, nn, h, levels)
      if (!isObsolete(yy, nn)) return fc
      return {label: 'obsolete', mean: new Float64Array(h), bounds: fc.bounds.map((b) => ({lower: new Float64Array(h), upper: b.upper}))}
    },
  }
}
