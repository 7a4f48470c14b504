import assert from 'node:assert/strict'
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'

import {extractTar} from '../../../src/sdk/local/tar-extract.js'
import {tarArchive} from './tar-fixture.js'

const onlyEmulator = (path: string) => (path.startsWith('package/emulator/') ? path.slice('package/emulator/'.length) : undefined)

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)))
    else out.push(rel)
  }
  return out.sort()
}

describe('extractTar', () => {
  let dest: string
  beforeEach(async () => {
    dest = await mkdtemp(join(tmpdir(), 'omnix-tar-'))
  })
  afterEach(async () => {
    await rm(dest, {recursive: true, force: true})
  })

  const longName = `package/emulator/DynamoDBLocal_lib/${'x'.repeat(120)}.jar`
  const archive = tarArchive([
    {name: 'package/package.json', body: '{}'},
    {name: 'package/emulator/', type: '5'},
    {name: 'package/emulator/DynamoDBLocal.jar', body: Buffer.alloc(70_000, 7)},
    {name: 'package/emulator/DynamoDBLocal_lib/a.so', body: 'native'},
    {name: 'package/emulator/link', type: '2'},
    {name: longName, body: 'long', pax: true},
    {name: 'package/emulator/empty.txt', body: ''},
    {name: 'package/index.js', body: 'module.exports = 1'},
  ])

  it('writes only the selected regular files, long names included', async () => {
    const written = await extractTar(Readable.from([archive]), dest, onlyEmulator)
    const expected = ['DynamoDBLocal.jar', 'DynamoDBLocal_lib/a.so', longName.slice('package/emulator/'.length), 'empty.txt']
    assert.deepEqual(written, expected)
    assert.deepEqual(await listFiles(dest), [...expected].sort())
    assert.deepEqual(await readFile(join(dest, 'DynamoDBLocal.jar')), Buffer.alloc(70_000, 7))
    assert.equal(await readFile(join(dest, 'DynamoDBLocal_lib', 'a.so'), 'utf8'), 'native')
  })

  it('gives the same files however the stream is chunked', async () => {
    const chunks: Buffer[] = []
    for (let i = 0, size = 1; i < archive.length; i += size, size = (size * 7) % 1531 || 1) chunks.push(archive.subarray(i, i + size))
    await extractTar(Readable.from(chunks), dest, onlyEmulator)
    assert.deepEqual(await readFile(join(dest, 'DynamoDBLocal.jar')), Buffer.alloc(70_000, 7))
    assert.equal(await readFile(join(dest, longName.slice('package/emulator/'.length)), 'utf8'), 'long')
  })

  it('refuses entries that would land outside the destination', async () => {
    const evil = tarArchive([{name: 'package/emulator/../../escape.txt', body: 'x'}])
    await assert.rejects(extractTar(Readable.from([evil]), dest, onlyEmulator), /unsafe path/)
    await assert.rejects(readFile(join(dest, '..', 'escape.txt')), {code: 'ENOENT'})
  })

  it('reports an archive cut short', async () => {
    await assert.rejects(extractTar(Readable.from([archive.subarray(0, 2048)]), dest, onlyEmulator), /ended in the middle of a file/)
  })
})
