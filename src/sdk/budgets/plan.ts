import type {Budget, BudgetsClient, Notification, Subscriber} from '@aws-sdk/client-budgets'

import {clientConfig, type AwsTarget} from '../aws/target.js'
import {UsageError} from '../errors.js'
import {type BudgetSpec, type BudgetsInput, desiredBudgets, desiredSubscribers, type SubscriberIntent} from './desired.js'
import {budgetFilter, canonicalFilter, describeFilter} from './filters.js'
import {describeBudgets, describeNotifications, describeSubscribers, notificationKey, notificationKeyFields, notificationLabel, subscriberKey} from './read.js'
import type {BudgetChange, BudgetSetResult, BudgetTarget} from './types.js'
import {stackOwnedBudgets} from './stack.js'
import {centsToAmount, MAX_EMAIL_SUBSCRIBERS, MAX_SNS_SUBSCRIBERS} from './validation.js'

/** One AWS Budgets call that applies a change of the plan. */
export type BudgetOperation =
  | {readonly command: 'CreateBudget'; readonly input: import('@aws-sdk/client-budgets').CreateBudgetRequest}
  | {readonly command: 'UpdateBudget'; readonly input: import('@aws-sdk/client-budgets').UpdateBudgetRequest}
  | {readonly command: 'CreateNotification'; readonly input: import('@aws-sdk/client-budgets').CreateNotificationRequest}
  | {readonly command: 'DeleteNotification'; readonly input: import('@aws-sdk/client-budgets').DeleteNotificationRequest}
  | {readonly command: 'CreateSubscriber'; readonly input: import('@aws-sdk/client-budgets').CreateSubscriberRequest}
  | {readonly command: 'DeleteSubscriber'; readonly input: import('@aws-sdk/client-budgets').DeleteSubscriberRequest}
  | {readonly command: 'UpdateSubscriber'; readonly input: import('@aws-sdk/client-budgets').UpdateSubscriberRequest}

/** The diff `budgets set` shows, and the calls that carry it out (in order). */
export interface BudgetPlan {
  readonly result: Omit<BudgetSetResult, 'dryRun' | 'applied'>
  readonly operations: readonly BudgetOperation[]
}

interface Existing {
  readonly budget: Budget
  readonly notifications: ReadonlyArray<{readonly notification: Notification; readonly subscribers: readonly Subscriber[]}>
}

const usd = (cents: number) => `${centsToAmount(cents)} USD`
const subscriberText = (s: Subscriber) => `${s.SubscriptionType === 'SNS' ? 'SNS' : 'email'} ${s.Address}`

/**
 * Compares what the input asks for with what AWS has and lists the changes, without changing
 * anything. Budgets the input does not cover (e.g. the Bedrock one without --bedrock-monthly)
 * are left as they are.
 */
export async function planBudgets(target: AwsTarget, accountId: string, input: BudgetsInput): Promise<BudgetPlan> {
  const {BudgetsClient} = await import('@aws-sdk/client-budgets')
  const client = new BudgetsClient(clientConfig(target))
  try {
    return await planWith(client, accountId, input, await stackOwnedBudgets(target, input.env))
  } finally {
    client.destroy()
  }
}

