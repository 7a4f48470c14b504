import assert from 'node:assert/strict'
import {Readable} from 'node:stream'

import fc from 'fast-check'
import {parse} from 'csv-parse'

import {type RecordInfo, RecordSplitter} from '../../../src/sdk/sales/record-splitter.js'

/** Runs text (split into the given chunks) through the splitter and csv-parse, as the importer does. */
async function split(chunks: string[] | string, options: {maxRecordChars?: number} = {}) {
  const splitter = new RecordSplitter(options)
  const parser = parse({record_delimiter: '\n', relax_column_count: true, skip_empty_lines: false})
  const input = Readable.from((Array.isArray(chunks) ? chunks : [chunks]).map((c) => Buffer.from(c)))
  input.pipe(splitter).pipe(parser)
  const out: {info: RecordInfo; fields: string[]}[] = []
  for await (const fields of parser) out.push({info: splitter.nextRecord()!, fields})
  assert.equal(splitter.pendingRecords, 0, 'every splitter record was parsed exactly once')
  return {out}
}

describe('RecordSplitter', () => {
  it('numbers records by their first line, across multi-line quoted fields and blank lines', async () => {
    const {out} = await split('h1,h2\nA,1\n\n"multi\nline",2\n   \nB,"x,y"\n')
    assert.deepEqual(
      out.map((r) => [r.info.line, r.fields]),
      [
        [1, ['h1', 'h2']],
        [2, ['A', '1']],
        [4, ['multi\nline', '2']],
        [7, ['B', 'x,y']],
      ],
    )
  })

  it('accepts CRLF endings and a byte-order mark, keeping CRs inside quoted fields', async () => {
    const {out} = await split('\uFEFFh1,h2\r\nA,"a\r\nb"\r\nB,2')
    assert.deepEqual(
      out.map((r) => [r.info.line, r.fields, r.info.raw]),
      [
        [1, ['h1', 'h2'], 'h1,h2'],
        [2, ['A', 'a\r\nb'], 'A,"a\r\nb"'],
        [4, ['B', '2'], 'B,2'],
      ],
    )
  })

  it('keeps escaped quotes and flags broken quoting without losing the rows after it', async () => {
    const {out} = await split('h\n"a""b",1\nB,"bad"x\nC,x"y\nD,"ok" \nE,5\n')
    assert.deepEqual(out[1].fields, ['a"b', '1'])
    assert.equal(out[1].info.malformed, undefined)
    assert.deepEqual(
      out.slice(2).map((r) => [r.info.line, r.info.malformed ? 'bad' : r.fields.join('|')]),
      [
        [3, 'bad'],
        [4, 'bad'],
        [5, 'bad'],
        [6, 'E|5'],
      ],
    )
    assert.match(out[2].info.malformed!, /unexpected "x" after a closing quote/)
    assert.match(out[3].info.malformed!, /quote inside an unquoted field/)
    assert.equal(out[2].info.raw, 'B,"bad"x')
  })

  it('charges a quote that never closes to its own line and reads on from the next', async () => {
    const {out} = await split('h\nA,"open,1\nB,2\nC,3\n')
    assert.deepEqual(
      out.map((r) => [r.info.line, r.info.malformed ? 'bad' : r.fields.join('|')]),
      [
        [1, 'h'],
        [2, 'bad'],
        [3, 'B|2'],
        [4, 'C|3'],
      ],
    )
    assert.match(out[1].info.malformed!, /never closes/)
  })

  it('gives up on a quoted field longer than the limit and resumes on the next line', async () => {
    const filler = Array.from({length: 50}, (_, i) => `R${i},${i}`).join('\n')
    const {out} = await split(`h\n"stray,1\n${filler}\n`, {maxRecordChars: 100})
    assert.equal(out[1].info.line, 2)
    assert.ok(out[1].info.malformed)
    assert.equal(out.length, 52)
    assert.deepEqual(out[51].fields, ['R49', '49'])
    assert.equal(out[51].info.line, 52)
  })

  it('rejects an overlong unquoted line and skips just that line', async () => {
    const {out} = await split(`h\n${'x'.repeat(500)}\nB,2\n`, {maxRecordChars: 100})
    assert.deepEqual(
      out.map((r) => [r.info.line, r.info.malformed ? 'bad' : r.fields.join('|')]),
      [
        [1, 'h'],
        [2, 'bad'],
        [3, 'B|2'],
      ],
    )
  })

  it('finds the same records whatever the chunk boundaries (multi-byte characters included)', async () => {
    const text = 'h1,h2\r\n"é,""ü""",1\n\n"x\ny",2\nB,"bad"z\n"open\nC,😀\n'
    const whole = await split(text)
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({min: 1, max: Buffer.byteLength(text) - 1}), {maxLength: 12}), async (cuts) => {
        const bytes = Buffer.from(text)
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length]
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end))
        const splitter = new RecordSplitter()
        const parser = parse({record_delimiter: '\n', relax_column_count: true, skip_empty_lines: false})
        Readable.from(chunks).pipe(splitter).pipe(parser)
        const got: unknown[] = []
        for await (const fields of parser) {
          const info = splitter.nextRecord()!
          got.push([info.line, info.malformed ?? null, fields])
        }
        assert.deepEqual(
          got,
          whole.out.map((r) => [r.info.line, r.info.malformed ?? null, r.fields]),
        )
      }),
      {numRuns: 60},
    )
  })
})
