// The compiled forecast engine, as both forecast benchmarks load it.
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export async function loadEngine() {
  const url = new URL('../dist/src/sdk/forecast/index.js', import.meta.url)
  if (!existsSync(url)) {
    console.error(`The compiled forecast engine is missing (${fileURLToPath(url)}): build first with \`npx tsc -p tsconfig.json\` (npm run bench:forecast does).`)
    process.exit(1)
  }
  return import(url.href)
}
