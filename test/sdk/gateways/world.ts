import {
  APIGatewayClient,
  DeleteRestApiCommand,
  GetBasePathMappingsCommand,
  GetDeploymentsCommand,
  GetDomainNamesCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  NotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-api-gateway'
import {
  ApiGatewayV2Client,
  GetApiMappingsCommand,
  GetApisCommand,
  GetDeploymentsCommand as GetV2DeploymentsCommand,
  GetDomainNamesCommand as GetV2DomainNamesCommand,
  GetStagesCommand as GetV2StagesCommand,
} from '@aws-sdk/client-apigatewayv2'
import {CloudFormationClient, ListStackResourcesCommand} from '@aws-sdk/client-cloudformation'
import {CloudWatchClient, GetMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import {type AwsStub, mockClient} from 'aws-sdk-client-mock'

/** A fake region: the APIs, domains, traffic and stack a test starts from. */
export interface FakeStage {
  readonly name: string
  /** ISO date of the deployment the stage points at. */
  readonly deployed: string
}

export interface FakeApi {
  readonly id: string
  readonly name: string
  readonly kind?: 'REST' | 'WEBSOCKET' | 'HTTP'
  readonly type?: 'EDGE' | 'REGIONAL'
  readonly created?: string
  readonly stages?: readonly FakeStage[]
}

export interface FakeWorld {
  readonly apis: readonly FakeApi[]
  /** Custom domains and what they route to. */
  readonly domains?: ReadonlyArray<{readonly name: string; readonly mappings: ReadonlyArray<{readonly apiId: string; readonly basePath: string; readonly stage: string}>}>
  /** Daily traffic by series: `Count|ApiName=x`, `Count|ApiName=x|Stage=prod`, `MessageCount|ApiId=y`. */
  readonly traffic?: Readonly<Record<string, number>>
  /** Ids the environment's api stack owns; undefined: the stack is not deployed. */
  readonly stackApis?: readonly string[]
}

export const NOW = Date.parse('2025-09-01T12:00:00Z')

export interface Mocks {
  apigw: AwsStub<any, any, any>
  v2: AwsStub<any, any, any>
  cw: AwsStub<any, any, any>
  cfn: AwsStub<any, any, any>
}

/** Mocks the four clients for the duration of a describe block (mocking per block keeps files independent). */
export function useGatewayMocks(): Mocks {
  const mocks = {} as Mocks
  before(() => {
    mocks.apigw = mockClient(APIGatewayClient)
    mocks.v2 = mockClient(ApiGatewayV2Client)
    mocks.cw = mockClient(CloudWatchClient)
    mocks.cfn = mockClient(CloudFormationClient)
  })
  beforeEach(() => {
    for (const m of Object.values(mocks)) m.reset()
  })
  after(() => {
    for (const m of Object.values(mocks)) m.restore()
  })
  return mocks
}

export const notFoundError = (message = 'Invalid API identifier specified') => new NotFoundException({message, $metadata: {httpStatusCode: 404}})

export const tooManyRequests = (retryAfterSeconds?: string) =>
  new TooManyRequestsException({message: 'Too Many Requests', $metadata: {httpStatusCode: 429}, retryAfterSeconds})

/** Answers every read the inventory makes from `world`; deletes and exports succeed unless a test overrides them. */
export function stageWorld(mocks: Mocks, world: FakeWorld): void {
  const rest = world.apis.filter((a) => (a.kind ?? 'REST') === 'REST')
  const v2 = world.apis.filter((a) => a.kind === 'WEBSOCKET' || a.kind === 'HTTP')
  const find = (id: string) => world.apis.find((a) => a.id === id)

  mocks.apigw.on(GetRestApisCommand).resolves({
    items: rest.map((a) => ({
      id: a.id,
      name: a.name,
      createdDate: new Date(a.created ?? '2025-08-01T00:00:00Z'),
      endpointConfiguration: {types: [a.type ?? 'REGIONAL']},
    })),
  })
  mocks.apigw.on(GetStagesCommand).callsFake((input) => {
    const api = find(input.restApiId)
    return {item: (api?.stages ?? []).map((s) => ({stageName: s.name, deploymentId: `dep-${api!.id}-${s.name}`, lastUpdatedDate: new Date(s.deployed)}))}
  })
  mocks.apigw.on(GetDeploymentsCommand).callsFake((input) => {
    const api = find(input.restApiId)
    return {items: (api?.stages ?? []).map((s) => ({id: `dep-${api!.id}-${s.name}`, createdDate: new Date(s.deployed)}))}
  })
  mocks.apigw.on(GetDomainNamesCommand).resolves({items: (world.domains ?? []).map((d) => ({domainName: d.name}))})
  mocks.apigw.on(GetBasePathMappingsCommand).callsFake((input) => {
    const domain = world.domains?.find((d) => d.name === input.domainName)
    return {
      items: (domain?.mappings ?? [])
        .filter((m) => (find(m.apiId)?.kind ?? 'REST') === 'REST')
        .map((m) => ({restApiId: m.apiId, basePath: m.basePath, stage: m.stage})),
    }
  })
  mocks.apigw.on(GetExportCommand).callsFake((input) => ({
    contentType: 'application/json',
    body: new TextEncoder().encode(JSON.stringify({openapi: '3.0.1', info: {title: find(input.restApiId)?.name}, 'x-stage': input.stageName})),
  }))
  mocks.apigw.on(GetResourcesCommand).resolves({items: [{id: 'root', path: '/'}]})
  mocks.apigw.on(DeleteRestApiCommand).resolves({})

  mocks.v2.on(GetApisCommand).resolves({
    Items: v2.map((a) => ({
      ApiId: a.id,
      Name: a.name,
      ProtocolType: a.kind === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
      ApiEndpoint: a.kind === 'WEBSOCKET' ? `wss://${a.id}.execute-api.eu-central-1.amazonaws.com` : `https://${a.id}.execute-api.eu-central-1.amazonaws.com`,
      CreatedDate: new Date(a.created ?? '2025-08-01T00:00:00Z'),
      RouteSelectionExpression: '$request.body.action',
    })),
  })
  mocks.v2.on(GetV2StagesCommand).callsFake((input) => ({
    Items: (find(input.ApiId)?.stages ?? []).map((s) => ({StageName: s.name, DeploymentId: `dep-${input.ApiId}-${s.name}`, LastUpdatedDate: new Date(s.deployed)})),
  }))
  mocks.v2.on(GetV2DeploymentsCommand).callsFake((input) => ({
    Items: (find(input.ApiId)?.stages ?? []).map((s) => ({DeploymentId: `dep-${input.ApiId}-${s.name}`, CreatedDate: new Date(s.deployed)})),
  }))
  mocks.v2.on(GetV2DomainNamesCommand).resolves({Items: (world.domains ?? []).map((d) => ({DomainName: d.name}))})
  mocks.v2.on(GetApiMappingsCommand).callsFake((input) => {
    const domain = world.domains?.find((d) => d.name === input.DomainName)
    // v2 sees every mapping of a regional domain, REST ones included.
    return {Items: (domain?.mappings ?? []).map((m) => ({ApiId: m.apiId, ApiMappingKey: m.basePath === '(none)' ? '' : m.basePath, Stage: m.stage}))}
  })

  mocks.cw.on(GetMetricDataCommand).callsFake((input) => ({
    MetricDataResults: input.MetricDataQueries.map((q: any) => {
      const m = q.MetricStat.Metric
      const key = [m.MetricName, ...m.Dimensions.map((d: any) => `${d.Name}=${d.Value}`)].join('|')
      const value = world.traffic?.[key] ?? 0
      return value > 0
        ? {Id: q.Id, StatusCode: 'Complete', Timestamps: [new Date('2025-08-30T00:00:00Z')], Values: [value]}
        : {Id: q.Id, StatusCode: 'Complete', Timestamps: [], Values: []}
    }),
  }))

  if (world.stackApis) {
    mocks.cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: world.stackApis.map((id) => ({
        LogicalResourceId: 'RestApi',
        PhysicalResourceId: id,
        ResourceType: find(id)?.kind === 'WEBSOCKET' ? 'AWS::ApiGatewayV2::Api' : 'AWS::ApiGateway::RestApi',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      })),
    })
  } else {
    mocks.cfn.on(ListStackResourcesCommand).rejects(Object.assign(new Error('Stack with id omnix-ai-prod-api does not exist'), {name: 'ValidationError'}))
  }
}

