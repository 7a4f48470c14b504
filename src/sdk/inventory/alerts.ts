import type {AttributeValue, DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {ALERT_TTL_DAYS} from '../catalog/tables.js'
import type {InventoryPolicy} from './policy.js'

export const ALERT_TYPE_STOCKOUT = 'stockout_risk'

export interface StockoutAlertInput {
  readonly productId: string
  /** The day the risk was found (`yyyy-mm-dd`): one alert per product and day. */
  readonly date: string
  readonly stockOnHand: number
  readonly serviceLevel: number
  readonly policy: InventoryPolicy
  readonly now: Date
}

export function stockoutAlertKey(productId: string, date: string): {PK: AttributeValue; SK: AttributeValue} {
  return {PK: {S: `ALERT#${productId}`}, SK: {S: `STOCKOUT#${date}`}}
}

export function stockoutMessage(input: StockoutAlertInput): string {
  const p = input.policy
  return (
    `${input.productId}: ${input.stockOnHand} in stock, reorder point ${p.reorder_point} ` +
    `(lead time ${p.lead_time_days} d, ${input.serviceLevel} % service level): ` +
    `${Math.round(p.stockout_probability * 100)} % chance of running out before a new order arrives`
  )
}

/** The analytics-table item of a stock-out alert (`ALERT#<product>` / `STOCKOUT#<date>`), expiring after ALERT_TTL_DAYS. */
export function stockoutAlertItem(input: StockoutAlertInput): Record<string, AttributeValue> {
  const p = input.policy
  const N = (x: number): AttributeValue => ({N: String(x)})
  return {
    ...stockoutAlertKey(input.productId, input.date),
    alert_type: {S: ALERT_TYPE_STOCKOUT},
    product_id: {S: input.productId},
    priority: {S: p.risk === 'high' ? 'high' : 'medium'},
    created_at: {S: input.now.toISOString()},
    message: {S: stockoutMessage(input)},
    stock_on_hand: N(input.stockOnHand),
    reorder_point: N(p.reorder_point),
    safety_stock: N(p.safety_stock),
    lead_time_days: N(p.lead_time_days),
    service_level: N(input.serviceLevel),
    stockout_probability: N(p.stockout_probability),
    ...(p.days_of_cover === null ? {} : {days_of_cover: N(p.days_of_cover)}),
    ttl: N(Math.floor(input.now.getTime() / 1000) + ALERT_TTL_DAYS * 86_400),
  }
}

/**
 * Writes the alert unless the product already has one for that day: 'created' or 'exists'.
 * The condition keeps a re-run from duplicating alerts or resetting their creation time.
 */
export async function putStockoutAlert(client: DynamoDBClient, table: string, item: Record<string, AttributeValue>): Promise<'created' | 'exists'> {
  const {ConditionalCheckFailedException, PutItemCommand} = await import('@aws-sdk/client-dynamodb')
  try {
    await client.send(new PutItemCommand({TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)'}))
    return 'created'
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as {name?: string}).name === 'ConditionalCheckFailedException') return 'exists'
    throw error
  }
}
