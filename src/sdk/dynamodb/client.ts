import type {DynamoDBClient, DynamoDBClientConfig} from '@aws-sdk/client-dynamodb'

import {type AwsTarget, clientConfig} from '../aws/target.js'

/**
 * The DynamoDB client every omnix data-plane call goes through, built from the target (region,
 * profile, endpoint override, local credentials). The SDK module is loaded on first use so that
 * commands which never touch DynamoDB do not pay for it at startup.
 */
export async function dynamoClient(target: AwsTarget, overrides: Partial<DynamoDBClientConfig> = {}): Promise<DynamoDBClient> {
  const {DynamoDBClient} = await import('@aws-sdk/client-dynamodb')
  return new DynamoDBClient({...clientConfig(target), ...overrides})
}

/** True for the errors a DynamoDB call gets when nothing listens at the endpoint. */
export function isConnectionRefused(error: unknown): boolean {
  const e = error as {code?: string; name?: string; cause?: {code?: string}; errors?: {code?: string}[]}
  const codes = [e?.code, e?.name, e?.cause?.code, ...(e?.errors ?? []).map((x) => x?.code)]
  return codes.some((c) => c === 'ECONNREFUSED' || c === 'ECONNRESET' || c === 'EHOSTUNREACH')
}

/**
 * Whether a service error has this name. Compared by name, not `instanceof`: the AWS SDK ships
 * CommonJS and ESM builds, and an error thrown by a client from one is not an instance of the
 * class exported by the other.
 */
export function isAwsError(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as {name?: unknown}).name === name
}
