import {mkdir, readFile, rename, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {UsageError} from '../errors.js'

/** Written beside the exports so an interrupted consolidation can be re-run and report what it already did. */
export const MANIFEST_FILE = 'consolidation.json'

export interface ManifestEntry {
  readonly id: string
  readonly name: string
  status: 'exported' | 'deleted' | 'already-deleted' | 'failed'
  exportFiles: string[]
  /** When the status was reached. */
  at: string
}

export interface ConsolidationManifest {
  readonly version: 1
  readonly region: string
  keep: string
  /** Last successful DeleteRestApi, so a re-run keeps to the service's pace. */
  lastDeleteAt: string | null
  apis: ManifestEntry[]
}

export async function readManifest(dir: string, region: string): Promise<ConsolidationManifest | undefined> {
  const path = join(dir, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let manifest: ConsolidationManifest
  try {
    manifest = JSON.parse(text) as ConsolidationManifest
  } catch {
    throw new UsageError(`--export-dir: ${path} is not valid JSON`, {suggestion: 'pass another --export-dir, or remove the damaged file'})
  }
  if (manifest.region !== region) {
    throw new UsageError(`--export-dir: ${dir} holds a consolidation of region ${manifest.region}, not ${region}`, {
      suggestion: 'pass another --export-dir for this region',
    })
  }
  return manifest
}

/** Writes through a temporary file so an interrupted run never leaves half a manifest. */
export async function writeManifest(dir: string, manifest: ConsolidationManifest): Promise<void> {
  await mkdir(dir, {recursive: true})
  const path = join(dir, MANIFEST_FILE)
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`)
  await rename(`${path}.tmp`, path)
}
