/**
 * The scorecard `omnix status` prints: one row per task of the remediation plan, judged from
 * evidence read live. The `--json` output is exactly {@link Scorecard}.
 */

/** `n/a`: omnix cannot judge the task from the environment (never a pass in disguise). */
export type TaskStatus = 'pass' | 'fail' | 'unknown' | 'n/a'

export interface TaskResult {
  /** 1 to 15, the plan's task number. */
  readonly id: number
  readonly title: string
  readonly status: TaskStatus
  /** What was read and what it showed, one fact a line; for `unknown`, why it could not be read. */
  readonly evidence: readonly string[]
  /** The omnix command (or step) that moves the task forward, when it does not pass. */
  readonly next?: string
}

export interface Scorecard {
  readonly env: string
  readonly region: string
  readonly tasks: readonly TaskResult[]
  readonly summary: {readonly pass: number; readonly fail: number; readonly unknown: number; readonly na: number}
  /** Every task checked passes or is n/a: what the exit code says. */
  readonly ok: boolean
}

/** One part of a task's evidence: `ok` false fails the task, undefined leaves it unknown. */
export interface EvidencePart {
  readonly ok: boolean | undefined
  readonly text: string
  /** The step that fixes this part, when it is not ok. */
  readonly next?: string
}

/** What a task check returns; the runner adds the id and title. */
export interface CheckOutcome {
  readonly status: TaskStatus
  readonly evidence: readonly string[]
  readonly next?: string
}
