import type {APIGatewayClient} from '@aws-sdk/client-api-gateway'
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {resourceName} from '../catalog/naming.js'
import {DEFAULT_GRACE_SECONDS} from './jwt.js'
import {AWSCURRENT, AWSPENDING, AWSPREVIOUS, type VersionStages, versionWithStage} from './stages.js'

/**
 * The API Gateway side of the `api-keys` secret: every version of the secret that clients may use
 * has an API Gateway API key with the same value in the environment's usage plan
 * (`omnix-ai-{env}-usage-plan`), named `omnix-ai-{env}-client-{versionId}`. Rotation creates the
 * new version's key before promoting it; the previous version's key stays valid for the grace
 * window after the promotion, then is deleted. Keys not named this way (e.g. a partner's) are
 * never touched.
 */
export interface ApiGatewayKeySync {
  readonly client: APIGatewayClient
  readonly env: string
  /** How long the previous version's key keeps working after a rotation. Default: the JWT grace (1 hour). */
  readonly graceMs?: number
  readonly now?: () => Date
}

/** API Gateway refuses API key values shorter than this. */
export const MIN_GATEWAY_KEY_CHARS = 20

export const gatewayKeyPrefix = (env: string) => resourceName(env, 'client-')
export const gatewayKeyName = (env: string, versionId: string) => `${gatewayKeyPrefix(env)}${versionId}`
export const usagePlanName = (env: string) => resourceName(env, 'usage-plan')

const sdk = () => import('@aws-sdk/client-api-gateway')

export interface GatewayKeyRegistration {
  /** The usage plan the key is in; undefined when the environment has none (API stack not deployed). */
  readonly usagePlanId?: string
  readonly keyId?: string
  readonly created: boolean
  readonly skipped?: string
}

/** The environment's usage plan id, found by name. */
export async function findUsagePlanId(client: APIGatewayClient, env: string): Promise<string | undefined> {
  const {GetUsagePlansCommand} = await sdk()
  let position: string | undefined
  do {
    const page = await client.send(new GetUsagePlansCommand({limit: 500, position}))
    const plan = page.items?.find((p) => p.name === usagePlanName(env))
    if (plan?.id) return plan.id
    position = page.position
  } while (position)
  return undefined
}

/** The platform's client keys (name, id) of the environment, by version id. */
async function listGatewayKeys(client: APIGatewayClient, env: string): Promise<Map<string, {id: string; name: string}>> {
  const {GetApiKeysCommand} = await sdk()
  const prefix = gatewayKeyPrefix(env)
  const keys = new Map<string, {id: string; name: string}>()
  let position: string | undefined
  do {
    const page = await client.send(new GetApiKeysCommand({nameQuery: prefix, includeValues: false, limit: 500, position}))
    for (const key of page.items ?? []) {
      if (key.id && key.name?.startsWith(prefix)) keys.set(key.name.slice(prefix.length), {id: key.id, name: key.name})
    }
    position = page.position
  } while (position)
  return keys
}

/**
 * Makes `versionId`'s value a working API key in the usage plan (idempotent: an existing key of
 * that version is reused, an existing plan membership is kept).
 */
export async function registerGatewayKey(sync: ApiGatewayKeySync, versionId: string, value: string): Promise<GatewayKeyRegistration> {
  const {ConflictException, CreateApiKeyCommand, CreateUsagePlanKeyCommand} = await sdk()
  const usagePlanId = await findUsagePlanId(sync.client, sync.env)
  if (!usagePlanId) return {created: false, skipped: `no usage plan ${usagePlanName(sync.env)} (the API stack is not deployed)`}
  if (value.length < MIN_GATEWAY_KEY_CHARS) return {usagePlanId, created: false, skipped: `the value is shorter than the ${MIN_GATEWAY_KEY_CHARS} characters API Gateway requires`}
  const existing = (await listGatewayKeys(sync.client, sync.env)).get(versionId)
  let keyId = existing?.id
  if (!keyId) {
    const created = await sync.client.send(
      new CreateApiKeyCommand({
        name: gatewayKeyName(sync.env, versionId),
        description: `omnix-ai ${sync.env} API client key: version ${versionId} of the api-keys secret`,
        enabled: true,
        value,
      }),
    )
    keyId = created.id!
  }
  try {
    await sync.client.send(new CreateUsagePlanKeyCommand({usagePlanId, keyId, keyType: 'API_KEY'}))
  } catch (error) {
    // Already in the plan: a retried step.
    if (!(error instanceof ConflictException)) throw error
  }
  return {usagePlanId, keyId, created: !existing}
}

