import assert from 'node:assert/strict'

import {
  BatchWriteItemCommand,
  CreateBackupCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  RestoreTableFromBackupCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import {GetParametersCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'

import BackupCreate, {type BackupCreateOutput} from '../../../src/commands/backup/create.js'
import BackupDrill, {type BackupDrillOutput} from '../../../src/commands/backup/drill.js'
import {createBackups} from '../../../src/sdk/backup/create.js'
import {runDrill} from '../../../src/sdk/backup/drill.js'
import {createTableRequest, tableDefinition, tableName} from '../../../src/sdk/catalog/tables.js'
import type {Item} from '../../../src/sdk/migration/items.js'
import {mockedClient} from '../../helpers/mocked-client.js'
import {runCommand} from '../../helpers/run-command.js'
import {startTestEngine, type TestEngine} from '../dynamodb-local.js'
import {engineClient, listTables, RICH_PRODUCT} from '../migrate-tables/layout.js'
import {simulatedBackups} from './simulated-backups.js'

const ENV = 'prod'
const SOURCE = tableName(ENV, 'recommendations')
const ITEMS = 1500

const recommendation = (i: number): Item => ({
  customer_id: {S: `C${String(i % 97).padStart(3, '0')}`},
  product_id: {S: `P${String(i).padStart(5, '0')}`},
  score: {N: String((i * 37) % 1000 / 7)},
  reasons: {L: [{S: 'bought-together'}, {N: String(i)}]},
  ...(i === 0 ? {rich: {M: RICH_PRODUCT}} : {}),
})

async function seedSource(client: DynamoDBClient): Promise<void> {
  if ((await listTables(client)).includes(SOURCE)) await client.send(new DeleteTableCommand({TableName: SOURCE}))
  await client.send(new CreateTableCommand(createTableRequest(tableDefinition('recommendations'), SOURCE)))
  for (let i = 0; i < ITEMS; i += 25) {
    const batch = Array.from({length: Math.min(25, ITEMS - i)}, (_, k) => ({PutRequest: {Item: recommendation(i + k)}}))
    await client.send(new BatchWriteItemCommand({RequestItems: {[SOURCE]: batch}}))
  }
}

const drillTables = async (client: DynamoDBClient) => (await listTables(client)).filter((t) => t.startsWith(`omnix-ai-${ENV}-drill-`))

describe('backup drill on DynamoDB Local (backup and restore simulated by copying)', function () {
  this.timeout(120_000)
  let engine: TestEngine
  let client: DynamoDBClient
  const simulated = simulatedBackups()
  const ssm = mockedClient(SSMClient)

  before(async function () {
    this.timeout(180_000)
    engine = await startTestEngine()
    client = engineClient(engine.endpoint)
  })
  beforeEach(async () => {
    simulated.backups.clear()
    simulated.stub().resetHistory()
    await seedSource(client)
  })
  after(async () => {
    for (const t of [SOURCE, ...(await drillTables(client))]) if ((await listTables(client)).includes(t)) await client.send(new DeleteTableCommand({TableName: t}))
    client.destroy()
    await engine.stop()
  })

  it('verifies a restored copy with the content hash, measures the RTO, deletes the scratch table; a changed source shows as drift', async () => {
    const [backup] = await createBackups(client, {env: ENV, tables: ['recommendations']})
    assert.equal(backup.status, 'available')
    const report = await runDrill(client, {env: ENV, tables: ['recommendations'], from: 'backup', pollIntervalMs: 1})
    const [table] = report.tables
    assert.equal(table.status, 'verified', JSON.stringify(table))
    assert.equal(table.verify?.exact, true)
    assert.equal(table.verify?.restoredCount, ITEMS)
    assert.equal(table.verify?.sourceCount, ITEMS)
    assert.match(table.verify!.restoredHash, /^[0-9a-f]{64}$/)
    assert.equal(table.verify?.restoredHash, table.verify?.sourceHash)
    // The RTO is measured on the real clock: request -> ACTIVE -> verified.
    assert.equal(typeof table.rtoMs, 'number')
    assert.equal(table.rtoMs, table.restoreMs! + table.verifyMs!)
    assert.ok(table.verifyMs! > 0)
    assert.equal(report.rtoMs, table.rtoMs)
    assert.equal(report.passed, true)
    assert.deepEqual(await drillTables(client), [])

    // Writes after the backup: one new item, one changed. The backup no longer equals the source.
    await client.send(new PutItemCommand({TableName: SOURCE, Item: recommendation(ITEMS + 1)}))
    await client.send(
      new UpdateItemCommand({TableName: SOURCE, Key: {customer_id: {S: 'C005'}, product_id: {S: 'P00005'}}, UpdateExpression: 'SET score = :s', ExpressionAttributeValues: {':s': {N: '0'}}}),
    )
    const drifted = await runDrill(client, {env: ENV, tables: ['recommendations'], from: 'backup', pollIntervalMs: 1})
    assert.equal(drifted.tables[0].status, 'mismatch')
    assert.deepEqual(drifted.tables[0].verify?.drift, {added: 1, removed: 0, changed: 1})
    assert.deepEqual(drifted.tables[0].verify?.firstDifferences, [{key: 'customer_id=C005,product_id=P00005', problem: 'different'}])
    assert.equal(drifted.passed, false)
    const live = await runDrill(client, {env: ENV, tables: ['recommendations'], from: 'backup', pollIntervalMs: 1, maxDrift: 2})
    assert.equal(live.passed, true)
    assert.deepEqual(await drillTables(client), [])
  })

  it('end to end: backup create, then backup drill --from backup --json through AWS_ENDPOINT_URL_DYNAMODB', async () => {
    ssm.reset()
    ssm.on(PutParameterCommand).resolves({Version: 7})
    // Interrupted earlier drill: its scratch table is still there. Another one was promoted by the cut-over parameter.
    const leftover = `omnix-ai-${ENV}-drill-recommendations-20260101000000`
    const promoted = `omnix-ai-${ENV}-drill-users-20251231000000`
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        {Name: '/omnix-ai/prod/database/tables/recommendations', Value: SOURCE},
        {Name: '/omnix-ai/prod/database/tables/users', Value: promoted},
      ],
    })
    for (const t of [leftover, promoted]) await client.send(new CreateTableCommand(createTableRequest(tableDefinition('recommendations'), t)))
    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB
    process.env.AWS_ENDPOINT_URL_DYNAMODB = engine.endpoint
    try {
      const created = await runCommand<BackupCreateOutput>(BackupCreate, ['-e', ENV, '-t', 'recommendations', '--poll-interval', '1', '--json'])
      assert.equal(created.exitCode, 0, created.stderr)
      const createOut = JSON.parse(created.stdout) as BackupCreateOutput
      assert.equal(createOut.backups[0].status, 'available')
      assert.match(createOut.backups[0].backupArn!, new RegExp(`table/${SOURCE}/backup/`))

      const drill = await runCommand<BackupDrillOutput>(BackupDrill, ['-e', ENV, '-t', 'recommendations', '--from', 'backup', '--poll-interval', '1', '--json'])
      assert.equal(drill.exitCode, 0, drill.stderr)
      const out = JSON.parse(drill.stdout) as BackupDrillOutput
      assert.equal(out.verified, true)
      assert.equal(out.passed, true)
      assert.equal(typeof out.rtoMs, 'number')
      assert.equal(out.tables[0].restorePoint?.backupArn, createOut.backups[0].backupArn)
      assert.equal(out.tables[0].verify?.restoredCount, ITEMS)
      assert.deepEqual(out.leftovers, [
        {table: leftover, status: 'deleted'},
        {table: promoted, status: 'in-use', reason: 'a cut-over parameter points the platform at it'},
      ])
      assert.deepEqual(out.record, {status: 'written', name: '/omnix-ai/prod/backup/last-drill', version: 7})
      assert.deepEqual(await drillTables(client), [promoted])
      await client.send(new DeleteTableCommand({TableName: promoted}))
      assert.ok((await listTables(client)).includes(SOURCE))
      // The backup and restore calls were the simulated ones; the source was never a restore target.
      const stub = simulated.stub()
      assert.equal(stub.commandCalls(CreateBackupCommand).length, 1)
      assert.equal(stub.commandCalls(RestoreTableFromBackupCommand)[0].args[0].input.TargetTableName.startsWith(`omnix-ai-${ENV}-drill-recommendations-`), true)
      const recorded = JSON.parse(ssm.commandCalls(PutParameterCommand)[0].args[0].input.Value!)
      assert.equal(recorded.verified, true)
      assert.equal(recorded.tables[0].items, ITEMS)
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = previous
    }
  })

  it('exits 1 with the report when the restored table does not verify', async () => {
    ssm.reset()
    ssm.on(PutParameterCommand).resolves({Version: 8})
    await createBackups(client, {env: ENV, tables: ['recommendations']})
    await client.send(new DeleteTableCommand({TableName: SOURCE}))
    await client.send(new CreateTableCommand(createTableRequest(tableDefinition('recommendations'), SOURCE)))
    const drill = await runCommand(BackupDrill, ['-e', ENV, '-t', 'recommendations', '--from', 'backup', '--endpoint-url', engine.endpoint, '--json'])
    assert.equal(drill.exitCode, 1)
    const out = JSON.parse(drill.stdout) as BackupDrillOutput
    assert.equal(out.tables[0].status, 'mismatch')
    assert.deepEqual(out.tables[0].verify?.drift, {added: 0, removed: ITEMS, changed: 0})
    // A loopback endpoint is a local engine: nothing recorded in SSM.
    assert.equal(out.record?.status, 'skipped')
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 0)
    assert.deepEqual(await drillTables(client), [])
  })
})
