import type {StoredMetrics} from './items.js'

/** Backtest metrics summed up over products: overall and per forecasting method. */

export interface ProductMetrics extends StoredMetrics {
  readonly product_id: string
  /** The model that produced the product's forecast, e.g. `ets(A,Ad,A)`. */
  readonly model: string
}

export interface MetricsSummary {
  /** Products with a backtest. */
  readonly products: number
  /** Means over those products (MAPE over the products where it is defined). */
  readonly mase: number | null
  readonly smape: number | null
  readonly mape: number | null
  readonly bias: number | null
  /** Share of backtest actuals inside each interval, pooled over all products' points. */
  readonly coverage: Record<string, number>
}

export interface MethodSummary extends MetricsSummary {
  /** Method family: the model name without its parameters (`ets`, `theta`, `croston`). */
  readonly method: string
}

export interface AccuracySummary {
  readonly overall: MetricsSummary
  readonly by_method: MethodSummary[]
}

/** `ets(A,Ad,M)` and `ets(M,N,M)` are one family. */
export function methodFamily(model: string): string {
  const cut = model.search(/[([\s]/)
  return (cut === -1 ? model : model.slice(0, cut)).toLowerCase() || 'unknown'
}

function round(x: number | null, digits = 4): number | null {
  if (x === null || !Number.isFinite(x)) return null
  const f = 10 ** digits
  return Math.round(x * f) / f
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  return finite.length === 0 ? null : finite.reduce((a, b) => a + b, 0) / finite.length
}

export function summarizeMetrics(rows: readonly ProductMetrics[]): MetricsSummary {
  const measured = rows.filter((r) => r.n > 0)
  const pooled = new Map<string, {inside: number; n: number}>()
  for (const r of measured) {
    for (const [level, share] of Object.entries(r.coverage)) {
      const p = pooled.get(level) ?? {inside: 0, n: 0}
      p.inside += share * r.n
      p.n += r.n
      pooled.set(level, p)
    }
  }
  const coverage: Record<string, number> = {}
  for (const [level, p] of [...pooled].sort((a, b) => Number(a[0]) - Number(b[0]))) if (p.n > 0) coverage[level] = round(p.inside / p.n) as number
  return {
    products: measured.length,
    mase: round(mean(measured.map((r) => r.mase))),
    smape: round(mean(measured.map((r) => r.smape))),
    mape: round(mean(measured.map((r) => r.mape))),
    bias: round(mean(measured.map((r) => r.bias))),
    coverage,
  }
}

export function summarizeAccuracy(rows: readonly ProductMetrics[]): AccuracySummary {
  const families = new Map<string, ProductMetrics[]>()
  for (const r of rows) {
    if (r.n === 0) continue
    const f = methodFamily(r.model)
    families.set(f, [...(families.get(f) ?? []), r])
  }
  const byMethod = [...families]
    .map(([method, group]) => ({method, ...summarizeMetrics(group)}))
    .sort((a, b) => b.products - a.products || a.method.localeCompare(b.method))
  return {overall: summarizeMetrics(rows), by_method: byMethod}
}
