import assert from 'node:assert/strict'

import {forecast} from '../../../src/sdk/forecast/index.js'
import {estimateIntermittent, isObsolete} from '../../../src/sdk/forecast/intermittent.js'
import {SeededRandom} from '../../../src/sdk/forecast/random.js'
import {simulateIntermittent} from './simulate.js'

/**
 * Demand on a share `rate` of periods, with sizes following a local level smoothed by `alpha`
 * (the model Croston's size smoothing assumes): the size at a demand is level + noise, and the
 * level moves by alpha times that noise.
 */
function plantedSizes(seed: number, n: number, rate: number, alpha: number): number[] {
  const rng = new SeededRandom(seed)
  let level = 40
  const y: number[] = []
  for (let t = 0; t < n; t++) {
    if (rng.next() < rate) {
      const e = 4 * rng.normal()
      y.push(Math.max(1, level + e))
      level = Math.max(10, level + alpha * e)
    } else {
      y.push(0)
    }
  }
  return y
}

describe('sdk/forecast intermittent demand: estimated smoothing, obsolescence, intervals', () => {
  for (const planted of [0.15, 0.3, 0.5]) {
    it(`recovers a planted size smoothing of ${planted} within 0.07 (Croston, SBA and TSB)`, () => {
      const y = plantedSizes(Math.round(planted * 100), 4000, 0.3, planted)
      for (const kind of ['croston', 'sba', 'tsb'] as const) {
        const {alpha} = estimateIntermittent(y, y.length, kind)
        assert.ok(Math.abs(alpha - planted) <= 0.07, `${kind}: estimated ${alpha.toFixed(3)} for ${planted}`)
      }
    })
  }

  it('estimates little smoothing of intervals and probability when demand occurs at a steady rate', () => {
    const y = simulateIntermittent(5, 3000, 0.25, 3)
    assert.ok(estimateIntermittent(y, y.length, 'croston').beta < 0.1)
    assert.ok(estimateIntermittent(y, y.length, 'tsb').beta < 0.1)
  })

  it('falls back to the fixed 0.1 with too few demands to estimate from', () => {
    assert.deepEqual(estimateIntermittent([0, 3, 0, 0, 2, 0], 6, 'sba'), {alpha: 0.1, beta: 0.1})
  })

  describe('a part that stops selling', () => {
    const living = simulateIntermittent(11, 700, 0.15, 2)
    const dead = [...living.slice(0, 520), ...new Array<number>(180).fill(0)]

    it('the obsolescence rule fires after a run of zeros longer than every earlier gap, not before', () => {
      assert.equal(isObsolete(dead, dead.length), true)
      assert.equal(isObsolete(living, living.length), false)
      // 20 days without a sale is within this part's usual gaps (its longest was 26 days).
      let last = 519
      while (dead[last] === 0) last--
      assert.equal(isObsolete(dead, last + 21), false)
      assert.equal(isObsolete(dead, last + 60), true)
    })

    it('gets a zero forecast from auto, while a living intermittent part does not', () => {
      const fcDead = forecast(dead, {horizon: 30, period: 7})
      assert.equal(fcDead.method, 'obsolete')
      assert.deepEqual(fcDead.mean, new Array(30).fill(0))
      // A revival stays possible: the upper bounds are not all zero.
      assert.ok(fcDead.intervals[1].upper.some((v) => v > 0))
      const fcLiving = forecast(living, {horizon: 30, period: 7})
      assert.match(fcLiving.method, /^(croston|sba|tsb)$/)
      assert.ok(fcLiving.mean.every((v) => v > 0.1))
    })

    it('Croston, SBA and TSB on their own still forecast demand for the dead part (TSB less)', () => {
      const croston = forecast(dead, {horizon: 1, method: 'croston'}).mean[0]
      const tsb = forecast(dead, {horizon: 1, method: 'tsb'}).mean[0]
      assert.ok(croston > 0.1)
      assert.ok(tsb < croston)
    })
  })

  it('Croston-family intervals widen with the horizon', () => {
    const y = simulateIntermittent(21, 400, 0.3, 4)
    for (const method of ['croston', 'sba', 'tsb'] as const) {
      const fc = forecast(y, {horizon: 28, method, levels: [80, 95]})
      for (const iv of fc.intervals) {
        assert.ok(iv.upper[27] > iv.upper[0], `${method} ${iv.level}: ${iv.upper[0]} -> ${iv.upper[27]}`)
        for (let k = 1; k < 28; k++) assert.ok(iv.upper[k] >= iv.upper[k - 1])
      }
    }
  })
})
