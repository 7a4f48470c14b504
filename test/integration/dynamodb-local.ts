/**
 * The integration tests' DynamoDB engine: AWS's DynamoDB Local, fetched (or reused from the cache)
 * by the same SDK code as `omnix local up`, run in memory on a free 127.0.0.1 port. It is started
 * once, on first use, and shared by every test file of the run; it stops after the whole run (a
 * mocha root `after` hook, and a process-exit hook as a backstop).
 *
 * Without a usable Java it falls back to dynalite and says why. OMNIX_TEST_ENGINE=dynalite forces
 * the fallback.
 *
 * The first call of a run may take a minute (one-time download, then ~5-10 s of JVM start-up):
 * call it from a `before` hook with a generous `this.timeout(...)`. Import this module statically,
 * so that every test file shares one instance of it (and so one engine).
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ensureDynamoDbLocal} from '../../src/sdk/local/engine-cache.js'
import {type EngineKind, type LaunchedEngine, launchEngine} from '../../src/sdk/local/engine-launcher.js'
import {detectJava} from '../../src/sdk/local/java.js'

export interface TestEngine {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string
  /** Which engine is serving (dynamodb-local unless Java is missing). */
  readonly engine: EngineKind
  /**
   * Releases this caller's use of the engine. The engine itself is shared by the whole run and
   * stops after it, so later test files do not pay its start-up again.
   */
  stop(): Promise<void>
}

let shared: Promise<LaunchedEngine> | undefined
let started: LaunchedEngine | undefined
let workDir: string | undefined

export async function startTestEngine(): Promise<TestEngine> {
  shared ??= launch()
  const running = await shared
  return {endpoint: running.endpoint, engine: running.engine, stop: async () => {}}
}

/** Stops the shared engine now (the root hook does this after the run). */
export async function stopTestEngine(): Promise<void> {
  const pending = shared
  shared = undefined
  if (!pending) return
  let running: LaunchedEngine
  try {
    running = await pending
  } catch {
    return
  }
  started = undefined
  if (running.child.exitCode === null && running.child.signalCode === null) {
    const exited = new Promise((resolve) => running.child.once('exit', resolve))
    running.child.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())])
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL')
  }
  cleanWorkDir()
}

async function launch(): Promise<LaunchedEngine> {
  workDir = mkdtempSync(join(tmpdir(), 'omnix-test-engine-'))
  const logFile = join(workDir, 'engine.log')
  let engine: EngineKind = 'dynamodb-local'
  const java = await detectJava()
  if (process.env.OMNIX_TEST_ENGINE === 'dynalite') {
    engine = 'dynalite'
    process.stderr.write('integration tests: OMNIX_TEST_ENGINE=dynalite, using dynalite instead of DynamoDB Local\n')
  } else if (!java.usable) {
    engine = 'dynalite'
    process.stderr.write(`integration tests: ${java.problem}; falling back to dynalite (no TTL, no transactions)\n`)
  }
  const install = engine === 'dynamodb-local' ? await ensureDynamoDbLocal({onProgress: (m) => process.stderr.write(`integration tests: ${m}\n`)}) : undefined
  started = await launchEngine({engine, install, javaCommand: java.command, logFile, detached: false, readyTimeoutMs: 120_000})
  return started
}

function cleanWorkDir(): void {
  if (workDir) rmSync(workDir, {recursive: true, force: true})
  workDir = undefined
}

// 'exit' handlers run synchronously: kill the engine this process started, if it still runs.
process.once('exit', () => {
  if (started && started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL')
  cleanWorkDir()
})

// Registered while mocha loads the spec files, this lands on the root suite: it runs once, after everything.
if (typeof after === 'function') {
  after(async function () {
    this.timeout(15_000)
    await stopTestEngine()
  })
}
