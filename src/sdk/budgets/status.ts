import {clientConfig, type AwsTarget} from '../aws/target.js'
import {resourceName} from '../catalog/naming.js'
import {budgetFilter, describeFilter} from './filters.js'
import {describeBudgets, describeNotifications, notificationLabel} from './read.js'
import type {BudgetAlertState, BudgetReport, BudgetStatus} from './types.js'

const round2 = (n: number) => Math.round(n * 100) / 100
const amount = (text: string | undefined): number | null => (text === undefined || text === '' || Number.isNaN(Number(text)) ? null : round2(Number(text)))

/**
 * The environment's budgets (names `omnix-ai-{env}-…`) with limit, actual and forecasted spend,
 * percentage used and the alerts in ALARM. A budget is over its limit when actual spend exceeds 100 %.
 */
export async function budgetReport(target: AwsTarget, accountId: string, env: string): Promise<BudgetReport> {
  const {BudgetsClient} = await import('@aws-sdk/client-budgets')
  const client = new BudgetsClient(clientConfig(target))
  try {
    const prefix = resourceName(env, '')
    const budgets = (await describeBudgets(client, accountId))
      .filter((b) => b.BudgetName?.startsWith(prefix))
      .sort((a, b) => (a.BudgetName ?? '').localeCompare(b.BudgetName ?? ''))
    const statuses: BudgetStatus[] = []
    for (const budget of budgets) {
      const name = budget.BudgetName!
      const alerts: BudgetAlertState[] = (await describeNotifications(client, accountId, name)).map((n) => ({
        type: n.NotificationType ?? 'ACTUAL',
        comparison: n.ComparisonOperator ?? 'GREATER_THAN',
        threshold: n.Threshold ?? 0,
        thresholdType: n.ThresholdType ?? 'PERCENTAGE',
        state: n.NotificationState ?? 'OK',
        label: notificationLabel(n),
      }))
      const limit = amount(budget.BudgetLimit?.Amount)
      const actual = amount(budget.CalculatedSpend?.ActualSpend?.Amount)
      const forecasted = amount(budget.CalculatedSpend?.ForecastedSpend?.Amount)
      const percent = (value: number | null) => (value === null || limit === null || limit === 0 ? null : round2((value / limit) * 100))
      const percentUsed = percent(actual)
      statuses.push({
        name,
        timeUnit: budget.TimeUnit ?? 'MONTHLY',
        limit,
        unit: budget.BudgetLimit?.Unit ?? null,
        actual,
        forecasted,
        percentUsed,
        forecastPercent: percent(forecasted),
        overLimit: actual !== null && limit !== null && actual > limit,
        filter: describeFilter(budgetFilter(budget)),
        alerts,
        firedAlerts: alerts.filter((a) => a.state === 'ALARM').map((a) => a.label),
      })
    }
    const notes = statuses.length === 0 ? [`no budgets named ${prefix}* in account ${accountId}: run \`omnix budgets set -e ${env}\``] : []
    return {env, accountId, budgets: statuses, overLimit: statuses.filter((s) => s.overLimit).map((s) => s.name), notes}
  } finally {
    client.destroy()
  }
}
