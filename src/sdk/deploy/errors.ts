import {OmnixError} from '../errors.js'
import type {ResourceFailure} from './activity.js'

/** AWS credentials are missing, expired or for the wrong account. */
export class CredentialsError extends OmnixError {
  constructor(message: string, options: {suggestion?: string; cause?: unknown} = {}) {
    super(message, {
      code: 'AWS_CREDENTIALS',
      suggestion:
        options.suggestion ??
        'set AWS_PROFILE (or pass --profile) to credentials for the target account; to preview changes without credentials run `omnix diff --offline`',
      cause: options.cause,
    })
  }
}

/** The target account/region has no CDK bootstrap stack (staging bucket, deploy roles). */
export class NotBootstrappedError extends OmnixError {
  constructor(message: string, environment?: string, cause?: unknown) {
    super(message, {
      code: 'NOT_BOOTSTRAPPED',
      suggestion: `bootstrap the environment once: npx cdk bootstrap ${environment ?? 'aws://ACCOUNT/REGION'}`,
      cause,
    })
  }
}

/** CloudFormation rejected or rolled back a deployment; `failures` name each failing resource and why. */
export class DeployFailedError extends OmnixError {
  readonly failures: readonly ResourceFailure[]
  /** Stacks deployed before the failure (they stay deployed). */
  readonly deployed: readonly string[]

  constructor(summary: string, failures: readonly ResourceFailure[], deployed: readonly string[], cause?: unknown) {
    const lines = failures.map((f) => `  ${f.stack} ${f.logicalId} (${f.type}) ${f.status}: ${f.reason}`)
    super([summary, ...lines].join('\n'), {
      code: 'DEPLOY_FAILED',
      suggestion: 'fix the resource named above and deploy again; CloudFormation rolled the stack back, so re-running is safe',
      cause,
    })
    this.failures = failures
    this.deployed = deployed
  }
}

/** Someone (or the absence of a terminal) declined a deployment that needed approval. Nothing was changed. */
export class DeployCancelledError extends OmnixError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'CANCELLED',
      suggestion: 'nothing was changed; run again and approve, or pass --require-approval never in trusted automation',
      cause,
    })
  }
}

export interface TemplateViolation {
  readonly rule: string
  readonly severity: string
  readonly description: string
  readonly fix?: string
  readonly resources: ReadonlyArray<{readonly path: string; readonly logicalId?: string; readonly template?: string}>
}

/** CloudFormation's template validation found errors. */
export class TemplateValidationError extends OmnixError {
  readonly violations: readonly TemplateViolation[]
  constructor(violations: readonly TemplateViolation[]) {
    const errors = violations.filter((v) => isBlocking(v.severity))
    const lines = errors.map((v) => `  ${v.rule}: ${v.description}${v.resources.length > 0 ? ` (${v.resources.map((r) => r.path).join(', ')})` : ''}`)
    super([`template validation found ${errors.length} error(s)`, ...lines].join('\n'), {
      code: 'TEMPLATE_INVALID',
      suggestion: 'fix the constructs named above; `omnix validate --json` lists every violation with its rule',
    })
    this.violations = violations
  }
}

export function isBlocking(severity: string): boolean {
  return severity === 'error' || severity === 'fatal'
}

interface ToolkitLikeError {
  name?: string
  message?: string
  type?: string
}

const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
])

/**
 * Turns a CDK toolkit (or AWS SDK) error into an omnix error whose message says what happened and whose
 * suggestion says what to do. `where` names the action and target, e.g. "deploy to dev in us-east-1".
 */
export function toOmnixError(error: unknown, where: string): Error {
  if (error instanceof OmnixError) return error
  if (!(error instanceof Error)) return new OmnixError(`${where} failed: ${String(error)}`)
  const e = error as Error & ToolkitLikeError
  const message = firstLines(e.message ?? String(error))
  if (e.type === 'authentication' || CREDENTIAL_ERROR_NAMES.has(e.name ?? '')) {
    return new CredentialsError(`${where}: no usable AWS credentials (${message})`, {cause: error})
  }
  if (e.type === 'bootstrap' || /bootstrap/i.test(e.name ?? '') || /has the environment been bootstrapped|cdk bootstrap/i.test(message)) {
    const environment = /aws:\/\/[\w-]+\/[\w-]+/.exec(e.message ?? '')?.[0]
    return new NotBootstrappedError(`${where}: the target environment is not bootstrapped for CDK deployments (${message})`, environment, error)
  }
  if (e.type === 'abort') {
    return new DeployCancelledError(`${where} cancelled: ${message}`, error)
  }
  if (e.type === 'lock') {
    return new OmnixError(`${where}: the cloud assembly directory is in use by another process (${message})`, {
      code: 'ASSEMBLY_LOCKED',
      suggestion: 'wait for the other omnix/cdk process to finish, or use a different --output directory',
      cause: error,
    })
  }
  if (e.type === 'assembly') {
    return new OmnixError(`${where}: synthesizing the CDK app failed: ${message}`, {code: 'SYNTH_FAILED', cause: error})
  }
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException') {
    return new OmnixError(`${where}: access denied (${message})`, {
      code: 'ACCESS_DENIED',
      suggestion: 'use credentials allowed to assume the CDK bootstrap roles (cdk-hnb659fds-*) of the target account',
      cause: error,
    })
  }
  return new OmnixError(`${where} failed: ${message}`, {code: 'TOOLKIT_ERROR', cause: error})
}

/** Toolkit messages can carry source traces after the first lines; users need the head. */
function firstLines(text: string, max = 4): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^\s*Source Location:|^\s{4,}\S/.test(l))
  return lines.slice(0, max).join('\n').trim()
}
