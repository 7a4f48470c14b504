import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {FORECAST_TTL_DAYS, tableName} from '../catalog/tables.js'
import {BatchWriter, type BatchWriterOptions} from '../dynamodb/batch-writer.js'
import {UsageError} from '../errors.js'
import type {ForecastManyItem, MethodName} from '../forecast/types.js'
import {type AccuracySummary, type ProductMetrics, summarizeAccuracy} from './accuracy.js'
import {addDays, dayNumber} from './dates.js'
import {discoverProducts, NO_SALES_IN_CATALOG, readSalesHistory} from './history.js'
import {forecastItems, PRIMARY_INTERVAL_LEVEL, storedMetrics, demandValue} from './items.js'
import {buildDailySeries, type DailySeries} from './series.js'
import {forecastKeysAfter} from './store.js'

export const DEFAULT_HORIZON_DAYS = 30
export const MAX_HORIZON_DAYS = 365
export const FORECAST_LEVELS = [80, 95]
/** Daily sales repeat weekly. */
export const DAILY_SEASON = 7
/** And yearly: the engine adds the year's season once a history covers two of them. */
export const DAILY_PERIODS = [DAILY_SEASON, 365]

export interface ForecastRunProgress {
  /** read: sales history loaded; forecast: products forecast (and written). */
  readonly phase: 'read' | 'forecast'
  readonly done: number
  readonly total: number
}

export interface ForecastRunOptions {
  /** Environment whose tables are read and written. */
  readonly env: string
  /** Products to forecast; absent: every product of the products table and every product with sales. */
  readonly productIds?: readonly string[]
  readonly horizon?: number
  readonly method?: MethodName
  /** Forecast from the last N days of each product's history only. */
  readonly historyDays?: number
  /**
   * History runs through this day: later records are ignored and a product whose last sale is
   * earlier sold nothing since; forecasts start the day after. Default: each product's last record.
   */
  readonly through?: string
  /** Measure each product's model by rolling-origin backtest (default true). */
  readonly backtest?: boolean
  /** Write the forecast items (default true; false only measures). */
  readonly write?: boolean
  /** Clock for created_at and the TTL. */
  readonly now?: Date
  /** Worker threads for the engine (default: all cores). */
  readonly workers?: number
  /** Products held in memory at once (default 500). */
  readonly chunkSize?: number
  /** Concurrent history queries (default 8). */
  readonly readConcurrency?: number
  readonly writer?: Pick<BatchWriterOptions, 'concurrency' | 'sleep' | 'maxAttempts' | 'baseDelayMs'>
  readonly onProgress?: (progress: ForecastRunProgress) => void
}

export interface ProductBacktest {
  readonly n: number
  readonly mase: number | null
  readonly smape: number | null
  readonly mape: number | null
  readonly bias: number | null
  readonly coverage: Record<string, number>
}

export interface ProductForecast {
  readonly product_id: string
  /** Model used, e.g. `ets(A,Ad,A)`, `croston`. */
  readonly model: string
  readonly history: {start: string; end: string; days: number; filled_days: number}
  readonly forecast_start: string
  readonly forecast_end: string
  /** Sum of the predicted demand over the first 7 and 30 days (or the whole horizon when shorter). */
  readonly next_7_days: number
  readonly next_30_days: number
  /** Sums of the daily 95 % bounds over the same 30 days: a conservative range for that total. */
  readonly interval_95: {lower: number; upper: number}
  readonly backtest: ProductBacktest | null
}

export interface SkippedProduct {
  readonly product_id: string
  readonly reason: string
}

export interface ForecastRunResult {
  readonly env: string
  readonly table: string
  readonly method: MethodName
  readonly horizon: number
  readonly history_days: number | null
  /** The day histories were taken to end on, or null for each product's last record. */
  readonly through: string | null
  /** Where the product list came from. */
  readonly products_from: 'arguments' | 'products' | 'sales' | 'products+sales'
  readonly created_at: string
  /** Epoch seconds written as each item's `ttl`. */
  readonly ttl: number
  readonly expires_at: string
  readonly products_requested: number
  readonly products_forecast: number
  readonly items_written: number
  /** Items of earlier, longer forecasts past this run's horizon, deleted. */
  readonly items_removed: number
  readonly products: ProductForecast[]
  readonly skipped: SkippedProduct[]
  readonly accuracy: AccuracySummary | null
}

interface Loaded {
  readonly productId: string
  readonly series?: DailySeries
  readonly reason?: string
}

