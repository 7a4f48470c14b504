import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import {pipeline, type Readable} from 'node:stream'

import type {AwsTarget} from '../aws/target.js'
import {BatchWriter, type BatchWriterOptions} from '../dynamodb/batch-writer.js'
import {dynamoClient, isAwsError, isConnectionRefused} from '../dynamodb/client.js'
import {NotFoundError, OmnixError, UsageError} from '../errors.js'
import {DuplicateTracker} from './duplicate-tracker.js'
import {RecordSplitter} from './record-splitter.js'
import {RejectsFile} from './rejects-file.js'
import {type ColumnOrder, forecastingKeyAttributes, parseHeader, parseSalesRow, SALES_COLUMNS, salesItem} from './sales-row.js'

/** Rejects file used when the CSV comes from stdin. */
export const STDIN_REJECTS_FILE = 'sales-import.rejects.csv'

export interface SalesImportProgress {
  readonly rowsRead: number
  readonly rejected: number
  readonly duplicates: number
}

export interface SalesDuplicate {
  /** Line of the row that replaced an earlier row of the file. */
  readonly line: number
  readonly productId: string
  readonly date: string
}

export interface SalesImportOptions {
  /** CSV path, or '-' for standard input. */
  readonly file: string
  /** Stream read when file is '-' (default process.stdin). */
  readonly stdin?: Readable
  /** Forecasting table to write to (tableName(env, 'forecasting')). */
  readonly tableName: string
  /** Client to use; built from `target` when absent (and then destroyed at the end). */
  readonly client?: DynamoDBClient
  readonly target?: AwsTarget
  /** Rejects file path (default `<file>.rejects.csv`, or sales-import.rejects.csv in cwd for stdin). */
  readonly rejectsPath?: string
  /** Validate only: rows are checked and rejects written, nothing goes to the table. */
  readonly dryRun?: boolean
  /**
   * BatchWriteItem calls in flight (default DEFAULT_IMPORT_CONCURRENCY). Enough to keep the
   * engine busy while one call waits on its file sync; the per-key order guard keeps it correct.
   */
  readonly concurrency?: number
  /** Retry tuning and test hooks for the batch writer. */
  readonly writer?: Partial<Pick<BatchWriterOptions, 'sleep' | 'random' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'onRetry'>>
  readonly cwd?: string
  /** Memory the duplicate tracker may use (default 64 MiB). */
  readonly duplicateBudgetBytes?: number
  readonly onProgress?: (progress: SalesImportProgress) => void
  readonly onDuplicate?: (duplicate: SalesDuplicate) => void
  readonly onWarning?: (message: string) => void
}

export interface SalesImportResult {
  /** The input path as given ('-' for stdin). */
  readonly file: string
  readonly table: string
  /** Data records read (header and blank lines not counted). */
  readonly rowsRead: number
  /** Distinct items written (rowsRead - rejected - duplicates); with dryRun, that would be written. */
  readonly written: number
  readonly rejected: number
  /** Rows that replaced an earlier row of the file with the same product_id and date (the last one wins). */
  readonly duplicates: number
  /** Path of the rejects file, null when nothing was rejected. */
  readonly rejectsFile: string | null
  readonly durationMs: number
  readonly dryRun: boolean
}

const PROGRESS_EVERY = 1000

/** Calls in flight by default: what it takes to reach the engine's write ceiling (bench:import). */
export const DEFAULT_IMPORT_CONCURRENCY = 32

/**
 * Imports a sales CSV (`product_id,date,quantity_sold,revenue,price`) into the forecasting table
 * as `SALES#<product_id>` / `DATE#<date>` items, streaming: memory stays flat whatever the file
 * size (a few batches in flight, a bounded duplicate tracker, rejects written as they come).
 *
 * A bad header is a usage error raised before anything is written. A bad row is rejected, with
 * its line number and every problem it has, into the rejects file; the good rows are written.
 * Two rows for the same product and date: the later row wins and is counted as a duplicate.
 * Items are a pure function of their row, so importing the same file again changes nothing.
 */
