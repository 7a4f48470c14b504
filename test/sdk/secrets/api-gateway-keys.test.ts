import assert from 'node:assert/strict'

import {handler} from '../../../src/lambda/secret-rotation.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {syncGatewayKeys} from '../../../src/sdk/secrets/api-gateway-keys.js'
import {rotateSecret} from '../../../src/sdk/secrets/rotation.js'
import {FakeApiGatewayKeys} from './fake-api-gateway-keys.js'
import {FakeSecretsManager} from './fake-secrets-manager.js'

const NAME = 'omnix-ai/prod/api-keys'
const OLDER = 'c0000000-0000-4000-8000-000000000000'
const CURRENT = 'c0000000-0000-4000-8000-000000000001'
const TOKEN = 'a1111111-1111-4111-8111-111111111111'
const PLAN = 'plan01'
const NOW = new Date('2025-06-01T12:00:00Z')
const MINUTES = (n: number) => new Date(NOW.getTime() + n * 60_000)
const CURRENT_KEY = 'current-api-test-key-'.padEnd(64, 'c')
const OLDER_KEY = 'older-api-test-key-'.padEnd(64, 'o')

describe('api-keys rotation mirrors versions into the API Gateway usage plan', () => {
  let sm: FakeSecretsManager
  let apigw: FakeApiGatewayKeys
  let now: Date

  beforeEach(() => {
    now = NOW
    sm = new FakeSecretsManager(() => now)
    apigw = new FakeApiGatewayKeys()
    sm.addSecret(NAME, [
      {id: OLDER, value: JSON.stringify({kid: OLDER, key: OLDER_KEY}), stages: ['AWSPREVIOUS'], created: MINUTES(-60 * 24 * 60)},
      {id: CURRENT, value: JSON.stringify({kid: CURRENT, key: CURRENT_KEY}), stages: ['AWSCURRENT'], created: MINUTES(-60 * 24 * 30)},
    ])
    apigw.addPlan(PLAN, 'omnix-ai-prod-usage-plan')
    apigw.addPlan('other', 'partner-plan')
    apigw.addKey('keyOlder', `omnix-ai-prod-client-${OLDER}`, OLDER_KEY, PLAN)
    apigw.addKey('keyCurrent', `omnix-ai-prod-client-${CURRENT}`, CURRENT_KEY, PLAN)
    apigw.addKey('partner', 'partner-key', 'partner-test-key-'.padEnd(40, 'x'), 'other')
  })
  afterEach(() => {
    sm.restore()
    apigw.restore()
  })

  const gateway = () => ({client: apigw.client(), env: 'prod', now: () => now})

  /** Both services' calls in the order they were sent (sinon numbers every stub call). */
  function merged(): string[] {
    const smCalls = sm.mock.calls().map((c) => {
      const command = c.args[0] as unknown as {constructor: {name: string}; input: Record<string, unknown>}
      return {callId: (c as unknown as {callId: number}).callId, text: `sm ${command.constructor.name}`}
    })
    const gwCalls = apigw.calls().map((c) => ({callId: c.callId, text: `apigw ${c.command}`}))
    return [...smCalls, ...gwCalls].sort((a, b) => a.callId - b.callId).map((c) => c.text)
  }

  it('creates the new key in the usage plan before promoting, keeps the old one valid, retires only keys past their grace', async () => {
    const outcome = await rotateSecret({client: sm.client(), secretId: NAME, kind: 'api-key', newToken: () => TOKEN, now: () => NOW, gateway: gateway()})
    const newValue = JSON.parse(sm.value(NAME, TOKEN)!).key as string
    assert.deepEqual(merged(), [
      'sm DescribeSecretCommand',
      'sm ListSecretVersionIdsCommand',
      'sm GetSecretValueCommand',
      'sm PutSecretValueCommand',
      // setSecret: the pending value becomes an API key in the usage plan
      'sm GetSecretValueCommand',
      'apigw GetUsagePlansCommand',
      'apigw GetApiKeysCommand',
      'apigw CreateApiKeyCommand',
      'apigw CreateUsagePlanKeyCommand',
      // testSecret
      'sm GetSecretValueCommand',
      'sm GetSecretValueCommand',
      // finishSecret: promote, then retire what no client may use any more
      'sm DescribeSecretCommand',
      'sm UpdateSecretVersionStageCommand',
      'sm UpdateSecretVersionStageCommand',
      'sm DescribeSecretCommand',
      'sm ListSecretVersionIdsCommand',
      'apigw GetApiKeysCommand',
      'apigw DeleteApiKeyCommand',
    ])
    const writes = apigw.calls().filter((c) => c.command !== 'GetUsagePlansCommand' && c.command !== 'GetApiKeysCommand')
    assert.deepEqual(
      writes.map(({command, input}) => ({command, input})),
      [
        {
          command: 'CreateApiKeyCommand',
          input: {name: `omnix-ai-prod-client-${TOKEN}`, description: `omnix-ai prod API client key: version ${TOKEN} of the api-keys secret`, enabled: true, value: newValue},
        },
        {command: 'CreateUsagePlanKeyCommand', input: {usagePlanId: PLAN, keyId: 'key0001', keyType: 'API_KEY'}},
        // The version that lost AWSPREVIOUS in this rotation; the just-demoted one stays.
        {command: 'DeleteApiKeyCommand', input: {apiKey: 'keyOlder'}},
      ],
    )
    assert.deepEqual(apigw.accepted(PLAN), {[`omnix-ai-prod-client-${CURRENT}`]: CURRENT_KEY, [`omnix-ai-prod-client-${TOKEN}`]: newValue})
    assert.deepEqual(outcome.gateway, {keyId: 'key0001', usagePlanId: PLAN, retired: ['keyOlder']})
    assert.ok(apigw.keys.has('partner'), 'keys the platform does not name are never touched')
  })

  it('removes the old key once the grace window is over (the hourly sync), keeping the current one', async () => {
    await rotateSecret({client: sm.client(), secretId: NAME, kind: 'api-key', newToken: () => TOKEN, now: () => NOW, gateway: gateway()})
    now = MINUTES(30)
    assert.deepEqual((await syncGatewayKeys(gateway(), sm.client(), NAME)).retired, [], 'inside the grace window')
    now = MINUTES(61)
    const later = await syncGatewayKeys(gateway(), sm.client(), NAME)
    assert.deepEqual(later.retired, ['keyCurrent'])
    assert.equal(later.registered?.created, false, 'the current key exists already')
    assert.deepEqual(Object.keys(apigw.accepted(PLAN)), [`omnix-ai-prod-client-${TOKEN}`])
  })

  it('the rotation Lambda runs the sync on its schedule event and registers a current key that has none', async () => {
    apigw.keys.delete('keyCurrent')
    const saved = process.env.OMNIX_ENV
    process.env.OMNIX_ENV = 'prod'
    const restore = setLogSink(() => {})
    try {
      await handler({action: 'sync-api-keys'})
    } finally {
      setLogSink(restore)
      process.env.OMNIX_ENV = saved
    }
    assert.equal(apigw.accepted(PLAN)[`omnix-ai-prod-client-${CURRENT}`], CURRENT_KEY)
    assert.ok(!apigw.keys.has('keyOlder'), 'AWSPREVIOUS, demoted a month ago: its grace is over')
  })

  it('without a usage plan (API stack not deployed) the secret still rotates and says the gateway was skipped', async () => {
    apigw.plans.clear()
    const outcome = await rotateSecret({client: sm.client(), secretId: NAME, kind: 'api-key', newToken: () => TOKEN, now: () => NOW, gateway: gateway()})
    assert.equal(outcome.action, 'rotated')
    assert.match(outcome.gateway!.skipped!, /no usage plan omnix-ai-prod-usage-plan/)
    assert.equal(apigw.calls().filter((c) => c.command === 'CreateApiKeyCommand').length, 0)
  })

  it('a retried setSecret reuses the key and its plan membership', async () => {
    await rotateSecret({client: sm.client(), secretId: NAME, kind: 'api-key', newToken: () => TOKEN, now: () => NOW, gateway: gateway()})
    const {registerGatewayKey} = await import('../../../src/sdk/secrets/api-gateway-keys.js')
    const again = await registerGatewayKey(gateway(), TOKEN, JSON.parse(sm.value(NAME, TOKEN)!).key)
    assert.deepEqual(again, {usagePlanId: PLAN, keyId: 'key0001', created: false})
    assert.equal(apigw.calls().filter((c) => c.command === 'CreateApiKeyCommand').length, 1)
  })
})
