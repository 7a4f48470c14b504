import type {APIGatewayClient} from '@aws-sdk/client-api-gateway'
import type {LambdaClient} from '@aws-sdk/client-lambda'
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {type AwsTarget, clientConfig} from '../aws/target.js'

/** Clients for the secrets commands, loaded only when a command needs them. */
export async function secretsManagerClient(target: AwsTarget): Promise<SecretsManagerClient> {
  const {SecretsManagerClient} = await import('@aws-sdk/client-secrets-manager')
  return new SecretsManagerClient(clientConfig(target))
}

export async function apiGatewayClient(target: AwsTarget): Promise<APIGatewayClient> {
  const {APIGatewayClient} = await import('@aws-sdk/client-api-gateway')
  return new APIGatewayClient(clientConfig(target))
}

export async function lambdaClient(target: AwsTarget): Promise<LambdaClient> {
  const {LambdaClient} = await import('@aws-sdk/client-lambda')
  return new LambdaClient(clientConfig(target))
}
