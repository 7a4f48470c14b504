import {DeleteRestApiCommand, GetExportCommand} from '@aws-sdk/client-api-gateway'
import assert from 'node:assert/strict'
import {mkdtemp, readdir} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import GatewaysCheck from '../../../src/commands/gateways/check.js'
import GatewaysConsolidate from '../../../src/commands/gateways/consolidate.js'
import GatewaysList from '../../../src/commands/gateways/list.js'
import type {ConsolidationResult, GatewayCheckResult, GatewayInventory} from '../../../src/sdk/gateways/types.js'
import {runCommand} from '../../helpers/run-command.js'
import {type FakeWorld, SEVEN_APIS, stageWorld, useGatewayMocks} from '../../sdk/gateways/world.js'

const PROD = ['-e', 'prod', '-r', 'eu-central-1']

const CONSOLIDATED: FakeWorld = {
  apis: [
    {id: '4j4yb4b844', name: 'omnix-ai-prod-api', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
    {id: '5oo31khrrj', name: 'omnix-ai-prod-ws', kind: 'WEBSOCKET', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
  ],
  stackApis: ['4j4yb4b844'],
}

/** One duplicate next to the kept API. */
const ONE_DUPLICATE: FakeWorld = {
  apis: [...CONSOLIDATED.apis, {id: '46l1hz4wt7', name: 'omnix-ai-api-cors-enabled', stages: [{name: 'prod', deployed: '2025-07-18T00:00:00Z'}]}],
  stackApis: ['4j4yb4b844'],
}

describe('omnix gateways', () => {
  const mocks = useGatewayMocks()
  let stdinTTY: boolean | undefined
  let exitCode: typeof process.exitCode
  beforeEach(() => {
    stdinTTY = process.stdin.isTTY
    process.stdin.isTTY = false as never
    exitCode = process.exitCode
  })
  afterEach(() => {
    process.stdin.isTTY = stdinTTY as never
    process.exitCode = exitCode
  })
  const exportDir = () => mkdtemp(join(tmpdir(), 'omnix-gw-cmd-'))

  describe('list', () => {
    it('--json gives the inventory', async () => {
      stageWorld(mocks, SEVEN_APIS)
      const {stdout, exitCode} = await runCommand(GatewaysList, [...PROD, '--days', '7', '--json'])
      assert.equal(exitCode, 0)
      const inventory = JSON.parse(stdout) as GatewayInventory
      assert.equal(inventory.region, 'eu-central-1')
      assert.equal(inventory.days, 7)
      assert.equal(inventory.apis.length, 9)
      assert.equal(inventory.apis.find((a) => a.id === '4j4yb4b844')!.traffic!.requests, 1200)
    })

    it('flags rows whose traffic is keyed by a shared name and explains why', async () => {
      stageWorld(mocks, {
        apis: [
          {id: 'a1', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-08-01T00:00:00Z'}]},
          {id: 'b2', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-08-02T00:00:00Z'}]},
        ],
        traffic: {'Count|ApiName=omnix-ai-api|Stage=prod': 12},
      })
      const {stdout, exitCode} = await runCommand(GatewaysList, PROD)
      assert.equal(exitCode, 0)
      assert.match(stdout, /a1 .*0 \(\+12 shared\)\*/)
      assert.match(stdout, /note: REST APIs a1, b2 share the name "omnix-ai-api": CloudWatch keys REST API metrics by name/)
    })
  })

  describe('check', () => {
    it('exits 0 when one REST and one WebSocket API share the env stage', async () => {
      stageWorld(mocks, CONSOLIDATED)
      const {stdout, exitCode} = await runCommand(GatewaysCheck, PROD)
      assert.equal(exitCode, 0)
      assert.match(stdout, /gateways of prod in eu-central-1: ok/)
    })

    it('exits 1 with the findings as JSON when the estate is not consolidated', async () => {
      stageWorld(mocks, SEVEN_APIS)
      const {stdout, exitCode} = await runCommand(GatewaysCheck, [...PROD, '--json'])
      assert.equal(exitCode, 1)
      const result = JSON.parse(stdout) as GatewayCheckResult
      assert.equal(result.ok, false)
      assert.deepEqual(result.findings.map((f) => f.code), ['REST_EXTRA', 'WS_STAGE_MISSING'])
    })
  })

  describe('consolidate', () => {
    it('--dry-run shows the plan and sends no export or delete', async () => {
      stageWorld(mocks, SEVEN_APIS)
      const dir = await exportDir()
      const {stdout, exitCode} = await runCommand<ConsolidationResult>(GatewaysConsolidate, [...PROD, '--keep', '4j4yb4b844', '--dry-run', '--export-dir', dir])
      assert.equal(exitCode, 0)
      assert.match(stdout, /DELETE\s+3co7qyhir9/)
      assert.match(stdout, /LEAVE\s+zz9unrel01 .*not part of the platform/)
      assert.match(stdout, /Dry run: nothing exported or deleted\. 5 API\(s\) would be exported/)
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)
      assert.equal(mocks.apigw.commandCalls(GetExportCommand).length, 0)
      assert.deepEqual(await readdir(dir), [])
    })

    it('exports then deletes with --yes (prod also needs --confirm prod), as JSON', async () => {
      stageWorld(mocks, ONE_DUPLICATE)
      const dir = await exportDir()
      const {stdout, exitCode} = await runCommand(GatewaysConsolidate, [...PROD, '--keep', '4j4yb4b844', '--yes', '--confirm', 'prod', '--export-dir', dir, '--json'])
      assert.equal(exitCode, 0)
      const result = JSON.parse(stdout) as ConsolidationResult
      assert.deepEqual(result.outcomes.map((o) => [o.id, o.status]), [['46l1hz4wt7', 'deleted']])
      assert.equal(result.complete, true)
      assert.deepEqual((await readdir(dir)).sort(), ['46l1hz4wt7.prod.oas30.json', 'consolidation.json'])
      assert.deepEqual(mocks.apigw.commandCalls(DeleteRestApiCommand).map((c) => c.args[0].input), [{restApiId: '46l1hz4wt7'}])
    })

    it('refuses production without the typed-back confirmation, deleting nothing', async () => {
      stageWorld(mocks, ONE_DUPLICATE)
      const {exitCode, error} = await runCommand(GatewaysConsolidate, [...PROD, '--keep', '4j4yb4b844', '--yes', '--export-dir', await exportDir()])
      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /refusing without a terminal to type "prod"/)
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)
    })

    it('refuses without --yes when there is no terminal', async () => {
      stageWorld(mocks, ONE_DUPLICATE)
      const {exitCode, error} = await runCommand(GatewaysConsolidate, ['-e', 'staging', '-r', 'eu-central-1', '--keep', '4j4yb4b844', '--export-dir', await exportDir()])
      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /refusing without a terminal to ask on/)
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)
    })

    it('exits 1 and deletes nothing when the only candidate is mapped to a custom domain; --force deletes it', async () => {
      const mapped: FakeWorld = {...ONE_DUPLICATE, domains: [{name: 'api.omnix.example', mappings: [{apiId: '46l1hz4wt7', basePath: 'v1', stage: 'prod'}]}]}
      stageWorld(mocks, mapped)
      const blocked = await runCommand(GatewaysConsolidate, [...PROD, '--keep', '4j4yb4b844', '--yes', '--confirm', 'prod', '--export-dir', await exportDir()])
      assert.equal(blocked.exitCode, 1)
      assert.match(blocked.stdout, /BLOCKED\s+46l1hz4wt7 .*custom domain api\.omnix\.example maps base path v1/)
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)

      const forced = await runCommand(GatewaysConsolidate, [...PROD, '--keep', '4j4yb4b844', '--force', '--yes', '--confirm', 'prod', '--export-dir', await exportDir()])
      assert.equal(forced.exitCode, 0)
      assert.deepEqual(mocks.apigw.commandCalls(DeleteRestApiCommand).map((c) => c.args[0].input.restApiId), ['46l1hz4wt7'])
    })

    it('without --keep and without a terminal, refuses and names the stack\'s API to pass as --keep', async () => {
      stageWorld(mocks, ONE_DUPLICATE)
      const {exitCode, error} = await runCommand(GatewaysConsolidate, [...PROD, '--yes', '--confirm', 'prod'])
      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /no --keep given; the proposal is to keep 4j4yb4b844 \(omnix-ai-prod-api\), the REST API stack omnix-ai-prod-api owns/)
      assert.deepEqual((error as {suggestions?: string[]}).suggestions, ['pass --keep 4j4yb4b844 to keep it'])
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)
    })

    it('exits 2 naming --keep for an unknown id', async () => {
      stageWorld(mocks, ONE_DUPLICATE)
      const {exitCode, error} = await runCommand(GatewaysConsolidate, [...PROD, '--keep', 'doesnotexist', '--dry-run'])
      assert.equal(exitCode, 2)
      assert.match(String(error?.message), /--keep: no API with id "doesnotexist" in eu-central-1/)
    })
  })
})
