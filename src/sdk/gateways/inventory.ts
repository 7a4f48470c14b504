import type {APIGatewayClient} from '@aws-sdk/client-api-gateway'
import type {ApiGatewayV2Client} from '@aws-sdk/client-apigatewayv2'

import {clientConfig, type AwsTarget} from '../aws/target.js'
import {UsageError} from '../errors.js'
import {apiOwnership} from './ownership.js'
import {stackOwnedApis} from './stack.js'
import {type MetricSeries, seriesKey, type SeriesTotal, sumSeries} from './traffic.js'
import type {ApiKind, GatewayApi, GatewayInventory, GatewayMapping, GatewayStage, GatewayTraffic} from './types.js'

export interface ListGatewaysOptions {
  /** Environment whose ownership rules and api stack apply. */
  readonly env: string
  /** Traffic window in days (CloudWatch); undefined or 0 skips the metrics. */
  readonly days?: number
  /** Read custom-domain mappings (default true). */
  readonly mappings?: boolean
  /** Read deployments for last-deployment dates (default true). */
  readonly deployments?: boolean
  /** Look up which APIs the environment's api stack owns (default true). */
  readonly stackOwnership?: boolean
  /** Clock for the traffic window (ms since epoch). */
  readonly now?: () => number
}

/** CloudWatch keeps hourly-or-coarser data for 455 days. */
export const MAX_TRAFFIC_DAYS = 455

interface RawApi {
  readonly id: string
  readonly name: string
  readonly kind: ApiKind
  readonly endpointType: string | null
  readonly endpoint: string
  readonly createdDate: string | null
  readonly description: string | null
  readonly stages: GatewayStage[]
  readonly lastDeployment: string | null
  readonly deploymentCount: number
}

const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null)
const newest = (dates: ReadonlyArray<string | null>): string | null =>
  dates.filter((d): d is string => d !== null).sort().at(-1) ?? null

/**
 * Every REST, WebSocket and HTTP API in the target's region, with stages, deployments, custom
 * domain mappings, traffic and ownership: the evidence `gateways consolidate` decides on.
 */
export async function listGateways(target: AwsTarget, options: ListGatewaysOptions): Promise<GatewayInventory> {
  const days = options.days ?? 0
  if (!Number.isInteger(days) || days < 0 || days > MAX_TRAFFIC_DAYS) {
    throw new UsageError(`--days: ${days} is not a whole number of days between 1 and ${MAX_TRAFFIC_DAYS}`)
  }
  const [{APIGatewayClient}, {ApiGatewayV2Client}] = await Promise.all([
    import('@aws-sdk/client-api-gateway'),
    import('@aws-sdk/client-apigatewayv2'),
  ])
  const v1 = new APIGatewayClient(clientConfig(target))
  const v2 = new ApiGatewayV2Client(clientConfig(target))
  const notes: string[] = []
  try {
    const withDeployments = options.deployments !== false
    const raw = [...(await readRestApis(v1, target.region, withDeployments)), ...(await readV2Apis(v2, withDeployments))]
    const mappings = options.mappings === false ? new Map<string, GatewayMapping[]>() : await readMappings(v1, v2)

    let traffic = new Map<string, GatewayTraffic>()
    let window: GatewayInventory['window'] = null
    let trafficError: string | null = null
    if (days > 0) {
      const end = new Date((options.now ?? Date.now)())
      const start = new Date(end.getTime() - days * 86_400_000)
      window = {start: start.toISOString(), end: end.toISOString()}
      // The inventory stays useful without metrics: traffic becomes unknown, with the reason,
      // and decisions that needed it (consolidate) refuse instead of guessing.
      try {
        traffic = await readTraffic(target, raw, start, end)
      } catch (error) {
        trafficError = `CloudWatch could not be read: ${awsErrorText(error)}`
        notes.push(`traffic unknown: ${trafficError}`)
      }
    }

    let owned: ReadonlySet<string> = new Set()
    let stack: string | null = null
    if (options.stackOwnership !== false) {
      const found = await stackOwnedApis(target, options.env)
      owned = found.apiIds
      stack = found.stack
      if (found.note) notes.push(found.note)
    }

    const apis: GatewayApi[] = raw.map((api) => ({
      ...api,
      mappings: mappings.get(api.id) ?? [],
      traffic: traffic.get(api.id) ?? null,
      trafficError,
      sharesNameWith: raw.filter((o) => o.id !== api.id && o.kind === api.kind && o.name === api.name).map((o) => o.id),
      ownership: apiOwnership(api.name, options.env),
      ownedByStack: owned.has(api.id) ? stack : null,
    }))

    const sharedNames = [...new Set(apis.filter((a) => a.kind === 'REST' && a.sharesNameWith.length > 0).map((a) => a.name))]
    for (const name of sharedNames) {
      const ids = apis.filter((a) => a.kind === 'REST' && a.name === name).map((a) => a.id)
      notes.push(
        `REST APIs ${ids.join(', ')} share the name "${name}": CloudWatch keys REST API metrics by name, so their traffic cannot be told apart` +
          ' (only stages no namesake has are attributed); judge them by their own deployments and mappings.',
      )
    }
    return {region: target.region, env: options.env, days: days > 0 ? days : null, window, trafficError, apis, notes}
  } finally {
    v1.destroy()
    v2.destroy()
  }
}

