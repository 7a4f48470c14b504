import assert from 'node:assert/strict'

import {CfnResource, type IPolicyValidationContext, type PolicyValidationPluginReport} from 'aws-cdk-lib'
import {AwsSolutionsChecks} from 'cdk-nag'

import {NAG_SUPPRESSIONS, type NagFinding, PlatformNagChecks, suppressionFor} from '../../stacks/nag-suppressions.js'
import {type SynthesizedPlatform, synthesizedBefore} from './synthesized-platform.js'

/** Every violating resource of a report, as the suppressions see it. */
function findings(report: PolicyValidationPluginReport, platform: SynthesizedPlatform): NagFinding[] {
  const types = new Map<string, string>()
  for (const node of platform.app.node.findAll()) if (CfnResource.isCfnResource(node)) types.set(node.node.path, node.cfnResourceType)
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => ({rule: v.ruleName, path: r.constructPath ?? '', type: types.get(r.constructPath ?? '')})),
  )
}

const context = (platform: SynthesizedPlatform) => ({appConstruct: platform.app, templatePaths: [], stackTemplates: []}) as unknown as IPolicyValidationContext

describe('cdk-nag suppressions', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])
  const platforms = () => [synthesized('dev'), synthesized('prod')]

  it('give a reason for every accepted finding', () => {
    for (const s of NAG_SUPPRESSIONS) {
      assert.ok(s.reason.length >= 40, `${s.rule} explains itself: "${s.reason}"`)
      assert.ok(s.rule.source.startsWith('^AwsSolutions-') && s.rule.source.endsWith('$'), `${s.rule} names whole rule ids`)
    }
  })

  it('are each still needed by the platform (no stale suppression)', () => {
    const raw = platforms().flatMap((p) => findings(new AwsSolutionsChecks().validate(context(p)), p))
    for (const s of NAG_SUPPRESSIONS) {
      assert.ok(raw.some((f) => suppressionFor(f, [s]) === s), `${s.rule} ("${s.reason.slice(0, 40)}…") accepts some finding`)
    }
  })

  it('remove exactly the accepted findings from the report', () => {
    for (const platform of platforms()) {
      const raw = findings(new AwsSolutionsChecks().validate(context(platform)), platform)
      const left = findings(new PlatformNagChecks(platform.app).validate(context(platform)), platform)
      assert.ok(left.length < raw.length)
      assert.deepEqual(
        left.filter((f) => suppressionFor(f) !== undefined),
        [],
      )
      assert.deepEqual(
        left.map((f) => `${f.rule} ${f.path}`).sort(),
        raw.filter((f) => suppressionFor(f) === undefined).map((f) => `${f.rule} ${f.path}`).sort(),
      )
    }
  })

  it('stay within their scope', () => {
    assert.equal(suppressionFor({rule: 'AwsSolutions-S1', path: 'omnix-ai-dev-data/Uploads/Resource', type: 'AWS::S3::Bucket'}), undefined)
    assert.equal(suppressionFor({rule: 'AwsSolutions-APIG4', path: 'omnix-ai-dev-api/WebSocketApi/$connect-Route/Resource', type: 'AWS::ApiGatewayV2::Route'}), undefined)
    assert.equal(suppressionFor({rule: 'AwsSolutions-APIG4', path: 'omnix-ai-dev-api/RestApi/Default/v1/products/GET/Resource', type: 'AWS::ApiGateway::Method'}), undefined)
    assert.equal(suppressionFor({rule: 'AwsSolutions-IAM5[Resource::*]', path: 'omnix-ai-dev-api/ApiHandler/Function/ServiceRole/DefaultPolicy/Resource', type: 'AWS::IAM::Policy'}), undefined)
    assert.equal(suppressionFor({rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]', path: 'x/Role/Resource', type: 'AWS::IAM::Role'}), undefined)
    assert.ok(suppressionFor({rule: 'AwsSolutions-L1', path: 'omnix-ai-dev-messaging/QueueWorker/Function/Resource', type: 'AWS::Lambda::Function'}), 'a new function of the same kind needs no new entry')
  })
})
