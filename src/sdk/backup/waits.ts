/** Clock and sleep of the polling loops, injectable so that tests neither sleep nor depend on time. */
export interface Waits {
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
  /** Between polls. Default 10 s. */
  readonly pollIntervalMs?: number
  /** Give up waiting after this long. Default 4 h (a restore of a large table takes hours). */
  readonly timeoutMs?: number
}

export interface ResolvedWaits {
  readonly sleep: (ms: number) => Promise<void>
  readonly now: () => number
  readonly pollIntervalMs: number
  readonly timeoutMs: number
}

export function resolveWaits(waits: Waits = {}): ResolvedWaits {
  return {
    sleep: waits.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now: waits.now ?? Date.now,
    pollIntervalMs: waits.pollIntervalMs ?? 10_000,
    timeoutMs: waits.timeoutMs ?? 4 * 3_600_000,
  }
}
