import assert from 'node:assert/strict'

import Diff from '../../../src/commands/diff.js'
import {resolveConfig} from '../../../src/sdk/config/resolve.js'
import type {PlatformStack} from '../../../src/sdk/deploy/assembly.js'
import {readTemplate, synthPlatform} from '../../../src/sdk/deploy/synth.js'
import {runOmnix, useFakeCloud} from './harness.js'

interface DiffJson {
  method: string
  stacksWithChanges: number
  stacks: Array<{stack: string; changes: number; resources: {added: number; removed: number; updated: number}; permissionChange: string; diff: string}>
}

describe('omnix diff', () => {
  const cloud = useFakeCloud()
  let stacks: readonly PlatformStack[]
  let data: PlatformStack

  before(async function () {
    this.timeout(300_000)
    stacks = (await synthPlatform({config: await resolveConfig({flags: {env: 'dev'}})})).stacks
    data = stacks.find((s) => s.concern === 'data')!
  })

  it('--offline diffs against an empty template with no credentials and no AWS call', async () => {
    const saved = {id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY}
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    const fake = cloud.start({credentialsError: 'InvalidClientTokenId'})
    try {
      const {exitCode, stdout, error} = await runOmnix(Diff, ['--offline', '--json'])
      assert.equal(exitCode, 0, String(error))
      const result = JSON.parse(stdout) as DiffJson
      assert.equal(result.method, 'local-file')
      assert.deepEqual(result.stacks.map((s) => s.stack), stacks.map((s) => s.name))
      const dataDiff = result.stacks.find((s) => s.stack === data.name)!
      const types = Object.values((await readTemplate(data)).Resources as Record<string, {Type: string}>).map((r) => r.Type)
      assert.equal(dataDiff.resources.added, types.filter((t) => t !== 'AWS::CDK::Metadata').length, 'every resource is new')
      assert.equal(dataDiff.resources.removed, 0)
      assert.match(dataDiff.diff, /\[\+\] AWS::DynamoDB::Table/)
      assert.equal(result.stacksWithChanges, stacks.length)
      assert.deepEqual(fake.calls, [], 'no AWS API was called')
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret
    }
  })

  it('--offline prints each stack’s diff for people', async () => {
    cloud.start()
    const {exitCode, stdout} = await runOmnix(Diff, ['--offline', '--stacks', 'data'])
    assert.equal(exitCode, 0)
    assert.match(stdout, new RegExp(`Stack ${data.name}`))
    assert.match(stdout, /Resources\n\[\+\] AWS::DynamoDB::Table/)
    assert.match(stdout, /1 of 1 stack\(s\) differ from an empty template\./)
  })

  it('compares with the deployed templates: an up-to-date stack has no changes', async () => {
    const fake = cloud.start({existing: {[data.name]: await readTemplate(data)}})
    const {exitCode, stdout} = await runOmnix(Diff, ['--stacks', 'data,security', '--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout) as DiffJson
    assert.equal(result.method, 'template')
    assert.equal(result.stacks.find((s) => s.stack === data.name)!.changes, 0)
    assert.ok(result.stacks.find((s) => s.stack.endsWith('-security'))!.changes > 0, 'the undeployed stack differs')
    assert.ok(fake.inputsOf('GetTemplate').some((i) => String(i.StackName).includes(data.name)), 'the deployed template was read')
    assert.ok(!fake.commandNames().includes('CreateChangeSet'))
  })

  it('--change-set lets CloudFormation compute the changes, then deletes the change set without executing it', async () => {
    const fake = cloud.start({existing: {[data.name]: {Resources: {Old: {Type: 'AWS::SQS::Queue'}}}}})
    const {exitCode, stdout, error} = await runOmnix(Diff, ['--change-set', '--stacks', 'data', '--json'])
    assert.equal(exitCode, 0, String(error))
    const [dataDiff] = (JSON.parse(stdout) as DiffJson).stacks
    assert.equal(dataDiff.resources.removed, 1)
    assert.ok(dataDiff.resources.added > 0)
    assert.equal(fake.inputsOf('CreateChangeSet').length, 1)
    assert.equal(fake.inputsOf('ExecuteChangeSet').length, 0)
    const calls = fake.commandNames('cloudformation')
    assert.ok(calls.lastIndexOf('DeleteChangeSet') > calls.indexOf('CreateChangeSet'), 'the change set is deleted after it was described')
  })

  it('--fail exits 1 when something differs, still printing the result', async () => {
    cloud.start()
    const {exitCode, stdout} = await runOmnix(Diff, ['--offline', '--stacks', 'data', '--fail', '--json'])
    assert.equal(exitCode, 1)
    assert.equal((JSON.parse(stdout) as DiffJson).stacksWithChanges, 1)
  })
})
