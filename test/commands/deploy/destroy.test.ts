import assert from 'node:assert/strict'

import Destroy from '../../../src/commands/destroy.js'
import {resolveConfig} from '../../../src/sdk/config/resolve.js'
import {type PlatformStack} from '../../../src/sdk/deploy/assembly.js'
import {synthPlatform} from '../../../src/sdk/deploy/synth.js'
import {runOmnix, useFakeCloud} from './harness.js'

interface DestroyJson {
  env: string
  dryRun: boolean
  retainsData: boolean
  stacks: Array<{name: string; status: string}>
}

const deployedTemplate = {Resources: {Table: {Type: 'AWS::DynamoDB::Table'}}}

function existing(stacks: readonly PlatformStack[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(stacks.map((s) => [s.name, deployedTemplate]))
}

/** Every stack is deleted after the stacks that depend on it. */
function assertDependentsFirst(order: string[], stacks: readonly PlatformStack[]): void {
  for (const stack of stacks) {
    for (const dependency of stack.dependencies) {
      if (order.includes(dependency)) assert.ok(order.indexOf(stack.name) < order.indexOf(dependency), `${stack.name} is deleted before ${dependency}`)
    }
  }
}

describe('omnix destroy', () => {
  const cloud = useFakeCloud()
  let dev: readonly PlatformStack[]
  let prod: readonly PlatformStack[]

  before(async function () {
    this.timeout(300_000)
    dev = (await synthPlatform({config: await resolveConfig({flags: {env: 'dev'}})})).stacks
    prod = (await synthPlatform({config: await resolveConfig({flags: {env: 'prod'}})})).stacks
  })

  it('refuses prod without --force, before touching anything', async () => {
    const fake = cloud.start({existing: existing(prod)})
    const {exitCode, error} = await runOmnix(Destroy, ['-e', 'prod', '--yes', '--confirm', 'prod'])
    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /refusing to destroy prod without --force/)
    assert.deepEqual(fake.calls, [])
  })

  it('refuses prod with --force when "prod" is neither typed (no terminal) nor passed with --confirm', async () => {
    const fake = cloud.start({existing: existing(prod)})
    const {exitCode, error} = await runOmnix(Destroy, ['-e', 'prod', '--force', '--yes'])
    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /refusing without a terminal to type "prod"/)
    assert.deepEqual(fake.calls, [])
  })

  it('refuses prod when --confirm names another environment', async () => {
    const fake = cloud.start({existing: existing(prod)})
    const {exitCode, error} = await runOmnix(Destroy, ['-e', 'prod', '--force', '--confirm', 'staging'])
    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /--confirm "staging" does not match "prod"/)
    assert.deepEqual(fake.calls, [])
  })

  it('destroys prod with --force --confirm prod, dependents first, and says the data is retained', async () => {
    const fake = cloud.start({region: 'eu-central-1', existing: existing(prod)})
    const {exitCode, stdout, error} = await runOmnix(Destroy, ['-e', 'prod', '--force', '--confirm', 'prod', '--json'])
    assert.equal(exitCode, 0, String(error))
    const result = JSON.parse(stdout) as DestroyJson
    assert.equal(result.retainsData, true)
    assert.deepEqual(result.stacks.map((s) => s.status), prod.map(() => 'destroyed'))
    const order = fake.inputsOf('DeleteStack').map((i) => String(i.StackName).replace(/^arn:.*:stack\/([^/]+)\/.*$/, '$1'))
    assert.deepEqual([...order].sort(), prod.map((s) => s.name).sort())
    assertDependentsFirst(order, prod)
    for (const stack of prod) assert.equal(fake.stackStatus(stack.name), 'DELETE_COMPLETE')
  })

  it('in dev refuses without a terminal unless --yes', async () => {
    const fake = cloud.start({existing: existing(dev)})
    const refused = await runOmnix(Destroy, [])
    assert.equal(refused.exitCode, 1)
    assert.match(String(refused.error?.message), /refusing without a terminal/)
    assert.equal(fake.inputsOf('DeleteStack').length, 0)
  })

  it('--stacks takes the stacks that depend on the named one along', async () => {
    const data = dev.find((s) => s.concern === 'data')!
    const dependents = new Set([data.name])
    for (const stack of dev) if (stack.dependencies.some((d) => dependents.has(d))) dependents.add(stack.name)
    const fake = cloud.start({existing: existing(dev)})

    const {exitCode, stdout, stderr} = await runOmnix(Destroy, ['--stacks', 'data', '--yes'])

    assert.equal(exitCode, 0)
    const deleted = fake.inputsOf('DeleteStack').map((i) => String(i.StackName).replace(/^arn:.*:stack\/([^/]+)\/.*$/, '$1'))
    assert.deepEqual([...deleted].sort(), [...dependents].sort())
    assert.ok(dev.filter((s) => !dependents.has(s.name)).every((s) => fake.stackStatus(s.name) === 'CREATE_COMPLETE'), 'other stacks are kept')
    assert.match(stdout, new RegExp(`${data.name}: destroyed`))
    assert.match(stderr, /tables and their data are deleted/)
    assert.match(stderr, new RegExp(`${data.name}  DELETE_COMPLETE  ${data.name} \\(AWS::CloudFormation::Stack\\)`))
  })

  it('--dry-run lists what would be destroyed and calls no AWS API', async () => {
    const fake = cloud.start({existing: existing(prod)})
    const {exitCode, stdout} = await runOmnix(Destroy, ['-e', 'prod', '--dry-run', '--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout) as DestroyJson
    assert.equal(result.dryRun, true)
    assert.deepEqual(result.stacks.map((s) => s.status), prod.map(() => 'planned'))
    assertDependentsFirst(result.stacks.map((s) => s.name), prod)
    assert.deepEqual(fake.calls, [])
  })
})
