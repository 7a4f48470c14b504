import assert from 'node:assert/strict'

import {
  CreateBackupCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  ListTablesCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb'
import {GetParametersCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'

import {createBackups} from '../../../src/sdk/backup/create.js'
import {runDrill} from '../../../src/sdk/backup/drill.js'
import {readCutoverTables, recordDrill, tablesInUse} from '../../../src/sdk/backup/record.js'
import type {Item} from '../../../src/sdk/migration/items.js'
import {mockedClient} from '../../helpers/mocked-client.js'

const awsError = (name: string, message = name) => Object.assign(new Error(message), {name})

const product = (id: string, name: string): Item => ({id: {S: id}, name: {S: name}, price: {N: '9.5'}})
const PRODUCTS = [product('P1', 'coffee'), product('P2', 'tea'), product('P3', 'milk')]
const START = Date.parse('2026-03-01T02:00:00Z')
const SCRATCH = 'omnix-ai-dev-drill-products-20260301020000'
const WRITES = [CreateBackupCommand, DeleteTableCommand, RestoreTableFromBackupCommand, RestoreTableToPointInTimeCommand]

describe('backup create and drill (mocked DynamoDB)', () => {
  const ddb = mockedClient(DynamoDBClient)
  const ssm = mockedClient(SSMClient)
  let clock: number
  const sleeps: number[] = []
  const waits = () => ({
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      clock += ms
    },
    pollIntervalMs: 30_000,
  })

  /** A world of tables: scans answer with their items; DescribeTable walks the given status sequence. */
  function world(tables: Record<string, {items: Item[]; statuses?: string[]; keys?: string[]}>) {
    const existing = Object.keys(tables).filter((name) => name !== SCRATCH)
    ddb.on(ScanCommand).callsFake(({TableName, Segment}) => ({Items: Segment === 0 ? (tables[TableName]?.items ?? []) : []}))
    ddb.on(DescribeTableCommand).callsFake(({TableName}) => {
      const t = tables[TableName]
      if (!t) throw awsError('ResourceNotFoundException', `Requested resource not found: Table: ${TableName} not found`)
      const status = t.statuses && t.statuses.length > 1 ? t.statuses.shift()! : (t.statuses?.[0] ?? 'ACTIVE')
      if (status === 'GONE') throw awsError('ResourceNotFoundException', 'gone')
      return {Table: {TableName, TableStatus: status, TableArn: `arn:aws:dynamodb:us-east-1:123456789012:table/${TableName}`, KeySchema: (t.keys ?? ['id']).map((k, i) => ({AttributeName: k, KeyType: i === 0 ? 'HASH' : 'RANGE'}))}}
    })
    ddb.on(ListTablesCommand).resolves({TableNames: existing})
    ddb.on(DeleteTableCommand).callsFake(({TableName}) => {
      delete tables[TableName]
      return {}
    })
  }

  const sequence = () => ddb.calls().map((c) => `${(c.args[0] as object).constructor.name.replace(/Command$/, '')} ${JSON.stringify((c.args[0] as {input: {TableName?: string; TargetTableName?: string}}).input.TableName ?? (c.args[0] as {input: {TargetTableName?: string}}).input.TargetTableName ?? '')}`)
  const writesTo = (table: string) =>
    ddb.calls().filter((c) => WRITES.some((W) => c.args[0] instanceof W) && JSON.stringify((c.args[0] as {input: unknown}).input).includes(`"${table}"`))

  beforeEach(() => {
    clock = START
    sleeps.length = 0
    ddb.reset()
    ssm.reset()
  })

  it('backup create: CreateBackup per table, DescribeBackup until AVAILABLE, the ARNs', async () => {
    const arn = (t: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${t}/backup/01`
    ddb.on(CreateBackupCommand).callsFake(({TableName, BackupName}) => ({BackupDetails: {BackupArn: arn(TableName), BackupName, BackupStatus: 'CREATING', BackupCreationDateTime: new Date(clock)}}))
    ddb
      .on(DescribeBackupCommand)
      .resolvesOnce({BackupDescription: {BackupDetails: {BackupArn: 'x', BackupName: 'x', BackupStatus: 'CREATING', BackupCreationDateTime: new Date()}}})
      .resolves({BackupDescription: {BackupDetails: {BackupArn: 'x', BackupName: 'x', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date()}}})
    const backups = await createBackups(new DynamoDBClient({}), {env: 'dev', tables: ['products'], ...waits(), pollIntervalMs: 5000})
    assert.deepEqual(backups, [
      {
        id: 'products',
        table: 'omnix-ai-dev-products',
        status: 'available',
        backupName: 'omnix-ai-dev-products-omnix-20260301020000',
        backupArn: arn('omnix-ai-dev-products'),
        durationMs: 10_000,
      },
    ])
    assert.deepEqual(ddb.commandCalls(CreateBackupCommand)[0].args[0].input, {TableName: 'omnix-ai-dev-products', BackupName: 'omnix-ai-dev-products-omnix-20260301020000'})
    assert.deepEqual(ddb.commandCalls(DescribeBackupCommand).map((c) => c.args[0].input), [{BackupArn: arn('omnix-ai-dev-products')}, {BackupArn: arn('omnix-ai-dev-products')}])
    assert.deepEqual(sleeps, [5000, 5000])
  })

  it('backup create: a table whose backup fails is named, the others still back up', async () => {
    ddb.on(CreateBackupCommand, {TableName: 'omnix-ai-dev-orders'}).rejects(awsError('TableNotFoundException', 'Table not found: omnix-ai-dev-orders'))
    ddb.on(CreateBackupCommand, {TableName: 'omnix-ai-dev-users'}).resolves({BackupDetails: {BackupArn: 'arn:u', BackupName: 'u', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date()}})
    const backups = await createBackups(new DynamoDBClient({}), {env: 'dev', tables: ['users', 'orders'], ...waits()})
    assert.deepEqual(backups.map((b) => [b.table, b.status]), [['omnix-ai-dev-users', 'available'], ['omnix-ai-dev-orders', 'failed']])
    assert.match(backups[1].error!, /Table not found/)
  })

  it('drill from PITR: restores the latest restorable time into a scratch table, waits, verifies, deletes it, measures the RTO', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}, [SCRATCH]: {items: PRODUCTS, statuses: ['CREATING', 'CREATING', 'ACTIVE']}})
    ddb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: 'ENABLED', EarliestRestorableDateTime: new Date('2026-02-01T00:00:00Z'), LatestRestorableDateTime: new Date('2026-03-01T01:55:00Z')},
      },
    })
    ddb.on(ListTablesCommand).resolves({TableNames: ['omnix-ai-dev-products']})
    ddb.on(RestoreTableToPointInTimeCommand).resolves({})
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'pitr', segments: 2, ...waits()})

    assert.deepEqual(ddb.commandCalls(RestoreTableToPointInTimeCommand)[0].args[0].input, {
      SourceTableName: 'omnix-ai-dev-products',
      TargetTableName: SCRATCH,
      RestoreDateTime: new Date('2026-03-01T01:55:00Z'),
      BillingModeOverride: 'PAY_PER_REQUEST',
      SSESpecificationOverride: {Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/omnix-ai-dev'},
    })
    assert.deepEqual(sequence().filter((s) => !s.startsWith('Scan')), [
      'ListTables ""',
      'DescribeTable "omnix-ai-dev-products"',
      'DescribeContinuousBackups "omnix-ai-dev-products"',
      `RestoreTableToPointInTime "${SCRATCH}"`,
      `DescribeTable "${SCRATCH}"`,
      `DescribeTable "${SCRATCH}"`,
      `DescribeTable "${SCRATCH}"`,
      `DeleteTable "${SCRATCH}"`,
    ])
    // Verify scanned the scratch table and the source, every segment.
    assert.deepEqual(ddb.commandCalls(ScanCommand).map((c) => `${c.args[0].input.TableName}/${c.args[0].input.Segment}`).sort(), [
      `${SCRATCH}/0`,
      `${SCRATCH}/1`,
      `omnix-ai-dev-products/0`,
      `omnix-ai-dev-products/1`,
    ])
    assert.equal(writesTo('omnix-ai-dev-products').filter((c) => !(c.args[0] instanceof RestoreTableToPointInTimeCommand)).length, 0)
    const [table] = report.tables
    assert.equal(table.status, 'verified')
    assert.deepEqual(table.restorePoint, {kind: 'pitr', time: '2026-03-01T01:55:00.000Z'})
    assert.equal(table.verify?.exact, true)
    assert.equal(table.verify?.restoredCount, 3)
    assert.equal(table.verify?.restoredHash, table.verify?.sourceHash)
    assert.equal(table.restoreMs, 60_000)
    assert.equal(table.rtoMs, 60_000)
    assert.equal(table.scratchDeleted, true)
    assert.deepEqual([report.verified, report.withinRto, report.passed, report.rtoMs], [true, true, true, 60_000])
    assert.deepEqual(report.kept, [])
  })

  it('drill from a backup: restores the newest AVAILABLE backup across ListBackups pages; --keep leaves the scratch table', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}, [SCRATCH]: {items: PRODUCTS}})
    const summary = (arn: string, at: string, status = 'AVAILABLE') => ({BackupArn: arn, BackupName: arn, BackupStatus: status as 'AVAILABLE', BackupCreationDateTime: new Date(at), TableName: 'omnix-ai-dev-products'})
    ddb
      .on(ListBackupsCommand)
      .resolvesOnce({BackupSummaries: [summary('arn:b1', '2026-02-27T03:00:00Z'), summary('arn:b-creating', '2026-03-01T01:59:00Z', 'CREATING')], LastEvaluatedBackupArn: 'arn:b-creating'})
      .resolvesOnce({BackupSummaries: [summary('arn:b2', '2026-02-28T03:00:00Z')]})
    ddb.on(RestoreTableFromBackupCommand).resolves({})
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', keep: true, ...waits()})
    assert.deepEqual(ddb.commandCalls(ListBackupsCommand).map((c) => c.args[0].input), [
      {TableName: 'omnix-ai-dev-products', BackupType: 'ALL', ExclusiveStartBackupArn: undefined},
      {TableName: 'omnix-ai-dev-products', BackupType: 'ALL', ExclusiveStartBackupArn: 'arn:b-creating'},
    ])
    assert.deepEqual(ddb.commandCalls(RestoreTableFromBackupCommand)[0].args[0].input, {
      TargetTableName: SCRATCH,
      BackupArn: 'arn:b2',
      BillingModeOverride: 'PAY_PER_REQUEST',
      SSESpecificationOverride: {Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/omnix-ai-dev'},
    })
    assert.equal(ddb.commandCalls(DeleteTableCommand).length, 0)
    assert.deepEqual(report.tables[0].restorePoint, {kind: 'backup', time: '2026-02-28T03:00:00.000Z', backupArn: 'arn:b2'})
    assert.deepEqual(report.kept, [SCRATCH])
    assert.equal(report.passed, true)
  })

  it('a refused restore fails the table (and the drill) with the reason; nothing else is touched', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}})
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
    ddb.on(RestoreTableFromBackupCommand).rejects(awsError('LimitExceededException', 'Too many concurrent restores'))
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', ...waits()})
    assert.equal(report.tables[0].status, 'restore-failed')
    assert.match(report.tables[0].error!, /restore into omnix-ai-dev-drill-products-20260301020000 refused: LimitExceededException: Too many concurrent restores/)
    assert.deepEqual([report.verified, report.passed], [false, false])
    assert.equal(ddb.commandCalls(DeleteTableCommand).length, 0)
    assert.equal(ddb.commandCalls(ScanCommand).length, 0)
  })

  it('a restore that dies while CREATING fails; PITR off fails with what to do instead', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}, [SCRATCH]: {items: [], statuses: ['CREATING', 'GONE']}})
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
    ddb.on(RestoreTableFromBackupCommand).resolves({})
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', ...waits()})
    assert.equal(report.tables[0].status, 'restore-failed')
    assert.match(report.tables[0].error!, /disappeared before it became ACTIVE/)

    ddb.reset()
    world({'omnix-ai-dev-products': {items: PRODUCTS}})
    ddb.on(DescribeContinuousBackupsCommand).resolves({ContinuousBackupsDescription: {ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: 'DISABLED'}}})
    const pitr = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'pitr', ...waits()})
    assert.match(pitr.tables[0].error!, /point-in-time recovery is not enabled on omnix-ai-dev-products \(use --from backup\)/)
    assert.equal(ddb.commandCalls(RestoreTableToPointInTimeCommand).length, 0)
  })

  it('a restored table that differs from its source does not verify; the drift is reported and --max-drift tolerates a live source', async () => {
    const live = [product('P1', 'coffee'), product('P2', 'green tea'), product('P4', 'sugar')]
    const setUp = () => {
      world({'omnix-ai-dev-products': {items: live}, [SCRATCH]: {items: PRODUCTS}})
      ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
      ddb.on(RestoreTableFromBackupCommand).resolves({})
    }
    setUp()
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', ...waits()})
    const [table] = report.tables
    assert.equal(table.status, 'mismatch')
    assert.deepEqual(table.verify?.drift, {added: 1, removed: 1, changed: 1})
    assert.equal(table.verify?.exact, false)
    assert.notEqual(table.verify?.restoredHash, table.verify?.sourceHash)
    assert.deepEqual(table.verify?.firstDifferences.map((d) => `${d.problem} ${d.key}`).sort(), ['different id=P2', 'missing id=P3'])
    assert.equal(report.passed, false)
    assert.equal(table.scratchDeleted, true)

    ddb.reset()
    setUp()
    const tolerated = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', maxDrift: 3, ...waits()})
    assert.equal(tolerated.tables[0].status, 'verified')
    assert.equal(tolerated.tables[0].verify?.exact, false)
  })

  it('a scratch table that cannot be deleted leaves the verified result standing and is named', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}, [SCRATCH]: {items: PRODUCTS}})
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
    ddb.on(RestoreTableFromBackupCommand).resolves({})
    ddb.on(DeleteTableCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform dynamodb:DeleteTable'))
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', ...waits()})
    assert.equal(report.tables[0].status, 'verified')
    assert.equal(report.tables[0].scratchDeleted, false)
    assert.match(report.tables[0].cleanupError!, /AccessDeniedException/)
    assert.deepEqual(report.kept, [SCRATCH])
    assert.equal(report.passed, true)
  })

  it('an RTO above the objective fails the drill', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}, [SCRATCH]: {items: PRODUCTS, statuses: ['CREATING', 'CREATING', 'CREATING', 'ACTIVE']}})
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
    ddb.on(RestoreTableFromBackupCommand).resolves({})
    const events: string[] = []
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', rtoMs: 60_000, ...waits(), pollIntervalMs: 200_000, onEvent: (e) => events.push(e.message)})
    assert.equal(report.tables[0].status, 'verified')
    assert.equal(report.rtoMs, 600_000)
    assert.ok(events.includes(`${SCRATCH}: still restoring after 7 min`), events.join('\n'))
    assert.deepEqual([report.verified, report.withinRto, report.passed], [true, false, false])
  })

  it('an interrupted drill: the next drill names and deletes its scratch tables, and only those', async () => {
    const leftover = 'omnix-ai-dev-drill-orders-20260228020000'
    const restoring = 'omnix-ai-dev-drill-users-20260228020000'
    world({
      'omnix-ai-dev-products': {items: PRODUCTS},
      [leftover]: {items: []},
      [restoring]: {items: []},
      'omnix-ai-dev-drill-notes': {items: []},
      'omnix-ai-prod-drill-orders-20260228020000': {items: []},
      [SCRATCH]: {items: PRODUCTS},
    })
    ddb.on(ListTablesCommand).resolvesOnce({TableNames: ['omnix-ai-dev-drill-notes', leftover], LastEvaluatedTableName: leftover}).resolves({TableNames: [restoring, 'omnix-ai-dev-products', 'omnix-ai-prod-drill-orders-20260228020000']})
    ddb.on(DeleteTableCommand, {TableName: restoring}).rejects(awsError('ResourceInUseException', 'Table is being restored'))
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
    ddb.on(RestoreTableFromBackupCommand).resolves({})
    const events: string[] = []
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', ...waits(), onEvent: (e) => events.push(e.message)})
    assert.deepEqual(ddb.commandCalls(ListTablesCommand).map((c) => c.args[0].input), [{ExclusiveStartTableName: undefined}, {ExclusiveStartTableName: leftover}])
    assert.deepEqual(report.leftovers, [
      {table: leftover, status: 'deleted'},
      {table: restoring, status: 'busy', reason: 'ResourceInUseException: Table is being restored'},
    ])
    assert.deepEqual(ddb.commandCalls(DeleteTableCommand).map((c) => c.args[0].input.TableName), [leftover, restoring, SCRATCH])
    assert.ok(events.includes(`deleted ${leftover}, left by an earlier drill`))
    assert.equal(report.passed, true)
  })

  it('never deletes a leftover the platform was pointed at, and keeps every leftover when that cannot be told', async () => {
    const promoted = 'omnix-ai-dev-drill-orders-20260228020000'
    const plain = 'omnix-ai-dev-drill-users-20260228020000'
    const setUp = () => {
      world({'omnix-ai-dev-products': {items: PRODUCTS}, [promoted]: {items: []}, [plain]: {items: []}, [SCRATCH]: {items: PRODUCTS}})
      ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
      ddb.on(RestoreTableFromBackupCommand).resolves({})
    }
    setUp()
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', inUse: new Set([promoted]), ...waits()})
    assert.deepEqual(report.leftovers, [
      {table: promoted, status: 'in-use', reason: 'a cut-over parameter points the platform at it'},
      {table: plain, status: 'deleted'},
    ])
    assert.deepEqual(ddb.commandCalls(DeleteTableCommand).map((c) => c.args[0].input.TableName), [plain, SCRATCH])

    ddb.reset()
    setUp()
    const blind = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', inUse: {unknown: 'AccessDeniedException: no ssm:GetParameters'}, ...waits()})
    assert.deepEqual(blind.leftovers.map((l) => l.status), ['kept', 'kept'])
    assert.deepEqual(ddb.commandCalls(DeleteTableCommand).map((c) => c.args[0].input.TableName), [SCRATCH])
  })

  it('reads the cut-over parameters for the tables in use; a refusal is unknown with the reason', async () => {
    ssm.on(GetParametersCommand).callsFake(({Names}) => ({Parameters: Names.filter((n: string) => n.endsWith('/orders')).map((Name: string) => ({Name, Value: 'omnix-ai-dev-drill-orders-20260228020000'}))}))
    const cutover = await readCutoverTables(new SSMClient({}), 'dev')
    assert.deepEqual(cutover, {tables: {orders: 'omnix-ai-dev-drill-orders-20260228020000'}})
    assert.deepEqual([...(tablesInUse(cutover) as Set<string>)], ['omnix-ai-dev-drill-orders-20260228020000'])
    assert.ok(ssm.commandCalls(GetParametersCommand).every((c) => c.args[0].input.Names!.every((n) => n.startsWith('/omnix-ai/dev/database/tables/'))))
    ssm.reset()
    ssm.on(GetParametersCommand).rejects(awsError('AccessDeniedException', 'no'))
    assert.deepEqual(await readCutoverTables(new SSMClient({}), 'dev'), {unknown: 'AccessDeniedException: no'})
  })

  it('a dry run lists restore points and leftovers and changes nothing', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}, 'omnix-ai-dev-drill-orders-20260228020000': {items: []}})
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', dryRun: true, ...waits()})
    assert.deepEqual(report.leftovers, [{table: 'omnix-ai-dev-drill-orders-20260228020000', status: 'planned'}])
    assert.equal(report.tables[0].status, 'planned')
    assert.equal(ddb.calls().filter((c) => WRITES.some((W) => c.args[0] instanceof W)).length, 0)
  })

  it('records the result in /omnix-ai/{env}/backup/last-drill, and reports (not throws) a refusal', async () => {
    world({'omnix-ai-dev-products': {items: PRODUCTS}, [SCRATCH]: {items: PRODUCTS}})
    ddb.on(ListBackupsCommand).resolves({BackupSummaries: [{BackupArn: 'arn:b', BackupStatus: 'AVAILABLE', BackupCreationDateTime: new Date('2026-02-28T03:00:00Z')}]})
    ddb.on(RestoreTableFromBackupCommand).resolves({})
    const report = await runDrill(new DynamoDBClient({}), {env: 'dev', tables: ['products'], from: 'backup', ...waits()})
    ssm.on(PutParameterCommand).resolves({Version: 4})
    assert.deepEqual(await recordDrill(new SSMClient({}), report), {status: 'written', name: '/omnix-ai/dev/backup/last-drill', version: 4})
    const input = ssm.commandCalls(PutParameterCommand)[0].args[0].input
    assert.deepEqual({...input, Value: undefined}, {Name: '/omnix-ai/dev/backup/last-drill', Value: undefined, Type: 'String', Overwrite: true, Description: 'Result of the latest restore drill (omnix backup drill)'})
    assert.deepEqual(JSON.parse(input.Value!), {
      time: report.finishedAt,
      from: 'backup',
      verified: true,
      passed: true,
      rtoMs: 0,
      rtoLimitMs: 4 * 3_600_000,
      tables: [{id: 'products', status: 'verified', rtoMs: 0, restorePoint: '2026-02-28T03:00:00.000Z', items: 3}],
    })
    ssm.reset()
    ssm.on(PutParameterCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform ssm:PutParameter'))
    const refused = await recordDrill(new SSMClient({}), report)
    assert.equal(refused.status, 'failed')
    assert.match((refused as {reason: string}).reason, /AccessDeniedException/)
  })
})
