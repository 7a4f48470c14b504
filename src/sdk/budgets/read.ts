import type {Budget, BudgetsClient, Notification, Subscriber} from '@aws-sdk/client-budgets'

function isNotFound(error: unknown): boolean {
  return (error as {name?: string})?.name === 'NotFoundException'
}

/** Every budget of the account, with filter expressions. */
export async function describeBudgets(client: BudgetsClient, accountId: string): Promise<Budget[]> {
  const {DescribeBudgetsCommand} = await import('@aws-sdk/client-budgets')
  const budgets: Budget[] = []
  let NextToken: string | undefined
  try {
    do {
      const page = await client.send(new DescribeBudgetsCommand({AccountId: accountId, MaxResults: 100, NextToken, ShowFilterExpression: true}))
      budgets.push(...(page.Budgets ?? []))
      NextToken = page.NextToken
    } while (NextToken)
  } catch (error) {
    // An account without budgets answers NotFound rather than an empty list.
    if (!isNotFound(error)) throw error
  }
  return budgets
}

export async function describeNotifications(client: BudgetsClient, accountId: string, budgetName: string): Promise<Notification[]> {
  const {DescribeNotificationsForBudgetCommand} = await import('@aws-sdk/client-budgets')
  const notifications: Notification[] = []
  let NextToken: string | undefined
  try {
    do {
      const page = await client.send(
        new DescribeNotificationsForBudgetCommand({AccountId: accountId, BudgetName: budgetName, MaxResults: 100, NextToken}),
      )
      notifications.push(...(page.Notifications ?? []))
      NextToken = page.NextToken
    } while (NextToken)
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  return notifications
}

export async function describeSubscribers(
  client: BudgetsClient,
  accountId: string,
  budgetName: string,
  notification: Notification,
): Promise<Subscriber[]> {
  const {DescribeSubscribersForNotificationCommand} = await import('@aws-sdk/client-budgets')
  const subscribers: Subscriber[] = []
  let NextToken: string | undefined
  try {
    do {
      const page = await client.send(
        new DescribeSubscribersForNotificationCommand({
          AccountId: accountId,
          BudgetName: budgetName,
          Notification: notificationKeyFields(notification),
          MaxResults: 100,
          NextToken,
        }),
      )
      subscribers.push(...(page.Subscribers ?? []))
      NextToken = page.NextToken
    } while (NextToken)
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  return subscribers
}

/** The fields that identify a notification (its state is not part of its identity). */
export function notificationKeyFields(n: Notification): Notification {
  return {
    NotificationType: n.NotificationType,
    ComparisonOperator: n.ComparisonOperator,
    Threshold: n.Threshold,
    ThresholdType: n.ThresholdType ?? 'PERCENTAGE',
  }
}

export function notificationKey(n: Notification): string {
  const k = notificationKeyFields(n)
  return `${k.NotificationType}|${k.ComparisonOperator}|${k.Threshold}|${k.ThresholdType}`
}

/** `ACTUAL > 80%`. */
export function notificationLabel(n: Notification): string {
  const op = n.ComparisonOperator === 'GREATER_THAN' ? '>' : n.ComparisonOperator === 'LESS_THAN' ? '<' : '='
  const unit = (n.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE' ? '%' : ' USD'
  return `${n.NotificationType} ${op} ${n.Threshold}${unit}`
}

export function subscriberKey(s: Subscriber): string {
  return `${s.SubscriptionType}|${s.SubscriptionType === 'EMAIL' ? (s.Address ?? '').toLowerCase() : s.Address}`
}
