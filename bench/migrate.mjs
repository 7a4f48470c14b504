// Table migration benchmark on DynamoDB Local (not a test): the engine's write-only and scan-only
// rates, their combined ceiling 1/(1/write + 1/scan), omnix's copy rate against it, the npm peer
// copy-dynamodb-table's rate (bounded in time), and verify time. Run with `npm run bench:migrate`.
//
// Environment: BENCH_ITEMS (default 200000), BENCH_PEER_SECONDS (default 45), BENCH_SEGMENTS (4).
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import {BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, ScanCommand} from '@aws-sdk/client-dynamodb'

import {LOCAL_CREDENTIALS} from '../dist/src/sdk/aws/target.js'
import {ensureDynamoDbLocal} from '../dist/src/sdk/local/engine-cache.js'
import {launchEngine} from '../dist/src/sdk/local/engine-launcher.js'
import {detectJava} from '../dist/src/sdk/local/java.js'
import {buildPlan, FileStateStore, itemSize, migrationClients, runMigration} from '../dist/src/sdk/migration/index.js'

// The benchmark's own AWS SDK clients run on the CLI's Node, where the SDK's version notice is noise, as in bin/run.js.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true'

const ITEMS = Number(process.env.BENCH_ITEMS ?? 200_000)
const PEER_SECONDS = Number(process.env.BENCH_PEER_SECONDS ?? 45)
const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 4)
const SCAN_LIMIT = 1000
const WRITERS = 32
const ENV = 'dev'
const SOURCE = `omnix-ai-users-${ENV}`
const PEER_TARGET = 'bench-peer-target'

const log = (m) => process.stderr.write(`${m}\n`)
const rate = (n, ms) => Math.round((n / ms) * 1000)

function item(i) {
  const id = `U-${String(i).padStart(7, '0')}`
  return {
    id: {S: id},
    email: {S: `user${i}@example.com`},
    name: {S: `Customer number ${i}`},
    created_at: {S: new Date(Date.UTC(2024, 0, 1) + (i % 86_400) * 1000).toISOString()},
    score: {N: `${i % 1000}.${String(i % 97).padStart(2, '0')}1`},
    balance: {N: '12345678901234567890'},
    tags: {SS: ['retail', `segment-${i % 12}`]},
    notes: {S: 'x'.repeat(150)},
  }
}

async function createTable(client, name) {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
      KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
    }),
  )
}

/** Write-only: BatchWriteItem, 25 per call, WRITERS calls in flight. */
async function writeOnly(client, table, count) {
  let next = 0
  const started = performance.now()
  const worker = async () => {
    for (;;) {
      const from = next
      if (from >= count) return
      next += 25
      let pending = Array.from({length: Math.min(25, count - from)}, (_, k) => ({PutRequest: {Item: item(from + k)}}))
      while (pending.length > 0) {
        const out = await client.send(new BatchWriteItemCommand({RequestItems: {[table]: pending}}))
        pending = out.UnprocessedItems?.[table] ?? []
      }
    }
  }
  await Promise.all(Array.from({length: WRITERS}, worker))
  return performance.now() - started
}

/** Scan-only: SEGMENTS parallel segments, Limit SCAN_LIMIT, items counted. */
async function scanOnly(client, table) {
  const started = performance.now()
  let items = 0
  await Promise.all(
    Array.from({length: SEGMENTS}, async (_, segment) => {
      let start
      do {
        const out = await client.send(new ScanCommand({TableName: table, Segment: segment, TotalSegments: SEGMENTS, Limit: SCAN_LIMIT, ExclusiveStartKey: start}))
        items += out.Items.length
        start = out.LastEvaluatedKey
      } while (start)
    }),
  )
  return {items, ms: performance.now() - started}
}

async function countItems(client, table) {
  let count = 0
  let start
  do {
    const out = await client.send(new ScanCommand({TableName: table, Select: 'COUNT', ExclusiveStartKey: start}))
    count += out.Count
    start = out.LastEvaluatedKey
  } while (start)
  return count
}

