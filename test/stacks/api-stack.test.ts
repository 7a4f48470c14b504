import assert from 'node:assert/strict'

import type {Template} from 'aws-cdk-lib/assertions'

import {API_ROUTES} from '../../src/lambda/api-routes.js'
import {EU_COUNTRY_CODES} from '../../stacks/api-waf.js'
import {CUSTOM_DOMAIN, only, resourcesOf, synthesizedBefore} from './synthesized-platform.js'

/** Full resource path of each API Gateway resource, resolved through the parent chain. */
function resourcePaths(template: Template): Map<string, string> {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource')
  const paths = new Map<string, string>()
  const pathOf = (id: string): string => {
    const known = paths.get(id)
    if (known !== undefined) return known
    const {ParentId, PathPart} = resources[id].Properties
    const parent = ParentId['Fn::GetAtt'] ? '' : pathOf(ParentId.Ref)
    const path = `${parent}/${PathPart}`
    paths.set(id, path)
    return path
  }
  for (const id of Object.keys(resources)) pathOf(id)
  return paths
}

function methodsByRoute(template: Template): Map<string, Record<string, any>> {
  const paths = resourcePaths(template)
  const methods = new Map<string, Record<string, any>>()
  for (const method of Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
    const path = paths.get(method.Properties.ResourceId.Ref)
    methods.set(`${method.Properties.HttpMethod} ${path}`, method.Properties)
  }
  return methods
}

function functionIdNamed(template: Template, name: string): string {
  const entry = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(([, f]) => f.Properties.FunctionName === name)
  assert.ok(entry, `function ${name} exists`)
  return entry[0]
}

