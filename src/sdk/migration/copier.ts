import type {DynamoDBClient, WriteRequest} from '@aws-sdk/client-dynamodb'

import {OmnixError} from '../errors.js'
import {AdaptiveLimit} from './concurrency.js'
import {type Item, keyString, writeUnits} from './items.js'

/** BatchWriteItem's limit. */
export const BATCH_SIZE = 25

export interface CopierOptions {
  /** Most BatchWriteItem calls in flight (the adaptive limit never goes above it). Default 32. */
  readonly maxConcurrency?: number
  /** Calls in flight to start with. Default 16. */
  readonly initialConcurrency?: number
  /** Write capacity units per second not to exceed (1 KB per item written). */
  readonly maxWcu?: number
  /** Attempts for one batch that make no progress before giving up. Default 12. */
  readonly maxAttempts?: number
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
  readonly now?: () => number
}

export interface CopyStats {
  written: number
  batches: number
  /** Calls repeated, for throttling, unprocessed items or transient errors. */
  retries: number
  /** Calls answered with a throttling error. */
  throttles: number
  /** Items DynamoDB handed back as UnprocessedItems. */
  unprocessed: number
  /** Write capacity units sent (1 KB per item, retries included; counted by size only with a WCU limit, else one per item). */
  wcu: number
}

export function emptyStats(): CopyStats {
  return {written: 0, batches: 0, retries: 0, throttles: 0, unprocessed: 0, wcu: 0}
}

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'])
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED'])

export function isThrottling(error: unknown): boolean {
  return THROTTLING.has((error as Error)?.name)
}

export function isTransient(error: unknown): boolean {
  const e = error as {name?: string; code?: string; $fault?: string; $retryable?: unknown; $metadata?: {httpStatusCode?: number}}
  if (!e) return false
  if (e.$retryable || e.$fault === 'server') return true
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'InternalServerError' || e.name === 'ServiceUnavailable') return true
  return TRANSIENT_CODES.has(e.code ?? '') || TRANSIENT_CODES.has(e.name ?? '')
}

export class CopyError extends OmnixError {
  constructor(message: string, cause?: unknown) {
    super(message, {code: 'COPY_FAILED', cause, suggestion: 'run the same command again: it resumes from the last checkpoint'})
  }
}

/** Write capacity limiter: a token bucket refilled at `rate` units per second, one second of burst. */
export class TokenBucket {
  private tokens: number
  private last: number
  private queue: Promise<void> = Promise.resolve()

  constructor(
    readonly rate: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.tokens = rate
    this.last = now()
  }

  /** Waits until `units` may be spent; callers are served in order. */
  take(units: number): Promise<void> {
    const run = this.queue.then(async () => {
      const wanted = Math.min(units, this.rate)
      this.refill()
      while (this.tokens < wanted) {
        await this.sleep(Math.ceil(((wanted - this.tokens) / this.rate) * 1000))
        this.refill()
      }
      this.tokens -= units
    })
    this.queue = run
    return run
  }

  private refill(): void {
    const t = this.now()
    this.tokens = Math.min(this.rate, this.tokens + ((t - this.last) / 1000) * this.rate)
    this.last = t
  }
}

/**
 * Writes items with BatchWriteItem, 25 per call and many calls in flight. Throttling errors and
 * UnprocessedItems are retried with full-jitter exponential backoff and halve the number of calls
 * in flight, which then grows back by one per window of successful calls (AIMD). The client
 * should be built with SDK retries off (maxAttempts 1) so that every throttle is seen here.
 */
export class BatchCopier {
  readonly stats = emptyStats()
  private readonly limiter: AdaptiveLimit
  private readonly bucket?: TokenBucket
  private readonly sleep: (ms: number) => Promise<void>
  private readonly random: () => number
  private readonly maxAttempts: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private commands?: Promise<typeof import('@aws-sdk/client-dynamodb')>

