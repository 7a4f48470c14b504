import {clientConfig, type AwsTarget} from '../aws/target.js'
import {stackName} from '../catalog/naming.js'

const API_RESOURCE_TYPES = new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'])

export interface StackApis {
  readonly stack: string
  /** Physical ids of the REST and v2 APIs the stack owns. */
  readonly apiIds: ReadonlySet<string>
  /** Why nothing was found, when the stack could not be read. */
  readonly note?: string
}

/** The APIs the environment's deployed api stack (`omnix-ai-{env}-api`) owns. */
export async function stackOwnedApis(target: AwsTarget, env: string): Promise<StackApis> {
  const {CloudFormationClient, ListStackResourcesCommand} = await import('@aws-sdk/client-cloudformation')
  const client = new CloudFormationClient(clientConfig(target))
  const stack = stackName(env, 'api')
  const apiIds = new Set<string>()
  let NextToken: string | undefined
  try {
    do {
      const page = await client.send(new ListStackResourcesCommand({StackName: stack, NextToken}))
      for (const r of page.StackResourceSummaries ?? []) {
        if (r.PhysicalResourceId && API_RESOURCE_TYPES.has(r.ResourceType ?? '') && r.ResourceStatus !== 'DELETE_COMPLETE') {
          apiIds.add(r.PhysicalResourceId)
        }
      }
      NextToken = page.NextToken
    } while (NextToken)
  } catch (error) {
    const message = (error as Error).message ?? String(error)
    if (/does not exist/i.test(message)) return {stack, apiIds, note: `stack ${stack} is not deployed in ${target.region}`}
    return {stack, apiIds, note: `could not read stack ${stack}: ${message}`}
  } finally {
    client.destroy()
  }
  return {stack, apiIds}
}
