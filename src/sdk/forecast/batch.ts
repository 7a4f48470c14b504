/** Forecasting one item of a batch, shared by the calling thread and the worker threads. */
import {backtestSeries} from './backtest.js'
import {forecastSeries, toSeries, type ResolvedOptions} from './engine.js'
import type {ForecastManyItem} from './types.js'

export interface BatchOptions extends ResolvedOptions {
  backtest: boolean
  origins?: number
}

/** Never throws: a series that cannot be forecast gets an empty result and an error message. */
export function forecastItem(id: string, series: ArrayLike<number>, options: BatchOptions): ForecastManyItem {
  try {
    const y = series instanceof Float64Array ? series : toSeries(Array.from(series))
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) toSeries(Array.from(y))
    }
    const result = forecastSeries(y, options)
    if (!options.backtest) return {id, result}
    return {id, result, backtest: backtestSeries(y, options, options.origins)}
  } catch (error) {
    return {id, result: {method: 'none', mean: [], intervals: []}, error: error instanceof Error ? error.message : String(error)}
  }
}
