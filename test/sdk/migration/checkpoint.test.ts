import assert from 'node:assert/strict'
import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {CheckpointWriter, FileStateStore, MigrationLockedError, type MigrationState, type StateStore} from '../../../src/sdk/migration/checkpoint.js'
import {statusOf} from '../../../src/sdk/migration/status.js'

const state = (): MigrationState => ({
  version: 1,
  planId: 'abc123',
  env: 'dev',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  targetsCreated: [],
  tables: [
    {
      source: 'omnix-ai-products-dev',
      target: 'omnix-ai-dev-products',
      status: 'copying',
      totalSegments: 2,
      segments: [
        {done: true, copied: 10},
        {done: false, copied: 5, lastKey: {id: {S: 'p5'}}},
      ],
      copied: 15,
      rejected: 0,
      retries: 1,
      throttles: 1,
      unprocessed: 0,
      copyMs: 100,
    },
  ],
})

describe('checkpoint store', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'omnix-ckpt-'))
  })

  it('saves and loads the state file, replacing it whole', async () => {
    const store = new FileStateStore(join(dir, 'nested', 'dev.json'))
    assert.equal(await store.load(), undefined)
    await store.save(state())
    const loaded = await store.load()
    assert.deepEqual(loaded, state())
    const s2 = state()
    s2.tables[0].copied = 99
    await store.save(s2)
    assert.equal((await store.load())?.tables[0].copied, 99)
  })

  it('says how to recover from a corrupt state file', async () => {
    const path = join(dir, 'dev.json')
    await writeFile(path, '{"version": 1, "pla')
    await assert.rejects(new FileStateStore(path).load(), /not valid JSON/)
  })

  it('lets one run hold the lock; a second one refuses, naming the holder', async () => {
    const store = new FileStateStore(join(dir, 'dev.json'))
    const lock = await store.acquireLock()
    await assert.rejects(store.acquireLock(), (e: unknown) => e instanceof MigrationLockedError && new RegExp(`pid ${process.pid}`).test((e as Error).message))
    await lock.release()
    const again = await store.acquireLock()
    await again.release()
  })

  it('takes over a lock left by a process that no longer exists on this host', async () => {
    const path = join(dir, 'dev.json')
    await writeFile(`${path}.lock`, JSON.stringify({owner: 'x', pid: 999_999, host: hostname(), since: '2025-01-01T00:00:00Z'}))
    const store = new FileStateStore(path, (pid) => pid !== 999_999)
    const lock = await store.acquireLock()
    assert.equal(JSON.parse(await readFile(`${path}.lock`, 'utf8')).pid, process.pid)
    await lock.release()
  })

  it('does not take over a lock held on another host', async () => {
    const path = join(dir, 'dev.json')
    await writeFile(`${path}.lock`, JSON.stringify({owner: 'x', pid: 999_999, host: 'other-host', since: '2025-01-01T00:00:00Z'}))
    await assert.rejects(new FileStateStore(path, () => false).acquireLock(), MigrationLockedError)
  })

  it('coalesces checkpoint saves and never runs two at once', async () => {
    let active = 0
    let maxActive = 0
    const saved: number[] = []
    const s = state()
    const store: StateStore = {
      location: 'memory',
      load: async () => undefined,
      save: async (st) => {
        active++
        maxActive = Math.max(maxActive, active)
        await new Promise((resolve) => setImmediate(resolve))
        saved.push(st.tables[0].copied)
        active--
      },
      acquireLock: async () => ({release: async () => {}}),
      lockHolder: async () => undefined,
    }
    const writer = new CheckpointWriter(store, s)
    for (let i = 0; i < 100; i++) {
      s.tables[0].copied = i
      writer.touch()
    }
    await writer.flush()
    assert.equal(maxActive, 1)
    assert.ok(saved.length <= 3, `${saved.length} saves`)
    assert.equal(saved.at(-1), 99)
  })

  it('summarises the state for status', () => {
    const st = statusOf(state(), '/x/dev.json')
    assert.equal(st.tables[0].segments, '1/2')
    assert.equal(st.counts.copying, 1)
    assert.equal(st.finished, false)
  })
})
