import assert from 'node:assert/strict'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'
import {type AwsClientStub, mockClient} from 'aws-sdk-client-mock'

import SecretsAudit from '../../../src/commands/secrets/audit.js'
import {ROOT, runCommand} from '../../helpers/run-command.js'
import {FakeSecretsManager} from '../../sdk/secrets/fake-secrets-manager.js'

const PROJECT = join(ROOT, 'test', 'fixtures', 'audit', 'project')
const TEMPLATES = join(ROOT, 'test', 'fixtures', 'audit', 'templates')

describe('omnix secrets audit', () => {
  let lambda: AwsClientStub<LambdaClient>
  before(() => {
    lambda = mockClient(LambdaClient)
  })
  let sm: FakeSecretsManager
  let stdinTTY: boolean | undefined
  let variables: Record<string, string>

  beforeEach(() => {
    sm = new FakeSecretsManager()
    variables = {JWT_SECRET: 'omnix-jwt-secret-change-in-production', LOG_LEVEL: 'INFO'}
    lambda.on(ListFunctionsCommand).resolves({Functions: [{FunctionName: 'omnix-ai-dev-api'}]})
    lambda.on(GetFunctionConfigurationCommand).callsFake(() => ({Environment: {Variables: {...variables}}, RevisionId: 'r1'}))
    lambda.on(UpdateFunctionConfigurationCommand).callsFake((input: {Environment: {Variables: Record<string, string>}}) => {
      variables = input.Environment.Variables
      return {}
    })
    stdinTTY = process.stdin.isTTY
    process.stdin.isTTY = false
  })
  afterEach(() => {
    process.stdin.isTTY = stdinTTY as boolean
    lambda.reset()
    sm.restore()
  })
  after(() => lambda.restore())

  it('exits 1 with masked findings as JSON when files and templates hold secrets (no AWS calls)', async () => {
    const {stdout, exitCode} = await runCommand(SecretsAudit, ['--source', 'files', '--source', 'templates', '--path', PROJECT, '--templates', TEMPLATES, '--json'])
    assert.equal(exitCode, 1)
    const result = JSON.parse(stdout)
    assert.deepEqual(result.scanned, {templates: 2, files: 7})
    assert.equal(result.summary.findings, 16)
    assert.equal(result.summary.open, 16)
    assert.deepEqual(result.findings[0], {
      source: 'templates',
      location: 'omnix-ai-dev-api.template.json#Parameters.ApiKeyValue.Default',
      rule: 'known-weak-value',
      name: 'ApiKeyValue',
      maskedValue: 'om…(29 chars)',
      fixable: false,
    })
    assert.equal(lambda.calls().length, 0)
  })

  it('exits 0 on a clean directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnix-clean-'))
    try {
      await writeFile(join(dir, '.env'), 'LOG_LEVEL=info\nJWT_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:omnix-ai/dev/jwt-signing-AbCdEf\n')
      const {stdout, exitCode} = await runCommand(SecretsAudit, ['--source', 'files', '--path', dir])
      assert.equal(exitCode, 0)
      assert.match(stdout, /No secrets found in the open \(scanned: files 1\)/)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('names --path when it does not exist (exit 2)', async () => {
    const {exitCode, error} = await runCommand(SecretsAudit, ['--source', 'files', '--path', join(PROJECT, 'missing')])
    assert.equal(exitCode, 2)
    assert.match(String(error?.message), /--path: .*missing is not a directory/)
  })

  it('--fix moves the Lambda variable into Secrets Manager after asking, and then nothing is left open', async () => {
    const {stdout, exitCode} = await runCommand(SecretsAudit, ['--source', 'lambda', '--fix', '--yes', '--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout)
    assert.equal(result.fixes[0].action, 'moved')
    assert.equal(result.summary.open, 0)
    assert.equal(variables.JWT_SECRET, sm.secrets.get('omnix-ai/dev/lambda/omnix-ai-dev-api/JWT_SECRET')!.arn)
    const again = await runCommand(SecretsAudit, ['--source', 'lambda'])
    assert.equal(again.exitCode, 0)
  })

  it('--fix refuses without a terminal or --yes, and --fix --dry-run changes nothing', async () => {
    const refused = await runCommand(SecretsAudit, ['--source', 'lambda', '--fix'])
    assert.equal(refused.exitCode, 1)
    assert.match(String(refused.error?.message), /refusing without a terminal/)
    const dry = await runCommand(SecretsAudit, ['--source', 'lambda', '--fix', '--dry-run', '--json'])
    assert.equal(dry.exitCode, 1)
    assert.equal(JSON.parse(dry.stdout).fixes[0].action, 'would-move')
    assert.deepEqual(sm.calls(), [])
    assert.equal(lambda.commandCalls(UpdateFunctionConfigurationCommand).length, 0)
  })
})
