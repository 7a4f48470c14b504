import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {mkdir, writeFile} from 'node:fs/promises'

import {LOCAL_CREDENTIALS} from '../aws/target.js'
import {TABLES, tableName} from '../catalog/tables.js'
import {OmnixError} from '../errors.js'
import {type CatalogTableResult, describeTables, ensureCatalogTables, recreateCatalogTables, type TableSummary} from '../dynamodb/catalog-tables.js'
import {ENGINE_PACKAGE_VERSION, ensureDynamoDbLocal} from './engine-cache.js'
import {DYNALITE_LIMITATIONS, type EngineKind, engineProcessMarker, launchEngine, waitForEngine} from './engine-launcher.js'
import {detectJava, JAVA_INSTALL_HINT} from './java.js'
import {isEngineProcess, stopProcess} from './processes.js'
import {type EngineStorage, engineStorage, type LocalEngineState, localDataDir, localDir, localLogPath, readLocalState, removeLocalState, writeLocalState} from './state.js'

export type EngineChoice = EngineKind | 'auto'

/** Said by `local up` whenever DynamoDB Local serves: it cannot be bound to loopback. */
export const DYNAMODB_LOCAL_EXPOSURE_WARNING =
  'DynamoDB Local has no host option: it listens on all network interfaces, not only 127.0.0.1, and accepts any credentials. ' +
  'Anyone who can reach this port can read and change the local data; use it on a trusted network or firewall the port.'

export interface LocalUpOptions {
  /** Project directory holding `.omnix/` (default: the current directory). */
  readonly cwd?: string
  /** Environment whose catalog tables are created (default dev). */
  readonly env?: string
  readonly engine?: EngineChoice
  /**
   * On disk or in memory (faster, gone when the engine stops) when it has to be started; absent:
   * on disk. When given and the running engine uses the other, a notice says so.
   */
  readonly storage?: EngineStorage
  /** Root of the engine download cache. */
  readonly cacheDir?: string
  readonly readyTimeoutMs?: number
  /** Progress lines: download, start, tables. */
  readonly onProgress?: (message: string) => void
}

export interface LocalUpResult {
  readonly engine: EngineKind
  readonly endpoint: string
  readonly port: number
  readonly pid: number
  /** Where the running engine keeps its data (a running engine is reused as it is, whatever was asked). */
  readonly storage: EngineStorage
  /** Null in memory. */
  readonly dataDir: string | null
  readonly logFile: string
  /** True when an engine was already running and was left as it was. */
  readonly alreadyRunning: boolean
  readonly env: string
  readonly tables: CatalogTableResult[]
  /** Things the user should know: fallback reasons, missing features, network exposure. */
  readonly notices: string[]
}

/**
 * Starts the local engine (or finds it running), then makes sure the env's catalog tables exist.
 * The engine runs detached, so it outlives this process; on disk (under `.omnix/local/data`) it
 * keeps its data across `down`/`up`, in memory it writes several times faster and forgets.
 *
 * A running engine is always reused, even in the other storage mode than asked: switching would
 * mean stopping it, and an in-memory engine's data would be lost. The notices then say so and
 * how to switch.
 */
export async function localUp(options: LocalUpOptions = {}): Promise<LocalUpResult> {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? 'dev'
  const progress = options.onProgress ?? (() => {})
  const notices: string[] = []

  const running = await runningEngine(cwd, options.readyTimeoutMs)
  if (running) {
    if (options.engine && options.engine !== 'auto' && options.engine !== running.engine) {
      notices.push(`${running.engine} is already running; run \`omnix local down\` first to switch to ${options.engine}`)
    }
    const storageNotice = options.storage ? storageMismatchNotice(running, options.storage) : undefined
    if (storageNotice) notices.push(storageNotice)
    if (running.engine === 'dynalite') notices.push(DYNALITE_LIMITATIONS)
    else notices.push(DYNAMODB_LOCAL_EXPOSURE_WARNING)
    const tables = await withClient(running.port, (client) => ensureCatalogTables(client, env, {ttlSupported: running.engine === 'dynamodb-local'}))
    return {...describeState(running, cwd), alreadyRunning: true, env, tables, notices}
  }

  const java = await detectJava()
  let engine: EngineKind
  if (options.engine === 'dynalite') {
    engine = 'dynalite'
    notices.push(`using dynalite as asked: ${DYNALITE_LIMITATIONS}`)
  } else if (java.usable) {
    engine = 'dynamodb-local'
  } else if (options.engine === 'dynamodb-local') {
    throw new OmnixError(`${java.problem ?? 'Java is not usable'}; ${JAVA_INSTALL_HINT}`, {code: 'JAVA_MISSING', suggestion: 'or use --engine dynalite (no TTL, no transactions)'})
  } else {
    engine = 'dynalite'
    notices.push(`${java.problem}: falling back to dynalite. ${DYNALITE_LIMITATIONS}. For DynamoDB Local, ${JAVA_INSTALL_HINT}.`)
  }

  const install = engine === 'dynamodb-local' ? await ensureDynamoDbLocal({cacheDir: options.cacheDir, onProgress: progress, cwd}) : undefined
  const storage = options.storage ?? 'on-disk'
  const dataDir = storage === 'on-disk' ? localDataDir(engine, cwd) : null
  const logFile = localLogPath(cwd)
  await mkdir(localDir(cwd), {recursive: true})
  await writeFile(logFile, '')
  progress(`starting ${engine === 'dynamodb-local' ? `DynamoDB Local (Java ${java.version})` : 'dynalite'}, ${dataDir ? `data in ${dataDir}` : 'data in memory'}`)
  let state: LocalEngineState | undefined
  try {
    await launchEngine({
      engine,
      install,
      javaCommand: java.command,
      dataDir: dataDir ?? undefined,
      logFile,
      detached: true,
      readyTimeoutMs: options.readyTimeoutMs,
      // Recorded before it answers, so that an interrupted `up` leaves an engine `down` can stop.
      onSpawn: async ({pid, port}) => {
        state = {
          engine,
          port,
          pid,
          storage,
          dataDir,
          logFile,
          startedAt: new Date().toISOString(),
          ...(engine === 'dynamodb-local' ? {version: ENGINE_PACKAGE_VERSION} : {}),
        }
        await writeLocalState(state, cwd)
      },
    })
  } catch (error) {
    await removeLocalState(cwd)
    throw error
  }
  // Assigned in the callback, which TypeScript's flow analysis cannot see.
  const started = state as LocalEngineState | undefined
  if (!started) throw new Error('local engine started without being recorded')
  if (engine === 'dynamodb-local') notices.push(DYNAMODB_LOCAL_EXPOSURE_WARNING)
  progress(`creating the ${env} tables`)
  const tables = await withClient(started.port, (client) => ensureCatalogTables(client, env, {ttlSupported: engine === 'dynamodb-local'}))
  return {...describeState(started, cwd), alreadyRunning: false, env, tables, notices}
}

