import {type PlatformAppBuilder, type PlatformTarget, synthesizePlatform} from './assembly.js'
import {isBlocking, TemplateValidationError, type TemplateViolation} from './errors.js'
import type {ToolkitIo} from './io-host.js'

export interface ValidatePlatformOptions extends PlatformTarget {
  readonly io?: ToolkitIo
  /** Test seam: validate this app instead of the platform's. */
  readonly buildApp?: PlatformAppBuilder
  /** Also run the cdk-nag AwsSolutions pack (default true). */
  readonly nag?: boolean
}

export interface ValidatePlatformResult {
  readonly env: string
  readonly region: string
  /** No error-level violation. Warnings do not fail validation. */
  readonly valid: boolean
  readonly errors: number
  readonly warnings: number
  readonly violations: readonly TemplateViolation[]
}

/** Rule ids of the cdk-nag AwsSolutions pack start with this. */
export const NAG_RULE_PREFIX = 'AwsSolutions-'

export function isNagViolation(violation: TemplateViolation): boolean {
  return violation.rule.startsWith(NAG_RULE_PREFIX)
}

/**
 * Synthesizes with CloudFormation's template validation on (the slow WASM validator that synth, diff
 * and deploy skip) and the cdk-nag AwsSolutions pack (minus the suppressions in
 * stacks/nag-suppressions.ts), and reports every violation instead of failing on the first.
 */
export async function validatePlatform(options: ValidatePlatformOptions): Promise<ValidatePlatformResult> {
  return collect(options, {validation: true, nag: options.nag ?? true})
}

/**
 * The cdk-nag AwsSolutions findings of the platform's templates alone: a synth without
 * CloudFormation's validator, so seconds rather than the validator's load time.
 */
export async function nagPlatform(options: Omit<ValidatePlatformOptions, 'nag'>): Promise<ValidatePlatformResult> {
  const result = await collect(options, {validation: false, nag: true})
  const violations = result.violations.filter((v) => isNagViolation(v))
  const errors = violations.filter((v) => isBlocking(v.severity)).length
  return {...result, valid: errors === 0, errors, warnings: violations.length - errors, violations}
}

async function collect(options: ValidatePlatformOptions, checks: {validation: boolean; nag: boolean}): Promise<ValidatePlatformResult> {
  let violations: readonly TemplateViolation[]
  try {
    violations = (await synthesizePlatform({...options, ...checks})).warnings
  } catch (error) {
    if (!(error instanceof TemplateValidationError)) throw error
    violations = error.violations
  }
  const errors = violations.filter((v) => isBlocking(v.severity)).length
  return {
    env: options.config.env,
    region: options.config.region,
    valid: errors === 0,
    errors,
    warnings: violations.length - errors,
    violations,
  }
}
