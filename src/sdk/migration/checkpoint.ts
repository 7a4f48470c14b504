import {randomUUID} from 'node:crypto'
import {mkdir, open, readFile, rename, unlink} from 'node:fs/promises'
import {hostname} from 'node:os'
import {dirname, join} from 'node:path'

import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {OmnixError} from '../errors.js'
import {STATE_DIR} from '../local/state.js'
import type {BackupResult, CutoverResult, TableStatus, VerifyResult} from './report.js'

export interface SegmentCheckpoint {
  done: boolean
  /** LastEvaluatedKey of the last page fully written (JSON-safe form, see encodeItem). */
  lastKey?: unknown
  copied: number
}

export interface TableCheckpoint {
  source: string
  target: string
  status: TableStatus
  totalSegments: number
  segments: SegmentCheckpoint[]
  copied: number
  rejected: number
  retries: number
  throttles: number
  unprocessed: number
  /** Time spent copying, summed over runs. */
  copyMs: number
  backup?: BackupResult
  verify?: VerifyResult
  error?: string
}

export interface MigrationState {
  version: 1
  planId: string
  env: string
  createdAt: string
  updatedAt: string
  finishedAt?: string
  targetsCreated: string[]
  tables: TableCheckpoint[]
  cutover?: CutoverResult
}

export interface LockOwner {
  readonly owner: string
  readonly pid: number
  readonly host: string
  readonly since: string
}

export interface StateLock {
  release(): Promise<void>
}

/** Where a migration's progress lives: a state file (default) or the env's analytics table. */
export interface StateStore {
  /** Human-readable location, e.g. the file path or `table omnix-ai-dev-analytics`. */
  readonly location: string
  load(): Promise<MigrationState | undefined>
  save(state: MigrationState): Promise<void>
  /** Refuses (MigrationLockedError) while another live run holds the lock. */
  acquireLock(): Promise<StateLock>
  /** The current holder, if any (for status). */
  lockHolder(): Promise<LockOwner | undefined>
}

export class MigrationLockedError extends OmnixError {
  constructor(location: string, holder: LockOwner | undefined, extra = '') {
    const who = holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : ''
    super(`another migrate-tables run holds the lock on ${location}${who}${extra}`, {
      code: 'LOCKED',
      suggestion: 'wait for it to finish, or check `omnix migrate-tables status`',
    })
  }
}

export function defaultStatePath(env: string, cwd = process.cwd()): string {
  return join(cwd, STATE_DIR, 'migrate-tables', `${env}.json`)
}

/** True when a process with this pid exists on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * State in a JSON file, replaced atomically (write, fsync, rename) so that a kill at any moment
 * leaves either the previous or the next checkpoint. The lock is a sibling file created with
 * O_EXCL holding the owner's pid; a lock whose process is gone (same host) is stale and taken over.
 */
export class FileStateStore implements StateStore {
  readonly location: string
  private readonly lockPath: string

  constructor(
    readonly path: string,
    private readonly isAlive: (pid: number) => boolean = processAlive,
  ) {
    this.location = path
    this.lockPath = `${path}.lock`
  }

  async load(): Promise<MigrationState | undefined> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    try {
      return JSON.parse(text) as MigrationState
    } catch (error) {
      throw new OmnixError(`checkpoint file ${this.path} is not valid JSON: ${(error as Error).message}`, {
        code: 'CHECKPOINT_CORRUPT',
        suggestion: 'move it aside to start over (targets are overwritten idempotently)',
      })
    }
  }

  async save(state: MigrationState): Promise<void> {
    await mkdir(dirname(this.path), {recursive: true})
    const tmp = `${this.path}.${process.pid}.tmp`
    const handle = await open(tmp, 'w')
    try {
      await handle.writeFile(JSON.stringify(state, null, 1))
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, this.path)
  }

  async acquireLock(): Promise<StateLock> {
    await mkdir(dirname(this.lockPath), {recursive: true})
    const me: LockOwner = {owner: randomUUID(), pid: process.pid, host: hostname(), since: new Date().toISOString()}
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(this.lockPath, 'wx')
        try {
          await handle.writeFile(JSON.stringify(me))
          await handle.sync()
        } finally {
          await handle.close()
        }
        return {
          release: async () => {
            const holder = await this.lockHolder()
            if (holder?.owner === me.owner) await unlink(this.lockPath).catch(() => {})
          },
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const holder = await this.lockHolder()
        const stale = holder === undefined || (holder.host === me.host && !this.isAlive(holder.pid))
        if (!stale || attempt > 0) throw new MigrationLockedError(this.location, holder)
        await unlink(this.lockPath).catch(() => {})
      }
    }
    throw new MigrationLockedError(this.location, undefined)
  }

  async lockHolder(): Promise<LockOwner | undefined> {
    try {
      return JSON.parse(await readFile(this.lockPath, 'utf8')) as LockOwner
    } catch {
      return undefined
    }
  }
}