export interface LocalDownOptions {
  readonly cwd?: string
  /** How long the engine gets to exit after SIGTERM before SIGKILL (default 10 s). */
  readonly graceMs?: number
}

export interface LocalDownResult {
  /** stopped: it was running and now is not; not-running: nothing to stop; stale: the recorded process was already gone. */
  readonly outcome: 'stopped' | 'not-running' | 'stale'
  readonly engine: EngineKind | null
  readonly pid: number | null
  readonly port: number | null
  readonly storage: EngineStorage | null
  /** True when stopping it discarded its data (an in-memory engine). */
  readonly dataLost: boolean
  /** How the process ended when it was stopped. */
  readonly signal: 'SIGTERM' | 'SIGKILL' | null
}

/** Stops the engine (SIGTERM, then SIGKILL after the grace period) and removes the state file. On-disk data stays; in-memory data is gone. */
export async function localDown(options: LocalDownOptions = {}): Promise<LocalDownResult> {
  const cwd = options.cwd ?? process.cwd()
  const state = await readLocalState(cwd)
  if (!state) return {outcome: 'not-running', engine: null, pid: null, port: null, storage: null, dataLost: false, signal: null}
  const storage = engineStorage(state)
  const base = {engine: state.engine, pid: state.pid, port: state.port, storage}
  if (!isEngineProcess(state.pid, engineProcessMarker(state.engine))) {
    await removeLocalState(cwd)
    return {outcome: 'stale', ...base, dataLost: false, signal: null}
  }
  const how = await stopProcess(state.pid, {graceMs: options.graceMs})
  await removeLocalState(cwd)
  return {outcome: 'stopped', ...base, dataLost: storage === 'in-memory', signal: how === 'killed' ? 'SIGKILL' : 'SIGTERM'}
}

export interface LocalStatusOptions {
  readonly cwd?: string
  /** Environment whose missing catalog tables are listed (default dev). */
  readonly env?: string
}

export interface LocalStatusResult {
  readonly running: boolean
  readonly engine: EngineKind | null
  readonly endpoint: string | null
  readonly port: number | null
  readonly pid: number | null
  /** The recorded process exists. */
  readonly alive: boolean
  /** The engine answered ListTables. */
  readonly answering: boolean
  readonly storage: EngineStorage | null
  readonly dataDir: string | null
  readonly logFile: string | null
  readonly startedAt: string | null
  readonly env: string
  readonly tables: TableSummary[]
  /** Catalog tables of the env that the engine does not have. */
  readonly missingTables: string[]
}

