import assert from 'node:assert/strict'

import {GetParametersCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'

import {TABLES} from '../../../src/sdk/catalog/tables.js'
import {writeCutoverParameters} from '../../../src/sdk/migration/cutover.js'
import {mockedClient} from '../../helpers/mocked-client.js'

describe('cut-over parameters', () => {
  const ssm = mockedClient(SSMClient)
  afterEach(() => ssm.reset())

  it('writes each catalog table name into its SSM parameter, skipping those already right', async () => {
    ssm.on(GetParametersCommand).callsFake(({Names}: {Names: string[]}) => ({
      Parameters: Names.filter((n) => n.endsWith('/users') || n.endsWith('/products')).map((n) => ({
        Name: n,
        Value: n.endsWith('/users') ? 'omnix-ai-prod-users' : 'omnix-ai-products-prod',
      })),
      InvalidParameters: [],
    }))
    ssm.on(PutParameterCommand).resolves({Version: 2})
    const result = await writeCutoverParameters(new SSMClient({}), 'prod')
    assert.equal(result.length, TABLES.length)
    const products = result.find((p) => p.name === '/omnix-ai/prod/database/tables/products')
    assert.deepEqual(products, {name: '/omnix-ai/prod/database/tables/products', value: 'omnix-ai-prod-products', previous: 'omnix-ai-products-prod', changed: true})
    assert.equal(result.find((p) => p.name.endsWith('/users'))?.changed, false)
    const puts = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input)
    assert.equal(puts.length, TABLES.length - 1)
    assert.deepEqual(puts.find((p) => p.Name === '/omnix-ai/prod/database/tables/forecasting'), {
      Name: '/omnix-ai/prod/database/tables/forecasting',
      Value: 'omnix-ai-prod-forecasting',
      Type: 'String',
      Overwrite: true,
      Description: 'DynamoDB table name (written by omnix migrate-tables)',
    })
    assert.ok(ssm.commandCalls(GetParametersCommand).every((c) => (c.args[0].input.Names ?? []).length <= 10))
  })

  it('writes nothing on a dry run', async () => {
    ssm.on(GetParametersCommand).resolves({Parameters: []})
    const result = await writeCutoverParameters(new SSMClient({}), 'dev', {dryRun: true})
    assert.ok(result.every((p) => p.changed))
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 0)
  })
})
