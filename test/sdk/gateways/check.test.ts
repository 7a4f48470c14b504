import assert from 'node:assert/strict'

import {checkGateways} from '../../../src/sdk/gateways/check.js'
import {apiOwnership} from '../../../src/sdk/gateways/ownership.js'
import type {ApiKind, GatewayApi, GatewayInventory} from '../../../src/sdk/gateways/types.js'

function api(id: string, name: string, kind: ApiKind, stages: string[], env = 'prod'): GatewayApi {
  return {
    id,
    name,
    kind,
    endpointType: 'REGIONAL',
    endpoint: `https://${id}.execute-api.eu-central-1.amazonaws.com`,
    createdDate: null,
    description: null,
    stages: stages.map((s) => ({name: s, deploymentId: null, lastDeployment: null, createdDate: null, lastUpdatedDate: null})),
    lastDeployment: null,
    deploymentCount: 0,
    mappings: [],
    traffic: null,
    sharesNameWith: [],
    ownership: apiOwnership(name, env),
    ownedByStack: null,
  }
}

const inventory = (apis: GatewayApi[], env = 'prod'): GatewayInventory => ({region: 'eu-central-1', env, days: null, window: null, apis, notes: []})
const codes = (apis: GatewayApi[], env = 'prod') => checkGateways(inventory(apis, env)).findings.map((f) => f.code)

describe('sdk/gateways checkGateways', () => {
  it('passes with one REST and one WebSocket API on the env stage, ignoring unrelated and other-env APIs', () => {
    const result = checkGateways(
      inventory([
        api('r1', 'omnix-ai-prod-api', 'REST', ['prod']),
        api('w1', 'omnix-ai-prod-ws', 'WEBSOCKET', ['prod']),
        api('x1', 'payments-api', 'REST', ['live']),
        api('d1', 'omnix-ai-dev-api', 'REST', ['dev']),
      ]),
    )
    assert.equal(result.ok, true)
    assert.deepEqual(result.findings.map((f) => f.code), ['REST_OK', 'WS_OK'])
    assert.deepEqual(result.expected, {rest: 'omnix-ai-prod-api', webSocket: 'omnix-ai-prod-ws'})
  })

  it('fails when the WebSocket API is on another stage than the REST API', () => {
    const result = checkGateways(inventory([api('r1', 'omnix-ai-prod-api', 'REST', ['prod']), api('w1', 'omnix-ai-prod-ws', 'WEBSOCKET', ['dev'])]))
    assert.equal(result.ok, false)
    const finding = result.findings.find((f) => f.code === 'WS_STAGE_MISSING')!
    assert.match(finding.message, /has no stage "prod" \(stages: dev\)/)
    assert.deepEqual(finding.apiIds, ['w1'])
  })

  it('fails on a missing API, a duplicate name and leftover platform APIs', () => {
    assert.deepEqual(codes([api('r1', 'omnix-ai-prod-api', 'REST', ['prod'])]), ['REST_OK', 'WS_MISSING'])
    assert.deepEqual(
      codes([api('r1', 'omnix-ai-prod-api', 'REST', ['prod']), api('r2', 'omnix-ai-prod-api', 'REST', ['prod']), api('w1', 'omnix-ai-prod-ws', 'WEBSOCKET', ['prod'])]),
      ['REST_DUPLICATE', 'WS_OK'],
    )
    assert.deepEqual(
      codes([api('r1', 'omnix-ai-prod-api', 'REST', ['prod']), api('r9', 'omnix-ai-api-cors-enabled', 'REST', ['prod']), api('w1', 'omnix-ai-prod-ws', 'WEBSOCKET', ['prod'])]),
      ['REST_EXTRA', 'WS_OK'],
    )
  })
})

describe('sdk/gateways apiOwnership', () => {
  it('reads the environment from platform names and treats legacy names as the region\'s', () => {
    assert.deepEqual(apiOwnership('omnix-ai-prod-api', 'prod'), {platform: true, namedEnv: 'prod', belongsToEnv: true})
    assert.deepEqual(apiOwnership('omnix-ai-api-production', 'prod'), {platform: true, namedEnv: 'prod', belongsToEnv: true})
    assert.deepEqual(apiOwnership('omnix-ai-development-api', 'prod'), {platform: true, namedEnv: 'dev', belongsToEnv: false})
    assert.deepEqual(apiOwnership('OMNIX-AI-api-cors-enabled', 'staging'), {platform: true, namedEnv: null, belongsToEnv: true})
    assert.deepEqual(apiOwnership('omnix-api', 'prod'), {platform: false, namedEnv: null, belongsToEnv: false})
    // "devices" is not "dev": only whole words mark an environment.
    assert.deepEqual(apiOwnership('omnix-ai-devices-api', 'prod'), {platform: true, namedEnv: null, belongsToEnv: true})
  })
})
