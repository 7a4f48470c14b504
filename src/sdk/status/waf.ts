import {resourceName} from '../catalog/naming.js'
import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf} from './outcome.js'
import type {CheckOutcome} from './types.js'

/** ARN of a REST API stage, as WAF associations name it. */
export function restStageArn(region: string, apiId: string, stage: string): string {
  return `arn:aws:apigateway:${region}::/restapis/${apiId}/stages/${stage}`
}

/** Task 8: a web ACL with a rate-based rule is associated with the REST API's env stage. */
export async function checkWaf(ctx: StatusContext): Promise<CheckOutcome> {
  const deploy = `omnix deploy -e ${ctx.env} --stacks api`
  const name = resourceName(ctx.env, 'api')
  const api = (await ctx.gateways()).restApis.find((a) => a.name === name && a.stages.includes(ctx.env))
  if (!api) return outcomeOf([bad(`no REST API ${name} with stage ${ctx.env} to protect`, deploy)])
  const arn = restStageArn(ctx.region, api.id, ctx.env)
  const {GetWebACLForResourceCommand} = await import('@aws-sdk/client-wafv2')
  const client = await ctx.clients.wafv2()
  let acl
  try {
    acl = (await client.send(new GetWebACLForResourceCommand({ResourceArn: arn}))).WebACL
  } catch (error) {
    if ((error as Error).name !== 'WAFNonexistentItemException') throw error
  }
  if (!acl) return outcomeOf([bad(`no web ACL is associated with ${arn}`, deploy)])
  const rules = acl.Rules ?? []
  const rate = rules.find((r) => r.Statement?.RateBasedStatement)
  const describe = (r: (typeof rules)[number]) => {
    const limit = r.Statement?.RateBasedStatement
    if (limit) return `${r.Name} (${limit.Limit} requests per ${limit.EvaluationWindowSec ?? 300} s per ${limit.AggregateKeyType ?? 'IP'})`
    const group = r.Statement?.ManagedRuleGroupStatement
    return group ? `${r.Name} (${group.VendorName}/${group.Name})` : (r.Name ?? '?')
  }
  return outcomeOf([
    ok(`web ACL ${acl.Name} is associated with REST API ${api.id} stage ${ctx.env}`),
    rules.length > 0 ? ok(`rules: ${rules.map((r) => describe(r)).join(', ')}`) : bad(`web ACL ${acl.Name} has no rules`, deploy),
    ...(rate ? [] : [bad(`web ACL ${acl.Name} has no rate-based rule`, deploy)]),
  ])
}
