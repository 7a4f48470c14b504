import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {resolveAccountId} from '../../sdk/budgets/account.js'
import {budgetReport} from '../../sdk/budgets/status.js'
import type {BudgetReport} from '../../sdk/budgets/types.js'

export default class BudgetsList extends OmnixCommand<typeof BudgetsList> {
  static summary = 'Show the environment\'s budgets: limit, actual and forecasted spend, use, fired alerts.'
  static description = `Lists the budgets named omnix-ai-{env}-* with their limit, actual and forecasted spend this period, the percentage of the limit used, and which alerts are in ALARM (their threshold was crossed this period).`
  static examples = [
    {description: 'Budgets of dev.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Budgets of prod as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --json'},
  ]

  async run(): Promise<BudgetReport> {
    const report = await this.report()
    if (!this.jsonEnabled()) this.render(report)
    return report
  }

  protected async report(): Promise<BudgetReport> {
    const config = await this.omnixConfig()
    const target = {region: config.region, profile: config.profile}
    const accountId = await resolveAccountId(target, config.env, config.account)
    return budgetReport(target, accountId, config.env)
  }

  protected render(report: BudgetReport): void {
    const money = (n: number | null) => (n === null ? '-' : n.toFixed(2))
    const percent = (n: number | null) => (n === null ? '-' : `${n.toFixed(1)}%`)
    if (report.budgets.length > 0) {
      this.log(
        renderTable(
          report.budgets.map((b) => ({
            budget: b.name,
            period: b.timeUnit,
            limit: b.limit === null ? '-' : `${money(b.limit)} ${b.unit ?? ''}`.trim(),
            actual: money(b.actual),
            forecast: money(b.forecasted),
            used: `${percent(b.percentUsed)}${b.overLimit ? ' OVER' : ''}`,
            'forecast%': percent(b.forecastPercent),
            fired: b.firedAlerts.join(', ') || '-',
          })),
          ['budget', 'period', 'limit', 'actual', 'forecast', 'used', 'forecast%', 'fired'],
        ),
      )
    }
    for (const note of report.notes) this.log(`note: ${note}`)
  }
}
