import assert from 'node:assert/strict'

import {methodFamily, type ProductMetrics, summarizeAccuracy} from '../../../src/sdk/forecast-store/accuracy.js'

describe('accuracy summary', () => {
  const rows: ProductMetrics[] = [
    {product_id: 'A', model: 'ets(A,Ad,A)', n: 100, mase: 0.8, smape: 20, mape: 25, bias: 1, coverage: {'80': 0.8, '95': 0.9}},
    {product_id: 'B', model: 'ets(M,N,M)', n: 300, mase: 1.0, smape: 30, mape: null, bias: -1, coverage: {'80': 0.6, '95': 1}},
    {product_id: 'C', model: 'croston', n: 100, mase: null, smape: 150, mape: null, bias: 0, coverage: {'80': 1, '95': 1}},
    {product_id: 'D', model: 'theta', n: 0, mase: null, smape: null, mape: null, bias: null, coverage: {}},
  ]

  it('groups models into method families', () => {
    assert.equal(methodFamily('ets(A,Ad,M)'), 'ets')
    assert.equal(methodFamily('combo(ets(A,N,A),theta)'), 'combo')
    assert.equal(methodFamily('TSB'), 'tsb')
  })

  it('averages per product, skips undefined metrics and pools coverage over backtest points', () => {
    const summary = summarizeAccuracy(rows)
    assert.equal(summary.overall.products, 3)
    assert.equal(summary.overall.mase, 0.9)
    assert.equal(summary.overall.smape, 66.6667)
    assert.equal(summary.overall.mape, 25)
    assert.equal(summary.overall.bias, 0)
    // 80 %: (0.8·100 + 0.6·300 + 1·100) / 500 = 0.72; 95 %: (90 + 300 + 100) / 500 = 0.98.
    assert.deepEqual(summary.overall.coverage, {'80': 0.72, '95': 0.98})
    assert.deepEqual(
      summary.by_method.map((m) => [m.method, m.products, m.mase]),
      [
        ['ets', 2, 0.9],
        ['croston', 1, null],
      ],
    )
    assert.deepEqual(summary.by_method[0].coverage, {'80': 0.65, '95': 0.975})
  })
})
