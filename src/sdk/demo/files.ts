import {createWriteStream} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import {dirname} from 'node:path'
import {once} from 'node:events'

import {addDays} from '../forecast-store/dates.js'
import {type DemoData, priceOn} from './generator.js'

export const SALES_CSV_HEADER = 'product_id,date,quantity_sold,revenue,price'

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * CSV lines of the demo history in the sales import's format: one per product and day with
 * sales, as point-of-sale exports list them (days without sales are absent; forecasting counts
 * them as zero).
 */
export function* demoSalesLines(data: DemoData): Generator<string> {
  yield SALES_CSV_HEADER
  const byId = new Map(data.products.map((p) => [p.id, p]))
  for (const history of data.histories) {
    const product = byId.get(history.productId)
    if (!product) continue
    for (let i = 0; i < history.quantities.length; i++) {
      const date = addDays(history.start, i)
      const quantity = history.quantities[i]
      if (quantity === 0) continue
      const price = priceOn(product, date, data.end)
      yield `${csvField(product.id)},${date},${quantity},${(Math.round(quantity * price * 100) / 100).toFixed(2)},${price.toFixed(2)}`
    }
  }
}

/** Writes the demo history as a sales CSV (streamed, honouring back-pressure); returns the data rows written. */
export async function writeDemoSalesCsv(data: DemoData, path: string): Promise<number> {
  await mkdir(dirname(path), {recursive: true})
  const out = createWriteStream(path)
  const failed = once(out, 'error').then(([error]) => {
    throw error
  })
  // Raced below while writing; marked handled so an error after the last await is not unhandled.
  failed.catch(() => {})
  let rows = -1
  let chunk: string[] = []
  const drain = async (): Promise<void> => {
    const text = `${chunk.join('\n')}\n`
    chunk = []
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed])
  }
  for (const line of demoSalesLines(data)) {
    chunk.push(line)
    rows++
    if (chunk.length >= 2000) await drain()
  }
  if (chunk.length > 0) await drain()
  out.end()
  await Promise.race([once(out, 'finish'), failed])
  return rows
}
