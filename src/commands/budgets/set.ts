import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {renderTable} from '../../cli/table.js'
import {resolveAccountId} from '../../sdk/budgets/account.js'
import {type BudgetsInput, platformBudgetRefusal} from '../../sdk/budgets/desired.js'
import {applyBudgetPlan, type BudgetPlan, planBudgets} from '../../sdk/budgets/plan.js'
import type {BudgetChange, BudgetSetResult} from '../../sdk/budgets/types.js'
import {parseAmount, parseCustomerTag, parseEmails, parseSnsTopic} from '../../sdk/budgets/validation.js'
import {ConfirmationRequiredError, UsageError} from '../../sdk/errors.js'

export default class BudgetsSet extends OmnixCommand<typeof BudgetsSet> {
  static summary = 'Create or update per-customer cost budgets and their alerts (idempotent); the platform budgets belong to the budgets stack.'
  static description = `Manages one monthly COST budget per --customer-tag (cost allocation by tag), omnix-ai-{env}-monthly-{key}[-{value}], limit --customer-monthly (default: the environment's configured monthly limit, 1000 USD).
The platform budgets omnix-ai-{env}-daily, -monthly and -bedrock-monthly are owned by the budgets stack (omnix-ai-{env}-budgets): set their limits in omnix.config.json (environments.{env}.budgets) and run omnix deploy; this command refuses to change them, so no budget has two writers.
Each budget alerts at 80 % and 100 % of ACTUAL and FORECASTED spend.
Alerts go to --email (up to 10) and --sns-topic (at most 1); without them, existing alerts keep their subscribers.
Shows the changes first; --dry-run stops there. A second run with the same flags changes nothing and says so.`
  static examples = [
    {description: 'Track one customer\'s spend by its cost allocation tag.', command: '<%= config.bin %> <%= command.id %> --customer-tag customer=acme --customer-monthly 200 --email ops@example.com --yes'},
    {description: 'Preview production customer budgets alerting an SNS topic.', command: '<%= config.bin %> <%= command.id %> -e prod --customer-tag customer=acme --customer-tag customer=globex --sns-topic arn:aws:sns:eu-central-1:123456789012:omnix-alerts --dry-run'},
  ]

  static flags = {
    // Kept (hidden) to answer with the owner instead of "nonexistent flag".
    daily: Flags.string({hidden: true, summary: 'Refused: the daily budget belongs to the budgets stack.'}),
    monthly: Flags.string({hidden: true, summary: 'Refused: the monthly budget belongs to the budgets stack.'}),
    'bedrock-monthly': Flags.string({hidden: true, summary: 'Refused: the Bedrock budget belongs to the budgets stack.'}),
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
    for (const flag of ['--daily', '--monthly', '--bedrock-monthly'] as const) {
      if (flags[flag.slice(2) as 'daily' | 'monthly' | 'bedrock-monthly'] !== undefined) throw platformBudgetRefusal(config.env, flag)
    }
    // Every flag is validated before anything is sent to AWS.
    const input: BudgetsInput = {
      env: config.env,
      customerTags: (flags['customer-tag'] ?? []).map(parseCustomerTag),
      customerMonthlyCents: flags['customer-monthly'] === undefined ? Math.round(budgets.monthly * 100) : parseAmount('--customer-monthly', flags['customer-monthly']),
      emails: parseEmails(flags.email ?? []),
      snsTopic: parseSnsTopic(flags['sns-topic'] ?? []),
    }
    if (input.customerTags!.length === 0) {
      if (flags['customer-monthly'] !== undefined) {
        throw new UsageError('--customer-monthly: applies to --customer-tag budgets, and none was given', {suggestion: 'add --customer-tag key=value, or drop --customer-monthly'})
      }
      throw platformBudgetRefusal(config.env)
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
