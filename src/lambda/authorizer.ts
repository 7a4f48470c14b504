/**
 * REST API Lambda authorizer: verifies the bearer JWT against the JWT signing secret, accepting the
 * AWSCURRENT key or, within the grace window after a rotation, the AWSPREVIOUS one.
 *
 * Environment: OMNIX_ENV (names the secret `omnix-ai/{env}/jwt-signing`) or JWT_SECRET_ID (its
 * name or ARN); optional JWT_GRACE_SECONDS, JWT_ISSUER, JWT_AUDIENCE.
 */
import {secretName} from '../sdk/catalog/naming.js'
import {createJwtVerifier, DEFAULT_GRACE_SECONDS, type JwtVerifier, secretsManagerKeySource, TokenRejectedError} from '../sdk/secrets/jwt.js'
import {applyRuntimeLogLevel} from './runtime-parameters.js'
import {createLogger} from './structured-log.js'

const log = createLogger('authorizer')

/** TOKEN authorizers send `authorizationToken`; REQUEST authorizers send the headers. */
export interface AuthorizerEvent {
  readonly type?: 'TOKEN' | 'REQUEST'
  readonly methodArn: string
  readonly authorizationToken?: string
  readonly headers?: Readonly<Record<string, string | undefined>> | null
}

export interface AuthorizerResult {
  readonly principalId: string
  readonly policyDocument: {
    readonly Version: '2012-10-17'
    readonly Statement: ReadonlyArray<{readonly Action: 'execute-api:Invoke'; readonly Effect: 'Allow' | 'Deny'; readonly Resource: string}>
  }
  readonly context: Readonly<Record<string, string>>
}

let verifier: JwtVerifier | undefined

/** Test hook: replaces the verifier built from the environment. */
export function setVerifier(replacement: JwtVerifier | undefined): void {
  verifier = replacement
}

function verifierFromEnvironment(): JwtVerifier {
  const env = process.env
  const secretId = env.JWT_SECRET_ID ?? (env.OMNIX_ENV ? secretName(env.OMNIX_ENV, 'jwt-signing') : undefined)
  if (!secretId) throw new Error('authorizer misconfigured: set OMNIX_ENV or JWT_SECRET_ID')
  const grace = Number(env.JWT_GRACE_SECONDS ?? DEFAULT_GRACE_SECONDS)
  return createJwtVerifier({
    keys: secretsManagerKeySource({secretId, target: {region: env.AWS_REGION ?? 'us-east-1'}}),
    graceSeconds: Number.isFinite(grace) && grace >= 0 ? grace : DEFAULT_GRACE_SECONDS,
    issuer: env.JWT_ISSUER || undefined,
    audience: env.JWT_AUDIENCE || undefined,
  })
}

function bearerToken(event: AuthorizerEvent): string | undefined {
  const header =
    event.authorizationToken ?? Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1]
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null
  return match?.[1]
}

/** `arn:…:api-id/stage/METHOD/path` → `arn:…:api-id/stage/*`, so a cached decision covers every route. */
function apiWildcard(methodArn: string): string {
  const [prefix, path = ''] = methodArn.split(/:(?=[^:]*$)/)
  const [apiId, stage] = path.split('/')
  return apiId && stage ? `${prefix}:${apiId}/${stage}/*` : methodArn
}

/** The verified caller of a request: principal and the context passed on to the integration. */
export interface VerifiedCaller {
  readonly principalId: string
  readonly context: Readonly<Record<string, string>>
}

/**
 * Verifies a user JWT against the signing secret (AWSCURRENT, or AWSPREVIOUS inside the grace
 * window). Shared by the REST and WebSocket authorizers, so both accept exactly the same tokens.
 * Throws TokenRejectedError for a token that does not verify.
 */
export async function verifyUserToken(token: string): Promise<VerifiedCaller> {
  verifier ??= verifierFromEnvironment()
  const {payload, kid} = await verifier.verify(token)
  const principalId = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : 'anonymous'
  const context: Record<string, string> = {sub: principalId}
  if (kid) context.kid = kid
  if (typeof payload.scope === 'string') context.scope = payload.scope
  return {principalId, context}
}

export function allowPolicy(caller: VerifiedCaller, resource: string): AuthorizerResult {
  return {
    principalId: caller.principalId,
    policyDocument: {Version: '2012-10-17', Statement: [{Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource}]},
    context: caller.context,
  }
}

export async function handler(event: AuthorizerEvent): Promise<AuthorizerResult> {
  await applyRuntimeLogLevel()
  const token = bearerToken(event)
  // API Gateway turns exactly this message into a 401.
  if (!token) throw new Error('Unauthorized')
  try {
    return allowPolicy(await verifyUserToken(token), apiWildcard(event.methodArn))
  } catch (error) {
    if (error instanceof TokenRejectedError) {
      log.warn('token rejected', {reason: error.reason})
      throw new Error('Unauthorized')
    }
    throw error
  }
}
