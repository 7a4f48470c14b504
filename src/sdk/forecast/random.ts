/**
 * Seeded pseudo-random numbers, so that simulated prediction intervals are identical for the
 * same input on every run and every machine.
 */
export class SeededRandom {
  private state: number
  private spare = Number.NaN

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Standard normal (Box-Muller, both values used). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare
      this.spare = Number.NaN
      return v
    }
    let u = 0
    while (u <= 1e-300) u = this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}
