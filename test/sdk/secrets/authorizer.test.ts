import assert from 'node:assert/strict'

import {SignJWT} from 'jose'

import {handler, setVerifier} from '../../../src/lambda/authorizer.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {signingKeyBytes} from '../../../src/sdk/secrets/jwt.js'
import {FakeSecretsManager, jwtValue} from './fake-secrets-manager.js'

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/v1/products'
const KEY = 'authorizer-test-key-'.padEnd(64, 'z')

describe('REST API Lambda authorizer', () => {
  let sm: FakeSecretsManager
  let previousSink: ReturnType<typeof setLogSink>
  let logged: string[]
  const env = {...process.env}

  beforeEach(() => {
    sm = new FakeSecretsManager()
    sm.addSecret('omnix-ai/dev/jwt-signing', [{id: 'v1', value: jwtValue('k1', KEY), stages: ['AWSCURRENT']}])
    process.env.OMNIX_ENV = 'dev'
    setVerifier(undefined)
    logged = []
    previousSink = setLogSink((line) => logged.push(line))
  })
  afterEach(() => {
    setLogSink(previousSink)
    process.env = {...env}
    setVerifier(undefined)
    sm.restore()
  })

  const sign = (kid: string, key: string, claims: Record<string, unknown> = {sub: 'user-42', scope: 'read'}) =>
    new SignJWT(claims).setProtectedHeader({alg: 'HS256', kid}).setIssuedAt().setExpirationTime('5m').sign(signingKeyBytes(key))

  it('allows a valid bearer token for the whole stage, with the subject as principal', async () => {
    const result = await handler({type: 'TOKEN', methodArn: METHOD_ARN, authorizationToken: `Bearer ${await sign('k1', KEY)}`})
    assert.deepEqual(result, {
      principalId: 'user-42',
      policyDocument: {Version: '2012-10-17', Statement: [{Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*'}]},
      context: {sub: 'user-42', kid: 'k1', scope: 'read'},
    })
    assert.deepEqual(
      sm.calls().map((c) => c.input),
      [
        {SecretId: 'omnix-ai/dev/jwt-signing', VersionStage: 'AWSCURRENT'},
        {SecretId: 'omnix-ai/dev/jwt-signing', VersionStage: 'AWSPREVIOUS'},
      ],
    )
  })

  it('reads the Authorization header of REQUEST authorizer events', async () => {
    const result = await handler({type: 'REQUEST', methodArn: METHOD_ARN, headers: {authorization: `Bearer ${await sign('k1', KEY)}`}})
    assert.equal(result.principalId, 'user-42')
  })

  it('answers Unauthorized for a missing, malformed or forged token', async () => {
    await assert.rejects(handler({type: 'TOKEN', methodArn: METHOD_ARN}), /^Error: Unauthorized$/)
    await assert.rejects(handler({type: 'TOKEN', methodArn: METHOD_ARN, authorizationToken: 'Basic abc'}), /^Error: Unauthorized$/)
    const forged = await sign('k1', 'forged-test-key-'.padEnd(64, 'f'))
    await assert.rejects(handler({type: 'TOKEN', methodArn: METHOD_ARN, authorizationToken: `Bearer ${forged}`}), /^Error: Unauthorized$/)
    assert.equal(logged.length, 1)
    assert.equal(JSON.parse(logged[0]).reason, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
    assert.ok(!logged[0].includes(forged.split('.')[1]))
  })
})
