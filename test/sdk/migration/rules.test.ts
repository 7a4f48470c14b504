import assert from 'node:assert/strict'

import {tableDefinition} from '../../../src/sdk/catalog/tables.js'
import {builtinKeyTransform, parseTableName} from '../../../src/sdk/migration/rules.js'

describe('legacy naming rules', () => {
  it('reads omnix-ai-{resource}-{env} names', () => {
    assert.deepEqual(parseTableName('omnix-ai-products-dev'), {kind: 'legacy', env: 'dev', targetId: 'products', resource: 'products', pattern: 'omnix-ai-{resource}-{env}'})
    assert.equal((parseTableName('omnix-ai-historical-data-dev') as {targetId: string}).targetId, 'forecasting')
    assert.equal((parseTableName('omnix-ai-forecasts-prod') as {targetId: string}).targetId, 'forecasting')
    assert.equal((parseTableName('omnix-ai-alerts-staging') as {targetId: string}).targetId, 'analytics')
  })

  it('recognises the catalog names omnix-ai-{env}-{resource} (kept)', () => {
    assert.deepEqual(parseTableName('omnix-ai-dev-users'), {kind: 'catalog', env: 'dev', targetId: 'users', pattern: 'omnix-ai-{env}-{resource}'})
    assert.equal(parseTableName('omnix-ai-prod-customer-profiles').kind, 'catalog')
  })

  it('reads CDK names in either env position, with CamelCase and generated suffixes', () => {
    assert.deepEqual(parseTableName('omnix-ai-cdk-dev-orders'), {kind: 'legacy', env: 'dev', targetId: 'orders', resource: 'orders', pattern: 'omnix-ai-cdk-*'})
    assert.equal((parseTableName('omnix-ai-cdk-CustomerProfilesTable-dev-1A2B3C4D5E6F') as {targetId: string}).targetId, 'customer-profiles')
    assert.equal(parseTableName('omnix-ai-cdk-sessions').kind, 'unassigned')
  })

  it('calls unknown platform names orphans and others foreign', () => {
    assert.equal(parseTableName('omnix-ai-widgets-dev').kind, 'orphan')
    assert.equal(parseTableName('omnix-ai-temp-test').kind, 'orphan')
    assert.equal(parseTableName('SalesData').kind, 'foreign')
  })

  it('converts the old forecasting keys to the single-table PK/SK', () => {
    const forecasting = tableDefinition('forecasting')
    assert.deepEqual(builtinKeyTransform(forecasting, [{name: 'product_id', type: 'S'}, {name: 'date', type: 'S'}]), [
      {prefix: {attribute: 'PK', prefix: 'SALES#', from: 'product_id'}},
      {prefix: {attribute: 'SK', prefix: 'DATE#', from: 'date'}},
    ])
    assert.deepEqual(builtinKeyTransform(forecasting, [{name: 'product_id', type: 'S'}, {name: 'forecast_date', type: 'S'}])?.[0], {
      prefix: {attribute: 'PK', prefix: 'FORECAST#', from: 'product_id'},
    })
    assert.deepEqual(builtinKeyTransform(tableDefinition('users'), [{name: 'id', type: 'S'}]), [])
    assert.equal(builtinKeyTransform(tableDefinition('users'), [{name: 'email', type: 'S'}]), undefined)
  })
})
