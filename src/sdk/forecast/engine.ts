/**
 * forecast(): validates input, normalises the scale, runs the chosen method and turns its output
 * into plain arrays. Demand (non-negative history) always gets finite, non-negative forecasts.
 *
 * Edge cases: an empty history forecasts zeros with zero-width intervals (method 'none'); a
 * constant history (including all zeros and a single point) forecasts that constant with
 * zero-width intervals (method 'naive'), since it carries no information about variability.
 */
import {UsageError} from '../errors.js'
import {autoForecast, longSeasonsOf, mstlMethod, usableLongSeasons} from './auto.js'
import {etsMethod, type EtsMethodOptions} from './ets-method.js'
import {intermittentPredict} from './intermittent.js'
import {fitWindowFor, type FittedMethod, type MethodForecast} from './model.js'
import {longSeasonMethod, removeLongSeasons} from './mstl.js'
import {naivePredict} from './naive.js'
import {sesMethod} from './ses.js'
import {isConstant} from './stats.js'
import {thetaMethod} from './theta.js'
import {METHOD_NAMES, type ForecastOptions, type ForecastResult, type MethodName} from './types.js'

export const DEFAULT_LEVELS: readonly number[] = [80, 95]
const MAX_HORIZON = 100_000

export interface ResolvedOptions {
  h: number
  /** The shortest season: the one the methods model themselves, and the MASE scale's lag. */
  m: number
  /** Longer seasons, ascending (empty for a single period). */
  long: number[]
  method: MethodName
  levels: number[]
}

/** Seasons longer than this may be fractional (365.25 days, 52.18 weeks): they are decomposed. */
const MAX_WHOLE_PERIOD = 24

function resolvePeriods(period: number | number[] | undefined): {m: number; long: number[]} {
  const list = Array.isArray(period) ? period : [period ?? 1]
  for (const p of list) {
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 1 || (!Number.isInteger(p) && p <= MAX_WHOLE_PERIOD)) {
      throw new UsageError(`Seasonal period must be a whole number of at least 1 (or a number above ${MAX_WHOLE_PERIOD}, e.g. 365.25); got ${String(p)}.`, {
        suggestion: 'Use 7 for daily data with a weekly pattern, [7, 365] for a weekly and a yearly one, 12 for monthly, 1 for none.',
      })
    }
  }
  const sorted = [...new Set(list)].sort((a, b) => a - b).filter((p) => p > 1)
  if (sorted.length === 0) return {m: 1, long: []}
  // A fractional shortest season is modelled by decomposition alone, on top of no short season.
  if (!Number.isInteger(sorted[0])) return {m: 1, long: sorted}
  return {m: sorted[0], long: sorted.slice(1)}
}

export function resolveOptions(options: ForecastOptions): ResolvedOptions {
  const h = options.horizon
  if (!Number.isInteger(h) || h < 0 || h > MAX_HORIZON) {
    throw new UsageError(`Forecast horizon must be a whole number from 0 to ${MAX_HORIZON}; got ${String(h)}.`, {suggestion: 'Pass the number of periods to forecast, e.g. 30.'})
  }
  const {m, long} = resolvePeriods(options.period)
  const method = options.method ?? 'auto'
  if (!METHOD_NAMES.includes(method)) {
    throw new UsageError(`Unknown forecast method '${String(method)}'.`, {suggestion: `Choose one of: ${METHOD_NAMES.join(', ')}.`})
  }
  const levels = options.levels ?? [...DEFAULT_LEVELS]
  for (const level of levels) {
    if (typeof level !== 'number' || !(level > 0 && level < 100)) {
      throw new UsageError(`Prediction interval level must be a percentage strictly between 0 and 100; got ${String(level)}.`, {suggestion: 'Use e.g. levels [80, 95].'})
    }
  }
  return {h, m, long, method, levels: [...levels]}
}

/** Copies a history into a typed array, rejecting anything but finite numbers with its index. */
export function toSeries(series: ArrayLike<unknown>): Float64Array {
  const y = new Float64Array(series.length)
  for (let i = 0; i < series.length; i++) {
    const v = series[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new UsageError(`Series value at index ${i} is not a finite number (${String(v)}).`, {suggestion: 'Fill gaps in the history (e.g. with 0 for days without sales) before forecasting.'})
    }
    y[i] = v
  }
  return y
}

/**
 * ETS settings: parameters estimated on the latest fitWindowFor(m) observations, forms raced
 * (see selectEts); initial seasonal states fitted by likelihood on short series, where they
 * matter most and cost least. On long histories the seasonal autocorrelation test decides
 * between seasonal and non-seasonal forms, as it is then reliable.
 */
function etsOptions(n: number, m: number, scale: number): EtsMethodOptions {
  return {fitWindow: fitWindowFor(m), optimizeSeasonalInit: n <= 150, race: true, seasonalTest: n > 200, dataScale: scale}
}

