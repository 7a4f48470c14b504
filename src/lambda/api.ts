/**
 * REST API handler for every /v1 route except the health check. A thin HTTP layer: sales rows,
 * forecasts, accuracy and inventory recommendations come from the SDK (the same code the CLI
 * runs), so the API and `omnix` read and write identical items.
 */
import {randomUUID} from 'node:crypto'

import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import {parse} from 'csv-parse/sync'

import {FORECASTING_KEYS, type TableId, tableName} from '../sdk/catalog/index.js'
import {BatchWriter} from '../sdk/dynamodb/batch-writer.js'
import {NotFoundError, OmnixError, UsageError} from '../sdk/errors.js'
import {readJob} from '../sdk/forecast-jobs/job-store.js'
import {MAX_JOB_PRODUCTS, newJobMessage} from '../sdk/forecast-jobs/messages.js'
import {DEFAULT_HORIZON_DAYS, MAX_HORIZON_DAYS} from '../sdk/forecast-store/run.js'
import {forecastView, storedAccuracy} from '../sdk/forecast-store/views.js'
import {DEFAULT_SERVICE_LEVEL, inventoryReport} from '../sdk/inventory/report.js'
import {forecastingKeyAttributes, parseHeader, parseSalesRow, salesItem} from '../sdk/sales/sales-row.js'
import type {LambdaContext, RestApiEvent} from './api-gateway-event.js'
import {API_ROUTES, MAX_BODY_BYTES, routeKey} from './api-routes.js'
import {businessMetricRecord} from './business-metrics.js'
import {withCors} from './cors.js'
import {decodePageToken, encodePageToken, fromAttributes, type Item, type ItemValue, toAttribute, toAttributes} from './dynamo-item.js'
import {dispatchForecastJob} from './forecast-dispatch.js'
import {type ApiResponse, errorResponse, HttpError, json} from './http-response.js'
import {applyRuntimeLogLevel} from './runtime-parameters.js'
import {createLogger, type Logger} from './structured-log.js'

const SERVICE = 'api'

let dynamo: DynamoDBClient | undefined
const db = () => (dynamo ??= new DynamoDBClient({}))

/** The next request builds its DynamoDB client from the environment again (the local gateway sets it first). */
export function resetClients(): void {
  dynamo = undefined
}

interface RequestContext {
  readonly event: RestApiEvent
  readonly log: Logger
  readonly env: string
  readonly requestId: string
  readonly principal: string
}

type RouteFn = (ctx: RequestContext) => Promise<ApiResponse>

function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}

const table = (ctx: RequestContext, id: TableId) => tableName(ctx.env, id)

function pathParam(ctx: RequestContext, name: string): string {
  const value = ctx.event.pathParameters?.[name]
  if (!value) throw new HttpError(400, `path parameter ${name} is missing`)
  return decodeURIComponent(value)
}

function query(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.event.queryStringParameters?.[name]
  return value === undefined || value === '' ? undefined : value
}

function intQuery(ctx: RequestContext, name: string, fallback: number, min: number, max: number): number {
  const raw = query(ctx, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HttpError(400, `query parameter ${name} must be an integer from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function dateQuery(ctx: RequestContext, name: string): string | undefined {
  const raw = query(ctx, name)
  if (raw !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    throw new HttpError(400, `query parameter ${name} must be a date YYYY-MM-DD, got "${raw}"`)
  }
  return raw
}

function bodyText(event: RestApiEvent): string {
  if (!event.body) return ''
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
}

function jsonBody(ctx: RequestContext): Record<string, unknown> {
  const text = bodyText(ctx.event)
  if (text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new HttpError(400, `the request body is not valid JSON: ${(error as Error).message}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpError(400, 'the request body must be a JSON object')
  }
  return parsed as Record<string, unknown>
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10)
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000)