export async function localStatus(options: LocalStatusOptions = {}): Promise<LocalStatusResult> {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? 'dev'
  const state = await readLocalState(cwd)
  const catalog = TABLES.map((t) => tableName(env, t.id))
  if (!state) {
    return {
      running: false,
      engine: null,
      endpoint: null,
      port: null,
      pid: null,
      alive: false,
      answering: false,
      storage: null,
      dataDir: null,
      logFile: null,
      startedAt: null,
      env,
      tables: [],
      missingTables: catalog,
    }
  }
  const alive = isEngineProcess(state.pid, engineProcessMarker(state.engine))
  let tables: TableSummary[] = []
  let answering = false
  if (alive) {
    try {
      tables = await withClient(state.port, (client) => describeTables(client), 2)
      answering = true
    } catch {
      answering = false
    }
  }
  const present = new Set(tables.map((t) => t.name))
  return {
    running: alive && answering,
    engine: state.engine,
    endpoint: `http://127.0.0.1:${state.port}`,
    port: state.port,
    pid: state.pid,
    alive,
    answering,
    storage: engineStorage(state),
    dataDir: state.dataDir,
    logFile: state.logFile ?? null,
    startedAt: state.startedAt,
    env,
    tables,
    missingTables: answering ? catalog.filter((n) => !present.has(n)) : catalog,
  }
}

export interface LocalResetPlan {
  readonly env: string
  readonly engine: EngineKind
  /** Catalog tables of the env, with the items each holds now (0 when absent). */
  readonly tables: {name: string; exists: boolean; itemCount: number}[]
}

/** What `reset` would delete, for the confirmation prompt and --dry-run. */
export async function planLocalReset(options: LocalStatusOptions = {}): Promise<LocalResetPlan> {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? 'dev'
  const running = await requireRunning(cwd)
  const summaries = await withClient(running.port, (client) => describeTables(client))
  const byName = new Map(summaries.map((s) => [s.name, s]))
  return {
    env,
    engine: running.engine,
    tables: TABLES.map((t) => {
      const name = tableName(env, t.id)
      const found = byName.get(name)
      return {name, exists: Boolean(found), itemCount: found?.itemCount ?? 0}
    }),
  }
}

export interface LocalResetResult {
  readonly env: string
  readonly engine: EngineKind
  /** Items deleted, summed over the tables. */
  readonly deletedItems: number
  readonly tables: CatalogTableResult[]
}

/** Deletes the env's catalog tables on the local engine and creates them empty. */
export async function localReset(options: LocalStatusOptions = {}): Promise<LocalResetResult> {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? 'dev'
  const plan = await planLocalReset({cwd, env})
  const running = await requireRunning(cwd)
  const tables = await withClient(running.port, (client) => recreateCatalogTables(client, env, {ttlSupported: running.engine === 'dynamodb-local'}))
  return {env, engine: running.engine, deletedItems: plan.tables.reduce((n, t) => n + t.itemCount, 0), tables}
}

/**
 * The recorded engine when its process is alive and answers (waiting for one that is still
 * starting); state left by a process that is gone is cleared.
 */
async function runningEngine(cwd: string, readyTimeoutMs = 90_000): Promise<LocalEngineState | undefined> {
  const state = await readLocalState(cwd)
  if (!state) return undefined
  if (!isEngineProcess(state.pid, engineProcessMarker(state.engine))) {
    await removeLocalState(cwd)
    return undefined
  }
  try {
    await waitForEngine(`http://127.0.0.1:${state.port}`, {pid: state.pid}, {engine: state.engine, logFile: state.logFile ?? localLogPath(cwd), readyTimeoutMs})
    return state
  } catch (error) {
    throw new OmnixError(`the local ${state.engine} (pid ${state.pid}) is running but does not answer on port ${state.port}`, {
      code: 'LOCAL_NOT_ANSWERING',
      suggestion: 'stop it with `omnix local down` and start again',
      cause: error,
    })
  }
}

async function requireRunning(cwd: string): Promise<LocalEngineState> {
  const state = await runningEngine(cwd)
  if (!state) throw new OmnixError('the local engine is not running', {code: 'LOCAL_NOT_RUNNING', suggestion: 'start it with `omnix local up`'})
  return state
}

/** What to tell a caller who asked for one storage mode and gets the running engine in the other. */
function storageMismatchNotice(running: LocalEngineState, wanted: EngineStorage): string | undefined {
  const storage = engineStorage(running)
  if (storage === wanted) return undefined
  if (storage === 'in-memory') {
    return (
      `${running.engine} is already running in memory: reusing it, so its data is gone when it stops. ` +
      'To keep data on disk: `omnix local down` (this drops the in-memory data), then `omnix local up`.'
    )
  }
  return (
    `${running.engine} is already running with its data on disk: reusing it (writes are slower than in memory). ` +
    'To run in memory: `omnix local down` (the on-disk data stays), then `omnix local up --in-memory`.'
  )
}

function describeState(state: LocalEngineState, cwd: string) {
  return {
    engine: state.engine,
    endpoint: `http://127.0.0.1:${state.port}`,
    port: state.port,
    pid: state.pid,
    storage: engineStorage(state),
    dataDir: state.dataDir,
    logFile: state.logFile ?? localLogPath(cwd),
  }
}

async function withClient<T>(port: number, fn: (client: DynamoDBClient) => Promise<T>, maxAttempts?: number): Promise<T> {
  const {DynamoDBClient} = await import('@aws-sdk/client-dynamodb')
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: LOCAL_CREDENTIALS,
    ...(maxAttempts ? {maxAttempts} : {}),
  })
  try {
    return await fn(client)
  } finally {
    client.destroy()
  }
}
