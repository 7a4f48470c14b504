import assert from 'node:assert/strict'

import {Match} from 'aws-cdk-lib/assertions'

import {TABLES, tableName} from '../../src/sdk/catalog/index.js'
import {resourcesOf, type SynthesizedPlatform, synthesizedBefore} from './synthesized-platform.js'

type TableResource = {Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string}

function tablesByName(platform: SynthesizedPlatform): Map<string, TableResource> {
  const tables = resourcesOf(platform.templates.data, 'AWS::DynamoDB::Table') as Record<string, TableResource>
  return new Map(Object.values(tables).map((t) => [t.Properties.TableName as string, t]))
}

const keySchema = (pk: string, sk?: string) => [
  {AttributeName: pk, KeyType: 'HASH'},
  ...(sk ? [{AttributeName: sk, KeyType: 'RANGE'}] : []),
]

describe('data stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const platform = () => synthesized(env)

      it('declares exactly the nine catalog tables, named omnix-ai-{env}-{table}', () => {
        const names = [...tablesByName(platform()).keys()].sort()
        assert.deepEqual(names, TABLES.map((t) => tableName(env, t.id)).sort())
        assert.equal(names.length, 9)
      })

      it('gives every table its catalog keys, GSIs and TTL, on-demand and KMS-encrypted', () => {
        const tables = tablesByName(platform())
        for (const def of TABLES) {
          const table = tables.get(tableName(env, def.id))!.Properties
          assert.deepEqual(table.KeySchema, keySchema(def.partitionKey.name, def.sortKey?.name), def.id)
          assert.equal(table.BillingMode, 'PAY_PER_REQUEST', def.id)
          const indexes = (table.GlobalSecondaryIndexes ?? []).map((g: any) => ({name: g.IndexName, keys: g.KeySchema}))
          assert.deepEqual(
            indexes,
            def.globalIndexes.map((g) => ({name: g.name, keys: keySchema(g.partitionKey.name, g.sortKey?.name)})),
            def.id,
          )
          if (def.ttlAttribute) assert.deepEqual(table.TimeToLiveSpecification, {AttributeName: def.ttlAttribute, Enabled: true}, def.id)
          else assert.equal(table.TimeToLiveSpecification, undefined, def.id)
          assert.equal(table.SSESpecification.SSEEnabled, true, def.id)
          assert.equal(table.SSESpecification.SSEType, 'KMS', def.id)
          assert.ok(table.SSESpecification.KMSMasterKeyId['Fn::ImportValue'], `${def.id} uses the security stack's key`)
        }
      })

      it('has the platform-specific keys and indexes the API relies on', () => {
        const tables = tablesByName(platform())
        const products = tables.get(`omnix-ai-${env}-products`)!.Properties
        assert.deepEqual(
          products.GlobalSecondaryIndexes.map((g: any) => g.IndexName),
          ['category-index', 'sku-index'],
        )
        const forecasting = tables.get(`omnix-ai-${env}-forecasting`)!.Properties
        assert.deepEqual(forecasting.KeySchema, keySchema('PK', 'SK'))
        assert.equal(forecasting.GlobalSecondaryIndexes[0].IndexName, 'forecast-date-index')
        assert.equal(forecasting.TimeToLiveSpecification.AttributeName, 'ttl')
        assert.equal(tables.get(`omnix-ai-${env}-sessions`)!.Properties.TimeToLiveSpecification.AttributeName, 'expires_at')
        assert.deepEqual(tables.get(`omnix-ai-${env}-recommendations`)!.Properties.KeySchema, keySchema('customer_id', 'product_id'))
      })

      it('outputs every table name', () => {
        const outputs = platform().templates.data.findOutputs('*', {Value: Match.objectLike({Ref: Match.anyValue()})})
        const names = Object.keys(outputs).filter((k) => k.endsWith('TableName'))
        assert.equal(names.length, 9)
        assert.ok(names.includes('CustomerProfilesTableName'))
      })
    })
  }

  it('enables point-in-time recovery only in prod', () => {
    for (const table of tablesByName(synthesized('prod')).values()) {
      assert.deepEqual(table.Properties.PointInTimeRecoverySpecification, {PointInTimeRecoveryEnabled: true})
    }
    for (const table of tablesByName(synthesized('dev')).values()) {
      assert.notEqual(table.Properties.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled, true)
    }
  })

  it('retains tables (and protects them from deletion) in prod, destroys them in dev', () => {
    for (const table of tablesByName(synthesized('prod')).values()) {
      assert.equal(table.DeletionPolicy, 'Retain')
      assert.equal(table.UpdateReplacePolicy, 'Retain')
      assert.equal(table.Properties.DeletionProtectionEnabled, true)
    }
    for (const table of tablesByName(synthesized('dev')).values()) {
      assert.equal(table.DeletionPolicy, 'Delete')
      assert.notEqual(table.Properties.DeletionProtectionEnabled, true)
    }
  })
})