async function readRestApis(client: APIGatewayClient, region: string, withDeployments: boolean): Promise<RawApi[]> {
  const {GetRestApisCommand, GetStagesCommand, GetDeploymentsCommand} = await import('@aws-sdk/client-api-gateway')
  const apis = []
  let position: string | undefined
  do {
    const page = await client.send(new GetRestApisCommand({limit: 500, position}))
    apis.push(...(page.items ?? []))
    position = page.position
  } while (position)

  const result: RawApi[] = []
  for (const api of apis) {
    const id = api.id!
    const stages = (await client.send(new GetStagesCommand({restApiId: id}))).item ?? []
    const deployments = new Map<string, string | null>()
    if (withDeployments) {
      let pos: string | undefined
      do {
        const page = await client.send(new GetDeploymentsCommand({restApiId: id, limit: 500, position: pos}))
        for (const d of page.items ?? []) if (d.id) deployments.set(d.id, iso(d.createdDate))
        pos = page.position
      } while (pos)
    }
    const gatewayStages = stages.map(
      (s): GatewayStage => ({
        name: s.stageName ?? '',
        deploymentId: s.deploymentId ?? null,
        lastDeployment: (s.deploymentId ? deployments.get(s.deploymentId) : undefined) ?? iso(s.lastUpdatedDate),
        createdDate: iso(s.createdDate),
        lastUpdatedDate: iso(s.lastUpdatedDate),
      }),
    )
    result.push({
      id,
      name: api.name ?? '',
      kind: 'REST',
      endpointType: api.endpointConfiguration?.types?.join(',') ?? null,
      endpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
      createdDate: iso(api.createdDate),
      description: api.description ?? null,
      stages: gatewayStages,
      lastDeployment: newest([...deployments.values(), ...gatewayStages.map((s) => s.lastDeployment)]),
      deploymentCount: deployments.size,
    })
  }
  return result
}

