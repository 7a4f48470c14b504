import type {WriteStream} from 'node:fs'
import {once} from 'node:events'
import {open, rm} from 'node:fs/promises'

/** First line of every rejects file omnix writes; also how a stale one is recognised. */
export const REJECTS_HEADER = 'line,reason,record'

/**
 * The rejects file: one CSV row per rejected input record with its line number, the reason and
 * the record as it was in the input, so the file can be fixed by line and the rows re-imported.
 * Created on the first reject only, and written as it goes (no rejects are held in memory).
 */
export class RejectsFile {
  private stream?: WriteStream
  private failure?: Error
  count = 0

  constructor(readonly path: string) {}

  async add(line: number, reason: string, record: string): Promise<void> {
    if (this.failure) throw this.failure
    if (!this.stream) {
      // Opened through a promise so that an unwritable path fails here, naming the file.
      const handle = await open(this.path, 'w')
      this.stream = handle.createWriteStream({encoding: 'utf8'})
      this.stream.on('error', (error) => (this.failure = error))
      this.stream.write(`${REJECTS_HEADER}\n`)
    }
    this.count++
    if (!this.stream.write(`${line},${csvField(reason)},${csvField(record)}\n`)) await once(this.stream, 'drain')
  }

  /**
   * Closes the file. After a completed import with no rejects (`removeStale`), a rejects file an
   * earlier import left at this path is removed, so it cannot be mistaken for this run's.
   */
  async close(options: {removeStale?: boolean} = {}): Promise<void> {
    if (this.stream) {
      const stream = this.stream
      await new Promise<void>((resolve) => stream.end(resolve))
      if (this.failure) throw this.failure
      return
    }
    if (options.removeStale && (await startsWithHeader(this.path))) await rm(this.path, {force: true})
  }
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value
}

async function startsWithHeader(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r')
    try {
      const buffer = Buffer.alloc(REJECTS_HEADER.length + 1)
      const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0)
      return buffer.subarray(0, bytesRead).toString('utf8').replace(/\r?\n?$/, '') === REJECTS_HEADER
    } finally {
      await handle.close()
    }
  } catch {
    return false
  }
}
