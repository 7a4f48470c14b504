/**
 * Multiple seasonality (MSTL-style, Bandara, Hyndman & Bergmeir 2021): seasons too long for
 * smoothing states (the year in daily data, the week in hourly data) are estimated one after
 * the other as smoothed periodic figures and removed; the shortest season and the rest are
 * forecast by ETS and theta on the adjusted series, and the long seasonal figures carried
 * forward onto the forecasts and their intervals.
 *
 * A figure is the average, per position in the cycle, of the series relative to a linear trend,
 * re-estimated once against the trend of the series with the figure removed, which corrects the
 * trend for a history that does not span whole cycles. Where the positions mix a shorter season
 * (the weekday moves by a day each year, so a yearly position averages different weekdays), the
 * figure is smoothed by keeping its first harmonics: two or three years of daily sales give only
 * two or three days per position, and a yearly pattern is smooth (a multiplicative figure whose
 * harmonics would ring below what its positions show, as an on/off season's, is averaged over the
 * short season's width instead). Otherwise (weeks of a year, where holiday weeks make sharp
 * figures) each position keeps its average, shrunk towards flat by the share of its variance
 * that is noise. With a periodic seasonal window this is what STL
 * estimates; the linear trend keeps the cost at O(n) per season.
 */
import type {FittedMethod, MethodForecast} from './model.js'
import {linearTrend} from './stats.js'

export interface LongSeason {
  /** Cycle length in observations, possibly fractional (365.25 days, 52.18 weeks). */
  period: number
  /** Positions in the figure: the period rounded (365.25 days -> 365). */
  length: number
  figure: Float64Array
  multiplicative: boolean
}

/**
 * Position of time t in a cycle of `period` observations cut into `len` bins: t mod len for a
 * whole period; for a fractional one the bins stretch so that the cycle does not drift (a
 * 52-week figure on weekly data would slip by a week every 5.6 years).
 */
export function binOf(t: number, period: number, len: number): number {
  if (period === len) return t % len
  const b = Math.floor(((t % period) / period) * len)
  return b < len ? b : len - 1
}

/** A long season is estimated from at least this many cycles of history. */
export const MIN_LONG_CYCLES = 1.5

/** Longest whole number of cycles' worth of history a figure is estimated on (recent years count). */
const MAX_LONG_CYCLES = 4

/** The least-squares line through y[from..to), as a + b·t in the series' own time. */
function trendLine(y: ArrayLike<number>, from: number, to: number): {a: number; b: number} {
  const {intercept, slope} = linearTrend(y, from, to)
  return {a: intercept - slope * from, b: slope}
}

/**
 * The figure, or null when there is none: degenerate, or flat. `short` is the shorter season the
 * positions mix (1: none), which selects the harmonic figure (see the header).
 */
function figureOf(y: ArrayLike<number>, from: number, to: number, period: number, len: number, short: number, multiplicative: boolean, trend: {a: number; b: number}): Float64Array | null {
  const sums = new Float64Array(len)
  const counts = new Float64Array(len)
  const r = new Float64Array(to - from)
  for (let t = from; t < to; t++) {
    const tr = trend.a + trend.b * t
    const v = multiplicative ? y[t] / tr : y[t] - tr
    if (!Number.isFinite(v)) return null
    r[t - from] = v
    const b = binOf(t, period, len)
    sums[b] += v
    counts[b]++
  }
  const fig = new Float64Array(len)
  let avg = 0
  for (let i = 0; i < len; i++) {
    if (counts[i] === 0) return null
    fig[i] = sums[i] / counts[i]
    avg += fig[i]
  }
  avg /= len
  const perPosition = (to - from) / len
  let kept: number
  if (short > 1) {
    const averages = fig.slice()
    kept = keepHarmonics(fig, avg, r, from, period, len, short)
    // A multiplicative figure is a ratio: harmonics ringing below what any position shows (an
    // on/off season, sales only in summer) would divide ordinary days by almost nothing. Such a
    // season keeps its positions' averages, smoothed over the short season's width instead.
    if (multiplicative && kept > 0 && minimum(fig) < 0.5 * minimum(averages)) {
      fig.set(averages)
      smoothCircular(fig, short)
      kept = shrink(fig, avg, r, from, period, len, perPosition, short)
    }
  } else {
    kept = shrink(fig, avg, r, from, period, len, perPosition, 1)
  }
  if (kept === 0) return null
  if (multiplicative) {
    if (!(avg > 0)) return null
    for (let i = 0; i < len; i++) {
      fig[i] /= avg
      if (!(fig[i] > 1e-3)) fig[i] = 1e-3
    }
  } else {
    for (let i = 0; i < len; i++) fig[i] -= avg
  }
  return fig
}

/** Most harmonics a smoothed figure keeps: enough for a December peak about a week and a half wide. */
export const MAX_HARMONICS = 20

