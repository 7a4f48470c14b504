import assert from 'node:assert/strict'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {loadMapping, MappingError, parseMapping} from '../../../src/sdk/migration/mapping.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'migrate')

async function mappingError(text: string): Promise<MappingError> {
  try {
    await parseMapping(text, 'm.yaml')
  } catch (error) {
    assert.ok(error instanceof MappingError, `a MappingError, got ${error}`)
    return error
  }
  throw new Error('parsed without error')
}

describe('mapping file', () => {
  it('parses sources, targets, skips and transforms', async () => {
    const mapping = await loadMapping(join(fixtures, 'mapping.yaml'))
    assert.equal(mapping.builtinRules, true)
    assert.equal(mapping.entries.length, 2)
    const [sales, skipped] = mapping.entries
    assert.equal(sales.target, 'forecasting')
    assert.equal(sales.line, 4)
    assert.deepEqual(sales.transforms, [
      {prefix: {attribute: 'PK', prefix: 'SALES#', from: 'product_id'}},
      {prefix: {attribute: 'SK', prefix: 'DATE#', from: 'date'}},
      {rename: {from: 'qty', to: 'quantity_sold'}},
      {drop: ['legacy_flag']},
      {default: {attribute: 'currency', value: {S: 'EUR'}}},
    ])
    assert.equal(skipped.skip, 'scratch table from a load test')
  })

  it('names the line and field of an unknown target', async () => {
    await assert.rejects(loadMapping(join(fixtures, 'corrupt-target.yaml')), (error: MappingError) => {
      assert.equal(error.line, 6)
      assert.equal(error.field, 'tables[1].target')
      assert.match(error.message, /corrupt-target\.yaml:6: tables\[1\]\.target: one of the catalog tables: users, products/)
      assert.equal(error.exitCode, 2)
      return true
    })
  })

  it('names the line and field of a misspelt transform key', async () => {
    await assert.rejects(loadMapping(join(fixtures, 'corrupt-transform.yaml')), (error: MappingError) => {
      assert.equal(error.line, 7)
      assert.equal(error.field, 'tables[0].transforms[1].prefix.prefx')
      assert.match(error.message, /unknown key "prefx"/)
      return true
    })
  })

  it('reports YAML syntax errors with their line', async () => {
    await assert.rejects(loadMapping(join(fixtures, 'corrupt-syntax.yaml')), (error: MappingError) => {
      assert.ok(error.line !== undefined && error.line >= 4 && error.line <= 5, `line ${error.line}`)
      assert.match(error.message, /invalid YAML/)
      return true
    })
  })

  it('asks for exact numbers and for either target or skip', async () => {
    const n = await mappingError('tables:\n  - source: abc\n    target: users\n    transforms:\n      - default: {attribute: qty, value: 12345678901234567890}\n')
    assert.equal(n.field, 'tables[0].transforms[0].default.value')
    assert.equal(n.line, 5)
    assert.match(n.message, /write numbers as \{N: "/)
    const neither = await mappingError('tables:\n  - source: abc\n')
    assert.match(neither.message, /m\.yaml:2: tables\[0\]\.target: give either target/)
    const two = await mappingError('tables:\n  - source: abc\n    target: users\n  - source: abc\n    skip: dup\n')
    assert.match(two.message, /m\.yaml:4: tables\[1\]\.source: "abc" is already mapped on line 2/)
    const many = await mappingError('tables:\n  - source: abc\n    target: users\n    transforms:\n      - {drop: [a], rename: {from: a, to: b}}\n')
    assert.match(many.message, /m\.yaml:5: tables\[0\]\.transforms\[0\]: a transform has exactly one of/)
    const top = await mappingError('version: 2\ntables: []\n')
    assert.match(top.message, /m\.yaml:1: version/)
  })
})
