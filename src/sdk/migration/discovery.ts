import type {DynamoDBClient, TableDescription} from '@aws-sdk/client-dynamodb'

import {mapLimit} from './concurrency.js'
import type {KeyAttr} from './rules.js'

export interface DiscoveredTable {
  readonly name: string
  /** Partition key first, then the sort key if any. */
  readonly keys: readonly KeyAttr[]
  /** DynamoDB's item count and size (refreshed by AWS about every six hours; exact on local engines). */
  readonly itemCount: number
  readonly sizeBytes: number
  readonly status: string
}

export async function listTableNames(client: DynamoDBClient): Promise<string[]> {
  const {ListTablesCommand} = await import('@aws-sdk/client-dynamodb')
  const names: string[] = []
  let start: string | undefined
  do {
    const page = await client.send(new ListTablesCommand({ExclusiveStartTableName: start, Limit: 100}))
    names.push(...(page.TableNames ?? []))
    start = page.LastEvaluatedTableName
  } while (start)
  return names
}

export async function describeTable(client: DynamoDBClient, name: string): Promise<DiscoveredTable | undefined> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  try {
    const {Table} = await client.send(new DescribeTableCommand({TableName: name}))
    return Table ? fromDescription(Table) : undefined
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined
    throw error
  }
}

export function fromDescription(table: TableDescription): DiscoveredTable {
  const types = new Map((table.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType as string]))
  const schema = [...(table.KeySchema ?? [])].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0))
  return {
    name: table.TableName ?? '',
    keys: schema.map((k) => ({name: k.AttributeName ?? '', type: types.get(k.AttributeName) ?? 'S'})),
    itemCount: table.ItemCount ?? 0,
    sizeBytes: table.TableSizeBytes ?? 0,
    status: table.TableStatus ?? 'UNKNOWN',
  }
}

/** Every table the account (or engine) has in the region, described. */
export async function discoverTables(client: DynamoDBClient): Promise<DiscoveredTable[]> {
  const names = await listTableNames(client)
  const described = await mapLimit(names, 8, (name) => describeTable(client, name))
  return described.filter((t): t is DiscoveredTable => t !== undefined)
}
