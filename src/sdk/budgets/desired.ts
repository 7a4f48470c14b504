import type {Expression, Notification, Subscriber} from '@aws-sdk/client-budgets'

import {budgetName, customerBudgetName, stackName} from '../catalog/naming.js'
import {UsageError} from '../errors.js'
import {bedrockFilter, customerTagFilter} from './filters.js'
import type {BudgetRole} from './types.js'
import type {CustomerTag} from './validation.js'

/**
 * Who owns which budget. The platform budgets (`omnix-ai-{env}-daily`, `-monthly`,
 * `-bedrock-monthly`) belong to the budgets stack: limits from config, alerts to the alerts topic,
 * changed by `omnix deploy`. `omnix budgets set` owns only the per-customer budgets and refuses
 * the platform ones, so no budget has two writers (a change made beside the stack would drift it,
 * and a budget created beside it would make its next deploy fail on the existing name).
 */
export const PLATFORM_BUDGETS_OWNER = 'budgets stack'

/** The refusal `budgets set` gives for a platform budget, naming the owner and the config key. */
export function platformBudgetRefusal(env: string, flag?: string): UsageError {
  const key = `environments.${env}.budgets${flag ? `.${{'--daily': 'daily', '--monthly': 'monthly', '--bedrock-monthly': 'bedrockMonthly'}[flag] ?? ''}` : ''}`
  return new UsageError(
    `${flag ? `${flag}: ` : ''}${['daily', 'monthly', 'bedrock-monthly'].map((b) => budgetName(env, b as 'daily')).join(', ')} are owned by the ${PLATFORM_BUDGETS_OWNER} ${stackName(env, 'budgets')}; budgets set manages per-customer budgets only`,
    {suggestion: `set ${key} in omnix.config.json and run omnix deploy; for a customer's budget pass --customer-tag key=value`},
  )
}

/** Warning and critical thresholds, in percent of the limit. */
export const ALERT_THRESHOLDS = [80, 100] as const

/** AWS Budgets caps budget names at 100 characters. */
const MAX_BUDGET_NAME = 100

/** What `budgets set` was asked for; amounts in cents (see parseAmount). */
export interface BudgetsInput {
  readonly env: string
  /**
   * The platform budgets (daily, monthly). Absent: not managed by this run. `omnix budgets set`
   * never passes them: the budgets stack owns those (see PLATFORM_BUDGETS_OWNER).
   */
  readonly dailyCents?: number
  readonly monthlyCents?: number
  /** Absent: the Bedrock budget is not managed by this run. */
  readonly bedrockMonthlyCents?: number
  readonly customerTags?: readonly CustomerTag[]
  /** Limit of each per-customer budget; defaults to the monthly limit (required without it). */
  readonly customerMonthlyCents?: number
  readonly emails?: readonly string[]
  readonly snsTopic?: string
}

export interface BudgetSpec {
  readonly name: string
  readonly role: BudgetRole
  readonly timeUnit: 'DAILY' | 'MONTHLY'
  readonly limitCents: number
  readonly filter: Expression | null
  readonly notifications: readonly Notification[]
}

/**
 * ACTUAL alerts at every threshold; FORECASTED ones too except on DAILY budgets, where AWS Budgets
 * does not offer forecasted notifications.
 */
export function budgetNotifications(timeUnit: 'DAILY' | 'MONTHLY'): Notification[] {
  const types = timeUnit === 'DAILY' ? (['ACTUAL'] as const) : (['ACTUAL', 'FORECASTED'] as const)
  return types.flatMap((type) =>
    ALERT_THRESHOLDS.map((threshold) => ({
      NotificationType: type,
      ComparisonOperator: 'GREATER_THAN' as const,
      Threshold: threshold,
      ThresholdType: 'PERCENTAGE' as const,
    })),
  )
}

/** The budgets the input asks for, named from the catalog. */
export function desiredBudgets(input: BudgetsInput): BudgetSpec[] {
  const specs: BudgetSpec[] = []
  if (input.dailyCents !== undefined) {
    specs.push({name: budgetName(input.env, 'daily'), role: 'daily', timeUnit: 'DAILY', limitCents: input.dailyCents, filter: null, notifications: budgetNotifications('DAILY')})
  }
  if (input.monthlyCents !== undefined) {
    specs.push({name: budgetName(input.env, 'monthly'), role: 'monthly', timeUnit: 'MONTHLY', limitCents: input.monthlyCents, filter: null, notifications: budgetNotifications('MONTHLY')})
  }
  if (input.bedrockMonthlyCents !== undefined) {
    specs.push({
      name: budgetName(input.env, 'bedrock-monthly'),
      role: 'bedrock-monthly',
      timeUnit: 'MONTHLY',
      limitCents: input.bedrockMonthlyCents,
      filter: bedrockFilter(),
      notifications: budgetNotifications('MONTHLY'),
    })
  }
  for (const tag of input.customerTags ?? []) {
    const name = customerBudgetName(input.env, tag.key, tag.value)
    if (name.length > MAX_BUDGET_NAME) {
      throw new UsageError(`--customer-tag: the budget name for "${tag.key}${tag.value === null ? '' : `=${tag.value}`}" would exceed ${MAX_BUDGET_NAME} characters`, {
        suggestion: 'use a shorter tag key or value',
      })
    }
    if (specs.some((s) => s.name === name)) {
      throw new UsageError(`--customer-tag: "${tag.key}${tag.value === null ? '' : `=${tag.value}`}" is given twice (or maps to the same budget ${name})`)
    }
    const limitCents = input.customerMonthlyCents ?? input.monthlyCents
    if (limitCents === undefined) throw new UsageError('--customer-monthly: the limit of the per-customer budgets is required')
    specs.push({
      name,
      role: 'customer',
      timeUnit: 'MONTHLY',
      limitCents,
      filter: customerTagFilter(tag),
      notifications: budgetNotifications('MONTHLY'),
    })
  }
  return specs
}

/**
 * The subscribers the flags ask for, per kind: `email` from --email, `sns` from --sns-topic; null
 * for a kind whose flag was not given (its existing subscribers are then kept).
 */
export interface SubscriberIntent {
  readonly email: readonly Subscriber[] | null
  readonly sns: readonly Subscriber[] | null
}

export function desiredSubscribers(input: BudgetsInput): SubscriberIntent {
  const emails = input.emails ?? []
  return {
    email: emails.length > 0 ? emails.map((address) => ({SubscriptionType: 'EMAIL' as const, Address: address})) : null,
    sns: input.snsTopic ? [{SubscriptionType: 'SNS' as const, Address: input.snsTopic}] : null,
  }
}