/**
 * Deletes the client keys no client may use any more: versions that are neither AWSCURRENT nor
 * AWSPENDING, except AWSPREVIOUS while its grace window (from the current version's creation)
 * lasts. Returns the deleted key ids.
 */
export async function retireGatewayKeys(
  sync: ApiGatewayKeySync,
  stages: VersionStages,
  currentCreatedDate: Date | undefined,
): Promise<{retired: string[]; kept: string[]}> {
  const {DeleteApiKeyCommand, NotFoundException} = await sdk()
  const now = (sync.now ?? (() => new Date()))().getTime()
  const graceMs = sync.graceMs ?? DEFAULT_GRACE_SECONDS * 1000
  const inGrace = currentCreatedDate !== undefined && now < currentCreatedDate.getTime() + graceMs
  const retired: string[] = []
  const kept: string[] = []
  for (const [versionId, key] of await listGatewayKeys(sync.client, sync.env)) {
    const labels = stages[versionId] ?? []
    const live = labels.includes(AWSCURRENT) || labels.includes(AWSPENDING) || (labels.includes(AWSPREVIOUS) && inGrace)
    if (live) {
      kept.push(key.id)
      continue
    }
    try {
      await sync.client.send(new DeleteApiKeyCommand({apiKey: key.id}))
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error
    }
    retired.push(key.id)
  }
  return {retired, kept}
}

/** Creation date of the AWSCURRENT version (when the previous one was demoted). */
export async function currentVersionCreated(client: SecretsManagerClient, secretId: string, stages: VersionStages): Promise<Date | undefined> {
  const current = versionWithStage(stages, AWSCURRENT)
  if (!current) return undefined
  const {paginateListSecretVersionIds} = await import('@aws-sdk/client-secrets-manager')
  for await (const page of paginateListSecretVersionIds({client}, {SecretId: secretId})) {
    const found = page.Versions?.find((v) => v.VersionId === current)
    if (found) return found.CreatedDate
  }
  return undefined
}

export interface GatewayKeySyncResult {
  readonly registered?: GatewayKeyRegistration
  readonly retired: readonly string[]
}

/**
 * Brings API Gateway in line with the secret outside a rotation (the rotation Lambda's hourly
 * run, and after a deploy): the AWSCURRENT version has its key, and keys past their grace window
 * are deleted.
 */
export async function syncGatewayKeys(sync: ApiGatewayKeySync, secrets: SecretsManagerClient, secretId: string): Promise<GatewayKeySyncResult> {
  const {DescribeSecretCommand, GetSecretValueCommand} = await import('@aws-sdk/client-secrets-manager')
  const meta = await secrets.send(new DescribeSecretCommand({SecretId: secretId}))
  const stages = meta.VersionIdsToStages ?? {}
  const current = versionWithStage(stages, AWSCURRENT)
  let registered: GatewayKeyRegistration | undefined
  if (current) {
    const value = await secrets.send(new GetSecretValueCommand({SecretId: secretId, VersionStage: AWSCURRENT}))
    const key = keyOf(value.SecretString)
    registered = key === undefined ? {created: false, skipped: 'the current value is not the {kid, key} JSON'} : await registerGatewayKey(sync, current, key)
  }
  const {retired} = await retireGatewayKeys(sync, stages, await currentVersionCreated(secrets, secretId, stages))
  return {registered, retired}
}

/** The `key` of a stored `{kid, key}` value. */
export function keyOf(text: string | undefined): string | undefined {
  try {
    const key = (JSON.parse(text ?? '') as {key?: unknown})?.key
    return typeof key === 'string' ? key : undefined
  } catch {
    return undefined
  }
}
