import type {AttributeValue, DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {FORECASTING_KEYS} from '../catalog/tables.js'
import {OmnixError} from '../errors.js'
import {addDays} from './dates.js'
import type {SalesPoint} from './series.js'

const DATE_PREFIX = FORECASTING_KEYS.dateSk('')

export interface ReadHistoryOptions {
  /** Keep only the last N days, counted back from `through`, else from the product's latest record. */
  readonly historyDays?: number
  /** Ignore records after this day (`yyyy-mm-dd`), as if forecasting on the day after. */
  readonly through?: string
  /** Items per Query page (default: DynamoDB's 1 MB pages). */
  readonly pageSize?: number
}

/**
 * Sales records of one product (`SALES#<id>` partition), oldest first. Pages are read newest
 * first so that a `historyDays` window stops reading as soon as it has passed its first day,
 * whatever the date of the latest record.
 */
export async function readSalesHistory(client: DynamoDBClient, table: string, productId: string, options: ReadHistoryOptions = {}): Promise<SalesPoint[]> {
  const {QueryCommand} = await import('@aws-sdk/client-dynamodb')
  const newestFirst: SalesPoint[] = []
  let cutoff = options.through !== undefined && options.historyDays !== undefined ? addDays(options.through, -(options.historyDays - 1)) : undefined
  const upper = FORECASTING_KEYS.dateSk(options.through ?? '9999-12-31')
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :first AND :last',
        ExpressionAttributeValues: {':pk': {S: FORECASTING_KEYS.salesPk(productId)}, ':first': {S: DATE_PREFIX}, ':last': {S: upper}},
        ProjectionExpression: 'SK, quantity_sold',
        ScanIndexForward: false,
        ...(options.pageSize ? {Limit: options.pageSize} : {}),
        ExclusiveStartKey: start,
      }),
    )
    for (const item of page.Items ?? []) {
      const date = item.SK?.S?.slice(DATE_PREFIX.length)
      if (!date) continue
      if (options.historyDays !== undefined) {
        cutoff ??= addDays(date, -(options.historyDays - 1))
        if (date < cutoff) return newestFirst.reverse()
      }
      newestFirst.push({date, quantity: quantityOf(item.quantity_sold, productId, date)})
    }
    start = page.LastEvaluatedKey
  } while (start)
  return newestFirst.reverse()
}

function quantityOf(value: AttributeValue | undefined, productId: string, date: string): number {
  if (value?.N === undefined) return 0
  const n = Number(value.N)
  if (!Number.isFinite(n)) {
    throw new OmnixError(`SALES#${productId} DATE#${date}: quantity_sold "${value.N}" is not a number`, {code: 'BAD_SALES_ITEM'})
  }
  return n
}

export interface ProductDiscovery {
  /** The union of the catalog's products and the products with sales history, sorted. */
  readonly productIds: string[]
  /** Where the ids came from: the products table, the sales partitions, or both. */
  readonly source: 'products' | 'sales' | 'products+sales'
  /** Products in the products table. */
  readonly catalog: number
  /** Products with at least one sales record. */
  readonly withSales: number
  /** Catalog products without any sales record: nothing to forecast from. */
  readonly withoutSales: string[]
}

/** Why a discovered product cannot be forecast. */
export const NO_SALES_IN_CATALOG = 'in the products table but has no sales history'

/**
 * Every product there is to forecast: the products table's ids together with the distinct
 * `SALES#` partitions of the forecasting table (a key-only scan), so that history imported for a
 * product missing from the catalog is forecast too, and a catalog product without history is
 * named rather than silently dropped.
 */
export async function discoverProducts(client: DynamoDBClient, tables: {products: string; forecasting: string}): Promise<ProductDiscovery> {
  const salesPrefix = FORECASTING_KEYS.salesPk('')
  const [fromProducts, fromSales] = await Promise.all([
    scanStrings(client, {TableName: tables.products, ProjectionExpression: 'id'}, (item) => item.id?.S),
    scanStrings(
      client,
      {
        TableName: tables.forecasting,
        ProjectionExpression: 'PK',
        FilterExpression: 'begins_with(PK, :sales)',
        ExpressionAttributeValues: {':sales': {S: salesPrefix}},
      },
      (item) => item.PK?.S?.slice(salesPrefix.length),
    ),
  ])
  const withSales = new Set(fromSales)
  const catalog = sortedUnique(fromProducts)
  const source = catalog.length === 0 ? 'sales' : withSales.size === 0 ? 'products' : 'products+sales'
  return {
    productIds: sortedUnique([...catalog, ...withSales]),
    source,
    catalog: catalog.length,
    withSales: withSales.size,
    withoutSales: catalog.filter((id) => !withSales.has(id)),
  }
}

/** Scan segments read in parallel: the sales scan reads the whole forecasting table. */
const SCAN_SEGMENTS = 4

async function scanStrings(
  client: DynamoDBClient,
  input: {TableName: string; ProjectionExpression: string; FilterExpression?: string; ExpressionAttributeValues?: Record<string, AttributeValue>},
  pick: (item: Record<string, AttributeValue>) => string | undefined,
): Promise<string[]> {
  const {ScanCommand} = await import('@aws-sdk/client-dynamodb')
  const out = new Set<string>()
  await Promise.all(
    Array.from({length: SCAN_SEGMENTS}, async (_, segment) => {
      let start: Record<string, AttributeValue> | undefined
      do {
        const page = await client.send(new ScanCommand({...input, Segment: segment, TotalSegments: SCAN_SEGMENTS, ExclusiveStartKey: start}))
        for (const item of page.Items ?? []) {
          const value = pick(item)
          if (value) out.add(value)
        }
        start = page.LastEvaluatedKey
      } while (start)
    }),
  )
  return [...out]
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort()
}
