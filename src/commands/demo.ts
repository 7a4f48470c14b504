import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../cli/base-command.js'
import {ProgressLine} from '../cli/progress.js'
import {METHOD_NAMES, type MethodName} from '../sdk/forecast/types.js'
import type {DemoProgress, DemoResult, DemoStage} from '../sdk/demo/run.js'
import {accuracySummaryTable} from './forecast/accuracy.js'
import {formatMetric, formatShare} from './forecast/run.js'
import {inventorySummaryLine, inventoryTable} from './report/inventory.js'

const STAGE_LABELS: Record<DemoStage, string> = {
  engine: 'engine',
  generate: 'history',
  import: 'rows imported',
  seed: 'seed',
  forecast: 'products forecast',
  inventory: 'products checked',
}

export default class Demo extends OmnixCommand<typeof Demo> {
  static summary = 'Run the platform\'s data plane end to end on this machine: sales history, forecasts, inventory report.'
  static description = `No AWS account needed. Starts the local DynamoDB engine in memory (or reuses the running one) with the env's tables, generates a realistic, seeded sales history (trend, weekday and yearly seasonality, slow movers that sell a few times a month, products launched part-way, store closed on 25 December and 1 January), writes it to .omnix/demo/sales.csv (one row per product and day with sales, as point-of-sale exports list them) and imports it with the sales importer, seeds the products and inventory tables, forecasts every demo product on all cores with a backtest each, and prints the accuracy summary and the inventory report (stock-out alerts go to the analytics table).
The engine keeps the demo's data in memory, where it writes several times faster than on disk: the data is generated and reproducible, and is gone at \`omnix local down\`. --persist starts it on disk instead (under .omnix/local/data, kept across \`down\`/\`up\`). An engine already running is reused in whatever mode it runs, and the demo says so.
Running it again replaces the demo data (on the same day, the history already in the table is recognised and not imported again). --products and --days make a smaller demo. Afterwards the usual commands work on it with --local, e.g. \`omnix forecast show COF-001 --local\`.
--endpoint-url uses another engine instead of the embedded one (its tables are created when missing).`
  static examples = [
    {description: 'The full demo: 40 products, three years of daily sales.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'A quick one, as JSON.', command: '<%= config.bin %> <%= command.id %> --products 5 --days 400 --json'},
    {description: 'Keep the demo data on disk, across `omnix local down` and `up`.', command: '<%= config.bin %> <%= command.id %> --persist'},
    {description: 'Against a DynamoDB Local you run yourself.', command: '<%= config.bin %> <%= command.id %> --endpoint-url http://127.0.0.1:8000'},
  ]
  static flags = {
    'endpoint-url': dataPlaneFlags['endpoint-url'],
    products: Flags.integer({summary: 'Products in the demo store.', default: 40, min: 1, max: 10_000}),
    days: Flags.integer({summary: 'Days of sales history, ending yesterday.', default: 1095, min: 28, max: 3660}),
    seed: Flags.integer({summary: 'Seed of the generated history (same seed, same data).', default: 42}),
    horizon: Flags.integer({summary: 'Days to forecast.', default: 30, min: 1, max: 365}),
    method: Flags.string({summary: 'Forecasting method.', options: [...METHOD_NAMES], default: 'auto'}),
    'service-level': Flags.integer({summary: 'Service level (%) of the inventory report.', default: 95, min: 51, max: 99}),
    engine: Flags.string({summary: 'Local engine to start when none runs (default: DynamoDB Local with Java 17, else dynalite).', options: ['dynamodb-local', 'dynalite']}),
    workers: Flags.integer({summary: 'Forecast worker threads (default: one per core).', min: 1}),
    persist: Flags.boolean({summary: 'Start the local engine with its data on disk instead of in memory (slower writes, kept across `local down`).'}),
  }

  async run(): Promise<DemoResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    const {runDemo} = await import('../sdk/demo/run.js')
    const interactive = this.interactiveOutput
    let bar: {stage: DemoStage; line: ProgressLine} | undefined
    const endBar = () => {
      bar?.line.finish()
      bar = undefined
    }
    const result = await runDemo({
      env: config.env,
      region: config.region,
      endpointUrl: flags['endpoint-url'],
      engine: flags.engine as 'dynamodb-local' | 'dynalite' | undefined,
      storage: flags.persist ? 'on-disk' : 'in-memory',
      products: flags.products,
      days: flags.days,
      seed: flags.seed,
      horizon: flags.horizon,
      method: flags.method as MethodName,
      serviceLevel: flags['service-level'],
      workers: flags.workers,
      onStage: (_stage, message) => {
        endBar()
        if (!this.jsonEnabled()) this.note(message)
      },
      onProgress: (p: DemoProgress) => {
        if (bar?.stage !== p.stage) {
          endBar()
          bar = {stage: p.stage, line: new ProgressLine(STAGE_LABELS[p.stage], p.total, interactive)}
        }
        bar.line.update(p.done)
      },
    })
    endBar()
    for (const notice of result.engine.notices) this.note(`note: ${notice}`)
    if (!this.jsonEnabled()) this.log(renderDemo(result))
    return result
  }
}

