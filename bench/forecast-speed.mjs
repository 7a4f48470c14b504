// Forecasting throughput: synthetic daily sales for many products (seeded, so every run forecasts
// the same data), method 'auto', across worker threads.
//
//   node bench/forecast-speed.mjs [--products 10000] [--days 1095] [--horizon 30] [--workers N] [--method auto]
//                                 [--periods 7,365]
//
// The default periods are what `forecast run` passes for daily data (week and year).
import {availableParallelism, cpus, loadavg} from 'node:os'

import {loadEngine} from './forecast-engine.mjs'

function parseArgs(argv) {
  const args = {products: 10000, days: 1095, horizon: 30, workers: availableParallelism(), method: 'auto', periods: [7, 365]}
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '')
    if (!(key in args) || i + 1 >= argv.length) throw new Error(`Unknown option or missing value: ${argv[i]}`)
    const v = argv[++i]
    args[key] = key === 'method' ? v : key === 'periods' ? v.split(',').map(Number) : Number(v)
  }
  return args
}

const args = parseArgs(process.argv.slice(2))

const engine = await loadEngine()

function rng(seed) {
  let s = seed >>> 0
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function poisson(rand, lambda) {
  if (lambda <= 0) return 0
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(rand)))
  const l = Math.exp(-lambda)
  let k = 0
  let p = 1
  do {
    k++
    p *= rand()
  } while (p > l)
  return k - 1
}

function gauss(rand) {
  const u = Math.max(rand(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
}

/**
 * Retail-like daily unit sales: a quarter are slow movers with intermittent demand; the rest have a
 * level from a few to a few hundred units a day, a trend, a weekly and a yearly pattern, demand
 * shocks and Poisson noise.
 */
function product(i, days) {
  const rand = rng(1_000_003 * (i + 1))
  const series = new Array(days)
  if (rand() < 0.25) {
    const rate = 0.05 + 0.6 * rand()
    const size = 1 + 4 * rand()
    for (let t = 0; t < days; t++) series[t] = rand() < rate ? 1 + poisson(rand, size - 1) : 0
    return series
  }
  const level = Math.exp(Math.log(3) + rand() * Math.log(100))
  const trend = (rand() - 0.4) * 0.8 / days
  const weekly = Array.from({length: 7}, () => 1 + 0.35 * (rand() - 0.5))
  weekly[5] *= 1 + 0.5 * rand()
  weekly[6] *= 1 + 0.5 * rand()
  const yearAmp = 0.3 * rand()
  const phase = 2 * Math.PI * rand()
  let shock = 1
  for (let t = 0; t < days; t++) {
    shock = 1 + 0.9 * (shock - 1) + 0.05 * gauss(rand)
    const mean = level * Math.max(0.05, 1 + trend * t) * weekly[t % 7] * (1 + yearAmp * Math.sin((2 * Math.PI * t) / 365.25 + phase)) * Math.max(0.1, shock)
    series[t] = poisson(rand, mean)
  }
  return series
}

const t0 = performance.now()
const items = Array.from({length: args.products}, (_, i) => ({id: `P${String(i).padStart(5, '0')}`, series: product(i, args.days)}))
const genMs = performance.now() - t0

console.log(`Forecast speed: ${args.products} products x ${args.days} days of daily history (${(args.products * args.days / 1e6).toFixed(2)} M observations), method ${args.method}, horizon ${args.horizon}, periods ${args.periods.join(' and ')}`)
console.log(`  ${args.workers} worker thread(s) on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}); data generated in ${(genMs / 1000).toFixed(1)} s`)

let lastPrint = 0
const load = loadavg()[0]
const cpu0 = process.cpuUsage()
const start = performance.now()
const results = await engine.forecastMany(items, {horizon: args.horizon, period: args.periods, method: args.method}, {
  workers: args.workers,
  onProgress(done, total) {
    const now = performance.now()
    if (process.stderr.isTTY && now - lastPrint > 500) {
      lastPrint = now
      process.stderr.write(`\r  ${done}/${total} products, ${((done * 1000) / (now - start)).toFixed(0)} products/s   `)
    }
  },
})
const seconds = (performance.now() - start) / 1000
const cpu = process.cpuUsage(cpu0)
const cpuSeconds = (cpu.user + cpu.system) / 1e6
if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')

const errors = results.filter((r) => r.error !== undefined).length
const mix = new Map()
for (const r of results) {
  const family = r.result.method.replace(/\(.*$/, '') + (r.result.method.includes('+mstl') ? '+mstl' : '')
  mix.set(family, (mix.get(family) ?? 0) + 1)
}
console.log(`  ${results.length} products in ${seconds.toFixed(2)} s: ${(results.length / seconds).toFixed(0)} products/s (target >= 500)`)
// On a shared machine wall-clock throughput depends on what else runs; CPU time does much less.
console.log(`  CPU time ${cpuSeconds.toFixed(1)} s, ${((1000 * cpuSeconds) / results.length).toFixed(2)} CPU-ms per product (${(results.length / cpuSeconds).toFixed(0)} products per CPU-second); load average ${load.toFixed(1)} at start`)
console.log(`  models chosen: ${[...mix].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}${errors > 0 ? `; ${errors} errors` : ''}`)
