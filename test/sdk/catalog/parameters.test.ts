import assert from 'node:assert/strict'

import {
  isSensitiveParameter,
  lastDrillParameterName,
  PARAMETER_SPECS,
  PARAMETERS,
  parameterPath,
  parameterSpec,
  platformKeyAlias,
  TABLE_IDS,
  tableParameterName,
} from '../../../src/sdk/catalog/index.js'
import {cutoverParameters} from '../../../src/sdk/migration/cutover.js'

describe('catalog parameter list', () => {
  it('declares every parameter once, the stack-created ones exactly PARAMETERS', () => {
    const paths = PARAMETER_SPECS.map((p) => p.path)
    assert.equal(new Set(paths).size, paths.length)
    assert.deepEqual(
      PARAMETER_SPECS.filter((p) => p.owner === 'stack').map((p) => p.path),
      [...PARAMETERS],
    )
    assert.deepEqual([...PARAMETERS], ['database/endpoint', 'api/cors-origins', 'bedrock/model-id', 'monitoring/log-level'])
  })

  it('declares the cut-over parameters of every catalog table and the last drill result', () => {
    for (const id of TABLE_IDS) assert.equal(parameterSpec(`database/tables/${id}`)?.owner, 'omnix', id)
    assert.ok(parameterSpec('backup/last-drill'))
    assert.equal(lastDrillParameterName('prod'), '/omnix-ai/prod/backup/last-drill')
    // The migration writes exactly the declared names.
    for (const {name} of cutoverParameters('prod')) {
      const path = parameterPath('prod', name)
      assert.ok(path && parameterSpec(path), `${name} is not declared`)
    }
    assert.equal(tableParameterName('dev', 'products'), '/omnix-ai/dev/database/tables/products')
  })

  it('decides sensitivity in the catalog: declared flag first, then credential-like names', () => {
    assert.equal(isSensitiveParameter('api/cors-origins'), false)
    assert.equal(isSensitiveParameter('database/tables/users'), false)
    assert.equal(isSensitiveParameter('integrations/webhook-token'), true)
    assert.equal(isSensitiveParameter('partner/api-key'), true)
    assert.equal(isSensitiveParameter('database/password'), true)
    assert.equal(isSensitiveParameter('ui/monkey-count'), false)
    assert.equal(platformKeyAlias('prod'), 'alias/omnix-ai-prod')
  })

  it('validates values where the catalog knows the shape', () => {
    assert.match(parameterSpec('monitoring/log-level')!.validate!('LOUD', 'dev')!, /one of DEBUG, INFO/)
    assert.equal(parameterSpec('monitoring/log-level')!.validate!('WARN', 'dev'), undefined)
    assert.match(parameterSpec('api/cors-origins')!.validate!('https://a.example, *', 'prod')!, /never accepts/)
    assert.match(parameterSpec('database/tables/users')!.validate!('bad name!', 'dev')!, /table name/)
  })

  it('maps full names back to env paths', () => {
    assert.equal(parameterPath('dev', '/omnix-ai/dev/api/cors-origins'), 'api/cors-origins')
    assert.equal(parameterPath('dev', '/omnix-ai/prod/api/cors-origins'), undefined)
  })
})
