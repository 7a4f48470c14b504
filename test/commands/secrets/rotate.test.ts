import assert from 'node:assert/strict'

import {CreateSecretCommand} from '@aws-sdk/client-secrets-manager'
import {GetFunctionConfigurationCommand, LambdaClient, ResourceNotFoundException} from '@aws-sdk/client-lambda'
import {type AwsClientStub, mockClient} from 'aws-sdk-client-mock'

import SecretsRotate from '../../../src/commands/secrets/rotate.js'
import {runCommand} from '../../helpers/run-command.js'
import {FakeApiGatewayKeys} from '../../sdk/secrets/fake-api-gateway-keys.js'
import {FakeSecretsManager, jwtValue} from '../../sdk/secrets/fake-secrets-manager.js'

const MONTH_AGO = new Date(Date.now() - 30 * 86_400_000)
const ROTATION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:omnix-ai-dev-secret-rotation'

function seed(sm: FakeSecretsManager, env = 'dev') {
  sm.addSecret(`omnix-ai/${env}/jwt-signing`, [{id: 'v-sign', value: jwtValue('k-sign', 'rotate-test-sign-'.padEnd(64, 's')), stages: ['AWSCURRENT'], created: MONTH_AGO}])
  sm.addSecret(`omnix-ai/${env}/jwt-refresh`, [{id: 'v-refr', value: jwtValue('k-refr', 'rotate-test-refr-'.padEnd(64, 'r')), stages: ['AWSCURRENT'], created: MONTH_AGO}])
  sm.addSecret(`omnix-ai/${env}/api-keys`, [{id: 'v-api', value: JSON.stringify({kid: 'k-api', key: 'rotate-test-api-'.padEnd(64, 'k')}), stages: ['AWSCURRENT'], created: MONTH_AGO}])
}

const writes = (sm: FakeSecretsManager) => sm.calls().filter((c) => !['DescribeSecretCommand', 'GetSecretValueCommand', 'ListSecretVersionIdsCommand'].includes(c.command))

