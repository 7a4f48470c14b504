import type {AttributeValue, BatchWriteItemCommand, BatchWriteItemCommandOutput, WriteRequest} from '@aws-sdk/client-dynamodb'

import {OmnixError} from '../errors.js'

export type Item = Record<string, AttributeValue>

/** BatchWriteItem's limit of requests per call. */
export const MAX_BATCH_SIZE = 25

/** The part of a DynamoDB client the writer uses; a fake in tests. */
export interface BatchWriteSender {
  send(command: BatchWriteItemCommand, options?: {abortSignal?: AbortSignal}): Promise<BatchWriteItemCommandOutput>
}

export interface BatchWriterOptions {
  readonly tableName: string
  /** The table's key attribute names (e.g. ['PK', 'SK']): two requests for one key never share a call. */
  readonly keyAttributes: readonly string[]
  /** Calls in flight at once (default 4). */
  readonly concurrency?: number
  /** Requests per call, at most 25 (default 25). */
  readonly batchSize?: number
  /** Calls per batch before unprocessed items are an error (default 10). */
  readonly maxAttempts?: number
  /** First backoff step (default 50 ms); doubles per attempt up to maxDelayMs (default 5 s). */
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  /** Waits between attempts; injectable so tests do not wait. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Source of jitter in [0, 1). */
  readonly random?: () => number
  /** Called after each call with the number of requests it completed. */
  readonly onWritten?: (count: number) => void
  /** Called before each retry of unprocessed items. */
  readonly onRetry?: (info: {attempt: number; unprocessed: number; delayMs: number}) => void
}

export interface BatchWriterStats {
  /** Requests DynamoDB has completed. */
  written: number
  /** BatchWriteItem calls made, retries included. */
  calls: number
  /** Calls that only resent unprocessed items. */
  retries: number
}

/**
 * Writes puts and deletes to one table with BatchWriteItem: 25 requests per call, several calls in
 * flight, UnprocessedItems resent with jittered exponential backoff ("full jitter": a random wait
 * up to base * 2^attempt, capped) so that throttled writers spread out instead of retrying in step.
 *
 * Order is kept per key: a request for a key waiting in the open batch replaces it (last wins,
 * and DynamoDB refuses duplicate keys in one call anyway), and a request for a key whose call is
 * still in flight waits for that call, so a later request can never land before an earlier one.
 * Memory stays at (concurrency + 1) batches.
 */
export class BatchWriter {
  readonly stats: BatchWriterStats = {written: 0, calls: 0, retries: 0}
  private readonly concurrency: number
  private readonly batchSize: number
  private open = new Map<string, WriteRequest>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly inFlightKeys = new Map<string, Promise<void>>()
  /** Callers waiting for a free call slot, woken one per finished call. */
  private readonly slotWaiters: (() => void)[] = []
  private failure: unknown
  private commandModule?: Promise<typeof import('@aws-sdk/client-dynamodb')>

