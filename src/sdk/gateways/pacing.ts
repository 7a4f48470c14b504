/** Time source and sleep, injected so tests run paced work on a fake clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

/** API Gateway allows one DeleteRestApi per 30 seconds per account. */
export const DELETE_REST_API_INTERVAL_MS = 30_000

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** Backoff before the 2nd attempt; doubles each time, capped at maxDelayMs. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DELETE_RETRY: RetryPolicy = {maxAttempts: 6, baseDelayMs: DELETE_REST_API_INTERVAL_MS, maxDelayMs: 300_000}
export const EXPORT_RETRY: RetryPolicy = {maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 60_000}

/** Why the caller is waiting: keeping to the service's rate, or backing off after a throttle. */
export type WaitReason = 'pacing' | 'throttled'

/** Ticks once per second (and once at the start) so a terminal can draw a countdown. */
export type WaitTick = (remainingMs: number) => void

/** Sleeps until `deadline` in steps of at most a second, reporting what is left before each step. */
export async function waitUntil(clock: Clock, deadline: number, onTick?: WaitTick): Promise<void> {
  let remaining = deadline - clock.now()
  while (remaining > 0) {
    onTick?.(remaining)
    await clock.sleep(Math.min(1000, remaining))
    remaining = deadline - clock.now()
  }
}

/** True for API Gateway's throttling error (HTTP 429). */
export function isTooManyRequests(error: unknown): boolean {
  const e = error as {name?: string; $metadata?: {httpStatusCode?: number}}
  return e?.name === 'TooManyRequestsException' || e?.$metadata?.httpStatusCode === 429
}

export function isNotFound(error: unknown): boolean {
  const e = error as {name?: string; $metadata?: {httpStatusCode?: number}}
  return e?.name === 'NotFoundException' || e?.$metadata?.httpStatusCode === 404
}

/** The delay before retry number `retry` (1-based): the service's Retry-After when it gives one, else exponential backoff. */
export function backoffDelay(error: unknown, retry: number, policy: RetryPolicy): number {
  const retryAfter = Number((error as {retryAfterSeconds?: string})?.retryAfterSeconds)
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000
  return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs)
}

export interface ThrottledCallOptions {
  readonly clock: Clock
  readonly policy: RetryPolicy
  /** Called before every attempt (1-based), e.g. to pace the next one. */
  readonly beforeAttempt?: (attempt: number) => Promise<void>
  readonly onWait?: (reason: WaitReason, remainingMs: number, attempt: number) => void
}

/** Runs `call`, retrying TooManyRequestsException with backoff; any other error is thrown at once. */
export async function withThrottleRetry<T>(call: () => Promise<T>, options: ThrottledCallOptions): Promise<{value: T; attempts: number}> {
  for (let attempt = 1; ; attempt++) {
    await options.beforeAttempt?.(attempt)
    try {
      return {value: await call(), attempts: attempt}
    } catch (error) {
      if (!isTooManyRequests(error) || attempt >= options.policy.maxAttempts) {
        Object.assign(error as object, {attempts: attempt})
        throw error
      }
      const delay = backoffDelay(error, attempt, options.policy)
      await waitUntil(options.clock, options.clock.now() + delay, (ms) => options.onWait?.('throttled', ms, attempt))
    }
  }
}
