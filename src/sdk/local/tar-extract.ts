import {mkdir, open} from 'node:fs/promises'
import {dirname, isAbsolute, join, normalize, sep} from 'node:path'
import type {Readable} from 'node:stream'

import {OmnixError} from '../errors.js'

const BLOCK = 512

/**
 * Maps an archive path to a path relative to the destination, or undefined to skip the entry.
 * Only regular files are ever written; directories are created as needed.
 */
export type EntryFilter = (archivePath: string) => string | undefined

interface Header {
  readonly name: string
  readonly size: number
  readonly type: string
}

/**
 * Extracts the selected regular files of a (gunzipped) tar stream into `dest`, streaming each entry
 * to disk so that memory stays at one chunk whatever the archive size. Understands ustar prefixes,
 * pax `path` records and GNU long names, which is all npm tarballs use. Entries that would land
 * outside `dest` are refused rather than written.
 */
export async function extractTar(source: Readable | AsyncIterable<Buffer>, dest: string, filter: EntryFilter): Promise<string[]> {
  const written: string[] = []
  let pending: Buffer = Buffer.alloc(0)
  let entry: {remaining: number; padding: number; sink?: import('node:fs/promises').FileHandle; collect?: Buffer[]; header: Header} | undefined
  let longName: string | undefined
  let ended = false

  const finishEntry = async () => {
    if (!entry) return
    if (entry.sink) await entry.sink.close()
    if (entry.collect) {
      const body = Buffer.concat(entry.collect).toString('utf8')
      if (entry.header.type === 'L') longName = body.replace(/\0+$/, '')
      else longName = paxPath(body) ?? longName
    }
    entry = undefined
  }

  for await (const chunk of source as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    let offset = 0
    while (!ended) {
      if (entry) {
        const take = Math.min(entry.remaining, pending.length - offset)
        if (take > 0) {
          const slice = pending.subarray(offset, offset + take)
          if (entry.sink) await entry.sink.write(slice)
          else if (entry.collect) entry.collect.push(Buffer.from(slice))
          entry.remaining -= take
          offset += take
        }
        if (entry.remaining > 0) break
        if (pending.length - offset < entry.padding) break
        offset += entry.padding
        await finishEntry()
        continue
      }
      if (pending.length - offset < BLOCK) break
      const block = pending.subarray(offset, offset + BLOCK)
      offset += BLOCK
      if (block.every((b) => b === 0)) {
        ended = true
        break
      }
      const header = parseHeader(block)
      const name = longName ?? header.name
      longName = undefined
      const padding = (BLOCK - (header.size % BLOCK)) % BLOCK
      if (header.type === 'x' || header.type === 'L') {
        entry = {remaining: header.size, padding, collect: [], header}
      } else if (header.type === '0' || header.type === '\0' || header.type === '') {
        const target = filter(name)
        let sink: import('node:fs/promises').FileHandle | undefined
        if (target !== undefined) {
          const out = safeJoin(dest, target)
          await mkdir(dirname(out), {recursive: true})
          sink = await open(out, 'w')
          written.push(target)
        }
        entry = {remaining: header.size, padding, sink, header}
      } else {
        // Directories, links, global pax headers: nothing to write, but skip their bodies.
        entry = {remaining: header.size, padding, header}
      }
      if (entry.remaining === 0 && entry.padding === 0) await finishEntry()
    }
    pending = pending.subarray(offset)
    if (ended) break
  }
  if (entry) {
    await entry.sink?.close()
    throw new OmnixError('the engine archive ended in the middle of a file', {code: 'ARCHIVE_TRUNCATED'})
  }
  return written
}

function parseHeader(block: Buffer): Header {
  const text = (start: number, length: number) => {
    const raw = block.subarray(start, start + length)
    const end = raw.indexOf(0)
    return raw.subarray(0, end === -1 ? length : end).toString('utf8')
  }
  const magic = text(257, 6)
  const name = text(0, 100)
  const prefix = magic.startsWith('ustar') ? text(345, 155) : ''
  const sizeField = text(124, 12).trim()
  const size = sizeField === '' ? 0 : Number.parseInt(sizeField, 8)
  if (!Number.isFinite(size) || size < 0) throw new OmnixError(`the engine archive has a corrupt entry header (${name})`, {code: 'ARCHIVE_CORRUPT'})
  return {name: prefix ? `${prefix}/${name}` : name, size, type: String.fromCharCode(block[156] ?? 0)}
}

/** The `path` record of a pax extended header (`<len> path=<value>\n`). */
function paxPath(body: string): string | undefined {
  for (const record of body.split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record)
    if (match) return match[1]
  }
  return undefined
}

function safeJoin(dest: string, relative: string): string {
  const cleaned = normalize(relative)
  if (isAbsolute(cleaned) || cleaned === '..' || cleaned.startsWith(`..${sep}`)) {
    throw new OmnixError(`the engine archive holds an unsafe path: ${relative}`, {code: 'ARCHIVE_UNSAFE_PATH'})
  }
  return join(dest, cleaned)
}
