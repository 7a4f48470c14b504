import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'

/** One CloudWatch series: a metric with an exact dimension set. */
export interface MetricSeries {
  readonly metricName: string
  readonly dimensions: ReadonlyArray<{readonly name: string; readonly value: string}>
}

export interface SeriesTotal {
  readonly sum: number
  /** Latest day (YYYY-MM-DD) with a non-zero value. */
  readonly lastActiveDay: string | null
}

/** GetMetricData accepts at most 500 queries per request. */
const MAX_QUERIES = 500
const DAY_SECONDS = 86_400

/** Stable identity of a series, to de-duplicate and look results up. */
export function seriesKey(series: MetricSeries): string {
  return [series.metricName, ...series.dimensions.map((d) => `${d.name}=${d.value}`)].join('|')
}

/**
 * Sums each series over [start, end) from daily `Sum` data points (AWS/ApiGateway). Series with
 * no data points sum to 0.
 */
export async function sumSeries(
  client: CloudWatchClient,
  series: readonly MetricSeries[],
  start: Date,
  end: Date,
): Promise<Map<string, SeriesTotal>> {
  const {GetMetricDataCommand} = await import('@aws-sdk/client-cloudwatch')
  const unique = new Map<string, MetricSeries>()
  for (const s of series) unique.set(seriesKey(s), s)
  const keys = [...unique.keys()]
  const totals = new Map<string, SeriesTotal>()
  for (let offset = 0; offset < keys.length; offset += MAX_QUERIES) {
    const batch = keys.slice(offset, offset + MAX_QUERIES)
    const sums = new Map<string, {sum: number; last: number | null}>()
    let NextToken: string | undefined
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          StartTime: start,
          EndTime: end,
          NextToken,
          MetricDataQueries: batch.map((key, i) => {
            const s = unique.get(key)!
            return {
              Id: `m${i}`,
              ReturnData: true,
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/ApiGateway',
                  MetricName: s.metricName,
                  Dimensions: s.dimensions.map((d) => ({Name: d.name, Value: d.value})),
                },
                Period: DAY_SECONDS,
                Stat: 'Sum',
              },
            }
          }),
        }),
      )
      for (const result of page.MetricDataResults ?? []) {
        const index = Number(result.Id?.slice(1))
        const key = batch[index]
        if (key === undefined) continue
        const acc = sums.get(key) ?? {sum: 0, last: null}
        const values = result.Values ?? []
        const stamps = result.Timestamps ?? []
        values.forEach((value, i) => {
          acc.sum += value
          const at = stamps[i]?.getTime()
          if (value > 0 && at !== undefined && (acc.last === null || at > acc.last)) acc.last = at
        })
        sums.set(key, acc)
      }
      NextToken = page.NextToken
    } while (NextToken)
    for (const key of batch) {
      const acc = sums.get(key)
      totals.set(key, {
        sum: acc?.sum ?? 0,
        lastActiveDay: acc?.last == null ? null : new Date(acc.last).toISOString().slice(0, 10),
      })
    }
  }
  return totals
}
