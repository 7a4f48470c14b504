/**
 * The messages on the forecasting queue: a job (`forecast.generate`, sent by the API, the nightly
 * schedule and `omnix forecast run --remote`) and the shards the worker plans it into. Both are
 * validated on receipt, so a malformed message fails with a reason instead of half-running.
 */
import {z} from 'zod'

import {UsageError} from '../errors.js'
import {DEFAULT_HORIZON_DAYS, MAX_HORIZON_DAYS} from '../forecast-store/run.js'
import {METHOD_NAMES, type MethodName} from '../forecast/types.js'

export const FORECAST_JOB_TYPE = 'forecast.generate'
export const FORECAST_SHARD_TYPE = 'forecast.shard'

/** Products a job may name explicitly; larger sets use `all`. */
export const MAX_JOB_PRODUCTS = 10_000

const jobId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'job_id must be 1-128 letters, digits, ".", "_", ":" or "-"')
const productId = z.string().min(1).max(256)
const horizon = z.number().int().min(1).max(MAX_HORIZON_DAYS)
const method = z.enum(METHOD_NAMES as [MethodName, ...MethodName[]])

export const forecastJobSchema = z.object({
  type: z.literal(FORECAST_JOB_TYPE),
  job_id: jobId,
  /** `all`: every product of the catalog and every product with sales history. */
  product_ids: z.union([z.literal('all'), z.array(productId).min(1).max(MAX_JOB_PRODUCTS)]),
  horizon_days: horizon.default(DEFAULT_HORIZON_DAYS),
  method: method.optional(),
  requested_at: z.string().min(1),
  /** `schedule` for the nightly run, else the caller's principal. */
  requested_by: z.string().min(1),
})

export const forecastShardSchema = z.object({
  type: z.literal(FORECAST_SHARD_TYPE),
  job_id: jobId,
  /** 1-based shard number. */
  shard: z.number().int().min(1),
  shards: z.number().int().min(1),
  product_ids: z.array(productId).min(1),
  horizon_days: horizon,
  method: method.optional(),
  /** The job's clock: every shard (and every re-delivery) stamps the same created_at and TTL. */
  created_at: z.iso.datetime(),
})

export type ForecastJobMessage = z.infer<typeof forecastJobSchema>
export type ForecastShardMessage = z.infer<typeof forecastShardSchema>
export type ForecastQueueMessage = ForecastJobMessage | ForecastShardMessage

const messageSchema = z.discriminatedUnion('type', [forecastJobSchema, forecastShardSchema])

/** Parses a queue message body; UsageError naming every problem when it is not a job or a shard. */
export function parseForecastMessage(body: string): ForecastQueueMessage {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (error) {
    throw new UsageError(`forecast message is not JSON: ${(error as Error).message}`, {code: 'BAD_MESSAGE'})
  }
  const parsed = messageSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')
    throw new UsageError(`not a ${FORECAST_JOB_TYPE} or ${FORECAST_SHARD_TYPE} message: ${problems}`, {code: 'BAD_MESSAGE'})
  }
  return parsed.data
}

/** A job message for these products (`all` or a list), stamped now. */
export function newJobMessage(options: {
  jobId: string
  productIds: readonly string[] | 'all'
  horizonDays?: number
  method?: ForecastJobMessage['method']
  requestedBy: string
  now?: Date
}): ForecastJobMessage {
  return forecastJobSchema.parse({
    type: FORECAST_JOB_TYPE,
    job_id: options.jobId,
    product_ids: options.productIds === 'all' ? 'all' : [...new Set(options.productIds)],
    horizon_days: options.horizonDays ?? DEFAULT_HORIZON_DAYS,
    ...(options.method ? {method: options.method} : {}),
    requested_at: (options.now ?? new Date()).toISOString(),
    requested_by: options.requestedBy,
  })
}