/** copy-dynamodb-table in a child process, stopped after PEER_SECONDS; its rate is what it wrote by then. */
async function peerCopy(client, endpoint) {
  await createTable(client, PEER_TARGET)
  const script = `
    const {copy} = require('copy-dynamodb-table')
    const config = {region: 'us-east-1', endpoint: ${JSON.stringify(endpoint)}, accessKeyId: ${JSON.stringify(LOCAL_CREDENTIALS.accessKeyId)}, secretAccessKey: ${JSON.stringify(LOCAL_CREDENTIALS.secretAccessKey)}}
    copy({config, source: {tableName: ${JSON.stringify(SOURCE)}, active: true}, destination: {tableName: ${JSON.stringify(PEER_TARGET)}, active: true}, log: false},
      (err, result) => { if (err) { console.error(err.message); process.exit(1) } process.exit(0) })
  `
  const started = performance.now()
  const child = spawn(process.execPath, ['-e', script], {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1'}})
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const timer = setTimeout(() => child.kill('SIGKILL'), PEER_SECONDS * 1000)
  await exited
  clearTimeout(timer)
  const ms = performance.now() - started
  const copied = await countItems(client, PEER_TARGET)
  return {copied, ms, finished: copied >= ITEMS, stderr: stderr.trim().split('\n').slice(-1)[0]}
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'omnix-bench-migrate-'))
  const java = await detectJava()
  if (!java.usable) throw new Error(`DynamoDB Local needs Java: ${java.problem}`)
  const install = await ensureDynamoDbLocal({onProgress: (m) => log(m)})
  const engine = await launchEngine({engine: 'dynamodb-local', install, javaCommand: java.command, logFile: join(work, 'engine.log'), detached: false, readyTimeoutMs: 120_000})
  const endpoint = engine.endpoint
  const client = new DynamoDBClient({endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
  try {
    log(`DynamoDB Local at ${endpoint}; ${ITEMS} items`)
    // The JVM compiles its hot paths during the first requests: warm it up so that the first
    // measurement (write-only) is not penalised against the later ones.
    const WARMUP = Math.min(20_000, ITEMS)
    await createTable(client, 'bench-warmup')
    await writeOnly(client, 'bench-warmup', WARMUP)
    await scanOnly(client, 'bench-warmup')
    log(`warm-up: ${WARMUP} items written and scanned`)
    await createTable(client, SOURCE)
    const writeMs = await writeOnly(client, SOURCE, ITEMS)
    const write = rate(ITEMS, writeMs)
    log(`write-only: ${write} items/s (${(writeMs / 1000).toFixed(1)} s, ${WRITERS} calls in flight)`)

    const scan = await scanOnly(client, SOURCE)
    const scanRate = rate(scan.items, scan.ms)
    log(`scan-only: ${scanRate} items/s (${(scan.ms / 1000).toFixed(1)} s, ${SEGMENTS} segments, Limit ${SCAN_LIMIT})`)
    const ceiling = Math.round(1 / (1 / write + 1 / scanRate))
    log(`combined ceiling: ${ceiling} items/s`)

    const clients = await migrationClients({region: 'us-east-1', endpoint, credentials: LOCAL_CREDENTIALS, local: true})
    const plan = await buildPlan(clients.read, {env: ENV})
    if (plan.copies.length !== 1) throw new Error(`expected one table to copy, the plan has ${plan.copies.length}`)
    const cpuBefore = process.cpuUsage()
    let copyStart = 0
    let copyEnd = 0
    let verifyStart = 0
    const report = await runMigration({
      plan,
      clients,
      store: new FileStateStore(join(work, 'state.json')),
      segments: SEGMENTS,
      scanLimit: SCAN_LIMIT,
      onEvent: (e) => {
        if (e.type === 'table') copyStart = performance.now()
        if (e.type === 'table-done') copyEnd = performance.now()
        if (e.type === 'phase' && e.phase === 'verify') verifyStart = performance.now()
      },
    })
    const verifyMs = performance.now() - verifyStart
    const cpu = process.cpuUsage(cpuBefore)
    const copyMs = copyEnd - copyStart
    const table = report.tables[0]
    const omnix = rate(table.copied, copyMs)
    log(`omnix copy: ${omnix} items/s (${(copyMs / 1000).toFixed(1)} s; ${table.retries} retries, ${table.throttles} throttles)`)
    log(`omnix verify: ${(verifyMs / 1000).toFixed(1)} s for ${table.verify?.sourceCount} + ${table.verify?.targetCount} items (${table.verify?.verified ? 'verified' : 'FAILED'})`)

    const peer = await peerCopy(client, endpoint)
    const peerRate = rate(peer.copied, peer.ms)
    log(`copy-dynamodb-table: ${peerRate} items/s (${peer.copied} items in ${(peer.ms / 1000).toFixed(1)} s${peer.finished ? '' : `, stopped at the ${PEER_SECONDS} s limit`})`)

    const sampleBytes = itemSize(item(123_456))
    const result = {
      engine: 'dynamodb-local',
      input: {items: ITEMS, itemBytes: sampleBytes, totalMB: Number(((sampleBytes * ITEMS) / 1024 ** 2).toFixed(1)), segments: SEGMENTS, scanLimit: SCAN_LIMIT},
      writeOnly: {itemsPerSecond: write, seconds: Number((writeMs / 1000).toFixed(1)), inFlight: WRITERS},
      scanOnly: {itemsPerSecond: scanRate, seconds: Number((scan.ms / 1000).toFixed(1))},
      combinedCeiling: {itemsPerSecond: ceiling},
      omnix: {
        itemsPerSecond: omnix,
        seconds: Number((copyMs / 1000).toFixed(1)),
        copied: table.copied,
        retries: table.retries,
        throttles: table.throttles,
        verified: table.verify?.verified ?? false,
        verifySeconds: Number((verifyMs / 1000).toFixed(1)),
        ofCeiling: Number((omnix / ceiling).toFixed(3)),
        clientCpuSecondsCopyAndVerify: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
      },
      peer: {name: 'copy-dynamodb-table', itemsPerSecond: peerRate, copied: peer.copied, seconds: Number((peer.ms / 1000).toFixed(1)), finished: peer.finished},
      omnixVsPeer: Number((omnix / Math.max(peerRate, 1)).toFixed(1)),
      targets: {ofCeiling: 0.85, vsPeer: 5},
    }
    result.meetsTargets = result.omnix.ofCeiling >= 0.85 && result.omnixVsPeer >= 5 && result.omnix.verified
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    log(
      `omnix = ${(result.omnix.ofCeiling * 100).toFixed(1)} % of the combined ceiling (target >= 85 %), ${result.omnixVsPeer}x copy-dynamodb-table (target >= 5x)`,
    )
  } finally {
    client.destroy()
    engine.child.kill('SIGTERM')
    rmSync(work, {recursive: true, force: true})
  }
}

await main()
