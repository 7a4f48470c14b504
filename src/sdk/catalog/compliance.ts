import type {EnvName} from './environments.js'
import {resourceName} from './naming.js'

/**
 * The AWS Config managed rules remediation task 15 names, with the identifier AWS Config knows
 * each one by. The plan's `s3-bucket-public-access-prohibited` is AWS's
 * `s3-bucket-level-public-access-prohibited`.
 */
export const COMPLIANCE_RULES = [
  {name: 'encrypted-volumes', identifier: 'ENCRYPTED_VOLUMES'},
  {name: 'iam-password-policy', identifier: 'IAM_PASSWORD_POLICY'},
  {name: 'mfa-enabled-for-root', identifier: 'ROOT_ACCOUNT_MFA_ENABLED'},
  {name: 's3-bucket-public-access-prohibited', identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'},
  {name: 'lambda-function-public-access-prohibited', identifier: 'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED'},
] as const

/** Name of a compliance rule the compliance stack deploys: `omnix-ai-{env}-{rule}`. */
export function complianceRuleName(env: EnvName | string, rule: (typeof COMPLIANCE_RULES)[number]['name']): string {
  return resourceName(env, rule)
}

/** The CloudTrail trail the compliance stack deploys. */
export function auditTrailName(env: EnvName | string): string {
  return resourceName(env, 'trail')
}

/** The AWS Config recorder the compliance stack deploys (AWS allows one per account and region). */
export function configRecorderName(env: EnvName | string): string {
  return resourceName(env, 'recorder')
}
