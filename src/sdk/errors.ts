/**
 * Typed errors thrown by the SDK. `exitCode` follows the CLI convention (1 failure, 2 usage) so
 * a front end can map any SDK error without knowing its class.
 */
export class OmnixError extends Error {
  readonly code: string
  readonly exitCode: number
  /** What the user can do about it. */
  readonly suggestion?: string

  constructor(message: string, options: {code?: string; exitCode?: number; suggestion?: string; cause?: unknown} = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    this.code = options.code ?? 'OMNIX_ERROR'
    this.exitCode = options.exitCode ?? 1
    this.suggestion = options.suggestion
  }
}

/** Bad input: a flag, a config key, a mapping entry. Exit code 2. */
export class UsageError extends OmnixError {
  constructor(message: string, options: {code?: string; suggestion?: string; cause?: unknown} = {}) {
    super(message, {code: 'USAGE', ...options, exitCode: 2})
  }
}

/** `omnix.config.json` is invalid: names the key. */
export class ConfigError extends UsageError {
  readonly key?: string
  constructor(message: string, options: {key?: string; suggestion?: string} = {}) {
    super(message, {code: 'CONFIG', suggestion: options.suggestion})
    this.key = options.key
  }
}

/** A destructive action needs an explicit confirmation that was not given. */
export class ConfirmationRequiredError extends OmnixError {
  constructor(message: string, suggestion?: string) {
    super(message, {code: 'CONFIRMATION_REQUIRED', exitCode: 1, suggestion})
  }
}

export class NotFoundError extends OmnixError {
  constructor(message: string, suggestion?: string) {
    super(message, {code: 'NOT_FOUND', suggestion})
  }
}
