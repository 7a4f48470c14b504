/**
 * Prediction intervals of an equal-weight combination of two forecasts, as the quantiles of the
 * equal mixture of their predictive distributions (each taken as normal, its spread read off its
 * own interval). Unlike averaging the two forecasts' quantiles, the mixture widens where the two
 * disagree about the mean or where one is much less certain: model uncertainty that neither
 * model's own interval includes.
 */
import type {Bounds, MethodForecast} from './model.js'
import {zFor} from './stats.js'

/** Standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2)
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const tail = 0.5 * poly * Math.exp((-x * x) / 2)
  return x >= 0 ? 1 - tail : tail
}

/**
 * The p-quantile of 0.5·N(m1, s1²) + 0.5·N(m2, s2²). It lies between the two components'
 * p-quantiles q1 and q2: Newton steps from their average, kept inside that bracket by bisection.
 */
export function mixtureQuantile(p: number, m1: number, s1: number, m2: number, s2: number, q1: number, q2: number): number {
  if (!(s1 > 0) || !(s2 > 0)) return (q1 + q2) / 2
  let lo = Math.min(q1, q2)
  let hi = Math.max(q1, q2)
  let x = (q1 + q2) / 2
  const tol = 1e-9 * (Math.abs(x) + s1 + s2)
  for (let i = 0; i < 50 && hi - lo > tol; i++) {
    const u1 = (x - m1) / s1
    const u2 = (x - m2) / s2
    const g = 0.5 * normalCdf(u1) + 0.5 * normalCdf(u2) - p
    if (g < 0) lo = x
    else hi = x
    const density = (0.5 * (Math.exp((-u1 * u1) / 2) / s1 + Math.exp((-u2 * u2) / 2) / s2)) / Math.sqrt(2 * Math.PI)
    const next = x - g / density
    if (Math.abs(next - x) < tol) return next
    x = next > lo && next < hi ? next : (lo + hi) / 2
  }
  return x
}

/** Bounds of the equal mixture of a and b at each level (bounds in levels' order). */
export function mixtureBounds(a: MethodForecast, b: MethodForecast, levels: readonly number[]): Bounds[] {
  const h = a.mean.length
  return levels.map((level, i) => {
    const ba = a.bounds[i]
    const bb = b.bounds[i]
    const z = zFor(level)
    const pl = 0.5 - level / 200
    const pu = 0.5 + level / 200
    const lower = new Float64Array(h)
    const upper = new Float64Array(h)
    for (let k = 0; k < h; k++) {
      // Each forecast's centre and spread from its own interval (symmetric for normal methods).
      const ma = (ba.lower[k] + ba.upper[k]) / 2
      const sa = (ba.upper[k] - ba.lower[k]) / (2 * z)
      const mb = (bb.lower[k] + bb.upper[k]) / 2
      const sb = (bb.upper[k] - bb.lower[k]) / (2 * z)
      lower[k] = mixtureQuantile(pl, ma, sa, mb, sb, ba.lower[k], bb.lower[k])
      upper[k] = mixtureQuantile(pu, ma, sa, mb, sb, ba.upper[k], bb.upper[k])
    }
    return {lower, upper}
  })
}
