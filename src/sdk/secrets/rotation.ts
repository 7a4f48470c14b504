import {randomUUID} from 'node:crypto'

import type {DescribeSecretCommandOutput, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {NotFoundError, OmnixError} from '../errors.js'
import {type ApiGatewayKeySync, currentVersionCreated, type GatewayKeyRegistration, keyOf, registerGatewayKey, retireGatewayKeys} from './api-gateway-keys.js'
import {proveSigningKey} from './jwt.js'
import {AWSCURRENT, AWSPENDING, AWSPREVIOUS, isResourceNotFound, versionWithStage} from './stages.js'
import {MalformedSecretError, type SecretKind, type SigningKeyValue, generateSecretValue, parseSecretValue} from './values.js'

/** Secrets Manager's rotation protocol, in order. */
export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const
export type RotationStep = (typeof ROTATION_STEPS)[number]

export interface StepContext {
  readonly client: SecretsManagerClient
  /** Name or ARN of the secret. */
  readonly secretId: string
  /** ClientRequestToken: the version id of the version being rotated in. */
  readonly token: string
  readonly kind: SecretKind
  /** For the api-keys secret: the API Gateway usage plan its versions are mirrored into. */
  readonly gateway?: ApiGatewayKeySync
}

export class RotationError extends OmnixError {
  constructor(message: string, suggestion?: string) {
    super(message, {code: 'ROTATION_FAILED', suggestion})
  }
}

/** The new version failed its test: it was not promoted and its AWSPENDING label is gone. */
export class RotationTestFailedError extends RotationError {
  readonly versionId: string
  readonly reason: string
  constructor(secretId: string, versionId: string, reason: string) {
    super(
      `rotation of ${secretId} failed its test (${reason}); version ${versionId} was not promoted and its ${AWSPENDING} label was removed`,
      'run the rotation again to start over with a new version',
    )
    this.versionId = versionId
    this.reason = reason
  }
}

const sdk = () => import('@aws-sdk/client-secrets-manager')

/**
 * createSecret: puts a freshly generated value as AWSPENDING under the token. When that version
 * already has a value (a retry), nothing is written, so a retry never creates a second version.
 */
export async function createSecretStep(ctx: StepContext): Promise<{created: boolean; createdDate?: Date}> {
  const {GetSecretValueCommand, PutSecretValueCommand} = await sdk()
  try {
    const existing = await ctx.client.send(new GetSecretValueCommand({SecretId: ctx.secretId, VersionId: ctx.token, VersionStage: AWSPENDING}))
    if (existing.SecretString !== undefined) return {created: false, createdDate: existing.CreatedDate}
  } catch (error) {
    if (!isResourceNotFound(error)) throw error
  }
  const value = generateSecretValue(ctx.kind, ctx.token)
  await ctx.client.send(
    new PutSecretValueCommand({
      SecretId: ctx.secretId,
      ClientRequestToken: ctx.token,
      SecretString: JSON.stringify(value),
      VersionStages: [AWSPENDING],
    }),
  )
  return {created: true}
}

/**
 * setSecret: JWT signing keys live only in Secrets Manager (verifiers read them from there). An
 * API key is also an API Gateway key: the pending value is created as one and added to the usage
 * plan before it is promoted, so clients can switch to it while the old key still works.
 */
export async function setSecretStep(ctx: StepContext): Promise<GatewayKeyRegistration | undefined> {
  if (ctx.kind !== 'api-key' || !ctx.gateway) return undefined
  const {GetSecretValueCommand} = await sdk()
  const pending = await ctx.client.send(new GetSecretValueCommand({SecretId: ctx.secretId, VersionId: ctx.token, VersionStage: AWSPENDING}))
  const key = keyOf(pending.SecretString)
  if (key === undefined) throw new RotationTestFailedError(ctx.secretId, ctx.token, 'the pending value is not the {kid, key} JSON')
  return registerGatewayKey(ctx.gateway, ctx.token, key)
}

/**
 * testSecret: the pending value is readable, well formed, differs from the current one and, for
 * JWT keys, signs a token that verifies. A failed check removes AWSPENDING before throwing, so
 * nothing is promoted and the next run starts clean; errors reaching Secrets Manager are thrown
 * as they are (the step is retried, not rolled back).
 */
export async function testSecretStep(ctx: StepContext): Promise<void> {
  const {GetSecretValueCommand} = await sdk()
  let failure: string | undefined
  try {
    const pending = await ctx.client.send(new GetSecretValueCommand({SecretId: ctx.secretId, VersionId: ctx.token, VersionStage: AWSPENDING}))
    const current = await ctx.client.send(new GetSecretValueCommand({SecretId: ctx.secretId, VersionStage: AWSCURRENT}))
    const value = parseSecretValue(ctx.kind, pending.SecretString)
    const previous = looseKey(current.SecretString)
    if (previous.key === value.key) throw new MalformedSecretError('the new key equals the current key')
    if (previous.kid === value.kid) throw new MalformedSecretError('the new "kid" equals the current "kid"')
    if (ctx.kind === 'jwt-signing-key') await proveSigningKey(value as SigningKeyValue)
  } catch (error) {
    if (error instanceof MalformedSecretError) failure = error.message
    else if (isResourceNotFound(error)) failure = `no value under version ${ctx.token} with ${AWSPENDING}`
    else throw error
  }
  if (failure !== undefined) {
    await removePendingLabel(ctx.client, ctx.secretId, ctx.token)
    throw new RotationTestFailedError(ctx.secretId, ctx.token, failure)
  }
}

/**
 * finishSecret: moves AWSCURRENT to the token's version (Secrets Manager moves AWSPREVIOUS to the
 * old one) and removes AWSPENDING, leaving no pending version behind. Safe to repeat.
 */
export async function finishSecretStep(
  ctx: StepContext,
  described?: DescribeSecretCommandOutput,
): Promise<{previousVersionId?: string; retiredGatewayKeys?: string[]}> {
  const {DescribeSecretCommand, UpdateSecretVersionStageCommand} = await sdk()
  const meta = described ?? (await ctx.client.send(new DescribeSecretCommand({SecretId: ctx.secretId})))
  const stages = meta.VersionIdsToStages ?? {}
  const current = versionWithStage(stages, AWSCURRENT)
  const labels = stages[ctx.token] ?? []
  let previousVersionId: string | undefined
  if (current !== ctx.token) {
    if (!labels.includes(AWSPENDING)) {
      throw new RotationError(`version ${ctx.token} of ${ctx.secretId} is not ${AWSPENDING}; there is nothing to promote`)
    }
    await ctx.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: ctx.secretId,
        VersionStage: AWSCURRENT,
        MoveToVersionId: ctx.token,
        ...(current ? {RemoveFromVersionId: current} : {}),
      }),
    )
    previousVersionId = current
  }
  if (labels.includes(AWSPENDING)) await removePendingLabel(ctx.client, ctx.secretId, ctx.token)
  if (ctx.kind === 'api-key' && ctx.gateway) {
    // The key just demoted stays in its grace window; only older versions' keys go now.
    const after = (await ctx.client.send(new DescribeSecretCommand({SecretId: ctx.secretId}))).VersionIdsToStages ?? {}
    const {retired} = await retireGatewayKeys(ctx.gateway, after, await currentVersionCreated(ctx.client, ctx.secretId, after))
    return {previousVersionId, retiredGatewayKeys: retired}
  }
  return {previousVersionId}
}

