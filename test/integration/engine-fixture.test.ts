import assert from 'node:assert/strict'

import {CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../../src/sdk/aws/target.js'
import {startTestEngine} from './dynamodb-local.js'

describe('integration test engine', function () {
  this.timeout(180_000)

  it('serves DynamoDB on loopback and is shared between callers', async () => {
    const first = await startTestEngine()
    const second = await startTestEngine()
    assert.equal(second.endpoint, first.endpoint)
    assert.match(first.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
    // -sharedDb: a table created under one access key and region is visible under another.
    const name = `fixture-shared-${process.pid}`
    const a = new DynamoDBClient({endpoint: first.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
    const b = new DynamoDBClient({endpoint: first.endpoint, region: 'eu-central-1', credentials: {accessKeyId: 'other', secretAccessKey: 'other'}})
    try {
      await a.send(new CreateTableCommand({TableName: name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}], KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}]}))
      const listed = await b.send(new ListTablesCommand({}))
      assert.ok(listed.TableNames?.includes(name))
    } finally {
      await a.send(new DeleteTableCommand({TableName: name})).catch(() => {})
      a.destroy()
      b.destroy()
    }
    await first.stop()
    const again = await startTestEngine()
    assert.equal(again.endpoint, first.endpoint)
  })
})
