/**
 * A semaphore whose limit can change while work is queued: the copier halves it when the table
 * throttles and raises it while writes succeed.
 */
export class AdaptiveLimit {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private successes = 0

  constructor(
    private current: number,
    readonly min: number,
    readonly max: number,
  ) {}

  get limit(): number {
    return this.current
  }

  async acquire(): Promise<void> {
    if (this.active < this.current) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.active <= this.current ? this.waiting.shift() : undefined
    if (next) next()
    else this.active--
  }

  /** Additive increase: one more slot after a full window of successes. */
  onSuccess(): void {
    if (++this.successes < this.current) return
    this.successes = 0
    if (this.current < this.max) {
      this.current++
      this.wake()
    }
  }

  /** Multiplicative decrease on throttling. */
  onThrottle(): void {
    this.successes = 0
    this.current = Math.max(this.min, Math.floor(this.current / 2))
  }

  private wake(): void {
    while (this.active < this.current && this.waiting.length > 0) {
      this.active++
      this.waiting.shift()!()
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}
