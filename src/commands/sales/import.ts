import {Args, Flags} from '@oclif/core'

import {dataPlaneFlags, OmnixCommand} from '../../cli/base-command.js'
import {ProgressLine} from '../../cli/progress.js'
import {resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {tableName} from '../../sdk/catalog/tables.js'
import {OmnixError} from '../../sdk/errors.js'
import {importSales} from '../../sdk/sales/importer.js'

/** Duplicates listed one by one on stderr before switching to a count. */
const DUPLICATES_LISTED = 10

export default class SalesImport extends OmnixCommand<typeof SalesImport> {
  static summary = 'Import daily sales from a CSV file (or stdin) into the forecasting table.'
  static description = `Columns: product_id,date,quantity_sold,revenue,price. The header line is required (columns in any order; anything else is an error, exit 2, nothing written). RFC 4180 quoting; LF or CRLF line endings; blank lines are skipped.
Each row becomes the item SALES#<product_id> / DATE#<yyyy-mm-dd> with quantity_sold, revenue, price, product_id and date, in the env's forecasting table, written in batches of 25.
Bad rows (impossible or non-ISO dates, negative or non-numeric numbers, wrong field counts, broken quoting) are rejected with their line number and every reason into a rejects file (default <file>.rejects.csv, sales-import.rejects.csv for stdin; columns line,reason,record) and the good rows are imported. Exit 0 when the good rows were written, even with rejects (the counts say how many); --strict exits 1 when any row was rejected, and with --dry-run makes a validation gate that writes nothing.
Two rows with the same product_id and date: the later row wins, the earlier is replaced; they are counted as duplicates and the first few listed on stderr.
Re-importing a file changes nothing: items depend only on their row. The file is streamed, so its size does not matter.`
  static examples = [
    {description: 'Import into the local engine.', command: '<%= config.bin %> <%= command.id %> sales.csv --local'},
    {description: 'From stdin, JSON result.', command: 'cat sales.csv | <%= config.bin %> <%= command.id %> - --local --json'},
    {description: 'Validate only, failing on any bad row.', command: '<%= config.bin %> <%= command.id %> sales.csv --dry-run --strict'},
    {description: 'Into prod, rejects kept elsewhere.', command: '<%= config.bin %> <%= command.id %> sales.csv -e prod --rejects rejects/prod-sales.csv'},
  ]
  static args = {
    file: Args.string({description: 'CSV file to import, or - for standard input.', required: true}),
  }
  static flags = {
    ...dataPlaneFlags,
    rejects: Flags.string({summary: 'Where to write rejected rows (default <file>.rejects.csv; sales-import.rejects.csv for stdin).'}),
    strict: Flags.boolean({summary: 'Exit 1 when any row is rejected (the good rows are still written unless --dry-run).'}),
    'dry-run': Flags.boolean({summary: 'Validate the file and write the rejects file; write nothing to the table.'}),
    concurrency: Flags.integer({summary: 'BatchWriteItem calls in flight.', default: 32, min: 1, max: 32}),
  }

  async run() {
    const config = await this.omnixConfig()
    const {flags} = this
    const target = flags['dry-run']
      ? undefined
      : await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const progress = new ProgressLine('rows', undefined, this.interactiveOutput)
    let listed = 0
    const result = await importSales({
      file: this.args.file,
      tableName: tableName(config.env, 'forecasting'),
      target,
      rejectsPath: flags.rejects,
      dryRun: flags['dry-run'],
      concurrency: flags.concurrency,
      onProgress: (p) => progress.update(p.rowsRead),
      onDuplicate: (d) => {
        if (listed++ < DUPLICATES_LISTED) this.note(`warning: line ${d.line}: replaces an earlier row for ${d.productId} on ${d.date} (the last row wins)`)
      },
      onWarning: (message) => this.note(`warning: ${message}`),
    })
    progress.finish(`${result.rowsRead} rows read in ${(result.durationMs / 1000).toFixed(1)} s`)
    if (result.duplicates > DUPLICATES_LISTED) this.note(`warning: ${result.duplicates - DUPLICATES_LISTED} more duplicate rows not listed`)
    if (!this.jsonEnabled()) {
      const verb = result.dryRun ? 'would write' : 'wrote'
      this.log(`${result.rowsRead} rows read: ${verb} ${result.written} items to ${result.table}, ${result.rejected} rejected, ${result.duplicates} duplicates`)
      if (result.rejectsFile) this.log(`rejected rows (line, reason, record): ${result.rejectsFile}`)
    }
    if (flags.strict && result.rejected > 0) {
      throw new OmnixError(
        `${result.rejected} of ${result.rowsRead} rows rejected (--strict)${result.dryRun ? '' : `; the other ${result.written} items were written`}; see ${result.rejectsFile}`,
        {code: 'ROWS_REJECTED', suggestion: 'fix the lines listed in the rejects file and import again (re-importing is safe)'},
      )
    }
    return result
  }
}
