import assert from 'node:assert/strict'

import {clearCaches} from '@aws-lambda-powertools/parameters'
import {GetParameterCommand, SSMClient} from '@aws-sdk/client-ssm'
import {SignJWT} from 'jose'

import {setVerifier} from '../../../src/lambda/authorizer.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {handler} from '../../../src/lambda/websocket-authorizer.js'
import {signingKeyBytes} from '../../../src/sdk/secrets/jwt.js'
import {mockedClient} from '../../helpers/mocked-client.js'
import {FakeSecretsManager, jwtValue} from '../../sdk/secrets/fake-secrets-manager.js'

const CONNECT_ARN = 'arn:aws:execute-api:us-east-1:123456789012:ws123/dev/$connect'
const CURRENT_KEY = 'ws-current-test-key-'.padEnd(64, 'c')
const PREVIOUS_KEY = 'ws-previous-test-key-'.padEnd(64, 'p')
const MINUTES_AGO = (n: number) => new Date(Date.now() - n * 60_000)

describe('WebSocket $connect authorizer', () => {
  const ssm = mockedClient(SSMClient)
  let sm: FakeSecretsManager
  const saved = {...process.env}
  let restoreSink: ReturnType<typeof setLogSink>

  function seed(rotatedMinutesAgo: number) {
    sm.addSecret('omnix-ai/dev/jwt-signing', [
      {id: 'v-prev', value: jwtValue('k-prev', PREVIOUS_KEY), stages: ['AWSPREVIOUS'], created: MINUTES_AGO(60 * 24 * 30)},
      {id: 'v-cur', value: jwtValue('k-cur', CURRENT_KEY), stages: ['AWSCURRENT'], created: MINUTES_AGO(rotatedMinutesAgo)},
    ])
  }

  beforeEach(() => {
    sm = new FakeSecretsManager()
    seed(24 * 60)
    ssm.reset()
    clearCaches()
    process.env.OMNIX_ENV = 'dev'
    process.env.CORS_ORIGINS_PARAMETER = '/omnix-ai/dev/api/cors-origins'
    ssm.on(GetParameterCommand).resolves({Parameter: {Value: 'https://app.example.com'}})
    setVerifier(undefined)
    restoreSink = setLogSink(() => {})
  })
  afterEach(() => {
    setLogSink(restoreSink)
    process.env = {...saved}
    setVerifier(undefined)
    sm.restore()
  })

  const sign = (kid: string, key: string, expiresIn = '5m') =>
    new SignJWT({sub: 'user-42'}).setProtectedHeader({alg: 'HS256', kid}).setIssuedAt().setExpirationTime(expiresIn).sign(signingKeyBytes(key))

  const allow = (principal = 'user-42') => ({
    principalId: principal,
    policyDocument: {Version: '2012-10-17', Statement: [{Action: 'execute-api:Invoke', Effect: 'Allow', Resource: CONNECT_ARN}]},
  })

  it('allows a valid token from the token query string parameter', async () => {
    const result = await handler({type: 'REQUEST', methodArn: CONNECT_ARN, queryStringParameters: {token: await sign('k-cur', CURRENT_KEY)}})
    assert.deepEqual({principalId: result.principalId, policyDocument: result.policyDocument}, allow())
    assert.equal(result.context.kid, 'k-cur')
  })

  it('allows a valid token sent as a subprotocol (Sec-WebSocket-Protocol: bearer, <token>)', async () => {
    const token = await sign('k-cur', CURRENT_KEY)
    const result = await handler({type: 'REQUEST', methodArn: CONNECT_ARN, headers: {'Sec-WebSocket-Protocol': `bearer, ${token}`}})
    assert.equal(result.policyDocument.Statement[0].Effect, 'Allow')
  })

  it('missing token: 401 (Unauthorized) without reading the secret', async () => {
    await assert.rejects(handler({type: 'REQUEST', methodArn: CONNECT_ARN, headers: {}}), /^Error: Unauthorized$/)
    assert.equal(sm.calls().length, 0)
  })

  it('expired token: 401', async () => {
    const expired = await new SignJWT({sub: 'user-42'})
      .setProtectedHeader({alg: 'HS256', kid: 'k-cur'})
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(signingKeyBytes(CURRENT_KEY))
    await assert.rejects(handler({type: 'REQUEST', methodArn: CONNECT_ARN, queryStringParameters: {token: expired}}), /^Error: Unauthorized$/)
  })

  it('signed with the previous key inside the grace window (rotated 10 min ago): allowed', async () => {
    sm.restore()
    sm = new FakeSecretsManager()
    seed(10)
    const result = await handler({type: 'REQUEST', methodArn: CONNECT_ARN, queryStringParameters: {token: await sign('k-prev', PREVIOUS_KEY)}})
    assert.equal(result.policyDocument.Statement[0].Effect, 'Allow')
    assert.equal(result.context.kid, 'k-prev')
  })

  it('signed with the previous key outside the grace window (rotated a day ago): 401', async () => {
    await assert.rejects(
      handler({type: 'REQUEST', methodArn: CONNECT_ARN, queryStringParameters: {token: await sign('k-prev', PREVIOUS_KEY)}}),
      /^Error: Unauthorized$/,
    )
  })

  it('forged token: 401', async () => {
    const forged = await sign('k-cur', 'forged-ws-test-key-'.padEnd(64, 'f'))
    await assert.rejects(handler({type: 'REQUEST', methodArn: CONNECT_ARN, queryStringParameters: {token: forged}}), /^Error: Unauthorized$/)
  })

  it('a browser origin outside the cors-origins parameter: 403 (Deny), even with a valid token', async () => {
    const token = await sign('k-cur', CURRENT_KEY)
    const denied = await handler({type: 'REQUEST', methodArn: CONNECT_ARN, headers: {Origin: 'https://evil.example'}, queryStringParameters: {token}})
    assert.deepEqual(denied.policyDocument.Statement, [{Action: 'execute-api:Invoke', Effect: 'Deny', Resource: CONNECT_ARN}])
    const allowed = await handler({type: 'REQUEST', methodArn: CONNECT_ARN, headers: {Origin: 'https://app.example.com'}, queryStringParameters: {token}})
    assert.equal(allowed.policyDocument.Statement[0].Effect, 'Allow')
  })
})
