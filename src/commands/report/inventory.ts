import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {ProgressLine} from '../../cli/progress.js'
import {renderTable} from '../../cli/table.js'
import {UsageError} from '../../sdk/errors.js'
import type {InventoryReport} from '../../sdk/inventory/report.js'

const serviceLevelFlag = Flags.custom<number>({
  summary: 'Service level in percent: the chance of not running out during a lead time.',
  default: 95,
  parse: async (input) => {
    const value = Number(input)
    if (!Number.isFinite(value) || value <= 50 || value >= 100) {
      throw new UsageError(`--service-level: "${input}" is not a percentage above 50 and below 100`, {suggestion: 'e.g. --service-level 95 or 97.5'})
    }
    return value
  },
})

function show(x: number | null, digits = 0): string {
  return x === null ? '-' : x.toFixed(digits)
}

/** The report's products as a text table, riskiest first. */
export function inventoryTable(report: InventoryReport, limit?: number): string {
  const rows = (limit === undefined ? report.rows : report.rows.slice(0, limit)).map((r) => ({
    product: r.product_id,
    name: r.name ?? '',
    stock: r.stock_on_hand,
    'lead d': r.lead_time_days,
    'lead demand': show(r.lead_time_demand, 1),
    safety: show(r.safety_stock),
    'reorder at': show(r.reorder_point),
    'cover d': r.status === 'no_forecast' ? '-' : r.days_of_cover === null ? '∞' : r.days_of_cover.toFixed(1),
    'stock-out risk': r.stockout_probability === null ? 'no forecast' : `${(r.stockout_probability * 100).toFixed(1)} % ${r.risk}`,
  }))
  return renderTable(rows)
}

export function inventorySummaryLine(report: InventoryReport): string {
  const alerts =
    report.alerts_created + report.alerts_existing === 0
      ? ''
      : `: ${report.alerts_created} new alert(s) in ${report.alerts_table}${report.alerts_existing > 0 ? ` (${report.alerts_existing} already there from today)` : ''}`
  return (
    `${report.products} product(s) at a ${report.service_level} % service level (z = ${report.z}): ` +
    `${report.at_risk} at risk of a stock-out (${report.high_risk} high, ${report.medium_risk} medium)${alerts}` +
    (report.without_forecast > 0 ? `; ${report.without_forecast} without a forecast from today` : '')
  )
}

export default class ReportInventory extends OmnixCommand<typeof ReportInventory> {
  static summary = 'Inventory recommendations: reorder point, safety stock, days of cover and stock-out risk.'
  static description = `For every product of the env's inventory table (stock_on_hand, optional lead_time_days), from its stored forecast starting today:
  safety stock = z × σ × √L, where z is the inverse normal of the service level (95 % gives 1.645), σ the daily forecast error taken from the forecast's 95 % interval and L the lead time in days;
  reorder point = forecast demand over the lead time + safety stock;
  days of cover = stock on hand / mean forecast daily demand;
  stock-out risk = the probability that demand over the lead time exceeds the stock on hand.
Stock below the reorder point means a risk above 100 % minus the service level. Those products get a stock-out alert in the analytics table (PK ALERT#<product_id>, SK STOCKOUT#<date>; priority high when the risk is 50 % or more, else medium; expires after 30 days): one per product and day, so running the report again the same day adds none. --dry-run writes no alert.
The lead time is each inventory item's lead_time_days, else 7; --lead-time-days sets it for all. Products without a forecast from today are listed with no figures: run \`omnix forecast run\` first.`
  static examples = [
    {description: 'Report on the local engine.', command: '<%= config.bin %> <%= command.id %> --local'},
    {description: 'A stricter service level and a fixed two-week lead time.', command: '<%= config.bin %> <%= command.id %> --service-level 99 --lead-time-days 14 --local'},
    {description: 'Look without writing alerts, as JSON.', command: '<%= config.bin %> <%= command.id %> --dry-run --local --json'},
  ]
  static flags = {
    ...dataPlaneFlags,
    'service-level': serviceLevelFlag(),
    'lead-time-days': Flags.integer({summary: 'Lead time in days for every product (default: each item\'s lead_time_days, else 7).', min: 1, max: 365}),
    product: Flags.string({char: 'p', summary: 'Only this product (repeatable; default all).', multiple: true}),
    'dry-run': Flags.boolean({summary: 'Compute the report but write no alerts.'}),
  }

  async run(): Promise<InventoryReport> {
    const config = await this.omnixConfig()
    const {flags} = this
    const {resolveDataPlaneTarget} = await import('../../sdk/aws/target.js')
    const {dynamoClient} = await import('../../sdk/dynamodb/client.js')
    const {inventoryReport} = await import('../../sdk/inventory/report.js')
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const client = await dynamoClient(target)
    let progress: ProgressLine | undefined
    let report: InventoryReport
    try {
      report = await inventoryReport(client, {
        env: config.env,
        serviceLevel: flags['service-level'],
        leadTimeDays: flags['lead-time-days'],
        productIds: flags.product,
        createAlerts: !flags['dry-run'],
        onProgress: (done, total) => {
          progress ??= new ProgressLine('products', total, this.interactiveOutput)
          progress.update(done)
        },
      })
    } finally {
      client.destroy()
    }
    progress?.finish()
    if (report.products === 0) this.note(`no stock records in the ${config.env} inventory table${flags.product ? ' for the products asked' : ''}`)
    if (!this.jsonEnabled()) {
      if (report.products > 0) this.log(inventoryTable(report))
      this.log(`\n${inventorySummaryLine(report)}`)
      if (flags['dry-run'] && report.at_risk > 0) this.log('(dry run: no alerts written)')
    }
    return report
  }
}
