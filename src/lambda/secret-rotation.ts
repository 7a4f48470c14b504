/**
 * Secrets Manager rotation Lambda for the platform's secrets (`omnix-ai/{env}/jwt-signing`,
 * `jwt-refresh`, `api-keys`). Secrets Manager calls it once per step with the same
 * ClientRequestToken; every step is idempotent, so its retries are safe.
 */
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {clientConfig} from '../sdk/aws/target.js'
import {handleRotationEvent, type RotationEvent} from '../sdk/secrets/rotation.js'
import {secretIdFromName, secretKindOf} from '../sdk/secrets/values.js'
import {createLogger} from './structured-log.js'

const log = createLogger('secret-rotation')
let client: SecretsManagerClient | undefined

export async function handler(event: RotationEvent): Promise<void> {
  if (!client) {
    const {SecretsManagerClient} = await import('@aws-sdk/client-secrets-manager')
    client = new SecretsManagerClient(clientConfig({region: process.env.AWS_REGION ?? 'us-east-1'}))
  }
  // Ids and step names only: never a value.
  const fields = {step: event.Step, secret_id: event.SecretId, version_id: event.ClientRequestToken}
  log.info('rotation step', fields)
  try {
    await handleRotationEvent(client, event, (name) => {
      const id = secretIdFromName(name)
      return id ? secretKindOf(id.id) : undefined
    })
  } catch (error) {
    log.error('rotation step failed', {...fields, error})
    throw error
  }
}
