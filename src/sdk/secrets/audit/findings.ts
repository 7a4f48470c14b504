import type {AuditRule} from './detect.js'

/** Where the audit looks. */
export const AUDIT_SOURCES = ['lambda', 'cloudformation', 'ssm', 'templates', 'files'] as const
export type AuditSourceName = (typeof AUDIT_SOURCES)[number]

/** One secret in the open. The value itself is never kept, only its mask. */
export interface AuditFinding {
  readonly source: AuditSourceName
  /**
   * Where: `function:VARIABLE` (lambda), `stack#Resources.Id.Path` (cloudformation),
   * `file.template.json#Resources.Id.Path` (templates), the parameter name (ssm), `path:line` (files).
   */
  readonly location: string
  readonly rule: AuditRule
  /** The variable, key or parameter the value was assigned to, when known. */
  readonly name?: string
  /** First two characters and the length, e.g. `om…(37 chars)`. */
  readonly maskedValue: string
  /** `secrets audit --fix` can move it into Secrets Manager (Lambda environment variables). */
  readonly fixable: boolean
  /** For Lambda findings: the function and variable, as `--fix` needs them. */
  readonly lambda?: {readonly functionName: string; readonly variable: string}
}

/** Progress of one source: `done` of `total` items (functions, stacks, parameters, files). */
export interface AuditProgress {
  readonly source: AuditSourceName
  readonly done: number
  readonly total?: number
}

export type ProgressCallback = (progress: AuditProgress) => void
