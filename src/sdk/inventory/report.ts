import type {AttributeValue, DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {tableName} from '../catalog/tables.js'
import {UsageError} from '../errors.js'
import {isoDay} from '../forecast-store/dates.js'
import type {ForecastDay} from '../forecast-store/items.js'
import {readStoredForecast} from '../forecast-store/store.js'
import {putStockoutAlert, stockoutAlertItem} from './alerts.js'
import {type InventoryPolicy, inventoryPolicy, sigmaFromInterval, type StockoutRisk, zForServiceLevel} from './policy.js'

export const DEFAULT_SERVICE_LEVEL = 95
export const DEFAULT_LEAD_TIME_DAYS = 7

export interface InventoryReportOptions {
  readonly env: string
  /** Percent (default 95). */
  readonly serviceLevel?: number
  /** Lead time for every product; absent: each inventory item's `lead_time_days`, else 7. */
  readonly leadTimeDays?: number
  /** Only these products (default: every item of the inventory table). */
  readonly productIds?: readonly string[]
  /** Write alerts for products at risk (default true). */
  readonly createAlerts?: boolean
  readonly now?: Date
  readonly concurrency?: number
  readonly onProgress?: (done: number, total: number) => void
}

export interface InventoryRow {
  readonly product_id: string
  readonly name: string | null
  readonly stock_on_hand: number
  readonly lead_time_days: number
  /** ok; no_forecast: nothing stored from today on (run `forecast run`). */
  readonly status: 'ok' | 'no_forecast'
  readonly model: string | null
  readonly lead_time_demand: number | null
  readonly safety_stock: number | null
  readonly reorder_point: number | null
  readonly average_daily_demand: number | null
  readonly days_of_cover: number | null
  readonly stockout_probability: number | null
  readonly risk: StockoutRisk | null
  /** created: new alert; exists: this product already had today's alert; null: not at risk or alerts off. */
  readonly alert: 'created' | 'exists' | null
}

export interface InventoryReport {
  readonly env: string
  readonly generated_at: string
  readonly service_level: number
  readonly z: number
  /** The lead time given for all products, or null when each item's own applied. */
  readonly lead_time_days: number | null
  readonly products: number
  readonly without_forecast: number
  readonly at_risk: number
  readonly high_risk: number
  readonly medium_risk: number
  readonly alerts_table: string
  readonly alerts_created: number
  readonly alerts_existing: number
  readonly rows: InventoryRow[]
}

interface StockRecord {
  readonly productId: string
  readonly stockOnHand: number
  readonly leadTimeDays?: number
}

async function scanAll(client: DynamoDBClient, table: string, projection: string, names?: Record<string, string>): Promise<Record<string, AttributeValue>[]> {
  const {ScanCommand} = await import('@aws-sdk/client-dynamodb')
  const out: Record<string, AttributeValue>[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(new ScanCommand({TableName: table, ProjectionExpression: projection, ExpressionAttributeNames: names, ExclusiveStartKey: start}))
    out.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start)
  return out
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  if (value?.N === undefined) return undefined
  const n = Number(value.N)
  return Number.isFinite(n) ? n : undefined
}

/** Stock records of the inventory table: `stock_on_hand` (older items: `quantity`) and an optional `lead_time_days`. */
export async function readStock(client: DynamoDBClient, table: string): Promise<StockRecord[]> {
  const items = await scanAll(client, table, 'product_id, stock_on_hand, #q, lead_time_days', {'#q': 'quantity'})
  return items
    .filter((i) => i.product_id?.S)
    .map((i) => {
      const lead = numberOf(i.lead_time_days)
      return {
        productId: i.product_id.S as string,
        stockOnHand: Math.max(0, numberOf(i.stock_on_hand) ?? numberOf(i.quantity) ?? 0),
        ...(lead !== undefined && lead >= 1 ? {leadTimeDays: Math.round(lead)} : {}),
      }
    })
    .sort((a, b) => a.productId.localeCompare(b.productId))
}

/** Forecast sd of each day, from the widest stored interval. */
function dailySigmas(days: readonly ForecastDay[]): number[] {
  return days.map((d) => {
    const iv = d.intervals.at(-1)
    return iv ? sigmaFromInterval(d.predicted_demand, iv.upper, iv.level) : 0
  })
}

/**
 * Inventory recommendations for every product of the inventory table from its stored forecast
 * (today onwards): safety stock, reorder point, days of cover and stock-out risk over the lead
 * time. Products at risk get an alert in the analytics table, at most one per product and day,
 * so running the report again the same day creates none.
 */
export async function inventoryReport(client: DynamoDBClient, options: InventoryReportOptions): Promise<InventoryReport> {
  const serviceLevel = options.serviceLevel ?? DEFAULT_SERVICE_LEVEL
  const z = zForServiceLevel(serviceLevel)
  if (options.leadTimeDays !== undefined && !(Number.isInteger(options.leadTimeDays) && options.leadTimeDays >= 1)) {
    throw new UsageError(`lead time must be a whole number of days, at least 1 (got ${options.leadTimeDays})`)
  }
  const now = options.now ?? new Date()
  const today = isoDay(now)
  const tables = {
    inventory: tableName(options.env, 'inventory'),
    forecasting: tableName(options.env, 'forecasting'),
    analytics: tableName(options.env, 'analytics'),
    products: tableName(options.env, 'products'),
  }
  let stock = await readStock(client, tables.inventory)
  if (options.productIds) {
    const wanted = new Set(options.productIds)
    stock = stock.filter((s) => wanted.has(s.productId))
  }
  const names = new Map(
    (await scanAll(client, tables.products, 'id, #n', {'#n': 'name'})).filter((p) => p.id?.S && p.name?.S).map((p) => [p.id.S as string, p.name.S as string]),
  )
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(options.concurrency ?? 8)
  const createAlerts = options.createAlerts ?? true
  let done = 0
  const rows = await Promise.all(
    stock.map((record) =>
      limit(async (): Promise<InventoryRow> => {
        const leadTime = options.leadTimeDays ?? record.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS
        const days = await readStoredForecast(client, tables.forecasting, record.productId, {from: today})
        const base = {product_id: record.productId, name: names.get(record.productId) ?? null, stock_on_hand: record.stockOnHand, lead_time_days: leadTime}
        let row: InventoryRow
        if (days.length === 0) {
          row = {...base, status: 'no_forecast', model: null, ...emptyPolicy(), alert: null}
        } else {
          const policy = inventoryPolicy({
            stockOnHand: record.stockOnHand,
            leadTimeDays: leadTime,
            serviceLevel,
            dailyDemand: days.map((d) => d.predicted_demand),
            dailySigma: dailySigmas(days),
          })
          let alert: InventoryRow['alert'] = null
          if (createAlerts && policy.risk !== 'low') {
            const item = stockoutAlertItem({productId: record.productId, date: today, stockOnHand: record.stockOnHand, serviceLevel, policy, now})
            alert = await putStockoutAlert(client, tables.analytics, item)
          }
          row = {...base, status: 'ok', model: days[0].model, ...policyFields(policy), alert}
        }
        options.onProgress?.(++done, stock.length)
        return row
      }),
    ),
  )
  const risky = rows.filter((r) => r.risk === 'high' || r.risk === 'medium')
  return {
    env: options.env,
    generated_at: now.toISOString(),
    service_level: serviceLevel,
    z: Math.round(z * 10_000) / 10_000,
    lead_time_days: options.leadTimeDays ?? null,
    products: rows.length,
    without_forecast: rows.filter((r) => r.status === 'no_forecast').length,
    at_risk: risky.length,
    high_risk: rows.filter((r) => r.risk === 'high').length,
    medium_risk: rows.filter((r) => r.risk === 'medium').length,
    alerts_table: tables.analytics,
    alerts_created: rows.filter((r) => r.alert === 'created').length,
    alerts_existing: rows.filter((r) => r.alert === 'exists').length,
    rows: rows.sort((a, b) => (b.stockout_probability ?? -1) - (a.stockout_probability ?? -1) || a.product_id.localeCompare(b.product_id)),
  }
}

function policyFields(p: InventoryPolicy) {
  return {
    lead_time_demand: p.lead_time_demand,
    safety_stock: p.safety_stock,
    reorder_point: p.reorder_point,
    average_daily_demand: p.average_daily_demand,
    days_of_cover: p.days_of_cover,
    stockout_probability: p.stockout_probability,
    risk: p.risk,
  }
}

function emptyPolicy() {
  return {
    lead_time_demand: null,
    safety_stock: null,
    reorder_point: null,
    average_daily_demand: null,
    days_of_cover: null,
    stockout_probability: null,
    risk: null,
  }
}
