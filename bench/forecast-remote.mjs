// The deployed forecast path at small scale (not a test): N products x D days of sales on DynamoDB
// Local, one job planned into shards, the shards run through the worker's Lambda handler with 1, 2
// and 4 concurrent invocations (each its own process, as Lambda runs each invocation in its own
// execution environment), against `omnix forecast run` (all cores) on the same data in the same run.
//
//   npm run bench:remote [-- --products 2000 --days 1095 --shard 200 --concurrency 1,2,4]
import {fork} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {availableParallelism, cpus, loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

// The benchmark's own AWS SDK clients run on the CLI's Node, where the SDK's version notice is noise, as in bin/run.js.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true'

const DIST = new URL('../dist/src/', import.meta.url)
const dist = (path) => import(new URL(path, DIST).href)

function parseArgs(argv) {
  const args = {products: 2000, days: 1095, shard: 200, concurrency: '1,2,4', horizon: 30}
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '')
    if (!(key in args) || i + 1 >= argv.length) throw new Error(`Unknown option or missing value: ${argv[i]}`)
    args[key] = key === 'concurrency' ? argv[++i] : Number(argv[++i])
  }
  return {...args, concurrency: String(args.concurrency).split(',').map(Number)}
}

const log = (message) => process.stderr.write(`${message}\n`)
const rate = (n, ms) => Math.round((n / (ms / 1000)) * 10) / 10

