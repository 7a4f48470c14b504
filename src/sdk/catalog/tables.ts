import type {EnvName} from './environments.js'
import {resourceName} from './naming.js'

export type AttributeType = 'S' | 'N' | 'B'

export interface KeyAttribute {
  readonly name: string
  readonly type: AttributeType
}

export interface GlobalIndex {
  readonly name: string
  readonly partitionKey: KeyAttribute
  readonly sortKey?: KeyAttribute
}

export interface TableDefinition {
  /** Short id, also the resource part of the name (`omnix-ai-{env}-{id}`). */
  readonly id: TableId
  readonly description: string
  readonly partitionKey: KeyAttribute
  readonly sortKey?: KeyAttribute
  readonly globalIndexes: readonly GlobalIndex[]
  /** Attribute holding an epoch-seconds expiry, when the table expires items. */
  readonly ttlAttribute?: string
}

export const TABLE_IDS = [
  'users',
  'products',
  'orders',
  'inventory',
  'sessions',
  'customer-profiles',
  'recommendations',
  'analytics',
  'forecasting',
] as const
export type TableId = (typeof TABLE_IDS)[number]

const s = (name: string): KeyAttribute => ({name, type: 'S'})

/** The target layout: the one place table schemas are written. */
export const TABLES: readonly TableDefinition[] = [
  {id: 'users', description: 'Platform users', partitionKey: s('id'), globalIndexes: []},
  {
    id: 'products',
    description: 'Product catalog',
    partitionKey: s('id'),
    globalIndexes: [
      {name: 'category-index', partitionKey: s('category')},
      {name: 'sku-index', partitionKey: s('sku')},
    ],
  },
  {
    id: 'orders',
    description: 'Customer orders',
    partitionKey: s('id'),
    globalIndexes: [{name: 'customer-created-index', partitionKey: s('customer_id'), sortKey: s('created_at')}],
  },
  {id: 'inventory', description: 'Stock on hand and reorder settings', partitionKey: s('product_id'), globalIndexes: []},
  {id: 'sessions', description: 'User sessions', partitionKey: s('id'), globalIndexes: [], ttlAttribute: 'expires_at'},
  {id: 'customer-profiles', description: 'Customer profiles', partitionKey: s('customer_id'), globalIndexes: []},
  {
    id: 'recommendations',
    description: 'Product recommendations per customer',
    partitionKey: s('customer_id'),
    sortKey: s('product_id'),
    globalIndexes: [],
  },
  {
    id: 'analytics',
    description: 'Metrics and alerts',
    partitionKey: s('PK'),
    sortKey: s('SK'),
    globalIndexes: [{name: 'priority-created-index', partitionKey: s('priority'), sortKey: s('created_at')}],
    ttlAttribute: 'ttl',
  },
  {
    id: 'forecasting',
    description: 'Sales history (SALES#) and forecasts (FORECAST#), single table',
    partitionKey: s('PK'),
    sortKey: s('SK'),
    globalIndexes: [{name: 'forecast-date-index', partitionKey: s('forecast_date'), sortKey: s('PK')}],
    ttlAttribute: 'ttl',
  },
]

/** Days an alert item lives in the analytics table. */
export const ALERT_TTL_DAYS = 30
/** Days a forecast item lives in the forecasting table. */
export const FORECAST_TTL_DAYS = 90

export function tableDefinition(id: TableId): TableDefinition {
  const def = TABLES.find((t) => t.id === id)
  if (!def) throw new Error(`unknown table id ${id}`)
  return def
}

export function tableName(env: EnvName | string, id: TableId): string {
  return resourceName(env, id)
}

/** Key schema prefixes of the single-table forecasting layout. */
export const FORECASTING_KEYS = {
  salesPk: (productId: string) => `SALES#${productId}`,
  forecastPk: (productId: string) => `FORECAST#${productId}`,
  dateSk: (date: string) => `DATE#${date}`,
  /** Forecast jobs: one status item per job, one marker per finished shard, and an index of recent jobs. */
  jobPk: (jobId: string) => `JOB#${jobId}`,
  jobSk: 'STATUS',
  shardSk: (shard: number) => `SHARD#${String(shard).padStart(6, '0')}`,
  jobsIndexPk: 'JOBS',
  jobsIndexSk: (requestedAt: string, jobId: string) => `${requestedAt}#${jobId}`,
} as const

/**
 * A plain CreateTable request for a catalog table (on-demand billing), shared by the local engine
 * and the table migration so that both create exactly what the data stack declares.
 */
export function createTableRequest(def: TableDefinition, name: string) {
  const attributes = new Map<string, AttributeType>()
  const add = (k?: KeyAttribute) => k && attributes.set(k.name, k.type)
  add(def.partitionKey)
  add(def.sortKey)
  for (const gsi of def.globalIndexes) {
    add(gsi.partitionKey)
    add(gsi.sortKey)
  }
  const keySchema = (pk: KeyAttribute, sk?: KeyAttribute) => [
    {AttributeName: pk.name, KeyType: 'HASH' as const},
    ...(sk ? [{AttributeName: sk.name, KeyType: 'RANGE' as const}] : []),
  ]
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({AttributeName, AttributeType})),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.globalIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: def.globalIndexes.map((g) => ({
            IndexName: g.name,
            KeySchema: keySchema(g.partitionKey, g.sortKey),
            Projection: {ProjectionType: 'ALL' as const},
          })),
        }
      : {}),
  }
}
