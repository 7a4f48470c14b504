import {resolveAccountId} from '../budgets/account.js'
import {budgetReport} from '../budgets/status.js'
import {budgetName} from '../catalog/naming.js'
import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

/** The plan's alert levels, in percent of the limit. */
export const ALERT_THRESHOLDS = [80, 100] as const

/** Task 12: the env's daily and monthly budgets (and Bedrock's, when configured) exist with 80 % and 100 % alerts. */
export async function checkBudgets(ctx: StatusContext): Promise<CheckOutcome> {
  const {env} = ctx
  const accountId = await resolveAccountId(ctx.options.target, env, ctx.options.account)
  const report = await budgetReport(ctx.options.target, accountId, env)
  const required = (['daily', 'monthly', ...(ctx.options.settings.budgets.bedrockMonthly ? (['bedrock-monthly'] as const) : [])] as const).map((b) =>
    budgetName(env, b),
  )
  const set = `omnix budgets set -e ${env}`
  const parts: EvidencePart[] = required.map((name) => {
    const budget = report.budgets.find((b) => b.name === name)
    if (!budget) return bad(`budget ${name} does not exist`, set)
    const percentages = budget.alerts.filter((a) => a.thresholdType === 'PERCENTAGE').map((a) => a.threshold)
    const missing = ALERT_THRESHOLDS.filter((t) => !percentages.includes(t))
    const limit = budget.limit === null ? 'no limit' : `${budget.limit} ${budget.unit ?? 'USD'} ${budget.timeUnit}`
    const alerts = budget.alerts.map((a) => a.label).join(', ') || 'no alerts'
    const fired = budget.firedAlerts.length > 0 ? `; fired: ${budget.firedAlerts.join(', ')}` : ''
    const text = `${name}: ${limit}, alerts ${alerts}${fired}`
    return missing.length === 0 ? ok(text) : bad(`${text}: no alert at ${missing.map((t) => `${t} %`).join(' and ')}`, set)
  })
  return outcomeOf(parts)
}
