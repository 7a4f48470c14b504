/**
 * forecastMany(): many series across worker threads (one per core by default), with dynamic
 * batching so that long and short series balance out. Results come back in input order and are
 * identical to forecasting each series on the calling thread.
 *
 * The worker entry is worker.js beside this module; code bundled into a single file (e.g. a
 * Lambda) must ship it alongside, or pass workers: 1 to forecast on the calling thread.
 */
import {forecastItem, packValues, type BatchOptions} from './batch.js'
import {resolveOptions} from './engine.js'
import type {ForecastManyItem, ForecastManyRun, ForecastOptions, SeriesInput} from './types.js'
import type {BatchMessage, BatchReply} from './worker.js'

function batchSize(total: number, workers: number): number {
  return Math.max(1, Math.min(64, Math.ceil(total / (workers * 16))))
}

function pack(items: readonly SeriesInput[], from: number, to: number, batch: number): BatchMessage {
  let len = 0
  for (let i = from; i < to; i++) len += items[i].series.length
  const offsets = new Int32Array(to - from + 1)
  const values = new Float64Array(len)
  let pos = 0
  for (let i = from; i < to; i++) {
    offsets[i - from] = pos
    packValues(items[i].series, values, pos)
    pos += items[i].series.length
  }
  offsets[to - from] = pos
  return {batch, ids: items.slice(from, to).map((it) => it.id), offsets, values}
}

type WorkerClass = typeof import('node:worker_threads').Worker

let sourceBundle: Promise<string> | undefined

/**
 * The worker as one CommonJS script, bundled from the TypeScript sources. Node 20 does not apply
 * loaders passed to a worker through execArgv (`--import tsx`), and registering tsx inside each
 * worker costs seconds of start-up; a bundle made once per process starts in milliseconds.
 */
async function workerFromSources(): Promise<string> {
  sourceBundle ??= (async () => {
    const [{build}, {fileURLToPath}] = await Promise.all([import('esbuild'), import('node:url')])
    const out = await build({
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    })
    return out.outputFiles[0].text
  })()
  return sourceBundle
}

/** From compiled JavaScript the worker is worker.js beside this file; from sources, a bundle of worker.ts. */
async function spawnWorkers(count: number, workerData: BatchOptions): Promise<Array<InstanceType<WorkerClass>>> {
  const {Worker} = await import('node:worker_threads')
  const here = import.meta.url
  if (!here.endsWith('.ts')) return Array.from({length: count}, () => new Worker(new URL('./worker.js', here), {workerData}))
  const source = await workerFromSources()
  return Array.from({length: count}, () => new Worker(source, {eval: true, workerData}))
}

/**
 * forecast() (and, with `backtest`, backtest()) for every item, on run.workers threads. Options are
 * validated up front (UsageError); a bad series only fails its own item (see ForecastManyItem).
 */
export async function forecastMany(
  items: readonly SeriesInput[],
  options: ForecastOptions & {backtest?: boolean; origins?: number},
  run: ForecastManyRun = {},
): Promise<ForecastManyItem[]> {
  const opts: BatchOptions = {...resolveOptions(options), backtest: options.backtest ?? false, origins: options.origins}
  const total = items.length
  if (total === 0) return []
  const os = await import('node:os')
  const requested = run.workers ?? os.availableParallelism()
  const workers = Math.max(1, Math.min(Math.floor(requested) || 1, total))
  const size = batchSize(total, workers)
  const results = new Array<ForecastManyItem>(total)

  if (workers === 1) {
    for (let i = 0; i < total; i++) {
      results[i] = forecastItem(items[i].id, items[i].series, opts)
      if ((i + 1) % size === 0 || i + 1 === total) run.onProgress?.(i + 1, total)
    }
    return results
  }

  const pool = await spawnWorkers(workers, opts)
  const batches = Math.ceil(total / size)
  let next = 0
  let done = 0
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0
      const send = (w: InstanceType<WorkerClass>): void => {
        if (next >= batches) return
        const b = next++
        const msg = pack(items, b * size, Math.min(total, (b + 1) * size), b)
        w.postMessage(msg, [msg.offsets.buffer as ArrayBuffer, msg.values.buffer as ArrayBuffer])
      }
      for (const w of pool) {
        w.on('message', (reply: BatchReply) => {
          const base = reply.batch * size
          for (let i = 0; i < reply.results.length; i++) results[base + i] = reply.results[i]
          done += reply.results.length
          finished++
          run.onProgress?.(done, total)
          if (finished === batches) resolve()
          else send(w)
        })
        w.on('error', reject)
        w.on('exit', (code) => {
          if (finished < batches) reject(new Error(`Forecast worker stopped unexpectedly (exit code ${code}).`))
        })
        // Two batches in flight per worker keep it busy while a reply is in transit.
        send(w)
        send(w)
      }
    })
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
  return results
}
