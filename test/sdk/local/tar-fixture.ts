import {createHash} from 'node:crypto'
import {gzipSync} from 'node:zlib'

export interface TarEntry {
  readonly name: string
  readonly body?: string | Buffer
  /** '0' file (default), '5' directory, '2' symlink, '1' hard link. */
  readonly type?: string
  /** Write the name as a pax `path` record (how tar stores names over 100 bytes). */
  readonly pax?: boolean
  /** Target of a link entry. */
  readonly linkTarget?: string
}

/** Builds a ustar archive in memory, the way npm pack lays one out. */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = []
  for (const entry of entries) {
    if (entry.pax) {
      const record = paxRecord('path', entry.name)
      blocks.push(header('PaxHeader', Buffer.byteLength(record), 'x'), pad(Buffer.from(record)))
    }
    const body = entry.body === undefined ? Buffer.alloc(0) : Buffer.from(entry.body)
    blocks.push(header(entry.pax ? 'long-name-placeholder' : entry.name, body.length, entry.type ?? '0', entry.linkTarget), pad(body))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

export function tarGz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(tarArchive(entries))
}

/** The npm-style integrity string (`sha512-<base64>`) of these bytes. */
export function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`
}

function header(name: string, size: number, type: string, linkTarget = ''): Buffer {
  const block = Buffer.alloc(512)
  const put = (text: string, offset: number, length: number) => block.write(text, offset, length, 'utf8')
  let prefix = ''
  let base = name
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 154)
    prefix = name.slice(0, cut)
    base = name.slice(cut + 1)
  }
  put(base, 0, 100)
  put('0000644\0', 100, 8)
  put('0000000\0', 108, 8)
  put('0000000\0', 116, 8)
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12)
  put('00000000000\0', 136, 12)
  put('        ', 148, 8)
  put(type, 156, 1)
  put(linkTarget, 157, 100)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  put(prefix, 345, 155)
  let sum = 0
  for (const byte of block) sum += byte
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  return block
}

function pad(body: Buffer): Buffer {
  const rest = (512 - (body.length % 512)) % 512
  return Buffer.concat([body, Buffer.alloc(rest)])
}

function paxRecord(key: string, value: string): string {
  const payload = ` ${key}=${value}\n`
  let length = payload.length + 1
  while (`${length}${payload}`.length !== length) length = `${length}${payload}`.length
  return `${length}${payload}`
}
