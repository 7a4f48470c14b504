/**
 * Business metrics the handlers publish as CloudWatch embedded-metric-format log records
 * (no API call, no extra latency); the observability dashboard graphs the same names.
 */

export const BUSINESS_METRICS_NAMESPACE = 'OmnixAI/Business'

export const BUSINESS_METRICS = {
  salesRowsUploaded: 'SalesRowsUploaded',
  salesRowsRejected: 'SalesRowsRejected',
  forecastRequests: 'ForecastRequests',
  productsCreated: 'ProductsCreated',
  productsAtStockoutRisk: 'ProductsAtStockoutRisk',
} as const
export type BusinessMetric = keyof typeof BUSINESS_METRICS

/** Dimension every business metric carries. */
export const BUSINESS_METRIC_DIMENSION = 'Environment'

/** One embedded-metric-format record holding the given counts. */
export function businessMetricRecord(
  env: string,
  values: Partial<Record<BusinessMetric, number>>,
  now: Date = new Date(),
): Record<string, unknown> {
  const entries = Object.entries(values).filter((entry): entry is [BusinessMetric, number] => typeof entry[1] === 'number')
  const record: Record<string, unknown> = {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: BUSINESS_METRICS_NAMESPACE,
          Dimensions: [[BUSINESS_METRIC_DIMENSION]],
          Metrics: entries.map(([metric]) => ({Name: BUSINESS_METRICS[metric], Unit: 'Count'})),
        },
      ],
    },
    [BUSINESS_METRIC_DIMENSION]: env,
  }
  for (const [metric, value] of entries) record[BUSINESS_METRICS[metric]] = value
  return record
}
