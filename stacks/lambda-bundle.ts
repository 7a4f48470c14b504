import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {BuildOptions} from 'esbuild'

/** A bundled Lambda entry point ready for `lambda.Code.fromAsset`. */
export interface LambdaBundle {
  /** Directory holding only `index.mjs`, the asset CDK stages. */
  readonly directory: string
  /** sha256 of the bundle, used as the asset hash so CDK does not fingerprint the directory again. */
  readonly hash: string
  readonly handler: string
}

/**
 * Node.js major version of the platform's Lambda runtime: the functions' runtime and the bundles'
 * esbuild target both come from it. The CLI itself runs on the machine's Node (20 or later).
 */
export const LAMBDA_NODE_MAJOR = 22

/** Bundle file name; `.mjs` so the Node.js runtime loads it as ESM without a package.json beside it. */
export const BUNDLE_FILE = 'index.mjs'

/**
 * Bundling options that change the output. They are part of the cache key, so editing them
 * invalidates every cached bundle.
 */
const BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: `node${LAMBDA_NODE_MAJOR}`,
  format: 'esm',
  // The Node.js Lambda runtime ships AWS SDK v3; bundling it would only add megabytes and seconds.
  // esbuild is only reached by the engine's worker threads run from TypeScript sources, never in a
  // Lambda (the forecast worker forecasts on its calling thread), so it stays out of the bundles.
  external: ['@aws-sdk/*', 'esbuild'],
  // Bundled CommonJS dependencies may call require(); ESM has none unless it is recreated.
  banner: {js: "import {createRequire as __omnixCreateRequire} from 'node:module';const require = __omnixCreateRequire(import.meta.url);"},
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'silent',
} as const satisfies BuildOptions

interface CacheManifest {
  readonly key: string
  readonly hash: string
  /** Every file esbuild read, relative to the package root, with its sha256. */
  readonly inputs: Record<string, string>
}

const bundled = new Map<string, LambdaBundle>()

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

let rootCache: string | undefined
/** The omnix package root (the directory with its package.json), from source or from dist/. */
export function packageRoot(): string {
  if (rootCache) return rootCache
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'omnix') return (rootCache = dir)
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the omnix package root above the stacks module')
    dir = parent
  }
}

/** Source of a Lambda entry point: the TypeScript file in a checkout, the compiled file in an install. */
export function lambdaEntry(name: string): string {
  const root = packageRoot()
  const candidates = [join(root, 'src', 'lambda', `${name}.ts`), join(root, 'dist', 'src', 'lambda', `${name}.js`)]
  const found = candidates.find((file) => existsSync(file))
  if (!found) throw new Error(`Lambda entry point "${name}" not found (looked for ${candidates.join(', ')})`)
  return found
}

/** Where bundles go when the caller names no directory: beside the cloud assembly, else in the temp dir. */
export function defaultBundleDir(outdir?: string): string {
  return outdir ? join(dirname(resolve(outdir)), '.omnix', 'build', 'lambda') : join(tmpdir(), 'omnix-build', 'lambda')
}

function cacheKey(entry: string): string {
  const esbuildVersion = (createRequire(import.meta.url)('esbuild/package.json') as {version: string}).version
  return sha256(JSON.stringify({entry, esbuildVersion, options: BUILD_OPTIONS}))
}

let esbuildModule: typeof import('esbuild') | undefined
function loadEsbuild(): typeof import('esbuild') {
  // Loaded on first use only: a synth that hits the cache never pays for it.
  esbuildModule ??= createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
  return esbuildModule
}

function readManifest(file: string): CacheManifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheManifest
  } catch {
    return undefined
  }
}

/** True when every recorded input still has the recorded content. */
function inputsUnchanged(root: string, manifest: CacheManifest): boolean {
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    let content: Buffer
    try {
      content = readFileSync(resolve(root, file))
    } catch {
      return false
    }
    if (sha256(content) !== hash) return false
  }
  return true
}

/** Writes through a temp file and a rename so a concurrent synth never reads half a bundle. */
function writeAtomically(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), {recursive: true})
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, content)
  renameSync(temp, file)
}

/** Forgets the bundles made by this process (the on-disk cache stays). */
export function forgetBundles(): void {
  bundled.clear()
}

/**
 * Bundles `src/lambda/<name>.ts` (or `entry`) with esbuild into `<bundleDir>/<name>/index.mjs`.
 * Bundles once per process; across processes the bundle is reused while the content hash of
 * every input esbuild read (sources, dependencies) and the build options are unchanged.
 */
export function bundleLambda(name: string, bundleDir: string, entry: string = lambdaEntry(name)): LambdaBundle {
  const directory = join(resolve(bundleDir), name)
  const memoKey = `${directory}\u0000${entry}`
  const memo = bundled.get(memoKey)
  if (memo) return memo

  const root = packageRoot()
  const manifestFile = join(resolve(bundleDir), `${name}.inputs.json`)
  const outfile = join(directory, BUNDLE_FILE)
  const handler = 'index.handler'
  const key = cacheKey(entry)

  const cached = readManifest(manifestFile)
  if (cached && cached.key === key && existsSync(outfile) && inputsUnchanged(root, cached)) {
    const bundle = {directory, hash: cached.hash, handler}
    bundled.set(memoKey, bundle)
    return bundle
  }

  const result = loadEsbuild().buildSync({
    ...BUILD_OPTIONS,
    entryPoints: [entry],
    outfile,
    absWorkingDir: root,
    metafile: true,
    write: false,
  })
  const output = result.outputFiles.find((file) => file.path.endsWith(BUNDLE_FILE))
  if (!output) throw new Error(`esbuild produced no ${BUNDLE_FILE} for Lambda entry point "${name}"`)
  const inputs: Record<string, string> = {}
  for (const file of Object.keys(result.metafile.inputs)) {
    // Virtual inputs (namespaced paths) have no file to watch.
    if (existsSync(resolve(root, file))) inputs[file] = sha256(readFileSync(resolve(root, file)))
  }
  const hash = sha256(output.contents)
  writeAtomically(outfile, output.contents)
  writeAtomically(manifestFile, JSON.stringify({key, hash, inputs} satisfies CacheManifest, null, 2))

  const bundle = {directory, hash, handler}
  bundled.set(memoKey, bundle)
  return bundle
}
