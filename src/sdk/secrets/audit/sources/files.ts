import type {Dirent} from 'node:fs'
import {readdir, readFile, stat} from 'node:fs/promises'
import {join, relative, sep} from 'node:path'

import {UsageError} from '../../../errors.js'
import type {AuditFinding, ProgressCallback} from '../findings.js'
import {maskValue} from '../mask.js'
import {flavorOf, scanText} from '../text.js'

/** Directories of dependencies, build output and VCS data: not the project's own files. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', 'cdk.out', '.omnix', '.next', '.venv', 'venv', '__pycache__', '.terraform'])

/** Larger files are generated or data, not configuration or source. */
export const MAX_FILE_BYTES = 1024 * 1024

/** Every file under `root` the audit reads, sorted. Throws a UsageError naming `flag` when `root` is not a directory. */
export async function listFiles(root: string, accept: (path: string) => boolean, flag: string): Promise<string[]> {
  const info = await stat(root).catch(() => undefined)
  if (!info?.isDirectory()) throw new UsageError(`${flag}: ${root} is not a directory`, {suggestion: `pass ${flag} with an existing directory`})
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await readdir(dir, {withFileTypes: true})
    } catch {
      return
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(path)
      } else if (entry.isFile() && accept(path)) out.push(path)
    }
  }
  await walk(root)
  return out.sort()
}

/** `.env*` files, configuration and source under `root`; lockfiles only for weak values and keys. */
export async function auditFiles(options: {root: string; onProgress?: ProgressCallback}): Promise<{findings: AuditFinding[]; scanned: number}> {
  const files = await listFiles(options.root, (p) => flavorOf(p) !== undefined, '--path')
  const findings: AuditFinding[] = []
  let done = 0
  for (const file of files) {
    options.onProgress?.({source: 'files', done: ++done, total: files.length})
    const info = await stat(file)
    if (info.size > MAX_FILE_BYTES) continue
    const buffer = await readFile(file)
    if (buffer.subarray(0, 8192).includes(0)) continue
    const where = relative(options.root, file).split(sep).join('/')
    for (const hit of scanText(buffer.toString('utf8'), flavorOf(file)!)) {
      findings.push({
        source: 'files',
        location: `${where}:${hit.line}`,
        rule: hit.rule,
        ...(hit.name ? {name: hit.name} : {}),
        maskedValue: maskValue(hit.value),
        fixable: false,
      })
    }
  }
  return {findings, scanned: files.length}
}
