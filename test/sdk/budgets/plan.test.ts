import {ListStackResourcesCommand} from '@aws-sdk/client-cloudformation'
import {CreateBudgetCommand, type CreateBudgetRequest, CreateNotificationCommand, DeleteNotificationCommand, DescribeBudgetsCommand, UpdateBudgetCommand} from '@aws-sdk/client-budgets'
import assert from 'node:assert/strict'

import type {BudgetsInput} from '../../../src/sdk/budgets/desired.js'
import {applyBudgetPlan, planBudgets} from '../../../src/sdk/budgets/plan.js'
import {UsageError} from '../../../src/sdk/errors.js'
import {ACCOUNT, ACTUAL, EMAIL, FakeBudgetsAccount, FORECASTED, useBudgetMocks, writes} from './fake-budgets.js'

const target = {region: 'us-east-1'}
const BASE: BudgetsInput = {env: 'dev', dailyCents: 5000, monthlyCents: 100_000, emails: ['ops@example.com']}

describe('sdk/budgets planBudgets and applyBudgetPlan', () => {
  const mocks = useBudgetMocks()
  let account: FakeBudgetsAccount
  beforeEach(() => {
    account = new FakeBudgetsAccount()
    account.install(mocks.budgets)
  })

  it('creates the daily and monthly budgets: ACTUAL alerts on daily, ACTUAL and FORECASTED on monthly', async () => {
    const plan = await planBudgets(target, ACCOUNT, BASE)
    assert.deepEqual(plan.result.changes.map((c) => [c.budget, c.action]), [
      ['omnix-ai-dev-daily', 'create-budget'],
      ['omnix-ai-dev-monthly', 'create-budget'],
    ])
    assert.ok(plan.result.notes.some((n) => /omnix-ai-dev-daily: ACTUAL alerts only .*does not offer FORECASTED notifications on DAILY budgets/.test(n)))
    await applyBudgetPlan(target, plan)
    const [daily, monthly] = mocks.budgets.commandCalls(CreateBudgetCommand).map((c) => c.args[0].input)
    const subscribers = [EMAIL('ops@example.com')]
    assert.deepEqual(daily, {
      AccountId: ACCOUNT,
      Budget: {BudgetName: 'omnix-ai-dev-daily', BudgetType: 'COST', TimeUnit: 'DAILY', BudgetLimit: {Amount: '50.00', Unit: 'USD'}},
      NotificationsWithSubscribers: [
        {Notification: ACTUAL(80), Subscribers: subscribers},
        {Notification: ACTUAL(100), Subscribers: subscribers},
      ],
    })
    assert.deepEqual(monthly, {
      AccountId: ACCOUNT,
      Budget: {BudgetName: 'omnix-ai-dev-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '1000.00', Unit: 'USD'}},
      NotificationsWithSubscribers: [ACTUAL(80), ACTUAL(100), FORECASTED(80), FORECASTED(100)].map((n) => ({Notification: n, Subscribers: subscribers})),
    })
  })

  it('a second run with the same input changes nothing and says so', async () => {
    await applyBudgetPlan(target, await planBudgets(target, ACCOUNT, {...BASE, bedrockMonthlyCents: 30_000, customerTags: [{key: 'customer', value: 'acme'}]}))
    mocks.budgets.resetHistory()
    const again = await planBudgets(target, ACCOUNT, {...BASE, bedrockMonthlyCents: 30_000, customerTags: [{key: 'customer', value: 'acme'}]})
    assert.equal(again.result.unchanged, true)
    assert.deepEqual(again.result.changes, [])
    assert.deepEqual(again.operations, [])
    assert.ok(again.result.budgets.every((b) => b.status === 'unchanged'))
    assert.deepEqual(writes(mocks.budgets), [])
    assert.equal(mocks.budgets.commandCalls(DescribeBudgetsCommand)[0].args[0].input.ShowFilterExpression, true)
  })

  it('updates a changed limit with UpdateBudget, keeping the budget\'s cost settings and period', async () => {
    account.addBudget(
      {
        BudgetName: 'omnix-ai-dev-monthly',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: {Amount: '800.0', Unit: 'USD'},
        CostTypes: {IncludeTax: false},
        TimePeriod: {Start: new Date('2025-01-01T00:00:00Z'), End: new Date('2087-06-15T00:00:00Z')},
        CalculatedSpend: {ActualSpend: {Amount: '12.0', Unit: 'USD'}},
      },
      [ACTUAL(80), ACTUAL(100), FORECASTED(80), FORECASTED(100)].map((notification) => ({notification, subscribers: [EMAIL('ops@example.com')]})),
    )
    const plan = await planBudgets(target, ACCOUNT, BASE)
    const monthly = plan.result.changes.filter((c) => c.budget === 'omnix-ai-dev-monthly')
    assert.deepEqual(monthly.map((c) => [c.action, c.summary]), [['update-budget', 'limit 800.00 USD -> 1000.00 USD']])
    assert.equal(plan.result.budgets.find((b) => b.name === 'omnix-ai-dev-monthly')!.status, 'update')
    await applyBudgetPlan(target, plan)
    assert.deepEqual(mocks.budgets.commandCalls(UpdateBudgetCommand)[0].args[0].input, {
      AccountId: ACCOUNT,
      NewBudget: {
        BudgetName: 'omnix-ai-dev-monthly',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: {Amount: '1000.00', Unit: 'USD'},
        CostTypes: {IncludeTax: false},
        TimePeriod: {Start: new Date('2025-01-01T00:00:00Z'), End: new Date('2087-06-15T00:00:00Z')},
      },
    })
    assert.deepEqual(writes(mocks.budgets), ['CreateBudget:omnix-ai-dev-daily', 'UpdateBudget:omnix-ai-dev-monthly'])
  })

  it('adds missing alerts, removes a FORECASTED alert from a daily budget and never adds one', async () => {
    const subscribers = [EMAIL('ops@example.com')]
    account.addBudget({BudgetName: 'omnix-ai-dev-daily', BudgetType: 'COST', TimeUnit: 'DAILY', BudgetLimit: {Amount: '50.0', Unit: 'USD'}}, [
      {notification: ACTUAL(80), subscribers},
      {notification: FORECASTED(100), subscribers},
    ])
    account.addBudget({BudgetName: 'omnix-ai-dev-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '1000.0', Unit: 'USD'}}, [
      {notification: ACTUAL(80), subscribers},
      {notification: ACTUAL(100), subscribers},
    ])
    const plan = await planBudgets(target, ACCOUNT, BASE)
    assert.deepEqual(plan.result.changes.map((c) => [c.budget, c.action, c.after ?? c.before]), [
      ['omnix-ai-dev-daily', 'delete-notification', 'FORECASTED > 100%'],
      ['omnix-ai-dev-daily', 'create-notification', 'ACTUAL > 100%'],
      ['omnix-ai-dev-monthly', 'create-notification', 'FORECASTED > 80%'],
      ['omnix-ai-dev-monthly', 'create-notification', 'FORECASTED > 100%'],
    ])
    assert.match(plan.result.changes[0].summary, /AWS does not forecast DAILY budgets/)
    await applyBudgetPlan(target, plan)
    assert.deepEqual(mocks.budgets.commandCalls(DeleteNotificationCommand)[0].args[0].input, {
      AccountId: ACCOUNT,
      BudgetName: 'omnix-ai-dev-daily',
      Notification: FORECASTED(100),
    })
    const created = mocks.budgets.commandCalls(CreateNotificationCommand).map((c) => c.args[0].input)
    assert.ok(created.every((input) => !(input.BudgetName === 'omnix-ai-dev-daily' && input.Notification!.NotificationType === 'FORECASTED')))
    assert.deepEqual(created[0], {AccountId: ACCOUNT, BudgetName: 'omnix-ai-dev-daily', Notification: ACTUAL(100), Subscribers: subscribers})
  })

  it('replaces the subscribers of the kinds given (swapping in place), keeping the other kind', async () => {
    const topic = (name: string) => ({SubscriptionType: 'SNS' as const, Address: `arn:aws:sns:us-east-1:123456789012:${name}`})
    account.addBudget({BudgetName: 'omnix-ai-dev-daily', BudgetType: 'COST', TimeUnit: 'DAILY', BudgetLimit: {Amount: '50.0', Unit: 'USD'}}, [
      {notification: ACTUAL(80), subscribers: [EMAIL('old@example.com'), topic('old-alerts')]},
      {notification: ACTUAL(100), subscribers: [EMAIL('OPS@example.com'), EMAIL('old@example.com')]},
    ])
    const emailsOnly = await planBudgets(target, ACCOUNT, BASE)
    assert.deepEqual(emailsOnly.result.changes.filter((c) => c.budget === 'omnix-ai-dev-daily').map((c) => [c.action, c.summary]), [
      ['update-subscriber', 'alert ACTUAL > 80%: notify email ops@example.com instead of email old@example.com'],
      ['delete-subscriber', 'alert ACTUAL > 100%: stop notifying email old@example.com'],
    ])
    assert.ok(emailsOnly.result.notes.includes('No --sns-topic given: an existing SNS subscriber is kept.'))

    const withTopic = await planBudgets(target, ACCOUNT, {...BASE, snsTopic: topic('omnix-alerts').Address})
    const swaps = withTopic.operations.filter((op) => op.command === 'UpdateSubscriber' && op.input.BudgetName === 'omnix-ai-dev-daily')
    assert.deepEqual(
      swaps.map((op) => op.input),
      [
        {AccountId: ACCOUNT, BudgetName: 'omnix-ai-dev-daily', Notification: ACTUAL(80), OldSubscriber: EMAIL('old@example.com'), NewSubscriber: EMAIL('ops@example.com')},
        {AccountId: ACCOUNT, BudgetName: 'omnix-ai-dev-daily', Notification: ACTUAL(80), OldSubscriber: topic('old-alerts'), NewSubscriber: topic('omnix-alerts')},
      ],
    )
    await applyBudgetPlan(target, withTopic)
    assert.deepEqual(account.notifications.get('omnix-ai-dev-daily')!.map((n) => n.subscribers.map((s) => s.Address)), [
      ['ops@example.com', topic('omnix-alerts').Address],
      ['OPS@example.com', topic('omnix-alerts').Address],
    ])
  })

  it('without --email/--sns-topic keeps existing subscribers and sends new alerts to them', async () => {
    account.addBudget({BudgetName: 'omnix-ai-dev-daily', BudgetType: 'COST', TimeUnit: 'DAILY', BudgetLimit: {Amount: '50.0', Unit: 'USD'}}, [
      {notification: ACTUAL(80), subscribers: [EMAIL('a@example.com')]},
      {notification: ACTUAL(100), subscribers: [EMAIL('b@example.com')]},
    ])
    const plan = await planBudgets(target, ACCOUNT, {env: 'dev', dailyCents: 5000, monthlyCents: 100_000})
    assert.deepEqual(plan.result.changes.map((c) => c.action), ['create-budget'])
    const create = plan.operations[0]
    assert.equal(create.command, 'CreateBudget')
    assert.deepEqual(create.command === 'CreateBudget' && create.input.NotificationsWithSubscribers![0].Subscribers, [EMAIL('a@example.com'), EMAIL('b@example.com')])
  })

  it('warns when the changes would drift budgets the deployed budgets stack owns', async () => {
    mocks.cfn.on(ListStackResourcesCommand, {StackName: 'omnix-ai-dev-budgets'}).resolves({
      StackResourceSummaries: [
        {LogicalResourceId: 'DailyBudget', PhysicalResourceId: 'omnix-ai-dev-daily', ResourceType: 'AWS::Budgets::Budget', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date()},
      ],
    })
    account.addBudget({BudgetName: 'omnix-ai-dev-daily', BudgetType: 'COST', TimeUnit: 'DAILY', BudgetLimit: {Amount: '40.0', Unit: 'USD'}}, [
      {notification: ACTUAL(80), subscribers: [EMAIL('ops@example.com')]},
      {notification: ACTUAL(100), subscribers: [EMAIL('ops@example.com')]},
    ])
    const plan = await planBudgets(target, ACCOUNT, BASE)
    assert.equal(plan.result.budgets[0].managedByStack, 'omnix-ai-dev-budgets')
    assert.equal(plan.result.budgets[1].managedByStack, null)
    assert.match(plan.result.notes[0], /^WARNING: CloudFormation stack omnix-ai-dev-budgets owns omnix-ai-dev-daily: changing them here drifts the stack/)
  })

  it('refuses to create alerts nobody would receive, naming --email', async () => {
    await assert.rejects(
      planBudgets(target, ACCOUNT, {env: 'dev', dailyCents: 5000, monthlyCents: 100_000}),
      (e: Error) => e instanceof UsageError && /^--email: budget alerts for omnix-ai-dev-daily need someone to notify/.test(e.message),
    )
  })

  it('filters the Bedrock budget by service and customer budgets by tag', async () => {
    const plan = await planBudgets(target, ACCOUNT, {
      ...BASE,
      snsTopic: 'arn:aws:sns:us-east-1:123456789012:omnix-alerts',
      bedrockMonthlyCents: 30_000,
      customerTags: [{key: 'customer', value: 'acme'}, {key: 'tenant', value: null}],
      customerMonthlyCents: 20_000,
    })
    const budgetsByName: Record<string, CreateBudgetRequest> = Object.fromEntries(
      plan.operations.flatMap((op) => (op.command === 'CreateBudget' ? [[op.input.Budget!.BudgetName!, op.input]] : [])),
    )
    const budget = (name: string) => budgetsByName[name].Budget!
    assert.deepEqual(Object.keys(budgetsByName), [
      'omnix-ai-dev-daily',
      'omnix-ai-dev-monthly',
      'omnix-ai-dev-bedrock-monthly',
      'omnix-ai-dev-monthly-customer-acme',
      'omnix-ai-dev-monthly-tenant',
    ])
    assert.deepEqual(budget('omnix-ai-dev-bedrock-monthly').FilterExpression, {
      Dimensions: {Key: 'SERVICE', Values: ['Amazon Bedrock'], MatchOptions: ['EQUALS']},
    })
    assert.deepEqual(budget('omnix-ai-dev-bedrock-monthly').BudgetLimit, {Amount: '300.00', Unit: 'USD'})
    assert.deepEqual(budget('omnix-ai-dev-monthly-customer-acme').FilterExpression, {
      Tags: {Key: 'customer', Values: ['acme'], MatchOptions: ['EQUALS']},
    })
    assert.deepEqual(budget('omnix-ai-dev-monthly-customer-acme').BudgetLimit, {Amount: '200.00', Unit: 'USD'})
    assert.deepEqual(budget('omnix-ai-dev-monthly-tenant').FilterExpression, {Not: {Tags: {Key: 'tenant', MatchOptions: ['ABSENT']}}})
    assert.deepEqual(budgetsByName['omnix-ai-dev-daily'].NotificationsWithSubscribers![0].Subscribers, [
      EMAIL('ops@example.com'),
      {SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:123456789012:omnix-alerts'},
    ])
    assert.ok(plan.result.notes.some((n) => /Tag "customer" must be activated as a cost allocation tag/.test(n)))
  })

  it('treats a Bedrock budget written with the older CostFilters as already filtered', async () => {
    const subscribers = [EMAIL('ops@example.com')]
    const alerts = (daily: boolean) =>
      (daily ? [ACTUAL(80), ACTUAL(100)] : [ACTUAL(80), ACTUAL(100), FORECASTED(80), FORECASTED(100)]).map((notification) => ({notification, subscribers}))
    account.addBudget({BudgetName: 'omnix-ai-dev-daily', BudgetType: 'COST', TimeUnit: 'DAILY', BudgetLimit: {Amount: '50.0', Unit: 'USD'}}, alerts(true))
    account.addBudget({BudgetName: 'omnix-ai-dev-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '1000.0', Unit: 'USD'}}, alerts(false))
    account.addBudget(
      {BudgetName: 'omnix-ai-dev-bedrock-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '300.0', Unit: 'USD'}, CostFilters: {Service: ['Amazon Bedrock']}},
      alerts(false),
    )
    const plan = await planBudgets(target, ACCOUNT, {...BASE, bedrockMonthlyCents: 30_000})
    assert.equal(plan.result.unchanged, true)

    account.budgets.get('omnix-ai-dev-bedrock-monthly')!.CostFilters = {Service: ['Amazon SageMaker']}
    const changed = await planBudgets(target, ACCOUNT, {...BASE, bedrockMonthlyCents: 30_000})
    assert.deepEqual(changed.result.changes.map((c) => [c.budget, c.action, c.summary]), [
      ['omnix-ai-dev-bedrock-monthly', 'update-budget', 'filter SERVICE = Amazon SageMaker -> SERVICE = Amazon Bedrock'],
    ])
  })
})