async function planWith(
  client: BudgetsClient,
  accountId: string,
  input: BudgetsInput,
  owned: {stack: string; budgets: ReadonlySet<string>},
): Promise<BudgetPlan> {
  const specs = desiredBudgets(input)
  const all = await describeBudgets(client, accountId)
  const existing = new Map<string, Existing>()
  for (const spec of specs) {
    const budget = all.find((b) => b.BudgetName === spec.name)
    if (!budget) continue
    const notifications = []
    for (const notification of await describeNotifications(client, accountId, spec.name)) {
      notifications.push({notification, subscribers: await describeSubscribers(client, accountId, spec.name, notification)})
    }
    existing.set(spec.name, {budget, notifications})
  }

  const explicit = desiredSubscribers(input)
  // A kind of subscriber whose flag was not given: new alerts go to whoever existing alerts reach.
  const inherited = new Map<string, Subscriber>()
  for (const e of existing.values()) for (const n of e.notifications) for (const s of n.subscribers) inherited.set(subscriberKey(s), s)
  const inheritedOf = (type: 'EMAIL' | 'SNS') => [...inherited.values()].filter((s) => s.SubscriptionType === type)
  const forNewAlerts = [...(explicit.email ?? inheritedOf('EMAIL')), ...(explicit.sns ?? inheritedOf('SNS'))]
  const newAlertsValid = () => {
    if (inheritedOf('EMAIL').length > MAX_EMAIL_SUBSCRIBERS && explicit.email === null) {
      throw new UsageError(`--email: existing alerts reach ${inheritedOf('EMAIL').length} addresses, more than the ${MAX_EMAIL_SUBSCRIBERS} a new alert may have`, {
        suggestion: 'pass the addresses new alerts should go to with --email',
      })
    }
    if (inheritedOf('SNS').length > MAX_SNS_SUBSCRIBERS && explicit.sns === null) {
      throw new UsageError(`--sns-topic: existing alerts use ${inheritedOf('SNS').length} SNS topics; a new alert may have ${MAX_SNS_SUBSCRIBERS}`, {
        suggestion: 'pass the topic new alerts should use with --sns-topic',
      })
    }
  }

  const changes: BudgetChange[] = []
  const operations: BudgetOperation[] = []
  const targets: BudgetTarget[] = []
  const change = (c: BudgetChange, op: BudgetOperation) => {
    changes.push(c)
    operations.push(op)
  }
  const needSubscribers = (spec: BudgetSpec) => {
    newAlertsValid()
    if (forNewAlerts.length > 0) return
    throw new UsageError(`--email: budget alerts for ${spec.name} need someone to notify and none is configured yet`, {
      suggestion: 'pass --email you@example.com and/or --sns-topic <arn>',
    })
  }

  for (const spec of specs) {
    const before = changes.length
    const current = existing.get(spec.name)
    const filterText = describeFilter(spec.filter)
    if (!current) {
      needSubscribers(spec)
      change(
        {
          budget: spec.name,
          action: 'create-budget',
          summary: `create ${spec.timeUnit} COST budget of ${usd(spec.limitCents)} (${filterText}) with alerts ${spec.notifications.map(notificationLabel).join(', ')} to ${forNewAlerts.map(subscriberText).join(', ')}`,
          before: null,
          after: `${usd(spec.limitCents)} ${spec.timeUnit}, ${filterText}`,
        },
        {
          command: 'CreateBudget',
          input: {
            AccountId: accountId,
            Budget: {
              BudgetName: spec.name,
              BudgetType: 'COST',
              TimeUnit: spec.timeUnit,
              BudgetLimit: {Amount: centsToAmount(spec.limitCents), Unit: 'USD'},
              ...(spec.filter ? {FilterExpression: spec.filter} : {}),
            },
            NotificationsWithSubscribers: spec.notifications.map((n) => ({Notification: n, Subscribers: forNewAlerts})),
          },
        },
      )
    } else {
      planBudgetUpdate(spec, current.budget, accountId, change)
      planNotifications(spec, current, accountId, explicit, forNewAlerts, change, needSubscribers)
    }
    targets.push({
      name: spec.name,
      role: spec.role,
      timeUnit: spec.timeUnit,
      limit: spec.limitCents / 100,
      currency: 'USD',
      filter: filterText,
      alerts: spec.notifications.map(notificationLabel),
      status: !current ? 'create' : changes.length > before ? 'update' : 'unchanged',
      managedByStack: owned.budgets.has(spec.name) ? owned.stack : null,
    })
  }
  const notes = planNotes(specs, input, explicit)
  const drifting = targets.filter((t) => t.managedByStack !== null && t.status !== 'unchanged').map((t) => t.name)
  if (drifting.length > 0) {
    notes.unshift(
      `WARNING: CloudFormation stack ${owned.stack} owns ${drifting.join(', ')}: changing them here drifts the stack and its next deploy reverts them; ` +
        'prefer changing the budgets in omnix.config.json and deploying.',
    )
  }

  return {
    result: {
      env: input.env,
      accountId,
      budgets: targets,
      changes,
      notes,
      unchanged: changes.length === 0,
    },
    operations,
  }
}

