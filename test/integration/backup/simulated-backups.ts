import {
  BatchWriteItemCommand,
  CreateBackupCommand,
  CreateTableCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb'
import {type AwsStub, mockClient} from 'aws-sdk-client-mock'

import type {Item} from '../../../src/sdk/migration/items.js'

interface Snapshot {
  readonly arn: string
  readonly name: string
  readonly table: string
  readonly created: Date
  readonly schema: {KeySchema: unknown; AttributeDefinitions: unknown}
  readonly items: Item[]
}

/**
 * DynamoDB Local has no backups: CreateBackup, DescribeBackup, ListBackups, the restores and
 * DescribeContinuousBackups are answered here, over the real engine. A backup is a real copy of the
 * table's items at that moment (scanned through the engine); a restore creates the target table
 * with the source's key schema and writes the copy into it. Every other call reaches the engine.
 * Call in a `describe`: the stub lives from its `before` to its `after`.
 */
export function simulatedBackups(): {readonly stub: () => AwsStub<any, any, any>; readonly backups: Map<string, Snapshot>} {
  const backups = new Map<string, Snapshot>()
  let stub: AwsStub<any, any, any> | undefined
  const original = DynamoDBClient.prototype.send
  before(() => {
    stub = mockClient(DynamoDBClient)
    stub.send.callsFake(async function (this: DynamoDBClient, command: any) {
      const call = (c: unknown) => (original as (c: unknown) => Promise<any>).call(this, c)
      const input = command.input
      if (command instanceof CreateBackupCommand) {
        const {Table} = await call(new DescribeTableCommand({TableName: input.TableName}))
        const items: Item[] = []
        let start: Item | undefined
        do {
          const page = await call(new ScanCommand({TableName: input.TableName, ExclusiveStartKey: start}))
          items.push(...(page.Items ?? []))
          start = page.LastEvaluatedKey
        } while (start)
        const arn = `${Table.TableArn}/backup/${Date.now()}${backups.size}`
        backups.set(arn, {arn, name: input.BackupName, table: input.TableName, created: new Date(), schema: {KeySchema: Table.KeySchema, AttributeDefinitions: Table.AttributeDefinitions}, items})
        return {BackupDetails: {BackupArn: arn, BackupName: input.BackupName, BackupStatus: 'CREATING', BackupCreationDateTime: new Date()}}
      }
      if (command instanceof DescribeBackupCommand) {
        const b = backups.get(input.BackupArn)
        return {BackupDescription: {BackupDetails: {BackupArn: b?.arn, BackupName: b?.name, BackupStatus: b ? 'AVAILABLE' : 'DELETED', BackupCreationDateTime: b?.created}}}
      }
      if (command instanceof ListBackupsCommand) {
        const mine = [...backups.values()].filter((b) => b.table === input.TableName)
        return {BackupSummaries: mine.map((b) => ({BackupArn: b.arn, BackupName: b.name, TableName: b.table, BackupStatus: 'AVAILABLE', BackupType: 'USER', BackupCreationDateTime: b.created}))}
      }
      if (command instanceof RestoreTableFromBackupCommand) {
        const b = backups.get(input.BackupArn)
        if (!b) throw Object.assign(new Error(`Backup not found: ${input.BackupArn}`), {name: 'BackupNotFoundException'})
        await call(new CreateTableCommand({TableName: input.TargetTableName, BillingMode: 'PAY_PER_REQUEST', ...(b.schema as object)} as never))
        for (let i = 0; i < b.items.length; i += 25) {
          await call(new BatchWriteItemCommand({RequestItems: {[input.TargetTableName]: b.items.slice(i, i + 25).map((Item) => ({PutRequest: {Item}}))}}))
        }
        return {TableDescription: {TableName: input.TargetTableName, TableStatus: 'CREATING'}}
      }
      if (command instanceof DescribeContinuousBackupsCommand || command instanceof RestoreTableToPointInTimeCommand) {
        throw Object.assign(new Error('point-in-time recovery is not simulated'), {name: 'UnknownOperationException'})
      }
      return call(command)
    })
  })
  after(() => {
    stub?.restore()
    stub = undefined
  })
  return {
    stub: () => {
      if (!stub) throw new Error('simulatedBackups used outside its describe')
      return stub
    },
    backups,
  }
}
