// Forecast accuracy on the M3 monthly and M4 weekly competition data (official horizons), for every
// method of the engine and beside R's forecast package when Rscript is installed.
//
//   node bench/forecast-accuracy.mjs [--data DIR] [--sets m3,m4] [--methods auto,ets,...]
//                                    [--series N] [--r-sample N|all] [--no-r] [--r-arima]
//
// --series N   use only N evenly spaced series of each set (quick runs)
// --r-sample N run R on N evenly spaced series of each set (default 100; R's ets needs about a
//              CPU-second per monthly series) and compare the engine with R on that same subset.
// --r-arima    also R's auto.arima and the ETS-ARIMA-theta combination (the average of the three
//              forecasts and bounds): about 3 CPU-seconds per monthly series, far more on weekly.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {loadEngine, readRForecasts} from './forecast-engine.mjs'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function parseArgs(argv) {
  const args = {data: resolve(repoRoot, '../shared/data'), sets: ['m3', 'm4'], methods: null, series: null, rSample: 100, r: true, arima: false}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--data') args.data = resolve(next())
    else if (a === '--sets') args.sets = next().split(',')
    else if (a === '--methods') args.methods = next().split(',')
    else if (a === '--series') args.series = Number(next())
    else if (a === '--r-sample') {
      const v = next()
      args.rSample = v === 'all' ? Infinity : Number(v)
    } else if (a === '--no-r') args.r = false
    else if (a === '--r-arima') args.arima = true
    else throw new Error(`Unknown option ${a}`)
  }
  return args
}

const args = parseArgs(process.argv.slice(2))

const engine = await loadEngine()

// `best` is the best published figure on the set: ForecastPro's on M3 monthly (the best M3 entry),
// entry #235's on M4 weekly (the best M4 weekly MASE).
const SETS = {
  m3: {name: 'M3 monthly', file: 'm3_monthly', period: 12, maseLag: 12, h: 18, best: {name: 'ForecastPro (best M3 entry)', mase: 0.848, smape: 13.9}},
  // M4 scaled weekly MASE by the lag-1 naive error. The year is 365.25 / 7 = 52.18 weeks: the engine
  // decomposes the fractional season; R gets the customary 52.
  m4: {name: 'M4 weekly', file: 'm4_weekly', period: 365.25 / 7, rPeriod: 52, maseLag: 1, h: 13, best: {name: 'M4 #235 (best M4 weekly)', mase: 2.107, smape: null}},
}

if (!existsSync(args.data)) {
  console.error(`Forecast accuracy benchmark skipped: benchmark data not found at ${args.data}.`)
  console.error(`It expects the shared data folder (m3_monthly_*.csv, m4_weekly_*.csv) at ../shared/data beside the repository, or --data DIR.`)
  process.exit(0)
}

function readLong(path) {
  const map = new Map()
  const text = readFileSync(path, 'utf8')
  let first = true
  for (const line of text.split('\n')) {
    if (first) {
      first = false
      continue
    }
    if (line === '') continue
    const [id, t, y] = line.split(',')
    let s = map.get(id)
    if (s === undefined) map.set(id, (s = []))
    s[Number(t) - 1] = Number(y)
  }
  return map
}

function evenlySpaced(ids, count) {
  if (!(count < ids.length)) return ids
  const out = []
  for (let i = 0; i < count; i++) out.push(ids[Math.floor((i * ids.length) / count)])
  return out
}

