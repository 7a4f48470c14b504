import {App, CfnResource, Stack} from 'aws-cdk-lib'
import assert from 'node:assert/strict'

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
