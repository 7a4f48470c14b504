import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import type {AwsTarget} from '../aws/target.js'
import {tableDefinition, tableName} from '../catalog/tables.js'
import {ensureCatalogTable as ensureTable} from '../dynamodb/catalog-tables.js'
import {dynamoClient} from '../dynamodb/client.js'
import {defaultStatePath, FileStateStore, type StateStore, TableStateStore} from './checkpoint.js'
import type {MigrationClients} from './run.js'

/**
 * The two clients a migration uses: one with the SDK's retries for scans and control calls, and
 * one without for BatchWriteItem, whose throttles the copier handles itself.
 */
export async function migrationClients(target: AwsTarget): Promise<MigrationClients> {
  return {read: await dynamoClient(target, {maxAttempts: 8}), write: await dynamoClient(target, {maxAttempts: 1})}
}

export interface StateStoreOptions {
  readonly env: string
  /** Use the env's analytics table instead of a file. */
  readonly stateTable?: boolean
  readonly stateFile?: string
  readonly local?: boolean
  readonly cwd?: string
  /** Create the analytics table if it is missing (not for read-only commands). Default true. */
  readonly create?: boolean
}

/** The checkpoint store a command uses: `--state-file`, `--state-table`, or `.omnix/migrate-tables/{env}[-local].json`. */
export async function openStateStore(client: DynamoDBClient, options: StateStoreOptions): Promise<StateStore> {
  if (options.stateTable) {
    const name = tableName(options.env, 'analytics')
    if (options.create ?? true) await ensureCatalogTable(client, options.env, 'analytics')
    return new TableStateStore(client, name, options.env)
  }
  return new FileStateStore(options.stateFile ?? defaultStatePath(options.local ? `${options.env}-local` : options.env, options.cwd))
}

/** Creates a catalog table if it is missing and waits until it is ACTIVE. */
export async function ensureCatalogTable(client: DynamoDBClient, env: string, id: 'analytics', sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Promise<void> {
  await ensureTable(client, tableDefinition(id), tableName(env, id), {ttlSupported: true, sleep, pollMs: 1000, waitLimitMs: 600_000})
}