function cpuSeconds() {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

// Mean of per-series metrics, as in the competitions.
function summarize(perSeries) {
  const mean = (k) => {
    const v = perSeries.map((m) => m[k]).filter((x) => x !== null && Number.isFinite(x))
    return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN
  }
  return {smape: mean('smape'), mase: mean('mase'), cov80: mean('cov80'), cov95: mean('cov95')}
}

function score(actual, fc, train, lag) {
  const m = engine.accuracy(actual, fc, train, lag)
  return {smape: m.smape, mase: m.mase, cov80: m.coverage['80'], cov95: m.coverage['95']}
}

function runEngine(method, ids, train, test, set) {
  const perSeries = new Map()
  const used = new Map()
  const t0 = cpuSeconds()
  const forecasts = ids.map((id) => engine.forecast(train.get(id), {horizon: set.h, period: set.period, method}))
  const cpu = cpuSeconds() - t0
  ids.forEach((id, i) => {
    perSeries.set(id, score(test.get(id), forecasts[i], train.get(id), set.maseLag))
    const label = forecasts[i].method
    const family = label.replace(/[(+].*$/, '') + (label.includes('+mstl') ? '+mstl' : '')
    used.set(family, (used.get(family) ?? 0) + 1)
  })
  return {perSeries, cpuPerSeries: cpu / ids.length, used}
}

const R_SCRIPT = String.raw`
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(forecast))
train <- read.csv(args[1], stringsAsFactors = FALSE)
ids <- readLines(args[2])
m <- as.integer(args[3]); h <- as.integer(args[4]); out <- args[5]; with_arima <- args[6] == "arima"
series <- split(train$y, train$id)
lines <- character(0)
cpu <- c(ets = 0, thetaf = 0, snaive = 0, arima = 0, comb = 0)
run <- function(name, f) {
  t0 <- proc.time()
  fc <- suppressWarnings(f())
  dt <- proc.time() - t0
  cpu[name] <<- cpu[name] + dt[[1]] + dt[[2]]
  fc
}
for (id in ids) {
  x <- ts(series[[id]], frequency = m)
  fcs <- list(
    ets = run("ets", function() forecast(ets(x), h = h, level = c(80, 95))),
    thetaf = run("thetaf", function() thetaf(x, h = h, level = c(80, 95))),
    snaive = run("snaive", function() snaive(x, h = h, level = c(80, 95))))
  if (with_arima) {
    fcs$arima <- run("arima", function() forecast(auto.arima(x), h = h, level = c(80, 95)))
    # The ETS-ARIMA-theta combination: the average of the three forecasts and of their bounds.
    fcs$comb <- list(mean = (fcs$ets$mean + fcs$arima$mean + fcs$thetaf$mean) / 3,
      lower = (fcs$ets$lower + fcs$arima$lower + fcs$thetaf$lower) / 3,
      upper = (fcs$ets$upper + fcs$arima$upper + fcs$thetaf$upper) / 3)
  }
  for (name in names(fcs)) {
    f <- fcs[[name]]
    lines <- c(lines, paste(name, id, paste(format(as.numeric(f$mean), digits = 15), collapse = ";"),
      paste(format(as.numeric(f$lower[, 1]), digits = 15), collapse = ";"), paste(format(as.numeric(f$upper[, 1]), digits = 15), collapse = ";"),
      paste(format(as.numeric(f$lower[, 2]), digits = 15), collapse = ";"), paste(format(as.numeric(f$upper[, 2]), digits = 15), collapse = ";"), sep = ","))
  }
}
if (with_arima) cpu["comb"] <- cpu[["ets"]] + cpu[["arima"]] + cpu[["thetaf"]]
lines <- c(lines, paste("cpu", names(cpu), cpu, sep = ","))
writeLines(lines, out)
`

function hasRscript() {
  const r = spawnSync('Rscript', ['--version'], {stdio: 'ignore'})
  return r.status === 0
}

function runR(set, ids, trainPath, test, train) {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-bench-'))
  try {
    writeFileSync(join(dir, 'bench.R'), R_SCRIPT)
    writeFileSync(join(dir, 'ids.txt'), ids.join('\n') + '\n')
    const out = join(dir, 'out.csv')
    execFileSync('Rscript', [join(dir, 'bench.R'), trainPath, join(dir, 'ids.txt'), String(set.rPeriod ?? set.period), String(set.h), out, args.arima ? 'arima' : 'no-arima'], {stdio: ['ignore', 'ignore', 'inherit']})
    return readRForecasts(out, (id, fc) => score(test.get(id), fc, train.get(id), set.maseLag))
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

const fmt = (v, d = 2) => (v === null || !Number.isFinite(v) ? '  -  ' : v.toFixed(d))
function row(label, s, cpuMs, extra = '') {
  return `  ${label.padEnd(26)} ${fmt(s.smape).padStart(7)} ${fmt(s.mase, 3).padStart(7)} ${fmt(100 * s.cov80, 0).padStart(6)} ${fmt(100 * s.cov95, 0).padStart(6)} ${fmt(cpuMs, 2).padStart(11)}  ${extra}`
}
const header = `  ${'method'.padEnd(26)} ${'sMAPE'.padStart(7)} ${'MASE'.padStart(7)} ${'cov80'.padStart(6)} ${'cov95'.padStart(6)} ${'CPU ms/ser'.padStart(11)}`

const methods = args.methods ?? ['snaive', 'naive', 'ses', 'ets', 'theta', 'croston', 'sba', 'tsb', 'auto']
const withR = args.r && hasRscript()
if (args.r && !withR) console.log('R column skipped: Rscript not found (install r-base-core and r-cran-forecast to compare with R).')

for (const key of args.sets) {
  const set = SETS[key]
  if (set === undefined) throw new Error(`Unknown set ${key}; use m3 or m4`)
  const trainPath = join(args.data, `${set.file}_train.csv`)
  const train = readLong(trainPath)
  const test = readLong(join(args.data, `${set.file}_test.csv`))
  let ids = [...train.keys()]
  if (args.series !== null) ids = evenlySpaced(ids, args.series)
  const lengths = ids.map((id) => train.get(id).length)
  console.log(`\n${set.name}: ${ids.length} series, history ${Math.min(...lengths)}-${Math.max(...lengths)} points, horizon ${set.h}, season ${+set.period.toFixed(2)}, MASE scaled by lag-${set.maseLag} naive; load average ${loadavg()[0].toFixed(1)}`)
  console.log(header)
  const ours = new Map()
  for (const method of methods) {
    const r = runEngine(method, ids, train, test, set)
    ours.set(method, r)
    const mix = method === 'auto' ? [...r.used].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') : ''
    console.log(row(`omnix ${method}`, summarize([...r.perSeries.values()]), 1000 * r.cpuPerSeries, mix))
  }
  const autoAll = ours.get('auto')
  if (autoAll !== undefined && args.series === null) {
    const a = summarize([...autoAll.perSeries.values()])
    const b = set.best
    const smape = b.smape === null ? '' : `, sMAPE ${a.smape.toFixed(2)} vs ${b.smape.toFixed(2)}`
    console.log(`  auto vs ${b.name}: MASE ${a.mase.toFixed(3)} vs ${b.mase.toFixed(3)}${smape} ${a.mase < b.mase && (b.smape === null || a.smape < b.smape) ? 'ahead' : 'NOT ahead'}`)
  }
  if (withR) {
    const rIds = evenlySpaced(ids, args.rSample)
    console.log(`  R forecast package on ${rIds.length} of these series${rIds.length < ids.length ? ' (--r-sample; --r-sample all for every series)' : ''}:`)
    const r = runR(set, rIds, trainPath, test, train)
    for (const [method, per] of r.results) {
      console.log(row(`R ${method}`, summarize([...per.values()]), (1000 * (r.cpu[method] ?? Number.NaN)) / rIds.length))
    }
    for (const method of ['auto', 'ets', 'theta']) {
      const o = ours.get(method)
      if (o === undefined) continue
      console.log(row(`omnix ${method} (same series)`, summarize(rIds.map((id) => o.perSeries.get(id))), 1000 * o.cpuPerSeries))
    }
    const auto = ours.get('auto')
    const rEts = r.results.get('ets')
    if (auto !== undefined && rEts !== undefined) {
      const a = summarize(rIds.map((id) => auto.perSeries.get(id))).mase
      const e = summarize([...rEts.values()]).mase
      const ratio = r.cpu.ets / rIds.length / auto.cpuPerSeries
      console.log(`  target auto MASE <= R ets: ${a.toFixed(3)} vs ${e.toFixed(3)} ${a <= e ? 'met' : 'NOT met'}; auto CPU per series 1/${ratio.toFixed(0)} of R ets (target 1/20 or less) ${ratio >= 20 ? 'met' : 'NOT met'}`)
    }
  }
}
