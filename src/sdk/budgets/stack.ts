import {clientConfig, type AwsTarget} from '../aws/target.js'
import {stackName} from '../catalog/naming.js'

/**
 * Names of the budgets the environment's deployed budgets stack (`omnix-ai-{env}-budgets`) owns.
 * Empty when the stack is not deployed or cannot be read: ownership only adds a warning.
 */
export async function stackOwnedBudgets(target: AwsTarget, env: string): Promise<{stack: string; budgets: ReadonlySet<string>}> {
  const {CloudFormationClient, ListStackResourcesCommand} = await import('@aws-sdk/client-cloudformation')
  const client = new CloudFormationClient(clientConfig(target))
  const stack = stackName(env, 'budgets')
  const budgets = new Set<string>()
  try {
    let NextToken: string | undefined
    do {
      const page = await client.send(new ListStackResourcesCommand({StackName: stack, NextToken}))
      for (const r of page.StackResourceSummaries ?? []) {
        if (r.ResourceType === 'AWS::Budgets::Budget' && r.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE') budgets.add(r.PhysicalResourceId)
      }
      NextToken = page.NextToken
    } while (NextToken)
  } catch {
    // Not deployed, or no permission to look: nothing is known to be stack-owned.
  } finally {
    client.destroy()
  }
  return {stack, budgets}
}
