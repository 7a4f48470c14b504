import assert from 'node:assert/strict'

import type {ForecastResult} from '../../../src/sdk/forecast/types.js'
import {forecastItems, modelAccuracy, parseForecastItem} from '../../../src/sdk/forecast-store/items.js'

const result: ForecastResult = {
  method: 'ets(A,N,A)',
  mean: [10.12345, 12, -0.5],
  intervals: [
    {level: 95, lower: [4, 5, -3], upper: [16, 19, 2]},
    {level: 80, lower: [6, 7, -2], upper: [14, 17, 1]},
  ],
}
const metrics = {n: 60, mape: null, smape: 23.456789, mase: 0.81234, bias: -0.25, coverage: {'80': 0.8, '95': 0.95}}

describe('forecast items', () => {
  const items = forecastItems({productId: 'COF-001', start: '2024-12-31', result, metrics, createdAt: '2024-12-30T10:00:00.000Z', ttl: 1_743_000_000})

  it('writes one FORECAST#<id> / DATE#<date> item per day of the horizon, dated from the start', () => {
    assert.equal(items.length, 3)
    assert.deepEqual(
      items.map((i) => [i.PK.S, i.SK.S, i.forecast_date.S, i.horizon_day.N]),
      [
        ['FORECAST#COF-001', 'DATE#2024-12-31', '2024-12-31', '1'],
        ['FORECAST#COF-001', 'DATE#2025-01-01', '2025-01-01', '2'],
        ['FORECAST#COF-001', 'DATE#2025-01-02', '2025-01-02', '3'],
      ],
    )
  })

  it('stores demand, the 95 % interval as confidence_interval, all levels, model, accuracy, created_at and ttl', () => {
    assert.deepEqual(items[0], {
      PK: {S: 'FORECAST#COF-001'},
      SK: {S: 'DATE#2024-12-31'},
      product_id: {S: 'COF-001'},
      forecast_date: {S: '2024-12-31'},
      horizon_day: {N: '1'},
      predicted_demand: {N: '10.123'},
      model: {S: 'ets(A,N,A)'},
      created_at: {S: '2024-12-30T10:00:00.000Z'},
      ttl: {N: '1743000000'},
      confidence_interval: {M: {lower: {N: '4'}, upper: {N: '16'}, level: {N: '95'}}},
      confidence_intervals: {
        L: [{M: {lower: {N: '6'}, upper: {N: '14'}, level: {N: '80'}}}, {M: {lower: {N: '4'}, upper: {N: '16'}, level: {N: '95'}}}],
      },
      model_accuracy: {N: '76.54'},
      model_metrics: {
        M: {n: {N: '60'}, smape: {N: '23.4568'}, mase: {N: '0.8123'}, mape: {NULL: true}, bias: {N: '-0.25'}, coverage: {M: {'80': {N: '0.8'}, '95': {N: '0.95'}}}},
      },
    })
  })

  it('never stores negative demand or bounds', () => {
    assert.deepEqual(items[2].predicted_demand, {N: '0'})
    assert.deepEqual(items[2].confidence_interval, {M: {lower: {N: '0'}, upper: {N: '2'}, level: {N: '95'}}})
  })

  it('leaves out accuracy fields when there was no backtest', () => {
    const [item] = forecastItems({productId: 'X', start: '2024-01-01', result, createdAt: 'now', ttl: 1})
    assert.equal(item.model_accuracy, undefined)
    assert.equal(item.model_metrics, undefined)
    assert.equal(modelAccuracy({n: 10, smape: 140, mase: 1, mape: null, bias: 0, coverage: {}}), 0)
  })

  it('reads back what it writes', () => {
    assert.deepEqual(parseForecastItem(items[1]), {
      product_id: 'COF-001',
      date: '2025-01-01',
      predicted_demand: 12,
      intervals: [
        {level: 80, lower: 7, upper: 17},
        {level: 95, lower: 5, upper: 19},
      ],
      model: 'ets(A,N,A)',
      model_accuracy: 76.54,
      metrics: {n: 60, smape: 23.4568, mase: 0.8123, mape: null, bias: -0.25, coverage: {'80': 0.8, '95': 0.95}},
      created_at: '2024-12-30T10:00:00.000Z',
      ttl: 1_743_000_000,
    })
  })

  it('reads an item written by other tools with only the single interval field', () => {
    const day = parseForecastItem({
      PK: {S: 'FORECAST#A'},
      SK: {S: 'DATE#2024-01-01'},
      predicted_demand: {N: '3'},
      confidence_interval: {M: {lower: {N: '1'}, upper: {N: '5'}, level: {N: '95'}}},
    })
    assert.deepEqual(day?.intervals, [{level: 95, lower: 1, upper: 5}])
    assert.equal(day?.product_id, 'A')
    assert.equal(parseForecastItem({PK: {S: 'SALES#A'}, SK: {S: 'DATE#2024-01-01'}}), undefined)
  })
})
