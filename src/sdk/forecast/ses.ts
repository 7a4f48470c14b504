/**
 * Simple exponential smoothing fitted by least squares (the maximum-likelihood fit of ETS(A,N,N)).
 * The one-step errors are linear in the initial level, so the initial level is solved in closed
 * form for each alpha and only alpha is searched: a one-dimensional search instead of a simplex.
 */
import {normalBounds, type FittedMethod, type MethodForecast} from './model.js'
import {zFor} from './stats.js'

export interface SesFit {
  alpha: number
  l0: number
  sse: number
}

const A_LO = 1e-4
const A_HI = 0.9999

/** SSE at the best initial level for this alpha; writes that level to out[0]. */
function profiledSse(x: ArrayLike<number>, n: number, alpha: number, out: Float64Array): number {
  const decay = 1 - alpha
  let l = 0
  let d = 1
  let a = 0
  let c = 0
  let sse0 = 0
  for (let t = 0; t < n; t++) {
    const e = x[t] - l
    sse0 += e * e
    a += e * d
    c += d * d
    l += alpha * e
    d *= decay
  }
  const l0 = c > 0 ? a / c : 0
  out[0] = l0
  return sse0 - (c > 0 ? (a * a) / c : 0)
}

export function fitSes(x: ArrayLike<number>, n: number): SesFit {
  const buf = new Float64Array(1)
  const grid = [A_LO, 0.01, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9, A_HI]
  let bi = 0
  let best = Infinity
  for (let i = 0; i < grid.length; i++) {
    const v = profiledSse(x, n, grid[i], buf)
    if (v < best) {
      best = v
      bi = i
    }
  }
  // Golden-section search inside the bracket around the best grid point.
  let lo = grid[Math.max(0, bi - 1)]
  let hi = grid[Math.min(grid.length - 1, bi + 1)]
  const g = (Math.sqrt(5) - 1) / 2
  let x1 = hi - g * (hi - lo)
  let x2 = lo + g * (hi - lo)
  let f1 = profiledSse(x, n, x1, buf)
  let f2 = profiledSse(x, n, x2, buf)
  for (let it = 0; it < 24 && hi - lo > 1e-5; it++) {
    if (f1 < f2) {
      hi = x2
      x2 = x1
      f2 = f1
      x1 = hi - g * (hi - lo)
      f1 = profiledSse(x, n, x1, buf)
    } else {
      lo = x1
      x1 = x2
      f1 = f2
      x2 = lo + g * (hi - lo)
      f2 = profiledSse(x, n, x2, buf)
    }
  }
  let alpha = f1 < f2 ? x1 : x2
  let sse = Math.min(f1, f2)
  if (best < sse) {
    alpha = grid[bi]
    sse = best
  }
  profiledSse(x, n, alpha, buf)
  return {alpha, l0: buf[0], sse: Math.max(0, sse)}
}

/** Level after running SES with fixed parameters over x[0..n); out = [level, sse]. */
export function sesRun(x: ArrayLike<number>, n: number, alpha: number, l0: number, out: Float64Array): void {
  let l = l0
  let sse = 0
  for (let t = 0; t < n; t++) {
    const e = x[t] - l
    sse += e * e
    l += alpha * e
  }
  out[0] = l
  out[1] = sse
}

export function sesMethod(y: Float64Array, n: number): FittedMethod {
  const fit = fitSes(y, n)
  return {
    label: 'ses',
    predict(yy, nn, h, levels): MethodForecast {
      const st = new Float64Array(2)
      sesRun(yy, nn, fit.alpha, fit.l0, st)
      const mean = new Float64Array(h).fill(st[0])
      if (levels.length === 0) return {label: 'ses', mean, bounds: []}
      if (nn < 4) return {label: 'ses', mean, bounds: levels.map(() => ({lower: mean.slice(), upper: mean.slice()}))}
      const sigma = Math.sqrt(st[1] / Math.max(1, nn - 3))
      const sd = new Float64Array(h)
      for (let k = 0; k < h; k++) sd[k] = sigma * Math.sqrt(1 + k * fit.alpha * fit.alpha)
      return {label: 'ses', mean, bounds: normalBounds(mean, sd, levels, zFor), sigma}
    },
  }
}
