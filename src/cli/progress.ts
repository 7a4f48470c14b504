/** Counts done/total and renders "items, items/s, ETA" on one stderr line; silent when disabled. */
export class ProgressLine {
  private readonly started = Date.now()
  private lastDraw = 0
  private done = 0

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    this.done = done
    if (!this.enabled) return
    const now = Date.now()
    if (now - this.lastDraw < 100 && done !== this.total) return
    this.lastDraw = now
    this.stream.write(`\r\u001B[2K${this.render(now)}`)
  }

  add(n: number): void {
    this.update(this.done + n)
  }

  finish(message?: string): void {
    if (!this.enabled) return
    this.stream.write(`\r\u001B[2K${message ?? this.render(Date.now())}\n`)
  }

  render(now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001)
    const rate = this.done / seconds
    const parts = [`${this.label} ${this.done}${this.total === undefined ? '' : `/${this.total}`}`, `${formatRate(rate)}/s`]
    if (this.total !== undefined && rate > 0 && this.done < this.total) parts.push(`ETA ${formatDuration((this.total - this.done) / rate)}`)
    return parts.join('  ')
  }
}

export function formatRate(rate: number): string {
  return rate >= 100 ? Math.round(rate).toString() : rate.toFixed(1)
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`
  const m = Math.floor(seconds / 60)
  return m < 60 ? `${m}m${Math.round(seconds % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`
}
