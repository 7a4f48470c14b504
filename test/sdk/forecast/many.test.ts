import assert from 'node:assert/strict'

import {forecastMany, type SeriesInput} from '../../../src/sdk/forecast/index.js'
import {simulateIntermittent, simulateLocalLevel} from './simulate.js'

function items(): SeriesInput[] {
  const out: SeriesInput[] = []
  for (let i = 0; i < 12; i++) {
    const kind = i % 4
    const series =
      kind === 0
        ? simulateLocalLevel(i, 70, 0.2, 3).map((v, t) => Math.max(0, Math.round(v * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 7)))))
        : kind === 1
          ? simulateIntermittent(i, 70, 0.2, 2)
          : kind === 2
            ? Array.from({length: 5 + i}, (_, t) => (t * 3) % 7)
            : []
    out.push({id: `P${i}`, series})
  }
  return out
}

describe('sdk/forecast forecastMany', () => {
  it('gives the same results on 2 worker threads as on the calling thread, in input order', async () => {
    const input = items()
    const options = {horizon: 7, period: 7, backtest: true}
    const single = await forecastMany(input, options, {workers: 1})
    const progress: number[] = []
    const threaded = await forecastMany(input, options, {workers: 2, onProgress: (done, total) => progress.push(done / total)})
    assert.deepEqual(threaded, single)
    assert.deepEqual(threaded.map((r) => r.id), input.map((r) => r.id))
    assert.ok(single.every((r) => r.error === undefined && r.result.mean.length === 7 && r.backtest !== undefined))
    assert.equal(progress.at(-1), 1)
    assert.deepEqual([...progress].sort((a, b) => a - b), progress)
  })

  it('reports a bad series as an error on that item and forecasts the rest', async () => {
    const input = [
      {id: 'good', series: [1, 2, 3, 4]},
      {id: 'bad', series: [1, Number.NaN, 3]},
      {id: 'also-good', series: [5]},
    ]
    for (const workers of [1, 2]) {
      const out = await forecastMany(input, {horizon: 2, method: 'naive'}, {workers})
      assert.deepEqual(out.map((r) => r.id), ['good', 'bad', 'also-good'])
      assert.deepEqual(out[0].result.mean, [4, 4])
      assert.match(out[1].error ?? '', /index 1/)
      assert.deepEqual(out[1].result, {method: 'none', mean: [], intervals: []})
      assert.deepEqual(out[2].result.mean, [5, 5])
    }
  })

  it('returns an empty list for no items and validates options up front', async () => {
    assert.deepEqual(await forecastMany([], {horizon: 3}), [])
    await assert.rejects(forecastMany([{id: 'x', series: [1]}], {horizon: -2}), /horizon/)
  })
})
