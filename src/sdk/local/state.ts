import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {OmnixError} from '../errors.js'

/** Directory (under the project) where omnix keeps local state. */
export const STATE_DIR = '.omnix'

/**
 * Where the engine keeps its tables: on disk (survives `down`/`up`, a file sync per write) or in
 * memory (several times faster, gone when the engine stops).
 */
export type EngineStorage = 'on-disk' | 'in-memory'

export interface LocalEngineState {
  readonly engine: 'dynamodb-local' | 'dynalite'
  readonly port: number
  readonly pid: number
  /** Absent in state files written before the in-memory mode existed: those engines ran on disk. */
  readonly storage?: EngineStorage
  /** Data directory; null in memory. */
  readonly dataDir: string | null
  readonly startedAt: string
  /** Engine log (stdout and stderr of the engine process). */
  readonly logFile?: string
  /** Package version of the engine, for DynamoDB Local. */
  readonly version?: string
}

export function engineStorage(state: Pick<LocalEngineState, 'storage'>): EngineStorage {
  return state.storage ?? 'on-disk'
}

/** `.omnix/local` under the project: state, data and the engine log. */
export function localDir(cwd = process.cwd()): string {
  return join(cwd, STATE_DIR, 'local')
}

export function localStatePath(cwd = process.cwd()): string {
  return join(localDir(cwd), 'state.json')
}

/** Where an engine keeps its on-disk data; one directory per engine since their formats differ. */
export function localDataDir(engine: LocalEngineState['engine'], cwd = process.cwd()): string {
  return join(localDir(cwd), 'data', engine)
}

export function localLogPath(cwd = process.cwd()): string {
  return join(localDir(cwd), 'engine.log')
}

export async function readLocalState(cwd = process.cwd()): Promise<LocalEngineState | undefined> {
  try {
    return JSON.parse(await readFile(localStatePath(cwd), 'utf8')) as LocalEngineState
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Writes the state file atomically (temp file + rename), so a reader never sees half of it. */
export async function writeLocalState(state: LocalEngineState, cwd = process.cwd()): Promise<void> {
  const path = localStatePath(cwd)
  await mkdir(dirname(path), {recursive: true})
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`)
  await rename(temp, path)
}

export async function removeLocalState(cwd = process.cwd()): Promise<void> {
  await rm(localStatePath(cwd), {force: true})
}

/** Endpoint of the running local engine, or a typed error telling the user to start it. */
export async function localEndpoint(cwd = process.cwd()): Promise<string> {
  const state = await readLocalState(cwd)
  if (!state) {
    throw new OmnixError('the local engine is not running', {code: 'LOCAL_NOT_RUNNING', suggestion: 'start it with `omnix local up`'})
  }
  return `http://127.0.0.1:${state.port}`
}
