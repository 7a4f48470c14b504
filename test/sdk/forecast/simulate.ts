/** Seeded series generators for the forecast tests. */
import {SeededRandom} from '../../../src/sdk/forecast/random.js'

/** y_t = level + noise, with the level following a random walk driven by alpha (ETS(A,N,N)). */
export function simulateLocalLevel(seed: number, n: number, alpha: number, sigma: number, level = 100): number[] {
  const rng = new SeededRandom(seed)
  const y: number[] = []
  let l = level
  for (let t = 0; t < n; t++) {
    const e = sigma * rng.normal()
    y.push(l + e)
    l += alpha * e
  }
  return y
}

/** Demand on a share `rate` of periods, of size 1 + Poisson-like extra units. */
export function simulateIntermittent(seed: number, n: number, rate: number, meanSize: number): number[] {
  const rng = new SeededRandom(seed)
  const y: number[] = []
  for (let t = 0; t < n; t++) {
    if (rng.next() < rate) {
      let size = 1
      while (rng.next() < 1 - 1 / meanSize) size++
      y.push(size)
    } else {
      y.push(0)
    }
  }
  return y
}
