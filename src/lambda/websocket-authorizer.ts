/**
 * WebSocket API `$connect` authorizer (Lambda REQUEST authorizer): the same user JWT as the REST
 * API, verified by the same code with the same dual-key grace after a rotation; and a browser's
 * Origin must be one of the environment's CORS origins (SSM `/omnix-ai/{env}/api/cors-origins`).
 *
 * Missing or rejected token: 401 (`Unauthorized`). Disallowed browser origin: 403 (Deny policy).
 */
import {originAllowed} from '../sdk/config/cors-origins.js'
import {TokenRejectedError} from '../sdk/secrets/jwt.js'
import {allowPolicy, type AuthorizerResult, verifyUserToken} from './authorizer.js'
import {applyRuntimeLogLevel, corsPolicy} from './runtime-parameters.js'
import {createLogger} from './structured-log.js'
import {connectToken, header} from './websocket-token.js'

const log = createLogger('websocket-authorizer')

export interface WebSocketAuthorizerEvent {
  readonly type?: 'REQUEST'
  /** `arn:aws:execute-api:{region}:{account}:{api-id}/{stage}/$connect` */
  readonly methodArn: string
  readonly headers?: Readonly<Record<string, string | undefined>> | null
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null
}

function deny(resource: string, reason: string): AuthorizerResult {
  return {
    principalId: 'denied',
    policyDocument: {Version: '2012-10-17', Statement: [{Action: 'execute-api:Invoke', Effect: 'Deny', Resource: resource}]},
    context: {reason},
  }
}

export async function handler(event: WebSocketAuthorizerEvent): Promise<AuthorizerResult> {
  await applyRuntimeLogLevel()
  const token = connectToken(event.headers, event.queryStringParameters)
  if (!token) {
    log.info('connection refused', {reason: 'no token'})
    throw new Error('Unauthorized')
  }
  const origin = header(event.headers, 'origin')
  if (origin !== undefined) {
    const policy = await corsPolicy()
    if (!originAllowed(policy, origin)) {
      log.warn('connection refused', {reason: 'origin not allowed', origin, ...(policy.error ? {parameter_error: policy.error} : {})})
      return deny(event.methodArn, 'origin not allowed')
    }
  }
  try {
    return allowPolicy(await verifyUserToken(token), event.methodArn)
  } catch (error) {
    if (error instanceof TokenRejectedError) {
      log.warn('token rejected', {reason: error.reason})
      throw new Error('Unauthorized')
    }
    throw error
  }
}
