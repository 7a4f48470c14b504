/** Calendar days as `yyyy-mm-dd` strings, computed in UTC so that no time zone shifts a day. */

const DAY_MS = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01 for a valid `yyyy-mm-dd`, or undefined for anything else (2024-02-30 included). */
export function dayNumber(date: string): number | undefined {
  const m = ISO_DATE.exec(date)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined
  return ms / DAY_MS
}

export function dateFromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  const n = dayNumber(date)
  if (n === undefined) throw new RangeError(`not a calendar date: ${date}`)
  return dateFromDayNumber(n + days)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = dayNumber(from)
  const b = dayNumber(to)
  if (a === undefined || b === undefined) throw new RangeError(`not a calendar date: ${a === undefined ? from : to}`)
  return b - a
}

/** The UTC calendar day of an instant. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/** Consecutive dates starting at `start`. */
export function dateRange(start: string, count: number): string[] {
  const first = dayNumber(start)
  if (first === undefined) throw new RangeError(`not a calendar date: ${start}`)
  return Array.from({length: Math.max(0, count)}, (_, i) => dateFromDayNumber(first + i))
}
