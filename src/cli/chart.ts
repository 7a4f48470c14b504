/**
 * Charts of a demand forecast: history, forecast mean and its 80 % / 95 % bands. Two renderings
 * of the same picture: plain text for the terminal (ANSI colours optional) and a self-contained
 * HTML page with an inline SVG (no scripts, no external resources).
 */

export interface ChartPoint {
  readonly date: string
  readonly value: number
}

export interface ChartForecastPoint {
  readonly date: string
  readonly mean: number
  /** Bounds by level, e.g. {80: [lo, hi], 95: [lo, hi]}. */
  readonly bands: Readonly<Record<number, readonly [number, number]>>
}

export interface ChartData {
  readonly title: string
  readonly subtitle?: string
  readonly history: readonly ChartPoint[]
  readonly forecast: readonly ChartForecastPoint[]
}

export interface TerminalChartOptions {
  /** Total width in characters (default 80). */
  readonly width?: number
  /** Plot rows (default 14). */
  readonly height?: number
  readonly color?: boolean
}

const GLYPH = {history: '•', forecast: '━', inner: '▒', outer: '░', divider: '┊'}
const ANSI = {history: '\u001B[36m', forecast: '\u001B[33m', band: '\u001B[2;33m', reset: '\u001B[0m'}

interface Column {
  kind: 'history' | 'forecast'
  value: number
  inner?: readonly [number, number]
  outer?: readonly [number, number]
  date: string
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length
}

function levels(data: ChartData): {inner?: number; outer?: number} {
  const all = [...new Set(data.forecast.flatMap((f) => Object.keys(f.bands).map(Number)))].sort((a, b) => a - b)
  return {inner: all.length > 1 ? all[0] : undefined, outer: all.at(-1)}
}

/** Groups consecutive days into columns of `size` days (averaged), aligned so the forecast starts on a column. */
function columns(data: ChartData, size: number): Column[] {
  const {inner, outer} = levels(data)
  const out: Column[] = []
  const history = data.history
  const firstHistory = history.length % size
  if (firstHistory > 0) out.push({kind: 'history', value: mean(history.slice(0, firstHistory).map((p) => p.value)), date: history[0].date})
  for (let i = firstHistory; i < history.length; i += size) {
    const group = history.slice(i, i + size)
    out.push({kind: 'history', value: mean(group.map((p) => p.value)), date: group[0].date})
  }
  for (let i = 0; i < data.forecast.length; i += size) {
    const group = data.forecast.slice(i, i + size)
    const band = (level: number | undefined): readonly [number, number] | undefined =>
      level === undefined || group.some((g) => !g.bands[level]) ? undefined : [mean(group.map((g) => g.bands[level][0])), mean(group.map((g) => g.bands[level][1]))]
    out.push({kind: 'forecast', value: mean(group.map((g) => g.mean)), inner: band(inner), outer: band(outer), date: group[0].date})
  }
  return out
}

export function formatAxisNumber(x: number): string {
  if (Math.abs(x) >= 10_000) return `${Math.round(x / 1000)}k`
  if (Math.abs(x) >= 100) return String(Math.round(x))
  if (Math.abs(x) >= 10) return x.toFixed(1).replace(/\.0$/, '')
  return x.toFixed(2).replace(/\.?0+$/, '') || '0'
}

/** The chart as text lines: y axis on the left, one column per day (or per few days when long). */
export function renderTerminalChart(data: ChartData, options: TerminalChartOptions = {}): string {
  const width = Math.max(30, options.width ?? 80)
  const height = Math.max(5, options.height ?? 14)
  const paint = (text: string, colour: keyof typeof ANSI) => (options.color ? `${ANSI[colour]}${text}${ANSI.reset}` : text)
  const axisWidth = 8
  const plotWidth = width - axisWidth - 2
  const days = data.history.length + data.forecast.length
  if (days === 0) return `${data.title}\n(no data)`
  const size = Math.max(1, Math.ceil(days / plotWidth))
  const cols = columns(data, size)
  const top = Math.max(1e-9, ...cols.map((c) => Math.max(c.value, c.outer?.[1] ?? 0, c.inner?.[1] ?? 0))) * 1.05
  const rowOf = (v: number) => Math.min(height - 1, Math.max(0, Math.round((1 - v / top) * (height - 1))))
  const grid: {glyph: string; colour?: keyof typeof ANSI}[][] = Array.from({length: height}, () => cols.map(() => ({glyph: ' '})))
  const dividerAt = cols.findIndex((c) => c.kind === 'forecast')
  cols.forEach((c, x) => {
    if (x === dividerAt && dividerAt > 0) for (let y = 0; y < height; y++) grid[y][x] = {glyph: GLYPH.divider}
    for (const [band, glyph] of [
      [c.outer, GLYPH.outer],
      [c.inner, GLYPH.inner],
    ] as const) {
      if (!band) continue
      for (let y = rowOf(band[1]); y <= rowOf(band[0]); y++) grid[y][x] = {glyph, colour: 'band'}
    }
    grid[rowOf(c.value)][x] = c.kind === 'history' ? {glyph: GLYPH.history, colour: 'history'} : {glyph: GLYPH.forecast, colour: 'forecast'}
  })
  const lines: string[] = [data.title]
  if (data.subtitle) lines.push(data.subtitle)
  for (let y = 0; y < height; y++) {
    const label = y === 0 || y === height - 1 || y === Math.floor((height - 1) / 2) ? formatAxisNumber(top * (1 - y / (height - 1))) : ''
    const cells = grid[y].map((cell) => (cell.colour ? paint(cell.glyph, cell.colour) : cell.glyph)).join('')
    lines.push(`${label.padStart(axisWidth)} ┤${cells}`)
  }
  lines.push(`${' '.repeat(axisWidth)} └${'─'.repeat(cols.length)}`)
  const axis = Array.from({length: cols.length + 2}, () => ' ')
  const place = (at: number, text: string) => {
    const start = Math.max(0, Math.min(at, axis.length - text.length))
    for (let i = 0; i < text.length; i++) axis[start + i] = text[i]
  }
  place(0, cols[0].date)
  place(cols.length + 2 - 10, (data.forecast.at(-1) ?? data.history.at(-1))?.date ?? '')
  if (dividerAt > 0) place(Math.max(11, Math.min(dividerAt - 5, cols.length - 21)), cols[dividerAt].date)
  lines.push(`${' '.repeat(axisWidth)}  ${axis.join('').trimEnd()}`)
  const {inner, outer} = levels(data)
  const legend = [`${paint(GLYPH.history, 'history')} history`, `${paint(GLYPH.forecast, 'forecast')} forecast`]
  if (inner !== undefined) legend.push(`${paint(GLYPH.inner, 'band')} ${inner} %`)
  if (outer !== undefined) legend.push(`${paint(GLYPH.outer, 'band')} ${outer} %`)
  lines.push(`${' '.repeat(axisWidth)}  ${legend.join('   ')}`)
  if (size > 1) lines.push(`${' '.repeat(axisWidth)}  (1 column = ${size} days, averaged)`)
  return lines.join('\n')
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c] as string)
}