async function queryAll(input: QueryCommandInput, maxPages = 20): Promise<Item[]> {
  const items: Item[] = []
  let start: Record<string, AttributeValue> | undefined
  for (let page = 0; page < maxPages; page++) {
    const out = await db().send(new QueryCommand({...input, ExclusiveStartKey: start}))
    for (const item of out.Items ?? []) items.push(fromAttributes(item))
    start = out.LastEvaluatedKey
    if (!start) break
  }
  return items
}

async function scanAll(input: ScanCommandInput, maxPages = 50): Promise<Item[]> {
  const items: Item[] = []
  let start: Record<string, AttributeValue> | undefined
  for (let page = 0; page < maxPages; page++) {
    const out = await db().send(new ScanCommand({...input, ExclusiveStartKey: start}))
    for (const item of out.Items ?? []) items.push(fromAttributes(item))
    start = out.LastEvaluatedKey
    if (!start) break
  }
  return items
}

const num = (value: ItemValue | undefined, fallback = 0) => (typeof value === 'number' ? value : fallback)

function dateRange(ctx: RequestContext): {from?: string; to?: string} {
  const from = dateQuery(ctx, 'from')
  const to = dateQuery(ctx, 'to')
  if (from && to && from > to) throw new HttpError(400, `from (${from}) is after to (${to})`)
  return {from, to}
}

/** Items of one dated partition (e.g. `SALES#<product>`) between two dates, oldest first. */
function datedPartition(ctx: RequestContext, pk: string, from?: string, to?: string): Promise<Item[]> {
  const values: Record<string, AttributeValue> = {':pk': {S: pk}}
  let condition = 'PK = :pk'
  if (from || to) {
    condition += ' AND SK BETWEEN :from AND :to'
    values[':from'] = {S: FORECASTING_KEYS.dateSk(from ?? '0000-00-00')}
    values[':to'] = {S: FORECASTING_KEYS.dateSk(to ?? '9999-12-31')}
  }
  return queryAll({TableName: table(ctx, 'forecasting'), KeyConditionExpression: condition, ExpressionAttributeValues: values})
}

// ---------------------------------------------------------------- products

const PRODUCT_FIELDS = new Set(['name', 'sku', 'category', 'price', 'cost', 'supplier', 'description', 'unit', 'active'])

function productFields(body: Record<string, unknown>, requireName: boolean): Record<string, ItemValue> {
  const unknown = Object.keys(body).filter((key) => key !== 'id' && !PRODUCT_FIELDS.has(key))
  if (unknown.length > 0) {
    throw new HttpError(400, `unknown product field ${unknown.join(', ')}`, {allowed: [...PRODUCT_FIELDS].sort()})
  }
  if (requireName && (typeof body.name !== 'string' || body.name.trim() === '')) {
    throw new HttpError(400, 'name is required and must be a non-empty string')
  }
  for (const key of ['price', 'cost'] as const) {
    if (body[key] !== undefined && (typeof body[key] !== 'number' || (body[key] as number) < 0)) {
      throw new HttpError(400, `${key} must be a non-negative number`)
    }
  }
  for (const key of ['name', 'sku', 'category', 'supplier', 'description', 'unit'] as const) {
    if (body[key] !== undefined && typeof body[key] !== 'string') throw new HttpError(400, `${key} must be a string`)
  }
  if (body.active !== undefined && typeof body.active !== 'boolean') throw new HttpError(400, 'active must be true or false')
  const fields: Record<string, ItemValue> = {}
  for (const key of PRODUCT_FIELDS) if (body[key] !== undefined) fields[key] = body[key] as ItemValue
  return fields
}

