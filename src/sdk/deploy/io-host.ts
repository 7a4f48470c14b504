import type {IIoHost, IoMessage, IoMessageLevel, IoRequest, StackActivity} from '@aws-cdk/toolkit-lib'

import {OmnixError} from '../errors.js'
import {type StackActivityEvent, toActivityEvent} from './activity.js'
import {approvalNeeded, DEFAULT_REQUIRE_APPROVAL, type PermissionChange, type RequireApproval} from './approval.js'
import {CredentialsError} from './errors.js'

export type LogLevel = Exclude<IoMessageLevel, 'result'>

export interface ToolkitLogLine {
  readonly level: LogLevel
  readonly message: string
  /** The toolkit's message code (e.g. CDK_TOOLKIT_I5100), when it has one. */
  readonly code?: string
}

/** A question the toolkit asks before it changes something. */
export interface ApprovalRequest {
  /** `deploy`: execute a change set; `rollback`: roll a stuck stack back before deploying. */
  readonly kind: 'deploy' | 'rollback'
  readonly stack?: string
  readonly permissionChange?: PermissionChange
  readonly motivation: string
  /** The toolkit's full text: the stack's diff followed by its question. */
  readonly message: string
}

/**
 * Where the toolkit's output goes. Nothing is printed by the SDK: a front end passes sinks and decides
 * what reaches stdout (results) and stderr (everything else).
 */
export interface ToolkitIo {
  /** Result text (a diff, a synthesized template notice, "stack deployed"). */
  readonly onResult?: (text: string) => void
  /** Log lines at or above `logLevel`. Results go here too (as info) when `onResult` is not given. */
  readonly onLog?: (line: ToolkitLogLine) => void
  /** Each CloudFormation stack event during deploy and destroy. */
  readonly onActivity?: (event: StackActivityEvent) => void
  /**
   * Asked when a deployment needs approval under `requireApproval` (and for rollbacks of stuck stacks).
   * Resolving false cancels that stack's deployment; a thrown error cancels it and is rethrown.
   * Without it, anything that needs approval is refused.
   */
  readonly confirm?: (request: ApprovalRequest) => Promise<boolean>
  readonly requireApproval?: RequireApproval
  /** Lowest level passed to `onLog`. Default `info`. */
  readonly logLevel?: LogLevel
}

export interface SessionOptions {
  /** Message codes whose payloads the operation wants to read afterwards. */
  readonly capture?: readonly string[]
  /** The caller already confirmed the destroy it is about to run (answers the toolkit's I7010). */
  readonly destroyConfirmed?: boolean
}

export interface CapturedMessage {
  readonly code: string
  readonly message: string
  readonly data: unknown
}

const LEVEL_RANK: Record<IoMessageLevel, number> = {error: 5, result: 4, warn: 3, info: 2, debug: 1, trace: 0}

const STACK_ACTIVITY = 'CDK_TOOLKIT_I5502'
const DEPLOY_APPROVAL = 'CDK_TOOLKIT_I5060'
const ROLLBACK_APPROVAL = 'CDK_TOOLKIT_I5050'
const DESTROY_APPROVAL = 'CDK_TOOLKIT_I7010'
const MFA_TOKEN = 'CDK_SDK_I1100'

/** The state of one SDK operation (a deploy, a diff) while the shared toolkit works for it. */
export class HostSession {
  readonly events: StackActivityEvent[] = []
  readonly captured: CapturedMessage[] = []
  /** The first error a callback threw; the operation rethrows it instead of the toolkit's abort. */
  callbackError?: unknown

  constructor(
    readonly io: ToolkitIo,
    readonly options: SessionOptions = {},
  ) {}

  capturedData<T>(code: string): T[] {
    return this.captured.filter((m) => m.code === code).map((m) => m.data as T)
  }
}

/**
 * The omnix IoHost, modelled on the cdk CLI's: stack activity goes to its own sink, results and logs
 * are separated, and every request the toolkit makes is answered deliberately. Deploy approval is
 * decided from `requireApproval` and the change's permission classification; the request's
 * `defaultResponse` (which would approve everything, destroys included) is never used.
 */
export class OmnixIoHost implements IIoHost {
  private readonly sessions: HostSession[] = []

