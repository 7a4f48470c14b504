/** The message that asks the forecasting worker for forecasts (sent by the API and the nightly schedule); defined by the SDK. */
export {FORECAST_JOB_TYPE, type ForecastJobMessage} from '../sdk/forecast-jobs/messages.js'
