import type {StackActivity} from '@aws-cdk/toolkit-lib'

/** One CloudFormation stack event, as omnix reports deploy and destroy progress. */
export interface StackActivityEvent {
  readonly stack: string
  readonly resource: {
    readonly logicalId: string
    readonly type: string
    /** The CDK construct path, when the resource is in the synthesized app. */
    readonly path?: string
  }
  readonly status: string
  readonly reason?: string
  /** ISO 8601. */
  readonly timestamp: string
  /** Resources finished so far out of the stack's total, as the toolkit counts them. */
  readonly progress?: {readonly completed: number; readonly total?: number}
}

/** A resource that CloudFormation reported as failed, with its reason. */
export interface ResourceFailure {
  readonly stack: string
  readonly logicalId: string
  readonly type: string
  readonly status: string
  readonly reason: string
}

const ROOT_STACK_TYPE = 'AWS::CloudFormation::Stack'

export function toActivityEvent(activity: StackActivity): StackActivityEvent {
  const {event, metadata, progress} = activity
  const timestamp = event.Timestamp instanceof Date ? event.Timestamp : new Date(event.Timestamp ?? 0)
  return {
    stack: event.StackName ?? '',
    resource: {
      logicalId: event.LogicalResourceId ?? '',
      type: event.ResourceType ?? '',
      ...(metadata?.constructPath ? {path: metadata.constructPath} : {}),
    },
    status: event.ResourceStatus ?? 'UNKNOWN',
    ...(event.ResourceStatusReason ? {reason: event.ResourceStatusReason} : {}),
    timestamp: timestamp.toISOString(),
    ...(progress ? {progress: {completed: progress.completed, ...(progress.total === undefined ? {} : {total: progress.total})}} : {}),
  }
}

export function isFailureStatus(status: string): boolean {
  return status.endsWith('_FAILED')
}

export function isRootStackEvent(event: StackActivityEvent): boolean {
  return event.resource.type === ROOT_STACK_TYPE && event.resource.logicalId === event.stack
}

/**
 * The failures worth showing from a stack's events: resources that failed with a reason. When only the
 * stack itself failed (e.g. a template error), its own reason is the failure.
 */
export function failuresOf(events: readonly StackActivityEvent[]): ResourceFailure[] {
  const toFailure = (e: StackActivityEvent): ResourceFailure => ({
    stack: e.stack,
    logicalId: e.resource.logicalId,
    type: e.resource.type,
    status: e.status,
    reason: e.reason ?? '(no reason given)',
  })
  const resources = events.filter((e) => isFailureStatus(e.status) && !isRootStackEvent(e) && !isCancellation(e.reason))
  if (resources.length > 0) return resources.map(toFailure)
  return events.filter((e) => isFailureStatus(e.status) && isRootStackEvent(e)).map(toFailure)
}

/** CloudFormation cancels sibling resources when one fails; those are consequences, not causes. */
function isCancellation(reason: string | undefined): boolean {
  return reason !== undefined && /Resource creation cancelled|Resource update cancelled/i.test(reason)
}

/**
 * One readable line per event, e.g.
 * `12:04:31  omnix-ai-dev-data  CREATE_FAILED  ProductsTable1A2B (AWS::DynamoDB::Table) Products/Table  reason`.
 */
export function formatActivityLine(event: StackActivityEvent): string {
  const time = event.timestamp.slice(11, 19)
  const path = event.resource.path?.replace(/^\/+/, '').replace(`${event.stack}/`, '')
  const resource = `${event.resource.logicalId} (${event.resource.type})${path ? ` ${path}` : ''}`
  return [time, event.stack, event.status, resource, event.reason].filter(Boolean).join('  ')
}

/** The one-line progress view: stack, a bar, counts, and what is happening now. */
export function formatProgressLine(event: StackActivityEvent, width = 20): string {
  const completed = event.progress?.completed ?? 0
  const total = event.progress?.total
  let bar = ''
  if (total && total > 0) {
    const filled = Math.min(width, Math.round((completed / total) * width))
    bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${completed}/${total}`
  } else {
    bar = `${completed}`
  }
  return `${event.stack}  ${bar}  ${event.status}  ${event.resource.logicalId}`
}
