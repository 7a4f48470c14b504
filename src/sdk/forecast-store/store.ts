import type {AttributeValue, DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {FORECASTING_KEYS} from '../catalog/tables.js'
import {type ForecastDay, type Item, parseForecastItem} from './items.js'

async function queryAll(client: DynamoDBClient, input: {
  TableName: string
  KeyConditionExpression: string
  ExpressionAttributeValues: Record<string, AttributeValue>
  ProjectionExpression?: string
}): Promise<Item[]> {
  const {QueryCommand} = await import('@aws-sdk/client-dynamodb')
  const items: Item[] = []
  let start: Record<string, AttributeValue> | undefined
  do {
    const page = await client.send(new QueryCommand({...input, ExclusiveStartKey: start}))
    items.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start)
  return items
}

/** The stored forecast of one product, oldest day first; `from` skips earlier days. */
export async function readStoredForecast(client: DynamoDBClient, table: string, productId: string, options: {from?: string} = {}): Promise<ForecastDay[]> {
  const items = await queryAll(client, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK >= :from',
    ExpressionAttributeValues: {':pk': {S: FORECASTING_KEYS.forecastPk(productId)}, ':from': {S: FORECASTING_KEYS.dateSk(options.from ?? '')}},
  })
  return items.map(parseForecastItem).filter((d): d is ForecastDay => d !== undefined)
}

/**
 * Keys of a product's forecast items dated after `end`: left over from an earlier run with a
 * longer horizon, they would mix an old forecast into the new one. Days before the new start
 * stay: they are what the forecast said about days whose sales are now known.
 */
export async function forecastKeysAfter(client: DynamoDBClient, table: string, productId: string, end: string): Promise<Item[]> {
  return queryAll(client, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK > :end',
    ExpressionAttributeValues: {':pk': {S: FORECASTING_KEYS.forecastPk(productId)}, ':end': {S: FORECASTING_KEYS.dateSk(end)}},
    ProjectionExpression: 'PK, SK',
  })
}
