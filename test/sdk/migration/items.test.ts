import assert from 'node:assert/strict'

import {canonicalItem, decodeItem, encodeItem, type Item, itemSize, keyString, writeUnits} from '../../../src/sdk/migration/items.js'
import {DigestSum, itemDigest} from '../../../src/sdk/migration/verify.js'

const rich: Item = {
  id: {S: 'a'},
  big: {N: '12345678901234567890'},
  tiny: {N: '0.1000000000000000055511151231257827'},
  bin: {B: new Uint8Array([0, 255, 7])},
  ns: {NS: ['3', '1', '2']},
  bs: {BS: [new Uint8Array([2]), new Uint8Array([1])]},
  ss: {SS: ['b', 'a']},
  list: {L: [{NULL: true}, {BOOL: false}, {M: {z: {S: 'z'}, a: {N: '1'}}}]},
}

describe('item canonical form and digests', () => {
  it('does not depend on attribute, map key or set member order', () => {
    const shuffled: Item = {
      list: {L: [{NULL: true}, {BOOL: false}, {M: {a: {N: '1'}, z: {S: 'z'}}}]},
      ss: {SS: ['a', 'b']},
      bs: {BS: [new Uint8Array([1]), new Uint8Array([2])]},
      ns: {NS: ['2', '3', '1']},
      bin: {B: new Uint8Array([0, 255, 7])},
      tiny: {N: '0.1000000000000000055511151231257827'},
      big: {N: '12345678901234567890'},
      id: {S: 'a'},
    }
    assert.equal(canonicalItem(shuffled), canonicalItem(rich))
  })

  it('tells apart values that a DocumentClient would merge', () => {
    const rounded = {...rich, big: {N: '12345678901234567000'}}
    assert.notEqual(canonicalItem(rounded), canonicalItem(rich))
    assert.notEqual(canonicalItem({x: {S: '1'}}), canonicalItem({x: {N: '1'}}))
    assert.notEqual(canonicalItem({x: {L: [{S: 'a'}, {S: 'b'}]}}), canonicalItem({x: {L: [{S: 'b'}, {S: 'a'}]}}), 'list order matters')
  })

  it('checkpoint encoding keeps binary keys exact through JSON', () => {
    const back = decodeItem(JSON.parse(JSON.stringify(encodeItem(rich))))
    assert.equal(canonicalItem(back), canonicalItem(rich))
  })

  it('sums digests independently of order, and differently for different sets', () => {
    const a = [{id: {S: '1'}}, {id: {S: '2'}}, {id: {S: '3'}}].map(itemDigest)
    const s1 = new DigestSum()
    const s2 = new DigestSum()
    for (const d of a) s1.add(d)
    for (const d of [...a].reverse()) s2.add(d)
    assert.equal(s1.hex(), s2.hex())
    const s3 = new DigestSum()
    s3.add(a[0])
    s3.add(a[0])
    s3.add(a[2])
    assert.notEqual(s3.hex(), s1.hex(), 'a duplicate does not cancel out (unlike XOR)')
  })

  it('carries across 32-bit lanes', () => {
    const sum = new DigestSum()
    sum.add(Buffer.from('00000000000000000000000000000000000000000000000000000000ffffffff', 'hex'))
    sum.add(Buffer.from('0000000000000000000000000000000000000000000000000000000000000001', 'hex'))
    assert.equal(sum.hex(), '0000000000000000000000000000000000000000000000000000000100000000')
  })

  it('sizes items by names and values for capacity accounting', () => {
    assert.equal(itemSize({id: {S: 'abc'}}), 5)
    assert.equal(writeUnits({id: {S: 'x'.repeat(3000)}}), 3)
    assert.equal(writeUnits({id: {S: 'a'}}), 1)
    assert.equal(keyString({PK: {S: 'SALES#1'}, SK: {S: 'DATE#2024-01-01'}, q: {N: '1'}}, ['PK', 'SK']), 'PK=SALES#1,SK=DATE#2024-01-01')
  })
})