export function renderDemo(r: DemoResult): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const f = r.forecast
  const rate = f.duration_ms > 0 ? (f.products_forecast / (f.duration_ms / 1000)).toFixed(1) : '-'
  const lines = [
    `engine     ${r.engine.kind} at ${r.engine.endpoint}${r.engine.kind === 'endpoint' ? '' : `${r.engine.reused ? ' (already running)' : ' (started)'}, ${storageLine(r.engine.storage)}`}`,
    `history    ${r.data.products} products (${r.data.intermittent_products} slow movers) × ${r.data.days} days, ${r.data.start} to ${r.data.end}: ${r.data.rows} rows (days with sales) in ${r.data.csv}`,
    r.import.skipped
      ? `import     skipped: the table already holds exactly this history`
      : `import     ${r.import.written} sales items written, ${r.import.rejected} rejected, in ${seconds(r.import.duration_ms)}` +
        (r.import.stale_removed > 0 ? ` (${r.import.stale_removed} items of an earlier demo removed)` : ''),
    `forecast   ${f.products_forecast} products × ${f.horizon} days (${f.method}) in ${seconds(f.duration_ms)} (${rate} products/s): ${f.items_written} items in ${f.table}, expiring ${f.expires_at.slice(0, 10)}`,
  ]
  if (f.skipped.length > 0) lines.push(`           skipped: ${f.skipped.map((s) => `${s.product_id} (${s.reason})`).join(', ')}`)
  if (r.accuracy) {
    const o = r.accuracy.overall
    lines.push(
      '',
      `Forecast accuracy (rolling-origin backtest): MASE ${formatMetric(o.mase)}, sMAPE ${formatMetric(o.smape, 1)} %, interval coverage 80 % → ${formatShare(o.coverage['80'])}, 95 % → ${formatShare(o.coverage['95'])}`,
      accuracySummaryTable(r.accuracy),
    )
  }
  const inv = r.inventory
  lines.push('', `Inventory report (${inv.service_level} % service level), riskiest first`, inventoryTable(inv, 15))
  if (inv.rows.length > 15) lines.push(`... ${inv.rows.length - 15} more: omnix report inventory --local`)
  const target = `${r.env === 'dev' ? '' : ` -e ${r.env}`}${r.engine.kind === 'endpoint' ? ` --endpoint-url ${r.engine.endpoint}` : ' --local'}`
  const example = inv.rows[0]?.product_id ?? r.forecast.products[0]?.product_id ?? '<id>'
  lines.push('', inventorySummaryLine(inv), '', `next: omnix forecast show ${example}${target} (add --html chart.html for a web page)`)
  lines.push(`demo done in ${seconds(r.duration_ms)}`)
  return lines.join('\n')
}

function storageLine(storage: DemoResult['engine']['storage']): string {
  return storage === 'in-memory'
    ? 'data in memory (gone at `omnix local down`; --persist keeps it on disk)'
    : 'data on disk'
}
