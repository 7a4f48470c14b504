import assert from 'node:assert/strict'
import {type ChildProcess, spawn} from 'node:child_process'
import {once} from 'node:events'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {detectJava, parseJavaVersion} from '../../../src/sdk/local/java.js'
import {findFreePort, isEngineProcess, isProcessAlive, stopProcess} from '../../../src/sdk/local/processes.js'
import {localStatePath, readLocalState, removeLocalState, writeLocalState} from '../../../src/sdk/local/state.js'

/** A node child that prints "ready" once its signal handlers are set. */
async function child(script: string, marker = 'omnix-test-child'): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['-e', `${script}; console.log('ready'); setInterval(() => {}, 1000)`, marker], {stdio: ['ignore', 'pipe', 'ignore']})
  await once(proc.stdout!, 'data')
  return proc
}

const quickSleep = () => new Promise<void>((r) => setTimeout(r, 5))

describe('local engine processes', () => {
  it('finds a port that can then be bound on 127.0.0.1', async () => {
    const port = await findFreePort()
    const server = createServer()
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))
    server.close()
  })

  it('stops a process with SIGTERM', async () => {
    const proc = await child('')
    const exited = once(proc, 'exit')
    assert.equal(isProcessAlive(proc.pid!), true)
    assert.equal(await stopProcess(proc.pid!, {graceMs: 5000, sleep: quickSleep}), 'terminated')
    const [, signal] = await exited
    assert.equal(signal, 'SIGTERM')
    assert.equal(isProcessAlive(proc.pid!), false)
  })

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const proc = await child("process.on('SIGTERM', () => {})")
    const exited = once(proc, 'exit')
    assert.equal(await stopProcess(proc.pid!, {graceMs: 50, pollMs: 10, sleep: quickSleep}), 'killed')
    const [, signal] = await exited
    assert.equal(signal, 'SIGKILL')
  })

  it('reports a process that is already gone', async () => {
    const proc = await child('')
    proc.kill('SIGKILL')
    await once(proc, 'exit')
    assert.equal(await stopProcess(proc.pid!), 'not-running')
  })

  it('recognises the engine by its command line (where /proc shows it)', async () => {
    const proc = await child('', 'DynamoDBLocal.jar')
    try {
      assert.equal(isEngineProcess(proc.pid!, 'DynamoDBLocal.jar'), true)
      assert.equal(isEngineProcess(proc.pid!, 'dynalite'), process.platform !== 'linux')
    } finally {
      proc.kill('SIGKILL')
    }
  })
})

describe('Java detection', () => {
  it('reads the major version of old and new version strings', () => {
    assert.deepEqual(parseJavaVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime'), {version: '17.0.15', major: 17})
    assert.deepEqual(parseJavaVersion('java version "1.8.0_402"'), {version: '1.8.0_402', major: 8})
    assert.deepEqual(parseJavaVersion('openjdk version "21" 2023-09-19'), {version: '21', major: 21})
    assert.equal(parseJavaVersion('garbage'), undefined)
  })

  it('says Java is missing when JAVA_HOME points nowhere', async () => {
    const java = await detectJava({JAVA_HOME: '/nonexistent/jdk'})
    assert.equal(java.usable, false)
    assert.match(java.problem ?? '', /Java was not found \(\/nonexistent\/jdk\/bin\/java\); DynamoDB Local needs Java 17 or later/)
  })
})

describe('local engine state file', () => {
  it('writes, reads and removes .omnix/local/state.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnix-state-'))
    try {
      assert.equal(await readLocalState(dir), undefined)
      const state = {engine: 'dynalite' as const, port: 4567, pid: 42, dataDir: '/d', startedAt: '2024-01-01T00:00:00.000Z'}
      await writeLocalState(state, dir)
      assert.deepEqual(JSON.parse(await readFile(localStatePath(dir), 'utf8')), state)
      assert.deepEqual(await readLocalState(dir), state)
      await removeLocalState(dir)
      assert.equal(await readLocalState(dir), undefined)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
