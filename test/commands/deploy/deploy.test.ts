import assert from 'node:assert/strict'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Deploy from '../../../src/commands/deploy.js'
import {resolveConfig} from '../../../src/sdk/config/resolve.js'
import {readTemplate, synthPlatform} from '../../../src/sdk/deploy/synth.js'
import {FAKE_ACCOUNT} from '../../sdk/deploy/fake-cloud.js'
import {jsonLines, runOmnix, useFakeCloud} from './harness.js'

interface DeployJson {
  env: string
  dryRun: boolean
  stacks: Array<{name: string; status: string}>
  outputs: Record<string, Record<string, string>>
  outputsFile?: string
}

describe('omnix deploy (CloudFormation answered by aws-sdk-client-mock)', () => {
  const cloud = useFakeCloud()
  let stackNames: string[]
  let dependenciesOf: Record<string, readonly string[]>
  let dataStack: string
  let failingResource: {logicalId: string; type: string}
  let tmp: string

  before(async function () {
    this.timeout(300_000)
    // Synthesize once for the whole file: the commands below reuse this cached assembly.
    const synth = await synthPlatform({config: await resolveConfig({flags: {env: 'dev'}})})
    stackNames = synth.stacks.map((s) => s.name)
    dependenciesOf = Object.fromEntries(synth.stacks.map((s) => [s.name, s.dependencies]))
    const data = synth.stacks.find((s) => s.concern === 'data')
    assert.ok(data, 'the app has a data stack')
    dataStack = data.name
    const resources = Object.entries((await readTemplate(data)).Resources as Record<string, {Type: string}>)
    const [logicalId, resource] = resources.find(([, r]) => r.Type === 'AWS::DynamoDB::Table') ?? resources[0]
    failingResource = {logicalId, type: resource.Type}
    tmp = await mkdtemp(join(tmpdir(), 'omnix-deploy-test-'))
  })

  after(async () => {
    await rm(tmp, {recursive: true, force: true})
  })

  it('deploys every stack through change sets, prints events and outputs, and writes the outputs file', async () => {
    const apiStack = stackNames.find((n) => n.endsWith('-api')) ?? stackNames[0]
    const fake = cloud.start({outputs: {[apiStack]: {ApiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com/dev'}}})
    const outputsFile = join(tmp, 'nested', 'outputs.json')

    const {exitCode, stdout, stderr, error} = await runOmnix(Deploy, ['--yes', '--outputs-file', outputsFile])

    assert.equal(exitCode, 0, String(error))
    assert.match(stdout, new RegExp(`${apiStack}\\.ApiUrl\\s+https://abc123\\.execute-api\\.us-east-1\\.amazonaws\\.com/dev`))
    for (const name of stackNames) assert.match(stdout, new RegExp(`${name}\\s+deployed`))
    // One readable line per CloudFormation event on stderr, naming resource, type and status.
    assert.ok(stderr.includes(`${dataStack}  CREATE_COMPLETE  ${failingResource.logicalId} (${failingResource.type})`), stderr.slice(-2000))
    assert.match(stderr, new RegExp(`${dataStack}\\s+CREATE_COMPLETE\\s+${dataStack} \\(AWS::CloudFormation::Stack\\)`))

    const written = JSON.parse(await readFile(outputsFile, 'utf8')) as Record<string, Record<string, string>>
    assert.deepEqual(Object.keys(written).sort(), [...stackNames].sort())
    assert.equal(written[apiStack].ApiUrl, 'https://abc123.execute-api.us-east-1.amazonaws.com/dev')

    // The toolkit's real sequence: identity, bootstrap version, asset upload, then per stack a change set.
    const calls = fake.commandNames()
    assert.ok(calls.includes('GetCallerIdentity'))
    assert.deepEqual(fake.inputsOf('GetParameter')[0], {Name: '/cdk-bootstrap/hnb659fds/version', WithDecryption: true})
    assert.ok(fake.inputsOf('PutObject').length >= stackNames.length, 'templates (and Lambda bundles) are uploaded to the staging bucket')
    const order = fake.inputsOf('CreateChangeSet').map((i) => String(i.StackName))
    assert.deepEqual([...order].sort(), [...stackNames].sort(), 'one change set per stack')
    for (const [name, dependencies] of Object.entries(dependenciesOf)) {
      for (const dependency of dependencies) assert.ok(order.indexOf(dependency) < order.indexOf(name), `${dependency} is deployed before ${name}`)
    }
    assert.equal(fake.inputsOf('ExecuteChangeSet').length, stackNames.length)
    const cfn = fake.commandNames('cloudformation')
    const data = (command: string) => fake.calls.findIndex((c) => c.command === command && JSON.stringify(c.input).includes(dataStack))
    assert.ok(data('CreateChangeSet') < data('DescribeChangeSet') && data('DescribeChangeSet') < data('ExecuteChangeSet'))
    assert.ok(cfn.lastIndexOf('DescribeStackEvents') > cfn.indexOf('ExecuteChangeSet'))
    for (const name of stackNames) assert.equal(fake.stackStatus(name), 'CREATE_COMPLETE')
    assert.deepEqual(fake.unexpected(), [])
  })

  it('with --progress events --json: one JSON result on stdout, each stack event as a JSON line on stderr', async () => {
    cloud.start({outputs: {[dataStack]: {ProductsTableName: 'omnix-ai-dev-products'}}})

    const {exitCode, stdout, stderr} = await runOmnix(Deploy, ['--stacks', 'data', '--require-approval', 'never', '--progress', 'events', '--json'])

    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout) as DeployJson
    const security = stackNames.find((n) => n.endsWith('-security'))
    assert.deepEqual(
      result.stacks.map((s) => s.name),
      stackNames.filter((n) => n === dataStack || n === security),
      '--stacks data brings the security stack it depends on',
    )
    assert.equal(result.outputs[dataStack].ProductsTableName, 'omnix-ai-dev-products')
    const events = jsonLines(stderr).filter((r) => r.type === 'stack-event')
    const created = events.find((e) => e.stack === dataStack && (e.resource as {logicalId: string}).logicalId === failingResource.logicalId && e.status === 'CREATE_COMPLETE')
    assert.ok(created, 'the table creation is streamed')
    assert.equal((created.resource as {type: string}).type, failingResource.type)
    assert.ok(!Number.isNaN(Date.parse(String(created.timestamp))))
    assert.equal(stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{')).length, 0, 'stderr is pure NDJSON')
  })

  it('exits 1 naming the failing resource and CloudFormation’s reason', async () => {
    const reason = 'Resource handler returned message: "Table already exists" (HandlerErrorCode: AlreadyExists)'
    const fake = cloud.start({failures: {[dataStack]: {logicalId: failingResource.logicalId, reason}}})

    const {exitCode, stderr, error} = await runOmnix(Deploy, ['--require-approval', 'never'])

    assert.equal(exitCode, 1)
    const message = String(error?.message)
    assert.match(message, new RegExp(`${dataStack} ended in ROLLBACK_COMPLETE`))
    assert.ok(message.includes(`${dataStack} ${failingResource.logicalId} (${failingResource.type}) CREATE_FAILED: ${reason}`), message)
    const failedLine = stderr.split('\n').find((l) => l.includes(`${dataStack}  CREATE_FAILED  ${failingResource.logicalId} (${failingResource.type})`))
    assert.ok(failedLine?.endsWith(reason), 'the failure event, with its reason, is in the progress output')
    assert.equal(fake.stackStatus(dataStack), 'ROLLBACK_COMPLETE')
    const dependents = new Set([dataStack])
    for (let grew = true; grew; ) {
      grew = false
      for (const [name, deps] of Object.entries(dependenciesOf)) {
        if (!dependents.has(name) && deps.some((d) => dependents.has(d))) grew = dependents.add(name) !== undefined
      }
    }
    dependents.delete(dataStack)
    assert.ok(dependents.size > 0)
    assert.ok([...dependents].every((n) => fake.stackStatus(n) === undefined), 'no stack depending on the failed one is attempted')
    assert.deepEqual(fake.unexpected(), [])
  })

  it('puts the failures in the JSON error for CI', async () => {
    const reason = 'Resource handler returned message: "Limit exceeded"'
    cloud.start({failures: {[dataStack]: {logicalId: failingResource.logicalId, reason}}})

    const {exitCode, stdout} = await runOmnix(Deploy, ['--stacks', 'data', '--require-approval', 'never', '--json'])

    assert.equal(exitCode, 1)
    const {error} = JSON.parse(stdout) as {error: {failures: Array<Record<string, string>>}}
    assert.deepEqual(error.failures, [{stack: dataStack, logicalId: failingResource.logicalId, type: failingResource.type, status: 'CREATE_FAILED', reason}])
  })

  it('--dry-run synthesizes and diffs but creates no change set', async () => {
    const fake = cloud.start()

    const {exitCode, stdout} = await runOmnix(Deploy, ['--dry-run', '--json'])

    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout) as DeployJson & {changes: Array<{stack: string; resources: {added: number}}>}
    assert.equal(result.dryRun, true)
    assert.ok(result.changes.find((c) => c.stack === dataStack)!.resources.added > 0)
    const calls = fake.commandNames()
    for (const mutating of ['CreateChangeSet', 'ExecuteChangeSet', 'PutObject', 'DeleteStack']) assert.ok(!calls.includes(mutating), `${mutating} was called`)
  })

  it('refuses without a terminal when approval is required and --yes is absent, deleting the prepared change set', async () => {
    const fake = cloud.start()

    const {exitCode, error} = await runOmnix(Deploy, ['--require-approval', 'any-change'])

    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /refusing without a terminal/)
    assert.equal(fake.inputsOf('ExecuteChangeSet').length, 0)
    assert.equal(fake.inputsOf('CreateChangeSet').length, 1, 'stops at the first stack')
    assert.equal(fake.inputsOf('DeleteChangeSet').length, 1, 'the refused change set is cleaned up')
  })

  it('tells how to bootstrap when the account is not bootstrapped', async () => {
    cloud.start({bootstrapped: false})

    const {exitCode, error} = await runOmnix(Deploy, ['--stacks', 'security', '--yes'])

    assert.equal(exitCode, 1)
    assert.match(String(error?.message), /not bootstrapped/)
    assert.deepEqual((error as {oclif?: unknown; suggestions?: string[]}).suggestions, [`bootstrap the environment once: npx cdk bootstrap aws://${FAKE_ACCOUNT}/us-east-1`])
  })

  it('suggests AWS_PROFILE or an offline diff when the credentials are rejected', async () => {
    const previous = process.env.AWS_ACCESS_KEY_ID
    // A key the toolkit has not cached an account for, so it asks STS, which rejects it.
    process.env.AWS_ACCESS_KEY_ID = 'AKIDREJECTEDTEST'
    cloud.start({credentialsError: 'InvalidClientTokenId'})
    try {
      const {exitCode, error} = await runOmnix(Deploy, ['--stacks', 'security', '--yes'])

      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /no usable AWS credentials/)
      const [suggestion] = (error as {suggestions?: string[]}).suggestions ?? []
      assert.match(suggestion, /AWS_PROFILE/)
      assert.match(suggestion, /omnix diff --offline/)
    } finally {
      process.env.AWS_ACCESS_KEY_ID = previous
    }
  })
})
