import type {BudgetReport} from '../../sdk/budgets/types.js'
import BudgetsList from './list.js'

export default class BudgetsStatus extends BudgetsList {
  static summary = 'Like `budgets list`, but exit 1 when any budget is over 100 % of its limit.'
  static description = `Shows the same report as \`omnix budgets list\`; the exit code is 1 when the actual spend of any omnix-ai-{env}-* budget exceeds its limit (0 otherwise), for CI and monitoring scripts.`
  static examples = [
    {description: 'Fail a pipeline when prod is over budget.', command: '<%= config.bin %> <%= command.id %> -e prod --json'},
  ]

  async run(): Promise<BudgetReport> {
    const report = await this.report()
    if (!this.jsonEnabled()) {
      this.render(report)
      this.log(report.overLimit.length > 0 ? `\nOVER BUDGET: ${report.overLimit.join(', ')}` : '\nAll budgets within their limits.')
    }
    if (report.overLimit.length > 0) {
      if (this.jsonEnabled()) this.logJson(report)
      this.exit(1)
    }
    return report
  }
}
