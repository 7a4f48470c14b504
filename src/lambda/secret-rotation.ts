/**
 * Secrets Manager rotation Lambda for the platform's secrets (`omnix-ai/{env}/jwt-signing`,
 * `jwt-refresh`, `api-keys`). Secrets Manager calls it once per step with the same
 * ClientRequestToken; every step is idempotent, so its retries are safe.
 *
 * Also runs on a schedule (`{"action": "sync-api-keys"}`): the api-keys secret's AWSCURRENT value
 * gets its API Gateway key, and the previous version's key is deleted once its grace window ends.
 */
import type {APIGatewayClient} from '@aws-sdk/client-api-gateway'
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {clientConfig} from '../sdk/aws/target.js'
import {secretName} from '../sdk/catalog/naming.js'
import {type ApiGatewayKeySync, syncGatewayKeys} from '../sdk/secrets/api-gateway-keys.js'
import {handleRotationEvent, type RotationEvent} from '../sdk/secrets/rotation.js'
import {secretIdFromName, secretKindOf} from '../sdk/secrets/values.js'
import {applyRuntimeLogLevel} from './runtime-parameters.js'
import {createLogger} from './structured-log.js'

const log = createLogger('secret-rotation')
let client: SecretsManagerClient | undefined
let gatewayClient: APIGatewayClient | undefined

/** The scheduled event that keeps API Gateway's client keys in line with the api-keys secret. */
export const SYNC_API_KEYS_EVENT = {action: 'sync-api-keys'} as const

const region = () => process.env.AWS_REGION ?? 'us-east-1'

async function secrets(): Promise<SecretsManagerClient> {
  if (!client) {
    const {SecretsManagerClient} = await import('@aws-sdk/client-secrets-manager')
    client = new SecretsManagerClient(clientConfig({region: region()}))
  }
  return client
}

async function gateway(env: string): Promise<ApiGatewayKeySync> {
  if (!gatewayClient) {
    const {APIGatewayClient} = await import('@aws-sdk/client-api-gateway')
    gatewayClient = new APIGatewayClient(clientConfig({region: region()}))
  }
  return {client: gatewayClient, env}
}

export async function handler(event: RotationEvent | typeof SYNC_API_KEYS_EVENT): Promise<void> {
  await applyRuntimeLogLevel()
  if ('action' in event && event.action === SYNC_API_KEYS_EVENT.action) {
    const env = process.env.OMNIX_ENV
    if (!env) throw new Error('environment variable OMNIX_ENV is not set')
    const result = await syncGatewayKeys(await gateway(env), await secrets(), secretName(env, 'api-keys'))
    // Key ids only: never a value.
    log.info('api keys synced', {key_id: result.registered?.keyId, created: result.registered?.created ?? false, skipped: result.registered?.skipped, retired: result.retired})
    return
  }
  const rotation = event as RotationEvent
  // Ids and step names only: never a value.
  const fields = {step: rotation.Step, secret_id: rotation.SecretId, version_id: rotation.ClientRequestToken}
  log.info('rotation step', fields)
  const apiGateway = await gateway('')
  try {
    await handleRotationEvent(
      await secrets(),
      rotation,
      (name) => {
        const id = secretIdFromName(name)
        return id ? secretKindOf(id.id) : undefined
      },
      (name) => {
        const id = secretIdFromName(name)
        return id?.id === 'api-keys' ? {...apiGateway, env: id.env} : undefined
      },
    )
  } catch (error) {
    log.error('rotation step failed', {...fields, error})
    throw error
  }
}
