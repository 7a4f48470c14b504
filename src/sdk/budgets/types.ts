/**
 * Result shapes of the budget operations: the `--json` output of `omnix budgets set`, `list`
 * and `status` is exactly these objects, so changes here are breaking for CI users.
 * Amounts are numbers in USD with at most 2 decimals.
 */

export type BudgetRole = 'daily' | 'monthly' | 'bedrock-monthly' | 'customer'

/** One alert: e.g. ACTUAL spend greater than 80 % of the limit. */
export interface BudgetAlert {
  readonly type: 'ACTUAL' | 'FORECASTED'
  readonly comparison: string
  readonly threshold: number
  readonly thresholdType: 'PERCENTAGE' | 'ABSOLUTE_VALUE'
}

export interface BudgetSubscriber {
  readonly type: 'EMAIL' | 'SNS'
  readonly address: string
}

export type BudgetChangeAction =
  | 'create-budget'
  | 'update-budget'
  | 'create-notification'
  | 'delete-notification'
  | 'create-subscriber'
  | 'update-subscriber'
  | 'delete-subscriber'

/** One line of the diff `budgets set` shows before applying. */
export interface BudgetChange {
  readonly budget: string
  readonly action: BudgetChangeAction
  /** Human-readable, e.g. `limit 40 USD -> 50 USD`. */
  readonly summary: string
  readonly before: string | null
  readonly after: string | null
}

/** The desired state of one budget, as `budgets set` will leave it. */
export interface BudgetTarget {
  readonly name: string
  readonly role: BudgetRole
  readonly timeUnit: 'DAILY' | 'MONTHLY'
  readonly limit: number
  readonly currency: 'USD'
  /** `all costs`, `SERVICE = Amazon Bedrock`, `tag customer = acme`, ... */
  readonly filter: string
  readonly alerts: readonly string[]
  /** `create`, `update` or `unchanged` (the budget itself and its alerts). */
  readonly status: 'create' | 'update' | 'unchanged'
  /** CloudFormation stack that owns the budget (changes made here drift it), or null. */
  readonly managedByStack: string | null
}

/** `omnix budgets set --json`. */
export interface BudgetSetResult {
  readonly env: string
  readonly accountId: string
  readonly budgets: readonly BudgetTarget[]
  readonly changes: readonly BudgetChange[]
  readonly notes: readonly string[]
  /** True when AWS already matches: nothing was (or would be) changed. */
  readonly unchanged: boolean
  readonly dryRun: boolean
  /** True when the changes were sent to AWS. */
  readonly applied: boolean
}

export interface BudgetAlertState extends BudgetAlert {
  readonly state: 'OK' | 'ALARM'
  /** `ACTUAL > 80%`. */
  readonly label: string
}

export interface BudgetStatus {
  readonly name: string
  readonly timeUnit: string
  readonly limit: number | null
  readonly unit: string | null
  readonly actual: number | null
  readonly forecasted: number | null
  /** Actual spend as a percentage of the limit (2 decimals); null without a limit. */
  readonly percentUsed: number | null
  readonly forecastPercent: number | null
  readonly overLimit: boolean
  readonly filter: string
  readonly alerts: readonly BudgetAlertState[]
  /** Labels of alerts in ALARM (their threshold was crossed this period). */
  readonly firedAlerts: readonly string[]
}

/** `omnix budgets list --json` and `omnix budgets status --json`. */
export interface BudgetReport {
  readonly env: string
  readonly accountId: string
  readonly budgets: readonly BudgetStatus[]
  /** Names of budgets whose actual spend is over 100 % of the limit. */
  readonly overLimit: readonly string[]
  readonly notes: readonly string[]
}
