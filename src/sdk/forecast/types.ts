/** Public shapes of the forecast engine. */

export type MethodName = 'snaive' | 'naive' | 'ses' | 'ets' | 'theta' | 'croston' | 'sba' | 'tsb' | 'mstl' | 'auto'

export const METHOD_NAMES: readonly MethodName[] = ['snaive', 'naive', 'ses', 'ets', 'theta', 'croston', 'sba', 'tsb', 'mstl', 'auto']

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly'

export interface ForecastOptions {
  /** Steps ahead to forecast (0 gives empty arrays). */
  horizon: number
  /**
   * Season length in observations; 1 (default) means no seasonality. A list gives several
   * seasons, e.g. [7, 365] for daily data (week and year) or [24, 168] for hourly data: the
   * shortest is modelled by the methods themselves, the longer ones (which may be fractional,
   * e.g. 365.25 or 52.18, and are used once the history covers two of them) by decomposition
   * ('mstl', and a candidate of 'auto').
   */
  period?: number | number[]
  /** Default 'auto'. */
  method?: MethodName
  /** Interval coverage levels in percent; default [80, 95]. */
  levels?: number[]
}

export interface PredictionInterval {
  level: number
  lower: number[]
  upper: number[]
}

export interface ForecastResult {
  /**
   * The model actually used: 'ets(E,T,S)' (e.g. 'ets(A,Ad,M)'; '+decomp(52)' when a long season
   * was removed by decomposition first), 'theta', 'combo(ets(...),theta)' (their average),
   * any of these with '+mstl(365)' when long seasons were removed first, 'snaive', 'naive',
   * 'ses', 'croston', 'sba', 'tsb', 'obsolete' (zero: demand has stopped), or 'none' for an
   * empty history.
   */
  method: string
  mean: number[]
  intervals: PredictionInterval[]
  fitted?: {aicc?: number; sigma?: number}
}

export interface AccuracyMetrics {
  n: number
  /** Null where undefined (a zero among the actuals). */
  mape: number | null
  smape: number
  /** Null where the in-sample seasonal naive error is zero or unavailable. */
  mase: number | null
  /** Mean of forecast minus actual: positive means over-forecasting. */
  bias: number
  /** Share of actuals inside each interval, keyed by level, e.g. {'80': 0.81, '95': 0.94}. */
  coverage: Record<string, number>
}

export interface BacktestResult {
  /** The method evaluated, as requested (e.g. 'auto'). */
  method: string
  /** Pooled over every forecast point of every origin. */
  metrics: AccuracyMetrics
  /** Forecast origins evaluated (0 when the history is too short). */
  origins: number
}

export interface SeriesInput {
  id: string
  series: number[]
}

export interface ForecastManyItem {
  id: string
  /** Empty (method 'none') when the series could not be forecast; see error. */
  result: ForecastResult
  backtest?: BacktestResult
  error?: string
}

export interface ForecastManyRun {
  /** Worker threads; default os.availableParallelism(). 1 runs on the calling thread. */
  workers?: number
  onProgress?: (done: number, total: number) => void
}
