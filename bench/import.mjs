// Sales import benchmark on DynamoDB Local (not a test). For each storage mode (in memory, on disk),
// on one engine launch: the engine's write-only rate (BatchWriteItem, 25 items per call, 32 calls in
// flight, items shaped like sales rows) beside `omnix sales import` of the same rows, as a separate
// CLI process. Prints both rates and the import's share of the engine's rate (target >= 85 %).
// The engine is warmed up first: a fresh JVM writes slower until it has compiled its hot paths
// (in memory, where the JIT is the limit, with all the rows once; on disk, where file syncs are,
// with WARMUP_ITEMS). The probe then runs before and after the import, each into a fresh table: the engine's rate is
// their mean, so a drift in machine load during the run does not favour either side.
// Run with `npm run bench:import`.
//
// Environment: BENCH_PRODUCTS (default 40) and BENCH_DAYS (default 1095): the demo's history, the
// rows both sides write; BENCH_MODES (default "in-memory,on-disk").
import {spawn} from 'node:child_process'
import {cpus, loadavg, tmpdir} from 'node:os'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {BatchWriteItemCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../dist/src/sdk/aws/target.js'
import {tableName} from '../dist/src/sdk/catalog/tables.js'
import {generateDemoData, writeDemoSalesCsv} from '../dist/src/sdk/demo/index.js'
import {ensureCatalogTables} from '../dist/src/sdk/dynamodb/catalog-tables.js'
import {ensureDynamoDbLocal} from '../dist/src/sdk/local/engine-cache.js'
import {launchEngine} from '../dist/src/sdk/local/engine-launcher.js'
import {detectJava} from '../dist/src/sdk/local/java.js'
import {salesItem} from '../dist/src/sdk/sales/sales-row.js'

// The benchmark's own AWS SDK clients run on the CLI's Node, where the SDK's version notice is noise, as in bin/run.js.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true'

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 40)
const DAYS = Number(process.env.BENCH_DAYS ?? 1095)
const MODES = (process.env.BENCH_MODES ?? 'in-memory,on-disk').split(',')
const WRITERS = 32
const PROBE_ENVS = ['staging', 'prod']
const IMPORT_ENV = 'dev'
const WARMUP_ITEMS = 5000
const ROOT = fileURLToPath(new URL('..', import.meta.url))

const log = (m) => process.stderr.write(`${m}\n`)
const rate = (n, ms) => Math.round((n / ms) * 1000)
const load = () => loadavg()[0].toFixed(1)

/** The CSV's rows as forecasting items, exactly as the importer builds them. */
function itemsOf(csv) {
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n').slice(1)
  return lines.map((line) => {
    const [productId, date, quantitySold, revenue, price] = line.split(',')
    return salesItem({productId, date, quantitySold, revenue: String(Number(revenue)), price: String(Number(price))})
  })
}

/** Write-only: BatchWriteItem, 25 per call, WRITERS calls in flight. */
async function writeOnly(client, table, items) {
  let next = 0
  const started = performance.now()
  const worker = async () => {
    for (;;) {
      const from = next
      if (from >= items.length) return
      next += 25
      let pending = items.slice(from, from + 25).map((Item) => ({PutRequest: {Item}}))
      while (pending.length > 0) {
        const out = await client.send(new BatchWriteItemCommand({RequestItems: {[table]: pending}}))
        pending = out.UnprocessedItems?.[table] ?? []
      }
    }
  }
  await Promise.all(Array.from({length: WRITERS}, worker))
  return performance.now() - started
}

/** `omnix sales import` as a user runs it, in its own process; its own duration and the wall time. */
async function cliImport(csv, endpoint, cwd) {
  const started = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'sales', 'import', csv, '-e', IMPORT_ENV, '--endpoint-url', endpoint, '--json'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise((resolve) => child.once('exit', resolve))
  const wallMs = performance.now() - started
  if (code !== 0) throw new Error(`omnix sales import exited ${code}:\n${stderr}${stdout}`)
  const result = JSON.parse(stdout)
  return {written: result.written, ms: result.durationMs, wallMs}
}

