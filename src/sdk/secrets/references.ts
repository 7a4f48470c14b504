import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {type AwsTarget, clientConfig} from '../aws/target.js'
import {AWSCURRENT} from './stages.js'

const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:[\w/+=.@-]+$/

export function isSecretArn(value: string): boolean {
  return SECRET_ARN.test(value)
}

/**
 * The value behind an environment variable that holds a secret's ARN (what `secrets audit --fix`
 * leaves in place of the value): the AWSCURRENT version's string. Any other value is returned as is.
 */
export async function resolveSecretReference(value: string, options: {client?: SecretsManagerClient; target?: AwsTarget} = {}): Promise<string> {
  if (!isSecretArn(value)) return value
  const {GetSecretValueCommand, SecretsManagerClient} = await import('@aws-sdk/client-secrets-manager')
  const region = value.split(':')[3]
  const client = options.client ?? new SecretsManagerClient(clientConfig(options.target ?? {region}))
  const out = await client.send(new GetSecretValueCommand({SecretId: value, VersionStage: AWSCURRENT}))
  return out.SecretString ?? ''
}
