import type {LambdaClient} from '@aws-sdk/client-lambda'

import {classify} from '../detect.js'
import type {AuditFinding, ProgressCallback} from '../findings.js'
import {maskValue} from '../mask.js'

/** Environment variables of every Lambda function (ListFunctions, then GetFunctionConfiguration each). */
export async function auditLambdaFunctions(options: {
  client: LambdaClient
  include?: (name: string) => boolean
  concurrency?: number
  onProgress?: ProgressCallback
}): Promise<{findings: AuditFinding[]; scanned: number}> {
  const {GetFunctionConfigurationCommand, paginateListFunctions} = await import('@aws-sdk/client-lambda')
  const {default: pLimit} = await import('p-limit')
  const names: string[] = []
  for await (const page of paginateListFunctions({client: options.client}, {})) {
    for (const fn of page.Functions ?? []) if (fn.FunctionName && (options.include?.(fn.FunctionName) ?? true)) names.push(fn.FunctionName)
  }
  const limit = pLimit(options.concurrency ?? 4)
  let done = 0
  const perFunction = await Promise.all(
    names.map((functionName) =>
      limit(async () => {
        const config = await options.client.send(new GetFunctionConfigurationCommand({FunctionName: functionName}))
        options.onProgress?.({source: 'lambda', done: ++done, total: names.length})
        const findings: AuditFinding[] = []
        for (const [variable, value] of Object.entries(config.Environment?.Variables ?? {})) {
          const hit = classify(variable, value)
          if (!hit) continue
          findings.push({
            source: 'lambda',
            location: `${functionName}:${variable}`,
            rule: hit.rule,
            name: variable,
            maskedValue: maskValue(hit.value),
            fixable: true,
            lambda: {functionName, variable},
          })
        }
        return findings
      }),
    ),
  )
  return {findings: perFunction.flat(), scanned: names.length}
}