/**
 * State in the env's analytics table (`--state-table`), for runs from machines that may not be
 * the same next time. The lock is a lease item renewed while the run lives; a killed run's lease
 * expires, and one on this host whose process is gone is taken over at once.
 */
export class TableStateStore implements StateStore {
  readonly location: string
  private readonly pk: string

  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
    env: string,
    private readonly options: {leaseMs?: number; now?: () => number; isAlive?: (pid: number) => boolean} = {},
  ) {
    this.location = `table ${tableName} (PK MIGRATION#${env})`
    this.pk = `MIGRATION#${env}`
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  async load(): Promise<MigrationState | undefined> {
    const Item = await this.getItem('STATE')
    return Item?.state?.S ? (JSON.parse(Item.state.S) as MigrationState) : undefined
  }

  /** The item, or undefined when it or the table does not exist (status must not create anything). */
  private async getItem(sk: string) {
    const {GetItemCommand} = await import('@aws-sdk/client-dynamodb')
    try {
      const {Item} = await this.client.send(new GetItemCommand({TableName: this.tableName, Key: {PK: {S: this.pk}, SK: {S: sk}}, ConsistentRead: true}))
      return Item
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined
      throw error
    }
  }

  async save(state: MigrationState): Promise<void> {
    const {PutItemCommand} = await import('@aws-sdk/client-dynamodb')
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {PK: {S: this.pk}, SK: {S: 'STATE'}, state: {S: JSON.stringify(state)}, updated_at: {S: state.updatedAt}},
      }),
    )
  }

  async acquireLock(): Promise<StateLock> {
    const {PutItemCommand, UpdateItemCommand, DeleteItemCommand} = await import('@aws-sdk/client-dynamodb')
    const leaseMs = this.options.leaseMs ?? 60_000
    const me: LockOwner = {owner: randomUUID(), pid: process.pid, host: hostname(), since: new Date(this.now()).toISOString()}
    const key = {PK: {S: this.pk}, SK: {S: 'LOCK'}}
    const put = (condition: string, values: Record<string, {S: string} | {N: string}>, names?: Record<string, string>) =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {...key, owner: {S: me.owner}, pid: {N: String(me.pid)}, host: {S: me.host}, since: {S: me.since}, expires_at: {N: String(this.now() + leaseMs)}},
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ...(names ? {ExpressionAttributeNames: names} : {}),
        }),
      )
    try {
      await put('attribute_not_exists(PK) OR expires_at < :now', {':now': {N: String(this.now())}})
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error
      const holder = await this.lockHolder()
      const isAlive = this.options.isAlive ?? processAlive
      if (!holder || holder.host !== me.host || isAlive(holder.pid)) throw new MigrationLockedError(this.location, holder)
      try {
        await put('#o = :old', {':old': {S: holder.owner}}, {'#o': 'owner'})
      } catch {
        throw new MigrationLockedError(this.location, holder)
      }
    }
    const timer = setInterval(() => {
      this.client
        .send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET expires_at = :t',
            ConditionExpression: '#o = :me',
            ExpressionAttributeNames: {'#o': 'owner'},
            ExpressionAttributeValues: {':t': {N: String(this.now() + leaseMs)}, ':me': {S: me.owner}},
          }),
        )
        .catch(() => {})
    }, leaseMs / 3)
    timer.unref()
    return {
      release: async () => {
        clearInterval(timer)
        await this.client
          .send(
            new DeleteItemCommand({
              TableName: this.tableName,
              Key: key,
              ConditionExpression: '#o = :me',
              ExpressionAttributeNames: {'#o': 'owner'},
              ExpressionAttributeValues: {':me': {S: me.owner}},
            }),
          )
          .catch(() => {})
      },
    }
  }

  async lockHolder(): Promise<LockOwner | undefined> {
    const Item = await this.getItem('LOCK')
    if (!Item || Number(Item.expires_at?.N ?? 0) < this.now()) return undefined
    return {owner: Item.owner?.S ?? '', pid: Number(Item.pid?.N ?? 0), host: Item.host?.S ?? '', since: Item.since?.S ?? ''}
  }
}

/**
 * Saves checkpoints one at a time without holding up the copy: a save requested while one is in
 * flight is coalesced into one more save of the then-current state.
 */
export class CheckpointWriter {
  private running?: Promise<void>
  private dirty = false
  private failure?: unknown

  constructor(
    private readonly store: StateStore,
    private readonly state: MigrationState,
    private readonly now: () => Date = () => new Date(),
  ) {}

  touch(): void {
    this.dirty = true
    this.running ??= this.drain()
  }

  /** Waits until everything touched so far is saved; throws the last save error, if any. */
  async flush(): Promise<void> {
    this.touch()
    while (this.running) await this.running
    if (this.failure) {
      const failure = this.failure
      this.failure = undefined
      throw failure
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false
        this.state.updatedAt = this.now().toISOString()
        try {
          await this.store.save(this.state)
        } catch (error) {
          this.failure = error
        }
      }
    } finally {
      this.running = undefined
    }
  }
}
