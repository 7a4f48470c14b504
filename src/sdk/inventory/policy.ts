/**
 * Inventory policy from a demand forecast: the classic reorder-point model with normally
 * distributed demand over the replenishment lead time L.
 *
 *   safety stock   SS  = z · σ · √L          z = Φ⁻¹(service level), σ = daily forecast error sd
 *   reorder point  ROP = μ_L + SS             μ_L = forecast demand over the lead time
 *   stock-out risk P   = P(D_L > stock) = 1 − Φ((stock − μ_L) / (σ · √L))
 *   days of cover      = stock / mean forecast daily demand
 *
 * Stock below the reorder point is exactly a stock-out risk above 1 − service level.
 */
import {UsageError} from '../errors.js'
import {inverseNormal, normalCdf} from './normal.js'

export type StockoutRisk = 'low' | 'medium' | 'high'

/** z of a one-sided service level in percent (95 gives 1.6449). */
export function zForServiceLevel(serviceLevelPercent: number): number {
  if (!(serviceLevelPercent > 0 && serviceLevelPercent < 100)) {
    throw new UsageError(`service level must be a percentage above 0 and below 100 (got ${serviceLevelPercent})`)
  }
  return inverseNormal(serviceLevelPercent / 100)
}

/**
 * Daily demand sd implied by a central prediction interval: its upper bound sits z·σ above the
 * mean (the upper side, because the lower bound may have been cut at zero demand).
 */
export function sigmaFromInterval(mean: number, upper: number, levelPercent: number): number {
  const z = inverseNormal(0.5 + levelPercent / 200)
  return Math.max(0, upper - mean) / z
}

export interface PolicyInput {
  readonly stockOnHand: number
  readonly leadTimeDays: number
  /** Percent, e.g. 95. */
  readonly serviceLevel: number
  /** Forecast demand per day from today on; days past its end count at its average. */
  readonly dailyDemand: readonly number[]
  /** Forecast sd per day, same days as dailyDemand. */
  readonly dailySigma: readonly number[]
}

export interface InventoryPolicy {
  readonly z: number
  readonly lead_time_days: number
  /** μ_L */
  readonly lead_time_demand: number
  /** σ, averaged over the lead time's days. */
  readonly daily_sigma: number
  readonly safety_stock: number
  readonly reorder_point: number
  readonly average_daily_demand: number
  /** Null when no demand is forecast (stock lasts indefinitely). */
  readonly days_of_cover: number | null
  /** Probability that demand over the lead time exceeds the stock on hand. */
  readonly stockout_probability: number
  readonly risk: StockoutRisk
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits
/** Whole units, rounded up, without turning 33.0000000001 into 34. */
const units = (x: number) => Math.max(0, Math.ceil(x - 1e-9))

function average(values: readonly number[], n = values.length): number {
  const k = Math.min(n, values.length)
  if (k === 0) return 0
  let s = 0
  for (let i = 0; i < k; i++) s += values[i]
  return s / k
}

export function inventoryPolicy(input: PolicyInput): InventoryPolicy {
  const {leadTimeDays: L, stockOnHand: stock} = input
  if (!(Number.isInteger(L) && L >= 1)) throw new UsageError(`lead time must be a whole number of days, at least 1 (got ${L})`)
  if (input.dailyDemand.length === 0) throw new UsageError('an inventory policy needs at least one forecast day')
  const z = zForServiceLevel(input.serviceLevel)
  const demand = input.dailyDemand.map((d) => Math.max(0, d))
  const avgDemand = average(demand)
  let leadTimeDemand = 0
  for (let i = 0; i < L; i++) leadTimeDemand += i < demand.length ? demand[i] : avgDemand
  const sigma = average(input.dailySigma.map((s) => Math.max(0, s)), L)
  const leadTimeSigma = sigma * Math.sqrt(L)
  const safetyStock = z * leadTimeSigma
  const reorderPoint = leadTimeDemand + safetyStock
  const probability = leadTimeSigma > 0 ? 1 - normalCdf((stock - leadTimeDemand) / leadTimeSigma) : leadTimeDemand > stock ? 1 : 0
  const threshold = 1 - input.serviceLevel / 100
  const risk: StockoutRisk = probability >= 0.5 ? 'high' : probability > threshold ? 'medium' : 'low'
  return {
    z: round(z, 4),
    lead_time_days: L,
    lead_time_demand: round(leadTimeDemand),
    daily_sigma: round(sigma, 3),
    safety_stock: units(safetyStock),
    reorder_point: units(reorderPoint),
    average_daily_demand: round(avgDemand, 3),
    days_of_cover: avgDemand > 0 ? round(stock / avgDemand, 1) : null,
    stockout_probability: round(probability, 4),
    risk,
  }
}
