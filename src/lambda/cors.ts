/**
 * CORS for the REST API handlers: the allowed origins come from the SSM parameter
 * `/omnix-ai/{env}/api/cors-origins` (read at run time). Preflights (OPTIONS) are answered here;
 * a request from a browser origin that is not allowed is refused before it reaches a route.
 * Calls without an Origin header (servers, scripts) are not browser calls and pass through.
 */
import {type CorsPolicy, originAllowed} from '../sdk/config/cors-origins.js'
import type {LambdaContext, RestApiEvent} from './api-gateway-event.js'
import {type ApiResponse, errorResponse, HttpError} from './http-response.js'
import {corsPolicy} from './runtime-parameters.js'

export const CORS_ALLOW_METHODS = 'GET,POST,PUT,DELETE,OPTIONS'
export const CORS_ALLOW_HEADERS = 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Request-Id'
/** How long browsers may cache a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600

export function requestOrigin(headers: RestApiEvent['headers']): string | undefined {
  const found = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'origin')?.[1]
  return found === undefined || found === '' ? undefined : found
}

function allowHeaders(origin: string, policy: CorsPolicy): Record<string, string> {
  return {'access-control-allow-origin': policy.anyOrigin ? '*' : origin, vary: 'Origin'}
}

function refused(origin: string | undefined, requestId: string | undefined, reason?: string): ApiResponse {
  const message = origin === undefined ? 'a CORS preflight needs an Origin header' : `origin ${origin} is not allowed to call this API`
  const response = errorResponse(new HttpError(403, message, reason ? {reason} : undefined), requestId)
  return {...response, headers: {...response.headers, vary: 'Origin'}}
}

/** The answer to an OPTIONS preflight under `policy`. */
export function preflightResponse(origin: string | undefined, policy: CorsPolicy, requestId?: string): ApiResponse {
  if (origin === undefined || !originAllowed(policy, origin)) return refused(origin, requestId)
  return {
    statusCode: 204,
    headers: {
      ...allowHeaders(origin, policy),
      'access-control-allow-methods': CORS_ALLOW_METHODS,
      'access-control-allow-headers': CORS_ALLOW_HEADERS,
      'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
    },
    body: '',
  }
}

/**
 * Runs `respond` under the environment's CORS policy: answers preflights, refuses disallowed
 * browser origins (403, the route never runs) and adds the allow headers for allowed ones.
 */
export async function withCors(event: RestApiEvent, context: LambdaContext | undefined, respond: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const origin = requestOrigin(event.headers)
  const requestId = event.requestContext?.requestId ?? context?.awsRequestId
  if (event.httpMethod.toUpperCase() === 'OPTIONS') {
    const policy = await corsPolicy()
    return preflightResponse(origin, policy, requestId)
  }
  if (origin === undefined) return respond()
  const policy = await corsPolicy()
  if (!originAllowed(policy, origin)) return refused(origin, requestId, policy.error)
  const response = await respond()
  return {...response, headers: {...response.headers, ...allowHeaders(origin, policy)}}
}
