export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const
export type EnvName = (typeof ENVIRONMENTS)[number]

export const DEFAULT_REGION = 'us-east-1'

/** Everything that differs between environments. The stacks, the local engine and the commands read it. */
export interface EnvSettings {
  readonly name: EnvName
  readonly region: string
  readonly account?: string
  /** CloudWatch log retention in days. */
  readonly logRetentionDays: number
  readonly pointInTimeRecovery: boolean
  /** Retain data resources (tables, keys, secrets) when a stack is deleted. */
  readonly retainData: boolean
  readonly alarms: boolean
  /** Optional custom domain for the REST API. */
  readonly domainName?: string
  readonly budgets: {readonly daily: number; readonly monthly: number; readonly bedrockMonthly?: number}
  /** Years of daily sales history kept in the forecasting table. */
  readonly salesRetentionYears: number
  /** Restrict the REST API to EU countries via WAF. */
  readonly geoRestrictEu: boolean
  /**
   * Origins browsers may call the REST and WebSocket APIs from (`*`: any; refused for prod).
   * Published as the SSM parameter api/cors-origins, which the handlers read at run time.
   */
  readonly corsOrigins: readonly string[]
}

export const DEFAULT_ENV_SETTINGS: Readonly<Record<EnvName, EnvSettings>> = {
  dev: {
    name: 'dev',
    region: DEFAULT_REGION,
    logRetentionDays: 14,
    pointInTimeRecovery: false,
    retainData: false,
    alarms: false,
    budgets: {daily: 50, monthly: 1000},
    salesRetentionYears: 3,
    geoRestrictEu: false,
    corsOrigins: ['*'],
  },
  staging: {
    name: 'staging',
    region: DEFAULT_REGION,
    logRetentionDays: 30,
    pointInTimeRecovery: false,
    retainData: false,
    alarms: true,
    budgets: {daily: 50, monthly: 1000},
    salesRetentionYears: 3,
    geoRestrictEu: false,
    // No browser origin until configured: cross-origin access is opened deliberately, per origin.
    corsOrigins: [],
  },
  prod: {
    name: 'prod',
    // Production runs in Frankfurt today; `-r` or config moves it.
    region: 'eu-central-1',
    logRetentionDays: 30,
    pointInTimeRecovery: true,
    retainData: true,
    alarms: true,
    budgets: {daily: 50, monthly: 1000},
    salesRetentionYears: 3,
    geoRestrictEu: false,
    corsOrigins: [],
  },
}

export function isEnvName(value: string): value is EnvName {
  return (ENVIRONMENTS as readonly string[]).includes(value)
}
