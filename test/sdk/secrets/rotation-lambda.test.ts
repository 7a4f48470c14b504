import assert from 'node:assert/strict'

import {handler} from '../../../src/lambda/secret-rotation.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {FakeSecretsManager, jwtValue} from './fake-secrets-manager.js'

const NAME = 'omnix-ai/prod/jwt-refresh'
const CURRENT = 'c0000000-0000-4000-8000-000000000001'
const TOKEN = 'a1111111-1111-4111-8111-111111111111'
const CURRENT_KEY = 'current-test-key-'.padEnd(64, 'c')

describe('rotation Lambda handler', () => {
  let sm: FakeSecretsManager
  let arn: string
  let previousSink: ReturnType<typeof setLogSink>
  let logged: string[]

  beforeEach(() => {
    sm = new FakeSecretsManager()
    sm.addSecret(NAME, [{id: CURRENT, value: jwtValue('k-current', CURRENT_KEY), stages: ['AWSCURRENT']}])
    arn = sm.secrets.get(NAME)!.arn
    sm.startManagedRotation(NAME, TOKEN)
    logged = []
    previousSink = setLogSink((line) => logged.push(line))
  })
  afterEach(() => {
    setLogSink(previousSink)
    sm.restore()
  })

  const step = (Step: string) => handler({Step, SecretId: arn, ClientRequestToken: TOKEN})

  it('runs the four steps Secrets Manager invokes and promotes the new version', async () => {
    for (const s of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await step(s)
    assert.deepEqual(sm.stages(NAME), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
    const stored = JSON.parse(sm.value(NAME, TOKEN)!)
    assert.equal(stored.kid, TOKEN)
    assert.equal(stored.alg, 'HS256')
    for (const call of sm.calls().filter((c) => c.command === 'GetSecretValueCommand')) assert.ok(call.input.VersionStage)
    assert.equal(logged.length, 4)
    assert.deepEqual(JSON.parse(logged[0]), {...JSON.parse(logged[0]), level: 'INFO', service: 'secret-rotation', step: 'createSecret', version_id: TOKEN})
    assert.ok(logged.every((line) => !line.includes(stored.key)))
  })

  it('is idempotent when Secrets Manager retries a step', async () => {
    await step('createSecret')
    await step('createSecret')
    await step('testSecret')
    await step('finishSecret')
    await step('finishSecret')
    assert.equal(sm.calls().filter((c) => c.command === 'PutSecretValueCommand').length, 1)
    assert.deepEqual(sm.stages(NAME), {[TOKEN]: ['AWSCURRENT'], [CURRENT]: ['AWSPREVIOUS']})
  })

  it('passes the configuration check RotateSecret runs with only the test step', async () => {
    await step('testSecret')
    assert.equal(JSON.parse(sm.value(NAME, TOKEN)!).kid, TOKEN)
    assert.deepEqual(sm.stages(NAME)[CURRENT], ['AWSCURRENT'])
  })

  it('a failed test removes AWSPENDING and reports the failure to Secrets Manager', async () => {
    sm.tamper = (value) => JSON.stringify({...JSON.parse(value), alg: 'none'})
    await step('createSecret')
    await assert.rejects(step('testSecret'), /failed its test/)
    assert.deepEqual(sm.stages(NAME), {[CURRENT]: ['AWSCURRENT']})
    await assert.rejects(step('finishSecret'), /has no stage for rotation|not AWSPENDING/)
    assert.deepEqual(sm.stages(NAME), {[CURRENT]: ['AWSCURRENT']})
  })

  it('refuses a version that is not part of a rotation, and secrets it does not know', async () => {
    await assert.rejects(handler({Step: 'createSecret', SecretId: arn, ClientRequestToken: 'e5555555-5555-4555-8555-555555555555'}), /has no stage for rotation/)
    sm.addSecret('someone-else/db', [{id: CURRENT, value: 'x', stages: ['AWSCURRENT']}])
    sm.startManagedRotation('someone-else/db', TOKEN)
    await assert.rejects(handler({Step: 'createSecret', SecretId: 'someone-else/db', ClientRequestToken: TOKEN}), /not a secret this function rotates/)
    await assert.rejects(step('deleteEverything'), /unknown rotation step/)
  })
})