describe('omnix secrets rotate', () => {
  let sm: FakeSecretsManager
  let apigw: FakeApiGatewayKeys
  let lambda: AwsClientStub<LambdaClient>
  before(() => {
    lambda = mockClient(LambdaClient)
  })
  let stdinTTY: boolean | undefined

  beforeEach(() => {
    sm = new FakeSecretsManager()
    apigw = new FakeApiGatewayKeys()
    apigw.addPlan('plan-dev', 'omnix-ai-dev-usage-plan')
    seed(sm)
    lambda.on(GetFunctionConfigurationCommand, {FunctionName: 'omnix-ai-dev-secret-rotation'}).resolves({FunctionArn: ROTATION_ARN})
    stdinTTY = process.stdin.isTTY
    process.stdin.isTTY = false
  })
  afterEach(() => {
    process.stdin.isTTY = stdinTTY as boolean
    sm.restore()
    apigw.restore()
    lambda.reset()
  })
  after(() => lambda.restore())

  it('rotates one secret by id and reports the versions as JSON', async () => {
    const {stdout, exitCode} = await runCommand(SecretsRotate, ['jwt-signing', '--yes', '--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout)
    assert.equal(result.rotations.length, 1)
    const [row] = result.rotations
    assert.equal(row.secret, 'omnix-ai/dev/jwt-signing')
    assert.equal(row.action, 'rotated')
    assert.equal(row.previousVersionId, 'v-sign')
    assert.deepEqual(sm.stages('omnix-ai/dev/jwt-signing'), {[row.versionId]: ['AWSCURRENT'], 'v-sign': ['AWSPREVIOUS']})
    assert.deepEqual(sm.stages('omnix-ai/dev/api-keys'), {'v-api': ['AWSCURRENT']})
  })

  it('--all rotates every catalog secret; the full name works too', async () => {
    assert.equal((await runCommand(SecretsRotate, ['--all', '--yes'])).exitCode, 0)
    for (const id of ['jwt-signing', 'jwt-refresh', 'api-keys']) assert.equal(Object.keys(sm.stages(`omnix-ai/dev/${id}`)).length, 2, id)
    sm.restore()
    sm = new FakeSecretsManager()
    seed(sm)
    assert.equal((await runCommand(SecretsRotate, ['omnix-ai/dev/api-keys', '--yes'])).exitCode, 0)
  })

  it('rotates three weak secrets created a minute ago with --all --yes, no --force: old values stay AWSPREVIOUS, no value printed', async () => {
    sm.restore()
    sm = new FakeSecretsManager()
    // As an operator creates them by hand: one version each, AWSCURRENT, a known weak value.
    const weak = {'jwt-signing': 'omnix-jwt-secret-change-in-production', 'jwt-refresh': 'omnix-refresh-secret-change-in-production', 'api-keys': 'omnix-api-key-production-2024'}
    const client = sm.client()
    for (const [id, value] of Object.entries(weak)) await client.send(new CreateSecretCommand({Name: `omnix-ai/dev/${id}`, SecretString: value}))
    const {stdout, stderr, exitCode} = await runCommand(SecretsRotate, ['--all', '--yes', '--json'])
    assert.equal(exitCode, 0, stderr)
    const result = JSON.parse(stdout)
    assert.deepEqual(result.rotations.map((r: {action: string}) => r.action), ['rotated', 'rotated', 'rotated'])
    const printed = stdout + stderr
    for (const [id, value] of Object.entries(weak)) {
      const name = `omnix-ai/dev/${id}`
      const row = result.rotations.find((r: {secret: string}) => r.secret === name)
      const stages = sm.stages(name)
      assert.deepEqual(stages[row.previousVersionId], ['AWSPREVIOUS'])
      assert.equal(sm.value(name, row.previousVersionId), value)
      assert.deepEqual(stages[row.versionId], ['AWSCURRENT'])
      assert.ok(!printed.includes(value), `${id}: old value printed`)
      assert.ok(!printed.includes(JSON.parse(sm.value(name, row.versionId)!).key), `${id}: new value printed`)
    }
    // The new API key works at the gateway: created in the usage plan with the secret's new value.
    const apiRow = result.rotations.find((r: {secret: string}) => r.secret === 'omnix-ai/dev/api-keys')
    assert.deepEqual(apigw.accepted('plan-dev'), {[`omnix-ai-dev-client-${apiRow.versionId}`]: JSON.parse(sm.value('omnix-ai/dev/api-keys', apiRow.versionId)!).key})
    assert.equal(apiRow.gateway.usagePlanId, 'plan-dev')
  })

  it('--dry-run shows the plan, including an interrupted rotation, and writes nothing', async () => {
    sm.startManagedRotation('omnix-ai/dev/jwt-refresh', 'v-pending')
    const {stdout, stderr, exitCode} = await runCommand(SecretsRotate, ['--all', '--dry-run'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /omnix-ai\/dev\/jwt-signing\s+would-rotate\s+v-sign/)
    assert.match(stdout, /omnix-ai\/dev\/jwt-refresh\s+would-resume\s+v-refr\s+v-pending/)
    assert.match(stderr, /resume the interrupted rotation of version v-pending/)
    assert.deepEqual(writes(sm), [])
  })

  it('refuses prod without a typed confirmation, and proceeds with --confirm prod', async () => {
    seed(sm, 'prod')
    const refused = await runCommand(SecretsRotate, ['jwt-signing', '-e', 'prod', '--yes'])
    assert.equal(refused.exitCode, 1)
    assert.match(String(refused.error?.message), /refusing without a terminal/)
    assert.deepEqual(writes(sm), [])
    const done = await runCommand(SecretsRotate, ['jwt-signing', '-e', 'prod', '--confirm', 'prod'])
    assert.equal(done.exitCode, 0)
    assert.equal(Object.keys(sm.stages('omnix-ai/prod/jwt-signing')).length, 2)
  })

  it('refuses without a terminal or --yes', async () => {
    const {exitCode, error} = await runCommand(SecretsRotate, ['jwt-signing'])
    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /pass --yes|refusing/)
    assert.deepEqual(writes(sm), [])
  })

  it('names bad input precisely (exit 2)', async () => {
    const unknown = await runCommand(SecretsRotate, ['db-password', '--yes'])
    assert.equal(unknown.exitCode, 2)
    assert.match(String(unknown.error?.message), /"db-password" is not one of the platform's secrets/)
    const neither = await runCommand(SecretsRotate, ['--yes'])
    assert.equal(neither.exitCode, 2)
    const wrongEnv = await runCommand(SecretsRotate, ['omnix-ai/prod/jwt-signing', '--yes'])
    assert.equal(wrongEnv.exitCode, 2)
    assert.match(String(wrongEnv.error?.message), /belongs to environment prod/)
    const badDays = await runCommand(SecretsRotate, ['jwt-signing', '--schedule', '0', '--yes'])
    assert.equal(badDays.exitCode, 2)
    assert.match(String(badDays.error?.message), /--schedule: "0"/)
  })

  it('a failed rotation exits 1 with one JSON result naming it, and the other secrets still rotate', async () => {
    sm.tamper = (value) => (value.includes('"alg"') ? JSON.stringify({...JSON.parse(value), key: 'short'}) : value)
    const {stdout, exitCode} = await runCommand(SecretsRotate, ['--all', '--yes', '--json'])
    assert.equal(exitCode, 1)
    const result = JSON.parse(stdout)
    assert.deepEqual(
      result.rotations.map((r: {secret: string; action: string}) => [r.secret, r.action]),
      [
        ['omnix-ai/dev/jwt-signing', 'failed'],
        ['omnix-ai/dev/jwt-refresh', 'failed'],
        ['omnix-ai/dev/api-keys', 'rotated'],
      ],
    )
    assert.match(result.rotations[0].error, /was not promoted/)
    assert.deepEqual(sm.stages('omnix-ai/dev/jwt-signing'), {'v-sign': ['AWSCURRENT']})
  })

  it('--schedule turns on automatic rotation with the stack\'s rotation Lambda', async () => {
    const {stdout, exitCode} = await runCommand(SecretsRotate, ['jwt-refresh', '--schedule', '30', '--yes', '--json'])
    assert.equal(exitCode, 0)
    assert.deepEqual(JSON.parse(stdout).schedules, [{secret: 'omnix-ai/dev/jwt-refresh', rotationLambdaArn: ROTATION_ARN, automaticallyAfterDays: 30, action: 'scheduled'}])
    assert.deepEqual(lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input), [{FunctionName: 'omnix-ai-dev-secret-rotation'}])
    assert.deepEqual(writes(sm), [
      {
        command: 'RotateSecretCommand',
        input: {SecretId: 'omnix-ai/dev/jwt-refresh', RotationLambdaARN: ROTATION_ARN, RotationRules: {AutomaticallyAfterDays: 30}, RotateImmediately: false},
      },
    ])
  })

  it('--schedule fails clearly when the rotation Lambda is not deployed', async () => {
    lambda.reset()
    lambda.on(GetFunctionConfigurationCommand).rejects(new ResourceNotFoundException({message: 'Function not found', $metadata: {}}))
    const {exitCode, error} = await runCommand(SecretsRotate, ['jwt-refresh', '--schedule', '30', '--yes'])
    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /rotation Lambda omnix-ai-dev-secret-rotation not found/)
    assert.deepEqual(writes(sm), [])
  })
})