export async function importSales(options: SalesImportOptions): Promise<SalesImportResult> {
  const started = Date.now()
  const cwd = options.cwd ?? process.cwd()
  const fromStdin = options.file === '-'
  if (!fromStdin) await checkInputFile(options.file)
  const rejectsPath = resolve(cwd, options.rejectsPath ?? (fromStdin ? STDIN_REJECTS_FILE : `${options.file}.rejects.csv`))
  if (!fromStdin && rejectsPath === resolve(cwd, options.file)) {
    throw new UsageError(`--rejects: ${options.rejectsPath} is the input file itself`, {suggestion: 'choose another path for the rejects file'})
  }

  const dryRun = options.dryRun ?? false
  const ownClient = !options.client && !dryRun
  const client = options.client ?? (dryRun ? undefined : await dynamoClient(requireTarget(options.target)))
  try {
    if (client) await checkTable(client, options.tableName, options.target)
    const writer = client
      ? new BatchWriter(client, {tableName: options.tableName, keyAttributes: forecastingKeyAttributes(), concurrency: options.concurrency ?? DEFAULT_IMPORT_CONCURRENCY, ...options.writer})
      : undefined
    const rejects = new RejectsFile(rejectsPath)
    const tracker = new DuplicateTracker(options.duplicateBudgetBytes)
    const counts = {rowsRead: 0, rejected: 0, duplicates: 0}
    const progress = () => options.onProgress?.({...counts})
    const source = fromStdin ? (options.stdin ?? process.stdin) : createReadStream(options.file, {highWaterMark: 256 * 1024})
    const splitter = new RecordSplitter()
    const {parse} = await import('csv-parse')
    const parser = parse({record_delimiter: '\n', relax_column_count: true, skip_empty_lines: false, max_record_size: 1024 * 1024})
    const records = pipeline(source, splitter, parser, () => {})
    let columns: ColumnOrder | undefined
    let warnedOverflow = false
    let completed = false
    try {
      for await (const fields of records as AsyncIterable<string[]>) {
        const info = splitter.nextRecord()
        if (!info) throw new OmnixError('internal error: the CSV parser and the record splitter disagree', {code: 'CSV_OUT_OF_STEP'})
        if (!columns) {
          if (info.malformed) {
            throw new UsageError(`line ${info.line}: the header cannot be read: ${info.malformed}`, {code: 'BAD_HEADER', suggestion: `the first line must be "${SALES_COLUMNS.join(',')}"`})
          }
          columns = parseHeader(fields, info.line)
          continue
        }
        counts.rowsRead++
        const parsed = info.malformed ? {ok: false as const, reason: info.malformed} : parseSalesRow(fields, columns)
        if (!parsed.ok) {
          counts.rejected++
          await rejects.add(info.line, parsed.reason, info.raw)
        } else {
          const {row} = parsed
          const seenBefore = tracker.seen(row.productId, row.date)
          if (seenBefore === undefined && !warnedOverflow) {
            warnedOverflow = true
            options.onWarning?.(
              `line ${info.line}: too many distinct products and dates to track every duplicate; from here on only duplicates close together are counted (the last row still wins in the table)`,
            )
          }
          const replaced = writer ? (await writer.put(salesItem(row))) === 'replaced' : false
          if (seenBefore === true || replaced) {
            counts.duplicates++
            options.onDuplicate?.({line: info.line, productId: row.productId, date: row.date})
          }
        }
        if (counts.rowsRead % PROGRESS_EVERY === 0) progress()
      }
      if (!columns) {
        throw new UsageError(`${fromStdin ? 'standard input' : options.file} is empty; the first line must be the header "${SALES_COLUMNS.join(',')}"`, {code: 'BAD_HEADER'})
      }
      await writer?.flush()
      completed = true
    } finally {
      await rejects.close({removeStale: completed})
      if (!source.destroyed && source !== process.stdin) source.destroy()
    }
    progress()
    return {
      file: options.file,
      table: options.tableName,
      rowsRead: counts.rowsRead,
      written: counts.rowsRead - counts.rejected - counts.duplicates,
      rejected: counts.rejected,
      duplicates: counts.duplicates,
      rejectsFile: rejects.count > 0 ? rejectsPath : null,
      durationMs: Date.now() - started,
      dryRun,
    }
  } catch (error) {
    throw translateError(error, options)
  } finally {
    if (ownClient) client?.destroy()
  }
}

async function checkInputFile(file: string): Promise<void> {
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw new UsageError(`${file} is a directory, not a CSV file`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code})`, {
      code: 'BAD_INPUT',
      suggestion: 'pass the path of a sales CSV, or - to read standard input',
    })
  }
}

async function checkTable(client: DynamoDBClient, table: string, target?: AwsTarget): Promise<void> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  try {
    await client.send(new DescribeTableCommand({TableName: table}))
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      throw new NotFoundError(
        `table ${table} does not exist${target?.endpoint ? ` at ${target.endpoint}` : ''}`,
        target?.local ? 'create it with `omnix local up` (add -e for another env)' : 'deploy the data stack first, or pass --local to use the local engine',
      )
    }
    throw error
  }
}

function translateError(error: unknown, options: SalesImportOptions): unknown {
  if (error instanceof OmnixError || !isConnectionRefused(error)) return error
  const endpoint = options.target?.endpoint ?? 'DynamoDB'
  return new OmnixError(`cannot reach ${endpoint}`, {
    code: 'ENDPOINT_UNREACHABLE',
    suggestion: options.target?.local ? 'is the local engine running? start it with `omnix local up`' : 'check --endpoint-url and that the engine is running',
    cause: error,
  })
}

function requireTarget(target?: AwsTarget): AwsTarget {
  if (!target) throw new Error('importSales needs a client or a target')
  return target
}