export async function removePendingLabel(client: SecretsManagerClient, secretId: string, versionId: string): Promise<void> {
  const {UpdateSecretVersionStageCommand} = await sdk()
  await client.send(new UpdateSecretVersionStageCommand({SecretId: secretId, VersionStage: AWSPENDING, RemoveFromVersionId: versionId}))
}

/** kid and key of a stored value of any shape, for comparing old and new (a legacy value is all key). */
function looseKey(text: string | undefined): {kid?: string; key?: string} {
  if (text === undefined) return {}
  try {
    const data = JSON.parse(text) as Record<string, unknown>
    return {kid: typeof data?.kid === 'string' ? data.kid : undefined, key: typeof data?.key === 'string' ? data.key : undefined}
  } catch {
    return {key: text}
  }
}

/** The event Secrets Manager sends to a rotation Lambda. */
export interface RotationEvent {
  readonly Step: string
  readonly SecretId: string
  readonly ClientRequestToken: string
  readonly RotationToken?: string
}

/**
 * One step as Secrets Manager invokes it (the rotation Lambda): checks the version is part of a
 * rotation, then runs the step. The secret's kind comes from `kindOf(name)`.
 */
export async function handleRotationEvent(
  client: SecretsManagerClient,
  event: RotationEvent,
  kindOf: (secretName: string) => SecretKind | undefined,
  gatewayOf: (secretName: string) => ApiGatewayKeySync | undefined = () => undefined,
): Promise<void> {
  const step = event.Step as RotationStep
  if (!(ROTATION_STEPS as readonly string[]).includes(step)) throw new RotationError(`unknown rotation step "${event.Step}"`)
  const {DescribeSecretCommand} = await sdk()
  const meta = await client.send(new DescribeSecretCommand({SecretId: event.SecretId}))
  if (meta.RotationEnabled === false) throw new RotationError(`rotation is not enabled for ${meta.Name ?? event.SecretId}`)
  const labels = meta.VersionIdsToStages?.[event.ClientRequestToken]
  if (!labels) throw new RotationError(`version ${event.ClientRequestToken} of ${meta.Name ?? event.SecretId} has no stage for rotation`)
  const kind = kindOf(meta.Name ?? event.SecretId)
  if (!kind) throw new RotationError(`${meta.Name ?? event.SecretId} is not a secret this function rotates`)
  const ctx: StepContext = {client, secretId: event.SecretId, token: event.ClientRequestToken, kind, gateway: gatewayOf(meta.Name ?? event.SecretId)}
  if (labels.includes(AWSCURRENT)) {
    // Already promoted by an earlier attempt; only the finish step has anything left to tidy.
    if (step === 'finishSecret') await finishSecretStep(ctx, meta)
    return
  }
  if (!labels.includes(AWSPENDING)) throw new RotationError(`version ${event.ClientRequestToken} of ${meta.Name ?? event.SecretId} is not ${AWSPENDING}`)
  if (step === 'createSecret') await createSecretStep(ctx)
  else if (step === 'setSecret') await setSecretStep(ctx)
  else if (step === 'testSecret') {
    // RotateSecret with RotateImmediately=false checks a function by invoking its test step on a
    // fresh AWSPENDING version; creating the value first (a no-op when it exists) lets that pass.
    await createSecretStep(ctx)
    await testSecretStep(ctx)
  } else await finishSecretStep(ctx, meta)
}

