import {Args, Flags} from '@oclif/core'
import {writeFile} from 'node:fs/promises'
import {resolve} from 'node:path'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {type ChartData, renderHtmlChart, renderTerminalChart} from '../../cli/chart.js'
import type {ForecastView} from '../../sdk/forecast-store/views.js'

export function chartData(view: ForecastView): ChartData {
  const accuracy = view.model_accuracy === null ? '' : `, accuracy ${view.model_accuracy.toFixed(1)} %`
  return {
    title: `${view.product_id}: daily demand, history and forecast`,
    subtitle: `model ${view.model}${accuracy}, forecast made ${view.created_at}`,
    history: view.history.map((h) => ({date: h.date, value: h.quantity})),
    forecast: view.forecast.map((f) => ({
      date: f.date,
      mean: f.predicted_demand,
      bands: Object.fromEntries(f.intervals.map((iv) => [iv.level, [iv.lower, iv.upper] as const])),
    })),
  }
}

export default class ForecastShow extends OmnixCommand<typeof ForecastShow> {
  static summary = "Show a product's sales history and stored forecast as a chart."
  static description = `Draws the last --history-days days of sales (days without a record as zero) and the latest stored forecast with its 80 % and 95 % intervals as a text chart on stdout (long spans are averaged a few days per column).
--html writes the same chart as a self-contained web page (inline SVG, no scripts, nothing loaded from the network) that any browser opens offline.
The forecast must exist: run \`omnix forecast run\` first.`
  static examples = [
    {description: 'Chart a product on the local engine.', command: '<%= config.bin %> <%= command.id %> COF-001 --local'},
    {description: 'Write a web page with the chart.', command: '<%= config.bin %> <%= command.id %> COF-001 --local --html cof-001.html'},
    {description: 'History and forecast as JSON.', command: '<%= config.bin %> <%= command.id %> COF-001 --local --json'},
  ]
  static args = {
    id: Args.string({description: 'Product id.', required: true}),
  }
  static flags = {
    ...dataPlaneFlags,
    html: Flags.string({summary: 'Also write the chart as a self-contained HTML page to this path.'}),
    'history-days': Flags.integer({summary: 'Days of history to show.', default: 120, min: 1}),
    width: Flags.integer({summary: 'Chart width in characters (default: the terminal width, at most 120).', min: 40}),
  }

  async run(): Promise<ForecastView & {html: string | null}> {
    const config = await this.omnixConfig()
    const {flags} = this
    const {resolveDataPlaneTarget} = await import('../../sdk/aws/target.js')
    const {dynamoClient} = await import('../../sdk/dynamodb/client.js')
    const {forecastView} = await import('../../sdk/forecast-store/views.js')
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const client = await dynamoClient(target)
    let view: ForecastView
    try {
      view = await forecastView(client, {env: config.env, productId: this.args.id, historyDays: flags['history-days']})
    } finally {
      client.destroy()
    }
    const data = chartData(view)
    let html: string | null = null
    if (flags.html) {
      html = resolve(flags.html)
      const first = view.forecast[0]
      const last = view.forecast.at(-1)
      const total = view.forecast.reduce((s, f) => s + f.predicted_demand, 0)
      await writeFile(
        html,
        renderHtmlChart(data, [
          ['product', view.product_id],
          ['model', view.model],
          ['model accuracy', view.model_accuracy === null ? 'not measured' : `${view.model_accuracy.toFixed(1)} %`],
          ['forecast', `${first?.date} to ${last?.date}, ${total.toFixed(1)} units in total`],
          ['forecast made', view.created_at],
        ]),
      )
      this.note(`chart page written to ${html}`)
    }
    if (!this.jsonEnabled()) {
      const width = flags.width ?? Math.min(120, process.stdout.columns || 80)
      this.log(renderTerminalChart(data, {width, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR}))
    }
    return {...view, html}
  }
}
