/** Where a rolling-origin backtest cuts the history. */

export interface OriginPlan {
  /** Training lengths: forecasts are made from the end of y[0..origin). */
  origins: number[]
  /** Steps forecast from each origin (≤ the requested horizon). */
  h: number
}

/** Shortest training prefix worth forecasting from: two seasons where possible, half the data at most. */
export function minTrainLength(n: number, m: number): number {
  return Math.min(Math.max(8, 2 * m), Math.max(4, Math.floor(n / 2)))
}

/**
 * Up to `count` origins ending h steps before the end of the series, spaced h apart when the
 * history allows it and closer (overlapping windows) when it does not.
 */
export function planOrigins(n: number, h: number, m: number, count: number): OriginPlan {
  const minTrain = minTrainLength(n, m)
  if (h < 1 || count < 1) return {origins: [], h: 0}
  const hb = Math.min(h, n - minTrain)
  if (hb < 1) return {origins: [], h: 0}
  const room = n - minTrain - hb
  const k = Math.min(count, room + 1)
  const stride = k > 1 ? Math.max(1, Math.min(hb, Math.floor(room / (k - 1)))) : hb
  const origins: number[] = []
  for (let j = 0; j < k; j++) origins.push(n - hb - (k - 1 - j) * stride)
  return {origins, h: hb}
}
