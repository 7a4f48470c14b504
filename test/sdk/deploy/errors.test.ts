import assert from 'node:assert/strict'

import {CredentialsError, DeployCancelledError, NotBootstrappedError, toOmnixError} from '../../../src/sdk/deploy/errors.js'
import {OmnixError, UsageError} from '../../../src/sdk/errors.js'

/** Shaped like toolkit-lib's errors: `name` is the error code, `type` the category. */
function toolkitError(name: string, type: string, message: string): Error {
  return Object.assign(new Error(message), {name, type, source: 'user'})
}

describe('toolkit error mapping', () => {
  it('authentication errors become CredentialsError suggesting AWS_PROFILE or an offline diff', () => {
    const error = toOmnixError(
      toolkitError('UnresolvedAccount', 'authentication', 'Unable to resolve AWS account to use. It must be either configured when you define your CDK Stack, or through the environment'),
      'deploy to dev (us-east-1)',
    )
    assert.ok(error instanceof CredentialsError)
    assert.equal(error.exitCode, 1)
    assert.match(error.message, /^deploy to dev \(us-east-1\): no usable AWS credentials \(Unable to resolve AWS account/)
    assert.match(error.suggestion ?? '', /AWS_PROFILE/)
    assert.match(error.suggestion ?? '', /omnix diff --offline/)
  })

  it('AWS SDK credential errors map the same way', () => {
    assert.ok(toOmnixError(Object.assign(new Error('The security token included in the request is expired'), {name: 'ExpiredToken'}), 'diff') instanceof CredentialsError)
  })

  it('a missing bootstrap names the environment to bootstrap', () => {
    const error = toOmnixError(
      toolkitError(
        'BootstrapVersionValidation',
        'toolkit',
        "omnix-ai-prod-data: SSM parameter /cdk-bootstrap/hnb659fds/version not found in aws://210987654321/eu-central-1. Has the environment been bootstrapped? Please run 'cdk bootstrap'",
      ),
      'deploy to prod (eu-central-1)',
    )
    assert.ok(error instanceof NotBootstrappedError)
    assert.equal(error.suggestion, 'bootstrap the environment once: npx cdk bootstrap aws://210987654321/eu-central-1')
  })

  it('an aborted action is a cancellation that changed nothing', () => {
    const error = toOmnixError(toolkitError('DeployAborted', 'abort', 'Deployment cancelled'), 'deploy to dev (us-east-1)')
    assert.ok(error instanceof DeployCancelledError)
    assert.match(error.suggestion ?? '', /nothing was changed/)
  })

  it('drops the source traces the toolkit appends', () => {
    const error = toOmnixError(
      toolkitError('SomethingElse', 'toolkit', 'Resource updates failed:\nSource Location: ...App.synth in aws-cdk-lib...\n                 buildPlatformApp (stacks/app.ts:29:41)'),
      'deploy to dev (us-east-1)',
    )
    assert.equal(error.message, 'deploy to dev (us-east-1) failed: Resource updates failed:')
  })

  it('keeps omnix errors as they are', () => {
    const usage = new UsageError('--stacks: no stack matches "nope"')
    assert.equal(toOmnixError(usage, 'deploy'), usage)
    assert.ok(toOmnixError('a string', 'deploy') instanceof OmnixError)
  })
})