/**
 * Replaces the positions' averages by their first K harmonics (about the mean `avg`), K chosen
 * by Schwarz's criterion against the noise of one observation: a harmonic costs 2·ln N noise
 * variances, so that one made of noise is kept in about one series in a thousand. Returns K
 * (0: no season).
 */
function keepHarmonics(fig: Float64Array, avg: number, r: Float64Array, from: number, period: number, len: number, short: number): number {
  const noise = noiseVariance(r, from, fig, period, len, short)
  // Without noise the positions' averages are exact: every one is kept as it is.
  if (!(noise > 0)) return fig.some((v) => v !== avg) ? len : 0
  const perPosition = r.length / len
  const penalty = 2 * Math.log(r.length)
  // A whole period's positions are its observations; a fractional one's are bins, at their centres.
  const steps = period === len ? 1 : 2
  const {cos, sin} = trigTable(len * steps)
  const kMax = Math.min(MAX_HARMONICS, Math.floor((len - 1) / 2))
  const a = new Float64Array(kMax + 1)
  const b = new Float64Array(kMax + 1)
  let gain = 0
  let bestGain = 0
  let best = 0
  for (let k = 1; k <= kMax; k++) {
    for (let i = 0, j = steps === 1 ? 0 : k; i < len; i++, j = (j + k * steps) % (len * steps)) {
      a[k] += (fig[i] - avg) * cos[j]
      b[k] += (fig[i] - avg) * sin[j]
    }
    a[k] *= 2 / len
    b[k] *= 2 / len
    // The harmonic's share of the observations' sum of squares, in noise variances.
    gain += ((len / 2) * (a[k] * a[k] + b[k] * b[k]) * perPosition) / noise - penalty
    if (gain > bestGain) {
      bestGain = gain
      best = k
    }
  }
  fig.fill(avg)
  for (let k = 1; k <= best; k++) {
    for (let i = 0, j = steps === 1 ? 0 : k; i < len; i++, j = (j + k * steps) % (len * steps)) fig[i] += a[k] * cos[j] + b[k] * sin[j]
  }
  return best
}

const trigTables = new Map<number, {cos: Float64Array; sin: Float64Array}>()

/** cos and sin of 2π·j/size for j < size, cached per size. */
function trigTable(size: number): {cos: Float64Array; sin: Float64Array} {
  let t = trigTables.get(size)
  if (t === undefined) {
    t = {cos: new Float64Array(size), sin: new Float64Array(size)}
    for (let j = 0; j < size; j++) {
      t.cos[j] = Math.cos((2 * Math.PI * j) / size)
      t.sin[j] = Math.sin((2 * Math.PI * j) / size)
    }
    trigTables.set(size, t)
  }
  return t
}

/**
 * Variance of one observation around its position's value in `fig` and a pattern of `short`
 * positions (the weekday, which the positions of a daily year mix); `figureDof` is how many free
 * values the figure has (its positions, fewer when smoothed).
 */
function noiseVariance(r: Float64Array, from: number, fig: Float64Array, period: number, len: number, short: number, figureDof = len): number {
  const pattern = new Float64Array(short)
  const count = new Float64Array(short)
  for (let i = 0; i < r.length; i++) {
    const t = from + i
    pattern[t % short] += r[i] - fig[binOf(t, period, len)]
    count[t % short]++
  }
  for (let j = 0; j < short; j++) pattern[j] = count[j] > 0 ? pattern[j] / count[j] : 0
  let ss = 0
  for (let i = 0; i < r.length; i++) {
    const t = from + i
    const e = r[i] - fig[binOf(t, period, len)] - pattern[t % short]
    ss += e * e
  }
  return ss / Math.max(1, r.length - figureDof - short)
}

function minimum(values: Float64Array): number {
  let min = Infinity
  for (const v of values) if (v < min) min = v
  return min
}

/** Circular moving average of `width` positions, in place (centred; an even width weighs its ends by half). */
function smoothCircular(fig: Float64Array, width: number): void {
  const len = fig.length
  const raw = fig.slice()
  const half = Math.floor(width / 2)
  const even = width % 2 === 0
  for (let i = 0; i < len; i++) {
    let s = 0
    for (let j = -half; j <= half; j++) {
      const w = even && (j === -half || j === half) ? 0.5 : 1
      s += w * raw[(((i + j) % len) + len) % len]
    }
    fig[i] = s / width
  }
}

/**
 * Shrinks the figure towards its mean by the share of its variance that is signal (an empirical
 * Bayes estimate): a position averages only a few cycles' observations, and a series without
 * the season would otherwise get a figure made of noise. `width` is how many positions the figure
 * was smoothed over (1: none), so that a position's noise is that of `width` positions' days.
 * Returns the share kept.
 */
