import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {createTableRequest, TABLES, type TableDefinition, tableName} from '../catalog/tables.js'
import {isAwsError} from './client.js'
import {OmnixError} from '../errors.js'

export interface CatalogTableResult {
  readonly id: TableDefinition['id']
  readonly name: string
  /** created: new; exists: left as it was. */
  readonly action: 'created' | 'exists'
  /** TTL attribute state: enabled on this engine, not supported by it, or the table has none. */
  readonly ttl: 'enabled' | 'unsupported' | 'none'
}

export interface EnsureTablesOptions {
  /** Whether the engine implements UpdateTimeToLive (dynalite does not). */
  readonly ttlSupported: boolean
  readonly sleep?: (ms: number) => Promise<void>
  /** How often to ask whether a new table is ACTIVE (local engines answer at once; AWS takes seconds). */
  readonly pollMs?: number
  /** How long to wait for a new table to become ACTIVE. */
  readonly waitLimitMs?: number
}

/**
 * Creates the env's catalog tables that are missing (keys, GSIs and TTL exactly as the data stack
 * declares them) and leaves existing ones alone apart from switching on a TTL that a previous,
 * interrupted run did not get to.
 */
export async function ensureCatalogTables(client: DynamoDBClient, env: string, options: EnsureTablesOptions): Promise<CatalogTableResult[]> {
  const existing = new Set(await listAllTables(client))
  const results: CatalogTableResult[] = []
  for (const def of TABLES) {
    const name = tableName(env, def.id)
    results.push(await ensureCatalogTable(client, def, name, options, existing.has(name)))
  }
  return results
}

/**
 * Creates one catalog table when it is missing, waits until it and its indexes are ACTIVE, and
 * switches on its TTL: the one way the local engine, the table migration and its state table make
 * a catalog table.
 */
export async function ensureCatalogTable(
  client: DynamoDBClient,
  def: TableDefinition,
  name: string,
  options: EnsureTablesOptions,
  exists?: boolean,
): Promise<CatalogTableResult> {
  const created = !(exists ?? (await tableExists(client, name)))
  if (created) await createCatalogTable(client, def, name, options)
  const ttl = await ensureTtl(client, def, name, options)
  return {id: def.id, name, action: created ? 'created' : 'exists', ttl}
}

async function tableExists(client: DynamoDBClient, name: string): Promise<boolean> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  try {
    await client.send(new DescribeTableCommand({TableName: name}))
    return true
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return false
    throw error
  }
}

/** Deletes the env's catalog tables (those present) and creates them empty again. */
export async function recreateCatalogTables(client: DynamoDBClient, env: string, options: EnsureTablesOptions): Promise<CatalogTableResult[]> {
  const {DeleteTableCommand} = await import('@aws-sdk/client-dynamodb')
  const existing = new Set(await listAllTables(client))
  for (const def of TABLES) {
    const name = tableName(env, def.id)
    if (!existing.has(name)) continue
    await client.send(new DeleteTableCommand({TableName: name}))
    await waitUntilGone(client, name, options.sleep)
  }
  return ensureCatalogTables(client, env, options)
}

export async function listAllTables(client: DynamoDBClient): Promise<string[]> {
  const {ListTablesCommand} = await import('@aws-sdk/client-dynamodb')
  const names: string[] = []
  let start: string | undefined
  do {
    const page = await client.send(new ListTablesCommand({ExclusiveStartTableName: start}))
    names.push(...(page.TableNames ?? []))
    start = page.LastEvaluatedTableName
  } while (start)
  return names
}

export interface TableSummary {
  readonly name: string
  readonly status: string
  readonly itemCount: number
}

/** Every table of the engine with its status and item count. */
export async function describeTables(client: DynamoDBClient): Promise<TableSummary[]> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  const summaries: TableSummary[] = []
  for (const name of await listAllTables(client)) {
    const {Table} = await client.send(new DescribeTableCommand({TableName: name}))
    summaries.push({name, status: Table?.TableStatus ?? 'UNKNOWN', itemCount: Table?.ItemCount ?? 0})
  }
  return summaries.sort((a, b) => a.name.localeCompare(b.name))
}

async function createCatalogTable(client: DynamoDBClient, def: TableDefinition, name: string, options: EnsureTablesOptions): Promise<void> {
  const {CreateTableCommand} = await import('@aws-sdk/client-dynamodb')
  try {
    await client.send(new CreateTableCommand(createTableRequest(def, name)))
  } catch (error) {
    // Created meanwhile by a concurrent `local up`: same catalog, same table.
    if (!isAwsError(error, 'ResourceInUseException')) throw error
  }
  await waitUntilActive(client, name, options)
}

async function ensureTtl(client: DynamoDBClient, def: TableDefinition, name: string, options: EnsureTablesOptions): Promise<CatalogTableResult['ttl']> {
  if (!def.ttlAttribute) return 'none'
  if (!options.ttlSupported) return 'unsupported'
  const {DescribeTimeToLiveCommand, UpdateTimeToLiveCommand} = await import('@aws-sdk/client-dynamodb')
  const {TimeToLiveDescription: current} = await client.send(new DescribeTimeToLiveCommand({TableName: name}))
  if (current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING') return 'enabled'
  await client.send(new UpdateTimeToLiveCommand({TableName: name, TimeToLiveSpecification: {AttributeName: def.ttlAttribute, Enabled: true}}))
  return 'enabled'
}

const WAIT_LIMIT_MS = 60_000
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

async function waitUntilActive(client: DynamoDBClient, name: string, options: EnsureTablesOptions): Promise<void> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  const sleep = options.sleep ?? realSleep
  const pollMs = options.pollMs ?? 100
  const limitMs = options.waitLimitMs ?? WAIT_LIMIT_MS
  for (let waited = 0; waited < limitMs; waited += pollMs) {
    const {Table} = await client.send(new DescribeTableCommand({TableName: name}))
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return
    await sleep(pollMs)
  }
  throw new OmnixError(`table ${name} did not become ACTIVE within ${limitMs / 1000} s`, {code: 'TABLE_NOT_ACTIVE'})
}

async function waitUntilGone(client: DynamoDBClient, name: string, sleep = realSleep): Promise<void> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  for (let waited = 0; waited < WAIT_LIMIT_MS; waited += 100) {
    try {
      await client.send(new DescribeTableCommand({TableName: name}))
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return
      throw error
    }
    await sleep(100)
  }
  throw new OmnixError(`table ${name} was not deleted within ${WAIT_LIMIT_MS / 1000} s`, {code: 'TABLE_NOT_DELETED'})
}
