import {
  type Budget,
  BudgetsClient,
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteNotificationCommand,
  DeleteSubscriberCommand,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  type Notification,
  type Subscriber,
  UpdateBudgetCommand,
  UpdateSubscriberCommand,
} from '@aws-sdk/client-budgets'
import {CloudFormationClient, ListStackResourcesCommand} from '@aws-sdk/client-cloudformation'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {type AwsStub, mockClient} from 'aws-sdk-client-mock'

export const ACCOUNT = '123456789012'

export const WRITE_COMMANDS = [
  CreateBudgetCommand,
  UpdateBudgetCommand,
  CreateNotificationCommand,
  DeleteNotificationCommand,
  CreateSubscriberCommand,
  DeleteSubscriberCommand,
  UpdateSubscriberCommand,
] as const

interface StoredNotification {
  notification: Notification
  subscribers: Subscriber[]
}

const key = (n: Notification) => `${n.NotificationType}|${n.ComparisonOperator}|${n.Threshold}|${n.ThresholdType ?? 'PERCENTAGE'}`

/**
 * An in-memory Budgets account behind aws-sdk-client-mock: reads answer from the state and writes
 * change it, so a second run sees what the first one did. Amounts come back the way AWS writes
 * them (`50.0`), not as sent.
 */
export class FakeBudgetsAccount {
  readonly budgets = new Map<string, Budget>()
  readonly notifications = new Map<string, StoredNotification[]>()

  addBudget(budget: Budget, notifications: Array<{notification: Notification; subscribers: Subscriber[]}> = []): void {
    this.budgets.set(budget.BudgetName!, budget)
    this.notifications.set(budget.BudgetName!, notifications.map((n) => ({notification: {...n.notification}, subscribers: [...n.subscribers]})))
  }

  install(stub: AwsStub<any, any, any>): void {
    const awsAmount = (amount: string) => (Number.isInteger(Number(amount)) ? `${Number(amount)}.0` : String(Number(amount)))
    const store = (b: Budget): Budget => ({...b, BudgetLimit: b.BudgetLimit && {...b.BudgetLimit, Amount: awsAmount(b.BudgetLimit.Amount!)}})
    const list = (name: string) => this.notifications.get(name) ?? []
    const find = (name: string, n: Notification) => list(name).find((s) => key(s.notification) === key(n))

    stub.on(DescribeBudgetsCommand).callsFake(() => ({Budgets: [...this.budgets.values()]}))
    stub.on(DescribeNotificationsForBudgetCommand).callsFake((input) => ({Notifications: list(input.BudgetName).map((s) => s.notification)}))
    stub.on(DescribeSubscribersForNotificationCommand).callsFake((input) => ({Subscribers: find(input.BudgetName, input.Notification)?.subscribers ?? []}))
    stub.on(CreateBudgetCommand).callsFake((input) => {
      this.budgets.set(input.Budget.BudgetName, store(input.Budget))
      this.notifications.set(
        input.Budget.BudgetName,
        (input.NotificationsWithSubscribers ?? []).map((n: any) => ({notification: {...n.Notification, NotificationState: 'OK'}, subscribers: [...n.Subscribers]})),
      )
      return {}
    })
    stub.on(UpdateBudgetCommand).callsFake((input) => {
      this.budgets.set(input.NewBudget.BudgetName, store(input.NewBudget))
      return {}
    })
    stub.on(CreateNotificationCommand).callsFake((input) => {
      list(input.BudgetName).push({notification: {...input.Notification, NotificationState: 'OK'}, subscribers: [...input.Subscribers]})
      this.notifications.set(input.BudgetName, list(input.BudgetName))
      return {}
    })
    stub.on(DeleteNotificationCommand).callsFake((input) => {
      this.notifications.set(input.BudgetName, list(input.BudgetName).filter((s) => key(s.notification) !== key(input.Notification)))
      return {}
    })
    stub.on(CreateSubscriberCommand).callsFake((input) => {
      find(input.BudgetName, input.Notification)!.subscribers.push(input.Subscriber)
      return {}
    })
    stub.on(UpdateSubscriberCommand).callsFake((input) => {
      const n = find(input.BudgetName, input.Notification)!
      n.subscribers = n.subscribers.map((s) => (s.Address === input.OldSubscriber.Address ? input.NewSubscriber : s))
      return {}
    })
    stub.on(DeleteSubscriberCommand).callsFake((input) => {
      const n = find(input.BudgetName, input.Notification)!
      n.subscribers = n.subscribers.filter((s) => s.Address !== input.Subscriber.Address)
      return {}
    })
  }
}

export interface BudgetMocks {
  budgets: AwsStub<any, any, any>
  sts: AwsStub<any, any, any>
  cfn: AwsStub<any, any, any>
}

export function useBudgetMocks(): BudgetMocks {
  const mocks = {} as BudgetMocks
  before(() => {
    mocks.budgets = mockClient(BudgetsClient)
    mocks.sts = mockClient(STSClient)
    mocks.cfn = mockClient(CloudFormationClient)
  })
  beforeEach(() => {
    mocks.budgets.reset()
    mocks.sts.reset()
    mocks.cfn.reset()
    mocks.cfn.on(ListStackResourcesCommand).rejects(Object.assign(new Error('Stack with id omnix-ai-dev-budgets does not exist'), {name: 'ValidationError'}))
    mocks.sts.on(GetCallerIdentityCommand).resolves({Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/ops`, UserId: 'AIDA'})
  })
  after(() => {
    mocks.budgets.restore()
    mocks.sts.restore()
    mocks.cfn.restore()
  })
  return mocks
}

/** Every write the stub received, as `Command:budget` in order. */
export function writes(stub: AwsStub<any, any, any>): string[] {
  return stub
    .calls()
    .map((c) => c.args[0])
    .filter((cmd) => WRITE_COMMANDS.some((W) => cmd instanceof W))
    .map((cmd) => `${cmd.constructor.name.replace(/Command$/, '')}:${cmd.input.BudgetName ?? cmd.input.Budget?.BudgetName ?? cmd.input.NewBudget?.BudgetName}`)
}

export const ACTUAL = (threshold: number): Notification => ({NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: threshold, ThresholdType: 'PERCENTAGE'})
export const FORECASTED = (threshold: number): Notification => ({NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: threshold, ThresholdType: 'PERCENTAGE'})
export const EMAIL = (address: string): Subscriber => ({SubscriptionType: 'EMAIL', Address: address})
