import {resourceName} from '../catalog/naming.js'
import type {GatewayApi, GatewayCheckFinding, GatewayCheckResult, GatewayInventory} from './types.js'

/**
 * The target state of the platform's APIs in one environment: exactly one REST API
 * (`omnix-ai-{env}-api`) and one WebSocket API (`omnix-ai-{env}-ws`), both with the stage named
 * after the environment, and no other platform API of that kind left over for the environment.
 */
export function checkGateways(inventory: GatewayInventory): GatewayCheckResult {
  const {env} = inventory
  const expected = {rest: resourceName(env, 'api'), webSocket: resourceName(env, 'ws')}
  const findings = [
    ...checkKind(inventory.apis.filter((a) => a.kind === 'REST'), expected.rest, env, 'REST', 'REST API'),
    ...checkKind(inventory.apis.filter((a) => a.kind === 'WEBSOCKET'), expected.webSocket, env, 'WS', 'WebSocket API'),
  ]
  const summary = (a: GatewayApi) => ({id: a.id, name: a.name, stages: a.stages.map((s) => s.name)})
  return {
    ok: findings.every((f) => f.level === 'ok'),
    env,
    region: inventory.region,
    stage: env,
    expected,
    restApis: inventory.apis.filter((a) => a.kind === 'REST' && a.ownership.belongsToEnv).map(summary),
    webSocketApis: inventory.apis.filter((a) => a.kind === 'WEBSOCKET' && a.ownership.belongsToEnv).map(summary),
    findings,
  }
}

function checkKind(apis: readonly GatewayApi[], name: string, stage: string, prefix: 'REST' | 'WS', label: string): GatewayCheckFinding[] {
  const code = <S extends string>(suffix: S) => `${prefix}_${suffix}` as `${typeof prefix}_${S}` & GatewayCheckFinding['code']
  const named = apis.filter((a) => a.name === name)
  const others = apis.filter((a) => a.name !== name && a.ownership.belongsToEnv)
  const findings: GatewayCheckFinding[] = []
  if (named.length === 0) {
    findings.push({level: 'error', code: code('MISSING'), message: `no ${label} named ${name}`, apiIds: []})
  } else if (named.length > 1) {
    findings.push({
      level: 'error',
      code: code('DUPLICATE'),
      message: `${named.length} ${label}s are named ${name}: ${named.map((a) => a.id).join(', ')}`,
      apiIds: named.map((a) => a.id),
    })
  }
  if (others.length > 0) {
    findings.push({
      level: 'error',
      code: code('EXTRA'),
      message: `other platform ${label}s remain for this environment: ${others.map((a) => `${a.id} (${a.name})`).join(', ')}`,
      apiIds: others.map((a) => a.id),
    })
  }
  for (const api of named) {
    if (!api.stages.some((s) => s.name === stage)) {
      findings.push({
        level: 'error',
        code: code('STAGE_MISSING'),
        message: `${label} ${api.id} (${name}) has no stage "${stage}" (stages: ${api.stages.map((s) => s.name).join(', ') || 'none'})`,
        apiIds: [api.id],
      })
    }
  }
  if (findings.length === 0) {
    findings.push({level: 'ok', code: code('OK'), message: `${label} ${named[0].id} (${name}) has stage "${stage}"`, apiIds: [named[0].id]})
  }
  return findings
}
