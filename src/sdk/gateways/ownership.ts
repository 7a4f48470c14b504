import {PLATFORM_PREFIX} from '../catalog/naming.js'
import type {ApiOwnership} from './types.js'

/** Words in legacy API names that mark an environment (names grew from several deployment methods). */
const ENV_WORDS: Readonly<Record<string, string>> = {
  dev: 'dev',
  development: 'dev',
  staging: 'staging',
  prod: 'prod',
  production: 'prod',
}

/**
 * Decides from its name whether an API is the platform's (`omnix-ai*`) and whether it belongs to
 * `env`: a name that names another environment only (e.g. `omnix-ai-dev-api` seen from prod) is
 * that environment's; a name that names none (legacy `omnix-ai-api-cors-enabled`) is the region's
 * platform API and so counts for the environment being worked on.
 */
export function apiOwnership(name: string, env: string): ApiOwnership {
  const lower = name.toLowerCase()
  if (!lower.startsWith(PLATFORM_PREFIX)) return {platform: false, namedEnv: null, belongsToEnv: false}
  const named = new Set(
    lower
      .slice(PLATFORM_PREFIX.length)
      .split(/[^a-z0-9]+/)
      .map((word) => ENV_WORDS[word])
      .filter((e): e is string => e !== undefined),
  )
  if (named.size === 0) return {platform: true, namedEnv: null, belongsToEnv: true}
  if (named.has(env)) return {platform: true, namedEnv: env, belongsToEnv: true}
  return {platform: true, namedEnv: [...named].sort().join(','), belongsToEnv: false}
}
