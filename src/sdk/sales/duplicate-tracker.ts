/**
 * Remembers which (product, date) keys a file has already had, to count and report rows that
 * replace an earlier row of the same file.
 *
 * Why this shape: a set of key strings costs ~100 bytes per row (2.5 GB for a 1 GB file), and a
 * Bloom filter would report duplicates that are not there. Daily sales are dense in time, so
 * each product gets a bitmap over the days between its first and last date: one bit per
 * (product, day), about 140 bytes per product for three years of history, independent of the row
 * count. Exact for any realistic file; should it still outgrow its memory budget (millions of
 * products, or dates centuries apart), it stops, says so, and later duplicates are found only
 * within the writer's open batch. They are still resolved correctly, the last row winning in the
 * table, because later writes of a key always land after earlier ones.
 */
export class DuplicateTracker {
  private readonly products = new Map<string, DayBitmap>()
  private bytes = 0
  private overflowed = false

  /** @param budgetBytes approximate memory the tracker may use (default 64 MiB). */
  constructor(private readonly budgetBytes = 64 * 1024 * 1024) {}

  /** True when tracking had to stop; counts from then on are lower bounds. */
  get exact(): boolean {
    return !this.overflowed
  }

  /**
   * Records the key; returns true when the file had it before, false when new, and undefined
   * once tracking has stopped.
   */
  seen(productId: string, isoDate: string): boolean | undefined {
    if (this.overflowed) return undefined
    const day = dayNumber(isoDate)
    let bitmap = this.products.get(productId)
    if (!bitmap) {
      bitmap = new DayBitmap(day)
      this.products.set(productId, bitmap)
      this.bytes += PER_PRODUCT_OVERHEAD + productId.length * 2
    }
    const before = bitmap.byteLength
    const had = bitmap.testAndSet(day)
    this.bytes += bitmap.byteLength - before
    if (this.bytes > this.budgetBytes) {
      this.overflowed = true
      this.products.clear()
    }
    return had
  }
}

const PER_PRODUCT_OVERHEAD = 120

/** Days since 1970-01-01 of a validated yyyy-mm-dd date (proleptic Gregorian, pure arithmetic: it runs per row). */
export function dayNumber(isoDate: string): number {
  let year = Number(isoDate.slice(0, 4))
  const month = Number(isoDate.slice(5, 7))
  const day = Number(isoDate.slice(8, 10))
  // Counting years from March puts the leap day last, so each month's offset is a fixed formula.
  year -= month <= 2 ? 1 : 0
  const era = Math.floor(year / 400)
  const yearOfEra = year - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** Bits for a growing range of days, stored from a base day aligned to 8. */
class DayBitmap {
  private base: number
  private bits: Uint8Array

  constructor(firstDay: number) {
    this.base = firstDay - mod(firstDay, 8)
    this.bits = new Uint8Array(8)
  }

  get byteLength(): number {
    return this.bits.length
  }

  testAndSet(day: number): boolean {
    if (day < this.base || day >= this.base + this.bits.length * 8) this.grow(day)
    const offset = day - this.base
    const index = offset >> 3
    const mask = 1 << (offset & 7)
    const had = (this.bits[index] & mask) !== 0
    this.bits[index] |= mask
    return had
  }

  /** Doubles capacity in the direction needed, so sequential dates cost amortised O(1). */
  private grow(day: number): void {
    const currentEnd = this.base + this.bits.length * 8
    let newBase = this.base
    let newEnd = currentEnd
    if (day < this.base) newBase = Math.min(day - mod(day, 8), this.base - this.bits.length * 8)
    if (day >= currentEnd) newEnd = Math.max(day + 8 - mod(day, 8), currentEnd + this.bits.length * 8)
    const bits = new Uint8Array((newEnd - newBase) / 8)
    bits.set(this.bits, (this.base - newBase) / 8)
    this.bits = bits
    this.base = newBase
  }
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m
}
