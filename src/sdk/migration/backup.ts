import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {OmnixError} from '../errors.js'
import type {BackupResult} from './report.js'

export interface BackupOptions {
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
  /** Between DescribeBackup polls. Default 5 s. */
  readonly pollIntervalMs?: number
  /** Give up waiting for AVAILABLE after this long. Default 1 h. */
  readonly timeoutMs?: number
  /** Backup name (default `{table}-pre-migration-{timestamp}`). */
  readonly name?: string
}

export class BackupError extends OmnixError {
  constructor(message: string, cause?: unknown) {
    super(message, {code: 'BACKUP_FAILED', cause, suggestion: 'nothing was copied; fix the backup problem and run again'})
  }
}

/** Engines without on-demand backups answer CreateBackup like this. */
export function isBackupUnsupported(error: unknown): boolean {
  const e = error as {name?: string; message?: string}
  if (e?.name === 'UnknownOperationException') return true
  return /not (yet )?(supported|implemented)|unknown operation|unsupported operation/i.test(e?.message ?? '')
}

/** `{table}-pre-migration-{yyyymmddhhmmss}`, within the 3-255 characters and [A-Za-z0-9_.-] a backup name allows. */
export function backupName(table: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const suffix = `-pre-migration-${stamp}`
  return `${table.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 255 - suffix.length)}${suffix}`
}

/** Takes an on-demand backup and waits until it is AVAILABLE, or says the engine has none. */
export async function backupTable(client: DynamoDBClient, table: string, options: BackupOptions = {}): Promise<BackupResult> {
  const {CreateBackupCommand, DescribeBackupCommand} = await import('@aws-sdk/client-dynamodb')
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const now = options.now ?? Date.now
  const started = now()
  const name = options.name ?? backupName(table, new Date(started))
  let arn: string | undefined
  try {
    const out = await client.send(new CreateBackupCommand({TableName: table, BackupName: name}))
    arn = out.BackupDetails?.BackupArn
    if (out.BackupDetails?.BackupStatus === 'AVAILABLE' && arn) {
      return {table, status: 'available', backupName: name, backupArn: arn, durationMs: now() - started}
    }
  } catch (error) {
    if (isBackupUnsupported(error)) return {table, status: 'unsupported', reason: 'the engine does not support on-demand backups (CreateBackup)'}
    throw new BackupError(`backing up ${table} failed: ${(error as Error).message}`, error)
  }
  if (!arn) throw new BackupError(`backing up ${table}: CreateBackup returned no backup ARN`)
  const timeoutMs = options.timeoutMs ?? 3_600_000
  for (;;) {
    await sleep(options.pollIntervalMs ?? 5000)
    const {BackupDescription} = await client.send(new DescribeBackupCommand({BackupArn: arn}))
    const status = BackupDescription?.BackupDetails?.BackupStatus
    if (status === 'AVAILABLE') return {table, status: 'available', backupName: name, backupArn: arn, durationMs: now() - started}
    if (status === 'DELETED') throw new BackupError(`backup ${name} of ${table} was deleted before it became available`)
    if (now() - started > timeoutMs) throw new BackupError(`backup ${name} of ${table} not AVAILABLE after ${Math.round(timeoutMs / 1000)} s (status ${status})`)
  }
}
