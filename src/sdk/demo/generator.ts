import {UsageError} from '../errors.js'
import {addDays, dayNumber} from '../forecast-store/dates.js'
import {DEMO_ORDER, type ProductTemplate, VARIANTS, weeklyProfileFor, type YearlyPattern} from './catalog.js'
import {DemoRandom} from './random.js'

export const DEFAULT_DEMO_PRODUCTS = 40
/** Three years: yearly seasonality needs at least two. */
export const DEFAULT_DEMO_DAYS = 1095
export const DEFAULT_DEMO_SEED = 42
export const MAX_DEMO_PRODUCTS = 10_000
export const MAX_DEMO_DAYS = 3660
const LEAD_TIMES = [3, 5, 7, 10, 14] as const
const ANNUAL_PRICE_RISE = 1.03

export interface DemoOptions {
  readonly products?: number
  readonly days?: number
  /** Last day of history (`yyyy-mm-dd`); the demo uses yesterday so forecasts start today. */
  readonly endDate: string
  readonly seed?: number
  /**
   * Also return each day's expected demand (the mean the day's sales were drawn around): what a
   * perfect forecast of the mean would say, for measuring forecasts against their floor.
   */
  readonly expected?: boolean
}

export interface DemoProduct {
  readonly id: string
  readonly sku: string
  readonly name: string
  readonly category: string
  /** Current unit price. */
  readonly price: number
  readonly yearly: YearlyPattern
  readonly intermittent: boolean
  /** Annual growth of demand, e.g. 0.12 for +12 % a year. */
  readonly growth: number
  /** First day with sales: the history start, or later for a product launched during it. */
  readonly launched: string
}

export interface DemoHistory {
  readonly productId: string
  /** First day of `quantities` (the launch day). */
  readonly start: string
  /** Units sold per day from `start` to the demo's end date; zero days included. */
  readonly quantities: number[]
  /** Expected units per day, same days as `quantities`; only when asked for (DemoOptions.expected). */
  readonly expected?: number[]
}

export interface DemoStock {
  readonly product_id: string
  readonly stock_on_hand: number
  readonly lead_time_days: number
}

export interface DemoData {
  readonly seed: number
  readonly start: string
  readonly end: string
  readonly days: number
  readonly products: DemoProduct[]
  readonly histories: DemoHistory[]
  readonly stock: DemoStock[]
}

function round2(x: number): number {
  return Math.round(x * 100) / 100
}

function checkWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got ${value})`)
}

/** Day of the year (1-366) and weekday (0 = Sunday) of a day number. */
function calendar(day: number): {doy: number; weekday: number; month: number; dom: number} {
  const d = new Date(day * 86_400_000)
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1) / 86_400_000
  return {doy: day - jan1 + 1, weekday: d.getUTCDay(), month: d.getUTCMonth() + 1, dom: d.getUTCDate()}
}

function yearlyFactor(pattern: YearlyPattern, doy: number, amplitude: number, phase: number): number {
  const angle = (peak: number) => (2 * Math.PI * (doy - peak)) / 365.25
  switch (pattern) {
    case 'summer':
      return 1 + amplitude * Math.cos(angle(196))
    case 'winter':
      return 1 + amplitude * Math.cos(angle(15))
    case 'december': {
      const distance = Math.min(Math.abs(doy - 354), 365 - Math.abs(doy - 354))
      return 0.8 + 4 * amplitude * Math.exp(-0.5 * (distance / 9) ** 2)
    }
    default:
      return 1 + 0.08 * Math.cos(angle(phase))
  }
}

/**
 * A realistic, reproducible sales history for a small store: per product a level, a yearly
 * growth or decline, a weekday pattern by category, yearly seasonality (summer, winter or a
 * December rush), over-dispersed daily counts, intermittent slow movers, a few products launched
 * part-way with a ramp-up, and the store closed on 25 December and 1 January. Also the current
 * stock of each product, some of it deliberately short of the coming lead-time demand.
 * The same options always give the same data.
 */
export function generateDemoData(options: DemoOptions): DemoData {
  const productCount = options.products ?? DEFAULT_DEMO_PRODUCTS
  const days = options.days ?? DEFAULT_DEMO_DAYS
  const seed = options.seed ?? DEFAULT_DEMO_SEED
  checkWhole('products', productCount, 1, MAX_DEMO_PRODUCTS)
  checkWhole('days', days, 28, MAX_DEMO_DAYS)
  const endDay = dayNumber(options.endDate)
  if (endDay === undefined) throw new UsageError(`end date "${options.endDate}" is not a calendar date (yyyy-mm-dd)`)
  const startDay = endDay - days + 1
  const rng = new DemoRandom(seed)
  const counters = new Map<string, number>()
  const products: DemoProduct[] = []
  const histories: DemoHistory[] = []
  const stock: DemoStock[] = []

  for (let p = 0; p < productCount; p++) {
    const template: ProductTemplate = DEMO_ORDER[p % DEMO_ORDER.length]
    const variant = VARIANTS[Math.floor(p / DEMO_ORDER.length) % VARIANTS.length]
    const n = (counters.get(template.code) ?? 0) + 1
    counters.set(template.code, n)
    const id = `${template.code}-${String(n).padStart(3, '0')}`
    // Slow movers stay slow: a strong trend would turn them into daily sellers within the history.
    const growth = round2(template.intermittent ? rng.uniform(-0.2, 0.15) : rng.uniform(-0.2, 0.4))
    const launchedLate = p % 9 === 8
    const launchDay = launchedLate ? endDay - Math.floor(days * rng.uniform(0.25, 0.5)) : startDay
    const level = template.intermittent ? rng.uniform(0.08, 0.45) : Math.exp(rng.uniform(Math.log(6), Math.log(150)))
    const lotSize = rng.uniform(0, 1.5)
    const amplitude = rng.uniform(0.35, 0.7)
    const phase = rng.uniform(0, 365)
    const weekly = weeklyProfileFor(template.category).map((w) => w * rng.uniform(0.95, 1.05))
    const weeklyMean = weekly.reduce((a, b) => a + b, 0) / 7
    const yearlyMean = meanYearly(template.yearly, amplitude, phase)
    const priceFactor = 1 + 0.15 * VARIANTS.indexOf(variant)

    const quantities: number[] = []
    const expected: number[] = []
    for (let day = launchDay; day <= endDay; day++) {
      const {doy, weekday, month, dom} = calendar(day)
      if ((month === 12 && dom === 25) || (month === 1 && dom === 1)) {
        quantities.push(0)
        expected.push(0)
        continue
      }
      const years = (day - startDay) / 365
      const ramp = launchedLate ? 1 - Math.exp(-(day - launchDay + 1) / 15) : 1
      const rate =
        level * (1 + growth) ** years * ramp * (weekly[weekday] / weeklyMean) * (yearlyFactor(template.yearly, doy, amplitude, phase) / yearlyMean)
      if (template.intermittent) {
        expected.push(Math.min(0.9, rate) * (1 + lotSize))
        quantities.push(rng.next() < Math.min(0.9, rate) ? 1 + rng.poisson(lotSize) : 0)
      } else {
        expected.push(rate)
        quantities.push(rng.poisson((rate * rng.gamma(12)) / 12))
      }
    }

    const price = round2(template.price * priceFactor)
    products.push({
      id,
      sku: `${template.code}${String(n).padStart(5, '0')}`,
      name: `${template.name}${variant}`,
      category: template.category,
      price,
      yearly: template.yearly,
      intermittent: template.intermittent,
      growth,
      launched: addDays(options.endDate, launchDay - endDay),
    })
    histories.push({productId: id, start: addDays(options.endDate, launchDay - endDay), quantities, ...(options.expected === true ? {expected} : {})})
    stock.push(stockFor(id, quantities, template.intermittent, p % 4 === 1, rng))
  }

  return {seed, start: addDays(options.endDate, -(days - 1)), end: options.endDate, days, products, histories, stock}
}

/** Average of the yearly factor over a year, so seasonality reshapes demand without changing its level. */
function meanYearly(pattern: YearlyPattern, amplitude: number, phase: number): number {
  let s = 0
  for (let doy = 1; doy <= 365; doy++) s += yearlyFactor(pattern, doy, amplitude, phase)
  return s / 365
}

/** Stock on hand: a quarter of the products (`short`) hold less than the coming lead time needs. */
function stockFor(productId: string, quantities: readonly number[], intermittent: boolean, short: boolean, rng: DemoRandom): DemoStock {
  const leadTime = rng.pick(LEAD_TIMES)
  const recent = quantities.slice(-28)
  const daily = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length)
  let units: number
  if (intermittent) units = short ? rng.int(0, 1) : rng.int(4, 12)
  else units = Math.round(daily * (short ? rng.uniform(0.3, 0.9) * leadTime : rng.uniform(leadTime + 7, leadTime + 40)))
  return {product_id: productId, stock_on_hand: units, lead_time_days: leadTime}
}

/** Unit price on a day: prices rose by 3 % each January, so earlier years sold cheaper. */
export function priceOn(product: DemoProduct, date: string, endDate: string): number {
  const yearsBack = Number(endDate.slice(0, 4)) - Number(date.slice(0, 4))
  return round2(product.price / ANNUAL_PRICE_RISE ** yearsBack)
}
