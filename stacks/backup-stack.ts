import {Duration, Stack, type StackProps} from 'aws-cdk-lib'
import {BackupPlan, BackupPlanRule, BackupResource, BackupVault} from 'aws-cdk-lib/aws-backup'
import {Schedule} from 'aws-cdk-lib/aws-events'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import type {Construct} from 'constructs'

import {resourceName, TABLE_IDS, tableName} from '../src/sdk/catalog/index.js'
import {dataRemovalPolicy, type PlatformContext} from './platform-context.js'

/** Backup cadence and retention (UTC schedules, after the nightly forecast run). */
export const BACKUP_RULES = {
  daily: {schedule: {minute: '0', hour: '3'}, keepDays: 30},
  weekly: {schedule: {minute: '0', hour: '4', weekDay: 'SUN'}, keepDays: 12 * 7},
  monthly: {schedule: {minute: '0', hour: '5', day: '1'}, keepDays: 365},
} as const

export interface BackupStackProps extends StackProps {
  readonly context: PlatformContext
  readonly key: IKey
}

/** AWS Backup vault and plan: daily (30 days), weekly (12 weeks), monthly (12 months) for every table. */
export class BackupStack extends Stack {
  readonly vault: BackupVault
  readonly plan: BackupPlan

  constructor(scope: Construct, id: string, props: BackupStackProps) {
    super(scope, id, props)
    const {env, settings} = props.context
    this.vault = new BackupVault(this, 'Vault', {
      backupVaultName: resourceName(env, 'vault'),
      encryptionKey: props.key,
      removalPolicy: dataRemovalPolicy(settings),
    })
    this.plan = new BackupPlan(this, 'Plan', {
      backupPlanName: resourceName(env, 'backup'),
      backupVault: this.vault,
      backupPlanRules: Object.entries(BACKUP_RULES).map(
        ([ruleName, rule]) =>
          new BackupPlanRule({ruleName, scheduleExpression: Schedule.cron(rule.schedule), deleteAfter: Duration.days(rule.keepDays)}),
      ),
    })
    this.plan.addSelection('Tables', {
      backupSelectionName: resourceName(env, 'tables'),
      // Table ARNs from the catalog's names: no export from the data stack to pin its tables.
      resources: TABLE_IDS.map((tableId) =>
        BackupResource.fromArn(this.formatArn({service: 'dynamodb', resource: 'table', resourceName: tableName(env, tableId)})),
      ),
      allowRestores: true,
    })
  }
}