  /** Runs `fn` with `session` receiving the toolkit's messages; sessions nest (the innermost wins). */
  async run<T>(session: HostSession, fn: () => Promise<T>): Promise<T> {
    this.sessions.push(session)
    try {
      return await fn()
    } finally {
      const index = this.sessions.lastIndexOf(session)
      if (index !== -1) this.sessions.splice(index, 1)
    }
  }

  private get current(): HostSession | undefined {
    return this.sessions.at(-1)
  }

  async notify(msg: IoMessage<unknown>): Promise<void> {
    const session = this.current
    if (!session) return
    const {io, options} = session
    if (msg.code && options.capture?.includes(msg.code)) {
      session.captured.push({code: msg.code, message: msg.message, data: msg.data})
    }
    if (msg.code === STACK_ACTIVITY) {
      const event = toActivityEvent(msg.data as StackActivity)
      session.events.push(event)
      io.onActivity?.(event)
      return
    }
    if (msg.level === 'result') {
      if (io.onResult) io.onResult(msg.message)
      else this.log(io, {level: 'info', message: msg.message, code: msg.code})
      return
    }
    this.log(io, {level: msg.level, message: msg.message, code: msg.code})
  }

  async requestResponse<T>(msg: IoRequest<unknown, T>): Promise<T> {
    const session = this.current
    const answer = await this.answer(session, msg as IoRequest<unknown, unknown>)
    return answer as T
  }

  private log(io: ToolkitIo, line: ToolkitLogLine): void {
    if (!io.onLog) return
    if (LEVEL_RANK[line.level] < LEVEL_RANK[io.logLevel ?? 'info']) return
    io.onLog(line.code ? line : {level: line.level, message: line.message})
  }

  private async answer(session: HostSession | undefined, msg: IoRequest<unknown, unknown>): Promise<unknown> {
    switch (msg.code) {
      case DEPLOY_APPROVAL:
        return this.approveDeploy(session, msg)
      case ROLLBACK_APPROVAL:
        return this.ask(session, {
          kind: 'rollback',
          motivation: motivationOf(msg),
          message: msg.message,
        })
      case DESTROY_APPROVAL:
        // Destroys are confirmed by the caller before the toolkit starts, with the stack list in hand.
        return session?.options.destroyConfirmed === true
      case MFA_TOKEN:
        throw new CredentialsError(`the AWS profile needs an MFA token (${msg.message}), which omnix does not prompt for`, {
          suggestion: 'use a profile with cached session credentials (e.g. aws sso login, or aws-vault exec … -- omnix …)',
        })
      default:
        if (typeof msg.defaultResponse === 'boolean') {
          // Anything omnix does not know how to judge is refused, never approved by default.
          if (session) this.log(session.io, {level: 'warn', message: `refused an unexpected toolkit request: ${msg.message}`, code: msg.code})
          return false
        }
        throw new OmnixError(`the CDK toolkit asked for input omnix cannot provide: ${msg.message}`, {code: 'TOOLKIT_REQUEST'})
    }
  }

  private async approveDeploy(session: HostSession | undefined, msg: IoRequest<unknown, unknown>): Promise<boolean> {
    const data = (msg.data ?? {}) as {permissionChangeType?: string; motivation?: string; templateDiffs?: Record<string, unknown>}
    const policy = session?.io.requireApproval ?? DEFAULT_REQUIRE_APPROVAL
    const change = (data.permissionChangeType ?? 'broadening') as PermissionChange
    const stack = Object.keys(data.templateDiffs ?? {})[0]
    if (!approvalNeeded(policy, change)) {
      if (session) {
        this.log(session.io, {level: 'debug', message: `${stack ?? 'stack'}: deploying without asking (permission change: ${change}, --require-approval ${policy})`})
      }
      return true
    }
    return this.ask(session, {kind: 'deploy', stack, permissionChange: change, motivation: data.motivation ?? 'Stack includes changes', message: msg.message})
  }

  private async ask(session: HostSession | undefined, request: ApprovalRequest): Promise<boolean> {
    if (!session?.io.confirm) return false
    try {
      return (await session.io.confirm(request)) === true
    } catch (error) {
      // Answering "no" lets the toolkit clean up (delete the prepared change set) before it aborts.
      session.callbackError ??= error
      return false
    }
  }
}

function motivationOf(msg: IoRequest<unknown, unknown>): string {
  const data = msg.data as {motivation?: string} | undefined
  return data?.motivation ?? msg.message
}
