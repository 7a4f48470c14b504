import type {AttributeValue, DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {join, resolve} from 'node:path'

import {type AwsTarget, LOCAL_CREDENTIALS, resolveDataPlaneTarget} from '../aws/target.js'
import {FORECASTING_KEYS, tableName} from '../catalog/tables.js'
import {batchPut, type BatchWriterOptions} from '../dynamodb/batch-writer.js'
import type {MethodName} from '../forecast/types.js'
import type {AccuracySummary} from '../forecast-store/accuracy.js'
import {addDays, isoDay} from '../forecast-store/dates.js'
import {DEFAULT_HORIZON_DAYS, type ForecastRunResult, runForecasts} from '../forecast-store/run.js'
import {DEFAULT_SERVICE_LEVEL, type InventoryReport, inventoryReport} from '../inventory/report.js'
import type {EngineStorage} from '../local/state.js'
import {writeDemoSalesCsv} from './files.js'
import {type DemoData, generateDemoData} from './generator.js'

/** Where the demo history is written, under the project's `.omnix/`. */
export const DEMO_CSV_PATH = join('.omnix', 'demo', 'sales.csv')

/** Calls in flight against the engine: enough to keep it busy while each call waits on the network. */
const DEMO_READ_CONCURRENCY = 16
const DEMO_WRITE_CONCURRENCY = 16

export type DemoStage = 'engine' | 'generate' | 'import' | 'seed' | 'forecast' | 'inventory'

export interface DemoProgress {
  readonly stage: DemoStage
  readonly done: number
  readonly total: number
}

export interface DemoRunOptions {
  readonly cwd?: string
  /** Environment whose tables the demo fills (default dev). */
  readonly env?: string
  readonly region?: string
  /** Use this engine instead of the embedded one (its catalog tables are created if missing). */
  readonly endpointUrl?: string
  /** Engine for the embedded default (auto: DynamoDB Local when Java is there, else dynalite). */
  readonly engine?: 'auto' | 'dynamodb-local' | 'dynalite'
  /**
   * Storage of the embedded engine when it has to be started (default in memory: the demo's data
   * is generated and reproducible, and the in-memory engine writes several times faster).
   */
  readonly storage?: EngineStorage
  readonly products?: number
  readonly days?: number
  readonly seed?: number
  readonly horizon?: number
  readonly method?: MethodName
  readonly serviceLevel?: number
  readonly workers?: number
  readonly now?: Date
  readonly writer?: Pick<BatchWriterOptions, 'sleep' | 'maxAttempts' | 'baseDelayMs'>
  /** One line per stage. */
  readonly onStage?: (stage: DemoStage, message: string) => void
  readonly onProgress?: (progress: DemoProgress) => void
}

export interface DemoResult {
  readonly env: string
  readonly engine: {
    /** dynamodb-local or dynalite when embedded, endpoint when --endpoint-url was given. */
    readonly kind: 'dynamodb-local' | 'dynalite' | 'endpoint'
    readonly endpoint: string
    /** Where the embedded engine keeps the data; null for --endpoint-url. */
    readonly storage: EngineStorage | null
    /** True when an embedded engine was already running and was reused. */
    readonly reused: boolean
    readonly notices: string[]
  }
  readonly data: {
    readonly seed: number
    readonly products: number
    readonly days: number
    readonly start: string
    readonly end: string
    readonly intermittent_products: number
    readonly csv: string
    readonly rows: number
  }
  readonly import: {
    /** True when the table already held exactly this history (a re-run on the same day): nothing was imported. */
    readonly skipped: boolean
    readonly written: number
    readonly rejected: number
    readonly duplicates: number
    /** Sales items of demo products that an earlier demo left and the new history does not have, deleted. */
    readonly stale_removed: number
    readonly duration_ms: number
  }
  readonly seeded: {readonly products: number; readonly inventory: number}
  readonly forecast: Omit<ForecastRunResult, 'accuracy'> & {readonly duration_ms: number}
  readonly accuracy: AccuracySummary | null
  readonly inventory: InventoryReport
  readonly duration_ms: number
}

/**
 * The platform's data plane end to end on one machine: makes sure an engine runs with the
 * catalog tables, generates a seeded demo history, writes it as a sales CSV and imports it with
 * the sales importer, seeds the products and inventory tables, forecasts every demo product
 * (with backtests) and builds the inventory report. Re-running replaces the demo's data.
 */
export async function runDemo(options: DemoRunOptions = {}): Promise<DemoResult> {
  const began = Date.now()
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? 'dev'
  const region = options.region ?? 'us-east-1'
  const now = options.now ?? new Date()
  const stage = options.onStage ?? (() => {})
  const progress = options.onProgress ?? (() => {})

  stage(
    'engine',
    options.endpointUrl
      ? `using the engine at ${options.endpointUrl}`
      : `starting the local engine ${(options.storage ?? 'in-memory') === 'in-memory' ? 'in memory' : 'on disk'} (or reusing the running one)`,
  )
  // The history is generated and written while the engine starts (a JVM takes seconds to answer).
  const starting = prepareEngine(options, env, region, cwd)
  starting.catch(() => {})
  const end = addDays(isoDay(now), -1)
  stage('generate', 'generating the demo history')
  const data = generateDemoData({products: options.products, days: options.days, seed: options.seed, endDate: end})
  const csv = resolve(cwd, DEMO_CSV_PATH)
  const rows = await writeDemoSalesCsv(data, csv)
  stage('generate', `${data.products.length} products × ${data.days} days (${data.start} to ${data.end}), ${rows} rows in ${csv}`)
  const {target, engine} = await starting
  const {dynamoClient} = await import('../dynamodb/client.js')
  const client = await dynamoClient(target)
  try {

    const forecasting = tableName(env, 'forecasting')
    const reconciled = await reconcileSales(client, forecasting, data, options.writer)
    let imported: {written: number; rejected: number; duplicates: number; durationMs: number}
    if (reconciled.identical) {
      stage('import', `${forecasting} already holds exactly this history: nothing to import`)
      imported = {written: 0, rejected: 0, duplicates: 0, durationMs: 0}
    } else {
      stage('import', `importing ${csv}`)
      const {importSales} = await import('../sales/importer.js')
      imported = await importSales({
        file: csv,
        tableName: forecasting,
        client,
        target,
        cwd,
        writer: options.writer,
        onProgress: (p) => progress({stage: 'import', done: p.rowsRead, total: rows}),
      })
    }

    stage('seed', 'seeding the products and inventory tables')
    const seeded = await seedCatalog(client, env, data, now, options.writer)

    stage('forecast', `forecasting ${data.products.length} products (${options.method ?? 'auto'}, ${options.horizon ?? DEFAULT_HORIZON_DAYS} days, with backtests)`)
    const forecastStarted = Date.now()
    const run = await runForecasts(client, {
      env,
      productIds: data.products.map((p) => p.id),
      horizon: options.horizon,
      method: options.method,
      // The CSV lists only days with sales: a slow mover's quiet last days are zeros, not missing history.
      through: data.end,
      workers: options.workers,
      now,
      readConcurrency: DEMO_READ_CONCURRENCY,
      writer: {concurrency: DEMO_WRITE_CONCURRENCY, ...options.writer},
      onProgress: (p) => {
        if (p.phase === 'forecast') progress({stage: 'forecast', done: p.done, total: p.total})
      },
    })
    const {accuracy, ...forecast} = run
    const forecastMs = Date.now() - forecastStarted

    stage('inventory', 'building the inventory report')
    const inventory = await inventoryReport(client, {
      env,
      productIds: data.products.map((p) => p.id),
      serviceLevel: options.serviceLevel ?? DEFAULT_SERVICE_LEVEL,
      now,
      onProgress: (done, total) => progress({stage: 'inventory', done, total}),
    })

    return {
      env,
      engine,
      data: {
        seed: data.seed,
        products: data.products.length,
        days: data.days,
        start: data.start,
        end: data.end,
        intermittent_products: data.products.filter((p) => p.intermittent).length,
        csv,
        rows,
      },
      import: {
        skipped: reconciled.identical,
        written: imported.written,
        rejected: imported.rejected,
        duplicates: imported.duplicates,
        stale_removed: reconciled.removed,
        duration_ms: imported.durationMs,
      },
      seeded,
      forecast: {...forecast, duration_ms: forecastMs},
      accuracy,
      inventory,
      duration_ms: Date.now() - began,
    }
  } finally {
    client.destroy()
  }
}

async function prepareEngine(options: DemoRunOptions, env: string, region: string, cwd: string): Promise<{target: AwsTarget; engine: DemoResult['engine']}> {
  if (options.endpointUrl) {
    const target = await resolveDataPlaneTarget({region, endpointUrl: options.endpointUrl, cwd})
    const {dynamoClient} = await import('../dynamodb/client.js')
    const {ensureCatalogTables} = await import('../dynamodb/catalog-tables.js')
    const client = await dynamoClient(target)
    const notices: string[] = []
    try {
      try {
        await ensureCatalogTables(client, env, {ttlSupported: true})
      } catch {
        // Engines without UpdateTimeToLive (dynalite) still serve the demo; items just never expire.
        await ensureCatalogTables(client, env, {ttlSupported: false})
        notices.push('this engine does not support TTL: forecast and alert items will not expire')
      }
    } finally {
      client.destroy()
    }
    return {target, engine: {kind: 'endpoint', endpoint: options.endpointUrl, storage: null, reused: true, notices}}
  }
  const {localUp} = await import('../local/lifecycle.js')
  const up = await localUp({cwd, env, engine: options.engine, storage: options.storage ?? 'in-memory', onProgress: (m) => options.onStage?.('engine', m)})
  return {
    target: {region, endpoint: up.endpoint, credentials: LOCAL_CREDENTIALS, local: true},
    engine: {kind: up.engine, endpoint: up.endpoint, storage: up.storage, reused: up.alreadyRunning, notices: up.notices},
  }
}

/**
 * Brings the demo products' sales partitions in line with the new history before the import:
 * items the new CSV will not write (days outside the new range, or days that now have no sale)
 * are deleted so series are not mixed. Also says whether the table already holds exactly the new
 * history, in which case importing it again would change nothing.
 */
async function reconcileSales(client: DynamoDBClient, table: string, data: DemoData, writer?: DemoRunOptions['writer']): Promise<{removed: number; identical: boolean}> {
  const {QueryCommand} = await import('@aws-sdk/client-dynamodb')
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(DEMO_READ_CONCURRENCY)
  const stale: Record<string, AttributeValue>[] = []
  let identical = true
  await Promise.all(
    data.histories.map((history) =>
      limit(async () => {
        const wanted = new Map<string, number>()
        history.quantities.forEach((q, i) => {
          if (q > 0) wanted.set(FORECASTING_KEYS.dateSk(addDays(history.start, i)), q)
        })
        let found = 0
        let start: Record<string, AttributeValue> | undefined
        do {
          const page = await client.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'PK = :pk',
              ExpressionAttributeValues: {':pk': {S: FORECASTING_KEYS.salesPk(history.productId)}},
              ProjectionExpression: 'PK, SK, quantity_sold',
              ExclusiveStartKey: start,
            }),
          )
          for (const item of page.Items ?? []) {
            const quantity = wanted.get(item.SK?.S ?? '')
            if (quantity === undefined) {
              stale.push({PK: item.PK, SK: item.SK})
              identical = false
            } else {
              found++
              if (Number(item.quantity_sold?.N) !== quantity) identical = false
            }
          }
          start = page.LastEvaluatedKey
        } while (start)
        if (found !== wanted.size) identical = false
      }),
    ),
  )
  if (stale.length > 0) {
    const {BatchWriter} = await import('../dynamodb/batch-writer.js')
    const deleter = new BatchWriter(client, {tableName: table, keyAttributes: ['PK', 'SK'], concurrency: DEMO_WRITE_CONCURRENCY, ...writer})
    for (const key of stale) await deleter.delete(key)
    await deleter.flush()
  }
  return {removed: stale.length, identical}
}

async function seedCatalog(client: DynamoDBClient, env: string, data: DemoData, now: Date, writer?: DemoRunOptions['writer']): Promise<{products: number; inventory: number}> {
  const at = now.toISOString()
  const S = (s: string): AttributeValue => ({S: s})
  const N = (n: number): AttributeValue => ({N: String(n)})
  const products = data.products.map((p) => ({
    id: S(p.id),
    sku: S(p.sku),
    name: S(p.name),
    category: S(p.category),
    price: N(p.price),
    intermittent: {BOOL: p.intermittent},
    launched: S(p.launched),
    created_at: S(at),
    updated_at: S(at),
  }))
  const inventory = data.stock.map((s) => ({
    product_id: S(s.product_id),
    stock_on_hand: N(s.stock_on_hand),
    lead_time_days: N(s.lead_time_days),
    updated_at: S(at),
  }))
  await batchPut(client, products, {tableName: tableName(env, 'products'), keyAttributes: ['id'], ...writer})
  await batchPut(client, inventory, {tableName: tableName(env, 'inventory'), keyAttributes: ['product_id'], ...writer})
  return {products: products.length, inventory: inventory.length}
}
