import assert from 'node:assert/strict'

import {budgetName} from '../../src/sdk/catalog/index.js'
import {resourcesOf, type SynthesizedPlatform, synthesizedBefore} from './synthesized-platform.js'

type Budget = {Budget: Record<string, any>; NotificationsWithSubscribers: any[]}

function budgetsByName(platform: SynthesizedPlatform): Map<string, Budget> {
  const budgets = resourcesOf(platform.templates.budgets, 'AWS::Budgets::Budget')
  return new Map(Object.values(budgets).map((b) => [b.Properties.Budget.BudgetName as string, b.Properties as Budget]))
}

const notifications = (budget: Budget) =>
  budget.NotificationsWithSubscribers.map((n) => `${n.Notification.NotificationType} ${n.Notification.Threshold}`).sort()

describe('budgets stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod', 'prod-full'], 180_000)

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const budgets = () => budgetsByName(synthesized(env))

      it('sets a daily 50 USD cost budget alerting on actual spend at 80 % and 100 %', () => {
        const daily = budgets().get(budgetName(env, 'daily'))!
        assert.equal(daily.Budget.BudgetType, 'COST')
        assert.equal(daily.Budget.TimeUnit, 'DAILY')
        assert.deepEqual(daily.Budget.BudgetLimit, {Amount: 50, Unit: 'USD'})
        // AWS Budgets does not accept forecast notifications on daily budgets.
        assert.deepEqual(notifications(daily), ['ACTUAL 100', 'ACTUAL 80'])
      })

      it('sets a monthly 1000 USD cost budget alerting on actual and forecasted spend at 80 % and 100 %', () => {
        const monthly = budgets().get(budgetName(env, 'monthly'))!
        assert.equal(monthly.Budget.TimeUnit, 'MONTHLY')
        assert.deepEqual(monthly.Budget.BudgetLimit, {Amount: 1000, Unit: 'USD'})
        assert.deepEqual(notifications(monthly), ['ACTUAL 100', 'ACTUAL 80', 'FORECASTED 100', 'FORECASTED 80'])
      })

      it('sends every notification to the alerts topic, as percentages above the threshold', () => {
        for (const budget of budgets().values()) {
          for (const {Notification, Subscribers} of budget.NotificationsWithSubscribers) {
            assert.equal(Notification.ThresholdType, 'PERCENTAGE')
            assert.equal(Notification.ComparisonOperator, 'GREATER_THAN')
            assert.equal(Subscribers.length, 1)
            assert.equal(Subscribers[0].SubscriptionType, 'SNS')
            assert.match(JSON.stringify(Subscribers[0].Address), /AlertsTopic/)
          }
        }
        assert.equal(budgets().size, 2, 'no Bedrock budget unless configured')
      })
    })
  }

  it('tracks Bedrock spend in its own monthly budget when one is configured', () => {
    const bedrock = budgetsByName(synthesized('prod-full')).get(budgetName('prod', 'bedrock-monthly'))!
    assert.deepEqual(bedrock.Budget.BudgetLimit, {Amount: 200, Unit: 'USD'})
    assert.deepEqual(bedrock.Budget.CostFilters, {Service: ['Amazon Bedrock']})
    assert.deepEqual(notifications(bedrock), ['ACTUAL 100', 'ACTUAL 80', 'FORECASTED 100', 'FORECASTED 80'])
  })
})
