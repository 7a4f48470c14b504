import {DeleteRestApiCommand, GetExportCommand, GetResourcesCommand} from '@aws-sdk/client-api-gateway'
import {GetMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import assert from 'node:assert/strict'
import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {UsageError} from '../../../src/sdk/errors.js'
import {consolidateGateways, planConsolidation, proposeKeep, type ConsolidationProgress} from '../../../src/sdk/gateways/consolidate.js'
import {listGateways} from '../../../src/sdk/gateways/inventory.js'
import {MANIFEST_FILE} from '../../../src/sdk/gateways/manifest.js'
import type {ConsolidationPlan} from '../../../src/sdk/gateways/types.js'
import {type FakeWorld, fakeClock, NOW, notFoundError, SEVEN_APIS, stageWorld, tooManyRequests, useGatewayMocks} from './world.js'

const target = {region: 'eu-central-1'}

/** Three deletable duplicates of the kept API, no mappings, no traffic. */
const THREE_DUPLICATES: FakeWorld = {
  apis: [
    {id: 'keep000001', name: 'omnix-ai-prod-api', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
    {id: 'dup0000001', name: 'omnix-ai-api-v1', stages: [{name: 'prod', deployed: '2025-07-01T00:00:00Z'}]},
    {id: 'dup0000002', name: 'omnix-ai-api-v2', stages: [{name: 'prod', deployed: '2025-07-02T00:00:00Z'}]},
    {id: 'dup0000003', name: 'omnix-ai-api-v3', stages: [{name: 'prod', deployed: '2025-07-03T00:00:00Z'}]},
  ],
  stackApis: ['keep000001'],
}

describe('sdk/gateways consolidation', () => {
  const mocks = useGatewayMocks()
  const inventoryOf = async (world: FakeWorld, env = 'prod') => {
    stageWorld(mocks, world)
    return listGateways(target, {env, days: 14, now: () => NOW})
  }
  const tempDir = () => mkdtemp(join(tmpdir(), 'omnix-gw-'))
  const actions = (plan: ConsolidationPlan) => Object.fromEntries(plan.items.map((i) => [i.id, i.action]))

  describe('planConsolidation', () => {
    it('with CloudWatch unreadable, blocks every delete that needed traffic evidence, naming why; --force deletes', async () => {
      const world: FakeWorld = {...THREE_DUPLICATES, apis: [...THREE_DUPLICATES.apis, {id: 'nostage001', name: 'omnix-ai-api-v4', stages: []}]}
      stageWorld(mocks, world)
      mocks.cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricData'), {name: 'AccessDenied'}))
      const inventory = await listGateways(target, {env: 'prod', days: 14, now: () => NOW})
      assert.equal(inventory.trafficError, 'CloudWatch could not be read: AccessDenied: User is not authorized to perform: cloudwatch:GetMetricData')
      const plan = planConsolidation(inventory, {keep: 'keep000001'})
      assert.deepEqual(actions(plan), {keep000001: 'keep', dup0000001: 'blocked', dup0000002: 'blocked', dup0000003: 'blocked', nostage001: 'delete'})
      const blocked = plan.items.find((i) => i.id === 'dup0000001')!
      assert.match(blocked.reasons[0], /^traffic unknown \(CloudWatch could not be read: AccessDenied: .*\): cannot show it has no traffic in the last 14 days$/)
      assert.match(plan.items.find((i) => i.id === 'nostage001')!.reasons[0], /no stage \(nothing can invoke it\)/)
      assert.ok(plan.notes.some((n) => /Traffic is unknown .* blocked unless --force/.test(n)))
      const forced = planConsolidation(inventory, {keep: 'keep000001', force: true})
      assert.deepEqual(actions(forced), {keep000001: 'keep', dup0000001: 'delete', dup0000002: 'delete', dup0000003: 'delete', nostage001: 'delete'})
    })

    it('deletes platform duplicates of the env and leaves unrelated, other-env, stack-owned and WebSocket APIs alone', async () => {
      const inventory = await inventoryOf(SEVEN_APIS)
      const plan = planConsolidation(inventory, {keep: '4j4yb4b844'})
      assert.deepEqual(actions(plan), {
        '4j4yb4b844': 'keep',
        '3co7qyhir9': 'delete',
        '18sz01wxsi': 'delete',
        '46l1hz4wt7': 'delete',
        '8jaddybi6g': 'delete',
        '8r85mpuvt3': 'leave',
        wdqm1vpl80: 'delete',
        zz9unrel01: 'leave',
        '5oo31khrrj': 'leave',
      })
      const why = (id: string) => plan.items.find((i) => i.id === id)!.reasons.join(' ')
      assert.match(why('zz9unrel01'), /does not start with omnix-ai: not part of the platform/)
      assert.match(why('8r85mpuvt3'), /marks it as dev's, not prod's/)
      assert.match(why('5oo31khrrj'), /only REST APIs are consolidated/)
      assert.match(why('8jaddybi6g'), /no stage \(nothing can invoke it\)/)
      assert.ok(plan.notes.some((n) => /3 API\(s\) left alone/.test(n)))
    })

    it('never plans to delete the API the deployed stack owns, even when another is kept', async () => {
      const plan = planConsolidation(await inventoryOf(SEVEN_APIS), {keep: '46l1hz4wt7'})
      const owned = plan.items.find((i) => i.id === '4j4yb4b844')!
      assert.equal(owned.action, 'leave')
      assert.match(owned.reasons[0], /owned by CloudFormation stack omnix-ai-prod-api/)
    })

    it('refuses an API with a base path mapping, and deletes it with --force', async () => {
      const world: FakeWorld = {...THREE_DUPLICATES, domains: [{name: 'api.omnix.example', mappings: [{apiId: 'dup0000002', basePath: '(none)', stage: 'prod'}]}]}
      const inventory = await inventoryOf(world)
      const plan = planConsolidation(inventory, {keep: 'keep000001'})
      const mapped = plan.items.find((i) => i.id === 'dup0000002')!
      assert.equal(mapped.action, 'blocked')
      assert.match(mapped.reasons[0], /custom domain api\.omnix\.example maps base path \(none\) \(stage prod\) to it/)
      const forced = planConsolidation(inventory, {keep: 'keep000001', force: true}).items.find((i) => i.id === 'dup0000002')!
      assert.equal(forced.action, 'delete')
      assert.match(forced.reasons[0], /in use, deleted anyway \(--force\)/)
    })

    it('refuses an API with recent traffic of its own', async () => {
      const plan = planConsolidation(await inventoryOf({...THREE_DUPLICATES, traffic: {'Count|ApiName=omnix-ai-api-v3': 42}}), {keep: 'keep000001'})
      const busy = plan.items.find((i) => i.id === 'dup0000003')!
      assert.equal(busy.action, 'blocked')
      assert.match(busy.reasons[0], /42 requests in the last 14 days \(last on 2025-08-30\)/)
    })

    it('judges same-named APIs by deployments: old namesake of the kept API goes, a recently deployed one stays', async () => {
      const world: FakeWorld = {
        apis: [
          {id: 'keep000001', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
          {id: 'oldtwin001', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-05-01T00:00:00Z'}]},
          {id: 'newtwin002', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-08-25T00:00:00Z'}]},
        ],
        traffic: {'Count|ApiName=omnix-ai-api|Stage=prod': 900},
      }
      const plan = planConsolidation(await inventoryOf(world), {keep: 'keep000001'})
      const old = plan.items.find((i) => i.id === 'oldtwin001')!
      const recent = plan.items.find((i) => i.id === 'newtwin002')!
      assert.equal(old.action, 'delete')
      assert.ok(old.reasons.some((r) => /shared with the kept API keep000001; this one has no mapping and no deployment in the last 14 days/.test(r)))
      assert.equal(recent.action, 'blocked')
      assert.match(recent.reasons[0], /deployed within the last 14 days .*it may be serving them/)
      assert.ok(plan.notes.some((n) => /CloudWatch keys REST API metrics by name/.test(n)))
    })

    it('refuses same-named APIs when the traffic they share cannot be the kept API\'s', async () => {
      const world: FakeWorld = {
        apis: [
          {id: 'keep000001', name: 'omnix-ai-prod-api', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
          {id: 'twin000001', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-05-01T00:00:00Z'}]},
          {id: 'twin000002', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-05-02T00:00:00Z'}]},
        ],
        traffic: {'Count|ApiName=omnix-ai-api|Stage=prod': 10},
      }
      const plan = planConsolidation(await inventoryOf(world), {keep: 'keep000001'})
      assert.equal(actions(plan).twin000001, 'blocked')
      assert.equal(actions(plan).twin000002, 'blocked')
      assert.match(plan.items.find((i) => i.id === 'twin000001')!.reasons[0], /shared by twin000001, twin000002: it cannot tell which/)
    })

    it('names --keep when the id is unknown or not a REST API', async () => {
      const inventory = await inventoryOf(SEVEN_APIS)
      assert.throws(() => planConsolidation(inventory, {keep: 'nope'}), (e: Error) => e instanceof UsageError && /^--keep: no API with id "nope"/.test(e.message))
      assert.throws(() => planConsolidation(inventory, {keep: '5oo31khrrj'}), (e: Error) => e instanceof UsageError && /--keep: 5oo31khrrj .* is a WEBSOCKET API/.test(e.message))
    })

    it('proposes the REST API the deployed stack owns', async () => {
      assert.equal(proposeKeep(await inventoryOf(SEVEN_APIS))?.id, '4j4yb4b844')
      assert.equal(proposeKeep(await inventoryOf({...SEVEN_APIS, stackApis: undefined})), undefined)
    })
  })

  describe('consolidateGateways', () => {
    const planFor = async (world: FakeWorld, keep = 'keep000001') => planConsolidation(await inventoryOf(world), {keep})

    it('exports every API (OpenAPI 3 with API Gateway extensions) before deleting any', async () => {
      const plan = await planFor(THREE_DUPLICATES)
      const dir = await tempDir()
      const clock = fakeClock()
      const result = await consolidateGateways(target, plan, {exportDir: dir, clock})
      const sequence = mocks.apigw
        .calls()
        .map((c) => c.args[0])
        .filter((cmd) => cmd instanceof GetExportCommand || cmd instanceof DeleteRestApiCommand)
        .map((cmd) => `${cmd.constructor.name}:${cmd.input.restApiId}`)
      assert.deepEqual(sequence, [
        'GetExportCommand:dup0000001',
        'GetExportCommand:dup0000002',
        'GetExportCommand:dup0000003',
        'DeleteRestApiCommand:dup0000001',
        'DeleteRestApiCommand:dup0000002',
        'DeleteRestApiCommand:dup0000003',
      ])
      assert.deepEqual(mocks.apigw.commandCalls(GetExportCommand)[0].args[0].input, {
        restApiId: 'dup0000001',
        stageName: 'prod',
        exportType: 'oas30',
        accepts: 'application/json',
        parameters: {extensions: 'apigateway'},
      })
      const exported = JSON.parse(await readFile(join(dir, 'dup0000001.prod.oas30.json'), 'utf8'))
      assert.equal(exported.info.title, 'omnix-ai-api-v1')
      assert.deepEqual(result.outcomes.map((o) => [o.id, o.status]), [
        ['dup0000001', 'deleted'],
        ['dup0000002', 'deleted'],
        ['dup0000003', 'deleted'],
      ])
      assert.equal(result.complete, true)
      const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'))
      assert.deepEqual(manifest.apis.map((e: {status: string}) => e.status), ['deleted', 'deleted', 'deleted'])
    })

    it('paces DeleteRestApi to one per 30 seconds on the injected clock, reporting a countdown', async () => {
      const plan = await planFor(THREE_DUPLICATES)
      const clock = fakeClock()
      const deletedAt: number[] = []
      mocks.apigw.on(DeleteRestApiCommand).callsFake(() => {
        deletedAt.push(clock.now())
        return {}
      })
      const events: ConsolidationProgress[] = []
      await consolidateGateways(target, plan, {exportDir: await tempDir(), clock, onProgress: (e) => events.push(e)})
      assert.deepEqual(deletedAt, [NOW, NOW + 30_000, NOW + 60_000])
      const countdown = events.filter((e) => e.type === 'wait' && e.id === 'dup0000002').map((e) => (e as {remainingMs: number}).remainingMs)
      assert.equal(countdown.length, 30)
      assert.equal(countdown[0], 30_000)
      assert.equal(countdown.at(-1), 1_000)
      assert.ok(events.filter((e) => e.type === 'wait').every((e) => (e as {reason: string}).reason === 'pacing'))
    })

    it('retries TooManyRequestsException after retryAfterSeconds, else with exponential backoff', async () => {
      const plan = await planFor({...THREE_DUPLICATES, apis: THREE_DUPLICATES.apis.slice(0, 3)})
      const clock = fakeClock()
      const attempts: Array<[string, number]> = []
      let calls = 0
      mocks.apigw.on(DeleteRestApiCommand).callsFake((input) => {
        attempts.push([input.restApiId, clock.now() - NOW])
        calls++
        if (calls === 1) throw tooManyRequests('45')
        if (calls === 3 || calls === 4) throw tooManyRequests()
        return {}
      })
      const result = await consolidateGateways(target, plan, {exportDir: await tempDir(), clock})
      assert.deepEqual(attempts, [
        ['dup0000001', 0],
        ['dup0000001', 45_000], // Retry-After honoured
        ['dup0000002', 75_000], // paced 30 s after the last success
        ['dup0000002', 105_000], // backoff 30 s
        ['dup0000002', 165_000], // backoff 60 s
      ])
      assert.deepEqual(result.outcomes.map((o) => [o.id, o.status, o.attempts]), [
        ['dup0000001', 'deleted', 2],
        ['dup0000002', 'deleted', 3],
      ])
    })

    it('stops after the retry budget, reports the rest as pending, and deletes nothing more', async () => {
      const plan = await planFor(THREE_DUPLICATES)
      mocks.apigw.on(DeleteRestApiCommand, {restApiId: 'dup0000001'}).rejects(tooManyRequests())
      const result = await consolidateGateways(target, plan, {exportDir: await tempDir(), clock: fakeClock()})
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 6)
      assert.ok(mocks.apigw.commandCalls(DeleteRestApiCommand).every((c) => c.args[0].input.restApiId === 'dup0000001'))
      assert.deepEqual(result.outcomes.map((o) => [o.id, o.status]), [
        ['dup0000001', 'failed'],
        ['dup0000002', 'pending'],
        ['dup0000003', 'pending'],
      ])
      assert.equal(result.complete, false)
    })

    it('skips and reports APIs already deleted (NotFoundException) and carries on', async () => {
      const plan = await planFor(THREE_DUPLICATES)
      mocks.apigw.on(DeleteRestApiCommand, {restApiId: 'dup0000002'}).rejects(notFoundError())
      const result = await consolidateGateways(target, plan, {exportDir: await tempDir(), clock: fakeClock()})
      assert.deepEqual(result.outcomes.map((o) => [o.id, o.status]), [
        ['dup0000001', 'deleted'],
        ['dup0000002', 'already-deleted'],
        ['dup0000003', 'deleted'],
      ])
      assert.equal(result.complete, true)
    })

    it('resumes from the manifest: reports what an earlier run deleted and keeps its pace', async () => {
      const dir = await tempDir()
      const earlier = {
        version: 1,
        region: 'eu-central-1',
        keep: 'keep000001',
        lastDeleteAt: new Date(NOW - 10_000).toISOString(),
        apis: [{id: 'gone000001', name: 'omnix-ai-old', status: 'deleted', exportFiles: [join(dir, 'gone000001.prod.oas30.json')], at: new Date(NOW - 10_000).toISOString()}],
      }
      await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(earlier))
      const plan = await planFor({...THREE_DUPLICATES, apis: THREE_DUPLICATES.apis.slice(0, 2)})
      const clock = fakeClock()
      const deletedAt: number[] = []
      mocks.apigw.on(DeleteRestApiCommand).callsFake(() => {
        deletedAt.push(clock.now())
        return {}
      })
      const result = await consolidateGateways(target, plan, {exportDir: dir, clock})
      assert.deepEqual(deletedAt, [NOW + 20_000], 'waits out the 30 s since the earlier run\'s last delete')
      assert.deepEqual(result.outcomes.map((o) => [o.id, o.status, o.detail]), [
        ['gone000001', 'already-deleted', `deleted by an earlier run at ${earlier.apis[0].at}`],
        ['dup0000001', 'deleted', null],
      ])
    })

    it('deletes nothing when an export fails', async () => {
      const plan = await planFor(THREE_DUPLICATES)
      mocks.apigw.on(GetExportCommand, {restApiId: 'dup0000003'}).rejects(Object.assign(new Error('Access denied'), {name: 'AccessDeniedException'}))
      const result = await consolidateGateways(target, plan, {exportDir: await tempDir(), clock: fakeClock()})
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)
      assert.deepEqual(result.outcomes.map((o) => [o.id, o.status]), [
        ['dup0000003', 'failed'],
        ['dup0000001', 'pending'],
        ['dup0000002', 'pending'],
      ])
    })

    it('saves an API without a stage as its resources, since GetExport needs a stage', async () => {
      const plan = await planFor({apis: [THREE_DUPLICATES.apis[0], {id: 'nostage001', name: 'omnix-ai-cdk-api', stages: []}]})
      const dir = await tempDir()
      const result = await consolidateGateways(target, plan, {exportDir: dir, clock: fakeClock()})
      assert.equal(mocks.apigw.commandCalls(GetExportCommand).length, 0)
      assert.deepEqual(mocks.apigw.commandCalls(GetResourcesCommand)[0].args[0].input, {restApiId: 'nostage001', embed: ['methods'], limit: 500, position: undefined})
      assert.deepEqual(result.outcomes[0].exportFiles, [join(dir, 'nostage001.resources.json')])
      assert.equal(result.outcomes[0].status, 'deleted')
    })

    it('dry run exports and deletes nothing', async () => {
      const plan = await planFor(THREE_DUPLICATES)
      const dir = join(await tempDir(), 'exports')
      const result = await consolidateGateways(target, plan, {exportDir: dir, dryRun: true, clock: fakeClock()})
      assert.equal(mocks.apigw.commandCalls(DeleteRestApiCommand).length, 0)
      assert.equal(mocks.apigw.commandCalls(GetExportCommand).length, 0)
      assert.deepEqual(result.outcomes.map((o) => o.status), ['planned', 'planned', 'planned'])
      assert.equal(result.complete, false)
      await assert.rejects(readFile(join(dir, MANIFEST_FILE)), /ENOENT/)
    })

    it('reports blocked APIs without touching them', async () => {
      const plan = await planFor({...THREE_DUPLICATES, traffic: {'Count|ApiName=omnix-ai-api-v1': 5}})
      const result = await consolidateGateways(target, plan, {exportDir: await tempDir(), clock: fakeClock()})
      assert.ok(mocks.apigw.commandCalls(DeleteRestApiCommand).every((c) => c.args[0].input.restApiId !== 'dup0000001'))
      assert.ok(mocks.apigw.commandCalls(GetExportCommand).every((c) => c.args[0].input.restApiId !== 'dup0000001'))
      assert.equal(result.outcomes.find((o) => o.id === 'dup0000001')!.status, 'blocked')
      assert.equal(result.complete, false)
    })
  })
})