async function readV2Apis(client: ApiGatewayV2Client, withDeployments: boolean): Promise<RawApi[]> {
  const {GetApisCommand, GetStagesCommand, GetDeploymentsCommand} = await import('@aws-sdk/client-apigatewayv2')
  const apis = []
  let NextToken: string | undefined
  do {
    const page = await client.send(new GetApisCommand({NextToken}))
    apis.push(...(page.Items ?? []))
    NextToken = page.NextToken
  } while (NextToken)

  const result: RawApi[] = []
  for (const api of apis) {
    const id = api.ApiId!
    const stages = []
    let token: string | undefined
    do {
      const page = await client.send(new GetStagesCommand({ApiId: id, NextToken: token}))
      stages.push(...(page.Items ?? []))
      token = page.NextToken
    } while (token)
    const deployments = new Map<string, string | null>()
    if (withDeployments) {
      let next: string | undefined
      do {
        const page = await client.send(new GetDeploymentsCommand({ApiId: id, NextToken: next}))
        for (const d of page.Items ?? []) if (d.DeploymentId) deployments.set(d.DeploymentId, iso(d.CreatedDate))
        next = page.NextToken
      } while (next)
    }
    const gatewayStages = stages.map(
      (s): GatewayStage => ({
        name: s.StageName ?? '',
        deploymentId: s.DeploymentId ?? null,
        lastDeployment: (s.DeploymentId ? deployments.get(s.DeploymentId) : undefined) ?? iso(s.LastUpdatedDate),
        createdDate: iso(s.CreatedDate),
        lastUpdatedDate: iso(s.LastUpdatedDate),
      }),
    )
    result.push({
      id,
      name: api.Name ?? '',
      kind: api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
      endpointType: 'REGIONAL',
      endpoint: api.ApiEndpoint ?? '',
      createdDate: iso(api.CreatedDate),
      description: api.Description ?? null,
      stages: gatewayStages,
      lastDeployment: newest([...deployments.values(), ...gatewayStages.map((s) => s.lastDeployment)]),
      deploymentCount: deployments.size,
    })
  }
  return result
}

/**
 * Custom-domain routes by API id. REST base path mappings come from the v1 API, v2 API mappings
 * from the v2 API; both see regional domains, so the same route can appear twice.
 */
async function readMappings(v1: APIGatewayClient, v2: ApiGatewayV2Client): Promise<Map<string, GatewayMapping[]>> {
  const api = await import('@aws-sdk/client-api-gateway')
  const apiV2 = await import('@aws-sdk/client-apigatewayv2')
  const byApi = new Map<string, Map<string, GatewayMapping>>()
  const add = (apiId: string | undefined, mapping: GatewayMapping) => {
    if (!apiId) return
    const routes = byApi.get(apiId) ?? new Map<string, GatewayMapping>()
    routes.set(`${mapping.domainName}|${mapping.basePath}|${mapping.stage ?? ''}`, mapping)
    byApi.set(apiId, routes)
  }

  const domains = []
  let position: string | undefined
  do {
    const page = await v1.send(new api.GetDomainNamesCommand({limit: 500, position}))
    domains.push(...(page.items ?? []))
    position = page.position
  } while (position)
  for (const domain of domains) {
    if (!domain.domainName) continue
    let pos: string | undefined
    do {
      const page = await v1.send(
        new api.GetBasePathMappingsCommand({
          domainName: domain.domainName,
          ...(domain.domainNameId ? {domainNameId: domain.domainNameId} : {}),
          limit: 500,
          position: pos,
        }),
      )
      for (const m of page.items ?? []) {
        add(m.restApiId, {domainName: domain.domainName, basePath: m.basePath || '(none)', stage: m.stage ?? null})
      }
      pos = page.position
    } while (pos)
  }

  const v2Domains: string[] = []
  let NextToken: string | undefined
  do {
    const page = await v2.send(new apiV2.GetDomainNamesCommand({NextToken}))
    for (const d of page.Items ?? []) if (d.DomainName) v2Domains.push(d.DomainName)
    NextToken = page.NextToken
  } while (NextToken)
  for (const domainName of v2Domains) {
    let token: string | undefined
    do {
      const page = await v2.send(new apiV2.GetApiMappingsCommand({DomainName: domainName, NextToken: token}))
      for (const m of page.Items ?? []) {
        add(m.ApiId, {domainName, basePath: m.ApiMappingKey || '(none)', stage: m.Stage ?? null})
      }
      token = page.NextToken
    } while (token)
  }
  return new Map([...byApi].map(([id, routes]) => [id, [...routes.values()]]))
}

/** `code: message` of an AWS SDK or network error (e.g. `AccessDeniedException: ...`, `ECONNREFUSED: connect ...`). */
export function awsErrorText(error: unknown): string {
  const e = error as {name?: string; code?: string; message?: string; errors?: Array<{message?: string}>}
  const code = e?.code ?? (e?.name && e.name !== 'Error' ? e.name : undefined)
  // Node reports a refused dual-stack connect as an AggregateError with an empty message.
  const message = e?.message || e?.errors?.map((inner) => inner.message).filter(Boolean).join('; ') || String(error)
  return code && !message.startsWith(code) ? `${code}: ${message}` : message
}

