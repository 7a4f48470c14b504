/** The standard normal distribution: CDF and its inverse, accurate to far better than inventory needs. */

import {normalQuantile} from '../forecast/stats.js'

/**
 * Inverse of the standard normal CDF, to turn a service level into its z value (95 % gives 1.6449).
 * The forecast engine's quantile (Wichura's AS 241) does the work; this adds the closed ends and
 * the range check inventory input needs.
 */
export function inverseNormal(p: number): number {
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`)
  return normalQuantile(p)
}

/** Complementary error function by a Chebyshev fit (fractional error below 1.2e-7 everywhere), ample for probabilities shown in percent. */
function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

/** P(Z <= x) for a standard normal Z (absolute error below 1e-7). */
export function normalCdf(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return 1
  if (x === Number.NEGATIVE_INFINITY) return 0
  return 0.5 * erfc(-x / Math.SQRT2)
}
