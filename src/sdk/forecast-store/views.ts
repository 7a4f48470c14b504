import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {FORECASTING_KEYS, tableName} from '../catalog/tables.js'
import {NotFoundError} from '../errors.js'
import {type AccuracySummary, type ProductMetrics, summarizeAccuracy} from './accuracy.js'
import {dateRange} from './dates.js'
import {discoverProducts, readSalesHistory} from './history.js'
import {type ForecastDay, type IntervalBounds, type Item, parseForecastItem} from './items.js'
import {buildDailySeries} from './series.js'
import {readStoredForecast} from './store.js'

/** The newest run's items of a product: the last item is always from it, and all its items share its created_at. */
export function latestRun(days: readonly ForecastDay[]): ForecastDay[] {
  const last = days.at(-1)
  if (!last) return []
  return days.filter((d) => d.created_at === last.created_at)
}

export interface ForecastPoint {
  readonly date: string
  readonly predicted_demand: number
  readonly intervals: IntervalBounds[]
}

export interface ForecastView {
  readonly product_id: string
  readonly model: string
  readonly created_at: string
  readonly model_accuracy: number | null
  readonly history: {date: string; quantity: number}[]
  readonly forecast: ForecastPoint[]
}

/** A product's recent history (gaps as zero) and its latest stored forecast, for charts. */
export async function forecastView(client: DynamoDBClient, options: {env: string; productId: string; historyDays?: number}): Promise<ForecastView> {
  const table = tableName(options.env, 'forecasting')
  const [stored, points] = await Promise.all([
    readStoredForecast(client, table, options.productId),
    readSalesHistory(client, table, options.productId, {historyDays: options.historyDays ?? 120}),
  ])
  const run = latestRun(stored)
  if (run.length === 0) {
    throw new NotFoundError(`no forecast stored for product ${options.productId} in ${table}`, `run \`omnix forecast run --product ${options.productId}\` first`)
  }
  const series = buildDailySeries(points)
  const history = series ? dateRange(series.start, series.values.length).map((date, i) => ({date, quantity: series.values[i]})) : []
  const first = run[0]
  return {
    product_id: options.productId,
    model: first.model,
    created_at: first.created_at,
    model_accuracy: first.model_accuracy,
    history,
    forecast: run.map((d) => ({date: d.date, predicted_demand: d.predicted_demand, intervals: d.intervals})),
  }
}

export interface StoredAccuracyRow extends ProductMetrics {
  readonly model_accuracy: number | null
  readonly created_at: string
}

export interface StoredAccuracyResult {
  readonly env: string
  readonly table: string
  readonly products: StoredAccuracyRow[]
  /** Products without a stored forecast or without backtest metrics on it. */
  readonly missing: string[]
  readonly summary: AccuracySummary
}

/** Backtest metrics stored with each product's latest forecast, per product and summed up. */
export async function storedAccuracy(client: DynamoDBClient, options: {env: string; productIds?: readonly string[]; concurrency?: number}): Promise<StoredAccuracyResult> {
  const table = tableName(options.env, 'forecasting')
  const ids = options.productIds ? [...new Set(options.productIds)] : (await discoverProducts(client, {products: tableName(options.env, 'products'), forecasting: table})).productIds
  const {QueryCommand} = await import('@aws-sdk/client-dynamodb')
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(options.concurrency ?? 8)
  const latest = await Promise.all(
    ids.map((productId) =>
      limit(async () => {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: {':pk': {S: FORECASTING_KEYS.forecastPk(productId)}},
            ScanIndexForward: false,
            Limit: 1,
          }),
        )
        const item = page.Items?.[0] as Item | undefined
        return {productId, day: item ? parseForecastItem(item) : undefined}
      }),
    ),
  )
  const products: StoredAccuracyRow[] = []
  const missing: string[] = []
  for (const {productId, day} of latest) {
    if (!day?.metrics || day.metrics.n === 0) {
      missing.push(productId)
      continue
    }
    products.push({product_id: productId, model: day.model, model_accuracy: day.model_accuracy, created_at: day.created_at, ...day.metrics})
  }
  return {env: options.env, table, products, missing, summary: summarizeAccuracy(products)}
}
