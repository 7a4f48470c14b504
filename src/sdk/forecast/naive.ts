/** Naive and seasonal naive: the last value, or the value one season ago, carried forward. */
import {emptyBounds, normalBounds, type FittedMethod, type MethodForecast} from './model.js'
import {zFor} from './stats.js'

export function naivePredict(y: Float64Array, n: number, h: number, m: number, levels: readonly number[]): MethodForecast {
  const mean = new Float64Array(h)
  if (n === 0) return {label: 'none', mean, bounds: emptyBounds(h, levels)}
  const lag = m > 1 && n >= m ? m : 1
  for (let k = 0; k < h; k++) mean[k] = y[n - lag + (k % lag)]
  const label = lag > 1 ? 'snaive' : 'naive'
  if (levels.length === 0) return {label, mean, bounds: []}
  let ss = 0
  let cnt = 0
  for (let t = lag; t < n; t++) {
    const d = y[t] - y[t - lag]
    ss += d * d
    cnt++
  }
  const sigma = cnt > 0 ? Math.sqrt(ss / cnt) : 0
  const sd = new Float64Array(h)
  for (let k = 0; k < h; k++) sd[k] = sigma * Math.sqrt(Math.floor(k / lag) + 1)
  return {label, mean, bounds: normalBounds(mean, sd, levels, zFor), sigma}
}

export function naiveMethod(m: number): FittedMethod {
  return {
    label: m > 1 ? 'snaive' : 'naive',
    predict: (y, n, h, levels) => naivePredict(y, n, h, m, levels),
  }
}
