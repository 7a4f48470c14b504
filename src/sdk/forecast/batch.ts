/** Forecasting one item of a batch, shared by the calling thread and the worker threads. */
import {backtestSeries} from './backtest.js'
import {forecastSeries, toSeries, type ResolvedOptions} from './engine.js'
import type {ForecastManyItem} from './types.js'

export interface BatchOptions extends ResolvedOptions {
  backtest: boolean
  origins?: number
}

/**
 * A history as sent to a worker: numbers as they are, anything else as NaN (so that both threads
 * reject it with the same message).
 */
export function packValues(series: ArrayLike<unknown>, out: Float64Array, at: number): void {
  for (let j = 0; j < series.length; j++) {
    const v = series[j]
    out[at + j] = typeof v === 'number' ? v : Number.NaN
  }
}

/** Never throws: a series that cannot be forecast gets an empty result and an error message. */
export function forecastItem(id: string, series: ArrayLike<unknown>, options: BatchOptions): ForecastManyItem {
  try {
    let values = series
    if (!(series instanceof Float64Array)) {
      const packed = new Float64Array(series.length)
      packValues(series, packed, 0)
      values = packed
    }
    const y = toSeries(values)
    const result = forecastSeries(y, options)
    if (!options.backtest) return {id, result}
    return {id, result, backtest: backtestSeries(y, options, options.origins)}
  } catch (error) {
    return {id, result: {method: 'none', mean: [], intervals: []}, error: error instanceof Error ? error.message : String(error)}
  }
}