/** What a rotation run will do, decided from the version stages alone. */
export type RotationPlanAction = 'rotate' | 'resume' | 'clean-up'

export interface RotationPlan {
  readonly secretId: string
  readonly action: RotationPlanAction
  readonly currentVersionId: string
  readonly pendingVersionId?: string
  readonly previousVersionId?: string
}

export async function planRotation(client: SecretsManagerClient, secretId: string, described?: DescribeSecretCommandOutput): Promise<RotationPlan> {
  const meta = described ?? (await describeOrThrow(client, secretId))
  const stages = meta.VersionIdsToStages ?? {}
  const current = versionWithStage(stages, AWSCURRENT)
  if (!current) throw new NotFoundError(`${secretId} has no ${AWSCURRENT} version`, 'create the secret with the security stack first')
  const pending = versionWithStage(stages, AWSPENDING)
  const previous = versionWithStage(stages, AWSPREVIOUS)
  const action: RotationPlanAction = pending === undefined ? 'rotate' : pending === current ? 'clean-up' : 'resume'
  return {secretId, action, currentVersionId: current, pendingVersionId: pending, previousVersionId: previous}
}

async function describeOrThrow(client: SecretsManagerClient, secretId: string): Promise<DescribeSecretCommandOutput> {
  const {DescribeSecretCommand} = await sdk()
  try {
    return await client.send(new DescribeSecretCommand({SecretId: secretId}))
  } catch (error) {
    if (isResourceNotFound(error)) throw new NotFoundError(`secret ${secretId} does not exist`, 'deploy the security stack, which creates it')
    throw error
  }
}

