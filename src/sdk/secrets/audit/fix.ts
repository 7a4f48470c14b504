import type {LambdaClient} from '@aws-sdk/client-lambda'
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {secretName} from '../../catalog/naming.js'
import {isSecretArn} from '../references.js'
import {AWSCURRENT} from '../stages.js'
import type {AuditFinding} from './findings.js'

export interface LambdaFixItem {
  readonly functionName: string
  readonly variable: string
  /** The secret the value moves to: `omnix-ai/{env}/lambda/{function}/{VARIABLE}`. */
  readonly secretName: string
}

export interface LambdaFixResult extends LambdaFixItem {
  readonly action: 'moved' | 'already-moved' | 'would-move' | 'skipped'
  readonly secretArn: string | null
  readonly reason?: string
}

export function movedSecretName(env: string, functionName: string, variable: string): string {
  return secretName(env, `lambda/${functionName}/${variable}`)
}

/** The Lambda variables among the findings, once each. */
export function planLambdaFixes(findings: readonly AuditFinding[], env: string): LambdaFixItem[] {
  const seen = new Set<string>()
  const plan: LambdaFixItem[] = []
  for (const f of findings) {
    if (!f.lambda) continue
    const key = `${f.lambda.functionName}\u0000${f.lambda.variable}`
    if (seen.has(key)) continue
    seen.add(key)
    plan.push({...f.lambda, secretName: movedSecretName(env, f.lambda.functionName, f.lambda.variable)})
  }
  return plan
}

/**
 * Moves each planned variable's value into Secrets Manager (CreateSecret, or PutSecretValue when
 * the secret exists with another value) and sets the variable to the secret's ARN with one
 * UpdateFunctionConfiguration per function, guarded by the RevisionId read. Values are read
 * from the function at fix time, never carried over from the audit. Re-running is safe: a
 * variable already holding a secret ARN is left alone.
 */
export async function applyLambdaFixes(options: {
  lambda: LambdaClient
  secrets: SecretsManagerClient
  plan: readonly LambdaFixItem[]
  kmsKeyId?: string
  dryRun?: boolean
  onProgress?: (done: number, total: number) => void
}): Promise<LambdaFixResult[]> {
  const {GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand} = await import('@aws-sdk/client-lambda')
  const byFunction = new Map<string, LambdaFixItem[]>()
  for (const item of options.plan) byFunction.set(item.functionName, [...(byFunction.get(item.functionName) ?? []), item])
  const results: LambdaFixResult[] = []
  let done = 0
  for (const [functionName, items] of byFunction) {
    const config = await options.lambda.send(new GetFunctionConfigurationCommand({FunctionName: functionName}))
    const variables = {...config.Environment?.Variables}
    const updates: Record<string, string> = {}
    for (const item of items) {
      const value = variables[item.variable]
      if (value === undefined) results.push({...item, action: 'skipped', secretArn: null, reason: 'the variable is no longer set'})
      else if (isSecretArn(value)) results.push({...item, action: 'already-moved', secretArn: value})
      else if (options.dryRun) results.push({...item, action: 'would-move', secretArn: null})
      else {
        const arn = await storeValue(options.secrets, item, value, options.kmsKeyId)
        updates[item.variable] = arn
        results.push({...item, action: 'moved', secretArn: arn})
      }
      options.onProgress?.(++done, options.plan.length)
    }
    if (Object.keys(updates).length > 0) {
      await options.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: functionName,
          Environment: {Variables: {...variables, ...updates}},
          RevisionId: config.RevisionId,
        }),
      )
    }
  }
  return results
}

async function storeValue(client: SecretsManagerClient, item: LambdaFixItem, value: string, kmsKeyId?: string): Promise<string> {
  const {CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand} = await import('@aws-sdk/client-secrets-manager')
  try {
    const created = await client.send(
      new CreateSecretCommand({
        Name: item.secretName,
        SecretString: value,
        Description: `Moved out of the ${item.variable} environment variable of Lambda ${item.functionName}`,
        ...(kmsKeyId ? {KmsKeyId: kmsKeyId} : {}),
        Tags: [{Key: 'omnix:moved-from', Value: `lambda:${item.functionName}:${item.variable}`}],
      }),
    )
    return created.ARN!
  } catch (error) {
    if ((error as {name?: string}).name !== 'ResourceExistsException') throw error
  }
  const current = await client.send(new GetSecretValueCommand({SecretId: item.secretName, VersionStage: AWSCURRENT}))
  if (current.SecretString !== value) {
    await client.send(new PutSecretValueCommand({SecretId: item.secretName, SecretString: value, VersionStages: [AWSCURRENT]}))
  }
  return current.ARN!
}
