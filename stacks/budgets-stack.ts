import {Stack, type StackProps} from 'aws-cdk-lib'
import {CfnBudget} from 'aws-cdk-lib/aws-budgets'
import type {ITopic} from 'aws-cdk-lib/aws-sns'
import type {Construct} from 'constructs'

import {budgetNotifications} from '../src/sdk/budgets/desired.js'
import {budgetName} from '../src/sdk/catalog/index.js'
import type {PlatformContext} from './platform-context.js'

export interface BudgetsStackProps extends StackProps {
  readonly context: PlatformContext
  readonly alertsTopic: ITopic
}

/** Daily and monthly cost budgets (and Bedrock's own, when configured) alerting the alerts topic. */
export class BudgetsStack extends Stack {
  readonly budgets: readonly CfnBudget[]

  constructor(scope: Construct, id: string, props: BudgetsStackProps) {
    super(scope, id, props)
    const {env, settings} = props.context
    // The same alerts `omnix budgets set` manages: 80 % and 100 %, ACTUAL, and FORECASTED except on
    // DAILY budgets (AWS Budgets does not forecast those).
    const notifications = (timeUnit: 'DAILY' | 'MONTHLY'): CfnBudget.NotificationWithSubscribersProperty[] =>
      budgetNotifications(timeUnit).map((n) => ({
        notification: {notificationType: n.NotificationType!, comparisonOperator: n.ComparisonOperator!, threshold: n.Threshold!, thresholdType: n.ThresholdType},
        subscribers: [{subscriptionType: 'SNS', address: props.alertsTopic.topicArn}],
      }))

    const budgets = [
      new CfnBudget(this, 'DailyBudget', {
        budget: {
          budgetName: budgetName(env, 'daily'),
          budgetType: 'COST',
          timeUnit: 'DAILY',
          budgetLimit: {amount: settings.budgets.daily, unit: 'USD'},
        },
        notificationsWithSubscribers: notifications('DAILY'),
      }),
      new CfnBudget(this, 'MonthlyBudget', {
        budget: {
          budgetName: budgetName(env, 'monthly'),
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          budgetLimit: {amount: settings.budgets.monthly, unit: 'USD'},
        },
        notificationsWithSubscribers: notifications('MONTHLY'),
      }),
    ]
    if (settings.budgets.bedrockMonthly !== undefined) {
      budgets.push(
        new CfnBudget(this, 'BedrockMonthlyBudget', {
          budget: {
            budgetName: budgetName(env, 'bedrock-monthly'),
            budgetType: 'COST',
            timeUnit: 'MONTHLY',
            budgetLimit: {amount: settings.budgets.bedrockMonthly, unit: 'USD'},
            costFilters: {Service: ['Amazon Bedrock']},
          },
          notificationsWithSubscribers: notifications('MONTHLY'),
        }),
      )
    }
    this.budgets = budgets
  }
}
