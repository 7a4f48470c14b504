import assert from 'node:assert/strict'

import {compileTransforms, describeTransforms, guaranteedAttributes, TransformError, type TransformSpec} from '../../../src/sdk/migration/transforms.js'

describe('declarative transforms', () => {
  const specs: TransformSpec[] = [
    {prefix: {attribute: 'PK', prefix: 'SALES#', from: 'product_id'}},
    {prefix: {attribute: 'SK', prefix: 'DATE#', from: 'date'}},
    {rename: {from: 'qty', to: 'quantity_sold'}},
    {drop: ['legacy']},
    {default: {attribute: 'currency', value: {S: 'EUR'}}},
  ]

  it('applies rename, prefix, drop and default in order without touching the input', () => {
    const input = {product_id: {S: 'COF-001'}, date: {S: '2024-01-31'}, qty: {N: '12345678901234567890'}, legacy: {BOOL: true}}
    const out = compileTransforms(specs)(input)
    assert.deepEqual(out, {
      product_id: {S: 'COF-001'},
      date: {S: '2024-01-31'},
      PK: {S: 'SALES#COF-001'},
      SK: {S: 'DATE#2024-01-31'},
      quantity_sold: {N: '12345678901234567890'},
      currency: {S: 'EUR'},
    })
    assert.ok('qty' in input && 'legacy' in input, 'input unchanged')
  })

  it('default keeps a value that is there; prefix takes numbers as text', () => {
    const f = compileTransforms([{default: {attribute: 'currency', value: {S: 'EUR'}}}, {prefix: {attribute: 'PK', prefix: 'ALERT#', from: 'id'}}])
    assert.deepEqual(f({id: {N: '42'}, currency: {S: 'USD'}}), {id: {N: '42'}, currency: {S: 'USD'}, PK: {S: 'ALERT#42'}})
  })

  it('refuses an item missing the attribute a prefix needs, naming it', () => {
    assert.throws(() => compileTransforms(specs)({date: {S: 'x'}}), (e: unknown) => e instanceof TransformError && e.attribute === 'product_id')
  })

  it('knows which attributes are certainly there afterwards', () => {
    const present = guaranteedAttributes(['product_id', 'date'], specs)
    assert.ok(present.has('PK') && present.has('SK') && present.has('currency'))
    assert.ok(!guaranteedAttributes(['id'], specs).has('PK'))
    assert.ok(!guaranteedAttributes(['a'], [{rename: {from: 'a', to: 'b'}}]).has('a'))
  })

  it('describes transforms in words for the plan', () => {
    assert.deepEqual(describeTransforms(specs.slice(0, 2)), ['PK = "SALES#" + product_id', 'SK = "DATE#" + date'])
  })
})
