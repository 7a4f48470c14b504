import {formatDuration, formatRate} from './progress.js'

interface Row {
  label: string
  done: number
  total?: number
  started: number
  finished?: number
}

/**
 * Several progress lines at once on a TTY (one per active item plus a total line), redrawn in
 * place at most ten times a second; rows that finish are printed once and scroll away. Silent
 * when disabled (not a TTY, --json, CI).
 */
export class MultiProgress {
  private readonly rows = new Map<string, Row>()
  private readonly total: Row
  private drawnLines = 0
  private lastDraw = 0

  constructor(
    private readonly enabled: boolean,
    totalLabel = 'total',
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.total = {label: totalLabel, done: 0, started: now()}
  }

  start(key: string, label: string, total?: number, done = 0): void {
    this.rows.set(key, {label, total, done, started: this.now()})
    this.draw(true)
  }

  update(key: string, done: number, total?: number): void {
    const row = this.rows.get(key)
    if (!row) return
    row.done = done
    if (total !== undefined) row.total = total
    this.draw(false)
  }

  overall(done: number, total?: number): void {
    this.total.done = done
    if (total !== undefined) this.total.total = total
    this.draw(false)
  }

  /** Prints the row's final line above the live ones and stops redrawing it. */
  finish(key: string, message?: string): void {
    const row = this.rows.get(key)
    if (!row) return
    row.finished = this.now()
    this.rows.delete(key)
    if (!this.enabled) return
    this.clear()
    this.stream.write(`${message ?? renderRow(row, row.finished)}\n`)
    this.draw(true)
  }

  /** A message above the live lines. */
  log(message: string): void {
    if (!this.enabled) return
    this.clear()
    this.stream.write(`${message}\n`)
    this.draw(true)
  }

  stop(): void {
    if (!this.enabled) return
    this.clear()
  }

  lines(at = this.now()): string[] {
    return [...[...this.rows.values()].map((r) => renderRow(r, at)), renderRow(this.total, at)]
  }

  private clear(): void {
    if (this.drawnLines === 0) return
    // Up to the first live line, then erase everything below it.
    const up = this.drawnLines > 1 ? `\u001B[${this.drawnLines - 1}A` : ''
    this.stream.write(`\r${up}\u001B[0J`)
    this.drawnLines = 0
  }

  private draw(force: boolean): void {
    if (!this.enabled) return
    const t = this.now()
    if (!force && t - this.lastDraw < 100) return
    this.lastDraw = t
    this.clear()
    const lines = this.lines(t)
    this.stream.write(lines.map((l) => `\u001B[2K${l}`).join('\n'))
    this.drawnLines = lines.length
  }
}

export function renderRow(row: {label: string; done: number; total?: number; started: number}, at: number): string {
  const seconds = Math.max((at - row.started) / 1000, 0.001)
  const rate = row.done / seconds
  const parts = [`${row.label} ${row.done}${row.total === undefined ? '' : `/${row.total}`}`, `${formatRate(rate)}/s`]
  if (row.total !== undefined && rate > 0 && row.done < row.total) parts.push(`ETA ${formatDuration((row.total - row.done) / rate)}`)
  return parts.join('  ')
}
