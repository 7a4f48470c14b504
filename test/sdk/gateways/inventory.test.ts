import {GetRestApisCommand} from '@aws-sdk/client-api-gateway'
import {GetMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import assert from 'node:assert/strict'

import {listGateways} from '../../../src/sdk/gateways/inventory.js'
import {NOW, SEVEN_APIS, stageWorld, useGatewayMocks} from './world.js'

const target = {region: 'eu-central-1'}

describe('sdk/gateways listGateways', () => {
  const mocks = useGatewayMocks()

  it('reports REST and WebSocket APIs with stages, last deployment, endpoint type and stack ownership', async () => {
    stageWorld(mocks, SEVEN_APIS)
    const inventory = await listGateways(target, {env: 'prod', days: 14, now: () => NOW})
    assert.equal(inventory.apis.length, 9)
    const kept = inventory.apis.find((a) => a.id === '4j4yb4b844')!
    assert.equal(kept.kind, 'REST')
    assert.equal(kept.endpointType, 'REGIONAL')
    assert.equal(kept.endpoint, 'https://4j4yb4b844.execute-api.eu-central-1.amazonaws.com')
    assert.deepEqual(kept.stages.map((s) => [s.name, s.lastDeployment]), [['prod', '2025-08-28T10:00:00.000Z']])
    assert.equal(kept.ownedByStack, 'omnix-ai-prod-api')
    assert.deepEqual(kept.traffic, {
      metrics: ['Count'],
      keyedBy: 'api-name',
      requests: 1200,
      ambiguousRequests: 0,
      ambiguousWith: [],
      lastActiveDay: '2025-08-30',
    })
    const ws = inventory.apis.find((a) => a.id === '5oo31khrrj')!
    assert.equal(ws.kind, 'WEBSOCKET')
    assert.equal(ws.traffic?.requests, 340)
    assert.equal(ws.traffic?.keyedBy, 'api-id')
    assert.equal(inventory.apis.find((a) => a.id === 'wdqm1vpl80')!.endpointType, 'EDGE')
    assert.equal(inventory.apis.find((a) => a.id === '8jaddybi6g')!.traffic?.keyedBy, 'no-stage')
    assert.deepEqual(inventory.apis.find((a) => a.id === 'zz9unrel01')!.ownership, {platform: false, namedEnv: null, belongsToEnv: false})
    assert.deepEqual(inventory.window, {start: new Date(NOW - 14 * 86_400_000).toISOString(), end: new Date(NOW).toISOString()})
  })

  it('asks CloudWatch for daily Count sums by ApiName for REST APIs and by ApiId for WebSocket APIs over the window', async () => {
    stageWorld(mocks, {
      apis: [
        {id: 'r1', name: 'omnix-ai-prod-api', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
        {id: 'w1', name: 'omnix-ai-prod-ws', kind: 'WEBSOCKET', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
      ],
    })
    await listGateways(target, {env: 'prod', days: 7, now: () => NOW})
    const calls = mocks.cw.commandCalls(GetMetricDataCommand)
    assert.equal(calls.length, 1)
    const input = calls[0].args[0].input
    assert.deepEqual(input.StartTime, new Date(NOW - 7 * 86_400_000))
    assert.deepEqual(input.EndTime, new Date(NOW))
    assert.deepEqual(
      input.MetricDataQueries!.map((q) => q.MetricStat),
      [
        {Metric: {Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{Name: 'ApiName', Value: 'omnix-ai-prod-api'}]}, Period: 86400, Stat: 'Sum'},
        {Metric: {Namespace: 'AWS/ApiGateway', MetricName: 'ConnectCount', Dimensions: [{Name: 'ApiId', Value: 'w1'}]}, Period: 86400, Stat: 'Sum'},
        {Metric: {Namespace: 'AWS/ApiGateway', MetricName: 'MessageCount', Dimensions: [{Name: 'ApiId', Value: 'w1'}]}, Period: 86400, Stat: 'Sum'},
      ],
    )
  })

  it('flags REST APIs that share a name, attributing only stages no namesake has', async () => {
    stageWorld(mocks, {
      apis: [
        {id: 'a1', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-08-01T00:00:00Z'}, {name: 'v2', deployed: '2025-08-01T00:00:00Z'}]},
        {id: 'b2', name: 'omnix-ai-api', stages: [{name: 'prod', deployed: '2025-06-01T00:00:00Z'}]},
      ],
      traffic: {'Count|ApiName=omnix-ai-api': 999, 'Count|ApiName=omnix-ai-api|Stage=prod': 500, 'Count|ApiName=omnix-ai-api|Stage=v2': 7},
    })
    const inventory = await listGateways(target, {env: 'prod', days: 14, now: () => NOW})
    const [a, b] = inventory.apis
    assert.deepEqual(a.sharesNameWith, ['b2'])
    assert.equal(a.traffic?.keyedBy, 'shared-api-name')
    assert.equal(a.traffic?.requests, 7, 'stage v2 is a1\'s alone')
    assert.equal(a.traffic?.ambiguousRequests, 500)
    assert.deepEqual(a.traffic?.ambiguousWith, ['b2'])
    assert.equal(b.traffic?.requests, 0)
    assert.equal(b.traffic?.ambiguousRequests, 500)
    const shared = inventory.notes.filter((n) => /share the name/.test(n))
    assert.equal(shared.length, 1)
    assert.match(shared[0], /a1, b2 share the name "omnix-ai-api".*cannot be told apart/)
    const dims = mocks.cw.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries!.map((q) =>
      q.MetricStat!.Metric!.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(','),
    )
    assert.deepEqual(dims.sort(), ['ApiName=omnix-ai-api,Stage=prod', 'ApiName=omnix-ai-api,Stage=v2'])
  })

  it('collects base path mappings (v1) and API mappings (v2) without listing a route twice', async () => {
    stageWorld(mocks, {
      apis: [
        {id: 'r1', name: 'omnix-ai-prod-api', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
        {id: 'w1', name: 'omnix-ai-prod-ws', kind: 'WEBSOCKET', stages: [{name: 'prod', deployed: '2025-08-28T00:00:00Z'}]},
      ],
      domains: [
        {
          name: 'api.omnix.example',
          mappings: [
            {apiId: 'r1', basePath: 'v1', stage: 'prod'},
            {apiId: 'w1', basePath: 'ws', stage: 'prod'},
          ],
        },
      ],
    })
    const inventory = await listGateways(target, {env: 'prod', days: 14, now: () => NOW})
    assert.deepEqual(inventory.apis.find((a) => a.id === 'r1')!.mappings, [{domainName: 'api.omnix.example', basePath: 'v1', stage: 'prod'}])
    assert.deepEqual(inventory.apis.find((a) => a.id === 'w1')!.mappings, [{domainName: 'api.omnix.example', basePath: 'ws', stage: 'prod'}])
  })

  it('keeps the inventory when CloudWatch cannot be read: traffic null, the reason on every API and in a note', async () => {
    stageWorld(mocks, SEVEN_APIS)
    mocks.cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {code: 'ECONNREFUSED'}))
    const inventory = await listGateways(target, {env: 'prod', days: 14, now: () => NOW})
    assert.equal(inventory.apis.length, 9)
    assert.equal(inventory.trafficError, 'CloudWatch could not be read: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9')
    for (const api of inventory.apis) {
      assert.equal(api.traffic, null, api.id)
      assert.equal(api.trafficError, inventory.trafficError, api.id)
    }
    assert.ok(inventory.notes.includes(`traffic unknown: ${inventory.trafficError}`))
    assert.ok(inventory.window, 'the window asked for is still reported')
  })

  it('reports no traffic error when traffic was read or not asked for', async () => {
    stageWorld(mocks, SEVEN_APIS)
    assert.equal((await listGateways(target, {env: 'prod', days: 14, now: () => NOW})).trafficError, null)
    assert.equal((await listGateways(target, {env: 'prod'})).apis[0].trafficError, null)
  })

  it('follows GetRestApis pagination', async () => {
    stageWorld(mocks, {apis: []})
    mocks.apigw
      .on(GetRestApisCommand)
      .resolvesOnce({items: [{id: 'p1', name: 'omnix-ai-a'}], position: 'next'})
      .resolvesOnce({items: [{id: 'p2', name: 'omnix-ai-b'}]})
    const inventory = await listGateways(target, {env: 'prod', mappings: false, deployments: false, stackOwnership: false})
    assert.deepEqual(inventory.apis.map((a) => a.id), ['p1', 'p2'])
    const positions = mocks.apigw.commandCalls(GetRestApisCommand).map((c) => c.args[0].input.position)
    assert.deepEqual(positions, [undefined, 'next'])
    assert.equal(mocks.cw.calls().length, 0, 'no traffic window: CloudWatch is not asked')
  })

  it('notes a stack that is not deployed instead of failing', async () => {
    stageWorld(mocks, {...SEVEN_APIS, stackApis: undefined})
    const inventory = await listGateways(target, {env: 'prod', days: 14, now: () => NOW})
    assert.ok(inventory.apis.every((a) => a.ownedByStack === null))
    assert.ok(inventory.notes.some((n) => /omnix-ai-prod-api is not deployed/.test(n)))
  })
})
