import type {AttributeValue} from '@aws-sdk/client-dynamodb'

import {FORECASTING_KEYS, tableDefinition} from '../catalog/tables.js'
import {UsageError} from '../errors.js'

/** The columns of a sales CSV, in the documented order. */
export const SALES_COLUMNS = ['product_id', 'date', 'quantity_sold', 'revenue', 'price'] as const
export type SalesColumn = (typeof SALES_COLUMNS)[number]

export interface SalesRow {
  readonly productId: string
  /** yyyy-mm-dd */
  readonly date: string
  /** Canonical decimal strings (no leading/trailing zeros), as stored. */
  readonly quantitySold: string
  readonly revenue: string
  readonly price: string
}

/** Where each column sits in the file (the header may order them freely). */
export type ColumnOrder = Readonly<Record<SalesColumn, number>>

const MAX_PRODUCT_ID_BYTES = 1024
/** DynamoDB numbers keep 38 significant digits. */
const MAX_SIGNIFICANT_DIGITS = 38
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * Reads the header: the five column names, in any order, case and surrounding spaces ignored.
 * Anything else is a usage error naming what is wrong, raised before a single row is written.
 */
export function parseHeader(fields: readonly string[], line: number): ColumnOrder {
  const expected = SALES_COLUMNS.join(',')
  const names = fields.map((f) => f.trim().toLowerCase())
  const known = new Set<string>(SALES_COLUMNS)
  if (!names.some((n) => known.has(n))) {
    const looksLikeData = fields.some((f) => /^\d{4}-\d{2}-\d{2}$/.test(f.trim()))
    throw new UsageError(
      looksLikeData
        ? `line ${line}: the file has no header (this line looks like data); the first line must be "${expected}"`
        : `line ${line}: "${fields.join(',')}" is not the sales header; the first line must be "${expected}"`,
      {code: 'BAD_HEADER', suggestion: `add the header line "${expected}"`},
    )
  }
  const problems: string[] = []
  const unknown = names.filter((n) => !known.has(n))
  if (unknown.length > 0) problems.push(`unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}`)
  const missing = SALES_COLUMNS.filter((c) => !names.includes(c))
  if (missing.length > 0) problems.push(`missing column(s) ${missing.join(', ')}`)
  const repeated = SALES_COLUMNS.filter((c) => names.indexOf(c) !== names.lastIndexOf(c))
  if (repeated.length > 0) problems.push(`repeated column(s) ${repeated.join(', ')}`)
  if (problems.length > 0) {
    throw new UsageError(`line ${line}: wrong header: ${problems.join('; ')}`, {code: 'BAD_HEADER', suggestion: `the header must be "${expected}"`})
  }
  return Object.fromEntries(SALES_COLUMNS.map((c) => [c, names.indexOf(c)])) as ColumnOrder
}

export type RowResult = {readonly ok: true; readonly row: SalesRow} | {readonly ok: false; readonly reason: string}

/** Validates one data record; every problem of the row is named, separated by "; ". */
export function parseSalesRow(fields: readonly string[], columns: ColumnOrder): RowResult {
  if (fields.length !== SALES_COLUMNS.length) {
    return {ok: false, reason: `expected ${SALES_COLUMNS.length} fields, found ${fields.length}`}
  }
  const problems: string[] = []
  const productId = fields[columns.product_id].trim()
  if (productId === '') problems.push('product_id is empty')
  else if (Buffer.byteLength(productId) > MAX_PRODUCT_ID_BYTES) problems.push(`product_id is longer than ${MAX_PRODUCT_ID_BYTES} bytes`)
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(productId)) problems.push('product_id contains a control character')
  const date = fields[columns.date].trim()
  const dateProblem = checkIsoDate(date)
  if (dateProblem) problems.push(dateProblem)
  const numbers = (['quantity_sold', 'revenue', 'price'] as const).map((column) => {
    const parsed = parseDecimal(fields[columns[column]], column)
    if ('problem' in parsed) problems.push(parsed.problem)
    return 'value' in parsed ? parsed.value : ''
  })
  if (problems.length > 0) return {ok: false, reason: problems.join('; ')}
  return {ok: true, row: {productId, date, quantitySold: numbers[0], revenue: numbers[1], price: numbers[2]}}
}

/** Undefined when `text` is a real calendar date written yyyy-mm-dd; else what is wrong with it. */
export function checkIsoDate(text: string): string | undefined {
  if (text === '') return 'date is empty'
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return `date "${text}" is not an ISO date (expected yyyy-mm-dd, e.g. 2024-03-31)`
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (year < 1) return `date "${text}" has year 0000`
  if (month < 1 || month > 12) return `date "${text}" has month ${match[2]} (months are 01-12)`
  const days = daysInMonth(year, month)
  if (day < 1 || day > days) return `date "${text}" does not exist (${MONTHS[month - 1]} ${year} has ${days} days)`
  return undefined
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/**
 * A non-negative plain decimal ("12", "3.50", ".5"), returned in canonical form ("3.5", "0.5")
 * so that the stored item is the same whatever zeros the file carried.
 */
export function parseDecimal(input: string, column: string): {value: string} | {problem: string} {
  const text = input.trim()
  if (text === '') return {problem: `${column} is empty`}
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return {problem: `${column} "${text}" is not a number (expected a plain decimal such as 12 or 3.50)`}
  }
  const intPart = match[2].replace(/^0+/, '')
  const fracPart = (match[3] ?? '').replace(/0+$/, '')
  const isZero = intPart === '' && fracPart === ''
  if (match[1] === '-' && !isZero) return {problem: `${column} "${text}" is negative`}
  const significant = (intPart + fracPart).replace(/^0+/, '').length
  if (significant > MAX_SIGNIFICANT_DIGITS || fracPart.length > MAX_SIGNIFICANT_DIGITS) {
    return {problem: `${column} "${text}" has more than ${MAX_SIGNIFICANT_DIGITS} significant digits`}
  }
  return {value: `${intPart || '0'}${fracPart ? `.${fracPart}` : ''}`}
}

/**
 * The forecasting-table item of a sales row: a pure function of the row (no import time, no
 * source file), so importing the same data again writes identical items and changes nothing.
 */
export function salesItem(row: SalesRow): Record<string, AttributeValue> {
  return {
    PK: {S: FORECASTING_KEYS.salesPk(row.productId)},
    SK: {S: FORECASTING_KEYS.dateSk(row.date)},
    product_id: {S: row.productId},
    date: {S: row.date},
    quantity_sold: {N: row.quantitySold},
    revenue: {N: row.revenue},
    price: {N: row.price},
  }
}

/** Key attributes of the forecasting table (from the catalog), for the batch writer. */
export function forecastingKeyAttributes(): string[] {
  const def = tableDefinition('forecasting')
  return [def.partitionKey.name, ...(def.sortKey ? [def.sortKey.name] : [])]
}
