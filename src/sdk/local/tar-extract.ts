import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {posix} from 'node:path'

import {OmnixError} from '../errors.js'

export interface ExtractOptions {
  /** Archive directory whose regular files are extracted, e.g. `package/emulator/`; it is stripped from their paths. */
  readonly prefix: string
  /** Subresource-integrity string the tarball must match (`sha512-<base64>`, as npm publishes it). */
  readonly integrity: string
}

/** Entry types that are plain file contents; links, devices and the like are never written. */
const REGULAR_FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile'])

/**
 * Extracts the regular files under `prefix` of a (gzipped) tarball into `dest` and returns their
 * paths relative to `dest`. The tarball's checksum is verified against `integrity` before any
 * byte of it is unpacked. Nothing else is written: entries outside `prefix`, directories (they
 * are made as needed), symbolic and hard links. An entry whose path would leave `dest` (a `..`
 * step, an absolute path), a corrupt header or a truncated archive is an error, not a skip:
 * `tar` runs in strict mode, where each of its warnings fails the extraction.
 */
export async function extractArchiveFiles(tarball: string, dest: string, options: ExtractOptions): Promise<string[]> {
  await verifyIntegrity(tarball, options.integrity)
  const prefix = options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`
  const depth = prefix.split('/').length - 1
  const written: string[] = []
  let unsafe: string | undefined
  const {Unpack} = await import('tar')
  const unpack = new Unpack({
    cwd: dest,
    strict: true,
    strip: depth,
    // Root would otherwise get the archive's owners (npm writes 0:0), and file times do not matter.
    preserveOwner: false,
    noMtime: true,
    filter: (path, entry) => {
      if (!path.startsWith(prefix) || path.length === prefix.length) return false
      const relative = path.slice(prefix.length)
      const normalized = posix.normalize(relative)
      if (posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../') || relative.split('/').includes('..')) {
        unsafe ??= path
        return false
      }
      if (!('type' in entry) || !REGULAR_FILE_TYPES.has(entry.type)) return false
      written.push(relative)
      return true
    },
  })
  // Not tar's own x(), which rejects on the first error while files are still being written (the
  // caller would then remove a directory under its feet): on the first error the input stops,
  // and the error is reported once the files already started are closed.
  let failure: unknown
  await new Promise<void>((resolve) => {
    const source = createReadStream(tarball)
    const stop = (error: unknown) => {
      if (failure !== undefined) return
      failure = error
      source.unpipe(unpack)
      source.destroy()
      unpack.end()
    }
    unpack.on('error', stop)
    unpack.on('close', () => resolve())
    source.on('error', stop)
    source.pipe(unpack)
  })
  if (failure !== undefined) {
    throw new OmnixError(`the engine archive cannot be unpacked: ${(failure as Error).message}`, {code: 'ARCHIVE_CORRUPT', cause: failure})
  }
  if (unsafe !== undefined) throw new OmnixError(`the engine archive holds an unsafe path: ${unsafe}`, {code: 'ARCHIVE_UNSAFE_PATH'})
  return written
}

/** Hashes the file with the integrity string's algorithm and compares; a mismatch is refused. */
export async function verifyIntegrity(file: string, integrity: string): Promise<void> {
  const match = /^(sha512|sha384|sha256)-([A-Za-z0-9+/]+={0,2})$/.exec(integrity.trim())
  if (!match) throw new Error(`unsupported integrity string: ${integrity}`)
  const hash = createHash(match[1])
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  const actual = hash.digest('base64')
  if (actual !== match[2]) {
    throw new OmnixError(`the engine archive's checksum does not match: expected ${match[1]}-${match[2]}, got ${match[1]}-${actual}`, {
      code: 'ARCHIVE_CHECKSUM_MISMATCH',
      suggestion: 'the download is corrupt or was tampered with; run the command again to fetch it afresh',
    })
  }
}
