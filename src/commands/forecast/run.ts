import {Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {ProgressLine} from '../../cli/progress.js'
import {renderTable} from '../../cli/table.js'
import {NotFoundError, UsageError} from '../../sdk/errors.js'
import {METHOD_NAMES, type MethodName} from '../../sdk/forecast/types.js'
import {dayNumber} from '../../sdk/forecast-store/dates.js'
import type {JobStatus} from '../../sdk/forecast-jobs/job-store.js'
import type {ForecastRunResult} from '../../sdk/forecast-store/run.js'
import {renderJob} from './jobs.js'

/** `forecast run --remote`: the job sent, and with --wait its final state. */
export interface RemoteForecastResult {
  readonly env: string
  readonly remote: true
  readonly job_id: string
  readonly queue_url: string
  readonly message_id: string
  readonly product_ids: readonly string[] | 'all'
  readonly horizon_days: number
  /** The job's final state (--wait only). */
  readonly job?: JobStatus
}

export function formatMetric(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits)
}

export function formatShare(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '-' : `${Math.round(x * 100)} %`
}

export function forecastRows(result: Pick<ForecastRunResult, 'products'>) {
  return result.products.map((p) => ({
    product: p.product_id,
    model: p.model,
    'next 7 d': p.next_7_days.toFixed(1),
    'next 30 d': p.next_30_days.toFixed(1),
    '95 % range (30 d)': `${p.interval_95.lower.toFixed(0)}-${p.interval_95.upper.toFixed(0)}`,
    mase: formatMetric(p.backtest?.mase),
  }))
}

export default class ForecastRun extends OmnixCommand<typeof ForecastRun> {
  static summary = 'Forecast daily demand per product from its sales history and store the forecasts.'
  static description = `Reads each product's SALES# history from the env's forecasting table (days without a record count as zero sold; --through also counts the days since a product's last sale and ignores later ones), forecasts the next --days days on every core and measures the chosen model by rolling-origin backtest. The weekly season of daily sales is modelled.
Writes one item per product and day, FORECAST#<product_id> / DATE#<date>, with predicted_demand, confidence_interval (95 %: lower, upper, level), confidence_intervals (80 % and 95 %), model, model_accuracy (100 minus the backtest sMAPE, in %), model_metrics (MASE, sMAPE, MAPE, bias, interval coverage), created_at and a ttl 90 days out. Items go in batches of 25; re-running overwrites the same keys, and items of an earlier, longer forecast past the new horizon are deleted.
--all takes every product of the products table and every product with sales history (products in the catalog without sales are listed as skipped, with the reason). The table printed shows, per product, the model, the demand summed over the next 7 and 30 days, the range of the 30-day sum given by the daily 95 % bounds, and the backtest MASE (below 1: better than a seasonal naive forecast).
--remote forecasts on the deployed platform instead: it finds omnix-ai-{env}-forecasting-queue by name, sends one forecast.generate job and prints its id; the forecast worker plans it into shards and runs them with this same code. --wait then follows the job's status item (through the data plane, so --local and --endpoint-url apply) with products/s and an ETA until it ends, and exits 1 if it failed, naming the failed shards.`
  static examples = [
    {description: 'Forecast every product on the local engine.', command: '<%= config.bin %> <%= command.id %> --all --local'},
    {description: 'Two products, 60 days ahead, as JSON.', command: '<%= config.bin %> <%= command.id %> --product COF-001 --product TEA-002 --days 60 --local --json'},
    {description: 'Force Croston on a slow mover, from its last year of history only.', command: '<%= config.bin %> <%= command.id %> -p KIT-001 --method croston --history-days 365 --local'},
    {description: 'Forecast as of the end of June (later sales ignored; products without recent sales count zeros).', command: '<%= config.bin %> <%= command.id %> --all --through 2025-06-30 --local'},
    {description: 'Forecast prod.', command: '<%= config.bin %> <%= command.id %> --all -e prod'},
    {description: 'Let the deployed platform forecast every product (queue a job) and follow it to the end.', command: '<%= config.bin %> <%= command.id %> --all --remote --wait -e prod'},
  ]
  static flags = {
    ...dataPlaneFlags,
    product: Flags.string({char: 'p', summary: 'Product id to forecast (repeatable).', multiple: true, exclusive: ['all']}),
    all: Flags.boolean({summary: 'Forecast every product.', exclusive: ['product']}),
    days: Flags.integer({summary: 'Days to forecast.', default: 30, min: 1, max: 365}),
    method: Flags.string({summary: 'Forecasting method; auto picks per product by backtest.', options: [...METHOD_NAMES], default: 'auto'}),
    'history-days': Flags.integer({summary: 'Use only the last N days of each product\'s history (default: all of it).', min: 14}),
    through: Flags.string({
      summary: 'History ends on this day (yyyy-mm-dd): later sales are ignored, days since a product\'s last sale count as zero. Default: each product\'s last sale.',
    }),
    workers: Flags.integer({summary: 'Worker threads (default: one per core).', min: 1}),
    remote: Flags.boolean({
      summary: 'Queue a forecast job on the env\'s forecasting queue instead of forecasting here; the deployed worker runs it. Prints the job id.',
      exclusive: ['history-days', 'through', 'workers'],
    }),
    wait: Flags.boolean({summary: 'With --remote: follow the job until it ends (progress, products/s, ETA); exit 1 if it failed.', dependsOn: ['remote']}),
    'poll-interval': Flags.integer({summary: 'With --wait: seconds between reads of the job status.', default: 5, min: 0}),
  }

