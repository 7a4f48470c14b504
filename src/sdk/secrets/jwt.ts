import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import type {JWTPayload} from 'jose'

import {type AwsTarget, clientConfig} from '../aws/target.js'
import {NotFoundError, OmnixError} from '../errors.js'
import {AWSCURRENT, AWSPREVIOUS, isResourceNotFound} from './stages.js'
import {JWT_ALGORITHM, MalformedSecretError, type SigningKeyValue} from './values.js'

/** One signing key as read from a staged version of the JWT secret. */
export interface SigningKey {
  readonly stage: typeof AWSCURRENT | typeof AWSPREVIOUS
  readonly versionId?: string
  /** When the version was created: the previous key's grace window starts at the current key's creation. */
  readonly createdDate?: Date
  /** Absent for a legacy plain-string secret, whose tokens carry no `kid`. */
  readonly kid?: string
  readonly secret: Uint8Array
  /** The version is a plain string from before omnix rotated it (verifiable, never used to sign). */
  readonly legacy: boolean
}

export interface KeySet {
  readonly current: SigningKey
  readonly previous?: SigningKey
}

/** Where signers and verifiers get their keys; `refresh` skips any cache. */
export interface SigningKeySource {
  keys(options?: {refresh?: boolean}): Promise<KeySet>
}

export interface SecretsManagerKeySourceOptions {
  /** Name or ARN of the JWT secret (e.g. `secretName(env, 'jwt-signing')`). */
  readonly secretId: string
  readonly client?: SecretsManagerClient
  /** Used to build the client when none is given. */
  readonly target?: AwsTarget
  /** How long keys are reused before Secrets Manager is asked again. Default 30 s. */
  readonly cacheMs?: number
  readonly now?: () => Date
}

export const DEFAULT_KEY_CACHE_MS = 30_000

const encoder = new TextEncoder()

/** The HMAC key bytes of a stored key string. */
export function signingKeyBytes(key: string): Uint8Array {
  return encoder.encode(key)
}

/**
 * Reads AWSCURRENT and AWSPREVIOUS (always naming the stage, never "latest") and caches them
 * briefly, so a verifier picks up a rotation within `cacheMs` without a call per request.
 */
export function secretsManagerKeySource(options: SecretsManagerKeySourceOptions): SigningKeySource {
  const now = options.now ?? (() => new Date())
  const cacheMs = options.cacheMs ?? DEFAULT_KEY_CACHE_MS
  let client = options.client
  let cached: {set: KeySet; at: number} | undefined
  let inflight: Promise<KeySet> | undefined

  async function read(stage: SigningKey['stage']): Promise<SigningKey | undefined> {
    const {GetSecretValueCommand, SecretsManagerClient} = await import('@aws-sdk/client-secrets-manager')
    client ??= new SecretsManagerClient(clientConfig(options.target ?? {region: process.env.AWS_REGION ?? 'us-east-1'}))
    try {
      const out = await client.send(new GetSecretValueCommand({SecretId: options.secretId, VersionStage: stage}))
      return toSigningKey(stage, out.SecretString, out.VersionId, out.CreatedDate)
    } catch (error) {
      if (isResourceNotFound(error)) return undefined
      throw error
    }
  }

  async function load(): Promise<KeySet> {
    const [current, previous] = await Promise.all([read(AWSCURRENT), read(AWSPREVIOUS).catch(() => undefined)])
    if (!current) throw new NotFoundError(`secret ${options.secretId} has no ${AWSCURRENT} version`, 'create it with the security stack, then run omnix secrets rotate')
    return {current, previous}
  }

  return {
    async keys(opts = {}) {
      if (!opts.refresh && cached && now().getTime() - cached.at < cacheMs) return cached.set
      inflight ??= load()
        .then((set) => {
          cached = {set, at: now().getTime()}
          return set
        })
        .finally(() => {
          inflight = undefined
        })
      return inflight
    },
  }
}

/** A fixed key set (tests, or a caller that reads the secret itself). */
export function staticKeySource(set: KeySet): SigningKeySource {
  return {keys: async () => set}
}

/**
 * Turns a stored version into a key. A JSON value must be well formed; a non-JSON string is a
 * legacy key, accepted for verification only so tokens issued before the first rotation survive it.
 */
export function toSigningKey(stage: SigningKey['stage'], text: string | undefined, versionId?: string, createdDate?: Date): SigningKey {
  if (text === undefined || text === '') throw new MalformedSecretError(`the ${stage} version has no string value`)
  let data: unknown
  let isJson = true
  try {
    data = JSON.parse(text)
  } catch {
    isJson = false
  }
  if (!isJson) return {stage, versionId, createdDate, secret: signingKeyBytes(text), legacy: true}
  const {kid, key} = (data ?? {}) as Record<string, unknown>
  if (typeof kid !== 'string' || kid === '' || typeof key !== 'string' || key === '') {
    throw new MalformedSecretError(`the ${stage} version is JSON without a "kid" and a "key"`)
  }
  return {stage, versionId, createdDate, kid, secret: signingKeyBytes(key), legacy: false}
}

export interface JwtSignerOptions {
  readonly keys: SigningKeySource
  readonly issuer?: string
  readonly audience?: string | string[]
  /** Token lifetime. Default 15 minutes. */
  readonly expiresInSeconds?: number
  readonly now?: () => Date
}