async function benchMode(mode, install, java, csv, items, work) {
  const dir = mkdtempSync(join(work, `${mode}-`))
  const engine = await launchEngine({
    engine: 'dynamodb-local',
    install,
    javaCommand: java.command,
    dataDir: mode === 'on-disk' ? join(dir, 'data') : undefined,
    logFile: join(dir, 'engine.log'),
    detached: false,
    readyTimeoutMs: 120_000,
  })
  const client = new DynamoDBClient({region: 'us-east-1', endpoint: engine.endpoint, credentials: LOCAL_CREDENTIALS})
  try {
    for (const env of [...PROBE_ENVS, IMPORT_ENV]) await ensureCatalogTables(client, env, {ttlSupported: true})
    const warmupItems = mode === 'in-memory' ? items.length : WARMUP_ITEMS
    log(`${mode}: warming the engine up with ${warmupItems} writes`)
    const warmup = items.slice(0, warmupItems).map((item) => ({...item, PK: {S: `${item.PK.S}-WARMUP`}}))
    await writeOnly(client, tableName(PROBE_ENVS[1], 'forecasting'), warmup)
    const probe = async (env) => {
      log(`${mode}: engine write-only probe, ${items.length} items, ${WRITERS} calls in flight (load ${load()})`)
      return {ms: await writeOnly(client, tableName(env, 'forecasting'), items), load: load()}
    }
    const before = await probe(PROBE_ENVS[0])
    log(`${mode}: omnix sales import of the same ${items.length} rows (load ${load()})`)
    const imported = await cliImport(csv, engine.endpoint, dir)
    const importLoad = load()
    if (imported.written !== items.length) throw new Error(`import wrote ${imported.written} items, expected ${items.length}`)
    const after = await probe(PROBE_ENVS[1])
    const probeRates = [rate(items.length, before.ms), rate(items.length, after.ms)]
    const engineRate = Math.round((probeRates[0] + probeRates[1]) / 2)
    const importRate = rate(items.length, imported.ms)
    return {mode, rows: items.length, engineRate, probeRates, importRate, ratio: importRate / engineRate, importWallS: imported.wallMs / 1000, loads: [before.load, importLoad, after.load]}
  } finally {
    client.destroy()
    if (engine.child.exitCode === null) {
      // The launcher unrefs the engine process; waiting for its exit must keep this process alive.
      engine.child.ref()
      const exited = new Promise((resolve) => engine.child.once('exit', resolve))
      engine.child.kill('SIGTERM')
      await exited
    }
  }
}

const java = await detectJava()
if (!java.usable) {
  log(`DynamoDB Local needs Java 17 (${java.problem}); nothing measured`)
  process.exit(1)
}
const install = await ensureDynamoDbLocal({onProgress: log})
const work = mkdtempSync(join(tmpdir(), 'omnix-bench-import-'))
try {
  const data = generateDemoData({products: PRODUCTS, days: DAYS, seed: 42, endDate: '2025-12-31'})
  const csv = join(work, 'sales.csv')
  await writeDemoSalesCsv(data, csv)
  const items = itemsOf(csv)
  const results = []
  for (const mode of MODES) results.push(await benchMode(mode, install, java, csv, items, work))

  console.log(`sales import vs the engine's write-only rate (DynamoDB Local from amplify-dynamodb-simulator@${install.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'})`)
  console.log('mode       rows    engine write-only (before, after)  omnix sales import  ratio  import wall  1-min load (probe, import, probe)')
  for (const r of results) {
    console.log(
      `${r.mode.padEnd(9)}  ${String(r.rows).padEnd(6)}  ${`${r.engineRate} items/s (${r.probeRates.join(', ')})`.padEnd(33)}  ${`${r.importRate} rows/s`.padEnd(18)}  ${`${Math.round(r.ratio * 100)} %`.padEnd(5)}  ${`${r.importWallS.toFixed(1)} s`.padEnd(11)}  ${r.loads.join(', ')}`,
    )
  }
  console.log('target: import >= 85 % of the engine write-only rate in both modes')
} finally {
  rmSync(work, {recursive: true, force: true})
}
