/**
 * Result shapes of the gateway operations. The `--json` output of `omnix gateways list`,
 * `consolidate` and `check` is exactly these objects, so changes here are breaking for CI users.
 * Dates are ISO-8601 strings (UTC); days are `YYYY-MM-DD`.
 */

export type ApiKind = 'REST' | 'WEBSOCKET' | 'HTTP'

export interface GatewayStage {
  readonly name: string
  readonly deploymentId: string | null
  /** Creation date of the deployment the stage points at (falls back to the stage's last update). */
  readonly lastDeployment: string | null
  readonly createdDate: string | null
  readonly lastUpdatedDate: string | null
}

/** A custom-domain base path (REST) or API mapping (v2) that routes a domain to the API. */
export interface GatewayMapping {
  readonly domainName: string
  /** `(none)` maps the domain root. */
  readonly basePath: string
  readonly stage: string | null
}

/**
 * Traffic over the window from CloudWatch (namespace AWS/ApiGateway, Sum, daily periods).
 * REST metrics are keyed by API *name* (dimension ApiName, and ApiName+Stage), WebSocket and HTTP
 * metrics by API id: two REST APIs with the same name share their metrics.
 */
export interface GatewayTraffic {
  /** Metric names summed: `Count` (REST, HTTP) or `ConnectCount` + `MessageCount` (WebSocket). */
  readonly metrics: readonly string[]
  /**
   * `api-id`: metrics belong to this API alone. `api-name`: keyed by a name no other API has.
   * `shared-api-name`: another API has the same name; only stages no namesake has are attributed.
   * `no-stage`: the API has no stage, so nothing can invoke it.
   */
  readonly keyedBy: 'api-id' | 'api-name' | 'shared-api-name' | 'no-stage'
  /** Requests (WebSocket: connects + messages) attributable to this API alone. */
  readonly requests: number
  /** Requests under metric keys this API shares with same-named APIs: CloudWatch cannot say whose they are. */
  readonly ambiguousRequests: number
  /** The other APIs those shared keys also cover (only those keys that recorded traffic). */
  readonly ambiguousWith: readonly string[]
  /** Most recent day with traffic on any of this API's metric keys (shared or not). */
  readonly lastActiveDay: string | null
}

/** Whether an API belongs to the platform (name `omnix-ai*`) and to which environment its name points. */
export interface ApiOwnership {
  readonly platform: boolean
  /** Environment named in the API's name; null when the name names none (legacy names). */
  readonly namedEnv: string | null
  /** Part of the platform and not marked as another environment's. */
  readonly belongsToEnv: boolean
}

export interface GatewayApi {
  readonly id: string
  readonly name: string
  readonly kind: ApiKind
  /** REST: EDGE, REGIONAL or PRIVATE; WebSocket and HTTP APIs are always REGIONAL. */
  readonly endpointType: string | null
  readonly endpoint: string
  readonly createdDate: string | null
  readonly description: string | null
  readonly stages: readonly GatewayStage[]
  /** Newest deployment of the API (any stage or none). */
  readonly lastDeployment: string | null
  readonly deploymentCount: number
  readonly mappings: readonly GatewayMapping[]
  /** Null when traffic was not requested, or could not be read (then `trafficError` says why). */
  readonly traffic: GatewayTraffic | null
  /** Why the traffic is unknown (CloudWatch denied or unreachable); null when it was read or not requested. */
  readonly trafficError: string | null
  /** Ids of other APIs of the same kind with exactly the same name. */
  readonly sharesNameWith: readonly string[]
  readonly ownership: ApiOwnership
  /** CloudFormation stack that owns the API (the environment's api stack), or null. */
  readonly ownedByStack: string | null
}

/** `omnix gateways list --json`. */
export interface GatewayInventory {
  readonly region: string
  readonly env: string
  /** Traffic window in days; null when traffic was not read. */
  readonly days: number | null
  readonly window: {readonly start: string; readonly end: string} | null
  /** Why no API's traffic is known (CloudWatch denied or unreachable); null when it was read or not requested. */
  readonly trafficError: string | null
  readonly apis: readonly GatewayApi[]
  readonly notes: readonly string[]
}

export type ConsolidationAction = 'keep' | 'delete' | 'blocked' | 'leave'

export interface ConsolidationItem {
  readonly id: string
  readonly name: string
  readonly kind: ApiKind
  /** keep: the --keep API. delete: will be exported then deleted. blocked: would be deleted but evidence says it is in use (--force overrides). leave: not this command's to delete. */
  readonly action: ConsolidationAction
  readonly reasons: readonly string[]
  readonly evidence: {
    readonly mappings: readonly GatewayMapping[]
    readonly requests: number
    readonly ambiguousRequests: number
    readonly lastActiveDay: string | null
    readonly lastDeployment: string | null
    readonly stages: readonly string[]
  }
}

export interface ConsolidationPlan {
  readonly region: string
  readonly env: string
  readonly days: number
  readonly keep: {readonly id: string; readonly name: string}
  readonly force: boolean
  readonly items: readonly ConsolidationItem[]
  readonly notes: readonly string[]
}

export type ConsolidationStatus = 'deleted' | 'already-deleted' | 'blocked' | 'failed' | 'pending' | 'planned'

export interface ConsolidationOutcome {
  readonly id: string
  readonly name: string
  /** planned: dry run. pending: not reached because an earlier step failed. already-deleted: gone before this run deleted it (resume). */
  readonly status: ConsolidationStatus
  readonly exportFiles: readonly string[]
  /** DeleteRestApi attempts made in this run (throttled ones included). */
  readonly attempts: number
  readonly detail: string | null
}

/** `omnix gateways consolidate --json`. */
export interface ConsolidationResult {
  readonly plan: ConsolidationPlan
  readonly dryRun: boolean
  readonly exportDir: string | null
  readonly outcomes: readonly ConsolidationOutcome[]
  /** True when every API the plan marks delete is gone and nothing is blocked or failed. */
  readonly complete: boolean
}

export interface GatewayCheckFinding {
  readonly level: 'ok' | 'error'
  readonly code:
    | 'REST_OK'
    | 'REST_MISSING'
    | 'REST_DUPLICATE'
    | 'REST_EXTRA'
    | 'REST_STAGE_MISSING'
    | 'WS_OK'
    | 'WS_MISSING'
    | 'WS_DUPLICATE'
    | 'WS_EXTRA'
    | 'WS_STAGE_MISSING'
  readonly message: string
  readonly apiIds: readonly string[]
}

/** `omnix gateways check --json`. */
export interface GatewayCheckResult {
  readonly ok: boolean
  readonly env: string
  readonly region: string
  /** The stage both APIs must have (the environment name). */
  readonly stage: string
  readonly expected: {readonly rest: string; readonly webSocket: string}
  readonly restApis: ReadonlyArray<{readonly id: string; readonly name: string; readonly stages: readonly string[]}>
  readonly webSocketApis: ReadonlyArray<{readonly id: string; readonly name: string; readonly stages: readonly string[]}>
  readonly findings: readonly GatewayCheckFinding[]
}
