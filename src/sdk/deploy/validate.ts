import {type PlatformAppBuilder, type PlatformTarget, synthesizePlatform} from './assembly.js'
import {isBlocking, TemplateValidationError, type TemplateViolation} from './errors.js'
import type {ToolkitIo} from './io-host.js'

export interface ValidatePlatformOptions extends PlatformTarget {
  readonly io?: ToolkitIo
  /** Test seam: validate this app instead of the platform's. */
  readonly buildApp?: PlatformAppBuilder
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

/**
 * Synthesizes with CloudFormation's template validation on (the slow WASM validator that synth, diff
 * and deploy skip) and reports every violation instead of failing on the first.
 */
export async function validatePlatform(options: ValidatePlatformOptions): Promise<ValidatePlatformResult> {
  let violations: readonly TemplateViolation[]
  try {
    violations = (await synthesizePlatform({...options, validation: true})).warnings
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
