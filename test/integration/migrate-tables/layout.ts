import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../../../src/sdk/aws/target.js'
import {TABLES, tableName} from '../../../src/sdk/catalog/tables.js'
import {canonicalItem, type Item} from '../../../src/sdk/migration/items.js'

export function engineClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
}

/** One item with every attribute type, with the numbers a DocumentClient would round. */
export const RICH_PRODUCT: Item = {
  id: {S: 'RICH-001'},
  big: {N: '12345678901234567890'},
  precise: {N: '0.1000000000000000055511151231257827'},
  negative: {N: '-98765432109876543210.123456789'},
  photo: {B: new Uint8Array([0, 1, 2, 253, 254, 255])},
  tags: {SS: ['coffee', 'organic']},
  sizes: {NS: ['250', '500', '1000.5']},
  hashes: {BS: [new Uint8Array([9, 9]), new Uint8Array([0])]},
  history: {L: [{N: '1'}, {S: 'two'}, {BOOL: true}, {NULL: true}, {L: [{N: '3.14159265358979323846264338327950288'}]}]},
  dims: {M: {w: {N: '10.000001'}, h: {N: '0'}, unit: {S: 'cm'}, nested: {M: {deep: {B: new Uint8Array([42])}}}}},
  empty_string: {S: ''},
}

export interface LayoutSizes {
  readonly sales?: number
  readonly forecasts?: number
  readonly products?: number
  readonly alerts?: number
  readonly users?: number
  readonly orders?: number
  readonly orphans?: number
}

export interface LegacyTable {
  readonly name: string
  readonly keys: readonly [string, string?]
  readonly items: Item[]
  /** The catalog table the rules send it to (undefined: left alone). */
  readonly target?: string
  /** How the rules change its items (independent of the code under test). */
  readonly expected?: (item: Item) => Item
}

const s = (v: string): AttributeValue => ({S: v})
const n = (v: number | string): AttributeValue => ({N: String(v)})

/** The legacy layout of one env: several naming patterns, old forecasting keys, a kept table, an orphan. */
export function legacyLayout(env: string, sizes: LayoutSizes = {}): LegacyTable[] {
  const products = Math.max(1, sizes.products ?? 300)
  const salesDays = 50
  const sales = sizes.sales ?? 2000
  const forecasts = sizes.forecasts ?? 500
  const day = (i: number) => new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
  const product = (i: number) => `P-${String(i % products).padStart(4, '0')}`
  return [
    {
      name: `omnix-ai-products-${env}`,
      keys: ['id'],
      target: tableName(env, 'products'),
      items: [
        RICH_PRODUCT,
        ...Array.from({length: products - 1}, (_, i) => ({
          id: s(product(i)),
          name: s(`Product ${i}`),
          category: s(['coffee', 'tea', 'snacks'][i % 3]),
          sku: s(`SKU-${i}`),
          current_price: n(`${(i % 50) + 0.99}`),
          description: s('x'.repeat(120)),
        })),
      ],
      expected: (item) => item,
    },
    {
      name: `omnix-ai-historical-data-${env}`,
      keys: ['product_id', 'date'],
      target: tableName(env, 'forecasting'),
      items: Array.from({length: sales}, (_, i) => ({
        product_id: s(product(Math.floor(i / salesDays))),
        date: s(day(i % salesDays)),
        quantity_sold: n(i % 17),
        revenue: n(`${(i % 17) * 3}.75`),
        price: n('3.75'),
        created_at: s('2024-01-01T00:00:00Z'),
      })),
      expected: (item) => ({...item, PK: s(`SALES#${item.product_id.S}`), SK: s(`DATE#${item.date.S}`)}),
    },
    {
      name: `omnix-ai-forecasts-${env}`,
      keys: ['product_id', 'forecast_date'],
      target: tableName(env, 'forecasting'),
      items: Array.from({length: forecasts}, (_, i) => ({
        product_id: s(product(Math.floor(i / 30))),
        forecast_date: s(day(100 + (i % 30))),
        predicted_demand: n(`${i % 23}.5`),
        confidence_interval: {M: {lower: n(i % 10), upper: n((i % 10) + 5), level: n('0.95')}},
        model: s('seasonal-naive'),
        model_accuracy: n('0.8731'),
        created_at: s('2024-01-01T00:00:00Z'),
      })),
      expected: (item) => ({...item, PK: s(`FORECAST#${item.product_id.S}`), SK: s(`DATE#${item.forecast_date.S}`)}),
    },
    {
      name: `omnix-ai-alerts-${env}`,
      keys: ['id'],
      target: tableName(env, 'analytics'),
      items: Array.from({length: sizes.alerts ?? 100}, (_, i) => ({
        id: s(`A-${i}`),
        priority: s(['low', 'high'][i % 2]),
        created_at: s(`2024-02-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`),
        message: s(`Stock low for ${product(i)}`),
      })),
      expected: (item) => ({...item, PK: s(`ALERT#${item.id.S}`), SK: s(`ALERT#${item.id.S}`)}),
    },
    {
      name: `omnix-ai-${env}-users`,
      keys: ['id'],
      items: Array.from({length: sizes.users ?? 100}, (_, i) => ({id: s(`U-${i}`), email: s(`u${i}@example.com`)})),
    },
    {
      name: `omnix-ai-cdk-${env}-orders`,
      keys: ['id'],
      target: tableName(env, 'orders'),
      items: Array.from({length: sizes.orders ?? 200}, (_, i) => ({
        id: s(`O-${i}`),
        customer_id: s(`C-${i % 40}`),
        created_at: s('2024-03-01T00:00:00Z'),
        total: n(`${i}.25`),
      })),
      expected: (item) => item,
    },
    {name: 'omnix-ai-cdk-sessions', keys: ['id'], items: Array.from({length: 5}, (_, i) => ({id: s(`S-${i}`)}))},
    {name: `omnix-ai-loadtest-${env}`, keys: ['id'], items: Array.from({length: sizes.orphans ?? 30}, (_, i) => ({id: s(`L-${i}`)}))},
  ]
}

