import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {join} from 'node:path'

import {GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'
import {type AwsClientStub, mockClient} from 'aws-sdk-client-mock'

import SecretsAudit from '../../../src/commands/secrets/audit.js'
import SecretsList from '../../../src/commands/secrets/list.js'
import SecretsRotate from '../../../src/commands/secrets/rotate.js'
import {handler as rotationHandler} from '../../../src/lambda/secret-rotation.js'
import {setLogSink} from '../../../src/lambda/structured-log.js'
import {ROOT, runCommand} from '../../helpers/run-command.js'
import {FakeApiGatewayKeys} from '../../sdk/secrets/fake-api-gateway-keys.js'
import {FakeSecretsManager, jwtValue} from '../../sdk/secrets/fake-secrets-manager.js'

const PROJECT = join(ROOT, 'test', 'fixtures', 'audit', 'project')
const TEMPLATES = join(ROOT, 'test', 'fixtures', 'audit', 'templates')
const MONTH_AGO = new Date(Date.now() - 30 * 86_400_000)

/** Values planted in the fixtures and the Lambda environment: the audit must only ever show them masked. */
const PLANTED = [
  'omnix-jwt-secret-change-in-production',
  'omnix-refresh-secret-change-in-production',
  'omnix-api-key-production-2024',
  'fake-db-password-for-tests',
  'fakeTESTvalue9xQ2mZ7vB4nK1pL8rT5yW3',
  'fake-webhook-token-for-tests',
  'FakePassw0rdForTests',
  'fake-signing-key-for-tests',
  'TestOnly7fQ2zX9mK4vB8nL1pR6tY3wD5hJ0',
  'fake-refresh-secret-for-tests',
  'fakeTESTsigning7xQ2mZ9vB4nK1pL8rT5yW3',
  'fake-api-token-for-tests',
  'fake-partner-key-for-tests',
]

type Mode = {name: string; flags: string[]; setup: () => () => void}

const MODES: Mode[] = [
  {name: '--json', flags: ['--json'], setup: () => () => {}},
  {
    name: 'a TTY renderer',
    flags: [],
    setup() {
      const saved = {out: process.stdout.isTTY, err: process.stderr.isTTY, ci: process.env.CI}
      process.stdout.isTTY = true
      process.stderr.isTTY = true
      delete process.env.CI
      return () => {
        process.stdout.isTTY = saved.out
        process.stderr.isTTY = saved.err
        if (saved.ci !== undefined) process.env.CI = saved.ci
      }
    },
  },
]

describe('no secrets command prints or logs a secret value', () => {
  let lambda: AwsClientStub<LambdaClient>
  before(() => {
    lambda = mockClient(LambdaClient)
  })
  let sm: FakeSecretsManager
  let apigw: FakeApiGatewayKeys
  let restoreMode: () => void
  let stdinTTY: boolean | undefined
  let variables: Record<string, string>

  beforeEach(() => {
    sm = new FakeSecretsManager()
    apigw = new FakeApiGatewayKeys()
    apigw.addPlan('plan-dev', 'omnix-ai-dev-usage-plan')
    for (const id of ['jwt-signing', 'jwt-refresh']) sm.addSecret(`omnix-ai/dev/${id}`, [{id: `v-${id}`, value: jwtValue(`k-${id}`, randomBytes(48).toString('base64url')), stages: ['AWSCURRENT'], created: MONTH_AGO}])
    sm.addSecret('omnix-ai/dev/api-keys', [{id: 'v-api', value: JSON.stringify({kid: 'k-api', key: randomBytes(32).toString('base64url')}), stages: ['AWSCURRENT'], created: MONTH_AGO}])
    variables = {JWT_SECRET: 'omnix-jwt-secret-change-in-production', PARTNER_API_KEY: 'fake-partner-key-for-tests', LOG_LEVEL: 'INFO'}
    lambda.on(ListFunctionsCommand).resolves({Functions: [{FunctionName: 'omnix-ai-dev-api'}]})
    lambda.on(GetFunctionConfigurationCommand, {FunctionName: 'omnix-ai-dev-api'}).callsFake(() => ({Environment: {Variables: {...variables}}, RevisionId: 'r1'}))
    lambda.on(GetFunctionConfigurationCommand, {FunctionName: 'omnix-ai-dev-secret-rotation'}).resolves({FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:omnix-ai-dev-secret-rotation'})
    lambda.on(UpdateFunctionConfigurationCommand).callsFake((input: {Environment: {Variables: Record<string, string>}}) => {
      variables = input.Environment.Variables
      return {}
    })
    stdinTTY = process.stdin.isTTY
    process.stdin.isTTY = false
  })
  afterEach(() => {
    restoreMode?.()
    process.stdin.isTTY = stdinTTY as boolean
    lambda.reset()
    sm.restore()
    apigw.restore()
  })
  after(() => lambda.restore())

  /**
   * Every secret value Secrets Manager holds or was sent: the key of a JSON value (its kid is a
   * public version id, shown on purpose), or the whole of a plain-string value.
   */
  function secretValues(): string[] {
    const values = new Set<string>(PLANTED)
    const add = (text: unknown) => {
      if (typeof text !== 'string' || text === '') return
      let key: unknown = text
      try {
        key = (JSON.parse(text) as {key?: unknown}).key
      } catch {
        // A plain-string secret is its own value.
      }
      if (typeof key === 'string') values.add(key)
    }
    for (const call of sm.calls()) add(call.input.SecretString)
    for (const name of sm.secrets.keys()) for (const id of sm.versionIds(name)) add(sm.value(name, id))
    return [...values]
  }

  /** The value, or any 12-character stretch of it: a mask shows 2 characters at most. */
  function leaks(output: string, values: string[]): string[] {
    const found: string[] = []
    for (const value of values) {
      const windows = value.length <= 12 ? [value] : Array.from({length: value.length - 11}, (_, i) => value.slice(i, i + 12))
      if (windows.some((w) => output.includes(w))) found.push(value)
    }
    return found
  }

  for (const mode of MODES) {
    it(`with ${mode.name}`, async () => {
      restoreMode = mode.setup()
      const runs: Array<{argv: string[]; stdout: string; stderr: string; error?: string}> = []
      const run = async (command: Parameters<typeof runCommand>[0], argv: string[]) => {
        const out = await runCommand(command, [...argv, ...mode.flags])
        runs.push({argv, stdout: out.stdout, stderr: out.stderr, error: out.error ? `${out.error.message} ${JSON.stringify(out.error)}` : undefined})
        return out
      }

      assert.equal((await run(SecretsRotate, ['--all', '--yes'])).exitCode, 0)
      assert.equal((await run(SecretsRotate, ['jwt-signing', '--yes', '--force'])).exitCode, 0)
      assert.equal((await run(SecretsRotate, ['--all', '--dry-run'])).exitCode, 0)
      assert.equal((await run(SecretsRotate, ['jwt-refresh', '--schedule', '30', '--yes'])).exitCode, 0)
      sm.tamper = (value) => JSON.stringify({...JSON.parse(value), key: 'tampered-test-key'})
      assert.equal((await run(SecretsRotate, ['api-keys', '--yes', '--force'])).exitCode, 1)
      sm.tamper = undefined
      assert.equal((await run(SecretsList, [])).exitCode, 0)
      const audit = ['--source', 'lambda', '--source', 'files', '--source', 'templates', '--path', PROJECT, '--templates', TEMPLATES]
      assert.equal((await run(SecretsAudit, audit)).exitCode, 1)
      assert.equal((await run(SecretsAudit, ['--source', 'lambda', '--fix', '--dry-run'])).exitCode, 1)
      assert.equal((await run(SecretsAudit, ['--source', 'lambda', '--fix', '--yes'])).exitCode, 0)

      // The rotation Lambda logs each step.
      const logged: string[] = []
      const previousSink = setLogSink((line) => logged.push(line))
      try {
        const name = 'omnix-ai/dev/api-keys'
        sm.startManagedRotation(name, 'f6666666-6666-4666-8666-666666666666')
        for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await rotationHandler({Step, SecretId: name, ClientRequestToken: 'f6666666-6666-4666-8666-666666666666'})
      } finally {
        setLogSink(previousSink)
      }

      const values = secretValues()
      // Generated: 3 rotations + 1 forced + 1 tampered + 1 by the Lambda; moved: 2 Lambda variables.
      assert.ok(values.length >= PLANTED.length + 6, `only ${values.length} values collected`)
      assert.ok(runs.every((r) => r.stdout.length > 0 || r.stderr.length > 0))
      for (const r of runs) {
        assert.deepEqual(leaks(r.stdout, values), [], `stdout of ${r.argv.join(' ')}`)
        assert.deepEqual(leaks(r.stderr, values), [], `stderr of ${r.argv.join(' ')}`)
        if (r.error) assert.deepEqual(leaks(r.error, values), [], `error of ${r.argv.join(' ')}`)
      }
      assert.equal(logged.length, 4)
      assert.deepEqual(leaks(logged.join('\n'), values), [], 'rotation Lambda log')
    })
  }
})
