import {type AttributeValue, DynamoDBClient, QueryCommand, ScanCommand} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../../../src/sdk/aws/target.js'
import {FORECASTING_KEYS, tableName} from '../../../src/sdk/catalog/tables.js'
import {batchPut} from '../../../src/sdk/dynamodb/batch-writer.js'
import {ensureCatalogTables} from '../../../src/sdk/dynamodb/catalog-tables.js'
import {startTestEngine} from '../dynamodb-local.js'

export interface Harness {
  readonly endpoint: string
  readonly client: DynamoDBClient
}

/** Env whose tables several test files share on the engine (each with its own product ids). */
export const SHARED_ENV = 'staging'

/**
 * A client on the shared test engine with the env's catalog tables present. Checked on every call:
 * other files on the same engine (the table migration's) drop an env's tables when they finish.
 */
export async function harness(env: string): Promise<Harness> {
  const engine = await startTestEngine()
  const client = new DynamoDBClient({endpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
  await ensureCatalogTables(client, env, {ttlSupported: engine.engine === 'dynamodb-local'})
  return {endpoint: engine.endpoint, client}
}

/** Sales items as the importer writes them, one per (date, quantity). */
export async function putSales(client: DynamoDBClient, env: string, productId: string, days: ReadonlyArray<readonly [string, number]>): Promise<void> {
  const items = days.map(([date, quantity]) => ({
    PK: {S: FORECASTING_KEYS.salesPk(productId)},
    SK: {S: FORECASTING_KEYS.dateSk(date)},
    product_id: {S: productId},
    date: {S: date},
    quantity_sold: {N: String(quantity)},
    revenue: {N: String(quantity * 2)},
    price: {N: '2'},
  }))
  await batchPut(client, items, {tableName: tableName(env, 'forecasting'), keyAttributes: ['PK', 'SK']})
}

export async function partition(client: DynamoDBClient, table: string, pk: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(
      new QueryCommand({TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: {':pk': {S: pk}}, ExclusiveStartKey: start}),
    )
    items.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start)
  return items
}

export async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(new ScanCommand({TableName: table, ExclusiveStartKey: start}))
    items.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start)
  return items
}

/** The weekly pattern every test series repeats. */
export const WEEK = [3, 5, 8, 13, 21, 34, 9] as const
