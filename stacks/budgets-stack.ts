import {Stack, type StackProps} from 'aws-cdk-lib'
import {CfnBudget} from 'aws-cdk-lib/aws-budgets'
import type {ITopic} from 'aws-cdk-lib/aws-sns'
import type {Construct} from 'constructs'

import {budgetName} from '../src/sdk/catalog/index.js'
import type {PlatformContext} from './platform-context.js'

/** Warning and critical thresholds, in percent of the budget. */
export const BUDGET_THRESHOLDS = [80, 100] as const

type NotificationType = 'ACTUAL' | 'FORECASTED'

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
    const notifications = (types: readonly NotificationType[]): CfnBudget.NotificationWithSubscribersProperty[] =>
      types.flatMap((notificationType) =>
        BUDGET_THRESHOLDS.map((threshold) => ({
          notification: {notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE'},
          subscribers: [{subscriptionType: 'SNS', address: props.alertsTopic.topicArn}],
        })),
      )

    const budgets = [
      new CfnBudget(this, 'DailyBudget', {
        budget: {
          budgetName: budgetName(env, 'daily'),
          budgetType: 'COST',
          timeUnit: 'DAILY',
          budgetLimit: {amount: settings.budgets.daily, unit: 'USD'},
        },
        // AWS Budgets rejects FORECASTED notifications on DAILY budgets; the monthly budget
        // carries the forecast alerts.
        notificationsWithSubscribers: notifications(['ACTUAL']),
      }),
      new CfnBudget(this, 'MonthlyBudget', {
        budget: {
          budgetName: budgetName(env, 'monthly'),
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          budgetLimit: {amount: settings.budgets.monthly, unit: 'USD'},
        },
        notificationsWithSubscribers: notifications(['ACTUAL', 'FORECASTED']),
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
          notificationsWithSubscribers: notifications(['ACTUAL', 'FORECASTED']),
        }),
      )
    }
    this.budgets = budgets
  }
}
