import type {SSMClient} from '@aws-sdk/client-ssm'

import {tableParameterName} from '../catalog/parameters.js'
import {TABLES, tableName} from '../catalog/tables.js'
import type {CutoverParameter} from './report.js'

/** The SSM parameter a service reads for a table's name (declared in the catalog's parameter list). */
export {tableParameterName}

/** Every catalog table's parameter and the name it should hold. */
export function cutoverParameters(env: string): {name: string; value: string}[] {
  return TABLES.map((t) => ({name: tableParameterName(env, t.id), value: tableName(env, t.id)}))
}

/**
 * Points the services at the catalog tables: writes each table name into its SSM parameter,
 * leaving parameters that already hold the right name untouched (re-running changes nothing).
 */
export async function writeCutoverParameters(ssm: SSMClient, env: string, options: {dryRun?: boolean} = {}): Promise<CutoverParameter[]> {
  const {GetParametersCommand, PutParameterCommand} = await import('@aws-sdk/client-ssm')
  const wanted = cutoverParameters(env)
  const current = new Map<string, string>()
  for (let i = 0; i < wanted.length; i += 10) {
    const {Parameters} = await ssm.send(new GetParametersCommand({Names: wanted.slice(i, i + 10).map((p) => p.name)}))
    for (const p of Parameters ?? []) if (p.Name && p.Value !== undefined) current.set(p.Name, p.Value)
  }
  const result: CutoverParameter[] = []
  for (const {name, value} of wanted) {
    const previous = current.get(name)
    const changed = previous !== value
    if (changed && !options.dryRun) {
      await ssm.send(
        new PutParameterCommand({Name: name, Value: value, Type: 'String', Overwrite: true, Description: 'DynamoDB table name (written by omnix migrate-tables)'}),
      )
    }
    result.push({name, value, ...(previous === undefined ? {} : {previous}), changed})
  }
  return result
}
