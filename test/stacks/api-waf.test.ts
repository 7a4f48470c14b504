import assert from 'node:assert/strict'

import fc from 'fast-check'

import {greaterThanPattern} from '../../stacks/api-waf.js'

describe('WAF body size pattern', () => {
  it('matches exactly the Content-Length values above the limit', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 5_000_000}), fc.integer({min: 0, max: 20_000_000}), (limit, value) => {
        assert.equal(new RegExp(greaterThanPattern(limit)).test(String(value)), value > limit)
      }),
      {numRuns: 2000},
    )
  })

  it('handles the 1 MiB boundary, leading zeros and non-numbers', () => {
    const pattern = new RegExp(greaterThanPattern(1_048_576))
    assert.equal(pattern.test('1048576'), false)
    assert.equal(pattern.test('1048577'), true)
    assert.equal(pattern.test('0001048577'), true)
    assert.equal(pattern.test('999999999999'), true)
    assert.equal(pattern.test('12a'), false)
    assert.equal(pattern.test(''), false)
  })

  it('uses no capturing group (AWS WAF rejects them)', () => {
    assert.doesNotMatch(greaterThanPattern(1_048_576), /\((?!\?:)/)
  })
})
