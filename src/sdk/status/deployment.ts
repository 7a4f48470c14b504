import type {CloudFormationClient, Stack} from '@aws-sdk/client-cloudformation'

import {STACK_CONCERNS, stackName} from '../catalog/naming.js'
import type {DriftWait, StatusContext} from './context.js'
import {bad, describeError, ok, outcomeOf, plural, unread} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

export const DRIFT_POLL_MS = 5000
export const DRIFT_MAX_POLLS = 36

const STABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE'])

/** A stack CloudFormation left failed or rolled back: the deployment did not go through. */
export function isFailedOrRolledBack(status: string): boolean {
  return status.endsWith('_FAILED') || status.includes('ROLLBACK')
}

/**
 * Task 6: every platform stack is deployed, none failed or rolled back, and none drifted from its
 * template (CloudFormation drift detection, waited for with a bound).
 */
export async function checkDeployment(ctx: StatusContext): Promise<CheckOutcome> {
  const deploy = `omnix deploy -e ${ctx.env}`
  const client = await ctx.clients.cloudFormation()
  // Stacks are judged concurrently (drift detection takes a while) and reported in deployment order.
  const parts = await Promise.all(
    STACK_CONCERNS.map(async (concern): Promise<EvidencePart> => {
      const name = stackName(ctx.env, concern)
      const stack = await ctx.stack(concern)
      const status = stack?.StackStatus
      if (!stack || !status) return bad(`${name} is not deployed`, deploy)
      if (isFailedOrRolledBack(status)) return bad(`${name} is ${status}${stack.StackStatusReason ? ` (${stack.StackStatusReason})` : ''}`, deploy)
      if (!STABLE.has(status)) return unread(`${name} is ${status}: check again when it settles`)
      return driftOf(client, stack, ctx)
    }),
  )
  return outcomeOf(parts)
}

async function driftOf(client: CloudFormationClient, stack: Stack, ctx: StatusContext): Promise<EvidencePart> {
  const name = stack.StackName ?? '?'
  const wait: DriftWait = ctx.options.drift ?? {}
  const pollMs = wait.pollMs ?? DRIFT_POLL_MS
  const maxPolls = wait.maxPolls ?? DRIFT_MAX_POLLS
  const sleep = wait.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const {DetectStackDriftCommand, DescribeStackDriftDetectionStatusCommand} = await import('@aws-sdk/client-cloudformation')
  try {
    const {StackDriftDetectionId: id} = await client.send(new DetectStackDriftCommand({StackName: name}))
    for (let poll = 0; poll < maxPolls; poll++) {
      const result = await client.send(new DescribeStackDriftDetectionStatusCommand({StackDriftDetectionId: id}))
      if (result.DetectionStatus === 'DETECTION_IN_PROGRESS') {
        await sleep(pollMs)
        continue
      }
      if (result.DetectionStatus === 'DETECTION_FAILED') {
        return unread(`${name} is ${stack.StackStatus}; drift detection failed: ${result.DetectionStatusReason ?? 'no reason given'}`)
      }
      if (result.StackDriftStatus === 'IN_SYNC') return ok(`${name} is ${stack.StackStatus}, in sync with its template`)
      if (result.StackDriftStatus === 'DRIFTED') {
        const drifted = await driftedResources(client, name)
        return bad(
          `${name} is ${stack.StackStatus} but drifted: ${plural(result.DriftedStackResourceCount ?? drifted.length, 'resource')} changed outside CloudFormation${drifted.length > 0 ? ` (${drifted.join(', ')})` : ''}`,
          `omnix diff -e ${ctx.env}, then omnix deploy -e ${ctx.env}`,
        )
      }
      return unread(`${name} is ${stack.StackStatus}; drift status ${result.StackDriftStatus ?? 'unknown'}`)
    }
    return unread(`${name} is ${stack.StackStatus}; drift detection did not finish within ${Math.round((maxPolls * pollMs) / 1000)} s`)
  } catch (error) {
    return unread(`${name} is ${stack.StackStatus}; drift could not be detected (${describeError(error)})`)
  }
}

async function driftedResources(client: CloudFormationClient, name: string): Promise<string[]> {
  const {DescribeStackResourceDriftsCommand} = await import('@aws-sdk/client-cloudformation')
  try {
    const out = await client.send(new DescribeStackResourceDriftsCommand({StackName: name, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED']}))
    return (out.StackResourceDrifts ?? []).map((d) => `${d.LogicalResourceId} ${d.StackResourceDriftStatus}`)
  } catch {
    // The count from the detection status already says it drifted; the names are a courtesy.
    return []
  }
}
