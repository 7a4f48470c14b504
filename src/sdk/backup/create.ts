import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {type TableId, tableName} from '../catalog/tables.js'
import {backupTable} from '../migration/backup.js'
import {onDemandBackupName} from './names.js'
import {resolveWaits, type Waits} from './waits.js'

export interface CreatedBackup {
  readonly id: TableId
  readonly table: string
  readonly status: 'available' | 'failed'
  readonly backupName?: string
  readonly backupArn?: string
  readonly durationMs?: number
  readonly error?: string
}

export interface CreateBackupsOptions extends Waits {
  readonly env: string
  readonly tables: readonly TableId[]
  /** Table per id when the platform uses another name than the catalog's (cut-over parameters). */
  readonly sources?: Partial<Record<TableId, string>>
  readonly onEvent?: (event: {type: 'requested' | 'available' | 'failed'; table: string; message: string}) => void
}

/**
 * Takes an on-demand backup (CreateBackup) of each table, in parallel, and waits until each is
 * AVAILABLE. One table failing does not stop the others; its entry says why.
 */
export async function createBackups(client: DynamoDBClient, options: CreateBackupsOptions): Promise<CreatedBackup[]> {
  const waits = resolveWaits({pollIntervalMs: 5000, timeoutMs: 3_600_000, ...options})
  return Promise.all(
    options.tables.map(async (id): Promise<CreatedBackup> => {
      const table = options.sources?.[id] ?? tableName(options.env, id)
      const name = onDemandBackupName(table, new Date(waits.now()))
      options.onEvent?.({type: 'requested', table, message: `${table}: backing up as ${name}`})
      try {
        const result = await backupTable(client, table, {...waits, name})
        if (result.status === 'unsupported') {
          options.onEvent?.({type: 'failed', table, message: `${table}: ${result.reason}`})
          return {id, table, status: 'failed', error: result.reason}
        }
        options.onEvent?.({type: 'available', table, message: `${table}: ${result.backupArn}`})
        return {id, table, status: 'available', backupName: result.backupName, backupArn: result.backupArn, durationMs: result.durationMs}
      } catch (error) {
        const message = (error as Error).message
        options.onEvent?.({type: 'failed', table, message})
        return {id, table, status: 'failed', backupName: name, error: message}
      }
    }),
  )
}