export async function createLegacyTable(client: DynamoDBClient, table: LegacyTable): Promise<void> {
  const [pk, sk] = table.keys
  await client.send(
    new CreateTableCommand({
      TableName: table.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{AttributeName: pk, AttributeType: 'S'}, ...(sk ? [{AttributeName: sk, AttributeType: 'S' as const}] : [])],
      KeySchema: [{AttributeName: pk, KeyType: 'HASH'}, ...(sk ? [{AttributeName: sk, KeyType: 'RANGE' as const}] : [])],
    }),
  )
  const batches = Array.from({length: Math.ceil(table.items.length / 25)}, (_, i) => table.items.slice(i * 25, i * 25 + 25).map((Item) => ({PutRequest: {Item}})))
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending: typeof batch | undefined = batch
      while (pending && pending.length > 0) {
        const out = await client.send(new BatchWriteItemCommand({RequestItems: {[table.name]: pending}}))
        pending = out.UnprocessedItems?.[table.name] as typeof batch | undefined
      }
    }
  }
  await Promise.all(Array.from({length: 8}, worker))
}

export async function listTables(client: DynamoDBClient): Promise<string[]> {
  const names: string[] = []
  let start: string | undefined
  do {
    const out = await client.send(new ListTablesCommand({ExclusiveStartTableName: start}))
    names.push(...(out.TableNames ?? []))
    start = out.LastEvaluatedTableName
  } while (start)
  return names
}

/** Removes the layout's tables and the env's catalog tables, so each scenario starts clean. */
export async function dropEnv(client: DynamoDBClient, env: string): Promise<void> {
  const ours = new Set([...legacyLayout(env).map((t) => t.name), ...TABLES.map((t) => tableName(env, t.id))])
  for (const name of await listTables(client)) {
    if (ours.has(name)) await client.send(new DeleteTableCommand({TableName: name}))
  }
}

export async function seedLayout(client: DynamoDBClient, env: string, sizes: LayoutSizes = {}): Promise<LegacyTable[]> {
  await dropEnv(client, env)
  const layout = legacyLayout(env, sizes)
  for (const table of layout) await createLegacyTable(client, table)
  return layout
}

export async function scanAll(client: DynamoDBClient, table: string): Promise<Item[]> {
  const items: Item[] = []
  let start: Item | undefined
  do {
    const out = await client.send(new ScanCommand({TableName: table, ExclusiveStartKey: start}))
    items.push(...(out.Items ?? []))
    start = out.LastEvaluatedKey
  } while (start)
  return items
}

/**
 * What each target must hold after the migration, by key, in canonical form, computed from the
 * seeded items with the test's own transform functions.
 */
export function expectedTargets(layout: readonly LegacyTable[], keyOf: (target: string, item: Item) => string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>()
  for (const table of layout) {
    if (!table.target || !table.expected) continue
    const items = out.get(table.target) ?? new Map<string, string>()
    for (const item of table.items) {
      const t = table.expected(item)
      items.set(keyOf(table.target, t), canonicalItem(t))
    }
    out.set(table.target, items)
  }
  return out
}

export function targetKey(target: string, item: Item): string {
  return target.endsWith('-forecasting') || target.endsWith('-analytics') ? `${item.PK?.S}|${item.SK?.S}` : String(item.id?.S)
}

/** Scans a target and returns key -> canonical item, failing on a key seen twice. */
export async function targetContents(client: DynamoDBClient, target: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const item of await scanAll(client, target)) {
    const key = targetKey(target, item)
    if (out.has(key)) throw new Error(`duplicate key ${key} in ${target}`)
    out.set(key, canonicalItem(item))
  }
  return out
}
