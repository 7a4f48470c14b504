import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {OmnixError} from '../errors.js'

/** Directory (under the project) where omnix keeps local state. */
export const STATE_DIR = '.omnix'

export interface LocalEngineState {
  readonly engine: 'dynamodb-local' | 'dynalite'
  readonly port: number
  readonly pid: number
  readonly dataDir: string
  readonly startedAt: string
}

export function localStatePath(cwd = process.cwd()): string {
  return join(cwd, STATE_DIR, 'local', 'state.json')
}

export async function readLocalState(cwd = process.cwd()): Promise<LocalEngineState | undefined> {
  try {
    return JSON.parse(await readFile(localStatePath(cwd), 'utf8')) as LocalEngineState
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Endpoint of the running local engine, or a typed error telling the user to start it. */
export async function localEndpoint(cwd = process.cwd()): Promise<string> {
  const state = await readLocalState(cwd)
  if (!state) {
    throw new OmnixError('the local engine is not running', {code: 'LOCAL_NOT_RUNNING', suggestion: 'start it with `omnix local up`'})
  }
  return `http://127.0.0.1:${state.port}`
}
