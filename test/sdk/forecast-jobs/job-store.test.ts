import assert from 'node:assert/strict'

import {DynamoDBClient, GetItemCommand, TransactionCanceledException, TransactWriteItemsCommand} from '@aws-sdk/client-dynamodb'

import {completeShard} from '../../../src/sdk/forecast-jobs/job-store.js'
import {mockedClient} from '../../helpers/mocked-client.js'

const canceled = (codes: string[]) => new TransactionCanceledException({message: 'canceled', $metadata: {}, CancellationReasons: codes.map((Code) => ({Code}))})

describe('forecast job store (mocked DynamoDB)', () => {
  const dynamo = mockedClient(DynamoDBClient)
  const client = new DynamoDBClient({region: 'us-east-1'})
  const outcome = {jobId: 'j', shard: 2, outcome: 'done' as const, productsDone: 5, productsFailed: 0, productsSkipped: 0, skipped: [], errors: []}
  beforeEach(() => {
    dynamo.reset()
    dynamo.on(GetItemCommand).resolves({Item: {job_id: {S: 'j'}, status: {S: 'running'}, shards_pending: {N: '1'}}})
  })

  it('retries a shard transaction that lost to another shard of the same job', async () => {
    dynamo.on(TransactWriteItemsCommand).rejectsOnce(canceled(['None', 'TransactionConflict'])).resolves({})
    assert.equal(await completeShard(client, 'dev', outcome), 'counted')
    const calls = dynamo.commandCalls(TransactWriteItemsCommand)
    assert.equal(calls.length, 2)
    const [marker, counters] = calls[0].args[0].input.TransactItems!
    assert.equal(marker.Put?.ConditionExpression, 'attribute_not_exists(PK)')
    assert.deepEqual(marker.Put?.Item?.SK, {S: 'SHARD#000002'})
    assert.match(counters.Update?.UpdateExpression ?? '', /^ADD shards_done :one, shards_pending :minus, products_done :done/)
    assert.deepEqual(calls[1].args[0].input, calls[0].args[0].input)
  })

  it('reports a shard whose marker exists as a duplicate without retrying', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(canceled(['ConditionalCheckFailed', 'None']))
    assert.equal(await completeShard(client, 'dev', outcome), 'duplicate')
    assert.equal(dynamo.commandCalls(TransactWriteItemsCommand).length, 1)
    assert.equal(dynamo.commandCalls(GetItemCommand).length, 0, 'a duplicate does not try to end the job')
  })
})
