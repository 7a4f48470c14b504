import {dateFromDayNumber, dayNumber} from './dates.js'

export interface SalesPoint {
  /** `yyyy-mm-dd` */
  readonly date: string
  readonly quantity: number
}

/** A gap-free daily series: `values[i]` is the quantity sold on `start + i` days. */
export interface DailySeries {
  readonly start: string
  /** Last day with a record (the series ends there). */
  readonly end: string
  readonly values: number[]
  /** Days with no sales record, counted as zero. */
  readonly filledDays: number
}

export interface SeriesOptions {
  /**
   * The history runs through this day (`yyyy-mm-dd`): a product whose last record is earlier
   * sold nothing on the days in between, so they are added as zeros.
   */
  readonly through?: string
}

/**
 * Builds the daily series the engine forecasts from sales records in any order: one value per
 * calendar day from the first to the last recorded date (or `through`), days without a record
 * count as zero sold (sales exports often list only days with sales), and two records for one
 * day add up. Returns undefined when there is no record.
 */
export function buildDailySeries(points: Iterable<SalesPoint>, options: SeriesOptions = {}): DailySeries | undefined {
  const byDay = new Map<number, number>()
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const point of points) {
    const day = dayNumber(point.date)
    if (day === undefined) throw new RangeError(`sales record with an invalid date: ${point.date}`)
    const quantity = Number.isFinite(point.quantity) ? Math.max(0, point.quantity) : 0
    byDay.set(day, (byDay.get(day) ?? 0) + quantity)
    if (day < first) first = day
    if (day > last) last = day
  }
  if (byDay.size === 0) return undefined
  if (options.through !== undefined) {
    const through = dayNumber(options.through)
    if (through === undefined) throw new RangeError(`not a calendar date: ${options.through}`)
    if (through > last) last = through
  }
  const values = Array.from({length: last - first + 1}, (_, i) => byDay.get(first + i) ?? 0)
  return {start: dateFromDayNumber(first), end: dateFromDayNumber(last), values, filledDays: values.length - byDay.size}
}
