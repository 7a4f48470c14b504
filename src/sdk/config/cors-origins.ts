/**
 * CORS origins as configured (`environments.{env}.corsOrigins`) and as stored in the SSM parameter
 * `/omnix-ai/{env}/api/cors-origins` that the API and WebSocket handlers read at run time.
 */
import {ConfigError} from '../errors.js'

/** Any origin. Refused for prod. */
export const ANY_ORIGIN = '*'

/** Stored value of an empty list (SSM parameters cannot be empty): no browser origin is allowed. */
export const NO_ORIGINS = 'none'

/** `https://app.example.com` or `http://localhost:5173`: scheme, host and optional port, nothing else. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i

export function isCorsOrigin(value: string): boolean {
  return value === ANY_ORIGIN || ORIGIN.test(value)
}

/** The parameter value for a list of origins: comma-separated, or `none`. */
export function formatCorsOrigins(origins: readonly string[]): string {
  return origins.length === 0 ? NO_ORIGINS : origins.join(',')
}

/** What a stored value allows: any origin, or exactly the listed ones. Unknown entries are dropped. */
export interface CorsPolicy {
  readonly anyOrigin: boolean
  readonly origins: readonly string[]
}

export function parseCorsOrigins(value: string | undefined): CorsPolicy {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim().replace(/\/+$/, ''))
    .filter((entry) => entry !== '' && entry !== NO_ORIGINS && isCorsOrigin(entry))
  return {anyOrigin: entries.includes(ANY_ORIGIN), origins: entries.filter((entry) => entry !== ANY_ORIGIN)}
}

/** True when a browser at `origin` may call the API. */
export function originAllowed(policy: CorsPolicy, origin: string): boolean {
  return policy.anyOrigin || policy.origins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase())
}

/** Environments whose APIs must never accept any origin. */
export const NO_WILDCARD_ENVS: readonly string[] = ['prod']

/** Refuses `*` where it is never allowed (prod), naming the config key to change. */
export function assertCorsOriginsAllowed(env: string, origins: readonly string[]): void {
  if (!NO_WILDCARD_ENVS.includes(env) || !origins.includes(ANY_ORIGIN)) return
  const key = `environments.${env}.corsOrigins`
  throw new ConfigError(`${key}: "*" (any origin) is not allowed in ${env}`, {
    key,
    suggestion: `list the web app origins in ${key} in omnix.config.json, e.g. ["https://app.example.com"]`,
  })
}
