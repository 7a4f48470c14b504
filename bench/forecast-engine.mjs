// The compiled forecast engine, as the forecast benchmarks load it, and the R peers' output they read.
import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export async function loadEngine() {
  const url = new URL('../dist/src/sdk/forecast/index.js', import.meta.url)
  if (!existsSync(url)) {
    console.error(`The compiled forecast engine is missing (${fileURLToPath(url)}): build first with \`npx tsc -p tsconfig.json\` (npm run bench:forecast does).`)
    process.exit(1)
  }
  return import(url.href)
}

/**
 * Reads the forecasts the benchmarks' R scripts write: `method,id,mean,lo80,hi80,lo95,hi95` rows
 * (each value a `;`-joined series) and `cpu,method,ms` rows. `adjust` maps each series (e.g. to
 * clip negative demand). Returns the scores `score(id, forecast)` gives, by method then series id.
 */
export function readRForecasts(path, score, adjust = (values) => values) {
  const results = new Map()
  const cpu = {}
  const series = (text) => adjust(text.split(';').map(Number))
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue
    const parts = line.split(',')
    if (parts[0] === 'cpu') {
      cpu[parts[1]] = Number(parts[2])
      continue
    }
    const [method, id, mean, lo80, hi80, lo95, hi95] = parts
    const fc = {method, mean: series(mean), intervals: [{level: 80, lower: series(lo80), upper: series(hi80)}, {level: 95, lower: series(lo95), upper: series(hi95)}]}
    if (!results.has(method)) results.set(method, new Map())
    results.get(method).set(id, score(id, fc))
  }
  return {results, cpu}
}
