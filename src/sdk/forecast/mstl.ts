/**
 * Multiple seasonality (MSTL-style, Bandara, Hyndman & Bergmeir 2021): seasons too long for
 * smoothing states (the year in daily data, the week in hourly data) are estimated one after
 * the other as smoothed periodic figures and removed; the shortest season and the rest are
 * forecast by ETS and theta on the adjusted series, and the long seasonal figures carried
 * forward onto the forecasts and their intervals.
 *
 * A figure is the average, per position in the cycle, of the series relative to a linear trend,
 * smoothed over neighbouring positions by a window of the short season's length (so that the
 * weekday pattern, which shifts by a day each year, averages out of a yearly figure) and
 * re-estimated once against the trend of the series with the figure removed, which corrects
 * the trend for a history that does not span whole cycles. With a periodic seasonal window this
 * is what STL estimates; the linear trend keeps the cost at O(n) per season.
 */
import type {FittedMethod, MethodForecast} from './model.js'

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

function linearFit(y: ArrayLike<number>, from: number, to: number, div: ((t: number) => number) | null): {a: number; b: number} {
  const n = to - from
  let sy = 0
  let sty = 0
  for (let t = from; t < to; t++) {
    const v = div === null ? y[t] : y[t] / div(t)
    sy += v
    sty += (t - from) * v
  }
  const mt = (n - 1) / 2
  const my = sy / n
  const stt = (n * (n * n - 1)) / 12
  const b = stt > 0 ? (sty - n * mt * my) / stt : 0
  return {a: my - b * mt - b * from, b}
}

/** The figure, or null when there is none: degenerate, or shrunk to flat (see shrink). */
function figureOf(y: ArrayLike<number>, from: number, to: number, period: number, len: number, smooth: number, multiplicative: boolean, trend: {a: number; b: number}): Float64Array | null {
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
  const raw = new Float64Array(len)
  let countSum = 0
  for (let i = 0; i < len; i++) {
    if (counts[i] === 0) return null
    raw[i] = sums[i] / counts[i]
    countSum += counts[i]
  }
  // Circular moving average of `smooth` positions (centred; an even window weighs its ends by half).
  const fig = new Float64Array(len)
  const half = Math.floor(smooth / 2)
  const even = smooth % 2 === 0
  let total = 0
  for (let i = 0; i < len; i++) {
    let s = 0
    for (let j = -half; j <= half; j++) {
      const w = even && (j === -half || j === half) ? 0.5 : 1
      s += w * raw[(((i + j) % len) + len) % len]
    }
    fig[i] = s / smooth
    total += fig[i]
  }
  const avg = total / len
  if (shrink(fig, avg, r, from, period, len, smooth, countSum / len) === 0) return null
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

/**
 * Shrinks the figure towards its mean by the share of its variance that is signal (an empirical
 * Bayes estimate): with two or three years of noisy daily sales a figure averages only a few
 * dozen days per position, and a series without a yearly season would otherwise get one made of
 * noise. The noise of a position is the remainder variance (after the figure and a weekday-like
 * short pattern of `smooth` positions) over the days averaged into it.
 */
function shrink(fig: Float64Array, avg: number, r: Float64Array, from: number, period: number, len: number, smooth: number, perPosition: number): number {
  const m = Math.max(1, smooth)
  const short = new Float64Array(m)
  const shortN = new Float64Array(m)
  for (let i = 0; i < r.length; i++) {
    const t = from + i
    short[t % m] += r[i] - fig[binOf(t, period, len)]
    shortN[t % m]++
  }
  for (let j = 0; j < m; j++) short[j] = shortN[j] > 0 ? short[j] / shortN[j] : 0
  let ss = 0
  for (let i = 0; i < r.length; i++) {
    const t = from + i
    const e = r[i] - fig[binOf(t, period, len)] - short[t % m]
    ss += e * e
  }
  const noise = ss / Math.max(1, r.length - len / smooth - m) / (perPosition * smooth)
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
 * such season. `smooth` is the window over neighbouring positions (1: none).
 */
export function longSeasonFor(y: ArrayLike<number>, n: number, period: number, smooth: number): LongSeason | null {
  const len = Math.round(period)
  if (len < 2 || n < MIN_LONG_CYCLES * len) return null
  const from = Math.max(0, n - Math.round(MAX_LONG_CYCLES * period))
  let nonNegative = true
  let sum = 0
  for (let t = from; t < n; t++) {
    if (y[t] < 0) nonNegative = false
    sum += y[t]
  }
  const first = linearFit(y, from, n, null)
  // Ratios to the trend where it stays clearly positive; differences otherwise.
  const multiplicative = nonNegative && sum > 0 && Math.min(first.a + first.b * from, first.a + first.b * (n + len)) > (0.2 * sum) / (n - from)
  let fig = figureOf(y, from, n, period, len, smooth, multiplicative, first)
  if (fig === null) return null
  const f0 = fig
  const second = linearFit(y, from, n, multiplicative ? (t) => f0[binOf(t, period, len)] : null)
  if (!multiplicative) {
    // linearFit with div = null fits y itself; refit on y less the figure instead.
    const adjusted = new Float64Array(n)
    for (let t = from; t < n; t++) adjusted[t] = y[t] - f0[binOf(t, period, len)]
    const s = linearFit(adjusted, from, n, null)
    second.a = s.a
    second.b = s.b
  }
  fig = figureOf(y, from, n, period, len, smooth, multiplicative, second)
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
 * the shorter ones already removed. `smoothFor` gives the figure's smoothing window per period.
 */
export function longSeasonsFor(y: ArrayLike<number>, n: number, periods: readonly number[], smoothFor: (period: number) => number): LongSeason[] {
  const out: LongSeason[] = []
  let x: ArrayLike<number> = y
  for (const p of periods) {
    const s = longSeasonFor(x, n, p, smoothFor(p))
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