/** A clock that only moves when slept on, recording every sleep. */
export function fakeClock(start = NOW) {
  const clock = {
    t: start,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms)
      clock.t += ms
    },
  }
  return clock
}

/** The production region before consolidation: seven REST APIs, the WebSocket API on the dev stage. */
export const SEVEN_APIS: FakeWorld = {
  apis: [
    {id: '4j4yb4b844', name: 'omnix-ai-prod-api', stages: [{name: 'prod', deployed: '2025-08-28T10:00:00Z'}]},
    {id: '3co7qyhir9', name: 'omnix-ai-api', type: 'EDGE', created: '2025-08-17T00:00:00Z', stages: [{name: 'prod', deployed: '2025-08-17T00:00:00Z'}]},
    {id: '18sz01wxsi', name: 'omnix-ai-backend', created: '2025-08-11T00:00:00Z', stages: [{name: 'dev', deployed: '2025-08-11T00:00:00Z'}]},
    {id: '46l1hz4wt7', name: 'omnix-ai-api-cors-enabled', created: '2025-07-18T00:00:00Z', stages: [{name: 'prod', deployed: '2025-07-18T00:00:00Z'}]},
    {id: '8jaddybi6g', name: 'omnix-ai-cdk-api', created: '2025-08-20T00:00:00Z', stages: []},
    {id: '8r85mpuvt3', name: 'omnix-ai-dev-api', created: '2025-08-15T00:00:00Z', stages: [{name: 'dev', deployed: '2025-08-15T00:00:00Z'}]},
    {id: 'wdqm1vpl80', name: 'omnix-ai-api-edge', type: 'EDGE', created: '2025-08-20T00:00:00Z', stages: [{name: 'prod', deployed: '2025-08-20T00:00:00Z'}]},
    {id: 'zz9unrel01', name: 'payments-api', stages: [{name: 'live', deployed: '2025-08-01T00:00:00Z'}]},
    {id: '5oo31khrrj', name: 'omnix-ai-prod-ws', kind: 'WEBSOCKET', stages: [{name: 'dev', deployed: '2025-08-10T00:00:00Z'}]},
  ],
  traffic: {'Count|ApiName=omnix-ai-prod-api': 1200, 'ConnectCount|ApiId=5oo31khrrj': 40, 'MessageCount|ApiId=5oo31khrrj': 300},
  stackApis: ['4j4yb4b844'],
}
