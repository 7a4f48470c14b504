import assert from 'node:assert/strict'

import {BackupClient, ListRecoveryPointsByResourceCommand} from '@aws-sdk/client-backup'
import {DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListBackupsCommand} from '@aws-sdk/client-dynamodb'

import {listTableBackups} from '../../../src/sdk/backup/list.js'
import {mockedClient} from '../../helpers/mocked-client.js'

const awsError = (name: string, message = name) => Object.assign(new Error(message), {name})
const ARN = 'arn:aws:dynamodb:eu-central-1:123456789012:table/omnix-ai-prod-orders'
const NOW = Date.parse('2026-03-01T12:00:00Z')

describe('backup list (mocked DynamoDB and AWS Backup)', () => {
  const ddb = mockedClient(DynamoDBClient)
  const backup = mockedClient(BackupClient)
  beforeEach(() => {
    ddb.reset()
    backup.reset()
  })

  it('shows the PITR window and the newest recovery points of both sources, de-duplicated, with age and size', async () => {
    ddb.on(DescribeTableCommand).resolves({Table: {TableName: 'omnix-ai-prod-orders', TableArn: ARN, TableStatus: 'ACTIVE'}})
    ddb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: 'ENABLED', EarliestRestorableDateTime: new Date('2026-02-01T00:00:00Z'), LatestRestorableDateTime: new Date('2026-03-01T11:55:00Z')},
      },
    })
    ddb.on(ListBackupsCommand).resolves({
      BackupSummaries: [
        {BackupArn: `${ARN}/backup/u1`, BackupType: 'USER', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-03-01T06:00:00Z'), BackupSizeBytes: 2048},
        {BackupArn: `${ARN}/backup/ab1`, BackupType: 'AWS_BACKUP', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-03-01T03:00:00Z'), BackupSizeBytes: 2000},
      ],
    })
    backup.on(ListRecoveryPointsByResourceCommand).resolves({
      RecoveryPoints: [
        {RecoveryPointArn: `${ARN}/backup/ab1`, BackupVaultName: 'omnix-ai-prod-vault', CreationDate: new Date('2026-03-01T03:00:00Z'), Status: 'COMPLETED', BackupSizeBytes: 2000},
        {RecoveryPointArn: `${ARN}/backup/ab0`, BackupVaultName: 'omnix-ai-prod-vault', CreationDate: new Date('2026-02-28T03:00:00Z'), Status: 'COMPLETED', BackupSizeBytes: 1900},
        {RecoveryPointArn: `${ARN}/backup/old`, BackupVaultName: 'omnix-ai-prod-vault', CreationDate: new Date('2026-02-01T03:00:00Z'), Status: 'COMPLETED'},
      ],
    })
    const [orders] = await listTableBackups(new DynamoDBClient({}), new BackupClient({}), {env: 'prod', tables: ['orders'], now: () => NOW})
    assert.deepEqual(orders.pitr, {status: 'known', enabled: true, earliestRestorableTime: '2026-02-01T00:00:00.000Z', latestRestorableTime: '2026-03-01T11:55:00.000Z'})
    assert.deepEqual(
      orders.recoveryPoints.map((p) => [p.arn.split('/').pop(), p.kind, p.ageHours, p.sizeBytes]),
      [
        ['u1', 'USER', 6, 2048],
        ['ab1', 'AWS_BACKUP', 9, 2000],
        ['ab0', 'AWS Backup (omnix-ai-prod-vault)', 33, 1900],
      ],
    )
    assert.deepEqual(backup.commandCalls(ListRecoveryPointsByResourceCommand)[0].args[0].input, {ResourceArn: ARN, NextToken: undefined})
    assert.deepEqual(ddb.commandCalls(ListBackupsCommand)[0].args[0].input, {TableName: 'omnix-ai-prod-orders', BackupType: 'ALL', ExclusiveStartBackupArn: undefined})
    assert.deepEqual(orders.errors, [])
  })

  it('degrades what it cannot read to unknown with the reason, and says when a table is missing', async () => {
    ddb.on(DescribeTableCommand, {TableName: 'omnix-ai-prod-users'}).rejects(awsError('ResourceNotFoundException', 'Table not found'))
    ddb.on(DescribeTableCommand, {TableName: 'omnix-ai-prod-orders'}).resolves({Table: {TableArn: ARN}})
    ddb.on(DescribeContinuousBackupsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform dynamodb:DescribeContinuousBackups'))
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: []})
    backup.on(ListRecoveryPointsByResourceCommand).rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {name: 'Error', code: 'ECONNREFUSED'}))
    const [users, orders] = await listTableBackups(new DynamoDBClient({}), new BackupClient({}), {env: 'prod', tables: ['users', 'orders'], now: () => NOW})
    assert.deepEqual([users.exists, users.pitr], [false, {status: 'unknown', reason: 'the table does not exist'}])
    assert.equal(orders.pitr.status, 'unknown')
    assert.match((orders.pitr as {reason: string}).reason, /AccessDeniedException: not authorized/)
    assert.deepEqual(orders.errors, ['AWS Backup ListRecoveryPointsByResource: Error: connect ECONNREFUSED 127.0.0.1:9'])
  })
})
