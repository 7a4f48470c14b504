import type {SSMClient} from '@aws-sdk/client-ssm'

import {clientConfig} from '../aws/target.js'

/** SSM client of an env's region through the standard chain (which honours AWS_ENDPOINT_URL_SSM). */
export async function ssmClient(options: {region: string; profile?: string}): Promise<SSMClient> {
  const {SSMClient} = await import('@aws-sdk/client-ssm')
  return new SSMClient(clientConfig({region: options.region, profile: options.profile}))
}
