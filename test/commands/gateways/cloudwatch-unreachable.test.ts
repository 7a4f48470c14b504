import {APIGatewayClient, DeleteRestApiCommand, GetExportCommand} from '@aws-sdk/client-api-gateway'
import {ApiGatewayV2Client} from '@aws-sdk/client-apigatewayv2'
import {CloudFormationClient} from '@aws-sdk/client-cloudformation'
import {type AwsStub, mockClient} from 'aws-sdk-client-mock'
import assert from 'node:assert/strict'
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import GatewaysCheck from '../../../src/commands/gateways/check.js'
import GatewaysConsolidate from '../../../src/commands/gateways/consolidate.js'
import GatewaysList from '../../../src/commands/gateways/list.js'
import type {ConsolidationResult, GatewayInventory} from '../../../src/sdk/gateways/types.js'
import {runCommand} from '../../helpers/run-command.js'
import {type FakeWorld, type Mocks, stageWorld} from '../../sdk/gateways/world.js'
import {closedPort} from '../../helpers/closed-port.js'

const PROD = ['-e', 'prod', '-r', 'eu-central-1']

const WORLD: FakeWorld = {
  apis: [
    {id: '4j4yb4b844', name: 'omnix-ai-prod-api', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
    {id: '5oo31khrrj', name: 'omnix-ai-prod-ws', kind: 'WEBSOCKET', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
    {id: '46l1hz4wt7', name: 'omnix-ai-api-cors-enabled', stages: [{name: 'prod', deployed: '2025-07-18T00:00:00Z'}]},
  ],
  stackApis: ['4j4yb4b844'],
}

// API Gateway and CloudFormation are mocked; CloudWatch is the real client, sent to a closed port.
describe('omnix gateways with CloudWatch unreachable (a real connection error)', () => {
  const mocks = {} as Mocks
  let saved: NodeJS.ProcessEnv
  let stdinTTY: boolean | undefined
  before(async () => {
    mocks.apigw = mockClient(APIGatewayClient)
    mocks.v2 = mockClient(ApiGatewayV2Client)
    mocks.cfn = mockClient(CloudFormationClient)
    // CloudWatch itself stays real: the world's traffic stub is never consulted.
    mocks.cw = {on: () => ({callsFake: () => undefined})} as unknown as AwsStub<any, any, any>
    saved = {...process.env}
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = `http://127.0.0.1:${await closedPort()}`
    process.env.AWS_MAX_ATTEMPTS = '1'
  })
  beforeEach(() => {
    for (const m of [mocks.apigw, mocks.v2, mocks.cfn]) m.reset()
    stageWorld(mocks, WORLD)
    stdinTTY = process.stdin.isTTY
    process.stdin.isTTY = false as never
  })
  afterEach(() => {
    process.stdin.isTTY = stdinTTY as never
  })
  after(() => {
    process.env = saved
    for (const m of [mocks.apigw, mocks.v2, mocks.cfn]) m.restore()
  })

  it('list exits 0, says on stderr that traffic is unknown and why, JSON has traffic null and trafficError', async () => {
    const {stdout, stderr, exitCode} = await runCommand(GatewaysList, [...PROD, '--json'])
    assert.equal(exitCode, 0, stderr)
    assert.match(stderr, /traffic unknown: CloudWatch could not be read: ECONNREFUSED/)
    const inventory = JSON.parse(stdout) as GatewayInventory
    assert.equal(inventory.apis.length, 3)
    assert.match(inventory.trafficError!, /ECONNREFUSED/)
    for (const api of inventory.apis) {
      assert.equal(api.traffic, null)
      assert.match(api.trafficError!, /^CloudWatch could not be read: ECONNREFUSED/)
    }
  })

  it('list as a table shows traffic "unknown"', async () => {
    const {stdout, stderr, exitCode} = await runCommand(GatewaysList, PROD)
    assert.equal(exitCode, 0)
    assert.match(stdout, /46l1hz4wt7 .* unknown/)
    assert.match(stderr, /traffic unknown/)
  })

  it('consolidate blocks the delete that needed traffic evidence (exit 1, reason named) and deletes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnix-gw-cw-'))
    const {stdout, exitCode} = await runCommand(GatewaysConsolidate, [...PROD, '--keep', '4j4yb4b844', '--yes', '--confirm', 'prod', '--export-dir', dir, '--json'])
    assert.equal(exitCode, 1)
    const result = JSON.parse(stdout) as ConsolidationResult
    const item = result.plan.items.find((i) => i.id === '46l1hz4wt7')!
    assert.equal(item.action, 'blocked')
    assert.match(item.reasons[0], /traffic unknown \(CloudWatch could not be read: ECONNREFUSED/)
    assert.equal(result.complete, false)
    assert.equal(mocks.apigw.commandCalls(GetExportCommand).length, 0)
    assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)
  })

  it('consolidate --force deletes it anyway', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnix-gw-cw-'))
    const {stdout, exitCode} = await runCommand(GatewaysConsolidate, [...PROD, '--keep', '4j4yb4b844', '--force', '--yes', '--confirm', 'prod', '--export-dir', dir, '--json'])
    assert.equal(exitCode, 0)
    assert.deepEqual((JSON.parse(stdout) as ConsolidationResult).outcomes.map((o) => [o.id, o.status]), [['46l1hz4wt7', 'deleted']])
  })

  it('check needs no traffic and passes', async () => {
    const consolidated = {...WORLD, apis: WORLD.apis.filter((a) => a.id !== '46l1hz4wt7')}
    stageWorld(mocks, consolidated)
    const {exitCode} = await runCommand(GatewaysCheck, [...PROD, '--json'])
    assert.equal(exitCode, 0)
  })
})
