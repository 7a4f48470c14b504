import {type ChildProcess, spawn} from 'node:child_process'
import {closeSync, openSync} from 'node:fs'
import {mkdir, readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {dirname} from 'node:path'

import {LOCAL_CREDENTIALS} from '../aws/target.js'
import {OmnixError} from '../errors.js'
import type {DynamoDbLocalInstall} from './engine-cache.js'
import {findFreePort, isProcessAlive} from './processes.js'

export const ENGINES = ['dynamodb-local', 'dynalite'] as const
export type EngineKind = (typeof ENGINES)[number]

/** What dynalite lacks compared with DynamoDB, said whenever it is used instead of DynamoDB Local. */
export const DYNALITE_LIMITATIONS = 'dynalite has no TTL (UpdateTimeToLive), no transactions (TransactWriteItems/TransactGetItems) and no PartiQL'

/** Substring of the engine's command line, used to recognise its process later. */
export function engineProcessMarker(engine: EngineKind): string {
  return engine === 'dynamodb-local' ? 'DynamoDBLocal.jar' : 'dynalite'
}

export interface LaunchOptions {
  readonly engine: EngineKind
  /** Directory for on-disk data; absent means in memory (gone when the process ends). */
  readonly dataDir?: string
  /** File receiving the engine's stdout and stderr (shown on failure). */
  readonly logFile: string
  /** Detached: the engine outlives this process (`omnix local up`); otherwise it is this process's child. */
  readonly detached: boolean
  /** Required for dynamodb-local. */
  readonly install?: DynamoDbLocalInstall
  readonly javaCommand?: string
  /** Fixed port; default a free one on 127.0.0.1. */
  readonly port?: number
  /** How long to wait for the first successful ListTables. */
  readonly readyTimeoutMs?: number
  /** Called once the process exists, before it answers (to record it while it starts). */
  readonly onSpawn?: (process: {pid: number; port: number}) => Promise<void> | void
}

export interface LaunchedEngine {
  readonly engine: EngineKind
  readonly port: number
  readonly pid: number
  readonly endpoint: string
  readonly child: ChildProcess
}

const PORT_ATTEMPTS = 3

/**
 * Starts an engine process and resolves once it answers a real ListTables. A port taken between
 * choosing and binding it is retried on another free port; any other early exit or a timeout is
 * an error carrying the tail of the engine's log.
 */
export async function launchEngine(options: LaunchOptions): Promise<LaunchedEngine> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort())
    const child = await spawnEngine(options, port)
    const endpoint = `http://127.0.0.1:${port}`
    try {
      await options.onSpawn?.({pid: child.pid!, port})
      await waitForEngine(endpoint, child, options)
      return {engine: options.engine, port, pid: child.pid!, endpoint, child}
    } catch (error) {
      await killAndWait(child)
      const log = await logTail(options.logFile)
      if (options.port === undefined && attempt < PORT_ATTEMPTS && /address already in use|BindException|EADDRINUSE/i.test(log)) continue
      throw error
    }
  }
}

async function spawnEngine(options: LaunchOptions, port: number): Promise<ChildProcess> {
  await mkdir(dirname(options.logFile), {recursive: true})
  if (options.dataDir) await mkdir(options.dataDir, {recursive: true})
  const {command, args, cwd} = engineCommand(options, port)
  const log = openSync(options.logFile, 'a')
  try {
    const child = spawn(command, args, {cwd, detached: options.detached, stdio: ['ignore', log, log], windowsHide: true})
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', (error) =>
        reject(new OmnixError(`could not start ${options.engine}: ${error.message}`, {code: 'LOCAL_ENGINE_START_FAILED', cause: error})),
      )
    })
    // Neither keeps this process alive: `local up` exits while the engine runs on, and a test
    // run ends even if nobody stops its engine (the exit hook does).
    child.unref()
    return child
  } finally {
    closeSync(log)
  }
}

function engineCommand(options: LaunchOptions, port: number): {command: string; args: string[]; cwd?: string} {
  if (options.engine === 'dynamodb-local') {
    const install = options.install
    if (!install) throw new Error('launchEngine: dynamodb-local needs its install')
    const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']
    return {
      command: options.javaCommand ?? 'java',
      args: [
        // A single-threaded collector: the engine's heap is small and the machine may have few cores.
        '-XX:+UseSerialGC',
        `-Djava.library.path=${install.libDir}`,
        '-jar',
        install.jar,
        '-sharedDb',
        '-disableTelemetry',
        '-port',
        String(port),
        ...storage,
      ],
      cwd: options.dataDir ?? install.dir,
    }
  }
  const cli = createRequire(import.meta.url).resolve('dynalite/cli.js')
  return {
    command: process.execPath,
    args: [
      cli,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      ...(options.dataDir ? ['--path', options.dataDir] : []),
      '--createTableMs',
      '0',
      '--deleteTableMs',
      '0',
      '--updateTableMs',
      '0',
    ],
  }
}

/** Polls ListTables until it succeeds, the process exits, or the timeout passes. */
export async function waitForEngine(endpoint: string, child: ChildProcess | {pid: number}, options: {engine: EngineKind; logFile: string; readyTimeoutMs?: number}): Promise<void> {
  const timeoutMs = options.readyTimeoutMs ?? 90_000
  const {DynamoDBClient, ListTablesCommand} = await import('@aws-sdk/client-dynamodb')
  const client = new DynamoDBClient({region: 'us-east-1', endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 1})
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  try {
    while (Date.now() < deadline) {
      if (!processRunning(child)) {
        throw new OmnixError(`${options.engine} exited while starting${await logTailMessage(options.logFile)}`, {code: 'LOCAL_ENGINE_START_FAILED'})
      }
      try {
        await client.send(new ListTablesCommand({Limit: 1}), {abortSignal: AbortSignal.timeout(3000)})
        return
      } catch (error) {
        lastError = error
      }
      await new Promise((r) => setTimeout(r, 250))
    }
  } finally {
    client.destroy()
  }
  const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
  throw new OmnixError(`${options.engine} did not answer ListTables at ${endpoint} within ${Math.round(timeoutMs / 1000)} s${reason}${await logTailMessage(options.logFile)}`, {
    code: 'LOCAL_ENGINE_TIMEOUT',
    suggestion: `see ${options.logFile}; a slow machine may need a longer --timeout`,
  })
}

/** SIGKILL, then wait (briefly) for the exit, so a failed start leaves no process behind. */
async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGKILL')
  let timer: NodeJS.Timeout | undefined
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))])
  clearTimeout(timer)
}

function processRunning(child: ChildProcess | {pid: number}): boolean {
  if ('exitCode' in child) return child.exitCode === null && child.signalCode === null
  return isProcessAlive(child.pid)
}

export async function logTail(logFile: string, lines = 20): Promise<string> {
  try {
    const text = await readFile(logFile, 'utf8')
    return text.trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

async function logTailMessage(logFile: string): Promise<string> {
  const tail = await logTail(logFile)
  return tail ? `\n--- last lines of ${logFile} ---\n${tail}` : ''
}
