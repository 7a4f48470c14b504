/**
 * Forecast accuracy: MAPE (only where every actual is non-zero), sMAPE (M-competition form,
 * percent), MASE (scaled by the in-sample seasonal-naive MAE), bias (mean forecast minus actual:
 * positive means over-forecasting) and the share of actuals inside each prediction interval.
 */
import type {AccuracyMetrics, ForecastResult} from './types.js'

/** In-sample mean absolute error of the seasonal naive method; lag 1 when the history is too short. */
export function naiveScale(insample: ArrayLike<number>, n: number, period: number): number | null {
  const lag = period > 1 && n > period ? period : 1
  if (n <= lag) return null
  let s = 0
  for (let t = lag; t < n; t++) s += Math.abs(insample[t] - insample[t - lag])
  const scale = s / (n - lag)
  return scale > 0 && Number.isFinite(scale) ? scale : null
}

/** Pools errors over several forecast windows (e.g. backtest origins), each with its own MASE scale. */
export class AccuracyAccumulator {
  private n = 0
  private apeSum = 0
  private apeDefined = true
  private smapeSum = 0
  private scaledSum = 0
  private scaledN = 0
  private biasSum = 0
  private readonly covered = new Map<number, number>()

  constructor(private readonly levels: readonly number[]) {
    for (const l of levels) this.covered.set(l, 0)
  }

  add(actual: ArrayLike<number>, fc: Pick<ForecastResult, 'mean' | 'intervals'>, scale: number | null): void {
    const n = Math.min(actual.length, fc.mean.length)
    for (let i = 0; i < n; i++) {
      const a = actual[i]
      const f = fc.mean[i]
      const e = f - a
      const ae = Math.abs(e)
      if (a === 0) this.apeDefined = false
      else this.apeSum += ae / Math.abs(a)
      const denom = Math.abs(a) + Math.abs(f)
      this.smapeSum += denom > 0 ? (200 * ae) / denom : 0
      if (scale !== null) {
        this.scaledSum += ae / scale
        this.scaledN++
      }
      this.biasSum += e
    }
    for (const level of this.levels) {
      const iv = fc.intervals.find((x) => x.level === level)
      if (iv === undefined) continue
      let c = 0
      for (let i = 0; i < n; i++) if (actual[i] >= iv.lower[i] && actual[i] <= iv.upper[i]) c++
      this.covered.set(level, (this.covered.get(level) ?? 0) + c)
    }
    this.n += n
  }

  result(): AccuracyMetrics {
    const n = this.n
    const coverage: Record<string, number> = {}
    for (const [level, c] of this.covered) coverage[String(level)] = n > 0 ? c / n : Number.NaN
    return {
      n,
      mape: n > 0 && this.apeDefined ? (100 * this.apeSum) / n : null,
      smape: n > 0 ? this.smapeSum / n : Number.NaN,
      mase: this.scaledN > 0 ? this.scaledSum / this.scaledN : null,
      bias: n > 0 ? this.biasSum / n : Number.NaN,
      coverage,
    }
  }
}

/**
 * Accuracy of a forecast against the actuals that followed `insample`. Compares the first
 * min(actual, forecast) points; with none, n is 0 and smape/bias are NaN.
 */
export function accuracy(actual: readonly number[], forecast: ForecastResult, insample: readonly number[], period: number): AccuracyMetrics {
  const acc = new AccuracyAccumulator(forecast.intervals.map((iv) => iv.level))
  acc.add(actual, forecast, naiveScale(insample, insample.length, Math.max(1, Math.floor(period))))
  return acc.result()
}