  constructor(
    private readonly client: BatchWriteSender,
    private readonly options: BatchWriterOptions,
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 4)
    this.batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, options.batchSize ?? MAX_BATCH_SIZE))
    if (options.keyAttributes.length === 0) throw new Error('BatchWriter needs the table key attribute names')
  }

  /** Queues a PutRequest. Resolves 'replaced' when it superseded a request for the same key still in the open batch. */
  async put(item: Item): Promise<'queued' | 'replaced'> {
    return this.enqueue({PutRequest: {Item: item}}, item)
  }

  /** Queues a DeleteRequest for the item with this key. */
  async delete(key: Item): Promise<'queued' | 'replaced'> {
    return this.enqueue({DeleteRequest: {Key: key}}, key)
  }

  /** Sends the open batch and waits for every call; throws the first failure. */
  async flush(): Promise<void> {
    if (this.open.size > 0 && this.failure === undefined) this.dispatch()
    await Promise.allSettled([...this.inFlight])
    this.throwIfFailed()
  }

  private async enqueue(request: WriteRequest, keySource: Item): Promise<'queued' | 'replaced'> {
    this.throwIfFailed()
    const key = this.keyOf(keySource)
    if (this.open.has(key)) {
      this.open.set(key, request)
      return 'replaced'
    }
    const pending = this.inFlightKeys.get(key)
    if (pending) {
      await pending.catch(() => {})
      this.throwIfFailed()
    }
    this.open.set(key, request)
    if (this.open.size >= this.batchSize) {
      // Not Promise.race over the calls in flight: each race leaves a reaction on every call, and
      // with dozens in flight that is most of the writer's own CPU time.
      while (this.inFlight.size >= this.concurrency) await new Promise<void>((resolve) => this.slotWaiters.push(resolve))
      this.throwIfFailed()
      this.dispatch()
    }
    return 'queued'
  }

  private dispatch(): void {
    const batch = this.open
    this.open = new Map()
    const call = this.sendWithRetries([...batch.values()]).catch((error: unknown) => {
      this.failure ??= error
    })
    const tracked = call.finally(() => {
      this.inFlight.delete(tracked)
      for (const key of batch.keys()) if (this.inFlightKeys.get(key) === tracked) this.inFlightKeys.delete(key)
      this.slotWaiters.shift()?.()
    })
    this.inFlight.add(tracked)
    for (const key of batch.keys()) this.inFlightKeys.set(key, tracked)
  }

  private async sendWithRetries(requests: WriteRequest[]): Promise<void> {
    this.commandModule ??= import('@aws-sdk/client-dynamodb')
    const {BatchWriteItemCommand} = await this.commandModule
    const {tableName} = this.options
    const maxAttempts = this.options.maxAttempts ?? 10
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    let pending = requests
    for (let attempt = 1; ; attempt++) {
      this.stats.calls++
      if (attempt > 1) this.stats.retries++
      const output = await this.client.send(new BatchWriteItemCommand({RequestItems: {[tableName]: pending}}))
      const unprocessed = output.UnprocessedItems?.[tableName] ?? []
      const done = pending.length - unprocessed.length
      this.stats.written += done
      if (done > 0) this.options.onWritten?.(done)
      if (unprocessed.length === 0) return
      if (attempt >= maxAttempts) {
        throw new OmnixError(`${unprocessed.length} write(s) to ${tableName} were still unprocessed after ${attempt} attempts`, {
          code: 'BATCH_WRITE_INCOMPLETE',
          suggestion: 'the table is throttling; retry later (re-running is safe) or raise its capacity',
        })
      }
      const delayMs = backoffDelay(attempt, this.options)
      this.options.onRetry?.({attempt, unprocessed: unprocessed.length, delayMs})
      await sleep(delayMs)
      pending = unprocessed
    }
  }

  private keyOf(item: Item): string {
    return this.options.keyAttributes
      .map((name) => {
        const value = item[name]
        if (!value) throw new OmnixError(`a write to ${this.options.tableName} lacks key attribute ${name}`, {code: 'MISSING_KEY'})
        return JSON.stringify(value)
      })
      .join('\u0000')
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure
  }
}

/** Full-jitter backoff: uniform in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, options: {baseDelayMs?: number; maxDelayMs?: number; random?: () => number} = {}): number {
  const base = options.baseDelayMs ?? 50
  const cap = Math.min(options.maxDelayMs ?? 5000, base * 2 ** (attempt - 1))
  return Math.floor((options.random ?? Math.random)() * cap)
}

/** Writes all items (puts) and waits for them; the writer's stats come back. */
export async function batchPut(client: BatchWriteSender, items: Iterable<Item> | AsyncIterable<Item>, options: BatchWriterOptions): Promise<BatchWriterStats> {
  const writer = new BatchWriter(client, options)
  for await (const item of items) await writer.put(item)
  await writer.flush()
  return writer.stats
}