export interface RotateOptions {
  readonly client: SecretsManagerClient
  readonly secretId: string
  readonly kind: SecretKind
  /** New ClientRequestTokens (default: random UUIDs). */
  readonly newToken?: () => string
  readonly now?: () => Date
  /**
   * A pending version older than this is rolled back instead of promoted: verifiers time the
   * previous key's grace window from the current version's creation, so promoting an old
   * version would cut that window short. Default 1 hour.
   */
  readonly maxPendingAgeMs?: number
  /**
   * Refuse a new rotation when it would retire an AWSPREVIOUS version demoted (AWSCURRENT created)
   * less than this ago: that key may still sign tokens inside the verifiers' grace window, and a
   * re-run after a crash at the very end must not rotate twice. A secret with no AWSPREVIOUS
   * (never rotated) has nothing to protect. Default 1 hour (the default grace window).
   */
  readonly minIntervalMs?: number
  /** Rotate even when the current version is younger than `minIntervalMs` (e.g. a leaked key). */
  readonly force?: boolean
  /** Called after each completed step. */
  readonly onStep?: (step: RotationStep, versionId: string) => void | Promise<void>
  /** For the api-keys secret: mirror versions into the environment's API Gateway usage plan. */
  readonly gateway?: ApiGatewayKeySync
}

/** AWSPREVIOUS was demoted less than the minimum interval ago: rotating now would retire it inside its grace window. */
export class RotatedRecentlyError extends RotationError {
  readonly retiredVersionId: string
  constructor(secretId: string, currentVersionId: string, previousVersionId: string, ageMinutes: number, minMinutes: number) {
    super(
      `${secretId} was rotated ${ageMinutes} min ago (version ${currentVersionId}); rotating again within ${minMinutes} min would retire version ${previousVersionId} (${AWSPREVIOUS}), the key tokens in flight may still be signed with`,
      'wait, or pass --force when the current key must go now (e.g. it leaked)',
    )
    this.retiredVersionId = previousVersionId
  }
}

export interface RotationOutcome {
  readonly secretId: string
  /** rotated: a new version; resumed: an interrupted rotation was completed; cleaned-up: it had been promoted already. */
  readonly action: 'rotated' | 'resumed' | 'cleaned-up'
  /** The AWSCURRENT version now. */
  readonly versionId: string
  /** The version that became AWSPREVIOUS in this run. */
  readonly previousVersionId?: string
  /** A rotation found interrupted at the start, and what was done with it. */
  readonly recovered?: {readonly versionId: string; readonly action: 'completed' | 'rolled-back'; readonly reason: string}
  /** The api-keys secret: the new version's API Gateway key, and keys deleted because their grace ended. */
  readonly gateway?: {readonly keyId?: string; readonly usagePlanId?: string; readonly skipped?: string; readonly retired: readonly string[]}
}

export const DEFAULT_MAX_PENDING_AGE_MS = 3_600_000
export const DEFAULT_MIN_ROTATION_INTERVAL_MS = 3_600_000

/**
 * Rotates one secret through createSecret, setSecret, testSecret, finishSecret. A rotation left
 * unfinished by an earlier run (AWSPENDING on a version that is not AWSCURRENT) is detected first
 * and completed under its own token, or rolled back when it is stale; so a retry after a crash at
 * any point converges on one new AWSCURRENT and never leaves a second pending version.
 */
