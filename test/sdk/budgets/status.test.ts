import assert from 'node:assert/strict'

import {budgetReport} from '../../../src/sdk/budgets/status.js'
import {ACCOUNT, ACTUAL, FakeBudgetsAccount, FORECASTED, useBudgetMocks} from './fake-budgets.js'

describe('sdk/budgets budgetReport', () => {
  const mocks = useBudgetMocks()

  it('reports limit, actual and forecasted spend, percentage used and fired alerts of the env\'s budgets only', async () => {
    const account = new FakeBudgetsAccount()
    const subscribers = [{SubscriptionType: 'EMAIL' as const, Address: 'ops@example.com'}]
    account.addBudget(
      {
        BudgetName: 'omnix-ai-prod-monthly',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: {Amount: '1000.0', Unit: 'USD'},
        CalculatedSpend: {ActualSpend: {Amount: '850.123', Unit: 'USD'}, ForecastedSpend: {Amount: '1210.0', Unit: 'USD'}},
      },
      [
        {notification: {...ACTUAL(80), NotificationState: 'ALARM'}, subscribers},
        {notification: {...ACTUAL(100), NotificationState: 'OK'}, subscribers},
        {notification: {...FORECASTED(100), NotificationState: 'ALARM'}, subscribers},
      ],
    )
    account.addBudget({
      BudgetName: 'omnix-ai-prod-daily',
      BudgetType: 'COST',
      TimeUnit: 'DAILY',
      BudgetLimit: {Amount: '50.0', Unit: 'USD'},
      CalculatedSpend: {ActualSpend: {Amount: '61.5', Unit: 'USD'}},
    })
    account.addBudget({BudgetName: 'omnix-ai-dev-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '10.0', Unit: 'USD'}})
    account.addBudget({BudgetName: 'someone-else', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '10.0', Unit: 'USD'}})
    account.install(mocks.budgets)

    const report = await budgetReport({region: 'eu-central-1'}, ACCOUNT, 'prod')
    assert.deepEqual(report.budgets.map((b) => b.name), ['omnix-ai-prod-daily', 'omnix-ai-prod-monthly'])
    const [daily, monthly] = report.budgets
    assert.equal(daily.percentUsed, 123)
    assert.equal(daily.overLimit, true)
    assert.equal(daily.forecasted, null)
    assert.equal(monthly.actual, 850.12)
    assert.equal(monthly.forecasted, 1210)
    assert.equal(monthly.percentUsed, 85.01)
    assert.equal(monthly.forecastPercent, 121)
    assert.equal(monthly.overLimit, false)
    assert.deepEqual(monthly.firedAlerts, ['ACTUAL > 80%', 'FORECASTED > 100%'])
    assert.deepEqual(report.overLimit, ['omnix-ai-prod-daily'])
  })

  it('says how to create budgets when the env has none', async () => {
    new FakeBudgetsAccount().install(mocks.budgets)
    const report = await budgetReport({region: 'us-east-1'}, ACCOUNT, 'dev')
    assert.deepEqual(report.budgets, [])
    assert.match(report.notes[0], /no budgets named omnix-ai-dev-\* in account 123456789012: run `omnix budgets set -e dev`/)
  })
})