/** A self-contained HTML page holding the chart as an inline SVG. */
export function renderHtmlChart(data: ChartData, details: ReadonlyArray<readonly [string, string]> = []): string {
  const W = 960
  const H = 400
  const m = {left: 60, right: 20, top: 20, bottom: 40}
  const pw = W - m.left - m.right
  const ph = H - m.top - m.bottom
  const n = data.history.length + data.forecast.length
  const {inner, outer} = levels(data)
  const top =
    Math.max(1e-9, ...data.history.map((p) => p.value), ...data.forecast.flatMap((f) => [f.mean, ...Object.values(f.bands).map((b) => b[1])])) * 1.05
  const x = (i: number) => m.left + (n <= 1 ? pw / 2 : (i / (n - 1)) * pw)
  const y = (v: number) => m.top + (1 - v / top) * ph
  const pt = (i: number, v: number) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`
  const h0 = data.history.length
  const bandPolygon = (level: number | undefined, fill: string) => {
    if (level === undefined) return ''
    const points = data.forecast.filter((f) => f.bands[level])
    if (points.length === 0) return ''
    const upper = data.forecast.map((f, i) => (f.bands[level] ? pt(h0 + i, f.bands[level][1]) : '')).filter(Boolean)
    const lower = data.forecast.map((f, i) => (f.bands[level] ? pt(h0 + i, f.bands[level][0]) : '')).filter(Boolean).reverse()
    return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${fill}" stroke="none"><title>${level} % interval</title></polygon>`
  }
  const yTicks = Array.from({length: 5}, (_, k) => (top / 1.05) * (k / 4))
  const dates = [...data.history.map((p) => p.date), ...data.forecast.map((f) => f.date)]
  const xTickCount = Math.min(6, dates.length)
  const xTicks = Array.from({length: xTickCount}, (_, k) => Math.round((k / Math.max(1, xTickCount - 1)) * (dates.length - 1)))
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(data.title)}">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    ...yTicks.map(
      (v) =>
        `<line x1="${m.left}" x2="${W - m.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/><text x="${m.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#4b5563">${escapeHtml(formatAxisNumber(v))}</text>`,
    ),
    ...xTicks.map(
      (i) => `<text x="${x(i).toFixed(1)}" y="${H - m.bottom + 18}" text-anchor="middle" font-size="11" fill="#4b5563">${escapeHtml(dates[i])}</text>`,
    ),
    bandPolygon(outer, '#fde68a'),
    bandPolygon(inner, '#fbbf24'),
    data.history.length > 0
      ? `<polyline points="${data.history.map((p, i) => pt(i, p.value)).join(' ')}" fill="none" stroke="#0e7490" stroke-width="1.5"><title>history</title></polyline>`
      : '',
    data.forecast.length > 0
      ? `<polyline points="${data.forecast.map((f, i) => pt(h0 + i, f.mean)).join(' ')}" fill="none" stroke="#b45309" stroke-width="2"><title>forecast</title></polyline>`
      : '',
    h0 > 0 && data.forecast.length > 0
      ? `<line x1="${x(h0 - 0.5).toFixed(1)}" x2="${x(h0 - 0.5).toFixed(1)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#6b7280" stroke-dasharray="4 3"/>`
      : '',
    `<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#374151"/>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#374151"/>`,
    '</svg>',
  ]
    .filter(Boolean)
    .join('\n')
  const legend = [
    '<span><i style="background:#0e7490"></i>history</span>',
    '<span><i style="background:#b45309"></i>forecast</span>',
    inner === undefined ? '' : `<span><i style="background:#fbbf24"></i>${inner} % interval</span>`,
    outer === undefined ? '' : `<span><i style="background:#fde68a"></i>${outer} % interval</span>`,
  ].join('')
  const rows = details.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#111827}
h1{font-size:20px;margin:0 0 4px}p{margin:0 0 12px;color:#4b5563}
.legend span{margin-right:16px;font-size:13px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
svg{max-width:100%;height:auto}table{border-collapse:collapse;margin-top:12px;font-size:13px}
th{text-align:left;padding:2px 12px 2px 0;color:#4b5563;font-weight:500}td{padding:2px 0}
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
${data.subtitle ? `<p>${escapeHtml(data.subtitle)}</p>` : ''}
<div class="legend">${legend}</div>
${svg}
${rows ? `<table>${rows}</table>` : ''}
</body>
</html>
`
}
