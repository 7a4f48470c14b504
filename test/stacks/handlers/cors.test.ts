import assert from 'node:assert/strict'

import {clearCaches} from '@aws-lambda-powertools/parameters'
import {GetParameterCommand, ParameterNotFound, SSMClient} from '@aws-sdk/client-ssm'
import {DynamoDBClient, ScanCommand} from '@aws-sdk/client-dynamodb'

import {handler} from '../../../src/lambda/api.js'
import type {RestApiEvent} from '../../../src/lambda/api-gateway-event.js'
import {handler as health} from '../../../src/lambda/health.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {mockedClient} from '../../helpers/mocked-client.js'

const PARAMETER = '/omnix-ai/dev/api/cors-origins'
const APP = 'https://app.example.com'

function event(method: string, resource: string, headers: Record<string, string> = {}): RestApiEvent {
  return {httpMethod: method, resource, headers, requestContext: {requestId: 'req-cors', authorizer: {principalId: 'user-7'}}}
}

describe('CORS in the REST API handlers (origins from SSM at run time)', () => {
  const ssm = mockedClient(SSMClient)
  const dynamo = mockedClient(DynamoDBClient)
  let restoreSink: (line: string) => void
  beforeEach(() => {
    ssm.reset()
    dynamo.reset()
    clearCaches()
    process.env.OMNIX_ENV = 'dev'
    process.env.CORS_ORIGINS_PARAMETER = PARAMETER
    ssm.on(GetParameterCommand, {Name: PARAMETER}).resolves({Parameter: {Name: PARAMETER, Value: `${APP},http://localhost:5173`}})
    dynamo.on(ScanCommand).resolves({Items: []})
    restoreSink = setLogSink(() => {})
  })
  afterEach(() => {
    setLogSink(restoreSink)
    delete process.env.OMNIX_ENV
    delete process.env.CORS_ORIGINS_PARAMETER
  })

  it('answers a preflight from an allowed origin with that origin (never *), the methods and headers', async () => {
    const response = await handler(event('OPTIONS', '/v1/products', {Origin: APP, 'Access-Control-Request-Method': 'POST'}))
    assert.equal(response.statusCode, 204)
    assert.equal(response.headers['access-control-allow-origin'], APP)
    assert.equal(response.headers.vary, 'Origin')
    assert.match(response.headers['access-control-allow-methods'], /POST/)
    assert.match(response.headers['access-control-allow-headers'], /Authorization/)
    assert.match(response.headers['access-control-allow-headers'], /X-Api-Key/)
    assert.deepEqual(
      ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name),
      [PARAMETER],
    )
  })

  it('refuses a preflight from a disallowed origin: 403, no allow-origin header', async () => {
    const response = await handler(event('OPTIONS', '/v1/products', {origin: 'https://evil.example'}))
    assert.equal(response.statusCode, 403)
    assert.equal(response.headers['access-control-allow-origin'], undefined)
    assert.match(JSON.parse(response.body).error.message, /origin https:\/\/evil\.example is not allowed/)
  })

  it('refuses a request from a disallowed origin before the route runs', async () => {
    const response = await handler(event('GET', '/v1/products', {origin: 'https://evil.example'}))
    assert.equal(response.statusCode, 403)
    assert.equal(response.headers['access-control-allow-origin'], undefined)
    assert.equal(dynamo.commandCalls(ScanCommand).length, 0)
  })

  it('adds the allow headers to a request from an allowed origin; a call without Origin gets none and no SSM read', async () => {
    const allowed = await handler(event('GET', '/v1/products', {origin: APP}))
    assert.equal(allowed.statusCode, 200)
    assert.equal(allowed.headers['access-control-allow-origin'], APP)
    ssm.resetHistory()
    const server = await handler(event('GET', '/v1/products'))
    assert.equal(server.statusCode, 200)
    assert.equal(server.headers['access-control-allow-origin'], undefined)
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 0)
  })

  it('the open health route follows the same origins', async () => {
    assert.equal((await health(event('GET', '/v1/system/health', {origin: APP}))).headers['access-control-allow-origin'], APP)
    assert.equal((await health(event('GET', '/v1/system/health', {origin: 'https://evil.example'}))).statusCode, 403)
  })

  it('fails closed when the parameter cannot be read: no browser origin is allowed', async () => {
    ssm.reset()
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({message: 'not found', $metadata: {}}))
    const response = await handler(event('OPTIONS', '/v1/products', {origin: APP}))
    assert.equal(response.statusCode, 403)
  })

  it('a "*" parameter (dev) allows any origin and says so with *', async () => {
    ssm.reset()
    ssm.on(GetParameterCommand).resolves({Parameter: {Value: '*'}})
    const response = await handler(event('OPTIONS', '/v1/products', {origin: 'http://localhost:3000'}))
    assert.equal(response.statusCode, 204)
    assert.equal(response.headers['access-control-allow-origin'], '*')
  })
})