export interface JwtSigner {
  /** Signs `claims` with the AWSCURRENT key (header `kid` names it). */
  sign(claims?: JWTPayload, options?: {expiresInSeconds?: number}): Promise<string>
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 900

export function createJwtSigner(options: JwtSignerOptions): JwtSigner {
  const now = options.now ?? (() => new Date())
  return {
    async sign(claims = {}, signOptions = {}) {
      const {current} = await options.keys.keys()
      if (current.legacy || !current.kid) {
        throw new OmnixError('the current JWT secret is a legacy value without a "kid"; refusing to sign with it', {
          code: 'LEGACY_SIGNING_KEY',
          suggestion: 'run omnix secrets rotate jwt-signing',
        })
      }
      const {SignJWT} = await import('jose')
      const issuedAt = Math.floor(now().getTime() / 1000)
      const lifetime = signOptions.expiresInSeconds ?? options.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS
      const jwt = new SignJWT(claims)
        .setProtectedHeader({alg: JWT_ALGORITHM, typ: 'JWT', kid: current.kid})
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + lifetime)
      if (options.issuer) jwt.setIssuer(options.issuer)
      if (options.audience) jwt.setAudience(options.audience)
      return jwt.sign(current.secret)
    },
  }
}

export interface JwtVerifierOptions {
  readonly keys: SigningKeySource
  /**
   * How long after the current key was created tokens signed with the previous key still verify.
   * Set it to at least the longest token lifetime. Default 1 hour.
   */
  readonly graceSeconds?: number
  readonly issuer?: string | string[]
  readonly audience?: string | string[]
  readonly now?: () => Date
  /** Minimum time between forced key refreshes triggered by an unknown `kid`. Default 10 s. */
  readonly refreshIntervalMs?: number
}

export interface VerifiedToken {
  readonly payload: JWTPayload
  readonly kid?: string
  readonly stage: SigningKey['stage']
}

/** A token that does not verify. The message names the reason, never the token. */
export class TokenRejectedError extends OmnixError {
  readonly reason: string
  constructor(reason: string) {
    super(`token rejected: ${reason}`, {code: 'TOKEN_REJECTED'})
    this.reason = reason
  }
}

export interface JwtVerifier {
  verify(token: string): Promise<VerifiedToken>
}

export const DEFAULT_GRACE_SECONDS = 3600

/**
 * Verifies tokens signed with AWSCURRENT, or with AWSPREVIOUS until `graceSeconds` after the
 * current key was created; the key is chosen by the token's `kid`. An unknown `kid` (a signer
 * that saw a rotation first) refreshes the keys once per `refreshIntervalMs`.
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const now = options.now ?? (() => new Date())
  const graceMs = (options.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000
  const refreshIntervalMs = options.refreshIntervalMs ?? 10_000
  let lastRefresh = Number.NEGATIVE_INFINITY

  const select = (set: KeySet, kid: string | undefined): SigningKey | undefined => {
    const candidates = [set.current, set.previous].filter((k): k is SigningKey => k !== undefined)
    return kid === undefined ? candidates.find((k) => k.legacy) : candidates.find((k) => !k.legacy && k.kid === kid)
  }

  return {
    async verify(token) {
      const {decodeProtectedHeader, jwtVerify} = await import('jose')
      let header: ReturnType<typeof decodeProtectedHeader>
      try {
        header = decodeProtectedHeader(token)
      } catch {
        throw new TokenRejectedError('malformed token')
      }
      if (header.alg !== JWT_ALGORITHM) throw new TokenRejectedError(`algorithm must be ${JWT_ALGORITHM}`)
      const kid = typeof header.kid === 'string' ? header.kid : undefined

      let set = await options.keys.keys()
      let key = select(set, kid)
      if (!key && now().getTime() - lastRefresh >= refreshIntervalMs) {
        lastRefresh = now().getTime()
        set = await options.keys.keys({refresh: true})
        key = select(set, kid)
      }
      if (!key) throw new TokenRejectedError(kid === undefined ? 'token has no key id' : 'unknown key id')
      if (key.stage === AWSPREVIOUS) {
        const rotatedAt = set.current.createdDate?.getTime()
        if (rotatedAt === undefined || now().getTime() >= rotatedAt + graceMs) {
          throw new TokenRejectedError('signed with a retired key (grace window over)')
        }
      }
      try {
        const {payload} = await jwtVerify(token, key.secret, {
          algorithms: [JWT_ALGORITHM],
          currentDate: now(),
          issuer: options.issuer,
          audience: options.audience,
        })
        return {payload, kid, stage: key.stage}
      } catch (error) {
        throw new TokenRejectedError((error as {code?: string}).code ?? 'signature check failed')
      }
    },
  }
}

/** The rotation test for a JWT key: a token signed with it, carrying its `kid`, verifies. */
export async function proveSigningKey(value: SigningKeyValue): Promise<void> {
  const {SignJWT, jwtVerify} = await import('jose')
  const secret = signingKeyBytes(value.key)
  const token = await new SignJWT({probe: true}).setProtectedHeader({alg: JWT_ALGORITHM, kid: value.kid}).setIssuedAt().setExpirationTime('1m').sign(secret)
  try {
    const {protectedHeader} = await jwtVerify(token, secret, {algorithms: [JWT_ALGORITHM]})
    if (protectedHeader.kid !== value.kid) throw new Error('kid mismatch')
  } catch {
    throw new MalformedSecretError('a token signed with the new key does not verify')
  }
}