/** What `forecastProducts` needs: one list of products and the run's clock, already resolved. */
export interface ForecastProductsOptions {
  /** Environment whose tables are read and written. */
  readonly env: string
  readonly productIds: readonly string[]
  readonly horizon: number
  readonly method: MethodName
  readonly historyDays?: number
  readonly through?: string
  readonly backtest: boolean
  readonly write: boolean
  /** Stamped on every item; a re-run with the same value writes identical items. */
  readonly createdAt: string
  /** Epoch seconds written as each item's `ttl`. */
  readonly ttl: number
  readonly workers?: number
  readonly chunkSize?: number
  readonly readConcurrency?: number
  readonly writer?: ForecastRunOptions['writer']
  /** Products known to have no history, with the reason: skipped without reading. */
  readonly skip?: ReadonlyMap<string, string>
  readonly onProgress?: (progress: ForecastRunProgress) => void
}

export interface ForecastProductsResult {
  readonly products: ProductForecast[]
  /** Products with nothing to forecast from. */
  readonly skipped: SkippedProduct[]
  /** Products the engine could not forecast. */
  readonly failed: SkippedProduct[]
  readonly items_written: number
  readonly items_removed: number
}

/**
 * The one forecasting path of the platform, used by `omnix forecast run`, the worker's shards and
 * the local API: reads each product's `SALES#` history, builds the gap-free daily series,
 * forecasts them (with a backtest per product), writes the `FORECAST#` items in batches and
 * deletes items past the new horizon. Products are processed in chunks so memory stays bounded;
 * the next chunk's history is read while the engine works on the current one.
 */
export async function forecastProducts(client: DynamoDBClient, options: ForecastProductsOptions): Promise<ForecastProductsResult> {
  const {horizon, method, createdAt, ttl} = options
  const table = tableName(options.env, 'forecasting')
  const productIds = [...new Set(options.productIds)]
  const {forecastMany} = await import('../forecast/index.js')
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(options.readConcurrency ?? 8)
  const chunkSize = Math.max(1, options.chunkSize ?? 500)
  const total = productIds.length
  const progress = options.onProgress ?? (() => {})
  const skipReasons = options.skip ?? new Map<string, string>()
  let read = 0
  const loadChunk = (ids: string[]): Promise<Loaded[]> =>
    Promise.all(
      ids.map((productId) =>
        limit(async () => {
          const known = skipReasons.get(productId)
          if (known !== undefined) {
            progress({phase: 'read', done: ++read, total})
            return {productId, reason: known}
          }
          const points = await readSalesHistory(client, table, productId, {historyDays: options.historyDays, through: options.through})
          progress({phase: 'read', done: ++read, total})
          return {productId, series: buildDailySeries(points, {through: options.through})}
        }),
      ),
    )

  const writer = options.write
    ? new BatchWriter(client, {tableName: table, keyAttributes: ['PK', 'SK'], concurrency: options.writer?.concurrency ?? 16, ...options.writer})
    : undefined
  const products: ProductForecast[] = []
  const skipped: SkippedProduct[] = []
  const failed: SkippedProduct[] = []
  let removed = 0
  let forecastDone = 0

  const chunks: string[][] = []
  for (let i = 0; i < productIds.length; i += chunkSize) chunks.push(productIds.slice(i, i + chunkSize))
  let next = chunks.length > 0 ? loadChunk(chunks[0]) : undefined
  for (let c = 0; c < chunks.length; c++) {
    const loaded = await (next as Promise<Loaded[]>)
    next = c + 1 < chunks.length ? loadChunk(chunks[c + 1]) : undefined
    const withHistory = loaded.filter((l): l is Loaded & {series: DailySeries} => l.series !== undefined)
    for (const l of loaded) if (!l.series) skipped.push({product_id: l.productId, reason: l.reason ?? 'no sales history'})
    const base = forecastDone + (loaded.length - withHistory.length)
    forecastDone = base
    progress({phase: 'forecast', done: forecastDone, total})
    const results = await forecastMany(
      withHistory.map((l) => ({id: l.productId, series: l.series.values})),
      {horizon, period: DAILY_PERIODS, method, levels: FORECAST_LEVELS, backtest: options.backtest},
      {workers: options.workers, onProgress: (done) => progress({phase: 'forecast', done: base + done, total})},
    )
    const byId = new Map(results.map((r) => [r.id, r]))
    for (const l of withHistory) {
      const r = byId.get(l.productId)
      if (!r || r.error || r.result.mean.length === 0) {
        failed.push({product_id: l.productId, reason: r?.error ? `forecast failed: ${r.error}` : 'forecast failed: no result'})
        continue
      }
      const start = addDays(l.series.end, 1)
      const row = productRow(l.productId, l.series, start, r)
      products.push(row)
      if (writer) {
        for (const item of forecastItems({productId: l.productId, start, result: r.result, metrics: r.backtest?.metrics, createdAt, ttl})) {
          await writer.put(item)
        }
        for (const key of await forecastKeysAfter(client, table, l.productId, row.forecast_end)) {
          await writer.delete(key)
          removed++
        }
      }
    }
    forecastDone = base + withHistory.length
    progress({phase: 'forecast', done: forecastDone, total})
  }
  if (writer) await writer.flush()
  return {products, skipped, failed, items_written: writer ? writer.stats.written - removed : 0, items_removed: removed}
}