function planBudgetUpdate(spec: BudgetSpec, budget: Budget, accountId: string, change: (c: BudgetChange, op: BudgetOperation) => void): void {
  const differences: string[] = []
  const currentCents = budget.BudgetLimit?.Amount === undefined ? null : Math.round(Number(budget.BudgetLimit.Amount) * 100)
  const currentUnit = budget.BudgetLimit?.Unit ?? null
  if (currentCents !== spec.limitCents || currentUnit !== 'USD') {
    differences.push(`limit ${currentCents === null ? 'none' : `${centsToAmount(currentCents)} ${currentUnit}`} -> ${usd(spec.limitCents)}`)
  }
  if (budget.PlannedBudgetLimits || budget.AutoAdjustData) differences.push('planned/auto-adjusting limit -> fixed limit')
  if (budget.TimeUnit !== spec.timeUnit) differences.push(`period ${budget.TimeUnit} -> ${spec.timeUnit}`)
  if (budget.BudgetType !== 'COST') differences.push(`type ${budget.BudgetType} -> COST`)
  const currentFilter = budgetFilter(budget)
  if (canonicalFilter(currentFilter) !== canonicalFilter(spec.filter)) {
    differences.push(`filter ${describeFilter(currentFilter)} -> ${describeFilter(spec.filter)}`)
  }
  if (differences.length === 0) return
  const cost = budget.Metrics?.length ? {Metrics: budget.Metrics} : budget.CostTypes ? {CostTypes: budget.CostTypes} : {}
  change(
    {
      budget: spec.name,
      action: 'update-budget',
      summary: differences.join('; '),
      before: `${currentCents === null ? 'none' : `${centsToAmount(currentCents)} ${currentUnit}`} ${budget.TimeUnit}, ${describeFilter(currentFilter)}`,
      after: `${usd(spec.limitCents)} ${spec.timeUnit}, ${describeFilter(spec.filter)}`,
    },
    {
      command: 'UpdateBudget',
      input: {
        AccountId: accountId,
        NewBudget: {
          BudgetName: spec.name,
          BudgetType: 'COST',
          TimeUnit: spec.timeUnit,
          BudgetLimit: {Amount: centsToAmount(spec.limitCents), Unit: 'USD'},
          ...(spec.filter ? {FilterExpression: spec.filter} : {}),
          ...cost,
          ...(budget.TimePeriod && budget.TimeUnit === spec.timeUnit ? {TimePeriod: budget.TimePeriod} : {}),
          ...(budget.BillingViewArn ? {BillingViewArn: budget.BillingViewArn} : {}),
        },
      },
    },
  )
}

function planNotifications(
  spec: BudgetSpec,
  current: Existing,
  accountId: string,
  explicit: SubscriberIntent,
  forNewAlerts: Subscriber[],
  change: (c: BudgetChange, op: BudgetOperation) => void,
  needSubscribers: (spec: BudgetSpec) => void,
): void {
  const wanted = new Map(spec.notifications.map((n) => [notificationKey(n), n]))
  const have = new Map(current.notifications.map((n) => [notificationKey(n.notification), n]))
  const base = {AccountId: accountId, BudgetName: spec.name}

  for (const [key, n] of have) {
    if (wanted.has(key)) continue
    const why = spec.timeUnit === 'DAILY' && n.notification.NotificationType === 'FORECASTED' ? ' (AWS does not forecast DAILY budgets)' : ''
    change(
      {budget: spec.name, action: 'delete-notification', summary: `remove alert ${notificationLabel(n.notification)}${why}`, before: notificationLabel(n.notification), after: null},
      {command: 'DeleteNotification', input: {...base, Notification: notificationKeyFields(n.notification)}},
    )
  }
  for (const [key, n] of wanted) {
    const existing = have.get(key)
    if (!existing) {
      needSubscribers(spec)
      change(
        {
          budget: spec.name,
          action: 'create-notification',
          summary: `add alert ${notificationLabel(n)} to ${forNewAlerts.map(subscriberText).join(', ')}`,
          before: null,
          after: notificationLabel(n),
        },
        {command: 'CreateNotification', input: {...base, Notification: n, Subscribers: forNewAlerts}},
      )
      continue
    }
    const managed = (s: Subscriber) => (s.SubscriptionType === 'SNS' ? explicit.sns : explicit.email) !== null
    const wantedSubscribers = [...(explicit.email ?? []), ...(explicit.sns ?? [])]
    if (wantedSubscribers.length === 0) continue
    const present = new Map(existing.subscribers.map((s) => [subscriberKey(s), s]))
    const desired = new Map(wantedSubscribers.map((s) => [subscriberKey(s), s]))
    const notification = notificationKeyFields(existing.notification)
    const added = [...desired].filter(([k]) => !present.has(k)).map(([, s]) => s)
    const removed = [...present].filter(([k, s]) => !desired.has(k) && managed(s)).map(([, s]) => s)
    // Swap in place where a kind loses one and gains one: adding first could pass the per-notification
    // limit (1 SNS topic, 10 emails) and removing first could leave the alert with nobody to notify.
    for (const type of ['EMAIL', 'SNS'] as const) {
      const gained = added.filter((s) => s.SubscriptionType === type)
      const lost = removed.filter((s) => s.SubscriptionType === type)
      while (gained.length > 0 && lost.length > 0) {
        const from = lost.shift()!
        const to = gained.shift()!
        added.splice(added.indexOf(to), 1)
        removed.splice(removed.indexOf(from), 1)
        change(
          {
            budget: spec.name,
            action: 'update-subscriber',
            summary: `alert ${notificationLabel(n)}: notify ${subscriberText(to)} instead of ${subscriberText(from)}`,
            before: subscriberText(from),
            after: subscriberText(to),
          },
          {command: 'UpdateSubscriber', input: {...base, Notification: notification, OldSubscriber: from, NewSubscriber: to}},
        )
      }
    }
    for (const s of added) {
      change(
        {budget: spec.name, action: 'create-subscriber', summary: `alert ${notificationLabel(n)}: notify ${subscriberText(s)}`, before: null, after: subscriberText(s)},
        {command: 'CreateSubscriber', input: {...base, Notification: notification, Subscriber: s}},
      )
    }
    for (const s of removed) {
      change(
        {budget: spec.name, action: 'delete-subscriber', summary: `alert ${notificationLabel(n)}: stop notifying ${subscriberText(s)}`, before: subscriberText(s), after: null},
        {command: 'DeleteSubscriber', input: {...base, Notification: notification, Subscriber: s}},
      )
    }
  }
}

