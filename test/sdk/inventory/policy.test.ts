import assert from 'node:assert/strict'

import {UsageError} from '../../../src/sdk/errors.js'
import {inverseNormal, normalCdf} from '../../../src/sdk/inventory/normal.js'
import {inventoryPolicy, sigmaFromInterval, zForServiceLevel} from '../../../src/sdk/inventory/policy.js'

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`)

describe('inventory policy', () => {
  describe('z for a service level (inverse normal)', () => {
    it('matches the standard normal table', () => {
      close(zForServiceLevel(50), 0, 1e-12)
      close(zForServiceLevel(80), 0.841621, 1e-6)
      close(zForServiceLevel(90), 1.281552, 1e-6)
      close(zForServiceLevel(95), 1.644854, 1e-6)
      close(zForServiceLevel(97.5), 1.959964, 1e-6)
      close(zForServiceLevel(99), 2.326348, 1e-6)
      close(zForServiceLevel(99.9), 3.090232, 1e-6)
    })

    it('is accurate in the far tails and symmetric', () => {
      close(inverseNormal(1e-10), -6.361341, 1e-5)
      close(inverseNormal(0.025), -inverseNormal(0.975), 1e-12)
    })

    it('inverts the normal CDF', () => {
      for (const p of [0.01, 0.1, 0.3, 0.5, 0.7, 0.95, 0.999]) close(normalCdf(inverseNormal(p)), p, 2e-7)
    })

    it('rejects service levels outside (0, 100) as a usage error', () => {
      assert.throws(() => zForServiceLevel(100), UsageError)
      assert.throws(() => zForServiceLevel(0), UsageError)
      assert.throws(() => zForServiceLevel(Number.NaN), UsageError)
    })
  })

  it('reads the daily sd off the upper bound of a prediction interval', () => {
    // 95 % interval: upper = mean + 1.959964 σ.
    close(sigmaFromInterval(50, 50 + 1.959964 * 10, 95), 10, 1e-5)
    // 80 %: upper = mean + 1.281552 σ.
    close(sigmaFromInterval(20, 20 + 1.281552 * 4, 80), 4, 1e-5)
    assert.equal(sigmaFromInterval(5, 3, 95), 0)
  })

  it('computes safety stock and reorder point as z·σ·√L and μ_L + SS', () => {
    // Flat forecast of 50 a day, σ = 10, L = 4, 95 %: SS = 1.644854 × 10 × 2 = 32.897 → 33 units;
    // μ_L = 200, ROP = 232.897 → 233 units.
    const policy = inventoryPolicy({stockOnHand: 150, leadTimeDays: 4, serviceLevel: 95, dailyDemand: Array(30).fill(50), dailySigma: Array(30).fill(10)})
    assert.equal(policy.z, 1.6449)
    assert.equal(policy.lead_time_demand, 200)
    assert.equal(policy.safety_stock, 33)
    assert.equal(policy.reorder_point, 233)
    assert.equal(policy.average_daily_demand, 50)
    assert.equal(policy.days_of_cover, 3)
    // P(D_4 > 150) with D_4 ~ N(200, 20²): 1 − Φ(−2.5) = 0.99379.
    assert.equal(policy.stockout_probability, 0.9938)
    assert.equal(policy.risk, 'high')
  })

  it('sums the forecast over the lead time day by day and averages σ over those days', () => {
    // Days 1-3 of the forecast: 10, 20, 30; σ 3, 4, 5 (mean 4). 99 %: z = 2.326348.
    // μ_L = 60, SS = 2.326348 × 4 × √3 = 16.117 → 17, ROP = 76.117 → 77.
    const policy = inventoryPolicy({stockOnHand: 70, leadTimeDays: 3, serviceLevel: 99, dailyDemand: [10, 20, 30, 100], dailySigma: [3, 4, 5, 50]})
    assert.equal(policy.lead_time_demand, 60)
    assert.equal(policy.daily_sigma, 4)
    assert.equal(policy.safety_stock, 17)
    assert.equal(policy.reorder_point, 77)
    // Days of cover use the mean over the whole forecast: 70 / 40.
    assert.equal(policy.days_of_cover, 1.8)
    // Stock 70 lies between μ_L and the ROP: risk between 1 % and 50 %.
    assert.equal(policy.risk, 'medium')
  })

  it('extends a forecast shorter than the lead time with its average day', () => {
    const policy = inventoryPolicy({stockOnHand: 1000, leadTimeDays: 10, serviceLevel: 95, dailyDemand: [4, 6], dailySigma: [0, 0]})
    assert.equal(policy.lead_time_demand, 50)
    assert.equal(policy.safety_stock, 0)
    assert.equal(policy.reorder_point, 50)
    assert.equal(policy.stockout_probability, 0)
    assert.equal(policy.risk, 'low')
  })

  it('puts stock at the reorder point exactly at 1 − service level risk', () => {
    const sigma = 6
    const L = 9
    const mu = 12 * L
    const rop = mu + zForServiceLevel(90) * sigma * Math.sqrt(L)
    const policy = inventoryPolicy({stockOnHand: rop, leadTimeDays: L, serviceLevel: 90, dailyDemand: Array(14).fill(12), dailySigma: Array(14).fill(sigma)})
    close(policy.stockout_probability, 0.1, 1e-4)
    const justAbove = inventoryPolicy({stockOnHand: rop + 1, leadTimeDays: L, serviceLevel: 90, dailyDemand: Array(14).fill(12), dailySigma: Array(14).fill(sigma)})
    assert.equal(justAbove.risk, 'low')
    const justBelow = inventoryPolicy({stockOnHand: rop - 1, leadTimeDays: L, serviceLevel: 90, dailyDemand: Array(14).fill(12), dailySigma: Array(14).fill(sigma)})
    assert.equal(justBelow.risk, 'medium')
  })

  it('gives a certain stock-out without uncertainty when demand exceeds stock, and no cover figure without demand', () => {
    const short = inventoryPolicy({stockOnHand: 5, leadTimeDays: 2, serviceLevel: 95, dailyDemand: [3, 3], dailySigma: [0, 0]})
    assert.equal(short.stockout_probability, 1)
    assert.equal(short.risk, 'high')
    const idle = inventoryPolicy({stockOnHand: 5, leadTimeDays: 2, serviceLevel: 95, dailyDemand: [0, 0], dailySigma: [0, 0]})
    assert.equal(idle.days_of_cover, null)
    assert.equal(idle.stockout_probability, 0)
  })

  it('rejects a lead time that is not a whole number of days, or an empty forecast', () => {
    assert.throws(() => inventoryPolicy({stockOnHand: 1, leadTimeDays: 0, serviceLevel: 95, dailyDemand: [1], dailySigma: [1]}), UsageError)
    assert.throws(() => inventoryPolicy({stockOnHand: 1, leadTimeDays: 2.5, serviceLevel: 95, dailyDemand: [1], dailySigma: [1]}), UsageError)
    assert.throws(() => inventoryPolicy({stockOnHand: 1, leadTimeDays: 2, serviceLevel: 95, dailyDemand: [], dailySigma: []}), UsageError)
  })
})
