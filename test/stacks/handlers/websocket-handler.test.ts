import assert from 'node:assert/strict'

import {DeleteItemCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'

import {setLogSink} from '../../../src/lambda/structured-log.js'
import {CONNECTION_TTL_SECONDS, handler} from '../../../src/lambda/websocket.js'
import {mockedClient} from '../../helpers/mocked-client.js'

const ws = (routeKey: string, body?: string) => ({requestContext: {routeKey, connectionId: 'abc='}, body})

describe('WebSocket handler', () => {
  const dynamo = mockedClient(DynamoDBClient)
  let restoreSink: (line: string) => void
  beforeEach(() => {
    dynamo.reset()
    process.env.OMNIX_ENV = 'prod'
    restoreSink = setLogSink(() => {})
  })
  afterEach(() => {
    setLogSink(restoreSink)
    delete process.env.OMNIX_ENV
  })

  it('records a connection in the sessions table, expiring with the connection', async () => {
    dynamo.on(PutItemCommand).resolves({})
    const before = Math.floor(Date.now() / 1000)
    assert.equal((await handler(ws('$connect'))).statusCode, 200)
    const item = dynamo.commandCalls(PutItemCommand)[0].args[0].input
    assert.equal(item.TableName, 'omnix-ai-prod-sessions')
    assert.deepEqual(item.Item?.id, {S: 'ws#abc='})
    assert.ok(Number(item.Item?.expires_at.N) >= before + CONNECTION_TTL_SECONDS)
  })

  it('echoes the token subprotocol on $connect (browsers drop the connection otherwise), never the token', async () => {
    dynamo.on(PutItemCommand).resolves({})
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl'
    const response = await handler({...ws('$connect'), headers: {'Sec-WebSocket-Protocol': `bearer, ${token}`}})
    assert.deepEqual(response.headers, {'Sec-WebSocket-Protocol': 'bearer'})
    assert.equal((await handler(ws('$connect'))).headers, undefined)
  })

  it('forgets the connection on disconnect', async () => {
    dynamo.on(DeleteItemCommand).resolves({})
    assert.equal((await handler(ws('$disconnect'))).statusCode, 200)
    assert.deepEqual(dynamo.commandCalls(DeleteItemCommand)[0].args[0].input.Key, {id: {S: 'ws#abc='}})
  })

  it('answers ping with pong and explains unknown messages', async () => {
    const pong = await handler(ws('$default', JSON.stringify({action: 'ping'})))
    assert.equal(JSON.parse(pong.body!).type, 'pong')
    const unknown = await handler(ws('$default', 'not json'))
    assert.equal(unknown.statusCode, 400)
  })

  it('answers 500 (and logs) when the table write fails', async () => {
    dynamo.on(PutItemCommand).rejects(new Error('throttled'))
    assert.equal((await handler(ws('$connect'))).statusCode, 500)
  })
})
