import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {renderTable} from '../../cli/table.js'
import {resolveAccountId} from '../../sdk/budgets/account.js'
import type {BudgetsInput} from '../../sdk/budgets/desired.js'
import {applyBudgetPlan, type BudgetPlan, planBudgets} from '../../sdk/budgets/plan.js'
import type {BudgetChange, BudgetSetResult} from '../../sdk/budgets/types.js'
import {parseAmount, parseCustomerTag, parseEmails, parseSnsTopic} from '../../sdk/budgets/validation.js'
import {ConfirmationRequiredError, UsageError} from '../../sdk/errors.js'

export default class BudgetsSet extends OmnixCommand<typeof BudgetsSet> {
  static summary = 'Create or update the environment\'s cost budgets and their alerts (idempotent).'
  static description = `Manages COST budgets omnix-ai-{env}-daily and omnix-ai-{env}-monthly (limits from the flags, else the environment's config: 50 and 1000 USD), omnix-ai-{env}-bedrock-monthly (Amazon Bedrock spend only) when --bedrock-monthly is given or configured, and one monthly budget per --customer-tag (cost allocation by tag).
Each budget alerts at 80 % and 100 % of ACTUAL spend, and of FORECASTED spend too except on the daily budget (AWS Budgets does not forecast DAILY budgets).
Alerts go to --email (up to 10) and --sns-topic (at most 1); without them, existing alerts keep their subscribers.
Shows the changes first; --dry-run stops there. A second run with the same flags changes nothing and says so.`
  static examples = [
    {description: 'Default limits, alerts by email.', command: '<%= config.bin %> <%= command.id %> --email ops@example.com --yes'},
    {description: 'Preview production with a Bedrock budget and an SNS topic.', command: '<%= config.bin %> <%= command.id %> -e prod --bedrock-monthly 300 --sns-topic arn:aws:sns:eu-central-1:123456789012:omnix-alerts --dry-run'},
    {description: 'Track one customer\'s spend by its cost allocation tag.', command: '<%= config.bin %> <%= command.id %> --customer-tag customer=acme --customer-monthly 200 --yes'},
  ]

  static flags = {
    daily: Flags.string({summary: 'Daily limit in USD (default: environment config, 50).'}),
    monthly: Flags.string({summary: 'Monthly limit in USD (default: environment config, 1000).'}),
    'bedrock-monthly': Flags.string({summary: 'Monthly limit in USD for Amazon Bedrock spend (adds the Bedrock budget).'}),
    email: Flags.string({summary: 'Email to alert (repeatable or comma-separated; at most 10).', multiple: true}),
    'sns-topic': Flags.string({summary: 'SNS topic ARN to alert (at most 1).', multiple: true}),
    'customer-tag': Flags.string({summary: 'Cost allocation tag key[=value]: adds a monthly budget for that customer\'s spend (repeatable).', multiple: true}),
    'customer-monthly': Flags.string({summary: 'Monthly limit in USD of each --customer-tag budget (default: the monthly limit).'}),
    'dry-run': Flags.boolean({summary: 'Show the changes; send none.'}),
    yes: Flags.boolean({char: 'y', summary: 'Apply without asking.'}),
  }

  async run(): Promise<BudgetSetResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    const budgets = config.settings.budgets
    const fromConfig = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 100))
    // Every flag is validated before anything is sent to AWS.
    const input: BudgetsInput = {
      env: config.env,
      dailyCents: flags.daily === undefined ? fromConfig(budgets.daily)! : parseAmount('--daily', flags.daily),
      monthlyCents: flags.monthly === undefined ? fromConfig(budgets.monthly)! : parseAmount('--monthly', flags.monthly),
      bedrockMonthlyCents: flags['bedrock-monthly'] === undefined ? fromConfig(budgets.bedrockMonthly) : parseAmount('--bedrock-monthly', flags['bedrock-monthly']),
      customerTags: (flags['customer-tag'] ?? []).map(parseCustomerTag),
      customerMonthlyCents: flags['customer-monthly'] === undefined ? undefined : parseAmount('--customer-monthly', flags['customer-monthly']),
      emails: parseEmails(flags.email ?? []),
      snsTopic: parseSnsTopic(flags['sns-topic'] ?? []),
    }
    if (input.customerMonthlyCents !== undefined && input.customerTags!.length === 0) {
      throw new UsageError('--customer-monthly: applies to --customer-tag budgets, and none was given', {suggestion: 'add --customer-tag key=value, or drop --customer-monthly'})
    }
    const target = {region: config.region, profile: config.profile}
    const accountId = await resolveAccountId(target, config.env, config.account)
    const plan = await planBudgets(target, accountId, input)
    if (!this.jsonEnabled()) this.renderPlan(plan)

    const done = (applied: boolean): BudgetSetResult => ({...plan.result, dryRun: flags['dry-run'], applied})
    if (plan.result.unchanged) {
      if (!this.jsonEnabled()) this.log(`\nNothing to change: the budgets of ${config.env} already match.`)
      return done(false)
    }
    if (flags['dry-run']) {
      if (!this.jsonEnabled()) this.log(`\nDry run: ${plan.result.changes.length} change(s) not applied.`)
      return done(false)
    }
    const confirmed = await confirmAction({message: `Apply ${plan.result.changes.length} budget change(s) in account ${accountId}?`, yes: flags.yes})
    if (!confirmed) throw new ConfirmationRequiredError('not confirmed: no budget was changed')
    await applyBudgetPlan(target, plan, (change) => {
      if (!this.jsonEnabled()) this.note(`applied: ${change.budget}: ${change.summary}`)
    })
    if (!this.jsonEnabled()) this.log(`\nApplied ${plan.result.changes.length} change(s).`)
    return done(true)
  }

  private renderPlan(plan: BudgetPlan): void {
    const {result} = plan
    this.log(`Budgets of ${result.env} (account ${result.accountId}):`)
    this.log(
      renderTable(
        result.budgets.map((b) => ({budget: b.name, period: b.timeUnit, limit: `${b.limit.toFixed(2)} ${b.currency}`, filter: b.filter, alerts: b.alerts.join(', '), status: b.status})),
        ['budget', 'period', 'limit', 'filter', 'alerts', 'status'],
      ),
    )
    if (result.changes.length > 0) {
      this.log('\nChanges:')
      for (const c of result.changes) this.log(`  ${sign(c)} ${c.budget}: ${c.summary}`)
    }
    for (const note of result.notes) this.log(`note: ${note}`)
  }
}

function sign(change: BudgetChange): string {
  if (change.action.startsWith('create')) return '+'
  if (change.action.startsWith('delete')) return '-'
  return '~'
}
