import assert from 'node:assert/strict'

import {BackupClient, ListRecoveryPointsByResourceCommand} from '@aws-sdk/client-backup'
import {
  CreateBackupCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  ListTablesCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb'
import {GetParametersCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'

import BackupCreate from '../../../src/commands/backup/create.js'
import BackupDrill, {type BackupDrillOutput} from '../../../src/commands/backup/drill.js'
import BackupList from '../../../src/commands/backup/list.js'
import {mockedClient} from '../../helpers/mocked-client.js'
import {runCommand} from '../../helpers/run-command.js'

const ITEMS = [{id: {S: 'P1'}, name: {S: 'coffee'}}]

describe('omnix backup commands (mocked AWS)', () => {
  const ddb = mockedClient(DynamoDBClient)
  const ssm = mockedClient(SSMClient)
  const backup = mockedClient(BackupClient)
  beforeEach(() => {
    ddb.reset()
    ssm.reset()
    backup.reset()
  })

  function prodPitr(scratchItems: typeof ITEMS) {
    ddb.on(ListTablesCommand).resolves({TableNames: ['omnix-ai-prod-products']})
    ddb.on(DescribeTableCommand).callsFake(({TableName}) => ({Table: {TableName, TableStatus: 'ACTIVE', KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}]}}))
    ddb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: 'ENABLED', LatestRestorableDateTime: new Date('2026-03-01T01:55:00Z')}},
    })
    ddb.on(RestoreTableToPointInTimeCommand).resolves({})
    ddb.on(ScanCommand).callsFake(({TableName, Segment}) => ({Items: Segment > 0 ? [] : TableName === 'omnix-ai-prod-products' ? ITEMS : scratchItems}))
    ddb.on(DeleteTableCommand).resolves({})
    ssm.on(PutParameterCommand).resolves({Version: 3})
  }

  it('drill: prod defaults to PITR, prints the result, records it in SSM and exits 0', async () => {
    prodPitr(ITEMS)
    const result = await runCommand(BackupDrill, ['-e', 'prod', '-t', 'products'])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stdout, /omnix-ai-prod-products\s+verified\s+2026-03-01T01:55:00.000Z\s+1\s+1/)
    assert.match(result.stdout, /drill passed/)
    assert.match(result.stderr, /Recorded in \/omnix-ai\/prod\/backup\/last-drill/)
    assert.equal(ssm.commandCalls(PutParameterCommand)[0].args[0].input.Name, '/omnix-ai/prod/backup/last-drill')
    assert.equal(ddb.commandCalls(RestoreTableToPointInTimeCommand)[0].args[0].input.SourceTableName, 'omnix-ai-prod-products')
  })

  it('drill: exits 1 naming the table when the restore does not verify, still recording the result', async () => {
    prodPitr([])
    const human = await runCommand(BackupDrill, ['-e', 'prod', '-t', 'products'])
    assert.equal(human.exitCode, 1)
    assert.match(human.stderr, /drill failed: omnix-ai-prod-products: mismatch/)
    const json = await runCommand(BackupDrill, ['-e', 'prod', '-t', 'products', '--json'])
    assert.equal(json.exitCode, 1)
    const out = JSON.parse(json.stdout) as BackupDrillOutput
    assert.deepEqual([out.verified, out.passed, out.record?.status], [false, false, 'written'])
    assert.equal(JSON.parse(ssm.commandCalls(PutParameterCommand).at(-1)!.args[0].input.Value!).verified, false)
  })

  it('drill: restores the table the cut-over parameter points the platform at, never writing it', async () => {
    prodPitr(ITEMS)
    const restored = 'omnix-ai-prod-products-restored-20260301'
    ddb.on(ScanCommand).callsFake(({Segment}) => ({Items: Segment > 0 ? [] : ITEMS}))
    ssm.on(GetParametersCommand).resolves({Parameters: [{Name: '/omnix-ai/prod/database/tables/products', Value: restored}]})
    const result = await runCommand(BackupDrill, ['-e', 'prod', '-t', 'products', '--json'])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.equal((JSON.parse(result.stdout) as BackupDrillOutput).tables[0].source, restored)
    assert.equal(ddb.commandCalls(RestoreTableToPointInTimeCommand)[0].args[0].input.SourceTableName, restored)
    assert.ok(ddb.commandCalls(ScanCommand).some((c) => c.args[0].input.TableName === restored))
    assert.ok(ddb.commandCalls(DeleteTableCommand).every((c) => c.args[0].input.TableName!.startsWith('omnix-ai-prod-drill-products-')))
  })

  it('drill: an unreadable --rto is a usage error', async () => {
    const result = await runCommand(BackupDrill, ['-e', 'prod', '--rto', 'soon'])
    assert.equal(result.exitCode, 2)
    assert.equal(ddb.calls().length, 0)
  })

  it('create: exits 1 naming the table whose backup failed', async () => {
    ddb.on(CreateBackupCommand).rejects(Object.assign(new Error('Table is being deleted'), {name: 'TableInUseException'}))
    const result = await runCommand(BackupCreate, ['-e', 'dev', '-t', 'orders'])
    assert.equal(result.exitCode, 1)
    assert.match(result.stderr, /backup failed for omnix-ai-dev-orders/)
  })

  it('list: prints the PITR window and recovery points; unreadable AWS Backup is a note, exit 0', async () => {
    ddb.on(DescribeTableCommand).resolves({Table: {TableArn: 'arn:aws:dynamodb:eu-central-1:123456789012:table/omnix-ai-prod-orders'}})
    ddb.on(DescribeContinuousBackupsCommand).resolves({ContinuousBackupsDescription: {ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: 'DISABLED'}}})
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b1', BackupType: 'USER', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date(), BackupSizeBytes: 5 * 1024 * 1024}]})
    backup.on(ListRecoveryPointsByResourceCommand).rejects(Object.assign(new Error('User is not authorized to perform backup:ListRecoveryPointsByResource'), {name: 'AccessDeniedException'}))
    const result = await runCommand(BackupList, ['-e', 'prod', '-t', 'orders'])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stdout, /omnix-ai-prod-orders\s+off/)
    assert.match(result.stdout, /USER\s+\S+\s+0\s+5\.0 MB\s+AVAILABLE\s+arn:b1/)
    assert.match(result.stderr, /AccessDeniedException/)
  })
})