const listProducts: RouteFn = async (ctx) => {
  const limit = intQuery(ctx, 'limit', 50, 1, 100)
  const category = query(ctx, 'category')
  const start = decodePageToken(query(ctx, 'next_token'))
  const out = category
    ? await db().send(
        new QueryCommand({
          TableName: table(ctx, 'products'),
          IndexName: 'category-index',
          KeyConditionExpression: 'category = :category',
          ExpressionAttributeValues: {':category': {S: category}},
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      )
    : await db().send(new ScanCommand({TableName: table(ctx, 'products'), Limit: limit, ExclusiveStartKey: start}))
  return json(200, {items: (out.Items ?? []).map(fromAttributes), next_token: encodePageToken(out.LastEvaluatedKey)}, ctx.requestId)
}

const createProduct: RouteFn = async (ctx) => {
  const body = jsonBody(ctx)
  if (body.id !== undefined && (typeof body.id !== 'string' || body.id.trim() === '')) {
    throw new HttpError(400, 'id must be a non-empty string when given')
  }
  const now = new Date().toISOString()
  const item: Item = {id: (body.id as string | undefined) ?? randomUUID(), ...productFields(body, true), created_at: now, updated_at: now}
  try {
    await db().send(
      new PutItemCommand({TableName: table(ctx, 'products'), Item: toAttributes(item), ConditionExpression: 'attribute_not_exists(id)'}),
    )
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new HttpError(409, `product ${item.id} already exists`)
    throw error
  }
  ctx.log.record(businessMetricRecord(ctx.env, {productsCreated: 1}))
  return json(201, item, ctx.requestId)
}

const updateProduct: RouteFn = async (ctx) => {
  const id = pathParam(ctx, 'id')
  const body = jsonBody(ctx)
  if (body.id !== undefined && body.id !== id) throw new HttpError(400, `body id "${String(body.id)}" differs from the path id "${id}"`)
  const fields = {...productFields(body, false), updated_at: new Date().toISOString()}
  const names: Record<string, string> = {}
  const values: Record<string, AttributeValue> = {}
  const sets = Object.entries(fields).map(([key, value], i) => {
    names[`#f${i}`] = key
    values[`:v${i}`] = toAttribute(value)
    return `#f${i} = :v${i}`
  })
  try {
    const out = await db().send(
      new UpdateItemCommand({
        TableName: table(ctx, 'products'),
        Key: {id: {S: id}},
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    )
    return json(200, fromAttributes(out.Attributes ?? {}), ctx.requestId)
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new HttpError(404, `product ${id} not found`)
    throw error
  }
}

const deleteProduct: RouteFn = async (ctx) => {
  const id = pathParam(ctx, 'id')
  try {
    await db().send(
      new DeleteItemCommand({TableName: table(ctx, 'products'), Key: {id: {S: id}}, ConditionExpression: 'attribute_exists(id)'}),
    )
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new HttpError(404, `product ${id} not found`)
    throw error
  }
  return json(204, undefined, ctx.requestId)
}

// ---------------------------------------------------------------- sales data

/** Rejected rows reported back in full; the count is always exact. */
const MAX_REPORTED_REJECTIONS = 100

const uploadSales: RouteFn = async (ctx) => {
  // No content-type check: common clients label CSV uploads form-encoded; the header line decides.
  let records: string[][]
  try {
    records = parse(bodyText(ctx.event), {skip_empty_lines: true, relax_column_count: true, bom: true}) as string[][]
  } catch (error) {
    throw new HttpError(400, `the CSV cannot be parsed: ${(error as Error).message}`)
  }
  if (records.length === 0) throw new HttpError(400, 'the CSV is empty; the first line must be the header product_id,date,quantity_sold,revenue,price')
  const columns = parseHeader(records[0], 1)
  const writer = new BatchWriter(db(), {tableName: table(ctx, 'forecasting'), keyAttributes: forecastingKeyAttributes()})
  const rejected: {line: number; reason: string}[] = []
  let duplicates = 0
  let written = 0
  const products = new Set<string>()
  for (let i = 1; i < records.length; i++) {
    const result = parseSalesRow(records[i], columns)
    if (!result.ok) {
      rejected.push({line: i + 1, reason: result.reason})
      continue
    }
    if ((await writer.put(salesItem(result.row))) === 'replaced') duplicates++
    else written++
    products.add(result.row.productId)
  }
  await writer.flush()
  ctx.log.info('Sales data uploaded', {written, rejected: rejected.length, duplicates})
  ctx.log.record(businessMetricRecord(ctx.env, {salesRowsUploaded: written, salesRowsRejected: rejected.length}))
  return json(
    200,
    {
      rows_read: records.length - 1,
      written,
      rejected: rejected.length,
      duplicates,
      products: products.size,
      errors: rejected.slice(0, MAX_REPORTED_REJECTIONS),
    },
    ctx.requestId,
  )
}

const salesForProduct: RouteFn = async (ctx) => {
  const productId = pathParam(ctx, 'product_id')
  const {from, to} = dateRange(ctx)
  const items = await datedPartition(ctx, FORECASTING_KEYS.salesPk(productId), from, to)
  const sales = items.map((i) => ({date: i.date, quantity_sold: i.quantity_sold, revenue: i.revenue, price: i.price}))
  return json(200, {product_id: productId, from, to, days: sales.length, sales}, ctx.requestId)
}

interface SalesTotals {
  days: number
  from: string
  to: string
  total_quantity: number
  total_revenue: number
  products: number
  top_products: {product_id: string; quantity: number; revenue: number}[]
}

async function salesTotals(ctx: RequestContext, days: number): Promise<SalesTotals> {
  const today = new Date()
  const from = isoDate(addDays(today, -(days - 1)))
  const to = isoDate(today)
  const items = await scanAll({
    TableName: table(ctx, 'forecasting'),
    FilterExpression: 'begins_with(PK, :sales) AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':sales': {S: FORECASTING_KEYS.salesPk('')},
      ':from': {S: FORECASTING_KEYS.dateSk(from)},
      ':to': {S: FORECASTING_KEYS.dateSk(to)},
    },
    ProjectionExpression: 'product_id, quantity_sold, revenue',
  })
  const perProduct = new Map<string, {quantity: number; revenue: number}>()
  for (const item of items) {
    const id = String(item.product_id)
    const entry = perProduct.get(id) ?? {quantity: 0, revenue: 0}
    entry.quantity += num(item.quantity_sold)
    entry.revenue += num(item.revenue)
    perProduct.set(id, entry)
  }
  const totals = [...perProduct.values()]
  return {
    days,
    from,
    to,
    total_quantity: totals.reduce((a, b) => a + b.quantity, 0),
    total_revenue: Math.round(totals.reduce((a, b) => a + b.revenue, 0) * 100) / 100,
    products: perProduct.size,
    top_products: [...perProduct.entries()]
      .map(([product_id, t]) => ({product_id, quantity: t.quantity, revenue: Math.round(t.revenue * 100) / 100}))
      .sort((a, b) => b.revenue - a.revenue)
      .slice(0, 5),
  }
}

const salesSummary: RouteFn = async (ctx) => json(200, await salesTotals(ctx, intQuery(ctx, 'days', 30, 1, 366)), ctx.requestId)

// ---------------------------------------------------------------- forecasts

const generateForecasts: RouteFn = async (ctx) => {
  const body = jsonBody(ctx)
  const ids = body.product_ids
  if (ids !== undefined && (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === ''))) {
    throw new HttpError(400, 'product_ids must be a non-empty array of product ids (omit it to forecast every product)')
  }
  if (Array.isArray(ids) && ids.length > MAX_JOB_PRODUCTS) {
    throw new HttpError(400, `product_ids may name at most ${MAX_JOB_PRODUCTS} products (omit it to forecast every product)`)
  }
  const horizon = body.horizon_days ?? DEFAULT_HORIZON_DAYS
  if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON_DAYS) {
    throw new HttpError(400, `horizon_days must be an integer from 1 to ${MAX_HORIZON_DAYS}`)
  }
  const message = newJobMessage({
    jobId: randomUUID(),
    productIds: (ids as string[] | undefined) ?? 'all',
    horizonDays: horizon,
    requestedBy: ctx.principal,
  })
  await dispatchForecastJob(message, ctx.env)
  ctx.log.info('Forecast requested', {job_id: message.job_id, horizon_days: horizon})
  ctx.log.record(businessMetricRecord(ctx.env, {forecastRequests: 1}))
  return json(
    202,
    {job_id: message.job_id, status: 'queued', product_ids: message.product_ids, horizon_days: horizon, status_url: `/v1/forecasts/jobs/${message.job_id}`},
    ctx.requestId,
  )
}

const forecastJob: RouteFn = async (ctx) => {
  const jobId = pathParam(ctx, 'job_id')
  const job = await readJob(db(), ctx.env, jobId)
  if (!job) throw new HttpError(404, `forecast job ${jobId} not found; a job just requested appears once the worker has planned it`)
  return json(200, job, ctx.requestId)
}

const forecastsForProduct: RouteFn = async (ctx) => {
  const view = await forecastView(db(), {
    env: ctx.env,
    productId: pathParam(ctx, 'product_id'),
    historyDays: intQuery(ctx, 'history_days', 120, 0, 3 * 366),
  })
  return json(200, view, ctx.requestId)
}

const forecastAccuracyForProduct: RouteFn = async (ctx) => {
  const productId = pathParam(ctx, 'product_id')
  const result = await storedAccuracy(db(), {env: ctx.env, productIds: [productId]})
  const row = result.products[0]
  if (!row) throw new HttpError(404, `no forecast with measured accuracy for product ${productId}; POST /v1/forecasts/generate first`)
  return json(200, row, ctx.requestId)
}

const forecastSummaryReport: RouteFn = async (ctx) => {
  const result = await storedAccuracy(db(), {env: ctx.env})
  return json(200, {summary: result.summary, products: result.products, without_forecast: result.missing}, ctx.requestId)
}

const inventoryRecommendationsReport: RouteFn = async (ctx) => {
  const leadTime = query(ctx, 'lead_time_days')
  const report = await inventoryReport(db(), {
    env: ctx.env,
    serviceLevel: intQuery(ctx, 'service_level', DEFAULT_SERVICE_LEVEL, 1, 99),
    leadTimeDays: leadTime === undefined ? undefined : intQuery(ctx, 'lead_time_days', 7, 1, 365),
    // A GET changes nothing; stock-out alerts come from the scheduled runs and the CLI.
    createAlerts: false,
  })
  ctx.log.record(businessMetricRecord(ctx.env, {productsAtStockoutRisk: report.high_risk}))
  return json(200, report, ctx.requestId)
}

// ---------------------------------------------------------------- dashboard

async function countItems(ctx: RequestContext, id: TableId): Promise<number> {
  let count = 0
  let start: Record<string, AttributeValue> | undefined
  for (let page = 0; page < 50; page++) {
    const out = await db().send(new ScanCommand({TableName: table(ctx, id), Select: 'COUNT', ExclusiveStartKey: start}))
    count += out.Count ?? 0
    start = out.LastEvaluatedKey
    if (!start) break
  }
  return count
}

const dashboardSummary: RouteFn = async (ctx) => {
  const [products, inventory, alerts, sales] = await Promise.all([
    countItems(ctx, 'products'),
    scanAll({TableName: table(ctx, 'inventory'), ProjectionExpression: 'product_id, stock_on_hand, reorder_point'}),
    db().send(
      new QueryCommand({
        TableName: table(ctx, 'analytics'),
        IndexName: 'priority-created-index',
        KeyConditionExpression: 'priority = :high',
        ExpressionAttributeValues: {':high': {S: 'high'}},
        ScanIndexForward: false,
        Limit: 10,
      }),
    ),
    salesTotals(ctx, 7),
  ])
  const belowReorder = inventory.filter((i) => typeof i.reorder_point === 'number' && num(i.stock_on_hand) <= i.reorder_point).length
  return json(
    200,
    {
      products,
      inventory: {items: inventory.length, below_reorder_point: belowReorder},
      alerts: {recent_high_priority: (alerts.Items ?? []).map(fromAttributes)},
      sales_last_7_days: {quantity: sales.total_quantity, revenue: sales.total_revenue, products: sales.products},
    },
    ctx.requestId,
  )
}

// ---------------------------------------------------------------- dispatch

const HANDLERS: Record<string, RouteFn> = {
  [routeKey('GET', '/v1/products')]: listProducts,
  [routeKey('POST', '/v1/products')]: createProduct,
  [routeKey('PUT', '/v1/products/{id}')]: updateProduct,
  [routeKey('DELETE', '/v1/products/{id}')]: deleteProduct,
  [routeKey('POST', '/v1/sales-data/upload')]: uploadSales,
  [routeKey('GET', '/v1/sales-data/{product_id}')]: salesForProduct,
  [routeKey('GET', '/v1/sales-data/summary')]: salesSummary,
  [routeKey('POST', '/v1/forecasts/generate')]: generateForecasts,
  [routeKey('GET', '/v1/forecasts/jobs/{job_id}')]: forecastJob,
  [routeKey('GET', '/v1/forecasts/{product_id}')]: forecastsForProduct,
  [routeKey('GET', '/v1/forecasts/{product_id}/accuracy')]: forecastAccuracyForProduct,
  [routeKey('GET', '/v1/reports/forecast-summary')]: forecastSummaryReport,
  [routeKey('GET', '/v1/reports/inventory-recommendations')]: inventoryRecommendationsReport,
  [routeKey('GET', '/v1/dashboard/summary')]: dashboardSummary,
}

/** Route keys this handler serves (kept equal to the API routes it is wired to). */
export const HANDLED_ROUTES = Object.keys(HANDLERS)

/** Caller mistakes (HTTP errors and the SDK's usage and not-found errors) as HTTP errors. */
function asHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error
  if (error instanceof NotFoundError) return new HttpError(404, error.message, suggestionOf(error))
  if (error instanceof UsageError) return new HttpError(400, error.message, suggestionOf(error))
  return undefined
}

