import assert from 'node:assert/strict'
import {copyFile, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'

import {DeleteTableCommand, DynamoDBClient, ScanCommand, type AttributeValue} from '@aws-sdk/client-dynamodb'

import SalesImport from '../../src/commands/sales/import.js'
import {LOCAL_CREDENTIALS} from '../../src/sdk/aws/target.js'
import {TABLES, tableName} from '../../src/sdk/catalog/tables.js'
import {BatchWriter} from '../../src/sdk/dynamodb/batch-writer.js'
import {ensureCatalogTables} from '../../src/sdk/dynamodb/catalog-tables.js'
import {findFreePort} from '../../src/sdk/local/processes.js'
import {importSales, type SalesImportResult} from '../../src/sdk/sales/importer.js'
import {ROOT, runCommand} from '../helpers/run-command.js'
import {startTestEngine} from './dynamodb-local.js'

const FIXTURES = join(ROOT, 'test', 'fixtures', 'sales')

/** What every-bad-row.csv must leave in the table: the good rows, line 18 replacing line 2. */
const EXPECTED_ITEMS = [
  {PK: 'SALES#COF-001', SK: 'DATE#2024-01-01', product_id: 'COF-001', date: '2024-01-01', quantity_sold: '15', revenue: '37.5', price: '2.5'},
  {PK: 'SALES#MUG-"X"', SK: 'DATE#2024-01-01', product_id: 'MUG-"X"', date: '2024-01-01', quantity_sold: '1', revenue: '9.99', price: '9.99'},
  {PK: 'SALES#TEA-002, green', SK: 'DATE#2024-01-01', product_id: 'TEA-002, green', date: '2024-01-01', quantity_sold: '4', revenue: '10', price: '2.5'},
  {PK: 'SALES#TEA-002', SK: 'DATE#2024-01-02', product_id: 'TEA-002', date: '2024-01-02', quantity_sold: '1', revenue: '2.5', price: '2.5'},
  {PK: 'SALES#TEA-002', SK: 'DATE#2024-01-04', product_id: 'TEA-002', date: '2024-01-04', quantity_sold: '1', revenue: '2.5', price: '2.5'},
  {PK: 'SALES#TEA-002', SK: 'DATE#2024-02-29', product_id: 'TEA-002', date: '2024-02-29', quantity_sold: '1', revenue: '2.5', price: '2.5'},
]

/** Every rejected line of every-bad-row.csv, with its reason, as the rejects file must list them. */
const EXPECTED_REJECTS = `line,reason,record
3,"date ""2024-02-30"" does not exist (February 2024 has 29 days)","COF-001,2024-02-30,5,12.5,2.5"
4,"date ""2024-13-01"" has month 13 (months are 01-12)","COF-001,2024-13-01,5,12.5,2.5"
5,"date ""01/02/2024"" is not an ISO date (expected yyyy-mm-dd, e.g. 2024-03-31)","COF-001,01/02/2024,5,12.5,2.5"
6,"quantity_sold ""-3"" is negative","COF-001,2024-01-02,-3,7.5,2.5"
7,"quantity_sold ""abc"" is not a number (expected a plain decimal such as 12 or 3.50)","COF-001,2024-01-03,abc,7.5,2.5"
8,"revenue ""-7.5"" is negative","COF-001,2024-01-04,3,-7.5,2.5"
9,"price ""free"" is not a number (expected a plain decimal such as 12 or 3.50)","COF-001,2024-01-05,3,7.5,free"
10,"expected 5 fields, found 4","COF-001,2024-01-06,3,7.5"
11,"expected 5 fields, found 6","COF-001,2024-01-07,3,7.5,2.5,extra"
14,product_id is empty,",2024-01-08,1,1,1"
16,"unexpected ""x"" after a closing quote (a quoted field must end at a comma or the line end)","TEA-002,2024-01-03,2,""bad""x,2.5"
20,product_id contains a control character,"""multi
line"",2024-01-01,1,1,1"
23,"date ""2023-02-29"" does not exist (February 2023 has 28 days)","TEA-002,2023-02-29,1,2.5,2.5"
`

const FIXTURE_PKS = ['SALES#COF-001', 'SALES#TEA-002', 'SALES#TEA-002, green', 'SALES#MUG-"X"', 'SALES#multi\nline']

type Plain = Record<string, string>
const plain = (item: Record<string, AttributeValue>): Plain => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? v.N ?? JSON.stringify(v)]))