function planNotes(specs: readonly BudgetSpec[], input: BudgetsInput, explicit: SubscriberIntent): string[] {
  const notes: string[] = []
  for (const spec of specs.filter((s) => s.timeUnit === 'DAILY')) {
    notes.push(
      `${spec.name}: ACTUAL alerts only (80 % and 100 %). AWS Budgets does not offer FORECASTED notifications on DAILY budgets; ` +
        'the monthly budget carries the forecasted alerts.',
    )
  }
  if (specs.some((s) => s.timeUnit === 'MONTHLY')) {
    notes.push('FORECASTED alerts fire only once AWS has enough usage history to forecast (about five weeks on a new account).')
  }
  if (input.bedrockMonthlyCents !== undefined) {
    notes.push(
      'The Bedrock budget counts the "Amazon Bedrock" service; models sold through AWS Marketplace may bill under their own service name and fall outside it.',
    )
  }
  for (const tag of input.customerTags ?? []) {
    notes.push(`Tag "${tag.key}" must be activated as a cost allocation tag (Billing > Cost allocation tags) before tagged spend appears in its budget.`)
  }
  if (input.snsTopic) notes.push(`The topic policy of ${input.snsTopic} must allow budgets.amazonaws.com to sns:Publish.`)
  if (explicit.email === null && explicit.sns === null) {
    notes.push('No --email/--sns-topic given: existing alerts keep their subscribers; new alerts go to the same ones.')
  } else if (explicit.email === null) {
    notes.push('No --email given: existing email subscribers are kept.')
  } else if (explicit.sns === null) {
    notes.push('No --sns-topic given: an existing SNS subscriber is kept.')
  }
  return notes
}

/** Sends the plan's operations in order. */
export async function applyBudgetPlan(target: AwsTarget, plan: BudgetPlan, onApplied?: (change: BudgetChange) => void): Promise<void> {
  const sdk = await import('@aws-sdk/client-budgets')
  const client = new sdk.BudgetsClient(clientConfig(target))
  try {
    for (const [index, op] of plan.operations.entries()) {
      switch (op.command) {
        case 'CreateBudget':
          await client.send(new sdk.CreateBudgetCommand(op.input))
          break
        case 'UpdateBudget':
          await client.send(new sdk.UpdateBudgetCommand(op.input))
          break
        case 'CreateNotification':
          await client.send(new sdk.CreateNotificationCommand(op.input))
          break
        case 'DeleteNotification':
          await client.send(new sdk.DeleteNotificationCommand(op.input))
          break
        case 'CreateSubscriber':
          await client.send(new sdk.CreateSubscriberCommand(op.input))
          break
        case 'DeleteSubscriber':
          await client.send(new sdk.DeleteSubscriberCommand(op.input))
          break
        case 'UpdateSubscriber':
          await client.send(new sdk.UpdateSubscriberCommand(op.input))
          break
      }
      onApplied?.(plan.result.changes[index])
    }
  } finally {
    client.destroy()
  }
}
