import assert from 'node:assert/strict'

import {CreateBackupCommand, DescribeBackupCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {backupName, backupTable} from '../../../src/sdk/migration/backup.js'
import {mockedClient} from '../../helpers/mocked-client.js'

describe('source backups', () => {
  const ddb = mockedClient(DynamoDBClient)
  afterEach(() => ddb.reset())

  it('creates an on-demand backup and polls DescribeBackup until AVAILABLE', async () => {
    const arn = 'arn:aws:dynamodb:eu-central-1:123456789012:table/omnix-ai-products-prod/backup/01'
    ddb.on(CreateBackupCommand).resolves({BackupDetails: {BackupArn: arn, BackupName: 'x', BackupStatus: 'CREATING', BackupCreationDateTime: new Date()}})
    ddb
      .on(DescribeBackupCommand)
      .resolvesOnce({BackupDescription: {BackupDetails: {BackupArn: arn, BackupName: 'x', BackupStatus: 'CREATING', BackupCreationDateTime: new Date()}}})
      .resolvesOnce({BackupDescription: {BackupDetails: {BackupArn: arn, BackupName: 'x', BackupStatus: 'CREATING', BackupCreationDateTime: new Date()}}})
      .resolves({BackupDescription: {BackupDetails: {BackupArn: arn, BackupName: 'x', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date()}}})
    let clock = Date.parse('2025-09-01T10:00:00Z')
    const sleeps: number[] = []
    const result = await backupTable(new DynamoDBClient({}), 'omnix-ai-products-prod', {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms)
        clock += ms
      },
      pollIntervalMs: 2000,
    })
    assert.deepEqual(result, {
      table: 'omnix-ai-products-prod',
      status: 'available',
      backupName: 'omnix-ai-products-prod-pre-migration-20250901100000',
      backupArn: arn,
      durationMs: 6000,
    })
    assert.deepEqual(ddb.commandCalls(CreateBackupCommand)[0].args[0].input, {TableName: 'omnix-ai-products-prod', BackupName: 'omnix-ai-products-prod-pre-migration-20250901100000'})
    assert.equal(ddb.commandCalls(DescribeBackupCommand).length, 3)
    assert.deepEqual(ddb.commandCalls(DescribeBackupCommand)[0].args[0].input, {BackupArn: arn})
    assert.deepEqual(sleeps, [2000, 2000, 2000])
  })

  it('says so when the engine has no backups, without failing', async () => {
    ddb.on(CreateBackupCommand).rejects(Object.assign(new Error('An unknown operation was requested.'), {name: 'UnknownOperationException'}))
    const result = await backupTable(new DynamoDBClient({}), 'omnix-ai-products-dev')
    assert.equal(result.status, 'unsupported')
    assert.match((result as {reason: string}).reason, /does not support on-demand backups/)
  })

  it('fails (so nothing is copied) on a real backup error, a deleted backup or a timeout', async () => {
    ddb.on(CreateBackupCommand).rejects(Object.assign(new Error('Backups are being enabled for the table'), {name: 'ContinuousBackupsUnavailableException'}))
    await assert.rejects(backupTable(new DynamoDBClient({}), 't1x'), /backing up t1x failed: Backups are being enabled/)
    ddb.reset()
    ddb.on(CreateBackupCommand).resolves({BackupDetails: {BackupArn: 'arn:b', BackupName: 'x', BackupStatus: 'CREATING', BackupCreationDateTime: new Date()}})
    ddb.on(DescribeBackupCommand).resolves({BackupDescription: {BackupDetails: {BackupArn: 'arn:b', BackupName: 'x', BackupStatus: 'DELETED', BackupCreationDateTime: new Date()}}})
    await assert.rejects(backupTable(new DynamoDBClient({}), 't2x', {sleep: async () => {}}), /was deleted before it became available/)
    ddb.on(DescribeBackupCommand).resolves({BackupDescription: {BackupDetails: {BackupArn: 'arn:b', BackupName: 'x', BackupStatus: 'CREATING', BackupCreationDateTime: new Date()}}})
    let clock = 0
    await assert.rejects(
      backupTable(new DynamoDBClient({}), 't3x', {now: () => clock, sleep: async (ms) => void (clock += ms), timeoutMs: 60_000}),
      /not AVAILABLE after 60 s/,
    )
  })

  it('keeps backup names within what DynamoDB accepts', () => {
    const name = backupName('x'.repeat(255), new Date('2025-01-02T03:04:05Z'))
    assert.equal(name.length, 255)
    assert.match(name, /^[A-Za-z0-9_.-]+-pre-migration-20250102030405$/)
  })
})
