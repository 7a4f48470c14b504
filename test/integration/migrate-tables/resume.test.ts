import assert from 'node:assert/strict'
import {type ChildProcess, spawn} from 'node:child_process'
import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import MigrateTables from '../../../src/commands/migrate-tables/index.js'
import MigrateTablesStatus from '../../../src/commands/migrate-tables/status.js'
import type {StatusOutput} from '../../../src/commands/migrate-tables/status.js'
import type {MigrationState} from '../../../src/sdk/migration/checkpoint.js'
import type {MigrationReport} from '../../../src/sdk/migration/report.js'
import {ROOT, runCommand} from '../../helpers/run-command.js'
import {startTestEngine, type TestEngine} from '../dynamodb-local.js'
import {dropEnv, engineClient, expectedTargets, type LegacyTable, seedLayout, targetContents, targetKey} from './layout.js'

const here = dirname(fileURLToPath(import.meta.url))
const ENV = 'staging'

/** Reads the checkpoint until `ready` says so; polls the file instead of guessing a delay. */
async function waitForCheckpoint(path: string, child: ChildProcess, ready: (s: MigrationState) => boolean): Promise<MigrationState> {
  const deadline = Date.now() + 40_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the run exited (${child.exitCode}) before the checkpoint showed progress`)
    try {
      const state = JSON.parse(await readFile(path, 'utf8')) as MigrationState
      if (ready(state)) return state
    } catch {
      // not written yet, or caught between write and rename
    }
    if (Date.now() > deadline) throw new Error('no checkpoint progress within 40 s')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('migrate-tables killed part way and resumed', function () {
  this.timeout(60_000)
  let engine: TestEngine
  let client: DynamoDBClient
  let layout: LegacyTable[]
  let stateFile: string
  let child: ChildProcess | undefined

  before(async function () {
    this.timeout(180_000)
    engine = await startTestEngine()
    client = engineClient(engine.endpoint)
    layout = await seedLayout(client, ENV, {sales: 1500, forecasts: 300, products: 100, alerts: 40, orders: 60, users: 10, orphans: 5})
    stateFile = join(await mkdtemp(join(tmpdir(), 'omnix-resume-')), 'staging.json')
  })

  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
    await dropEnv(client, ENV)
    client.destroy()
    await engine.stop()
  })

  it('a second run refuses while one holds the lock; after kill -9 the resumed run ends with identical contents', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', join(here, 'interrupted-run.ts'), engine.endpoint, ENV, stateFile, '900'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let childErr = ''
    child.stderr!.on('data', (d) => (childErr += d))
    const exited = new Promise((resolve) => child!.once('exit', resolve))
    const partial = await waitForCheckpoint(stateFile, child, (s) => s.tables.reduce((n, t) => n + t.copied, 0) >= 300).catch((error) => {
      throw new Error(`${error.message}\n${childErr}`)
    })

    const concurrent = await runCommand(MigrateTables, ['-e', ENV, '--endpoint-url', engine.endpoint, '--yes', '--state-file', stateFile])
    assert.equal(concurrent.exitCode, 1, `the concurrent run was not refused: ${concurrent.error?.message ?? ''}\n${concurrent.stderr}\n${concurrent.stdout}`)
    assert.match(String(concurrent.error?.message), new RegExp(`another migrate-tables run holds the lock .*pid ${child.pid}`))

    const status = JSON.parse((await runCommand(MigrateTablesStatus, ['-e', ENV, '--endpoint-url', engine.endpoint, '--state-file', stateFile, '--json'])).stdout) as StatusOutput & {
      found: true
    }
    assert.equal(status.runningBy?.pid, child.pid)
    assert.equal(status.finished, false)

    child.kill('SIGKILL')
    await exited
    const killed = JSON.parse(await readFile(stateFile, 'utf8')) as MigrationState
    const copiedBeforeKill = killed.tables.reduce((n, t) => n + t.copied, 0)
    assert.ok(copiedBeforeKill >= partial.tables.reduce((n, t) => n + t.copied, 0))
    assert.ok(copiedBeforeKill < 2000, `killed part way (${copiedBeforeKill} of 2000 checkpointed)`)
    assert.equal(killed.finishedAt, undefined)

    const {stdout, exitCode, stderr} = await runCommand(MigrateTables, ['-e', ENV, '--endpoint-url', engine.endpoint, '--yes', '--json', '--state-file', stateFile])
    assert.equal(exitCode, 0, stderr)
    const report = JSON.parse(stdout) as MigrationReport
    assert.equal(report.resumed, true)
    assert.equal(report.verified, true)
    for (const t of report.tables) {
      assert.equal(t.verify?.sourceHash, t.verify?.targetHash, t.source)
      assert.equal(t.verify?.missing, 0)
    }

    // Exactly what an uninterrupted run writes: every transformed item once, nothing else.
    const expected = expectedTargets(layout, targetKey)
    for (const [name, want] of expected) {
      const got = await targetContents(client, name)
      assert.equal(got.size, want.size, `${name}: ${got.size} items, expected ${want.size}`)
      assert.deepEqual(got, want, name)
    }
  })
})
