import type {LambdaClient} from '@aws-sdk/client-lambda'
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {secretRotationFunctionName} from '../catalog/naming.js'
import {NotFoundError, UsageError} from '../errors.js'

/** Secrets Manager accepts 1 to 1000 days between rotations. */
export const MAX_ROTATION_DAYS = 1000

export function validateRotationDays(days: number, flag = '--schedule'): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_ROTATION_DAYS) {
    throw new UsageError(`${flag}: "${days}" is not a whole number of days from 1 to ${MAX_ROTATION_DAYS}`, {suggestion: `pass e.g. ${flag} 30`})
  }
  return days
}

/**
 * The ARN of the rotation Lambda: the function the security stack deploys as
 * `omnix-ai-{env}-secret-rotation`, or the name/ARN given instead.
 */
export async function findRotationFunctionArn(options: {client: LambdaClient; env: string; functionName?: string}): Promise<string> {
  const {GetFunctionConfigurationCommand} = await import('@aws-sdk/client-lambda')
  const name = options.functionName ?? secretRotationFunctionName(options.env)
  try {
    const out = await options.client.send(new GetFunctionConfigurationCommand({FunctionName: name}))
    if (!out.FunctionArn) throw new NotFoundError(`Lambda ${name} has no ARN`)
    return out.FunctionArn
  } catch (error) {
    if ((error as {name?: string}).name === 'ResourceNotFoundException') {
      throw new NotFoundError(`rotation Lambda ${name} not found`, 'deploy the security stack, or name the function with --rotation-lambda')
    }
    throw error
  }
}

export interface ScheduleResult {
  readonly secretId: string
  readonly rotationLambdaArn: string
  readonly automaticallyAfterDays: number
}

/**
 * Turns on automatic rotation (RotateSecret). RotateImmediately is false: the schedule starts
 * without rotating now, and Secrets Manager checks the function by running its test step.
 */
export async function scheduleRotation(options: {
  client: SecretsManagerClient
  secretId: string
  rotationLambdaArn: string
  days: number
}): Promise<ScheduleResult> {
  const {RotateSecretCommand} = await import('@aws-sdk/client-secrets-manager')
  const days = validateRotationDays(options.days)
  await options.client.send(
    new RotateSecretCommand({
      SecretId: options.secretId,
      RotationLambdaARN: options.rotationLambdaArn,
      RotationRules: {AutomaticallyAfterDays: days},
      RotateImmediately: false,
    }),
  )
  return {secretId: options.secretId, rotationLambdaArn: options.rotationLambdaArn, automaticallyAfterDays: days}
}
