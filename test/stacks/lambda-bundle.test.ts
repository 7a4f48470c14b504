import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {BUNDLE_FILE, bundleLambda, forgetBundles, lambdaEntry, packageRoot} from '../../stacks/lambda-bundle.js'

describe('Lambda bundling', () => {
  let bundleDir: string
  beforeEach(() => {
    bundleDir = mkdtempSync(join(tmpdir(), 'omnix-bundle-test-'))
  })

  it('finds entry points in src/lambda', () => {
    assert.equal(lambdaEntry('health'), join(packageRoot(), 'src', 'lambda', 'health.ts'))
    assert.throws(() => lambdaEntry('no-such-handler'), /Lambda entry point "no-such-handler" not found/)
  })

  it('bundles a handler into one ESM file that runs', async () => {
    const bundle = bundleLambda('health', bundleDir)
    // The Lambda runtime provides the AWS SDK (kept out of the bundle); here the package's does.
    symlinkSync(join(packageRoot(), 'node_modules'), join(bundleDir, 'node_modules'), 'dir')
    assert.equal(bundle.handler, 'index.handler')
    const file = join(bundle.directory, BUNDLE_FILE)
    assert.match(bundle.hash, /^[0-9a-f]{64}$/)
    const mod = (await import(pathToFileURL(file).href)) as {handler: () => Promise<{statusCode: number; body: string}>}
    const response = await mod.handler()
    assert.equal(response.statusCode, 200)
    assert.equal(JSON.parse(response.body).status, 'ok')
  })

  it('keeps the AWS SDK out of the bundle (the runtime provides it)', () => {
    const code = readFileSync(join(bundleLambda('websocket', bundleDir).directory, BUNDLE_FILE), 'utf8')
    assert.match(code, /from "@aws-sdk\/client-dynamodb"/)
    assert.ok(code.length < 100_000, `bundle is ${code.length} bytes`)
  })

  it('bundles once per process and reuses the bundle across processes while its inputs are unchanged', () => {
    const source = join(mkdtempSync(join(tmpdir(), 'omnix-bundle-src-')), 'probe.ts')
    writeFileSync(source, 'export const handler = async () => 1\n')
    const first = bundleLambda('probe', bundleDir, source)
    const file = join(first.directory, BUNDLE_FILE)
    const writtenAt = statSync(file).mtimeMs
    assert.equal(bundleLambda('probe', bundleDir, source), first, 'same process: memoized')

    forgetBundles()
    const reused = bundleLambda('probe', bundleDir, source)
    assert.equal(reused.hash, first.hash)
    assert.equal(statSync(file).mtimeMs, writtenAt, 'cache hit: the bundle was not rewritten')

    forgetBundles()
    writeFileSync(source, 'export const handler = async () => 2\n')
    const rebuilt = bundleLambda('probe', bundleDir, source)
    assert.notEqual(rebuilt.hash, first.hash)
    assert.match(readFileSync(file, 'utf8'), /=> 2/)
  })
})
