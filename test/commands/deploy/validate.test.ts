import {App, CfnResource, Stack} from 'aws-cdk-lib'
import {BlockPublicAccess, Bucket} from 'aws-cdk-lib/aws-s3'
import assert from 'node:assert/strict'

import {buildPlatformApp} from '../../../stacks/app.js'

import Validate from '../../../src/commands/validate.js'
import type {PlatformAppBuilder} from '../../../src/sdk/deploy/assembly.js'
import {validatePlatform, type ValidatePlatformResult} from '../../../src/sdk/deploy/validate.js'
import {resolveConfig} from '../../../src/sdk/config/resolve.js'
import {runOmnix, useFakeCloud} from './harness.js'

/** A one-stack app whose queue is valid or carries properties CloudFormation's schema rejects. */
function queueApp(valid: boolean): PlatformAppBuilder {
  return (options) => {
    const app = new App({outdir: options.outdir, builtinCloudFormationValidation: options.validation ?? false})
    const stack = new Stack(app, 'omnix-ai-dev-messaging', {env: {region: 'us-east-1'}})
    new CfnResource(stack, 'Queue', {
      type: 'AWS::SQS::Queue',
      properties: valid ? {VisibilityTimeout: 300} : {VisibilityTimeout: 'five minutes', NotAProperty: true},
    })
    return app
  }
}

// The validator is a WASM module that takes many seconds to load; every case here shares one load.
describe('omnix validate (CloudFormation template validation)', function () {
  this.timeout(300_000)
  const cloud = useFakeCloud()

  it('reports each violation with its rule and construct, and is invalid on errors', async () => {
    const result = await validatePlatform({config: await resolveConfig({flags: {env: 'dev'}}), buildApp: queueApp(false)})
    assert.equal(result.valid, false)
    assert.ok(result.errors >= 2, `expected both bad properties reported, got ${JSON.stringify(result.violations)}`)
    const text = result.violations.map((v) => `${v.severity} ${v.rule} ${v.description} ${v.resources.map((r) => `${r.path} ${r.logicalId}`).join(',')}`).join('\n')
    assert.match(text, /error \S+ .*NotAProperty/)
    assert.match(text, /error \S+ .*'five minutes' is not of type 'integer'/)
    assert.match(text, /omnix-ai-dev-messaging\/Queue Queue/)
  })

  it('passes a valid app', async () => {
    const result = await validatePlatform({config: await resolveConfig({flags: {env: 'dev'}}), buildApp: queueApp(true)})
    assert.deepEqual({valid: result.valid, errors: result.errors}, {valid: true, errors: 0})
  })

  it('runs cdk-nag AwsSolutions on the platform: a planted public bucket is reported as an error', async () => {
    const planted: PlatformAppBuilder = (options) => {
      const app = buildPlatformApp(options)
      const data = app.node.findChild('omnix-ai-dev-data') as Stack
      new Bucket(data, 'PlantedPublicBucket', {
        publicReadAccess: true,
        blockPublicAccess: new BlockPublicAccess({blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false}),
      })
      return app
    }
    const result = await validatePlatform({config: await resolveConfig({flags: {env: 'dev'}}), buildApp: planted})
    assert.equal(result.valid, false)
    const onBucket = result.violations.filter((v) => v.resources.some((r) => r.path === 'omnix-ai-dev-data/PlantedPublicBucket/Resource'))
    const s2 = onBucket.find((v) => v.rule === 'AwsSolutions-S2')
    assert.ok(s2, `cdk-nag's public access rule fires: ${JSON.stringify(onBucket.map((v) => v.rule))}`)
    assert.equal(s2.severity, 'error')
    assert.match(s2.description, /public access/i)
    // Accepted findings (each with its reason in stacks/nag-suppressions.ts) are not reported.
    assert.equal(result.violations.find((v) => v.rule === 'AwsSolutions-L1'), undefined)
  })

  it('validates the platform’s own templates; the exit code follows the errors', async () => {
    const fake = cloud.start()
    const {exitCode, stdout} = await runOmnix(Validate, ['--json'])
    const result = JSON.parse(stdout) as ValidatePlatformResult
    assert.equal(result.env, 'dev')
    assert.equal(result.errors, result.violations.filter((v) => v.severity === 'error' || v.severity === 'fatal').length)
    assert.equal(exitCode, result.valid ? 0 : 1, JSON.stringify(result.violations, null, 2))
    assert.deepEqual(fake.calls, [], 'validation needs no AWS call')
  })
})
