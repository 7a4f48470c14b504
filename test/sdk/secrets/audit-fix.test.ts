import assert from 'node:assert/strict'

import {GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'
import {type AwsClientStub, mockClient} from 'aws-sdk-client-mock'

import {applyLambdaFixes, planLambdaFixes} from '../../../src/sdk/secrets/audit/fix.js'
import type {AuditFinding} from '../../../src/sdk/secrets/audit/findings.js'
import {FakeSecretsManager} from './fake-secrets-manager.js'

const FN = 'omnix-ai-dev-api'
const WEAK = 'omnix-jwt-secret-change-in-production'
const finding = (variable: string): AuditFinding => ({
  source: 'lambda',
  location: `${FN}:${variable}`,
  rule: 'known-weak-value',
  name: variable,
  maskedValue: 'om…(37 chars)',
  fixable: true,
  lambda: {functionName: FN, variable},
})

describe('secrets audit --fix (Lambda variables into Secrets Manager)', () => {
  let lambda: AwsClientStub<LambdaClient>
  before(() => {
    lambda = mockClient(LambdaClient)
  })
  let sm: FakeSecretsManager
  let variables: Record<string, string>

  beforeEach(() => {
    sm = new FakeSecretsManager()
    variables = {JWT_SECRET: WEAK, TABLE_NAME: 'omnix-ai-dev-products'}
    lambda.on(GetFunctionConfigurationCommand).callsFake(() => ({Environment: {Variables: {...variables}}, RevisionId: 'rev-1'}))
    lambda.on(UpdateFunctionConfigurationCommand).callsFake((input: {Environment: {Variables: Record<string, string>}}) => {
      variables = input.Environment.Variables
      return {RevisionId: 'rev-2'}
    })
  })
  afterEach(() => {
    lambda.reset()
    sm.restore()
  })
  after(() => lambda.restore())

  const plan = () => planLambdaFixes([finding('JWT_SECRET'), finding('JWT_SECRET'), {...finding('X'), lambda: undefined, fixable: false}], 'dev')
  const apply = (extra: {dryRun?: boolean; kmsKeyId?: string} = {}) => applyLambdaFixes({lambda: new LambdaClient({}), secrets: sm.client(), plan: plan(), ...extra})

  it('plans each Lambda variable once, named omnix-ai/{env}/lambda/{function}/{VARIABLE}', () => {
    assert.deepEqual(plan(), [{functionName: FN, variable: 'JWT_SECRET', secretName: 'omnix-ai/dev/lambda/omnix-ai-dev-api/JWT_SECRET'}])
  })

  it('creates the secret with the value read at fix time, then swaps the variable for the ARN guarded by RevisionId', async () => {
    const results = await apply({kmsKeyId: 'alias/omnix-ai-dev'})
    const arn = sm.secrets.get('omnix-ai/dev/lambda/omnix-ai-dev-api/JWT_SECRET')!.arn
    assert.deepEqual(results, [{functionName: FN, variable: 'JWT_SECRET', secretName: 'omnix-ai/dev/lambda/omnix-ai-dev-api/JWT_SECRET', action: 'moved', secretArn: arn}])
    assert.deepEqual(sm.calls(), [
      {
        command: 'CreateSecretCommand',
        input: {
          Name: 'omnix-ai/dev/lambda/omnix-ai-dev-api/JWT_SECRET',
          SecretString: WEAK,
          Description: 'Moved out of the JWT_SECRET environment variable of Lambda omnix-ai-dev-api',
          KmsKeyId: 'alias/omnix-ai-dev',
          Tags: [{Key: 'omnix:moved-from', Value: 'lambda:omnix-ai-dev-api:JWT_SECRET'}],
        },
      },
    ])
    assert.deepEqual(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0].args[0].input, {
      FunctionName: FN,
      Environment: {Variables: {JWT_SECRET: arn, TABLE_NAME: 'omnix-ai-dev-products'}},
      RevisionId: 'rev-1',
    })
  })

  it('re-running is safe: a variable holding a secret ARN is left alone', async () => {
    await apply()
    const callsBefore = sm.calls().length
    const again = await apply()
    assert.equal(again[0].action, 'already-moved')
    assert.equal(sm.calls().length, callsBefore)
    assert.equal(lambda.commandCalls(UpdateFunctionConfigurationCommand).length, 1)
  })

  it('an existing secret gets a new version only when its value differs', async () => {
    sm.addSecret('omnix-ai/dev/lambda/omnix-ai-dev-api/JWT_SECRET', [{id: 'v1', value: 'old-fake-value', stages: ['AWSCURRENT']}])
    await apply()
    assert.deepEqual(
      sm.calls().map((c) => c.command),
      ['CreateSecretCommand', 'GetSecretValueCommand', 'PutSecretValueCommand'],
    )
    assert.equal(sm.calls()[1].input.VersionStage, 'AWSCURRENT')
  })

  it('--dry-run reads but changes nothing', async () => {
    const results = await apply({dryRun: true})
    assert.equal(results[0].action, 'would-move')
    assert.deepEqual(sm.calls(), [])
    assert.equal(lambda.commandCalls(UpdateFunctionConfigurationCommand).length, 0)
    assert.equal(variables.JWT_SECRET, WEAK)
  })
})
