import {readFileSync} from 'node:fs'
import {createServer} from 'node:net'

/** A port the OS reports free on 127.0.0.1 right now (bind to 0, read it, release it). */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen({port: 0, host, exclusive: true}, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('could not read the bound port'))))
    })
  })
}

/** True when a process with this pid exists and is not a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  const stat = readProc(pid, 'stat')
  // Field 3 of /proc/<pid>/stat, after the parenthesised command name, is the state letter.
  if (stat !== undefined && /\)\s+Z\b/.test(stat)) return false
  return true
}

/**
 * Whether `pid` still looks like the engine omnix started (its command line names `marker`), so
 * that a pid recycled by the OS after a reboot is never signalled. Where /proc is unavailable the
 * answer is based on liveness alone.
 */
export function isEngineProcess(pid: number, marker: string): boolean {
  if (!isProcessAlive(pid)) return false
  const cmdline = readProc(pid, 'cmdline')
  if (cmdline === undefined) return true
  return cmdline.includes(marker)
}

function readProc(pid: number, file: string): string | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

export interface StopOptions {
  /** How long SIGTERM gets before SIGKILL. */
  readonly graceMs?: number
  readonly pollMs?: number
  readonly sleep?: (ms: number) => Promise<void>
}

/** SIGTERM, wait up to the grace period, then SIGKILL. Returns how it ended. */
export async function stopProcess(pid: number, options: StopOptions = {}): Promise<'not-running' | 'terminated' | 'killed'> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const graceMs = options.graceMs ?? 10_000
  const pollMs = options.pollMs ?? 100
  if (!isProcessAlive(pid)) return 'not-running'
  signal(pid, 'SIGTERM')
  for (let waited = 0; waited < graceMs; waited += pollMs) {
    await sleep(pollMs)
    if (!isProcessAlive(pid)) return 'terminated'
  }
  signal(pid, 'SIGKILL')
  for (let waited = 0; waited < 5000 && isProcessAlive(pid); waited += pollMs) await sleep(pollMs)
  return 'killed'
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}
