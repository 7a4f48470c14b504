import assert from 'node:assert/strict'
import {lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {extractArchiveFiles} from '../../../src/sdk/local/tar-extract.js'
import {integrityOf, tarArchive, type TarEntry, tarGz} from './tar-fixture.js'

const PREFIX = 'package/emulator/'

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)))
    else out.push(rel)
  }
  return out.sort()
}

describe('extractArchiveFiles', () => {
  let work: string
  let dest: string
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'omnix-tar-'))
    dest = join(work, 'out')
    await mkdir(dest)
  })
  afterEach(async () => {
    await rm(work, {recursive: true, force: true})
  })

  /** Writes the archive to a file; returns its path and integrity. */
  async function tarball(bytes: Buffer): Promise<{file: string; integrity: string}> {
    const file = join(work, `archive-${Math.random().toString(36).slice(2)}.tgz`)
    await writeFile(file, bytes)
    return {file, integrity: integrityOf(bytes)}
  }

  const longName = `${PREFIX}DynamoDBLocal_lib/${'x'.repeat(120)}.jar`
  const entries: TarEntry[] = [
    {name: 'package/package.json', body: '{}'},
    {name: 'package/emulator/', type: '5'},
    {name: 'package/emulator/DynamoDBLocal.jar', body: Buffer.alloc(70_000, 7)},
    {name: 'package/emulator/DynamoDBLocal_lib/a.so', body: 'native'},
    {name: 'package/emulator/link', type: '2', linkTarget: '/etc/passwd'},
    {name: 'package/emulator/hard', type: '1', linkTarget: 'package/package.json'},
    {name: longName, body: 'long', pax: true},
    {name: 'package/emulator/empty.txt', body: ''},
    {name: 'package/index.js', body: 'module.exports = 1'},
  ]

  it('writes only the regular files under the prefix, long names included; no links, nothing outside', async () => {
    const {file, integrity} = await tarball(tarGz(entries))
    const written = await extractArchiveFiles(file, dest, {prefix: PREFIX, integrity})
    const expected = ['DynamoDBLocal.jar', 'DynamoDBLocal_lib/a.so', longName.slice(PREFIX.length), 'empty.txt']
    assert.deepEqual(written, expected)
    assert.deepEqual(await listFiles(dest), [...expected].sort())
    assert.deepEqual(await readFile(join(dest, 'DynamoDBLocal.jar')), Buffer.alloc(70_000, 7))
    assert.equal(await readFile(join(dest, 'DynamoDBLocal_lib', 'a.so'), 'utf8'), 'native')
    await assert.rejects(lstat(join(dest, 'link')), {code: 'ENOENT'})
    await assert.rejects(lstat(join(dest, 'hard')), {code: 'ENOENT'})
    assert.deepEqual(await readdir(work).then((names) => names.filter((n) => !n.startsWith('archive-')).sort()), ['out'])
  })

  it('also reads an uncompressed tarball', async () => {
    const {file, integrity} = await tarball(tarArchive(entries))
    const written = await extractArchiveFiles(file, dest, {prefix: PREFIX, integrity})
    assert.equal(written.length, 4)
  })

  it('verifies the checksum before unpacking anything', async () => {
    const {file} = await tarball(tarGz(entries))
    const other = integrityOf(Buffer.from('something else'))
    await assert.rejects(extractArchiveFiles(file, dest, {prefix: PREFIX, integrity: other}), (error: Error & {code?: string}) => {
      assert.equal(error.code, 'ARCHIVE_CHECKSUM_MISMATCH')
      assert.match(error.message, /checksum does not match: expected sha512-/)
      return true
    })
    assert.deepEqual(await readdir(dest), [])
  })

  for (const name of [`${PREFIX}../../escape.txt`, `${PREFIX}lib/../../../escape.txt`]) {
    it(`refuses an entry that would land outside the destination (${name})`, async () => {
      const {file, integrity} = await tarball(tarGz([{name, body: 'x'}]))
      await assert.rejects(extractArchiveFiles(file, dest, {prefix: PREFIX, integrity}), (error: Error & {code?: string}) => {
        assert.equal(error.code, 'ARCHIVE_UNSAFE_PATH')
        assert.match(error.message, /unsafe path/)
        return true
      })
      await assert.rejects(readFile(join(dest, '..', 'escape.txt')), {code: 'ENOENT'})
      await assert.rejects(readFile(join(work, '..', 'escape.txt')), {code: 'ENOENT'})
    })
  }

  it('reports an archive cut short', async () => {
    const whole = tarArchive(entries)
    const {file, integrity} = await tarball(whole.subarray(0, 2048))
    await assert.rejects(extractArchiveFiles(file, dest, {prefix: PREFIX, integrity}), (error: Error & {code?: string}) => {
      assert.equal(error.code, 'ARCHIVE_CORRUPT')
      return true
    })
  })

  it('reports a corrupt entry header', async () => {
    const bytes = tarArchive(entries)
    // Break the header checksum of the second entry (the emulator directory).
    bytes.write('9', 512 * 2 + 148, 1)
    const {file, integrity} = await tarball(bytes)
    await assert.rejects(extractArchiveFiles(file, dest, {prefix: PREFIX, integrity}), (error: Error & {code?: string}) => {
      assert.equal(error.code, 'ARCHIVE_CORRUPT')
      return true
    })
  })
})
