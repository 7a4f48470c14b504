/** The message that asks the forecasting worker for forecasts (sent by the API and the nightly schedule). */

export const FORECAST_JOB_TYPE = 'forecast.generate'

export interface ForecastJobMessage {
  readonly type: typeof FORECAST_JOB_TYPE
  readonly job_id: string
  /** Products to forecast; `all` forecasts every product with sales history. */
  readonly product_ids: readonly string[] | 'all'
  readonly horizon_days: number
  readonly requested_at: string
  /** `schedule` for the nightly run, else the caller's principal. */
  readonly requested_by: string
}
