import assert from 'node:assert/strict'

import {mixtureBounds, mixtureQuantile, normalCdf} from '../../../src/sdk/forecast/mixture.js'
import {normalBounds, type MethodForecast} from '../../../src/sdk/forecast/model.js'
import {zFor} from '../../../src/sdk/forecast/stats.js'

function normalForecast(mean: number, sd: number, levels: number[]): MethodForecast {
  const m = Float64Array.of(mean, mean)
  return {label: 'n', mean: m, bounds: normalBounds(m, Float64Array.of(sd, sd), levels, zFor)}
}

const near = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) < tol, `${a} is not ${b} ± ${tol}`)

describe('sdk/forecast mixture intervals of combinations', () => {
  it('computes the normal distribution function', () => {
    near(normalCdf(0), 0.5, 1e-9)
    near(normalCdf(1.959963985), 0.975, 1e-6)
    near(normalCdf(-1.281551566), 0.1, 1e-6)
  })

  it('gives the components\' quantile when the two forecasts agree', () => {
    const q = 5 + 2 * zFor(95) / 1
    near(mixtureQuantile(0.975, [5, 5], [2, 2], [0.5, 0.5], [q, q]), q, 1e-12)
    const [b] = mixtureBounds([normalForecast(5, 2, [95]), normalForecast(5, 2, [95])], [0.5, 0.5], [95])
    near(b.upper[0], 5 + 2 * zFor(95), 1e-6)
    near(b.lower[1], 5 - 2 * zFor(95), 1e-6)
  })

  it('recovers known quantiles of normal mixtures', () => {
    // 0.5·N(0, 1) + 0.5·N(0, 4): its 97.5 % point is 3.2991, beyond the averaged quantiles' 2.94.
    const [wide] = mixtureBounds([normalForecast(0, 1, [95]), normalForecast(0, 2, [95])], [0.5, 0.5], [95])
    near(wide.upper[0], 3.2991469, 1e-4)
    near(wide.lower[0], -3.2991469, 1e-4)
    // 0.5·N(0, 1) + 0.5·N(2, 1): 2.5 % and 97.5 % points -1.6461 and 3.6461 (averaging gives -0.96, 2.96).
    const [apart] = mixtureBounds([normalForecast(0, 1, [95]), normalForecast(2, 1, [95])], [0.5, 0.5], [95])
    near(apart.lower[0], -1.6461455, 1e-4)
    near(apart.upper[0], 3.6461455, 1e-4)
  })

  it('widens the tails more than the middle of the distribution', () => {
    // Same centre, spreads 1 and 2: the 80 % interval stays near the averaged one (1.92), the 95 % does not.
    const [i80, i95] = mixtureBounds([normalForecast(0, 1, [80, 95]), normalForecast(0, 2, [80, 95])], [0.5, 0.5], [80, 95])
    near(i80.upper[0], 1.8988207, 1e-4)
    assert.ok(i95.upper[0] > 1.1 * 1.5 * zFor(95))
  })

  it('weights the components: a member with all the weight gives its own interval', () => {
    const [all] = mixtureBounds([normalForecast(0, 1, [95]), normalForecast(10, 5, [95])], [1, 0], [95])
    near(all.upper[0], zFor(95), 1e-6)
    // 0.8·N(0, 1) + 0.2·N(0, 3): its 97.5 % point is 3.4665 (the weighted quantiles give 2.74).
    const [mostly] = mixtureBounds([normalForecast(0, 1, [95]), normalForecast(0, 3, [95])], [0.8, 0.2], [95])
    near(mostly.upper[0], 3.4664644, 1e-4)
    near(mostly.lower[0], -3.4664644, 1e-4)
  })

  it('keeps the combination\'s point forecast inside its interval when the weights are lopsided', () => {
    // 0.95·N(0, 1) + 0.05·N(100, 1): mean 5, but the mixture's 80 % interval is about [-1.9, 2.5].
    const [b] = mixtureBounds([normalForecast(0, 1, [80]), normalForecast(100, 1, [80])], [0.95, 0.05], [80])
    assert.ok(b.lower[0] <= 5 && b.upper[0] >= 5, `${b.lower[0]}..${b.upper[0]}`)
  })

  it('falls back to averaging when a forecast has no spread', () => {
    const [b] = mixtureBounds([normalForecast(0, 0, [95]), normalForecast(2, 1, [95])], [0.5, 0.5], [95])
    near(b.upper[0], (0 + 2 + zFor(95)) / 2, 1e-12)
  })
})
