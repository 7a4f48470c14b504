import type {SSMClient} from '@aws-sdk/client-ssm'

import {classify} from '../detect.js'
import type {AuditFinding, ProgressCallback} from '../findings.js'
import {maskValue} from '../mask.js'

/** GetParameters takes at most this many names. */
const GET_PARAMETERS_BATCH = 10

/**
 * Plain String and StringList parameters (DescribeParameters filtered by type, then GetParameters):
 * a secret belongs in a SecureString parameter or Secrets Manager, so SecureStrings are not read.
 */
export async function auditParameters(options: {
  client: SSMClient
  include?: (name: string) => boolean
  onProgress?: ProgressCallback
}): Promise<{findings: AuditFinding[]; scanned: number}> {
  const {GetParametersCommand, paginateDescribeParameters} = await import('@aws-sdk/client-ssm')
  const names: string[] = []
  const filters = [{Key: 'Type', Option: 'Equals', Values: ['String', 'StringList']}]
  for await (const page of paginateDescribeParameters({client: options.client}, {ParameterFilters: filters})) {
    for (const p of page.Parameters ?? []) if (p.Name && (options.include?.(p.Name) ?? true)) names.push(p.Name)
  }
  const findings: AuditFinding[] = []
  for (let i = 0; i < names.length; i += GET_PARAMETERS_BATCH) {
    const out = await options.client.send(new GetParametersCommand({Names: names.slice(i, i + GET_PARAMETERS_BATCH), WithDecryption: false}))
    for (const p of out.Parameters ?? []) {
      if (!p.Name || p.Value === undefined || p.Type === 'SecureString') continue
      const hit = classify(p.Name, p.Value)
      if (hit) findings.push({source: 'ssm', location: p.Name, rule: hit.rule, name: p.Name, maskedValue: maskValue(hit.value), fixable: false})
    }
    options.onProgress?.({source: 'ssm', done: Math.min(i + GET_PARAMETERS_BATCH, names.length), total: names.length})
  }
  return {findings, scanned: names.length}
}
