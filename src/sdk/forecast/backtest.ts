/**
 * Rolling-origin evaluation: the method (including, for 'auto', its own model choice) is refitted
 * from scratch at every origin and its forecasts are scored against what followed.
 */
import {forecastSeries, resolveOptions, toSeries, type ResolvedOptions} from './engine.js'
import {AccuracyAccumulator, naiveScale} from './metrics.js'
import {planOrigins} from './origins.js'
import type {BacktestResult, ForecastOptions} from './types.js'

export const DEFAULT_BACKTEST_ORIGINS = 3

/**
 * Metrics pooled over all origins (MASE scaled per origin by its own history). When the history is
 * too short for any origin, origins is 0 and the metrics have n = 0.
 */
export function backtest(series: readonly number[], options: ForecastOptions & {origins?: number}): BacktestResult {
  return backtestSeries(toSeries(series), resolveOptions(options), options.origins)
}

export function backtestSeries(y: Float64Array, opts: ResolvedOptions, origins?: number): BacktestResult {
  const count = origins ?? DEFAULT_BACKTEST_ORIGINS
  const plan = planOrigins(y.length, opts.h, opts.m, Math.max(0, Math.floor(count)))
  const acc = new AccuracyAccumulator(opts.levels)
  for (const o of plan.origins) {
    const fc = forecastSeries(y.slice(0, o), {...opts, h: plan.h})
    acc.add(y.subarray(o, o + plan.h), fc, naiveScale(y, o, opts.m))
  }
  return {method: opts.method, metrics: acc.result(), origins: plan.origins.length}
}
