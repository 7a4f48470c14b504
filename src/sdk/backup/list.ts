import type {BackupClient} from '@aws-sdk/client-backup'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {type TableId, tableName} from '../catalog/tables.js'
import {isAwsError} from '../dynamodb/client.js'

/** A value that could not be read is `unknown` with the reason, never a crash. */
export type Known<T> = ({readonly status: 'known'} & T) | {readonly status: 'unknown'; readonly reason: string}

export interface PitrState {
  readonly enabled: boolean
  readonly earliestRestorableTime?: string
  readonly latestRestorableTime?: string
}

export interface RecoveryPoint {
  readonly arn: string
  /** USER (on-demand), SYSTEM, AWS_BACKUP (from ListBackups) or the AWS Backup vault it is in. */
  readonly kind: string
  readonly createdAt: string
  readonly ageHours: number
  readonly sizeBytes?: number
  readonly status: string
}

export interface TableBackups {
  readonly id: TableId
  readonly table: string
  readonly exists: boolean
  readonly pitr: Known<PitrState>
  /** Newest first. */
  readonly recoveryPoints: readonly RecoveryPoint[]
  /** Sources of recovery points that could not be read. */
  readonly errors: readonly string[]
}

export interface ListBackupsOptions {
  readonly env: string
  readonly tables: readonly TableId[]
  /** Table per id when the platform uses another name than the catalog's (cut-over parameters). */
  readonly sources?: Partial<Record<TableId, string>>
  /** Recovery points shown per table. Default 3. */
  readonly newest?: number
  readonly now?: () => number
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined)

/**
 * Per table: PITR status and restorable window, and the newest recovery points from DynamoDB's
 * own backups (ListBackups) and from AWS Backup (ListRecoveryPointsByResource), de-duplicated by
 * ARN. Without a Backup client (a local engine) only DynamoDB's backups are read.
 */
export async function listTableBackups(dynamo: DynamoDBClient, backup: BackupClient | undefined, options: ListBackupsOptions): Promise<TableBackups[]> {
  const {DescribeTableCommand, DescribeContinuousBackupsCommand, ListBackupsCommand} = await import('@aws-sdk/client-dynamodb')
  const now = options.now ?? Date.now
  const newest = options.newest ?? 3
  const reason = (error: unknown) => `${(error as Error).name ?? 'Error'}: ${(error as Error).message}`
  return Promise.all(
    options.tables.map(async (id): Promise<TableBackups> => {
      const table = options.sources?.[id] ?? tableName(options.env, id)
      let arn: string | undefined
      try {
        arn = (await dynamo.send(new DescribeTableCommand({TableName: table}))).Table?.TableArn
      } catch (error) {
        if (isAwsError(error, 'ResourceNotFoundException')) {
          return {id, table, exists: false, pitr: {status: 'unknown', reason: 'the table does not exist'}, recoveryPoints: [], errors: []}
        }
        const why = reason(error)
        return {id, table, exists: false, pitr: {status: 'unknown', reason: why}, recoveryPoints: [], errors: [`DescribeTable: ${why}`]}
      }
      const errors: string[] = []
      let pitr: Known<PitrState>
      try {
        const out = await dynamo.send(new DescribeContinuousBackupsCommand({TableName: table}))
        const d = out.ContinuousBackupsDescription?.PointInTimeRecoveryDescription
        pitr = {
          status: 'known',
          enabled: d?.PointInTimeRecoveryStatus === 'ENABLED',
          ...(d?.EarliestRestorableDateTime ? {earliestRestorableTime: iso(d.EarliestRestorableDateTime)} : {}),
          ...(d?.LatestRestorableDateTime ? {latestRestorableTime: iso(d.LatestRestorableDateTime)} : {}),
        }
      } catch (error) {
        pitr = {status: 'unknown', reason: reason(error)}
      }
      const points = new Map<string, RecoveryPoint>()
      const add = (p: Omit<RecoveryPoint, 'ageHours'> & {created: Date}) => {
        if (points.has(p.arn)) return
        const {created, ...rest} = p
        points.set(p.arn, {...rest, ageHours: Math.round(((now() - created.getTime()) / 3_600_000) * 10) / 10})
      }
      try {
        let start: string | undefined
        do {
          const out = await dynamo.send(new ListBackupsCommand({TableName: table, BackupType: 'ALL', ExclusiveStartBackupArn: start}))
          for (const b of out.BackupSummaries ?? []) {
            if (!b.BackupArn || !b.BackupCreationDateTime) continue
            add({arn: b.BackupArn, kind: b.BackupType ?? 'USER', createdAt: b.BackupCreationDateTime.toISOString(), created: b.BackupCreationDateTime, sizeBytes: b.BackupSizeBytes, status: b.BackupStatus ?? 'UNKNOWN'})
          }
          start = out.LastEvaluatedBackupArn
        } while (start)
      } catch (error) {
        errors.push(`ListBackups: ${reason(error)}`)
      }
      if (backup && arn) {
        try {
          const {ListRecoveryPointsByResourceCommand} = await import('@aws-sdk/client-backup')
          let token: string | undefined
          do {
            const out = await backup.send(new ListRecoveryPointsByResourceCommand({ResourceArn: arn, NextToken: token}))
            for (const r of out.RecoveryPoints ?? []) {
              if (!r.RecoveryPointArn || !r.CreationDate) continue
              add({
                arn: r.RecoveryPointArn,
                kind: `AWS Backup (${r.BackupVaultName ?? 'vault'})`,
                createdAt: r.CreationDate.toISOString(),
                created: r.CreationDate,
                sizeBytes: r.BackupSizeBytes,
                status: r.Status ?? 'UNKNOWN',
              })
            }
            token = out.NextToken
          } while (token)
        } catch (error) {
          errors.push(`AWS Backup ListRecoveryPointsByResource: ${reason(error)}`)
        }
      }
      const recoveryPoints = [...points.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, newest)
      return {id, table, exists: true, pitr, recoveryPoints, errors}
    }),
  )
}
