import assert from 'node:assert/strict'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {Template} from 'aws-cdk-lib/assertions'

import {API_ROUTES} from '../../src/lambda/api-routes.js'
import {resolveConfig} from '../../src/sdk/config/resolve.js'
import {ConfigError} from '../../src/sdk/errors.js'
import {buildPlatformApp} from '../../stacks/app.js'
import {only, resourcesOf, synthesizedBefore} from './synthesized-platform.js'

function functionIdNamed(template: Template, name: string): string {
  const entry = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(([, f]) => f.Properties.FunctionName === name)
  assert.ok(entry, `function ${name} exists`)
  return entry[0]
}

function resourcePath(template: Template, id: string): string {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource')
  const {ParentId, PathPart} = resources[id].Properties
  return `${ParentId['Fn::GetAtt'] ? '' : resourcePath(template, ParentId.Ref)}/${PathPart}`
}

describe('security of what deploy creates', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'], 180_000)

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const platform = () => synthesized(env)
      const api = () => platform().templates.api

      it('gives the WebSocket $connect route a Lambda REQUEST authorizer (and only $connect)', () => {
        const authorizer = only(resourcesOf(api(), 'AWS::ApiGatewayV2::Authorizer'))
        assert.equal(authorizer.Properties.AuthorizerType, 'REQUEST')
        assert.ok(JSON.stringify(authorizer.Properties.AuthorizerUri).includes(functionIdNamed(api(), `omnix-ai-${env}-websocket-authorizer`)))
        const [authorizerId] = Object.keys(resourcesOf(api(), 'AWS::ApiGatewayV2::Authorizer'))
        const routes = Object.values(resourcesOf(api(), 'AWS::ApiGatewayV2::Route'))
        const connect = routes.find((r) => r.Properties.RouteKey === '$connect')!
        assert.equal(connect.Properties.AuthorizationType, 'CUSTOM')
        assert.deepEqual(connect.Properties.AuthorizerId, {Ref: authorizerId})
        for (const other of routes.filter((r) => r.Properties.RouteKey !== '$connect')) assert.notEqual(other.Properties.AuthorizationType, 'CUSTOM')
      })

      it('passes the WebSocket authorizer the signing secret by ARN and lets it read the secret', () => {
        const fn = resourcesOf(api(), 'AWS::Lambda::Function')[functionIdNamed(api(), `omnix-ai-${env}-websocket-authorizer`)]
        assert.ok(fn.Properties.Environment.Variables.JWT_SECRET_ID['Fn::ImportValue'])
        const policies = JSON.stringify(Object.values(resourcesOf(api(), 'AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes('WebSocketAuthorizer')))
        assert.match(policies, /secretsmanager:GetSecretValue/)
      })

      it('answers preflights (OPTIONS) on every route path with the API handler, open, never a static "*"', () => {
        const apiFn = functionIdNamed(api(), `omnix-ai-${env}-api`)
        const options = Object.values(resourcesOf(api(), 'AWS::ApiGateway::Method')).filter((m) => m.Properties.HttpMethod === 'OPTIONS')
        const paths = new Set(options.map((m) => resourcePath(api(), m.Properties.ResourceId.Ref)))
        assert.deepEqual([...paths].sort(), [...new Set(API_ROUTES.map((r) => r.path))].sort())
        for (const method of options) {
          assert.equal(method.Properties.AuthorizationType, 'NONE')
          assert.equal(method.Properties.ApiKeyRequired, false)
          assert.equal(method.Properties.Integration.Type, 'AWS_PROXY')
          assert.ok(JSON.stringify(method.Properties.Integration.Uri).includes(apiFn))
        }
        assert.ok(!JSON.stringify(api().toJSON()).includes("'*'"), 'no static allow-origin *')
      })

      it('runs every function of every stack on nodejs22.x', () => {
        const functions = Object.values(platform().templates).flatMap((t) => Object.values(resourcesOf(t, 'AWS::Lambda::Function')))
        assert.ok(functions.length >= 6)
        for (const fn of functions) assert.equal(fn.Properties.Runtime, 'nodejs22.x', fn.Properties.FunctionName)
      })

      it('passes run-time parameter NAMES, never their values, and grants reading exactly those', () => {
        for (const [id, fn] of Object.entries(platform().templates).flatMap(([, t]) => Object.entries(resourcesOf(t, 'AWS::Lambda::Function')))) {
          const vars = fn.Properties.Environment.Variables
          assert.equal(vars.LOG_LEVEL, undefined, id)
          assert.equal(vars.CORS_ORIGIN, undefined, id)
          assert.equal(vars.LOG_LEVEL_PARAMETER, `/omnix-ai/${env}/monitoring/log-level`, id)
        }
        for (const name of ['api', 'health', 'websocket-authorizer']) {
          const fn = resourcesOf(api(), 'AWS::Lambda::Function')[functionIdNamed(api(), `omnix-ai-${env}-${name}`)]
          assert.equal(fn.Properties.Environment.Variables.CORS_ORIGINS_PARAMETER, `/omnix-ai/${env}/api/cors-origins`, name)
        }
        const statements = Object.values(resourcesOf(api(), 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement)
        const reads = statements.filter((s) => s.Action === 'ssm:GetParameter')
        assert.ok(reads.length >= 5)
        for (const s of reads) assert.match(JSON.stringify(s.Resource), new RegExp(`parameter/omnix-ai/${env}/(monitoring/log-level|api/cors-origins)`))
      })

      it('runs the rotation function hourly to retire API Gateway keys past their grace, with API Gateway key rights only', () => {
        const security = platform().templates.security
        const rotation = functionIdNamed(security, `omnix-ai-${env}-secret-rotation`)
        const rule = only(resourcesOf(security, 'AWS::Events::Rule'))
        assert.equal(rule.Properties.ScheduleExpression, 'rate(1 hour)')
        assert.deepEqual(rule.Properties.Targets.map((t: {Input: string}) => JSON.parse(t.Input)), [{action: 'sync-api-keys'}])
        assert.ok(JSON.stringify(rule.Properties.Targets[0].Arn).includes(rotation))
        const statements = Object.values(resourcesOf(security, 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement)
        const apigateway = statements.find((s) => JSON.stringify(s.Action).includes('apigateway:'))!
        assert.deepEqual(apigateway.Action, ['apigateway:GET', 'apigateway:POST', 'apigateway:DELETE'])
        assert.match(JSON.stringify(apigateway.Resource), /::\/apikeys\/\*/)
        assert.match(JSON.stringify(apigateway.Resource), /::\/usageplans\/\*/)
      })

      it('publishes the configured CORS origins as the cors-origins parameter (dev: any, prod: none until configured)', () => {
        const parameter = Object.values(resourcesOf(platform().templates.security, 'AWS::SSM::Parameter')).find((p) => p.Properties.Name === `/omnix-ai/${env}/api/cors-origins`)!
        assert.equal(parameter.Properties.Value, env === 'dev' ? '*' : 'none')
      })
    })
  }

  describe('CORS origins from config', () => {
    const build = async (env: 'prod' | 'staging', corsOrigins: string[]) => {
      const cwd = mkdtempSync(join(tmpdir(), 'omnix-cors-'))
      const resolved = await resolveConfig({flags: {env}, environment: {}, cwd})
      return buildPlatformApp({config: {...resolved, settings: {...resolved.settings, corsOrigins}}, outdir: mkdtempSync(join(tmpdir(), 'omnix-cors-out-'))})
    }

    it('prod refuses to synth with "*", naming the config key', async () => {
      await assert.rejects(build('prod', ['https://app.example.com', '*']), (error: unknown) => {
        assert.ok(error instanceof ConfigError)
        assert.equal(error.key, 'environments.prod.corsOrigins')
        assert.match(error.message, /environments\.prod\.corsOrigins: "\*" \(any origin\) is not allowed in prod/)
        return true
      })
    })

    it('the configured origins become the parameter value', async function () {
      this.timeout(120_000)
      const app = await build('staging', ['https://app.example.com', 'http://localhost:5173'])
      const security = app.synth().getStackByName('omnix-ai-staging-security').template as {Resources: Record<string, {Type: string; Properties: {Name: string; Value: string}}>}
      const parameter = Object.values(security.Resources).find((r) => r.Type === 'AWS::SSM::Parameter' && r.Properties.Name === '/omnix-ai/staging/api/cors-origins')!
      assert.equal(parameter.Properties.Value, 'https://app.example.com,http://localhost:5173')
    })
  })
})
