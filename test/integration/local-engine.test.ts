import assert from 'node:assert/strict'
import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand} from '@aws-sdk/client-dynamodb'

import LocalDown from '../../src/commands/local/down.js'
import LocalReset from '../../src/commands/local/reset.js'
import LocalStatus from '../../src/commands/local/status.js'
import LocalUp from '../../src/commands/local/up.js'
import {LOCAL_CREDENTIALS} from '../../src/sdk/aws/target.js'
import {TABLES, tableName} from '../../src/sdk/catalog/tables.js'
import {localDown, localUp} from '../../src/sdk/local/lifecycle.js'
import {isProcessAlive} from '../../src/sdk/local/processes.js'
import {localStatePath, readLocalState, writeLocalState} from '../../src/sdk/local/state.js'
import {runCommand} from '../helpers/run-command.js'

/** Runs a command with the project directory as the current directory (where .omnix/ lives). */
async function inProject<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    return await fn()
  } finally {
    process.chdir(cwd)
  }
}

const json = (stdout: string) => JSON.parse(stdout)

describe('omnix local (engine lifecycle)', function () {
  this.timeout(240_000)
  let project: string

  beforeEach(async () => {
    project = await mkdtemp(join(tmpdir(), 'omnix-local-'))
  })

  afterEach(async () => {
    // Whatever a test left running is stopped by pid, from its own state file.
    await localDown({cwd: project, graceMs: 2000}).catch(() => {})
    await rm(project, {recursive: true, force: true})
  })

  it('up creates the catalog tables, data survives down/up, a second up leaves it alone, reset empties', async () => {
    const up = await inProject(project, () => runCommand(LocalUp, ['--json']))
    assert.equal(up.exitCode, 0, String(up.error))
    const started = json(up.stdout)
    assert.equal(started.engine, 'dynamodb-local')
    assert.equal(started.alreadyRunning, false)
    assert.match(started.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(started.dataDir, join(project, '.omnix', 'local', 'data', 'dynamodb-local'))
    assert.deepEqual(
      started.tables.map((t: {name: string; action: string}) => [t.name, t.action]),
      TABLES.map((t) => [tableName('dev', t.id), 'created']),
    )
    assert.match(up.stderr, /listens on all network interfaces, not only 127\.0\.0\.1, and accepts any credentials/)
    const state = await readLocalState(project)
    assert.equal(state?.pid, started.pid)
    assert.equal(state?.port, started.port)

    const client = new DynamoDBClient({endpoint: started.endpoint, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS})
    try {
      // Keys, GSIs and TTL exactly as the catalog declares them.
      for (const def of TABLES) {
        const name = tableName('dev', def.id)
        const {Table} = await client.send(new DescribeTableCommand({TableName: name}))
        assert.deepEqual(
          Table?.KeySchema?.map((k) => k.AttributeName),
          [def.partitionKey.name, ...(def.sortKey ? [def.sortKey.name] : [])],
          name,
        )
        assert.deepEqual(
          (Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g.KeySchema?.map((k) => k.AttributeName)]).sort(),
          def.globalIndexes.map((g) => [g.name, [g.partitionKey.name, ...(g.sortKey ? [g.sortKey.name] : [])]]).sort(),
          name,
        )
        const {TimeToLiveDescription: ttl} = await client.send(new DescribeTimeToLiveCommand({TableName: name}))
        if (def.ttlAttribute) {
          assert.equal(ttl?.TimeToLiveStatus, 'ENABLED', name)
          assert.equal(ttl?.AttributeName, def.ttlAttribute, name)
        } else {
          assert.equal(ttl?.TimeToLiveStatus, 'DISABLED', name)
        }
      }
      await client.send(new PutItemCommand({TableName: tableName('dev', 'products'), Item: {id: {S: 'COF-001'}, category: {S: 'coffee'}}}))
    } finally {
      client.destroy()
    }

    const status = await inProject(project, () => runCommand(LocalStatus, ['--json']))
    const running = json(status.stdout)
    assert.equal(running.running, true)
    assert.equal(running.pid, started.pid)
    assert.deepEqual(running.missingTables, [])
    assert.equal(running.tables.find((t: {name: string}) => t.name === tableName('dev', 'products')).itemCount, 1)

    const down = await inProject(project, () => runCommand(LocalDown, ['--json']))
    assert.deepEqual(json(down.stdout), {
      outcome: 'stopped',
      engine: 'dynamodb-local',
      pid: started.pid,
      port: started.port,
      storage: 'on-disk',
      dataLost: false,
      signal: 'SIGTERM',
    })
    assert.doesNotMatch(down.stderr, /gone/)
    assert.equal(isProcessAlive(started.pid), false)
    await assert.rejects(readFile(localStatePath(project)), {code: 'ENOENT'})
    const stopped = json((await inProject(project, () => runCommand(LocalStatus, ['--json']))).stdout)
    assert.equal(stopped.running, false)
    assert.equal(json((await inProject(project, () => runCommand(LocalDown, ['--json']))).stdout).outcome, 'not-running')

    const again = json((await inProject(project, () => runCommand(LocalUp, ['--json']))).stdout)
    assert.equal(again.alreadyRunning, false)
    assert.notEqual(again.pid, started.pid)
    assert.ok(again.tables.every((t: {action: string}) => t.action === 'exists'))
    const client2 = new DynamoDBClient({endpoint: again.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
    try {
      const {Item} = await client2.send(new GetItemCommand({TableName: tableName('dev', 'products'), Key: {id: {S: 'COF-001'}}}))
      assert.deepEqual(Item, {id: {S: 'COF-001'}, category: {S: 'coffee'}}, 'the item survived down/up')

      const third = await inProject(project, () => runCommand(LocalUp, []))
      assert.equal(third.exitCode, 0)
      assert.match(third.stdout, new RegExp(`dynamodb-local is already running at ${again.endpoint.replaceAll('.', '\\.')} \\(pid ${again.pid}\\)`))

      const refused = await inProject(project, () => runCommand(LocalReset, []))
      assert.equal(refused.exitCode, 1)
      assert.match(String(refused.error?.message), /refusing without a terminal/)
      const dry = await inProject(project, () => runCommand(LocalReset, ['--dry-run']))
      assert.equal(dry.exitCode, 0)
      assert.match(dry.stdout, /dry run: would delete and recreate 9 dev tables \(1 items\); nothing changed/)
      const stillThere = await client2.send(new GetItemCommand({TableName: tableName('dev', 'products'), Key: {id: {S: 'COF-001'}}}))
      assert.ok(stillThere.Item)

      const reset = await inProject(project, () => runCommand(LocalReset, ['--yes', '--json']))
      assert.equal(reset.exitCode, 0)
      const resetResult = json(reset.stdout)
      assert.equal(resetResult.deletedItems, 1)
      assert.equal(resetResult.tables.length, TABLES.length)
      const gone = await client2.send(new GetItemCommand({TableName: tableName('dev', 'products'), Key: {id: {S: 'COF-001'}}}))
      assert.equal(gone.Item, undefined)
      const {TimeToLiveDescription} = await client2.send(new DescribeTimeToLiveCommand({TableName: tableName('dev', 'forecasting')}))
      assert.equal(TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED', 'TTL is back after reset')
    } finally {
      client2.destroy()
    }
  })

  it('up --in-memory: status shows it, an on-disk up reuses it and says so, down warns the data is gone', async () => {
    const up = await inProject(project, () => runCommand(LocalUp, ['--in-memory', '--json']))
    assert.equal(up.exitCode, 0, String(up.error))
    const started = json(up.stdout)
    assert.equal(started.engine, 'dynamodb-local')
    assert.equal(started.storage, 'in-memory')
    assert.equal(started.dataDir, null)
    assert.equal((await readLocalState(project))?.storage, 'in-memory')
    const engine = (await inProject(project, () => runCommand(LocalStatus, []))).stdout
    assert.match(engine, /storage +in memory \(gone when it stops\)/)
    assert.equal(json((await inProject(project, () => runCommand(LocalStatus, ['--json']))).stdout).storage, 'in-memory')

    const client = new DynamoDBClient({endpoint: started.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
    try {
      await client.send(new PutItemCommand({TableName: tableName('dev', 'products'), Item: {id: {S: 'TEA-001'}}}))
      // Asked for on disk while the in-memory engine runs: the same engine is kept, with its data, and the user is told.
      const second = await inProject(project, () => runCommand(LocalUp, []))
      assert.equal(second.exitCode, 0, String(second.error))
      assert.match(second.stdout, new RegExp(`already running at ${started.endpoint.replaceAll('.', '\\.')} \\(pid ${started.pid}\\), data in memory`))
      assert.match(second.stderr, /already running in memory: reusing it, so its data is gone when it stops\. To keep data on disk: `omnix local down` \(this drops the in-memory data\), then `omnix local up`/)
      const {Item} = await client.send(new GetItemCommand({TableName: tableName('dev', 'products'), Key: {id: {S: 'TEA-001'}}}))
      assert.deepEqual(Item, {id: {S: 'TEA-001'}})
    } finally {
      client.destroy()
    }

    const down = await inProject(project, () => runCommand(LocalDown, []))
    assert.equal(down.exitCode, 0)
    assert.match(down.stdout, new RegExp(`dynamodb-local \\(pid ${started.pid}\\) stopped; it ran in memory`))
    assert.match(down.stderr, /warning: the engine kept its data in memory: its tables and items are gone/)
    assert.equal(isProcessAlive(started.pid), false)
  })

  it('an on-disk engine asked for in memory is reused, on disk, and the note says how to switch', async () => {
    const first = json((await inProject(project, () => runCommand(LocalUp, ['--engine', 'dynalite', '--json']))).stdout)
    assert.equal(first.storage, 'on-disk')
    const second = await inProject(project, () => runCommand(LocalUp, ['--in-memory', '--json']))
    assert.equal(second.exitCode, 0, String(second.error))
    const reused = json(second.stdout)
    assert.deepEqual([reused.alreadyRunning, reused.pid, reused.storage], [true, first.pid, 'on-disk'])
    assert.ok(
      reused.notices.includes(
        'dynalite is already running with its data on disk: reusing it (writes are slower than in memory). To run in memory: `omnix local down` (the on-disk data stays), then `omnix local up --in-memory`.',
      ),
    )
    const down = json((await inProject(project, () => runCommand(LocalDown, ['--json']))).stdout)
    assert.deepEqual([down.storage, down.dataLost], ['on-disk', false])
  })

  it('runs dynalite when asked, bound to loopback, and says what it lacks', async () => {
    const up = await inProject(project, () => runCommand(LocalUp, ['--engine', 'dynalite', '-e', 'staging', '--json']))
    assert.equal(up.exitCode, 0, String(up.error))
    const result = json(up.stdout)
    assert.equal(result.engine, 'dynalite')
    assert.match(up.stderr, /dynalite has no TTL \(UpdateTimeToLive\), no transactions/)
    assert.doesNotMatch(up.stderr, /all network interfaces/)
    const forecasting = result.tables.find((t: {name: string}) => t.name === 'omnix-ai-staging-forecasting')
    assert.deepEqual(forecasting, {id: 'forecasting', name: 'omnix-ai-staging-forecasting', action: 'created', ttl: 'unsupported'})
    const status = json((await inProject(project, () => runCommand(LocalStatus, ['-e', 'staging', '--json']))).stdout)
    assert.equal(status.running, true)
    assert.equal(status.tables.length, TABLES.length)
  })

  it('falls back to dynalite without Java, and explains how to install Java when DynamoDB Local is required', async () => {
    const saved = process.env.JAVA_HOME
    process.env.JAVA_HOME = join(project, 'no-jdk')
    try {
      const required = await inProject(project, () => runCommand(LocalUp, ['--engine', 'dynamodb-local']))
      assert.equal(required.exitCode, 1)
      assert.match(String(required.error?.message), /Java was not found/)
      assert.match(required.stderr + String(required.error?.message), /apt-get install openjdk-17-jre-headless/)
      assert.equal(await readLocalState(project), undefined)

      const fallback = await inProject(project, () => runCommand(LocalUp, ['--json']))
      assert.equal(fallback.exitCode, 0, String(fallback.error))
      assert.equal(json(fallback.stdout).engine, 'dynalite')
      assert.match(fallback.stderr, /Java was not found .*: falling back to dynalite\. dynalite has no TTL/)
      assert.match(fallback.stderr, /apt-get install openjdk-17-jre-headless/)
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME
      else process.env.JAVA_HOME = saved
    }
  })

  it('clears a state file whose process is gone', async () => {
    await writeLocalState({engine: 'dynamodb-local', port: 1, pid: 999_999_999, dataDir: '/nowhere', startedAt: '2024-01-01T00:00:00.000Z'}, project)
    const status = json((await inProject(project, () => runCommand(LocalStatus, ['--json']))).stdout)
    assert.equal(status.running, false)
    assert.equal(status.alive, false)
    const down = json((await inProject(project, () => runCommand(LocalDown, ['--json']))).stdout)
    assert.equal(down.outcome, 'stale')
    assert.equal(await readLocalState(project), undefined)
  })

  it('gives up on an engine that never answers, stops it, and shows the end of its log', async () => {
    const jdk = join(project, 'jdk')
    await mkdir(join(jdk, 'bin'), {recursive: true})
    await writeFile(
      join(jdk, 'bin', 'java'),
      `#!/bin/sh\nif [ "$1" = "-version" ]; then echo 'openjdk version "17.0.9"' >&2; exit 0; fi\necho 'Initializing DynamoDB Local' >&2\nwhile true; do sleep 1; done\n`,
    )
    await chmod(join(jdk, 'bin', 'java'), 0o755)
    const saved = process.env.JAVA_HOME
    process.env.JAVA_HOME = jdk
    let recordedPid: number | undefined
    try {
      const up = localUp({cwd: project, engine: 'dynamodb-local', readyTimeoutMs: 1500})
      // While it starts, the engine is already recorded, so an interrupted `up` can be cleaned up by `down`.
      for (let i = 0; i < 200 && !recordedPid; i++) {
        recordedPid = (await readLocalState(project))?.pid
        if (!recordedPid) await new Promise((r) => setTimeout(r, 10))
      }
      await assert.rejects(up, (error: Error & {code?: string; suggestion?: string}) => {
        assert.equal(error.code, 'LOCAL_ENGINE_TIMEOUT')
        assert.match(error.message, /dynamodb-local did not answer ListTables at http:\/\/127\.0\.0\.1:\d+ within 2 s/)
        assert.match(error.message, /--- last lines of .*engine\.log ---\nInitializing DynamoDB Local/)
        return true
      })
      assert.ok(recordedPid)
      assert.equal(await readLocalState(project), undefined)
      assert.equal(isProcessAlive(recordedPid), false)
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME
      else process.env.JAVA_HOME = saved
    }
  })

  it('reports an engine that dies while starting, with the end of its log', async () => {
    // A stand-in JVM: answers -version like Java 17, then fails the way a broken install would.
    const jdk = join(project, 'jdk')
    await mkdir(join(jdk, 'bin'), {recursive: true})
    await writeFile(
      join(jdk, 'bin', 'java'),
      `#!/bin/sh\nif [ "$1" = "-version" ]; then echo 'openjdk version "17.0.9" 2023-10-17' >&2; exit 0; fi\necho 'Error: could not open sqlite4java native library' >&2\nexit 3\n`,
    )
    await chmod(join(jdk, 'bin', 'java'), 0o755)
    const saved = process.env.JAVA_HOME
    process.env.JAVA_HOME = jdk
    try {
      await assert.rejects(localUp({cwd: project, engine: 'dynamodb-local'}), (error: Error & {code?: string}) => {
        assert.equal(error.code, 'LOCAL_ENGINE_START_FAILED')
        assert.match(error.message, /dynamodb-local exited while starting\n--- last lines of .*engine\.log ---\nError: could not open sqlite4java native library/)
        return true
      })
      assert.equal(await readLocalState(project), undefined)
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME
      else process.env.JAVA_HOME = saved
    }
  })
})