  constructor(
    private readonly client: DynamoDBClient,
    options: CopierOptions = {},
  ) {
    const max = Math.max(1, options.maxConcurrency ?? 32)
    this.limiter = new AdaptiveLimit(Math.min(max, options.initialConcurrency ?? 16), 1, max)
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.random = options.random ?? Math.random
    this.maxAttempts = options.maxAttempts ?? 12
    this.baseDelayMs = options.baseDelayMs ?? 25
    this.maxDelayMs = options.maxDelayMs ?? 5000
    if (options.maxWcu !== undefined) this.bucket = new TokenBucket(options.maxWcu, options.now ?? Date.now, this.sleep)
  }

  /** Calls in flight allowed right now (adapts to throttling). */
  get concurrency(): number {
    return this.limiter.limit
  }

  /**
   * Writes all items to `table`; resolves once every one is stored. Items with the same key go to
   * different calls (BatchWriteItem rejects a call with duplicate keys).
   */
  async write(table: string, keyNames: readonly string[], items: readonly Item[], tableStats?: CopyStats, onWritten?: (n: number) => void): Promise<void> {
    await Promise.all(chunkUnique(items, keyNames).map((batch) => this.writeBatch(table, batch, tableStats, onWritten)))
  }

  private async writeBatch(table: string, items: readonly Item[], tableStats: CopyStats | undefined, onWritten?: (n: number) => void): Promise<void> {
    this.commands ??= import('@aws-sdk/client-dynamodb')
    const {BatchWriteItemCommand} = await this.commands
    const all = [this.stats, ...(tableStats ? [tableStats] : [])]
    const bump = (field: keyof CopyStats, n = 1) => {
      for (const s of all) s[field] += n
    }
    let pending: WriteRequest[] = items.map((Item) => ({PutRequest: {Item}}))
    let attempt = 0
    let fruitless = 0
    while (pending.length > 0) {
      // Sizing items costs CPU on the copy's hot path: only done when a WCU limit needs it.
      const units = this.bucket ? pending.reduce((n, r) => n + writeUnits(r.PutRequest!.Item!), 0) : pending.length
      if (this.bucket) await this.bucket.take(units)
      await this.limiter.acquire()
      let unprocessed: WriteRequest[]
      try {
        bump('batches')
        bump('wcu', units)
        const out = await this.client.send(new BatchWriteItemCommand({RequestItems: {[table]: pending}}))
        unprocessed = out.UnprocessedItems?.[table] ?? []
      } catch (error) {
        this.limiter.release()
        const throttled = isThrottling(error)
        if (!throttled && !isTransient(error)) throw new CopyError(`writing to ${table} failed: ${(error as Error).message}`, error)
        if (throttled) {
          bump('throttles')
          this.limiter.onThrottle()
        }
        if (++fruitless >= this.maxAttempts) {
          throw new CopyError(`writing to ${table} failed after ${fruitless} attempts: ${(error as Error).name}: ${(error as Error).message}`, error)
        }
        bump('retries')
        await this.sleep(this.backoff(++attempt))
        continue
      }
      this.limiter.release()
      const done = pending.length - unprocessed.length
      if (done > 0) {
        bump('written', done)
        onWritten?.(done)
        fruitless = 0
      }
      if (unprocessed.length === 0) {
        this.limiter.onSuccess()
        return
      }
      bump('unprocessed', unprocessed.length)
      this.limiter.onThrottle()
      if (done === 0 && ++fruitless >= this.maxAttempts) {
        throw new CopyError(`writing to ${table} failed: ${unprocessed.length} items still unprocessed after ${fruitless} attempts`)
      }
      bump('retries')
      pending = unprocessed
      await this.sleep(this.backoff(++attempt))
    }
  }

  /** Full jitter: uniformly random up to the capped exponential delay. */
  private backoff(attempt: number): number {
    return Math.floor(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt))
  }
}

/** Splits items into calls of at most 25 with no key twice in one call. */
export function chunkUnique(items: readonly Item[], keyNames: readonly string[]): Item[][] {
  const batches: Item[][] = []
  let current: Item[] = []
  let keys = new Set<string>()
  for (const item of items) {
    const key = keyString(item, keyNames)
    if (current.length === BATCH_SIZE || keys.has(key)) {
      batches.push(current)
      current = []
      keys = new Set()
    }
    current.push(item)
    keys.add(key)
  }
  if (current.length > 0) batches.push(current)
  return batches
}