  async run(): Promise<ForecastRunResult | RemoteForecastResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    if (!flags.all && !flags.product?.length) {
      throw new UsageError('say which products to forecast', {suggestion: 'pass --product ID (repeatable) or --all'})
    }
    if (flags.remote) return this.runRemote(config.env, config.region, config.profile)
    if (flags.through !== undefined && dayNumber(flags.through) === undefined) {
      throw new UsageError(`--through: "${flags.through}" is not a calendar date`, {suggestion: 'use yyyy-mm-dd, e.g. --through 2025-06-30'})
    }
    const {resolveDataPlaneTarget} = await import('../../sdk/aws/target.js')
    const {dynamoClient} = await import('../../sdk/dynamodb/client.js')
    const {runForecasts} = await import('../../sdk/forecast-store/run.js')
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const client = await dynamoClient(target)
    let progress: ProgressLine | undefined
    let result: ForecastRunResult
    try {
      result = await runForecasts(client, {
        env: config.env,
        productIds: flags.all ? undefined : flags.product,
        horizon: flags.days,
        method: flags.method as MethodName,
        historyDays: flags['history-days'],
        through: flags.through,
        workers: flags.workers,
        onProgress: (p) => {
          if (p.phase !== 'forecast') return
          progress ??= new ProgressLine('products', p.total, this.interactiveOutput)
          progress.update(p.done)
        },
      })
    } finally {
      client.destroy()
    }
    progress?.finish()
    for (const s of result.skipped) this.note(`skipped ${s.product_id}: ${s.reason}`)
    if (result.products_forecast === 0) {
      throw new NotFoundError(
        result.products_requested === 0 ? `no products found in the ${config.env} products or forecasting tables` : `none of the ${result.products_requested} product(s) has sales history in ${result.table}`,
        'import sales first with `omnix sales import <file.csv>`',
      )
    }
    if (!this.jsonEnabled()) {
      this.log(renderTable(forecastRows(result)))
      this.log(
        `\n${result.products_forecast} product(s) forecast ${result.horizon} days ahead: ${result.items_written} items written to ${result.table} (expire ${result.expires_at.slice(0, 10)})` +
          (result.items_removed > 0 ? `, ${result.items_removed} outdated items removed` : '') +
          (result.skipped.length > 0 ? `; ${result.skipped.length} skipped` : ''),
      )
      const overall = result.accuracy?.overall
      if (overall) {
        this.log(
          `backtest: mean MASE ${formatMetric(overall.mase)}, sMAPE ${formatMetric(overall.smape, 1)} %, 80 % interval coverage ${formatShare(overall.coverage['80'])}, 95 % ${formatShare(overall.coverage['95'])}`,
        )
      }
    }
    return result
  }

  private async runRemote(env: string, region: string, profile?: string): Promise<RemoteForecastResult> {
    const {flags} = this
    const {randomUUID} = await import('node:crypto')
    const {newJobMessage} = await import('../../sdk/forecast-jobs/messages.js')
    const {sendForecastJob} = await import('../../sdk/forecast-jobs/queue.js')
    const message = newJobMessage({
      jobId: randomUUID(),
      productIds: flags.all ? 'all' : (flags.product ?? []),
      horizonDays: flags.days,
      method: flags.method === 'auto' ? undefined : (flags.method as MethodName),
      requestedBy: 'omnix-cli',
    })
    // The queue is always the deployed one (AWS_ENDPOINT_URL_SQS still applies); the job status is data plane.
    const sent = await sendForecastJob({region, profile}, env, message)
    this.note(`queued forecast job ${message.job_id} on ${sent.queueUrl}`)
    const result: RemoteForecastResult = {
      env,
      remote: true,
      job_id: message.job_id,
      queue_url: sent.queueUrl,
      message_id: sent.messageId,
      product_ids: message.product_ids,
      horizon_days: message.horizon_days,
    }
    if (!flags.wait) {
      if (!this.jsonEnabled()) this.log(message.job_id)
      return result
    }
    const {resolveDataPlaneTarget} = await import('../../sdk/aws/target.js')
    const {dynamoClient} = await import('../../sdk/dynamodb/client.js')
    const {followJob} = await import('../../sdk/forecast-jobs/follow.js')
    const target = await resolveDataPlaneTarget({region, profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const client = await dynamoClient(target)
    let progress: ProgressLine | undefined
    let job: JobStatus
    try {
      job = await followJob(client, env, message.job_id, {
        intervalMs: flags['poll-interval'] * 1000,
        onUpdate: (update) => {
          progress ??= new ProgressLine('products', update.products_total, this.interactiveOutput)
          progress.update(update.products_done + update.products_failed)
        },
      })
    } finally {
      client.destroy()
    }
    progress?.finish()
    const final = {...result, job}
    if (!this.jsonEnabled()) this.log(renderJob(job))
    if (job.status === 'failed') {
      this.note(`forecast job ${job.job_id} failed: shard(s) ${job.failed_shards.join(', ')} of ${job.shards_total} failed`)
      if (this.jsonEnabled()) this.logJson(final)
      this.exit(1)
    }
    return final
  }
}
