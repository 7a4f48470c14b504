import assert from 'node:assert/strict'

import {
  DEFAULT_MAX_PENDING_AGE_MS,
  RotatedRecentlyError,
  RotationTestFailedError,
  ROTATION_STEPS,
  type RotationStep,
  rotateSecret,
} from '../../../src/sdk/secrets/rotation.js'
import {API_KEY_BYTES, SIGNING_KEY_BYTES} from '../../../src/sdk/secrets/values.js'
import {FakeSecretsManager, jwtValue} from './fake-secrets-manager.js'

const NAME = 'omnix-ai/dev/jwt-signing'
const CURRENT = 'c0000000-0000-4000-8000-000000000001'
const PREVIOUS = 'c0000000-0000-4000-8000-000000000000'
const TOKEN = 'a1111111-1111-4111-8111-111111111111'
const TOKEN_2 = 'b2222222-2222-4222-8222-222222222222'
const NOW = new Date('2025-06-01T12:00:00Z')
const DAYS_AGO = (n: number) => new Date(NOW.getTime() - n * 86_400_000)

// Stored keys in these tests are fixed, obviously fake values of the right length.
const CURRENT_KEY = 'current-test-key-'.padEnd(64, 'c')
const PREVIOUS_KEY = 'previous-test-key-'.padEnd(64, 'p')

const describeCall = {command: 'DescribeSecretCommand', input: {SecretId: NAME}}
const listVersionsCall = {command: 'ListSecretVersionIdsCommand', input: {SecretId: NAME}}
const getPending = (token: string) => ({command: 'GetSecretValueCommand', input: {SecretId: NAME, VersionId: token, VersionStage: 'AWSPENDING'}})
const getCurrent = {command: 'GetSecretValueCommand', input: {SecretId: NAME, VersionStage: 'AWSCURRENT'}}
const promote = (token: string, from: string) => ({
  command: 'UpdateSecretVersionStageCommand',
  input: {SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: from},
})
const removePending = (token: string) => ({command: 'UpdateSecretVersionStageCommand', input: {SecretId: NAME, VersionStage: 'AWSPENDING', RemoveFromVersionId: token}})

/** The calls with PutSecretValue's generated SecretString replaced by a marker (checked separately). */
function sequence(sm: FakeSecretsManager, from = 0) {
  return sm.calls().slice(from).map((c) =>
    c.command === 'PutSecretValueCommand' ? {command: c.command, input: {...c.input, SecretString: '<generated>'}} : c,
  )
}

const put = (token: string) => ({
  command: 'PutSecretValueCommand',
  input: {SecretId: NAME, ClientRequestToken: token, SecretString: '<generated>', VersionStages: ['AWSPENDING']},
})

/** The full call sequence of a rotation of NAME from CURRENT to `token`. */
const cleanRotation = (token: string) => [
  describeCall,
  listVersionsCall,
  getPending(token),
  put(token),
  getPending(token),
  getCurrent,
  describeCall,
  promote(token, CURRENT),
  removePending(token),
]