function suggestionOf(error: OmnixError): {suggestion: string} | undefined {
  return error.suggestion ? {suggestion: error.suggestion} : undefined
}

async function handleRequest(event: RestApiEvent, context?: LambdaContext): Promise<ApiResponse> {
  const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? randomUUID()
  const log = createLogger(SERVICE, {request_id: requestId})
  const started = Date.now()
  const key = routeKey(event.httpMethod, event.resource ?? event.path ?? '')
  try {
    const route = HANDLERS[key]
    if (!route || !API_ROUTES.some((r) => routeKey(r.method, r.path) === key)) throw new HttpError(404, `no route ${key}`)
    if (Buffer.byteLength(bodyText(event)) > MAX_BODY_BYTES) {
      throw new HttpError(413, `the request body exceeds ${MAX_BODY_BYTES} bytes`)
    }
    const ctx: RequestContext = {
      event,
      log,
      env: requiredEnv('OMNIX_ENV'),
      requestId,
      principal: event.requestContext?.authorizer?.principalId ?? 'anonymous',
    }
    const response = await route(ctx)
    log.info('Request handled', {route: key, status: response.statusCode, execution_time: Date.now() - started})
    return response
  } catch (error) {
    const rejection = asHttpError(error)
    if (rejection) {
      log.info('Request rejected', {route: key, status: rejection.statusCode, reason: rejection.message, execution_time: Date.now() - started})
      return errorResponse(rejection, requestId)
    }
    log.error('Request failed', {route: key, error, execution_time: Date.now() - started})
    return errorResponse(new HttpError(500, 'internal error; quote the request id when reporting it'), requestId)
  }
}

/** Log level and CORS origins come from SSM at run time; preflights and disallowed origins never reach a route. */
export async function handler(event: RestApiEvent, context?: LambdaContext): Promise<ApiResponse> {
  await applyRuntimeLogLevel()
  return withCors(event, context, () => handleRequest(event, context))
}
