import assert from 'node:assert/strict'

import SecretsList from '../../../src/commands/secrets/list.js'
import {runCommand} from '../../helpers/run-command.js'
import {FakeSecretsManager, jwtValue} from '../../sdk/secrets/fake-secrets-manager.js'

const KEY_A = 'list-test-key-a-'.padEnd(64, 'a')
const KEY_B = 'list-test-key-b-'.padEnd(64, 'b')

describe('omnix secrets list', () => {
  let sm: FakeSecretsManager
  const now = Date.now()
  beforeEach(() => {
    sm = new FakeSecretsManager()
    sm.addSecret('omnix-ai/dev/jwt-signing', [
      {id: 'v-old', value: jwtValue('k-old', KEY_A), stages: ['AWSPREVIOUS'], created: new Date(now - 40 * 86_400_000)},
      {id: 'v-cur', value: jwtValue('k-cur', KEY_B), stages: ['AWSCURRENT'], created: new Date(now - 10 * 86_400_000 - 3_600_000)},
      {id: 'v-pend', stages: ['AWSPENDING'], created: new Date(now - 60_000)},
    ])
    sm.secrets.get('omnix-ai/dev/jwt-signing')!.rotationEnabled = true
    sm.secrets.get('omnix-ai/dev/jwt-signing')!.rotationDays = 30
    sm.addSecret('omnix-ai/dev/jwt-refresh', [{id: 'r1', value: jwtValue('r1', KEY_A), stages: ['AWSCURRENT'], created: new Date(now - 86_400_000)}])
  })
  afterEach(() => sm.restore())

  it('--json: versions, staging labels, age, schedule and in-progress rotations, for every catalog secret', async () => {
    const {stdout, exitCode} = await runCommand(SecretsList, ['--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout)
    assert.equal(result.env, 'dev')
    assert.deepEqual(result.secrets.map((s: {id: string; exists: boolean}) => [s.id, s.exists]), [
      ['jwt-signing', true],
      ['jwt-refresh', true],
      ['api-keys', false],
    ])
    const signing = result.secrets[0]
    assert.equal(signing.currentVersionId, 'v-cur')
    assert.equal(signing.ageDays, 10)
    assert.equal(signing.rotationInProgress, true)
    assert.deepEqual(signing.rotation, {enabled: true, lambdaArn: null, automaticallyAfterDays: 30, scheduleExpression: null, nextRotationDate: null})
    assert.deepEqual(
      signing.versions.map((v: {versionId: string; stages: string[]}) => [v.versionId, v.stages]),
      [
        ['v-pend', ['AWSPENDING']],
        ['v-cur', ['AWSCURRENT']],
        ['v-old', ['AWSPREVIOUS']],
      ],
    )
    assert.ok(!stdout.includes(KEY_A) && !stdout.includes(KEY_B))
    assert.ok(!sm.calls().some((c) => c.command === 'GetSecretValueCommand'), 'list reads metadata only')
  })

  it('renders a table for people', async () => {
    const {stdout, exitCode} = await runCommand(SecretsList, [])
    assert.equal(exitCode, 0)
    assert.match(stdout, /omnix-ai\/dev\/jwt-signing\s+rotation in progress\s+v-cur/)
    assert.match(stdout, /every 30 d/)
    assert.match(stdout, /omnix-ai\/dev\/api-keys\s+missing/)
  })
})