describe('api stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod', 'prod-full'], 180_000)

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const template = () => synthesized(env).templates.api

      it('declares one REST API named omnix-ai-{env}-api on a stage named after the environment', () => {
        assert.equal(only(resourcesOf(template(), 'AWS::ApiGateway::RestApi')).Properties.Name, `omnix-ai-${env}-api`)
        const stage = only(resourcesOf(template(), 'AWS::ApiGateway::Stage'))
        assert.equal(stage.Properties.StageName, env)
        assert.ok(stage.Properties.AccessLogSetting.DestinationArn, 'access logs on')
      })

      it('serves every /v1 route through the Lambda handler that owns it', () => {
        const methods = methodsByRoute(template())
        const health = functionIdNamed(template(), `omnix-ai-${env}-health`)
        const api = functionIdNamed(template(), `omnix-ai-${env}-api`)
        for (const route of API_ROUTES) {
          const method = methods.get(`${route.method} ${route.path}`)
          assert.ok(method, `${route.method} ${route.path} exists`)
          assert.equal(method.Integration.Type, 'AWS_PROXY')
          const target = JSON.stringify(method.Integration.Uri)
          assert.ok(target.includes(route.handler === 'health' ? health : api), `${route.method} ${route.path} → ${route.handler}`)
        }
        const routed = [...methods.keys()].filter((k) => !k.startsWith('OPTIONS '))
        assert.equal(routed.length, API_ROUTES.length, 'no route beyond the route table')
        const jobStatus = methods.get('GET /v1/forecasts/jobs/{job_id}')
        assert.ok(jobStatus, 'the forecast job status route exists')
        assert.equal(jobStatus.ApiKeyRequired, true)
      })

      it('leaves only the health check open; every other route needs an API key and a user JWT', () => {
        const methods = methodsByRoute(template())
        const authorizer = only(resourcesOf(template(), 'AWS::ApiGateway::Authorizer'))
        assert.equal(authorizer.Properties.Type, 'TOKEN')
        assert.equal(authorizer.Properties.IdentitySource, 'method.request.header.Authorization')
        assert.ok(JSON.stringify(authorizer.Properties.AuthorizerUri).includes(functionIdNamed(template(), `omnix-ai-${env}-authorizer`)))
        const open = methods.get('GET /v1/system/health')!
        assert.equal(open.AuthorizationType, 'NONE')
        assert.equal(open.ApiKeyRequired, false)
        for (const route of API_ROUTES.filter((r) => !r.open)) {
          const method = methods.get(`${route.method} ${route.path}`)!
          assert.equal(method.AuthorizationType, 'CUSTOM', route.path)
          assert.equal(method.ApiKeyRequired, true, route.path)
        }
      })

      it('passes the authorizer the signing secret by ARN, never by value', () => {
        const fn = resourcesOf(template(), 'AWS::Lambda::Function')[functionIdNamed(template(), `omnix-ai-${env}-authorizer`)]
        const arn = fn.Properties.Environment.Variables.JWT_SECRET_ID
        assert.ok(arn['Fn::ImportValue'], 'a reference to the secret in the security stack')
      })

      it('throttles API clients with a usage plan whose keys only the api-keys rotation creates', () => {
        const plan = only(resourcesOf(template(), 'AWS::ApiGateway::UsagePlan'))
        assert.equal(plan.Properties.UsagePlanName, `omnix-ai-${env}-usage-plan`)
        assert.deepEqual(plan.Properties.Throttle, {BurstLimit: 100, RateLimit: 50})
        assert.equal(plan.Properties.ApiStages.length, 1)
        // A key declared here would never rotate with the secret.
        assert.deepEqual(resourcesOf(template(), 'AWS::ApiGateway::ApiKey'), {})
        assert.deepEqual(resourcesOf(template(), 'AWS::ApiGateway::UsagePlanKey'), {})
      })

      it('attaches a regional WAF web ACL with the platform rules to the stage', () => {
        const acl = only(resourcesOf(template(), 'AWS::WAFv2::WebACL'))
        assert.equal(acl.Properties.Scope, 'REGIONAL')
        assert.deepEqual(acl.Properties.DefaultAction, {Allow: {}})
        const rules = new Map((acl.Properties.Rules as any[]).map((r) => [r.Name, r]))
        assert.deepEqual(rules.get('RateLimitPerIp').Statement.RateBasedStatement, {
          AggregateKeyType: 'IP',
          EvaluationWindowSec: 60,
          Limit: 100,
        })
        assert.deepEqual(rules.get('RateLimitPerIp').Action, {Block: {}})
        const managed = [...rules.values()]
          .map((r) => r.Statement.ManagedRuleGroupStatement?.Name)
          .filter(Boolean)
          .sort()
        assert.deepEqual(managed, [
          'AWSManagedRulesAmazonIpReputationList',
          'AWSManagedRulesCommonRuleSet',
          'AWSManagedRulesKnownBadInputsRuleSet',
          'AWSManagedRulesSQLiRuleSet',
        ])
        const size = rules.get('BodySizeLimit1MB')
        assert.deepEqual(size.Action, {Block: {}})
        assert.deepEqual(size.Statement.RegexMatchStatement.FieldToMatch, {SingleHeader: {Name: 'content-length'}})
        const pattern = new RegExp(size.Statement.RegexMatchStatement.RegexString)
        assert.ok(pattern.test('1048577') && !pattern.test('1048576'), 'blocks declared bodies over 1 MiB only')
        assert.equal(rules.has('GeoRestrictEu'), false, 'no geo restriction unless configured')
        const priorities = [...rules.values()].map((r) => r.Priority)
        assert.equal(new Set(priorities).size, priorities.length, 'rule priorities are unique')

        const association = only(resourcesOf(template(), 'AWS::WAFv2::WebACLAssociation'))
        const stageId = Object.keys(resourcesOf(template(), 'AWS::ApiGateway::Stage'))[0]
        assert.deepEqual(association.Properties.WebACLArn, {'Fn::GetAtt': [Object.keys(resourcesOf(template(), 'AWS::WAFv2::WebACL'))[0], 'Arn']})
        assert.ok(JSON.stringify(association.Properties.ResourceArn).includes(`{"Ref":"${stageId}"}`), 'associated with the stage')
        assert.ok(association.DependsOn.includes(stageId))
      })

      it('declares one WebSocket API on the environment stage with connect, disconnect and default routes', () => {
        const ws = only(resourcesOf(template(), 'AWS::ApiGatewayV2::Api'))
        assert.equal(ws.Properties.Name, `omnix-ai-${env}-ws`)
        assert.equal(ws.Properties.ProtocolType, 'WEBSOCKET')
        assert.equal(only(resourcesOf(template(), 'AWS::ApiGatewayV2::Stage')).Properties.StageName, env)
        const routes = Object.values(resourcesOf(template(), 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey).sort()
        assert.deepEqual(routes, ['$connect', '$default', '$disconnect'])
        const integration = only(resourcesOf(template(), 'AWS::ApiGatewayV2::Integration'))
        assert.ok(JSON.stringify(integration.Properties.IntegrationUri).includes(functionIdNamed(template(), `omnix-ai-${env}-websocket`)))
      })

      it('runs every handler on Node.js 22 with a log group kept for the environment retention', () => {
        const retention = env === 'dev' ? 14 : 30
        const functions = Object.values(resourcesOf(template(), 'AWS::Lambda::Function'))
        assert.equal(functions.length, 5)
        for (const fn of functions) {
          assert.equal(fn.Properties.Runtime, 'nodejs22.x')
          assert.equal(fn.Properties.Environment.Variables.OMNIX_ENV, env)
        }
        const groups = Object.values(resourcesOf(template(), 'AWS::Logs::LogGroup'))
        assert.equal(groups.length, 6, 'five functions and the access log')
        for (const group of groups) {
          assert.equal(group.Properties.RetentionInDays, retention)
          assert.ok(group.Properties.KmsKeyId, 'encrypted')
        }
      })

      it('outputs the API and WebSocket URLs', () => {
        const outputs = template().toJSON().Outputs
        assert.match(JSON.stringify(outputs.ApiUrl.Value), /execute-api/)
        assert.match(JSON.stringify(outputs.WebSocketUrl.Value), /wss:\/\//)
        assert.ok(outputs.UsagePlanId)
        assert.equal(outputs.CustomDomainUrl, undefined)
      })
    })
  }

  it('restricts the API to EU countries when the environment asks for it', () => {
    const acl = only(resourcesOf(synthesized('prod-full').templates.api, 'AWS::WAFv2::WebACL'))
    const geo = (acl.Properties.Rules as any[]).find((r) => r.Name === 'GeoRestrictEu')
    assert.deepEqual(geo.Action, {Block: {}})
    assert.deepEqual(geo.Statement.NotStatement.Statement.GeoMatchStatement.CountryCodes, [...EU_COUNTRY_CODES])
    assert.equal(EU_COUNTRY_CODES.length, 27)
  })

  it('maps a custom domain with a DNS-validated certificate when one is given', () => {
    const template = synthesized('prod-full').templates.api
    const certificate = only(resourcesOf(template, 'AWS::CertificateManager::Certificate'))
    assert.equal(certificate.Properties.DomainName, CUSTOM_DOMAIN)
    assert.equal(certificate.Properties.ValidationMethod, 'DNS')
    const domain = only(resourcesOf(template, 'AWS::ApiGateway::DomainName'))
    assert.equal(domain.Properties.DomainName, CUSTOM_DOMAIN)
    assert.deepEqual(domain.Properties.EndpointConfiguration, {Types: ['REGIONAL']})
    assert.equal(Object.keys(resourcesOf(template, 'AWS::ApiGateway::BasePathMapping')).length, 1)
    const outputs = template.toJSON().Outputs
    assert.equal(outputs.CustomDomainUrl.Value, `https://${CUSTOM_DOMAIN}/`)
    assert.ok(outputs.CustomDomainTarget)
  })
})
