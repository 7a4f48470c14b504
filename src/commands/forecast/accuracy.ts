import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {NotFoundError} from '../../sdk/errors.js'
import {METHOD_NAMES, type MethodName} from '../../sdk/forecast/types.js'
import type {AccuracySummary, MetricsSummary, ProductMetrics} from '../../sdk/forecast-store/accuracy.js'
import {formatMetric, formatShare} from './run.js'

export interface AccuracyResult {
  readonly env: string
  /** stored: metrics saved with each product's latest forecast; recomputed: a fresh backtest (nothing written). */
  readonly source: 'stored' | 'recomputed'
  readonly products: Array<ProductMetrics & {model_accuracy?: number | null; created_at?: string}>
  /** Products without metrics (no stored forecast, or no history when recomputing). */
  readonly missing: string[]
  readonly summary: AccuracySummary
}

function summaryRow(label: string, s: MetricsSummary) {
  return {
    method: label,
    products: s.products,
    mase: formatMetric(s.mase),
    smape: formatMetric(s.smape, 1),
    bias: formatMetric(s.bias),
    'cover 80 %': formatShare(s.coverage['80']),
    'cover 95 %': formatShare(s.coverage['95']),
  }
}

/** Per-method and overall backtest accuracy as a text table. */
export function accuracySummaryTable(summary: AccuracySummary): string {
  return renderTable([...summary.by_method.map((m) => summaryRow(m.method, m)), summaryRow('overall', summary.overall)])
}

export default class ForecastAccuracy extends OmnixCommand<typeof ForecastAccuracy> {
  static summary = 'Report forecast accuracy (rolling-origin backtest) per product and overall.'
  static description = `By default reads the backtest metrics stored with each product's latest forecast by \`omnix forecast run\`: MASE (mean absolute error scaled by the in-sample seasonal naive error; below 1 beats it), sMAPE (%), MAPE (% where no actual is zero), bias (mean forecast minus actual: positive over-forecasts) and the share of actuals inside the 80 % and 95 % intervals (well calibrated: about 80 % and 95 %).
--recompute runs a fresh backtest from the sales history instead (with --method, to compare methods on your data) and writes nothing.
Then sums up per method family (ets, theta, croston, ...) and over all products: means of MASE, sMAPE, MAPE and bias; coverage pooled over every backtest point.`
  static examples = [
    {description: 'Accuracy of every stored forecast.', command: '<%= config.bin %> <%= command.id %> --local'},
    {description: 'One product, as JSON.', command: '<%= config.bin %> <%= command.id %> --product COF-001 --local --json'},
    {description: 'How would Theta do on every product?', command: '<%= config.bin %> <%= command.id %> --recompute --method theta --local'},
  ]
  static flags = {
    ...dataPlaneFlags,
    product: Flags.string({char: 'p', summary: 'Only this product (repeatable; default all).', multiple: true}),
    recompute: Flags.boolean({summary: 'Backtest again from the sales history instead of reading the stored metrics (writes nothing).'}),
    method: Flags.string({summary: 'Method to backtest with --recompute (default auto).', options: [...METHOD_NAMES], dependsOn: ['recompute']}),
    days: Flags.integer({summary: 'Forecast horizon of the recomputed backtest (default 30).', min: 1, max: 365, dependsOn: ['recompute']}),
    workers: Flags.integer({summary: 'Worker threads with --recompute (default: one per core).', min: 1}),
  }

  async run(): Promise<AccuracyResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    const {resolveDataPlaneTarget} = await import('../../sdk/aws/target.js')
    const {dynamoClient} = await import('../../sdk/dynamodb/client.js')
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const client = await dynamoClient(target)
    let result: AccuracyResult
    try {
      if (flags.recompute) {
        const {runForecasts} = await import('../../sdk/forecast-store/run.js')
        const {summarizeAccuracy} = await import('../../sdk/forecast-store/accuracy.js')
        const run = await runForecasts(client, {
          env: config.env,
          productIds: flags.product,
          horizon: flags.days,
          method: (flags.method ?? 'auto') as MethodName,
          workers: flags.workers,
          write: false,
        })
        const products = run.products.filter((p) => p.backtest).map((p) => ({product_id: p.product_id, model: p.model, ...(p.backtest as NonNullable<typeof p.backtest>)}))
        const measured = new Set(products.map((p) => p.product_id))
        const missing = [...run.skipped.map((s) => s.product_id), ...run.products.filter((p) => !measured.has(p.product_id)).map((p) => p.product_id)]
        result = {env: config.env, source: 'recomputed', products, missing, summary: summarizeAccuracy(products)}
      } else {
        const {storedAccuracy} = await import('../../sdk/forecast-store/views.js')
        const stored = await storedAccuracy(client, {env: config.env, productIds: flags.product})
        result = {env: config.env, source: 'stored', products: stored.products, missing: stored.missing, summary: stored.summary}
      }
    } finally {
      client.destroy()
    }
    if (result.products.length === 0) {
      throw new NotFoundError(
        result.source === 'stored' ? 'no stored forecast with backtest metrics for the products asked' : 'no product has sales history to backtest',
        result.source === 'stored' ? 'run `omnix forecast run --all` first, or pass --recompute' : 'import sales first with `omnix sales import <file.csv>`',
      )
    }
    if (result.missing.length > 0) this.note(`no metrics for ${result.missing.length} product(s): ${result.missing.slice(0, 10).join(', ')}${result.missing.length > 10 ? ', ...' : ''}`)
    if (!this.jsonEnabled()) {
      this.log(
        renderTable(
          result.products.map((p) => ({
            product: p.product_id,
            model: p.model,
            mase: formatMetric(p.mase),
            smape: formatMetric(p.smape, 1),
            mape: formatMetric(p.mape, 1),
            bias: formatMetric(p.bias),
            'cover 80 %': formatShare(p.coverage['80']),
            'cover 95 %': formatShare(p.coverage['95']),
            points: p.n,
          })),
        ),
      )
      this.log('')
      this.log(accuracySummaryTable(result.summary))
    }
    return result
  }
}