async function readTraffic(target: AwsTarget, apis: readonly RawApi[], start: Date, end: Date): Promise<Map<string, GatewayTraffic>> {
  const plans = apis.map((api) => ({api, plan: trafficPlan(api, apis)}))
  const series = plans.flatMap(({plan}) => plan.series.map((s) => s.series))
  const {CloudWatchClient} = await import('@aws-sdk/client-cloudwatch')
  const client = new CloudWatchClient(clientConfig(target))
  let totals: Map<string, SeriesTotal>
  try {
    totals = await sumSeries(client, series, start, end)
  } finally {
    client.destroy()
  }
  return new Map(plans.map(({api, plan}) => [api.id, attributeTraffic(plan, totals)]))
}

interface TrafficPlan {
  readonly metrics: readonly string[]
  readonly keyedBy: GatewayTraffic['keyedBy']
  /** Each series and the other APIs it also covers (empty: this API alone). */
  readonly series: ReadonlyArray<{readonly series: MetricSeries; readonly sharedWith: readonly string[]}>
}

/**
 * Which CloudWatch series measure an API. REST series are keyed by name: a name no other REST API
 * has is read whole; a shared name is read per stage, and a stage a namesake also has stays shared.
 */
function trafficPlan(api: RawApi | GatewayApi, all: ReadonlyArray<RawApi | GatewayApi>): TrafficPlan {
  if (api.kind === 'WEBSOCKET') {
    const dims = [{name: 'ApiId', value: api.id}]
    return {
      metrics: ['ConnectCount', 'MessageCount'],
      keyedBy: api.stages.length === 0 ? 'no-stage' : 'api-id',
      series: [
        {series: {metricName: 'ConnectCount', dimensions: dims}, sharedWith: []},
        {series: {metricName: 'MessageCount', dimensions: dims}, sharedWith: []},
      ],
    }
  }
  if (api.kind === 'HTTP') {
    return {
      metrics: ['Count'],
      keyedBy: api.stages.length === 0 ? 'no-stage' : 'api-id',
      series: [{series: {metricName: 'Count', dimensions: [{name: 'ApiId', value: api.id}]}, sharedWith: []}],
    }
  }
  const namesakes = all.filter((o) => o.id !== api.id && o.kind === 'REST' && o.name === api.name)
  if (namesakes.length === 0) {
    return {
      metrics: ['Count'],
      keyedBy: api.stages.length === 0 ? 'no-stage' : 'api-name',
      series: [{series: {metricName: 'Count', dimensions: [{name: 'ApiName', value: api.name}]}, sharedWith: []}],
    }
  }
  return {
    metrics: ['Count'],
    keyedBy: api.stages.length === 0 ? 'no-stage' : 'shared-api-name',
    series: api.stages.map((stage) => ({
      series: {
        metricName: 'Count',
        dimensions: [
          {name: 'ApiName', value: api.name},
          {name: 'Stage', value: stage.name},
        ],
      },
      sharedWith: namesakes.filter((o) => o.stages.some((s) => s.name === stage.name)).map((o) => o.id),
    })),
  }
}

function attributeTraffic(plan: TrafficPlan, totals: ReadonlyMap<string, SeriesTotal>): GatewayTraffic {
  let requests = 0
  let ambiguousRequests = 0
  const ambiguousWith = new Set<string>()
  const days: string[] = []
  for (const {series, sharedWith} of plan.series) {
    const total = totals.get(seriesKey(series)) ?? {sum: 0, lastActiveDay: null}
    if (total.lastActiveDay) days.push(total.lastActiveDay)
    if (sharedWith.length === 0) {
      requests += total.sum
    } else {
      ambiguousRequests += total.sum
      if (total.sum > 0) for (const id of sharedWith) ambiguousWith.add(id)
    }
  }
  return {
    metrics: plan.metrics,
    keyedBy: plan.keyedBy,
    requests,
    ambiguousRequests,
    ambiguousWith: [...ambiguousWith].sort(),
    lastActiveDay: days.sort().at(-1) ?? null,
  }
}