export async function rotateSecret(options: RotateOptions): Promise<RotationOutcome> {
  const {client, secretId, kind} = options
  const now = options.now ?? (() => new Date())
  const maxPendingAgeMs = options.maxPendingAgeMs ?? DEFAULT_MAX_PENDING_AGE_MS
  const onStep = options.onStep ?? (() => {})
  const meta = await describeOrThrow(client, secretId)
  const plan = await planRotation(client, secretId, meta)

  if (plan.action === 'clean-up') {
    await removePendingLabel(client, secretId, plan.currentVersionId)
    return {
      secretId,
      action: 'cleaned-up',
      versionId: plan.currentVersionId,
      recovered: {versionId: plan.currentVersionId, action: 'completed', reason: `already ${AWSCURRENT}; removed its leftover ${AWSPENDING} label`},
    }
  }

  let token = plan.pendingVersionId
  let recovered: RotationOutcome['recovered']
  if (token !== undefined) {
    const existing = await createSecretStep({client, secretId, token, kind})
    const age = existing.createdDate ? now().getTime() - existing.createdDate.getTime() : 0
    if (!existing.created && age > maxPendingAgeMs) {
      await removePendingLabel(client, secretId, token)
      recovered = {versionId: token, action: 'rolled-back', reason: `pending for ${Math.round(age / 60_000)} min, longer than ${Math.round(maxPendingAgeMs / 60_000)} min`}
      token = undefined
    } else {
      await onStep('createSecret', token)
    }
  }
  const resumed = token !== undefined
  if (token === undefined) {
    if (!options.force) await assertNotRotatedRecently(client, plan, now(), options.minIntervalMs ?? DEFAULT_MIN_ROTATION_INTERVAL_MS)
    token = (options.newToken ?? randomUUID)()
    await createSecretStep({client, secretId, token, kind})
    await onStep('createSecret', token)
  }
  const ctx: StepContext = {client, secretId, token, kind, gateway: options.gateway}
  const registration = await setSecretStep(ctx)
  await onStep('setSecret', token)
  await testSecretStep(ctx)
  await onStep('testSecret', token)
  const {previousVersionId, retiredGatewayKeys} = await finishSecretStep(ctx)
  await onStep('finishSecret', token)
  if (resumed) recovered = {versionId: token, action: 'completed', reason: 'an earlier rotation was interrupted; completed it'}
  const gateway = registration
    ? {keyId: registration.keyId, usagePlanId: registration.usagePlanId, ...(registration.skipped ? {skipped: registration.skipped} : {}), retired: retiredGatewayKeys ?? []}
    : undefined
  return {secretId, action: resumed ? 'resumed' : 'rotated', versionId: token, previousVersionId, ...(recovered ? {recovered} : {}), ...(gateway ? {gateway} : {})}
}

/**
 * A rotation retires only the AWSPREVIOUS version: its tokens verify until the grace window that
 * started when it was demoted (the current version's creation) closes. With no AWSPREVIOUS, or one
 * demoted longer than `minIntervalMs` ago, nothing in flight depends on it.
 */
async function assertNotRotatedRecently(client: SecretsManagerClient, plan: RotationPlan, now: Date, minIntervalMs: number): Promise<void> {
  if (plan.previousVersionId === undefined) return
  const {paginateListSecretVersionIds} = await sdk()
  for await (const page of paginateListSecretVersionIds({client}, {SecretId: plan.secretId})) {
    const current = page.Versions?.find((v) => v.VersionId === plan.currentVersionId)
    if (!current?.CreatedDate) continue
    const age = now.getTime() - current.CreatedDate.getTime()
    if (age < minIntervalMs) {
      throw new RotatedRecentlyError(plan.secretId, plan.currentVersionId, plan.previousVersionId, Math.floor(age / 60_000), Math.round(minIntervalMs / 60_000))
    }
    return
  }
}
