import type {AwsCredentialIdentity} from '@smithy/types'

import {UsageError} from '../errors.js'

/** Where and as whom an AWS client talks. Built from the resolved config plus `--local`/`--endpoint-url`. */
export interface AwsTarget {
  readonly region: string
  readonly profile?: string
  /** Overrides the service endpoint (DynamoDB Local, LocalStack, a VPC endpoint). */
  readonly endpoint?: string
  /** Static credentials; unset means the standard SDK chain (env vars, profiles, SSO, IMDS). */
  readonly credentials?: AwsCredentialIdentity
  /** True when talking to the embedded local engine. */
  readonly local?: boolean
}

/** Credentials for engines that accept any key (DynamoDB Local runs with -sharedDb so the key does not matter). */
export const LOCAL_CREDENTIALS: AwsCredentialIdentity = {accessKeyId: 'omnixlocal', secretAccessKey: 'omnixlocal'}

/** The client configuration every omnix AWS client is built from. */
export function clientConfig(target: AwsTarget) {
  return {
    region: target.region,
    ...(target.profile && !target.credentials ? {profile: target.profile} : {}),
    ...(target.endpoint ? {endpoint: target.endpoint} : {}),
    ...(target.credentials ? {credentials: target.credentials} : {}),
  }
}

export interface DataPlaneOptions {
  readonly region: string
  readonly profile?: string
  readonly endpointUrl?: string
  readonly local?: boolean
  /** Project directory holding `.omnix/` (local engine state). */
  readonly cwd?: string
}

/**
 * Resolves the target of a data-plane command: `--endpoint-url` wins, then `--local` (the running
 * embedded engine), then AWS itself through the standard chain (which also honours AWS_ENDPOINT_URL*).
 */
export async function resolveDataPlaneTarget(options: DataPlaneOptions): Promise<AwsTarget> {
  if (options.endpointUrl) {
    validateEndpoint(options.endpointUrl)
    const loopback = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/.test(options.endpointUrl)
    return {
      region: options.region,
      endpoint: options.endpointUrl,
      ...(loopback && !options.profile ? {credentials: LOCAL_CREDENTIALS, local: true} : {profile: options.profile}),
    }
  }
  if (options.local) {
    const {localEndpoint} = await import('../local/state.js')
    return {region: options.region, endpoint: await localEndpoint(options.cwd), credentials: LOCAL_CREDENTIALS, local: true}
  }
  return {region: options.region, profile: options.profile}
}

function validateEndpoint(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError(`--endpoint-url: "${url}" is not a URL`, {suggestion: 'pass e.g. --endpoint-url http://127.0.0.1:8000'})
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url: "${url}" must use http or https`)
  }
}
