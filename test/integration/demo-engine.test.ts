import assert from 'node:assert/strict'
import {access, mkdtemp, realpath, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Demo from '../../src/commands/demo.js'
import LocalDown from '../../src/commands/local/down.js'
import type {DemoResult} from '../../src/sdk/demo/run.js'
import {localDown} from '../../src/sdk/local/lifecycle.js'
import {readLocalState} from '../../src/sdk/local/state.js'
import {runCommand} from '../helpers/run-command.js'

/** The demo on its embedded engine (no --endpoint-url): in memory by default, on disk with --persist. */
describe('omnix demo (embedded engine)', function () {
  this.timeout(240_000)
  let project: string
  let cwd: string

  beforeEach(async () => {
    project = await realpath(await mkdtemp(join(tmpdir(), 'omnix-demo-engine-')))
    cwd = process.cwd()
    process.chdir(project)
  })

  afterEach(async () => {
    process.chdir(cwd)
    await localDown({cwd: project, graceMs: 2000}).catch(() => {})
    await rm(project, {recursive: true, force: true})
  })

  const small = ['--products', '3', '--days', '120', '--workers', '1']

  it('starts DynamoDB Local in memory and says so; the report is the usual one; a --persist run reuses it and says so', async () => {
    const out = await runCommand(Demo, small)
    assert.equal(out.exitCode, 0, out.stderr + String(out.error))
    const lines = out.stdout.split('\n')
    // The same report as ever, in the same order; the engine line also names the storage, the last line the time.
    assert.match(lines[0], /^engine +dynamodb-local at http:\/\/127\.0\.0\.1:\d+ \(started\), data in memory \(gone at `omnix local down`; --persist keeps it on disk\)$/)
    assert.match(lines[1], /^history +3 products \(\d+ slow movers\) × 120 days, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: \d+ rows \(days with sales\) in .*sales\.csv$/)
    assert.match(lines[2], /^import +\d+ sales items written, 0 rejected, in [\d.]+ s$/)
    assert.match(lines[3], /^forecast +3 products × 30 days \(auto\) in [\d.]+ s/)
    assert.match(out.stdout, /\nForecast accuracy \(rolling-origin backtest\): MASE /)
    assert.match(out.stdout, /\nInventory report \(95 % service level\), riskiest first\nPRODUCT +NAME +STOCK/)
    assert.match(out.stdout, /\nnext: omnix forecast show \S+ --local \(add --html chart\.html for a web page\)\ndemo done in [\d.]+ s\n$/)
    assert.match(out.stderr, /starting the local engine in memory/)
    const state = await readLocalState(project)
    assert.equal(state?.storage, 'in-memory')
    assert.equal(state?.dataDir, null)

    // Asking for disk while the in-memory engine runs: the engine and its data stay, and the demo says so.
    const again = await runCommand<DemoResult>(Demo, [...small, '--persist', '--json'])
    assert.equal(again.exitCode, 0, again.stderr)
    const r = JSON.parse(again.stdout) as DemoResult
    assert.deepEqual([r.engine.kind, r.engine.storage, r.engine.reused], ['dynamodb-local', 'in-memory', true])
    assert.equal(r.import.skipped, true, 'the history imported by the first run is still there')
    assert.ok(r.engine.notices.some((n) => /already running in memory: reusing it, so its data is gone when it stops/.test(n)))
    assert.match(again.stderr, /note: dynamodb-local is already running in memory: reusing it/)
    assert.equal((await readLocalState(project))?.pid, state?.pid)

    const down = await runCommand(LocalDown, [])
    assert.match(down.stderr, /warning: the engine kept its data in memory: its tables and items are gone/)
  })

  it('--persist starts the engine with its data on disk', async () => {
    const out = await runCommand<DemoResult>(Demo, [...small, '--persist', '--engine', 'dynalite', '--json'])
    assert.equal(out.exitCode, 0, out.stderr)
    const r = JSON.parse(out.stdout) as DemoResult
    assert.deepEqual([r.engine.kind, r.engine.storage, r.engine.reused], ['dynalite', 'on-disk', false])
    const state = await readLocalState(project)
    assert.equal(state?.storage, 'on-disk')
    assert.equal(state?.dataDir, join(project, '.omnix', 'local', 'data', 'dynalite'))
    await access(state?.dataDir ?? '')
    const down = await runCommand(LocalDown, [])
    assert.match(down.stdout, /stopped; data kept/)
    assert.doesNotMatch(down.stderr, /gone/)
  })
})
