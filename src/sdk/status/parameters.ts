import {PARAMETERS, parameterName} from '../catalog/naming.js'
import {isSensitiveParameter} from '../catalog/parameters.js'
import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

/** Task 9: the catalog's SSM parameters exist for the env, the sensitive ones as SecureString. */
export async function checkParameters(ctx: StatusContext): Promise<CheckOutcome> {
  const {DescribeParametersCommand} = await import('@aws-sdk/client-ssm')
  const client = await ctx.clients.ssm()
  const names = PARAMETERS.map((p) => parameterName(ctx.env, p))
  // Metadata only: DescribeParameters never returns a value.
  const types = new Map<string, string>()
  let NextToken: string | undefined
  do {
    const page = await client.send(new DescribeParametersCommand({ParameterFilters: [{Key: 'Name', Option: 'Equals', Values: names}], NextToken}))
    for (const p of page.Parameters ?? []) if (p.Name) types.set(p.Name, p.Type ?? 'String')
    NextToken = page.NextToken
  } while (NextToken)
  const deploy = `omnix deploy -e ${ctx.env} --stacks security`
  const parts: EvidencePart[] = PARAMETERS.map((path) => {
    const name = parameterName(ctx.env, path)
    const type = types.get(name)
    if (!type) return bad(`${name} does not exist`, deploy)
    if (isSensitiveParameter(path) && type !== 'SecureString') return bad(`${name} is sensitive but a ${type}, not a SecureString`, deploy)
    return ok(`${name} (${type}${isSensitiveParameter(path) ? ', sensitive' : ''})`)
  })
  return outcomeOf(parts)
}
