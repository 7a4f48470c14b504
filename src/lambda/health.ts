import type {LambdaContext, RestApiEvent} from './api-gateway-event.js'
import {withCors} from './cors.js'
import {json, type ApiResponse} from './http-response.js'
import {applyRuntimeLogLevel} from './runtime-parameters.js'
import {createLogger} from './structured-log.js'

/** Process start, to report how long this execution environment has been warm. */
const startedAt = Date.now()

/** GET /v1/system/health: liveness of the API, open to unauthenticated callers (no data access). */
export async function handler(event?: RestApiEvent, context?: LambdaContext): Promise<ApiResponse> {
  await applyRuntimeLogLevel()
  return event ? withCors(event, context, () => health(event, context)) : health(event, context)
}

async function health(event?: RestApiEvent, context?: LambdaContext): Promise<ApiResponse> {
  const requestId = event?.requestContext?.requestId ?? context?.awsRequestId
  createLogger('health', requestId ? {request_id: requestId} : {}).debug('Health checked')
  return json(
    200,
    {
      status: 'ok',
      service: 'omnix-ai',
      environment: process.env.OMNIX_ENV ?? 'unknown',
      region: process.env.AWS_REGION ?? 'unknown',
      stage: event?.requestContext?.stage ?? null,
      timestamp: new Date().toISOString(),
      uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
    },
    requestId,
  )
}
