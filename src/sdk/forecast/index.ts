/**
 * Demand-forecasting engine: pure computation, no AWS and no I/O, deterministic for the same input.
 * Usable from the CLI, a Lambda or a worker thread.
 *
 * Methods: seasonal naive, naive, simple exponential smoothing, ETS (AICc-selected), theta,
 * Croston, SBA, TSB (smoothing estimated per series), 'mstl' (long seasons such as the year of
 * daily data removed by decomposition, then ETS and theta), and 'auto' (per-series choice by
 * rolling-origin backtest, including the obsolescence rule for demand that has stopped; its ETS-theta
 * combinations are weighted by the same backtest, and its outer intervals widened where the backtest's
 * errors outran them).
 */
import {UsageError} from '../errors.js'
import type {Frequency} from './types.js'

export * from './types.js'
export {forecast} from './engine.js'
export {backtest} from './backtest.js'
export {accuracy} from './metrics.js'
export {forecastMany} from './many.js'

const PERIODS: Record<Frequency, number> = {daily: 7, weekly: 52, monthly: 12, quarterly: 4, yearly: 1}

/**
 * Season length for data of this frequency: the week for daily data, the year otherwise. (For a
 * second season pass a list, e.g. [7, 365] for daily data; weekly data forecast better with the
 * fractional year 365.25 / 7 than with 52.)
 */
export function seasonalPeriodFor(frequency: Frequency): number {
  const p = PERIODS[frequency]
  if (p === undefined) throw new UsageError(`Unknown frequency '${String(frequency)}'.`, {suggestion: `Use one of: ${Object.keys(PERIODS).join(', ')}.`})
  return p
}
