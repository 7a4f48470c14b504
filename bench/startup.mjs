// Startup and synth benchmark (not a test). CPU time (user+sys) of whole processes, min over runs:
//   cold `omnix --help` versus `node -e 0`, and `omnix synth` versus `cdk synth` on the same app.
// Targets: --help under 3x node; omnix synth at most 0.8x cdk synth --no-validation --no-notices.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 5)

/** CPU seconds (user+sys) of one run of a shell command, measured by bash's `time`. */
function cpuSeconds(command) {
  const res = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; { time ${command} >/dev/null 2>&1 ; } 2>&1`], {
    cwd: root,
    encoding: 'utf8',
    env: {...process.env, CI: '1', AWS_REGION: 'us-east-1'},
  })
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(res.stdout)
  if (!m) throw new Error(`could not time: ${command}\n${res.stdout}${res.stderr}`)
  return Number(m[1]) + Number(m[2])
}

function measure(label, command) {
  const samples = []
  for (let i = 0; i < runs; i++) samples.push(cpuSeconds(command))
  const min = Math.min(...samples)
  console.log(`${label.padEnd(34)} min ${min.toFixed(3)} s  (runs: ${samples.map((s) => s.toFixed(2)).join(' ')})`)
  return min
}

console.log(`omnix startup benchmark: CPU seconds, min of ${runs} runs each`)
const node = measure('node -e 0', 'node -e 0')
const help = measure('omnix --help', 'node bin/run.js --help')
const out1 = mkdtempSync(join(tmpdir(), 'omnix-bench-'))
const out2 = mkdtempSync(join(tmpdir(), 'omnix-bench-'))
const synth = measure('omnix synth (dev, 7 stacks)', `node bin/run.js synth --quiet --output ${out1}`)
const cdk = measure(
  'cdk synth --no-validation (same app)',
  `node node_modules/aws-cdk/bin/cdk synth --no-validation --no-notices --quiet -o ${out2} -a "node dist/stacks/cdk-app.js"`,
)
rmSync(out1, {recursive: true, force: true})
rmSync(out2, {recursive: true, force: true})

const helpRatio = help / node
const synthRatio = synth / cdk
console.log('')
console.log(`omnix --help / node -e 0      = ${helpRatio.toFixed(2)}x  (target < 3x)  ${helpRatio < 3 ? 'ok' : 'MISSED'}`)
console.log(`omnix synth / cdk synth       = ${synthRatio.toFixed(2)}x  (target <= 0.8x)  ${synthRatio <= 0.8 ? 'ok' : 'MISSED'}`)
