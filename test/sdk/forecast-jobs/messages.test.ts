import assert from 'node:assert/strict'

import {UsageError} from '../../../src/sdk/errors.js'
import {MAX_JOB_PRODUCTS, newJobMessage, parseForecastMessage} from '../../../src/sdk/forecast-jobs/messages.js'

describe('forecast queue messages', () => {
  it('parses a job and fills the default horizon', () => {
    const job = parseForecastMessage(JSON.stringify({type: 'forecast.generate', job_id: 'j-1', product_ids: 'all', requested_at: '2026-01-01T02:00:00Z', requested_by: 'schedule'}))
    assert.equal(job.type, 'forecast.generate')
    assert.equal(job.horizon_days, 30)
  })

  it('parses a shard', () => {
    const shard = parseForecastMessage(
      JSON.stringify({type: 'forecast.shard', job_id: 'j-1', shard: 2, shards: 3, product_ids: ['A'], horizon_days: 7, created_at: '2026-01-01T02:00:01.000Z'}),
    )
    assert.equal(shard.type, 'forecast.shard')
  })

  for (const [name, body, expected] of [
    ['not JSON', '{"type":', /not JSON/],
    ['an unknown type', JSON.stringify({type: 'forecast.delete', job_id: 'j'}), /type/],
    ['an empty product list', JSON.stringify({type: 'forecast.generate', job_id: 'j', product_ids: [], requested_at: 'x', requested_by: 'y'}), /product_ids/],
    ['a horizon past a year', JSON.stringify({type: 'forecast.generate', job_id: 'j', product_ids: 'all', horizon_days: 400, requested_at: 'x', requested_by: 'y'}), /horizon_days/],
    ['a job id with a slash', JSON.stringify({type: 'forecast.generate', job_id: 'a/b', product_ids: 'all', requested_at: 'x', requested_by: 'y'}), /job_id/],
    ['a shard without its clock', JSON.stringify({type: 'forecast.shard', job_id: 'j', shard: 1, shards: 1, product_ids: ['A'], horizon_days: 7}), /created_at/],
  ] as const) {
    it(`rejects ${name} with a usage error naming the field`, () => {
      assert.throws(
        () => parseForecastMessage(body),
        (error: unknown) => error instanceof UsageError && expected.test(error.message),
      )
    })
  }

  it('builds job messages with unique products and refuses more than the limit', () => {
    const job = newJobMessage({jobId: 'j', productIds: ['B', 'A', 'B'], requestedBy: 'cli', now: new Date('2026-01-01T00:00:00Z')})
    assert.deepEqual(job.product_ids, ['B', 'A'])
    assert.equal(job.requested_at, '2026-01-01T00:00:00.000Z')
    assert.throws(() => newJobMessage({jobId: 'j', productIds: Array.from({length: MAX_JOB_PRODUCTS + 1}, (_, i) => `P${i}`), requestedBy: 'cli'}))
  })
})
