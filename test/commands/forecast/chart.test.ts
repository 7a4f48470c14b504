import assert from 'node:assert/strict'

import {type ChartData, escapeHtml, renderHtmlChart, renderTerminalChart} from '../../../src/cli/chart.js'
import {dateRange} from '../../../src/sdk/forecast-store/dates.js'

function sample(historyDays: number, forecastDays: number): ChartData {
  const dates = dateRange('2024-01-01', historyDays + forecastDays)
  return {
    title: 'COF-001 <demo>',
    subtitle: 'model ets(A,N,A)',
    history: dates.slice(0, historyDays).map((date, i) => ({date, value: 10 + (i % 7)})),
    forecast: dates.slice(historyDays).map((date) => ({date, mean: 12, bands: {80: [9, 15] as const, 95: [6, 18] as const}})),
  }
}

describe('forecast chart', () => {
  it('draws history, forecast, both bands, the axis and the dates in the terminal, within the width', () => {
    const text = renderTerminalChart(sample(40, 20), {width: 80, height: 10})
    const lines = text.split('\n')
    assert.equal(lines[0], 'COF-001 <demo>')
    for (const glyph of ['•', '━', '▒', '░', '┊']) assert.ok(text.includes(glyph), `missing ${glyph}`)
    assert.ok(text.includes('2024-01-01') && text.includes('2024-02-10') && text.includes('2024-02-29'))
    assert.match(lines.at(-1) as string, /history .* forecast .* 80 % .* 95 %/)
    assert.match(lines.at(-2) as string, /^ +2024-01-01 +2024-02-10 +2024-02-29$/)
    // One column per day: 60 days fit in 80 characters.
    assert.ok(!text.includes('averaged'))
    assert.ok(lines.every((l) => [...l].length <= 80), 'a line is wider than asked')
    assert.ok(!text.includes('\u001B['), 'colour codes without color')
  })

  it('averages several days per column when the span is wider than the chart', () => {
    const text = renderTerminalChart(sample(365, 30), {width: 80})
    assert.match(text, /1 column = 6 days, averaged/)
    assert.ok(text.split('\n').every((l) => [...l].length <= 80))
  })

  it('colours with ANSI codes only when asked', () => {
    assert.ok(renderTerminalChart(sample(10, 5), {color: true}).includes('\u001B[33m'))
  })

  it('writes a self-contained page: inline SVG, escaped text, no script or external resource', () => {
    const html = renderHtmlChart(sample(60, 30), [['model', 'ets & <theta>']])
    assert.match(html, /^<!doctype html>/)
    assert.match(html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>/)
    assert.equal((html.match(/<polygon /g) ?? []).length, 2)
    assert.equal((html.match(/<polyline /g) ?? []).length, 2)
    assert.ok(html.includes('COF-001 &lt;demo&gt;') && html.includes('ets &amp; &lt;theta&gt;'))
    assert.ok(!/<script|src=|href=|@import|url\(/i.test(html))
    assert.equal(escapeHtml(`"'`), '&quot;&#39;')
  })
})