/**
 * A method asked for by name sees the long seasons removed first, as 'auto' and 'mstl' do, once
 * the history covers two of them (e.g. 'ets' with period 365.25 / 7 on weekly data).
 */
function withLongSeasons(y: Float64Array, n: number, m: number, long: number[], fit: (x: Float64Array) => FittedMethod): FittedMethod {
  const usable = usableLongSeasons(n, long)
  const seasons = usable.length > 0 ? longSeasonsOf(y, n, m, usable) : []
  if (seasons.length === 0) return fit(y)
  const adjusted = removeLongSeasons(y, n, seasons)
  return longSeasonMethod(y, seasons, adjusted, fit(adjusted))
}

function runMethod(method: MethodName, y: Float64Array, n: number, m: number, long: number[], h: number, levels: number[], scale: number): MethodForecast {
  switch (method) {
    case 'mstl':
      return n < 4 ? naivePredict(y, n, h, 1, levels) : mstlMethod(y, n, m, longSeasonsOf(y, n, m, long), etsOptions(n, m, scale)).predict(y, n, h, levels)
    case 'naive':
      return naivePredict(y, n, h, 1, levels)
    case 'snaive':
      return naivePredict(y, n, h, m, levels)
    case 'ses':
      return n < 2 ? naivePredict(y, n, h, 1, levels) : sesMethod(y, n).predict(y, n, h, levels)
    case 'ets':
      return withLongSeasons(y, n, m, long, (x) => etsMethod(x, n, m, etsOptions(n, m, scale))).predict(y, n, h, levels)
    case 'theta':
      return n < 2 ? naivePredict(y, n, h, 1, levels) : withLongSeasons(y, n, m, long, (x) => thetaMethod(x, n, m, fitWindowFor(m))).predict(y, n, h, levels)
    case 'croston':
    case 'sba':
    case 'tsb':
      return intermittentPredict(y, n, h, method, levels)
    default:
      return autoForecast(y, n, m, h, levels, etsOptions(n, m, scale), long)
  }
}

function allFinite(fc: MethodForecast): boolean {
  for (const v of fc.mean) if (!Number.isFinite(v)) return false
  for (const b of fc.bounds) {
    for (const v of b.lower) if (!Number.isFinite(v)) return false
    for (const v of b.upper) if (!Number.isFinite(v)) return false
  }
  return true
}

function toResult(fc: MethodForecast, levels: number[], scale: number, nonNegative: boolean): ForecastResult {
  const fix = (v: number): number => {
    const x = v * scale
    return nonNegative && x < 0 ? 0 : x
  }
  const mean = Array.from(fc.mean, fix)
  const intervals = levels.map((level, i) => {
    const b = fc.bounds[i]
    const lower = Array.from(b.lower, fix)
    const upper = Array.from(b.upper, fix)
    // Empirical-quantile intervals (intermittent demand) need not bracket the point forecast.
    for (let k = 0; k < mean.length; k++) {
      if (lower[k] > mean[k]) lower[k] = mean[k]
      if (upper[k] < mean[k]) upper[k] = mean[k]
    }
    return {level, lower, upper}
  })
  const result: ForecastResult = {method: fc.label, mean, intervals}
  if (fc.aicc !== undefined && Number.isFinite(fc.aicc)) result.fitted = {aicc: fc.aicc}
  return result
}

export function forecastSeries(y: Float64Array, opts: ResolvedOptions): ForecastResult {
  const {h, m, long, method, levels} = opts
  const n = y.length
  let nonNegative = true
  let absSum = 0
  for (let t = 0; t < n; t++) {
    if (y[t] < 0) nonNegative = false
    absSum += Math.abs(y[t])
  }
  if (n === 0 || isConstant(y)) {
    const fc = naivePredict(y, n, h, 1, levels)
    for (const b of fc.bounds) {
      b.lower.set(fc.mean)
      b.upper.set(fc.mean)
    }
    return toResult(fc, levels, 1, nonNegative)
  }
  // A power of two near the mean magnitude: rescaling by it is exact in floating point.
  const scale = 2 ** Math.round(Math.log2(absSum / n))
  const ys = new Float64Array(n)
  for (let t = 0; t < n; t++) ys[t] = y[t] / scale
  let fc = runMethod(method, ys, n, m, long, h, levels, scale)
  if (!allFinite(fc)) fc = naivePredict(ys, n, h, 1, levels)
  return toResult(fc, levels, scale, nonNegative)
}

/**
 * Forecasts `horizon` steps after the end of `series` (oldest first, one value per period, gaps
 * filled by the caller) with prediction intervals at options.levels. Throws UsageError for bad
 * options or a non-finite value.
 */
export function forecast(series: readonly number[], options: ForecastOptions): ForecastResult {
  return forecastSeries(toSeries(series), resolveOptions(options))
}