describe('secret rotation (four-step protocol)', () => {
  let sm: FakeSecretsManager

  beforeEach(() => {
    sm = new FakeSecretsManager(() => NOW)
    sm.addSecret(NAME, [
      {id: PREVIOUS, value: jwtValue('k-prev', PREVIOUS_KEY), stages: ['AWSPREVIOUS'], created: DAYS_AGO(60)},
      {id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT'], created: DAYS_AGO(30)},
    ])
  })
  afterEach(() => sm.restore())

  const rotate = (extra: Partial<Parameters<typeof rotateSecret>[0]> = {}) =>
    rotateSecret({client: sm.client(), secretId: NAME, kind: 'jwt-signing-key', newToken: () => TOKEN, now: () => NOW, ...extra})

  it('a clean rotation sends exactly create (AWSPENDING), test (explicit stages), promote, remove AWSPENDING', async () => {
    const outcome = await rotate()
    assert.deepEqual(sequence(sm), cleanRotation(TOKEN))
    assert.deepEqual(outcome, {secretId: NAME, action: 'rotated', versionId: TOKEN, previousVersionId: CURRENT})
    assert.deepEqual(sm.stages(NAME), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
  })

  it('stores JSON with the version id as kid and a 384-bit random key', async () => {
    await rotate()
    const stored = JSON.parse(sm.value(NAME, TOKEN)!)
    assert.deepEqual(Object.keys(stored).sort(), ['alg', 'key', 'kid'])
    assert.equal(stored.kid, TOKEN)
    assert.equal(stored.alg, 'HS256')
    assert.equal(Buffer.from(stored.key, 'base64url').length, SIGNING_KEY_BYTES)
  })

  it('API keys rotate to a 256-bit key with a kid', async () => {
    const API = 'omnix-ai/dev/api-keys'
    sm.addSecret(API, [{id: CURRENT, value: JSON.stringify({kid: 'k-current', key: CURRENT_KEY}), stages: ['AWSCURRENT'], created: DAYS_AGO(30)}])
    await rotateSecret({client: sm.client(), secretId: API, kind: 'api-key', newToken: () => TOKEN, now: () => NOW})
    const stored = JSON.parse(sm.value(API, TOKEN)!)
    assert.deepEqual(Object.keys(stored).sort(), ['key', 'kid'])
    assert.equal(Buffer.from(stored.key, 'base64url').length, API_KEY_BYTES)
    assert.deepEqual(sm.stages(API), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
  })

  it('every read names its VersionStage', async () => {
    await rotate()
    for (const call of sm.calls().filter((c) => c.command === 'GetSecretValueCommand')) assert.ok(call.input.VersionStage, JSON.stringify(call.input))
  })

  for (const crashAfter of ROTATION_STEPS.slice(0, 3)) {
    const next = ROTATION_STEPS[ROTATION_STEPS.indexOf(crashAfter) + 1]
    it(`a retry after a crash between ${crashAfter} and ${next} resumes under the same token without a second version`, async () => {
      await assert.rejects(
        rotate({
          onStep: (step: RotationStep) => {
            if (step === crashAfter) throw new Error('process killed')
          },
        }),
        /process killed/,
      )
      assert.deepEqual(sm.stages(NAME)[TOKEN], ['AWSPENDING'])
      const firstRun = sm.calls().length
      const outcome = await rotate({newToken: () => TOKEN_2})
      assert.deepEqual(sequence(sm, firstRun), [
        describeCall,
        getPending(TOKEN),
        getPending(TOKEN),
        getCurrent,
        describeCall,
        promote(TOKEN, CURRENT),
        removePending(TOKEN),
      ])
      assert.equal(outcome.action, 'resumed')
      assert.equal(outcome.versionId, TOKEN)
      assert.equal(outcome.recovered?.action, 'completed')
      assert.equal(sm.calls().filter((c) => c.command === 'PutSecretValueCommand').length, 1)
      assert.deepEqual(sm.stages(NAME), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
      assert.ok(!sm.versionIds(NAME).includes(TOKEN_2))
    })
  }

  it('a retry after a crash inside finishSecret (promoted, AWSPENDING still attached) only removes the label', async () => {
    sm.failOnce((c) => c.command === 'UpdateSecretVersionStageCommand' && c.input.VersionStage === 'AWSPENDING')
    await assert.rejects(rotate(), /socket hang up/)
    assert.deepEqual(sm.stages(NAME)[TOKEN], ['AWSCURRENT', 'AWSPENDING'])
    const firstRun = sm.calls().length
    const outcome = await rotate({newToken: () => TOKEN_2})
    assert.deepEqual(sequence(sm, firstRun), [describeCall, removePending(TOKEN)])
    assert.equal(outcome.action, 'cleaned-up')
    assert.deepEqual(sm.stages(NAME), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
  })

  it('a retry after a crash once finishSecret is done refuses to rotate a second time', async () => {
    await assert.rejects(
      rotate({
        onStep: (step: RotationStep) => {
          if (step === 'finishSecret') throw new Error('process killed')
        },
      }),
    )
    const before = sm.stages(NAME)
    const firstRun = sm.calls().length
    await assert.rejects(rotate({newToken: () => TOKEN_2}), RotatedRecentlyError)
    assert.deepEqual(sequence(sm, firstRun), [describeCall, listVersionsCall])
    assert.deepEqual(sm.stages(NAME), before)
  })

  describe('the recent-rotation guard looks at the version a rotation would retire (AWSPREVIOUS)', () => {
    it('a secret created minutes ago with no AWSPREVIOUS rotates without --force, without listing versions', async () => {
      sm.addSecret('omnix-ai/dev/fresh', [{id: CURRENT, value: 'omnix-jwt-secret-change-in-production', stages: ['AWSCURRENT'], created: new Date(NOW.getTime() - 5 * 60_000)}])
      const outcome = await rotateSecret({client: sm.client(), secretId: 'omnix-ai/dev/fresh', kind: 'jwt-signing-key', newToken: () => TOKEN, now: () => NOW})
      assert.equal(outcome.action, 'rotated')
      assert.equal(outcome.previousVersionId, CURRENT)
      assert.deepEqual(sm.stages('omnix-ai/dev/fresh'), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
      assert.ok(!sm.calls().some((c) => c.command === 'ListSecretVersionIdsCommand'))
    })

    it('an AWSPREVIOUS demoted longer ago than the interval is not protected', async () => {
      sm.addSecret('omnix-ai/dev/older', [
        {id: PREVIOUS, value: jwtValue('k-prev', PREVIOUS_KEY), stages: ['AWSPREVIOUS'], created: DAYS_AGO(1)},
        {id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT'], created: new Date(NOW.getTime() - 61 * 60_000)},
      ])
      const outcome = await rotateSecret({client: sm.client(), secretId: 'omnix-ai/dev/older', kind: 'jwt-signing-key', newToken: () => TOKEN, now: () => NOW})
      assert.equal(outcome.action, 'rotated')
    })

    it('an AWSPREVIOUS demoted minutes ago is protected: refused, naming the version it would retire, nothing written', async () => {
      sm.addSecret('omnix-ai/dev/recent', [
        {id: PREVIOUS, value: jwtValue('k-prev', PREVIOUS_KEY), stages: ['AWSPREVIOUS'], created: DAYS_AGO(1)},
        {id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT'], created: new Date(NOW.getTime() - 10 * 60_000)},
      ])
      await assert.rejects(
        rotateSecret({client: sm.client(), secretId: 'omnix-ai/dev/recent', kind: 'jwt-signing-key', newToken: () => TOKEN, now: () => NOW}),
        (error: unknown) => {
          assert.ok(error instanceof RotatedRecentlyError)
          assert.equal(error.retiredVersionId, PREVIOUS)
          assert.match(error.message, new RegExp(`would retire version ${PREVIOUS}`))
          return true
        },
      )
      assert.ok(!sm.calls().some((c) => c.command === 'PutSecretValueCommand' || c.command === 'UpdateSecretVersionStageCommand'))
    })
  })

  it('--force rotates a secret rotated minutes ago', async () => {
    await rotate()
    await rotate({newToken: () => TOKEN_2, force: true})
    assert.deepEqual(sm.stages(NAME), {[TOKEN_2]: ['AWSCURRENT'], [TOKEN]: ['AWSPREVIOUS']})
  })

  it('a failed test promotes nothing and removes AWSPENDING', async () => {
    sm.tamper = (value) => JSON.stringify({...JSON.parse(value), key: 'too-short'})
    await assert.rejects(rotate(), (error: unknown) => {
      assert.ok(error instanceof RotationTestFailedError)
      assert.equal(error.versionId, TOKEN)
      assert.match(error.message, /at least 43/)
      assert.doesNotMatch(error.message, /too-short/)
      return true
    })
    assert.deepEqual(sequence(sm), [describeCall, listVersionsCall, getPending(TOKEN), put(TOKEN), getPending(TOKEN), getCurrent, removePending(TOKEN)])
    assert.deepEqual(sm.stages(NAME), {[CURRENT]: ['AWSCURRENT'], [PREVIOUS]: ['AWSPREVIOUS']})
  })

  it('a new key equal to the current key fails the test', async () => {
    sm.tamper = (value) => JSON.stringify({...JSON.parse(value), key: CURRENT_KEY})
    await assert.rejects(rotate(), /equals the current key/)
    assert.deepEqual(sm.stages(NAME), {[CURRENT]: ['AWSCURRENT'], [PREVIOUS]: ['AWSPREVIOUS']})
  })

  it('an outage during the test is retried later, not rolled back', async () => {
    sm.failOnce((c) => c.command === 'GetSecretValueCommand' && c.input.VersionStage === 'AWSCURRENT')
    await assert.rejects(rotate(), /socket hang up/)
    assert.deepEqual(sm.stages(NAME)[TOKEN], ['AWSPENDING'])
  })

  describe('a secret already mid-rotation', () => {
    const PENDING = 'd3333333-3333-4333-8333-333333333333'
    const PENDING_KEY = 'pending-test-key-'.padEnd(64, 'q')

    it('with a recent, valid AWSPENDING version: completes it without writing a new value', async () => {
      sm.addSecret(NAME, [
        {id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT'], created: DAYS_AGO(30)},
        {id: PENDING, value: jwtValue(PENDING, PENDING_KEY), stages: ['AWSPENDING'], created: new Date(NOW.getTime() - 60_000)},
      ])
      const outcome = await rotate()
      assert.deepEqual(sequence(sm), [describeCall, getPending(PENDING), getPending(PENDING), getCurrent, describeCall, promote(PENDING, CURRENT), removePending(PENDING)])
      assert.equal(outcome.action, 'resumed')
      assert.deepEqual(sm.stages(NAME), {[PENDING]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
    })

    it('with an AWSPENDING version that has no value yet (a managed rotation cut short): fills and completes it', async () => {
      sm.startManagedRotation(NAME, PENDING)
      const outcome = await rotate()
      assert.deepEqual(sequence(sm), [describeCall, getPending(PENDING), put(PENDING), getPending(PENDING), getCurrent, describeCall, promote(PENDING, CURRENT), removePending(PENDING)])
      assert.equal(outcome.versionId, PENDING)
      assert.equal(JSON.parse(sm.value(NAME, PENDING)!).kid, PENDING)
    })

    it('with a stale AWSPENDING version: rolls it back, then rotates afresh', async () => {
      sm.addSecret(NAME, [
        {id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT'], created: DAYS_AGO(30)},
        {id: PENDING, value: jwtValue(PENDING, PENDING_KEY), stages: ['AWSPENDING'], created: new Date(NOW.getTime() - DEFAULT_MAX_PENDING_AGE_MS - 60_000)},
      ])
      const outcome = await rotate()
      // No AWSPREVIOUS to retire: the recent-rotation guard has nothing to list.
      assert.deepEqual(sequence(sm), [describeCall, getPending(PENDING), removePending(PENDING), ...cleanRotation(TOKEN).slice(2)])
      assert.equal(outcome.action, 'rotated')
      assert.equal(outcome.recovered?.action, 'rolled-back')
      assert.equal(outcome.recovered?.versionId, PENDING)
      assert.deepEqual(sm.stages(NAME), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
    })

    it('with a malformed AWSPENDING version: rolls it back and fails; the next run starts clean', async () => {
      sm.addSecret(NAME, [
        {id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT'], created: DAYS_AGO(30)},
        {id: PENDING, value: 'not json at all', stages: ['AWSPENDING'], created: new Date(NOW.getTime() - 60_000)},
      ])
      await assert.rejects(rotate(), RotationTestFailedError)
      assert.deepEqual(sequence(sm), [describeCall, getPending(PENDING), getPending(PENDING), getCurrent, removePending(PENDING)])
      assert.deepEqual(sm.stages(NAME), {[CURRENT]: ['AWSCURRENT']})
      const outcome = await rotate()
      assert.equal(outcome.action, 'rotated')
      assert.deepEqual(sm.stages(NAME), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
    })

    it('never ends with more than one pending version, whatever the starting state', async () => {
      for (const setup of [() => sm.startManagedRotation(NAME, PENDING), () => {}]) {
        sm.restore()
        sm = new FakeSecretsManager(() => NOW)
        sm.addSecret(NAME, [{id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT'], created: DAYS_AGO(30)}])
        setup()
        await rotate()
        const pending = Object.values(sm.stages(NAME)).filter((labels) => labels.includes('AWSPENDING'))
        assert.equal(pending.length, 0)
      }
    })
  })
})