/** Runs every shard on `concurrency` worker processes, a queue's worth at a time; wall time from the first dispatch. */
async function runShards(shards, concurrency, env) {
  const children = await Promise.all(
    Array.from({length: concurrency}, async () => {
      const child = fork(fileURLToPath(import.meta.url), ['--child'], {env, stdio: ['ignore', 'inherit', 'inherit', 'ipc']})
      await new Promise((resolve) => child.once('message', resolve))
      return child
    }),
  )
  const queue = shards.map((s, i) => ({id: `shard-${i + 1}`, body: JSON.stringify(s)}))
  const shardMs = []
  let cpuMs = 0
  let failures = 0
  const started = performance.now()
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          const next = () => {
            const message = queue.shift()
            if (!message) return resolve()
            child.send(message)
          }
          child.on('message', (reply) => {
            shardMs.push(reply.ms)
            cpuMs += reply.cpuMs
            failures += reply.failures
            if (reply.error) log(`shard ${reply.id}: ${reply.error}`)
            next()
          })
          next()
        }),
    ),
  )
  const ms = performance.now() - started
  for (const child of children) child.kill()
  return {ms, shardMs, cpuMs, failures}
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const {DynamoDBClient} = await import('@aws-sdk/client-dynamodb')
  const {LOCAL_CREDENTIALS} = await dist('sdk/aws/target.js')
  const {ensureDynamoDbLocal} = await dist('sdk/local/engine-cache.js')
  const {launchEngine} = await dist('sdk/local/engine-launcher.js')
  const {detectJava} = await dist('sdk/local/java.js')
  const {ensureCatalogTables} = await dist('sdk/dynamodb/catalog-tables.js')
  const {batchPut} = await dist('sdk/dynamodb/batch-writer.js')
  const {generateDemoData} = await dist('sdk/demo/generator.js')
  const {addDays, dateRange} = await dist('sdk/forecast-store/dates.js')
  const {runForecasts} = await dist('sdk/forecast-store/run.js')
  const {newJobMessage, planJob, readJob} = await dist('sdk/forecast-jobs/index.js')

  const work = mkdtempSync(join(tmpdir(), 'omnix-bench-remote-'))
  const java = await detectJava()
  if (!java.usable) throw new Error(`DynamoDB Local needs Java: ${java.problem}`)
  const install = await ensureDynamoDbLocal({onProgress: log})
  const engine = await launchEngine({engine: 'dynamodb-local', install, javaCommand: java.command, logFile: join(work, 'engine.log'), detached: false, readyTimeoutMs: 120_000})
  const client = new DynamoDBClient({endpoint: engine.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
  const env = 'dev'
  try {
    await ensureCatalogTables(client, env, {ttlSupported: true})
    const endDate = '2026-11-30'
    const data = generateDemoData({products: args.products, days: args.days, endDate, seed: 7})
    const ids = data.products.map((p) => p.id)
    log(`DynamoDB Local at ${engine.endpoint}; loading ${ids.length} products x ${args.days} days of sales`)
    let loadStarted = performance.now()
    const items = function* () {
      for (const h of data.histories) {
        const dates = dateRange(h.start, h.quantities.length)
        for (let i = 0; i < dates.length; i++) {
          if (h.quantities[i] === 0) continue
          yield {
            PK: {S: `SALES#${h.productId}`},
            SK: {S: `DATE#${dates[i]}`},
            product_id: {S: h.productId},
            date: {S: dates[i]},
            quantity_sold: {N: String(h.quantities[i])},
          }
        }
      }
    }
    const loaded = await batchPut(client, items(), {tableName: `omnix-ai-${env}-forecasting`, keyAttributes: ['PK', 'SK'], concurrency: 8})
    const loadMs = performance.now() - loadStarted
    log(`loaded ${loaded.written} sales items in ${(loadMs / 1000).toFixed(1)} s`)

    log(`forecast run (all ${availableParallelism()} cores)...`)
    let t = performance.now()
    const local = await runForecasts(client, {env, productIds: ids, horizon: args.horizon})
    const localMs = performance.now() - t
    const localRate = rate(local.products_forecast, localMs)
    log(`  ${localRate} products/s`)

    const childEnv = {
      ...process.env,
      OMNIX_ENV: env,
      FORECASTING_QUEUE_URL: 'http://127.0.0.1:9/not-used-by-shards',
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    }
    const rounds = []
    for (const concurrency of args.concurrency) {
      const job = newJobMessage({jobId: `bench-${concurrency}`, productIds: ids, horizonDays: args.horizon, requestedBy: 'bench'})
      t = performance.now()
      const plan = await planJob(client, env, job, {shardSize: args.shard})
      const planMs = performance.now() - t
      log(`worker handler, ${concurrency} concurrent invocation(s), ${plan.shards.length} shards of ${args.shard}...`)
      const run = await runShards(plan.shards, concurrency, childEnv)
      const status = await readJob(client, env, job.job_id)
      const sorted = [...run.shardMs].sort((a, b) => a - b)
      rounds.push({
        concurrency,
        shards: plan.shards.length,
        planMs: Math.round(planMs),
        wallMs: Math.round(run.ms),
        productsPerSecond: rate(status.products_done, run.ms),
        shardMs: {median: Math.round(sorted[Math.floor(sorted.length / 2)]), max: Math.round(sorted.at(-1))},
        // Wall time inside the handler per product (waits for the CPU when the machine is busy) and
        // the worker process's own CPU time per product (what a Lambda vCPU would spend).
        shardWallMsPerProduct: Math.round((run.shardMs.reduce((a, b) => a + b, 0) / status.products_done) * 10) / 10,
        cpuMsPerProduct: Math.round((run.cpuMs / status.products_done) * 10) / 10,
        job: {status: status.status, products_done: status.products_done, products_failed: status.products_failed, shards_done: status.shards_done, shards_failed: status.shards_failed},
        failures: run.failures,
      })
      log(`  ${rounds.at(-1).productsPerSecond} products/s (job ${status.status}, ${status.products_done} done)`)
    }
    const one = rounds.find((r) => r.concurrency === 1)
    for (const r of rounds) {
      r.vsOneInvocation = one ? Math.round((r.productsPerSecond / one.productsPerSecond) * 100) / 100 : null
      r.vsForecastRun = Math.round((r.productsPerSecond / localRate) * 100) / 100
    }
    const two = rounds.find((r) => r.concurrency === 2)
    const result = {
      machine: {cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => Math.round(x * 100) / 100)},
      data: {products: ids.length, days: args.days, salesItems: loaded.written, loadSeconds: Math.round(loadMs / 100) / 10},
      forecastRun: {workers: availableParallelism(), ms: Math.round(localMs), productsPerSecond: localRate},
      worker: rounds,
      target: {twoVsOne: 1.6, met: two && one ? two.vsOneInvocation >= 1.6 : null},
      horizonEnd: addDays(endDate, args.horizon),
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  } finally {
    client.destroy()
    engine.child.kill('SIGTERM')
    rmSync(work, {recursive: true, force: true})
  }
}

if (process.argv[2] === '--child') {
  // One "execution environment": loads the built handler once, then runs the shards it is given.
  const {handler} = await dist('lambda/forecast-worker.js')
  const {setLogSink} = await dist('lambda/structured-log.js')
  setLogSink(() => {})
  process.on('message', async ({id, body}) => {
    const started = performance.now()
    const cpu = process.cpuUsage()
    const out = await handler({Records: [{messageId: id, body, attributes: {ApproximateReceiveCount: '1'}, eventSource: 'aws:sqs'}]}).catch((error) => ({error: String(error)}))
    const used = process.cpuUsage(cpu)
    process.send({id, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, failures: out.batchItemFailures?.length ?? 1, error: out.error})
  })
  process.send({ready: true})
} else {
  await main()
}