describe('sales import (DynamoDB Local)', function () {
  this.timeout(180_000)
  let endpoint: string
  let engineKind: string
  let client: DynamoDBClient
  let work: string
  const env = `salesit${process.pid}`
  const table = tableName(env, 'forecasting')
  const devTable = tableName('dev', 'forecasting')

  async function scan(name = table): Promise<Plain[]> {
    const items: Plain[] = []
    let start: Record<string, AttributeValue> | undefined
    do {
      const page = await client.send(new ScanCommand({TableName: name, ExclusiveStartKey: start}))
      items.push(...(page.Items ?? []).map(plain))
      start = page.LastEvaluatedKey
    } while (start)
    const key = (i: Plain) => `${i.PK}|${i.SK}`
    return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  }

  /** Empties this file's own forecasting table by recreating it. */
  async function freshTable(): Promise<void> {
    await client.send(new DeleteTableCommand({TableName: table})).catch(() => {})
    await ensureCatalogTables(client, env, {ttlSupported: engineKind === 'dynamodb-local'})
  }

  /**
   * The dev table is shared with other test files on the engine: these tests only ever remove and
   * look at the partitions of the fixtures' products.
   */
  async function devItems(): Promise<Plain[]> {
    return (await scan(devTable)).filter((i) => FIXTURE_PKS.includes(i.PK))
  }

  async function clearDevItems(): Promise<void> {
    await ensureCatalogTables(client, 'dev', {ttlSupported: engineKind === 'dynamodb-local'})
    const writer = new BatchWriter(client, {tableName: devTable, keyAttributes: ['PK', 'SK']})
    for (const item of await devItems()) await writer.delete({PK: {S: item.PK}, SK: {S: item.SK}})
    await writer.flush()
  }

  async function fixture(name: string): Promise<string> {
    const path = join(work, name)
    await copyFile(join(FIXTURES, name), path)
    return path
  }

  before(async () => {
    const engine = await startTestEngine()
    endpoint = engine.endpoint
    engineKind = engine.engine
    client = new DynamoDBClient({endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS})
    work = await mkdtemp(join(tmpdir(), 'omnix-sales-'))
  })

  beforeEach(async () => {
    await freshTable()
  })

  after(async () => {
    for (const def of TABLES) await client.send(new DeleteTableCommand({TableName: tableName(env, def.id)})).catch(() => {})
    client.destroy()
    await rm(work, {recursive: true, force: true})
  })

  it('rejects every kind of bad row with its line and reason, and the table holds exactly the good rows', async () => {
    const file = await fixture('every-bad-row.csv')
    const duplicates: unknown[] = []
    const result = await importSales({file, tableName: table, client, onDuplicate: (d) => duplicates.push(d)})
    assert.deepEqual(withoutDuration(result), {
      file,
      table,
      rowsRead: 20,
      written: 6,
      rejected: 13,
      duplicates: 1,
      rejectsFile: `${file}.rejects.csv`,
      dryRun: false,
    })
    assert.deepEqual(duplicates, [{line: 18, productId: 'COF-001', date: '2024-01-01'}])
    assert.equal(await readFile(`${file}.rejects.csv`, 'utf8'), EXPECTED_REJECTS)
    assert.deepEqual(await scan(), EXPECTED_ITEMS)
  })

  it('changes nothing when the same file is imported again', async () => {
    const file = await fixture('every-bad-row.csv')
    const first = await importSales({file, tableName: table, client})
    const before = await scan()
    const second = await importSales({file, tableName: table, client})
    assert.deepEqual(withoutDuration(second), withoutDuration(first))
    assert.deepEqual(await scan(), before)
    assert.equal(await readFile(`${file}.rejects.csv`, 'utf8'), EXPECTED_REJECTS)
  })

  it('reads standard input when the file is -', async () => {
    const text = await readFile(join(FIXTURES, 'every-bad-row.csv'))
    // Small chunks: records and multi-byte characters straddle chunk boundaries.
    const chunks = Array.from({length: Math.ceil(text.length / 7)}, (_, i) => text.subarray(i * 7, i * 7 + 7))
    const result = await importSales({file: '-', stdin: Readable.from(chunks), tableName: table, client, cwd: work})
    assert.equal(result.rejectsFile, join(work, 'sales-import.rejects.csv'))
    assert.deepEqual([result.rowsRead, result.written, result.rejected, result.duplicates], [20, 6, 13, 1])
    assert.equal(await readFile(join(work, 'sales-import.rejects.csv'), 'utf8'), EXPECTED_REJECTS)
    assert.deepEqual(await scan(), EXPECTED_ITEMS)
  })

  it('keeps the last row of a key even when its duplicates are batches apart, with several calls in flight', async () => {
    const lines = ['product_id,date,quantity_sold,revenue,price']
    const expected = new Map<string, string>()
    for (let i = 0; i < 3000; i++) {
      const product = `P${i % 40}`
      const date = `2024-${String(1 + ((i >> 3) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`
      lines.push(`${product},${date},${i},${i * 2},2`)
      expected.set(`SALES#${product}|DATE#${date}`, String(i))
    }
    const file = join(work, 'many.csv')
    await writeFile(file, `${lines.join('\n')}\n`)
    const result = await importSales({file, tableName: table, client, concurrency: 8})
    assert.equal(result.rowsRead, 3000)
    assert.equal(result.rejected, 0)
    assert.equal(result.written, expected.size)
    assert.equal(result.duplicates, 3000 - expected.size)
    assert.equal(result.rejectsFile, null)
    const items = await scan()
    assert.equal(items.length, expected.size)
    for (const item of items) assert.equal(item.quantity_sold, expected.get(`${item.PK}|${item.SK}`), `${item.PK} ${item.SK}`)
  })

  it('removes a rejects file left by an earlier import once a clean import succeeds', async () => {
    const file = await fixture('good.csv')
    await writeFile(`${file}.rejects.csv`, 'line,reason,record\n3,old,x\n')
    const result = await importSales({file, tableName: table, client})
    assert.equal(result.rejectsFile, null)
    await assert.rejects(readFile(`${file}.rejects.csv`), {code: 'ENOENT'})
  })

  it('says which table is missing and how to create it', async () => {
    const file = await fixture('good.csv')
    await assert.rejects(importSales({file, tableName: tableName(`${env}x`, 'forecasting'), client, target: {region: 'us-east-1', endpoint, local: true}}), (error: Error & {code?: string; suggestion?: string}) => {
      assert.equal(error.code, 'NOT_FOUND')
      assert.match(error.message, new RegExp(`table omnix-ai-${env}x-forecasting does not exist`))
      assert.match(error.suggestion ?? '', /omnix local up/)
      return true
    })
  })

  it('says the engine cannot be reached when nothing listens at the endpoint', async () => {
    const file = await fixture('good.csv')
    const nowhere = `http://127.0.0.1:${await findFreePort()}`
    await assert.rejects(importSales({file, tableName: table, target: {region: 'us-east-1', endpoint: nowhere, credentials: LOCAL_CREDENTIALS, local: true}}), (error: Error & {code?: string; suggestion?: string}) => {
      assert.equal(error.code, 'ENDPOINT_UNREACHABLE')
      assert.match(error.message, new RegExp(`cannot reach ${nowhere}`))
      assert.match(error.suggestion ?? '', /omnix local up/)
      return true
    })
  })

  describe('omnix sales import', () => {
    beforeEach(async () => {
      await clearDevItems()
    })

    it('prints the JSON result and writes to the env table at --endpoint-url', async () => {
      const file = await fixture('every-bad-row.csv')
      const {stdout, exitCode} = await runCommand(SalesImport, [file, '--endpoint-url', endpoint, '--json'])
      assert.equal(exitCode, 0)
      const result = JSON.parse(stdout)
      assert.deepEqual(Object.keys(result), ['file', 'table', 'rowsRead', 'written', 'rejected', 'duplicates', 'rejectsFile', 'durationMs', 'dryRun'])
      assert.deepEqual({...result, durationMs: 0}, {file, table: devTable, rowsRead: 20, written: 6, rejected: 13, duplicates: 1, rejectsFile: `${file}.rejects.csv`, durationMs: 0, dryRun: false})
      assert.deepEqual(await devItems(), EXPECTED_ITEMS)
    })

    it('reads - from stdin', async () => {
      const original = Object.getOwnPropertyDescriptor(process, 'stdin')!
      Object.defineProperty(process, 'stdin', {value: Readable.from([await readFile(join(FIXTURES, 'good.csv'))]), configurable: true})
      const cwd = process.cwd()
      process.chdir(work)
      try {
        const {stdout, exitCode} = await runCommand(SalesImport, ['-', '--endpoint-url', endpoint, '--json'])
        assert.equal(exitCode, 0)
        assert.deepEqual(JSON.parse(stdout).file, '-')
        assert.equal(JSON.parse(stdout).written, 3)
      } finally {
        process.chdir(cwd)
        Object.defineProperty(process, 'stdin', original)
      }
      assert.deepEqual(
        (await devItems()).map((i) => `${i.PK} ${i.SK} ${i.quantity_sold}`),
        ['SALES#COF-001 DATE#2024-01-01 12', 'SALES#COF-001 DATE#2024-01-02 10', 'SALES#TEA-002 DATE#2024-01-01 4'],
      )
    })

    for (const [name, message] of [
      ['no-header.csv', /line 1: the file has no header \(this line looks like data\)/],
      ['wrong-header.csv', /line 1: wrong header: unknown column\(s\) "day"; missing column\(s\) date/],
    ] as const) {
      it(`exits 2 and writes nothing for ${name}`, async () => {
        const file = await fixture(name)
        const {exitCode, error} = await runCommand(SalesImport, [file, '--endpoint-url', endpoint])
        assert.equal(exitCode, 2)
        assert.match(String(error?.message), message)
        assert.deepEqual(await devItems(), [])
      })
    }

    it('exits 2 for an empty file and for a missing file', async () => {
      const empty = join(work, 'empty.csv')
      await writeFile(empty, '\n\n')
      const a = await runCommand(SalesImport, [empty, '--endpoint-url', endpoint])
      assert.equal(a.exitCode, 2)
      assert.match(String(a.error?.message), /is empty; the first line must be the header/)
      const b = await runCommand(SalesImport, [join(work, 'absent.csv'), '--endpoint-url', endpoint])
      assert.equal(b.exitCode, 2)
      assert.match(String(b.error?.message), /absent\.csv: no such file/)
    })

    it('--strict exits 1 on rejects after writing the good rows', async () => {
      const file = await fixture('every-bad-row.csv')
      const {exitCode, error} = await runCommand(SalesImport, [file, '--endpoint-url', endpoint, '--strict'])
      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /13 of 20 rows rejected \(--strict\); the other 6 items were written/)
      assert.equal((await devItems()).length, 6)
    })

    it('--dry-run --strict validates, writes the rejects file and nothing to the table', async () => {
      const file = await fixture('every-bad-row.csv')
      const {exitCode, error} = await runCommand(SalesImport, [file, '--endpoint-url', endpoint, '--dry-run', '--strict'])
      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /13 of 20 rows rejected \(--strict\); see /)
      assert.equal(await readFile(`${file}.rejects.csv`, 'utf8'), EXPECTED_REJECTS)
      assert.deepEqual(await devItems(), [])
    })

    it('writes rejects where --rejects says and refuses the input itself', async () => {
      const file = await fixture('every-bad-row.csv')
      const rejects = join(work, 'elsewhere.csv')
      const ok = await runCommand(SalesImport, [file, '--endpoint-url', endpoint, '--rejects', rejects])
      assert.equal(ok.exitCode, 0)
      assert.match(ok.stdout, /20 rows read: wrote 6 items to omnix-ai-dev-forecasting, 13 rejected, 1 duplicates/)
      assert.match(ok.stderr, /warning: line 18: replaces an earlier row for COF-001 on 2024-01-01/)
      assert.equal(await readFile(rejects, 'utf8'), EXPECTED_REJECTS)
      const bad = await runCommand(SalesImport, [file, '--endpoint-url', endpoint, '--rejects', file])
      assert.equal(bad.exitCode, 2)
      assert.match(String(bad.error?.message), /is the input file itself/)
    })
  })
})

function withoutDuration(result: SalesImportResult) {
  const {durationMs, ...rest} = result
  assert.ok(durationMs >= 0)
  return rest
}
