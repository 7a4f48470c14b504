import type {AttributeValue} from '@aws-sdk/client-dynamodb'

import {FORECASTING_KEYS} from '../catalog/tables.js'
import type {AccuracyMetrics, ForecastResult} from '../forecast/types.js'
import {dateRange} from './dates.js'

export type Item = Record<string, AttributeValue>

/** The interval stored as `confidence_interval` (the platform's single-interval field); all levels go to `confidence_intervals`. */
export const PRIMARY_INTERVAL_LEVEL = 95

export interface IntervalBounds {
  readonly level: number
  readonly lower: number
  readonly upper: number
}

/** Backtest metrics as stored on each forecast item (`model_metrics`). */
export interface StoredMetrics {
  readonly n: number
  readonly smape: number | null
  readonly mase: number | null
  readonly mape: number | null
  readonly bias: number | null
  /** Share of actuals inside each interval, keyed by level ("80", "95"). */
  readonly coverage: Record<string, number>
}

export interface ForecastDay {
  readonly product_id: string
  readonly date: string
  readonly predicted_demand: number
  readonly intervals: IntervalBounds[]
  readonly model: string
  readonly model_accuracy: number | null
  readonly metrics: StoredMetrics | null
  readonly created_at: string
  readonly ttl: number | null
}

export interface ForecastItemsInput {
  readonly productId: string
  /** First forecast day (the day after the last history day). */
  readonly start: string
  readonly result: ForecastResult
  readonly metrics?: AccuracyMetrics
  readonly createdAt: string
  /** Epoch seconds after which DynamoDB may delete the items. */
  readonly ttl: number
}

/** Demand is never negative and is stored to a thousandth of a unit. */
export function demandValue(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return 0
  return Math.round(x * 1000) / 1000
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** The model's accuracy in percent as one number: 100 minus the backtest sMAPE, floored at 0; null without a backtest. */
export function modelAccuracy(metrics: AccuracyMetrics | StoredMetrics | undefined | null): number | null {
  if (!metrics || metrics.smape === null || !Number.isFinite(metrics.smape) || metrics.n === 0) return null
  return round(Math.max(0, 100 - metrics.smape), 2)
}

export function storedMetrics(metrics: AccuracyMetrics): StoredMetrics {
  const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : round(x, 4))
  const coverage: Record<string, number> = {}
  for (const [level, share] of Object.entries(metrics.coverage)) if (Number.isFinite(share)) coverage[level] = round(share, 4)
  return {n: metrics.n, smape: finite(metrics.smape), mase: finite(metrics.mase), mape: finite(metrics.mape), bias: finite(metrics.bias), coverage}
}

const N = (x: number): AttributeValue => ({N: String(x)})
const S = (s: string): AttributeValue => ({S: s})
const nullable = (x: number | null): AttributeValue => (x === null ? {NULL: true} : N(x))

function intervalAttribute(b: IntervalBounds): AttributeValue {
  return {M: {lower: N(b.lower), upper: N(b.upper), level: N(b.level)}}
}

/** The `FORECAST#<id>` / `DATE#<date>` items of one product's forecast, one per day of the horizon. */
export function forecastItems(input: ForecastItemsInput): Item[] {
  const {result} = input
  const dates = dateRange(input.start, result.mean.length)
  const metrics = input.metrics && input.metrics.n > 0 ? storedMetrics(input.metrics) : undefined
  const accuracy = modelAccuracy(metrics)
  return dates.map((date, h) => {
    const mean = demandValue(result.mean[h])
    const intervals = result.intervals
      .map((iv) => ({level: iv.level, lower: Math.min(demandValue(iv.lower[h]), mean), upper: Math.max(demandValue(iv.upper[h]), mean)}))
      .sort((a, b) => a.level - b.level)
    const primary = intervals.find((iv) => iv.level === PRIMARY_INTERVAL_LEVEL) ?? intervals.at(-1)
    const item: Item = {
      PK: S(FORECASTING_KEYS.forecastPk(input.productId)),
      SK: S(FORECASTING_KEYS.dateSk(date)),
      product_id: S(input.productId),
      forecast_date: S(date),
      horizon_day: N(h + 1),
      predicted_demand: N(mean),
      model: S(result.method),
      created_at: S(input.createdAt),
      ttl: N(input.ttl),
    }
    if (primary) item.confidence_interval = intervalAttribute(primary)
    if (intervals.length > 0) item.confidence_intervals = {L: intervals.map(intervalAttribute)}
    if (accuracy !== null) item.model_accuracy = N(accuracy)
    if (metrics) {
      const coverage: Record<string, AttributeValue> = {}
      for (const [level, share] of Object.entries(metrics.coverage)) coverage[level] = N(share)
      item.model_metrics = {
        M: {n: N(metrics.n), smape: nullable(metrics.smape), mase: nullable(metrics.mase), mape: nullable(metrics.mape), bias: nullable(metrics.bias), coverage: {M: coverage}},
      }
    }
    return item
  })
}

function num(value: AttributeValue | undefined): number | null {
  if (value?.N === undefined) return null
  const n = Number(value.N)
  return Number.isFinite(n) ? n : null
}

function parseInterval(value: AttributeValue | undefined): IntervalBounds | undefined {
  const m = value?.M
  if (!m) return undefined
  const [level, lower, upper] = [num(m.level), num(m.lower), num(m.upper)]
  if (level === null || lower === null || upper === null) return undefined
  return {level, lower, upper}
}

function parseMetrics(value: AttributeValue | undefined): StoredMetrics | null {
  const m = value?.M
  if (!m) return null
  const coverage: Record<string, number> = {}
  for (const [level, share] of Object.entries(m.coverage?.M ?? {})) {
    const n = num(share)
    if (n !== null) coverage[level] = n
  }
  return {n: num(m.n) ?? 0, smape: num(m.smape), mase: num(m.mase), mape: num(m.mape), bias: num(m.bias), coverage}
}

/** Reads a stored forecast item back (items written by other tools may lack the optional fields). */
export function parseForecastItem(item: Item): ForecastDay | undefined {
  const pk = item.PK?.S ?? ''
  const sk = item.SK?.S ?? ''
  const forecastPrefix = FORECASTING_KEYS.forecastPk('')
  const datePrefix = FORECASTING_KEYS.dateSk('')
  if (!pk.startsWith(forecastPrefix) || !sk.startsWith(datePrefix)) return undefined
  const listed = (item.confidence_intervals?.L ?? []).map(parseInterval).filter((x): x is IntervalBounds => x !== undefined)
  const single = parseInterval(item.confidence_interval)
  const intervals = listed.length > 0 ? listed : single ? [single] : []
  return {
    product_id: item.product_id?.S ?? pk.slice(forecastPrefix.length),
    date: item.forecast_date?.S ?? sk.slice(datePrefix.length),
    predicted_demand: num(item.predicted_demand) ?? 0,
    intervals: intervals.sort((a, b) => a.level - b.level),
    model: item.model?.S ?? 'unknown',
    model_accuracy: num(item.model_accuracy),
    metrics: parseMetrics(item.model_metrics),
    created_at: item.created_at?.S ?? '',
    ttl: num(item.ttl),
  }
}
