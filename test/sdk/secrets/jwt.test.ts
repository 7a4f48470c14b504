import assert from 'node:assert/strict'

import {SignJWT} from 'jose'

import {
  createJwtSigner,
  createJwtVerifier,
  secretsManagerKeySource,
  signingKeyBytes,
  staticKeySource,
  TokenRejectedError,
} from '../../../src/sdk/secrets/jwt.js'
import {rotateSecret} from '../../../src/sdk/secrets/rotation.js'
import {FakeSecretsManager, jwtValue} from './fake-secrets-manager.js'

const NAME = 'omnix-ai/dev/jwt-signing'
const INITIAL = 'c0000000-0000-4000-8000-000000000001'
const TOKEN = 'a1111111-1111-4111-8111-111111111111'
const INITIAL_KEY = 'initial-test-key-'.padEnd(64, 'i')
const GRACE_SECONDS = 3600

/** A clock the test moves by hand. */
function clock(start: string) {
  let t = new Date(start).getTime()
  return {now: () => new Date(t), advance: (seconds: number) => (t += seconds * 1000)}
}

const rejectedWith = (reason: RegExp) => (error: unknown) => {
  assert.ok(error instanceof TokenRejectedError, String(error))
  assert.match(error.reason, reason)
  return true
}

describe('zero-downtime JWT signing and verification', () => {
  let sm: FakeSecretsManager
  let time: ReturnType<typeof clock>

  beforeEach(() => {
    time = clock('2025-06-01T12:00:00Z')
    sm = new FakeSecretsManager(time.now)
    sm.addSecret(NAME, [{id: INITIAL, value: jwtValue('k-initial', INITIAL_KEY), stages: ['AWSCURRENT'], created: new Date('2025-05-01T00:00:00Z')}])
  })
  afterEach(() => sm.restore())

  const keys = () => secretsManagerKeySource({client: sm.client(), secretId: NAME, cacheMs: 30_000, now: time.now})

  it('a token issued before a rotation verifies after it, and stops verifying when the grace window ends', async () => {
    const signer = createJwtSigner({keys: keys(), now: time.now, expiresInSeconds: 4 * 3600})
    const verifier = createJwtVerifier({keys: keys(), now: time.now, graceSeconds: GRACE_SECONDS})
    const before = await signer.sign({sub: 'user-1'})
    assert.equal((await verifier.verify(before)).stage, 'AWSCURRENT')

    time.advance(60)
    await rotateSecret({client: sm.client(), secretId: NAME, kind: 'jwt-signing-key', newToken: () => TOKEN, now: time.now})
    time.advance(60)

    const afterRotation = await createJwtVerifier({keys: keys(), now: time.now, graceSeconds: GRACE_SECONDS}).verify(before)
    assert.equal(afterRotation.stage, 'AWSPREVIOUS')
    assert.equal(afterRotation.payload.sub, 'user-1')
    // The long-lived verifier refreshed its cache and agrees.
    time.advance(31)
    assert.equal((await verifier.verify(before)).stage, 'AWSPREVIOUS')

    const fresh = await createJwtSigner({keys: keys(), now: time.now}).sign({sub: 'user-2'})
    const verifiedFresh = await verifier.verify(fresh)
    assert.equal(verifiedFresh.stage, 'AWSCURRENT')
    assert.equal(verifiedFresh.kid, TOKEN)

    time.advance(GRACE_SECONDS)
    await assert.rejects(verifier.verify(before), rejectedWith(/retired key/))
    // The old token has not expired: only the grace window rejects it.
    assert.ok(((await import('jose')).decodeJwt(before).exp ?? 0) * 1000 > time.now().getTime())
    const later = await createJwtSigner({keys: keys(), now: time.now}).sign({sub: 'user-3'})
    assert.equal((await verifier.verify(later)).stage, 'AWSCURRENT')
  })

  it('a verifier with cached keys picks up a token signed with a key it has not seen yet', async () => {
    const verifier = createJwtVerifier({keys: keys(), now: time.now})
    await verifier.verify(await createJwtSigner({keys: keys(), now: time.now}).sign())
    await rotateSecret({client: sm.client(), secretId: NAME, kind: 'jwt-signing-key', newToken: () => TOKEN, now: time.now})
    const signedWithNewKey = await createJwtSigner({keys: keys(), now: time.now}).sign({sub: 'u'})
    assert.equal((await verifier.verify(signedWithNewKey)).kid, TOKEN)
  })

  it('reads AWSCURRENT and AWSPREVIOUS by stage and caches them briefly', async () => {
    const source = keys()
    await source.keys()
    await source.keys()
    const reads = sm.calls().filter((c) => c.command === 'GetSecretValueCommand')
    assert.deepEqual(
      reads.map((c) => c.input),
      [
        {SecretId: NAME, VersionStage: 'AWSCURRENT'},
        {SecretId: NAME, VersionStage: 'AWSPREVIOUS'},
      ],
    )
    time.advance(31)
    await source.keys()
    assert.equal(sm.calls().filter((c) => c.command === 'GetSecretValueCommand').length, 4)
  })

  it('rejects forged, tampered, expired, unknown-kid and wrong-algorithm tokens', async () => {
    const verifier = createJwtVerifier({keys: keys(), now: time.now, refreshIntervalMs: 0})
    const good = await createJwtSigner({keys: keys(), now: time.now, expiresInSeconds: 60}).sign({sub: 'u', role: 'viewer'})
    const [h, p, s] = good.split('.')
    const tamperedPayload = Buffer.from(JSON.stringify({...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin'})).toString('base64url')
    await assert.rejects(verifier.verify(`${h}.${tamperedPayload}.${s}`), rejectedWith(/SIGNATURE/))
    const forged = await new SignJWT({sub: 'u'}).setProtectedHeader({alg: 'HS256', kid: 'k-initial'}).setExpirationTime('1h').sign(signingKeyBytes('attacker-test-key-'.padEnd(64, 'a')))
    await assert.rejects(verifier.verify(forged), rejectedWith(/SIGNATURE/))
    const unknown = await new SignJWT({}).setProtectedHeader({alg: 'HS256', kid: 'k-nobody'}).sign(signingKeyBytes(INITIAL_KEY))
    await assert.rejects(verifier.verify(unknown), rejectedWith(/unknown key id/))
    const otherAlg = await new SignJWT({}).setProtectedHeader({alg: 'HS512', kid: 'k-initial'}).sign(signingKeyBytes(INITIAL_KEY))
    await assert.rejects(verifier.verify(otherAlg), rejectedWith(/algorithm/))
    await assert.rejects(verifier.verify('not-a-token'), rejectedWith(/malformed/))
    time.advance(61)
    await assert.rejects(verifier.verify(good), rejectedWith(/EXPIRED/))
  })

  it('checks issuer and audience when configured', async () => {
    const verifier = createJwtVerifier({keys: keys(), now: time.now, issuer: 'omnix', audience: 'omnix-api'})
    const right = await createJwtSigner({keys: keys(), now: time.now, issuer: 'omnix', audience: 'omnix-api'}).sign()
    await verifier.verify(right)
    const wrong = await createJwtSigner({keys: keys(), now: time.now, issuer: 'someone-else', audience: 'omnix-api'}).sign()
    await assert.rejects(verifier.verify(wrong), rejectedWith(/CLAIM/))
  })

  it('a legacy plain-string key verifies kid-less tokens through the first rotation but is never used to sign', async () => {
    const legacy = 'legacy-plain-test-secret-value'
    sm.addSecret(NAME, [{id: INITIAL, value: legacy, stages: ['AWSCURRENT'], created: new Date('2025-01-01T00:00:00Z')}])
    await assert.rejects(createJwtSigner({keys: keys(), now: time.now}).sign(), /legacy value/)
    const old = await new SignJWT({sub: 'u'}).setProtectedHeader({alg: 'HS256'}).setIssuedAt(time.now()).setExpirationTime(new Date(time.now().getTime() + 86_400_000)).sign(signingKeyBytes(legacy))
    const verifier = createJwtVerifier({keys: keys(), now: time.now, graceSeconds: GRACE_SECONDS})
    assert.equal((await verifier.verify(old)).stage, 'AWSCURRENT')
    await rotateSecret({client: sm.client(), secretId: NAME, kind: 'jwt-signing-key', newToken: () => TOKEN, now: time.now})
    time.advance(31)
    assert.equal((await verifier.verify(old)).stage, 'AWSPREVIOUS')
    time.advance(GRACE_SECONDS)
    await assert.rejects(verifier.verify(old), rejectedWith(/retired key/))
  })

  it('the error never contains the token', async () => {
    const verifier = createJwtVerifier({keys: staticKeySource({current: {stage: 'AWSCURRENT', kid: 'k', secret: signingKeyBytes(INITIAL_KEY), legacy: false}})})
    const token = await new SignJWT({}).setProtectedHeader({alg: 'HS256', kid: 'k'}).setExpirationTime(0).sign(signingKeyBytes(INITIAL_KEY))
    await assert.rejects(verifier.verify(token), (error: Error) => !error.message.includes(token) && !error.message.includes(token.split('.')[1]))
  })
})
