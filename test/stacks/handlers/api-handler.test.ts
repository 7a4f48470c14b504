import assert from 'node:assert/strict'

import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb'
import {SendMessageCommand, SQSClient} from '@aws-sdk/client-sqs'

import {HANDLED_ROUTES, handler} from '../../../src/lambda/api.js'
import type {RestApiEvent} from '../../../src/lambda/api-gateway-event.js'
import {API_ROUTES, MAX_BODY_BYTES, routeKey} from '../../../src/lambda/api-routes.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {mockedClient} from '../../helpers/mocked-client.js'

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/omnix-ai-dev-forecasting-queue'

function event(method: string, resource: string, extra: Partial<RestApiEvent> = {}): RestApiEvent {
  return {httpMethod: method, resource, requestContext: {requestId: 'req-1', authorizer: {principalId: 'user-7'}}, ...extra}
}

describe('REST API handler', () => {
  const dynamo = mockedClient(DynamoDBClient)
  const sqs = mockedClient(SQSClient)
  let logs: string[]
  let restoreSink: (line: string) => void
  beforeEach(() => {
    dynamo.reset()
    sqs.reset()
    process.env.OMNIX_ENV = 'dev'
    process.env.FORECASTING_QUEUE_URL = QUEUE_URL
    logs = []
    restoreSink = setLogSink((line) => logs.push(line))
  })
  afterEach(() => {
    setLogSink(restoreSink)
    delete process.env.OMNIX_ENV
    delete process.env.FORECASTING_QUEUE_URL
  })

  it('serves exactly the routes the API stack wires to it', () => {
    const wired = API_ROUTES.filter((r) => r.handler === 'api').map((r) => routeKey(r.method, r.path))
    assert.deepEqual([...HANDLED_ROUTES].sort(), wired.sort())
  })

  it('creates a product only if its id is new, in the env table', async () => {
    dynamo.on(PutItemCommand).resolves({})
    const response = await handler(event('POST', '/v1/products', {body: JSON.stringify({id: 'COF-001', name: 'Coffee', price: 4.5})}))
    assert.equal(response.statusCode, 201)
    const [call] = dynamo.commandCalls(PutItemCommand)
    assert.equal(call.args[0].input.TableName, 'omnix-ai-dev-products')
    assert.equal(call.args[0].input.ConditionExpression, 'attribute_not_exists(id)')
    assert.deepEqual(call.args[0].input.Item?.price, {N: '4.5'})
    assert.ok(logs.some((l) => l.includes('"ProductsCreated":1')), 'business metric emitted')
  })

  it('answers 409 for an existing product and 400 naming an unknown field', async () => {
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({message: 'exists', $metadata: {}}))
    const conflict = await handler(event('POST', '/v1/products', {body: JSON.stringify({id: 'COF-001', name: 'Coffee'})}))
    assert.equal(conflict.statusCode, 409)
    const bad = await handler(event('POST', '/v1/products', {body: JSON.stringify({name: 'Coffee', colour: 'brown'})}))
    assert.equal(bad.statusCode, 400)
    assert.match(JSON.parse(bad.body).error.message, /unknown product field colour/)
  })

  it('stores uploaded sales as the SDK SALES#/DATE# items and reports bad lines', async () => {
    dynamo.on(BatchWriteItemCommand).resolves({})
    const csv = [
      'product_id,date,quantity_sold,revenue,price',
      'COF-001,2026-01-15,12,54.00,4.5',
      'COF-001,2026-02-30,1,1,1',
      'TEA-9,2026-01-15,-1,0,2',
      'COF-001,2026-01-15,13,58.5,4.5',
    ].join('\n')
    const response = await handler(event('POST', '/v1/sales-data/upload', {body: csv, headers: {'content-type': 'text/csv'}}))
    assert.equal(response.statusCode, 200)
    const body = JSON.parse(response.body)
    assert.equal(body.written, 1)
    assert.equal(body.duplicates, 1, 'the later row for the same product and day wins')
    assert.equal(body.rejected, 2)
    assert.deepEqual(
      body.errors.map((e: {line: number}) => e.line),
      [3, 4],
    )
    const [call] = dynamo.commandCalls(BatchWriteItemCommand)
    const requests = call.args[0].input.RequestItems!['omnix-ai-dev-forecasting']
    assert.equal(requests.length, 1)
    const item = requests[0].PutRequest!.Item!
    assert.deepEqual(item.PK, {S: 'SALES#COF-001'})
    assert.deepEqual(item.SK, {S: 'DATE#2026-01-15'})
    assert.deepEqual(item.quantity_sold, {N: '13'})
  })

  it('answers 400 naming the problem when the CSV header is wrong, writing nothing', async () => {
    const response = await handler(event('POST', '/v1/sales-data/upload', {body: 'product,day\nA,2026-01-01\n'}))
    assert.equal(response.statusCode, 400)
    assert.match(JSON.parse(response.body).error.message, /header/)
    assert.equal(dynamo.commandCalls(BatchWriteItemCommand).length, 0)
  })

  it('queues a forecast job on the forecasting queue and answers 202', async () => {
    sqs.on(SendMessageCommand).resolves({MessageId: 'm-1'})
    const response = await handler(event('POST', '/v1/forecasts/generate', {body: JSON.stringify({product_ids: ['COF-001'], horizon_days: 14})}))
    assert.equal(response.statusCode, 202)
    const [call] = sqs.commandCalls(SendMessageCommand)
    assert.equal(call.args[0].input.QueueUrl, QUEUE_URL)
    const message = JSON.parse(call.args[0].input.MessageBody!)
    assert.equal(message.type, 'forecast.generate')
    assert.deepEqual(message.product_ids, ['COF-001'])
    assert.equal(message.horizon_days, 14)
    assert.equal(message.requested_by, 'user-7')
    assert.deepEqual(Object.keys(message).sort(), ['horizon_days', 'job_id', 'product_ids', 'requested_at', 'requested_by', 'type'])
    const body = JSON.parse(response.body)
    assert.equal(body.job_id, message.job_id)
    assert.equal(body.status_url, `/v1/forecasts/jobs/${message.job_id}`)
  })

  it('returns a job item at GET /v1/forecasts/jobs/{job_id} and 404 for an unknown job', async () => {
    dynamo.on(GetItemCommand, {Key: {PK: {S: 'JOB#j-1'}, SK: {S: 'STATUS'}}}).resolves({
      Item: {job_id: {S: 'j-1'}, status: {S: 'running'}, shards_total: {N: '3'}, shards_done: {N: '1'}, products_done: {N: '200'}, failed_shards: {NS: ['2']}},
    })
    dynamo.on(GetItemCommand, {Key: {PK: {S: 'JOB#nope'}, SK: {S: 'STATUS'}}}).resolves({})
    const found = await handler(event('GET', '/v1/forecasts/jobs/{job_id}', {pathParameters: {job_id: 'j-1'}}))
    assert.equal(found.statusCode, 200)
    const job = JSON.parse(found.body)
    assert.deepEqual([job.job_id, job.status, job.shards_total, job.shards_done, job.products_done, job.failed_shards], ['j-1', 'running', 3, 1, 200, [2]])
    assert.equal(dynamo.commandCalls(GetItemCommand)[0].args[0].input.TableName, 'omnix-ai-dev-forecasting')
    const missing = await handler(event('GET', '/v1/forecasts/jobs/{job_id}', {pathParameters: {job_id: 'nope'}}))
    assert.equal(missing.statusCode, 404)
    assert.match(JSON.parse(missing.body).error.message, /forecast job nope not found/)
  })

  it('rejects an out-of-range forecast horizon without queueing anything', async () => {
    const response = await handler(event('POST', '/v1/forecasts/generate', {body: JSON.stringify({horizon_days: 1000})}))
    assert.equal(response.statusCode, 400)
    assert.equal(sqs.commandCalls(SendMessageCommand).length, 0)
  })

  it('answers 404 with the SDK advice when a product has no stored forecast', async () => {
    dynamo.on(QueryCommand).resolves({Items: []})
    const response = await handler(event('GET', '/v1/forecasts/{product_id}', {pathParameters: {product_id: 'COF-001'}}))
    assert.equal(response.statusCode, 404)
    const body = JSON.parse(response.body)
    assert.match(body.error.message, /no forecast stored for product COF-001 in omnix-ai-dev-forecasting/)
    assert.ok(body.error.details.suggestion)
  })

  it('reports inventory recommendations without writing alerts on a GET', async () => {
    dynamo.on(ScanCommand).resolves({Items: []})
    const response = await handler(event('GET', '/v1/reports/inventory-recommendations', {queryStringParameters: {service_level: '90'}}))
    assert.equal(response.statusCode, 200)
    const body = JSON.parse(response.body)
    assert.equal(body.env, 'dev')
    assert.equal(body.service_level, 90)
    assert.equal(body.products, 0)
    assert.equal(dynamo.commandCalls(PutItemCommand).length, 0)
    const bad = await handler(event('GET', '/v1/reports/inventory-recommendations', {queryStringParameters: {service_level: '100'}}))
    assert.equal(bad.statusCode, 400)
  })

  it('answers 404 for an unknown route and 413 for a body over 1 MB', async () => {
    assert.equal((await handler(event('GET', '/v1/nothing'))).statusCode, 404)
    const big = await handler(event('POST', '/v1/sales-data/upload', {body: 'x'.repeat(MAX_BODY_BYTES + 1)}))
    assert.equal(big.statusCode, 413)
  })

  it('hides internal errors behind a 500 that carries the request id', async () => {
    dynamo.on(ScanCommand).rejects(new Error('socket hang up'))
    const response = await handler(event('GET', '/v1/products'))
    assert.equal(response.statusCode, 500)
    const body = JSON.parse(response.body)
    assert.equal(body.request_id, 'req-1')
    assert.doesNotMatch(response.body, /socket hang up/)
    const logged = logs.map((l) => JSON.parse(l)).find((l) => l.level === 'ERROR')
    assert.equal(logged.request_id, 'req-1')
    assert.equal(logged.service, 'api')
  })
})