/** Validates a run's horizon, history window and as-of day (UsageError naming the bad one). */
export function checkRunOptions(options: {horizon: number; historyDays?: number; through?: string}): void {
  const {horizon} = options
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON_DAYS) {
    throw new UsageError(`horizon must be a whole number of days from 1 to ${MAX_HORIZON_DAYS} (got ${horizon})`)
  }
  if (options.historyDays !== undefined && (!Number.isInteger(options.historyDays) || options.historyDays < 1)) {
    throw new UsageError(`history days must be a positive whole number (got ${options.historyDays})`)
  }
  if (options.through !== undefined && dayNumber(options.through) === undefined) {
    throw new UsageError(`through: "${options.through}" is not a calendar date (yyyy-mm-dd)`)
  }
}

/** Epoch seconds a forecast created at `now` expires (the forecasting table's TTL). */
export function forecastTtl(now: Date): number {
  return Math.floor(now.getTime() / 1000) + FORECAST_TTL_DAYS * 86_400
}

/**
 * Forecasts products end to end (see `forecastProducts`); without a product list, every product
 * of the catalog and every product with sales history (`discoverProducts`). Re-running writes the
 * same keys, so it overwrites.
 */
export async function runForecasts(client: DynamoDBClient, options: ForecastRunOptions): Promise<ForecastRunResult> {
  const horizon = options.horizon ?? DEFAULT_HORIZON_DAYS
  checkRunOptions({horizon, historyDays: options.historyDays, through: options.through})
  const method = options.method ?? 'auto'
  const now = options.now ?? new Date()
  const createdAt = now.toISOString()
  const ttl = forecastTtl(now)
  const table = tableName(options.env, 'forecasting')

  let productIds: string[]
  let productsFrom: ForecastRunResult['products_from'] = 'arguments'
  const skip = new Map<string, string>()
  if (options.productIds) {
    productIds = [...new Set(options.productIds)]
  } else {
    const found = await discoverProducts(client, {products: tableName(options.env, 'products'), forecasting: table})
    productIds = found.productIds
    productsFrom = found.source
    for (const id of found.withoutSales) skip.set(id, NO_SALES_IN_CATALOG)
  }

  const run = await forecastProducts(client, {
    env: options.env,
    productIds,
    horizon,
    method,
    historyDays: options.historyDays,
    through: options.through,
    backtest: options.backtest ?? true,
    write: options.write ?? true,
    createdAt,
    ttl,
    workers: options.workers,
    chunkSize: options.chunkSize,
    readConcurrency: options.readConcurrency,
    writer: options.writer,
    skip,
    onProgress: options.onProgress,
  })
  const metrics: ProductMetrics[] = run.products.flatMap((row) => (row.backtest ? [{product_id: row.product_id, model: row.model, ...row.backtest}] : []))

  return {
    env: options.env,
    table,
    method,
    horizon,
    history_days: options.historyDays ?? null,
    through: options.through ?? null,
    products_from: productsFrom,
    created_at: createdAt,
    ttl,
    expires_at: new Date(ttl * 1000).toISOString(),
    products_requested: productIds.length,
    products_forecast: run.products.length,
    items_written: run.items_written,
    items_removed: run.items_removed,
    products: run.products,
    skipped: [...run.skipped, ...run.failed],
    accuracy: metrics.length > 0 ? summarizeAccuracy(metrics) : null,
  }
}

function sum(values: readonly number[], n: number): number {
  let s = 0
  for (let i = 0; i < Math.min(n, values.length); i++) s += demandValue(values[i])
  return Math.round(s * 100) / 100
}

function productRow(productId: string, series: DailySeries, start: string, r: ForecastManyItem): ProductForecast {
  const {mean, intervals} = r.result
  const primary = intervals.find((iv) => iv.level === PRIMARY_INTERVAL_LEVEL) ?? intervals.at(-1)
  const m = r.backtest && r.backtest.metrics.n > 0 ? storedMetrics(r.backtest.metrics) : undefined
  return {
    product_id: productId,
    model: r.result.method,
    history: {start: series.start, end: series.end, days: series.values.length, filled_days: series.filledDays},
    forecast_start: start,
    forecast_end: addDays(start, mean.length - 1),
    next_7_days: sum(mean, 7),
    next_30_days: sum(mean, 30),
    interval_95: primary ? {lower: sum(primary.lower, 30), upper: sum(primary.upper, 30)} : {lower: sum(mean, 30), upper: sum(mean, 30)},
    backtest: m ? {n: m.n, mase: m.mase, smape: m.smape, mape: m.mape, bias: m.bias, coverage: m.coverage} : null,
  }
}
