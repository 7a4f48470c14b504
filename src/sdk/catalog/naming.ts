import type {EnvName} from './environments.js'

export const PLATFORM_PREFIX = 'omnix-ai'

/** The platform's standard resource name: `omnix-ai-{env}-{resource}`. */
export function resourceName(env: EnvName | string, resource: string): string {
  return `${PLATFORM_PREFIX}-${env}-${resource}`
}

/** CloudFormation stack name for one concern, e.g. `omnix-ai-dev-data`. */
export function stackName(env: EnvName | string, concern: string): string {
  return resourceName(env, concern)
}

/** Secrets Manager names: `omnix-ai/{env}/{secret}`. */
export function secretName(env: EnvName | string, secret: string): string {
  return `${PLATFORM_PREFIX}/${env}/${secret}`
}

/** SSM Parameter Store names: `/omnix-ai/{env}/{path}`. */
export function parameterName(env: EnvName | string, path: string): string {
  return `/${PLATFORM_PREFIX}/${env}/${path.replace(/^\/+/, '')}`
}

/** The platform's stacks, one concern each, in deployment order (`omnix-ai-{env}-{concern}`). */
export const STACK_CONCERNS = ['security', 'data', 'messaging', 'api', 'observability', 'backup', 'budgets', 'compliance'] as const
export type StackConcern = (typeof STACK_CONCERNS)[number]

export const SECRETS = ['jwt-signing', 'jwt-refresh', 'api-keys'] as const
export type SecretId = (typeof SECRETS)[number]

export const PARAMETERS = ['database/endpoint', 'api/cors-origins', 'bedrock/model-id', 'monitoring/log-level'] as const

export const QUEUES = {
  // 6x the forecast worker's 120 s timeout (stacks/messaging-stack.ts).
  forecasting: {name: 'forecasting-queue', visibilityTimeoutSeconds: 720, deadLetter: true},
  notifications: {name: 'notifications-queue', visibilityTimeoutSeconds: 60, deadLetter: true},
} as const

export const BUDGETS = ['daily', 'monthly', 'bedrock-monthly'] as const

export function budgetName(env: EnvName | string, budget: (typeof BUDGETS)[number]): string {
  return resourceName(env, budget)
}

/** Known weak values in use before omnix; the audit looks for them. */
export const KNOWN_WEAK_SECRETS = [
  'omnix-jwt-secret-change-in-production',
  'omnix-refresh-secret-change-in-production',
  'omnix-api-key-production-2024',
] as const

/** The Lambda Secrets Manager invokes to rotate the platform's secrets; the security stack deploys it under this name. */
export function secretRotationFunctionName(env: EnvName | string): string {
  return resourceName(env, 'secret-rotation')
}

/**
 * Per-customer cost budget tracked through a cost allocation tag:
 * `omnix-ai-{env}-monthly-{tagKey}[-{tagValue}]`; characters Budgets refuses in names become `-`.
 */
export function customerBudgetName(env: EnvName | string, tagKey: string, tagValue?: string | null): string {
  const part = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '-')
  return resourceName(env, ['monthly', part(tagKey), ...(tagValue ? [part(tagValue)] : [])].join('-'))
}
