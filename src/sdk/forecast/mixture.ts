/**
 * Prediction intervals of a weighted combination of forecasts, as the quantiles of the weighted
 * mixture of their predictive distributions (each taken as normal, its spread read off its own
 * interval). Unlike averaging the forecasts' quantiles, the mixture widens where they disagree
 * about the mean or where one is much less certain: model uncertainty that no member's own
 * interval includes.
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
 * The p-quantile of the mixture Σ w_i·N(means_i, sds_i²) (weights summing to 1). It lies between
 * the smallest and largest of the components' p-quantiles: Newton steps from their weighted
 * average, kept inside that bracket by bisection. Without a spread, the weighted average.
 */
export function mixtureQuantile(p: number, means: ArrayLike<number>, sds: ArrayLike<number>, weights: ArrayLike<number>, quantiles: ArrayLike<number>): number {
  let lo = Infinity
  let hi = -Infinity
  let x = 0
  let spread = 0
  let degenerate = false
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] > 0)) continue
    if (!(sds[i] > 0)) degenerate = true
    lo = Math.min(lo, quantiles[i])
    hi = Math.max(hi, quantiles[i])
    x += weights[i] * quantiles[i]
    spread += sds[i]
  }
  if (degenerate || !(hi >= lo)) return x
  const tol = 1e-9 * (Math.abs(x) + spread)
  for (let it = 0; it < 50 && hi - lo > tol; it++) {
    let g = -p
    let density = 0
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i] > 0)) continue
      const u = (x - means[i]) / sds[i]
      g += weights[i] * normalCdf(u)
      density += (weights[i] * Math.exp((-u * u) / 2)) / sds[i]
    }
    density /= Math.sqrt(2 * Math.PI)
    if (g < 0) lo = x
    else hi = x
    const next = x - g / density
    if (Math.abs(next - x) < tol) return next
    x = next > lo && next < hi ? next : (lo + hi) / 2
  }
  return x
}

/** Bounds of the mixture of the forecasts with these weights at each level (bounds in levels' order). */
export function mixtureBounds(forecasts: readonly MethodForecast[], weights: readonly number[], levels: readonly number[]): Bounds[] {
  const h = forecasts[0].mean.length
  const c = forecasts.length
  const means = new Float64Array(c)
  const sds = new Float64Array(c)
  const lows = new Float64Array(c)
  const highs = new Float64Array(c)
  return levels.map((level, j) => {
    const z = zFor(level)
    const pl = 0.5 - level / 200
    const pu = 0.5 + level / 200
    const lower = new Float64Array(h)
    const upper = new Float64Array(h)
    for (let k = 0; k < h; k++) {
      for (let i = 0; i < c; i++) {
        // Each forecast's centre and spread from its own interval (symmetric for normal methods).
        const b = forecasts[i].bounds[j]
        lows[i] = b.lower[k]
        highs[i] = b.upper[k]
        means[i] = (b.lower[k] + b.upper[k]) / 2
        sds[i] = (b.upper[k] - b.lower[k]) / (2 * z)
      }
      let center = 0
      let averageLow = 0
      let averageHigh = 0
      for (let i = 0; i < c; i++) {
        if (!(weights[i] > 0)) continue
        center += weights[i] * means[i]
        averageLow += weights[i] * lows[i]
        averageHigh += weights[i] * highs[i]
      }
      // With lopsided weights and members far apart, a central interval of the mixture need not
      // contain its mean (the combination's point forecast): then the averaged quantiles, which do.
      const lo = mixtureQuantile(pl, means, sds, weights, lows)
      const hi = mixtureQuantile(pu, means, sds, weights, highs)
      lower[k] = lo <= center ? lo : averageLow
      upper[k] = hi >= center ? hi : averageHigh
    }
    return {lower, upper}
  })
}
