/** Public shapes of the forecast engine. */

export type MethodName = 'snaive' | 'naive' | 'ses' | 'ets' | 'theta' | 'croston' | 'sba' | 'tsb' | 'auto'

export const METHOD_NAMES: readonly MethodName[] = ['snaive', 'naive', 'ses', 'ets', 'theta', 'croston', 'sba', 'tsb', 'auto']

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly'

export interface ForecastOptions {
  /** Steps ahead to forecast (0 gives empty arrays). */
  horizon: number
  /** Season length in observations; 1 (default) means no seasonality. */
  period?: number
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
   * 'snaive', 'naive', 'ses', 'croston', 'sba', 'tsb', or 'none' for an empty history.
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
