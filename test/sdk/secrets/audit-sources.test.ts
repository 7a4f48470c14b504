import assert from 'node:assert/strict'
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {CloudFormationClient, GetTemplateCommand, ListStacksCommand} from '@aws-sdk/client-cloudformation'
import {GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand} from '@aws-sdk/client-lambda'
import {DescribeParametersCommand, GetParametersCommand, SSMClient} from '@aws-sdk/client-ssm'
import {type AwsClientStub, mockClient} from 'aws-sdk-client-mock'

import {auditSecrets, isPlatformResource} from '../../../src/sdk/secrets/audit/audit.js'
import {UsageError} from '../../../src/sdk/errors.js'
import {ROOT} from '../../helpers/run-command.js'

const FIXTURES = join(ROOT, 'test', 'fixtures', 'audit')
const TARGET = {region: 'us-east-1'}

/** The findings as [location, rule, masked value]. */
const summary = (findings: Array<{location: string; rule: string; maskedValue: string}>) => findings.map((f) => [f.location, f.rule, f.maskedValue])

describe('secrets audit sources', () => {
  describe('files under --path', () => {
    let dir: string
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'omnix-audit-'))
      await cp(join(FIXTURES, 'project'), dir, {recursive: true})
      // Dependencies and VCS data are not the project's files (and are not committed as fixtures).
      for (const skipped of ['node_modules/leaky', '.git', 'cdk.out']) {
        await mkdir(join(dir, skipped), {recursive: true})
        await writeFile(join(dir, skipped, '.env'), 'JWT_SECRET=omnix-jwt-secret-change-in-production\n')
      }
    })
    after(() => rm(dir, {recursive: true, force: true}))

    it('reports every planted secret with its line and rule, and no decoy', async () => {
      const report = await auditSecrets({target: TARGET, sources: ['files'], path: dir})
      assert.deepEqual(summary(report.findings), [
        ['.env:2', 'known-weak-value', 'om…(37 chars)'],
        ['.env:3', 'secret-name', 'fa…(26 chars)'],
        ['.env:4', 'high-entropy', 'fa…(35 chars)'],
        ['.env:10', 'known-weak-value', 'om…(29 chars)'],
        ['config/app.json:3', 'known-weak-value', 'om…(41 chars)'],
        ['config/app.json:9', 'secret-name', 'fa…(28 chars)'],
        ['config/settings.yaml:3', 'known-weak-value', 'om…(29 chars)'],
        ['config/settings.yaml:7', 'credentials-in-url', 'Fa…(20 chars)'],
        ['src/auth.js:2', 'known-weak-value', 'om…(37 chars)'],
        ['src/auth.js:3', 'secret-name', 'fa…(26 chars)'],
        ['src/auth.js:6', 'high-entropy', 'Te…(36 chars)'],
      ])
      assert.equal(report.findings[0].name, 'JWT_SECRET')
      assert.ok(report.findings.every((f) => f.source === 'files' && !f.fixable))
      // .env, .env.example, app.json, settings.yaml, auth.js, index.html, package-lock.json
      assert.equal(report.scanned.files, 7)
    })

    it('never puts a planted value in a finding', async () => {
      const report = await auditSecrets({target: TARGET, sources: ['files'], path: dir})
      const text = JSON.stringify(report)
      for (const planted of ['omnix-jwt-secret-change-in-production', 'fake-db-password-for-tests', 'fakeTESTvalue9xQ2mZ7vB4nK1pL8rT5yW3', 'FakePassw0rdForTests', 'TestOnly7fQ2zX9mK4vB8nL1pR6tY3wD5hJ0']) {
        assert.ok(!text.includes(planted), planted)
      }
    })

    it('names --path when it is not a directory', async () => {
      await assert.rejects(auditSecrets({target: TARGET, sources: ['files'], path: join(dir, 'nope')}), (e: Error) => e instanceof UsageError && /--path/.test(e.message))
      await assert.rejects(auditSecrets({target: TARGET, sources: ['files']}), /needs --path/)
    })
  })

  it('synthesized templates: environment variables, parameters and SSM parameter resources, not CDK metadata or asset hashes', async () => {
    const report = await auditSecrets({target: TARGET, sources: ['templates'], templatesDir: join(FIXTURES, 'templates')})
    const fn = 'omnix-ai-dev-api.template.json#Resources.ApiHandler5E7490E8.Properties.Environment.Variables'
    assert.deepEqual(summary(report.findings), [
      ['omnix-ai-dev-api.template.json#Parameters.ApiKeyValue.Default', 'known-weak-value', 'om…(29 chars)'],
      [`${fn}.JWT_REFRESH_SECRET`, 'secret-name', 'fa…(29 chars)'],
      [`${fn}.JWT_SECRET`, 'known-weak-value', 'om…(37 chars)'],
      [`${fn}.SIGNING_MATERIAL.Fn::Join.1.0`, 'high-entropy', 'fa…(37 chars)'],
      ['omnix-ai-dev-api.template.json#Resources.ApiTokenParameter9A8B7C6D.Properties.Value', 'secret-name', 'fa…(24 chars)'],
    ])
    assert.equal(report.scanned.templates, 2)
  })

  describe('AWS sources', () => {
    let lambda: AwsClientStub<LambdaClient>
    let cfn: AwsClientStub<CloudFormationClient>
    let ssm: AwsClientStub<SSMClient>
    before(() => {
      lambda = mockClient(LambdaClient)
      cfn = mockClient(CloudFormationClient)
      ssm = mockClient(SSMClient)
    })
    afterEach(() => {
      lambda.reset()
      cfn.reset()
      ssm.reset()
    })
    after(() => {
      lambda.restore()
      cfn.restore()
      ssm.restore()
    })

    it('Lambda environment variables, read per function', async () => {
      lambda.on(ListFunctionsCommand).resolvesOnce({Functions: [{FunctionName: 'omnix-ai-dev-api'}], NextMarker: 'm1'}).resolvesOnce({Functions: [{FunctionName: 'omnix-ai-dev-forecast'}]})
      lambda.on(GetFunctionConfigurationCommand, {FunctionName: 'omnix-ai-dev-api'}).resolves({
        Environment: {
          Variables: {
            JWT_SECRET: 'omnix-jwt-secret-change-in-production',
            TABLE_NAME: 'omnix-ai-dev-products',
            JWT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:omnix-ai/dev/jwt-signing-AbCdEf',
          },
        },
      })
      lambda.on(GetFunctionConfigurationCommand, {FunctionName: 'omnix-ai-dev-forecast'}).resolves({Environment: {Variables: {BEDROCK_MAX_TOKENS: '4096', PARTNER_API_KEY: 'fake-partner-key-for-tests'}}})
      const report = await auditSecrets({target: TARGET, sources: ['lambda']})
      assert.deepEqual(summary(report.findings), [
        ['omnix-ai-dev-api:JWT_SECRET', 'known-weak-value', 'om…(37 chars)'],
        ['omnix-ai-dev-forecast:PARTNER_API_KEY', 'secret-name', 'fa…(26 chars)'],
      ])
      assert.deepEqual(report.findings[0].lambda, {functionName: 'omnix-ai-dev-api', variable: 'JWT_SECRET'})
      assert.ok(report.findings.every((f) => f.fixable))
      assert.equal(lambda.commandCalls(ListFunctionsCommand).length, 2)
      assert.equal(report.scanned.lambda, 2)
    })

    it('deployed stack templates, JSON and YAML with short-form tags', async () => {
      cfn.on(ListStacksCommand).resolves({
        StackSummaries: [
          {StackName: 'omnix-ai-dev-api', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date()},
          {StackName: 'omnix-backend-dev', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date()},
        ],
      })
      cfn.on(GetTemplateCommand, {StackName: 'omnix-ai-dev-api'}).resolves({TemplateBody: await readFile(join(FIXTURES, 'templates', 'omnix-ai-dev-api.template.json'), 'utf8')})
      cfn.on(GetTemplateCommand, {StackName: 'omnix-backend-dev'}).resolves({TemplateBody: await readFile(join(FIXTURES, 'deployed', 'legacy-backend.yaml'), 'utf8')})
      const report = await auditSecrets({target: TARGET, sources: ['cloudformation']})
      const locations = report.findings.map((f) => `${f.location} ${f.rule}`)
      assert.ok(locations.includes('omnix-ai-dev-api#Resources.ApiHandler5E7490E8.Properties.Environment.Variables.JWT_SECRET known-weak-value'))
      assert.deepEqual(
        locations.filter((l) => l.startsWith('omnix-backend-dev')),
        [
          'omnix-backend-dev#Resources.BackendFunction.Properties.Environment.Variables.API_KEY_1 known-weak-value',
          'omnix-backend-dev#Resources.BackendFunction.Properties.Environment.Variables.JWT_SECRET known-weak-value',
        ],
      )
      const listInput = cfn.commandCalls(ListStacksCommand)[0].args[0].input
      assert.ok(!listInput.StackStatusFilter?.includes('DELETE_COMPLETE'))
      assert.deepEqual(
        cfn.commandCalls(GetTemplateCommand).map((c) => c.args[0].input),
        [
          {StackName: 'omnix-ai-dev-api', TemplateStage: 'Original'},
          {StackName: 'omnix-backend-dev', TemplateStage: 'Original'},
        ],
      )
    })

    it('SSM String parameters only, read in batches, never decrypting', async () => {
      const names = Array.from({length: 11}, (_, i) => `/omnix-ai/dev/p${i}`)
      ssm.on(DescribeParametersCommand).resolves({Parameters: names.map((Name) => ({Name, Type: 'String'}))})
      ssm.on(GetParametersCommand).callsFake((input: {Names: string[]}) => ({
        Parameters: input.Names.map((Name) => ({Name, Type: 'String', Value: Name.endsWith('p3') ? 'omnix-api-key-production-2024' : 'INFO'})),
      }))
      const report = await auditSecrets({target: TARGET, sources: ['ssm']})
      assert.deepEqual(summary(report.findings), [['/omnix-ai/dev/p3', 'known-weak-value', 'om…(29 chars)']])
      assert.deepEqual(ssm.commandCalls(DescribeParametersCommand)[0].args[0].input.ParameterFilters, [{Key: 'Type', Option: 'Equals', Values: ['String', 'StringList']}])
      const batches = ssm.commandCalls(GetParametersCommand).map((c) => c.args[0].input)
      assert.deepEqual(batches.map((b) => [b.Names?.length, b.WithDecryption]), [[10, false], [1, false]])
    })

    it('a source that cannot be read is reported, and the others still run', async () => {
      lambda.on(ListFunctionsCommand).rejects(Object.assign(new Error('User is not authorized to perform lambda:ListFunctions'), {name: 'AccessDeniedException'}))
      ssm.on(DescribeParametersCommand).resolves({Parameters: []})
      cfn.on(ListStacksCommand).resolves({StackSummaries: []})
      const report = await auditSecrets({target: TARGET})
      assert.deepEqual(report.errors, [{source: 'lambda', message: 'AccessDeniedException: User is not authorized to perform lambda:ListFunctions'}])
      assert.deepEqual(report.scanned, {cloudformation: 0, ssm: 0})
    })

    it('--platform-only keeps resources named like the platform', async () => {
      lambda.on(ListFunctionsCommand).resolves({Functions: [{FunctionName: 'omnix-ai-dev-api'}, {FunctionName: 'other-team-fn'}]})
      lambda.on(GetFunctionConfigurationCommand).resolves({Environment: {Variables: {}}})
      await auditSecrets({target: TARGET, sources: ['lambda'], include: isPlatformResource})
      assert.deepEqual(lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName), ['omnix-ai-dev-api'])
      assert.ok(isPlatformResource('/omnix-ai/dev/api/cors-origins'))
    })
  })
})