function shrink(fig: Float64Array, avg: number, r: Float64Array, from: number, period: number, len: number, perPosition: number, width: number): number {
  const noise = noiseVariance(r, from, fig, period, len, width, len / width) / (perPosition * width)
  let v = 0
  for (let i = 0; i < len; i++) v += (fig[i] - avg) * (fig[i] - avg)
  v /= len
  const keep = v > 0 ? Math.max(0, 1 - noise / v) : 0
  for (let i = 0; i < len; i++) fig[i] = avg + keep * (fig[i] - avg)
  return keep
}

/**
 * The figure of a season of `period` observations, estimated on y[0..n) relative to positions
 * t mod round(period); null when the history is shorter than MIN_LONG_CYCLES cycles or shows no
 * such season. `short` is the shorter season its positions mix (1: none; see the header).
 */
export function longSeasonFor(y: ArrayLike<number>, n: number, period: number, short: number): LongSeason | null {
  const len = Math.round(period)
  if (len < 2 || n < MIN_LONG_CYCLES * len) return null
  const from = Math.max(0, n - Math.round(MAX_LONG_CYCLES * period))
  let nonNegative = true
  let sum = 0
  for (let t = from; t < n; t++) {
    if (y[t] < 0) nonNegative = false
    sum += y[t]
  }
  const first = trendLine(y, from, n)
  // Ratios to the trend where it stays clearly positive; differences otherwise.
  const multiplicative = nonNegative && sum > 0 && Math.min(first.a + first.b * from, first.a + first.b * (n + len)) > (0.2 * sum) / (n - from)
  let fig = figureOf(y, from, n, period, len, short, multiplicative, first)
  if (fig === null) return null
  // The trend again, of the series with the figure removed.
  const second = trendLine(removeLongSeasons(y, n, [{period, length: len, figure: fig, multiplicative}]), from, n)
  fig = figureOf(y, from, n, period, len, short, multiplicative, second)
  if (fig === null) return null
  return {period, length: len, figure: fig, multiplicative}
}

/** The series with the long seasons removed (every figure indexed from t = 0). */
export function removeLongSeasons(y: ArrayLike<number>, n: number, seasons: readonly LongSeason[]): Float64Array {
  const x = Float64Array.from({length: n}, (_, t) => y[t])
  for (const s of seasons) {
    for (let t = 0; t < n; t++) {
      const f = s.figure[binOf(t, s.period, s.length)]
      x[t] = s.multiplicative ? x[t] / f : x[t] - f
    }
  }
  return x
}

/** Puts the long seasons back on values for times n..n+len-1, in place. */
export function restoreLongSeasons(values: Float64Array, n: number, seasons: readonly LongSeason[]): void {
  for (let i = seasons.length - 1; i >= 0; i--) {
    const s = seasons[i]
    for (let k = 0; k < values.length; k++) {
      const f = s.figure[binOf(n + k, s.period, s.length)]
      values[k] = s.multiplicative ? values[k] * f : values[k] + f
    }
  }
}

/**
 * Estimates the long seasons on y[0..n), in ascending order of period, each on the series with
 * the shorter ones already removed. `shortFor` gives the shorter season each one's positions mix.
 */
export function longSeasonsFor(y: ArrayLike<number>, n: number, periods: readonly number[], shortFor: (period: number) => number): LongSeason[] {
  const out: LongSeason[] = []
  let x: ArrayLike<number> = y
  for (const p of periods) {
    const s = longSeasonFor(x, n, p, shortFor(p))
    if (s === null) continue
    out.push(s)
    x = removeLongSeasons(y, n, out)
  }
  return out
}

/**
 * A method fitted to the seasonally adjusted series, seen from the original series: `inner` is
 * fitted on removeLongSeasons(y, n, seasons) of the full-length array `adjusted`, and predict
 * reuses that array whenever it is called on the same y, so that the inner method's cached
 * state and rolling-origin refilters apply.
 */
export function longSeasonMethod(y: Float64Array, seasons: readonly LongSeason[], adjusted: Float64Array, inner: FittedMethod): FittedMethod {
  if (seasons.length === 0) return inner
  const label = `${inner.label}+mstl(${seasons.map((s) => s.length).join(',')})`
  return {
    label,
    aicc: inner.aicc,
    predict(yy, nn, h, levels): MethodForecast {
      const x = yy === y ? adjusted : removeLongSeasons(yy, nn, seasons)
      const fc = inner.predict(x, nn, h, levels)
      restoreLongSeasons(fc.mean, nn, seasons)
      for (const b of fc.bounds) {
        restoreLongSeasons(b.lower, nn, seasons)
        restoreLongSeasons(b.upper, nn, seasons)
      }
      return {...fc, label: `${fc.label}+mstl(${seasons.map((s) => s.length).join(',')})`}
    },
  }
}
