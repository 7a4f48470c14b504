import {UsageError} from '../errors.js'
import {checkApiHealth} from './api-health.js'
import {checkBackups} from './backups.js'
import {checkBudgets} from './budgets.js'
import {checkCompliance} from './compliance.js'
import {type StatusOptions, StatusContext} from './context.js'
import {checkDeployment} from './deployment.js'
import {checkRestApi, checkWebSocketApi} from './gateways.js'
import {checkMonitoring} from './monitoring.js'
import {notCovered} from './not-covered.js'
import {describeError} from './outcome.js'
import {checkParameters} from './parameters.js'
import {checkSecrets} from './secrets.js'
import {checkTables} from './tables.js'
import {isTaskId, REMEDIATION_TASKS, type TaskId} from './tasks.js'
import type {CheckOutcome, Scorecard, TaskResult} from './types.js'
import {checkWaf} from './waf.js'

const CHECKS: Readonly<Record<TaskId, (ctx: StatusContext) => Promise<CheckOutcome>>> = {
  1: checkApiHealth,
  2: checkRestApi,
  3: checkTables,
  4: checkWebSocketApi,
  5: async () => notCovered(5),
  6: checkDeployment,
  7: checkSecrets,
  8: checkWaf,
  9: checkParameters,
  10: checkMonitoring,
  11: checkBackups,
  12: checkBudgets,
  13: async () => notCovered(13),
  14: async () => notCovered(14),
  15: checkCompliance,
}

/**
 * The remediation scorecard of one environment: each task judged from live, read-only evidence
 * (drift detection aside, which reads but starts a detection). The tasks run concurrently and share
 * what more than one reads; a task whose evidence cannot be read (denied, throttled, unreachable)
 * is `unknown` with the reason, and never stops the others.
 */
export async function remediationStatus(options: StatusOptions): Promise<Scorecard> {
  const ids = [...new Set(options.tasks ?? REMEDIATION_TASKS.map((t) => t.id))].sort((a, b) => a - b)
  const wrong = ids.filter((id) => !isTaskId(id))
  if (wrong.length > 0) throw new UsageError(`--task: ${wrong.join(', ')} is not a task of the plan (1 to ${REMEDIATION_TASKS.length})`)
  const ctx = new StatusContext(options)
  try {
    const tasks = await Promise.all(
      ids.map(async (id): Promise<TaskResult> => {
        const {title} = REMEDIATION_TASKS.find((t) => t.id === id)!
        let outcome: CheckOutcome
        try {
          outcome = await CHECKS[id as TaskId](ctx)
        } catch (error) {
          outcome = {status: 'unknown', evidence: [`could not read the evidence: ${describeError(error)}`]}
        }
        options.onTask?.(id)
        return {id, title, status: outcome.status, evidence: outcome.evidence, ...(outcome.next ? {next: outcome.next} : {})}
      }),
    )
    const count = (status: TaskResult['status']) => tasks.filter((t) => t.status === status).length
    const summary = {pass: count('pass'), fail: count('fail'), unknown: count('unknown'), na: count('n/a')}
    return {env: options.env, region: options.target.region, tasks, summary, ok: summary.fail === 0 && summary.unknown === 0}
  } finally {
    ctx.destroy()
  }
}
