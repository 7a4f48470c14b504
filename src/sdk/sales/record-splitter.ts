import {StringDecoder} from 'node:string_decoder'
import {Transform, type TransformCallback} from 'node:stream'

/** One record the splitter found, in input order. */
export interface RecordInfo {
  /** 1-based line where the record starts. */
  readonly line: number
  /** The record's text without its line ending. */
  readonly raw: string
  /** Set when the record's quoting is malformed; such a record is passed on as an empty line. */
  readonly malformed?: string
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the first of an escaped pair or the closing one. */
  QuoteSeen,
  /** After a closing quote (and optional CRs): only a delimiter or the line end may follow. */
  Closed,
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

export interface RecordSplitterOptions {
  /** Longest record accepted, in characters; bounds memory when a quote never closes (default 64 Ki). */
  readonly maxRecordChars?: number
  /** Called for each blank line skipped. */
  readonly onBlankLine?: (line: number) => void
}

/**
 * Splits CSV text into records at RFC 4180 boundaries (a newline ends a record unless it is inside
 * a quoted field), before the real parser sees them, for two reasons:
 * - every record gets its starting line number, multi-line quoted fields included;
 * - malformed quoting stays inside its own record. A streaming CSV parser that meets a bad quote
 *   loses its place and would swallow every row after it; here such a record is flagged and
 *   replaced by an empty line, so the parser downstream only ever sees well-formed records and
 *   stays in step (one parsed record per `nextRecord()`, in order).
 * A quote that never closes costs only the line it opened on: once the record outgrows
 * maxRecordChars, or at the end of input, that line is flagged and scanning resumes on the next.
 * Blank lines are dropped. CRLF and LF line endings are both accepted; output uses LF.
 */
export class RecordSplitter extends Transform {
  // Records passed downstream and not yet claimed, from `head` on: a queue, since a whole input
  // chunk's records (thousands) wait here and Array#shift would copy the rest on every take.
  private queue: RecordInfo[] = []
  private head = 0
  /** Text of the records found in the current input chunk, pushed downstream in one piece. */
  private out: string[] = []
  private readonly decoder = new StringDecoder('utf8')
  private readonly maxRecordChars: number
  private carry = ''
  private state = State.FieldStart
  private line = 1
  private recordLine = 1
  private malformed: string | undefined
  /** Discarding the rest of a physical line that was too long. */
  private discarding = false
  private first = true

  constructor(private readonly options: RecordSplitterOptions = {}) {
    super({readableObjectMode: false, decodeStrings: true})
    this.maxRecordChars = options.maxRecordChars ?? 65_536
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text = this.decoder.write(chunk)
    if (this.first && text.length > 0) {
      this.first = false
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    this.scan(text)
    this.pushOut()
    callback()
  }

  override _flush(callback: TransformCallback): void {
    this.scan(this.decoder.end())
    this.finishInput()
    this.pushOut()
    callback()
  }

  private scan(input: string): void {
    if (input.length === 0) return
    const text = this.carry + input
    let start = 0
    let i = this.carry.length
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (this.discarding) {
        if (c === LF) {
          this.discarding = false
          this.line++
          start = i + 1
          this.resetRecord()
        }
        continue
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) this.state = State.Quoted
          else if (c !== COMMA && c !== LF) this.state = State.Unquoted
          break
        case State.Unquoted:
          if (c === COMMA) this.state = State.FieldStart
          else if (c === QUOTE) this.malformed ??= 'a quote inside an unquoted field (quote the whole field and double inner quotes: "a""b")'
          break
        case State.Quoted:
          if (c === QUOTE) this.state = State.QuoteSeen
          else if (c === LF) this.line++
          break
        case State.QuoteSeen:
          if (c === QUOTE) this.state = State.Quoted
          else if (c === COMMA) this.state = State.FieldStart
          else if (c === CR) this.state = State.Closed
          else if (c !== LF) this.afterClosingQuote(text[i])
          break
        case State.Closed:
          if (c === COMMA) this.state = State.FieldStart
          else if (c !== CR && c !== LF) this.afterClosingQuote(text[i])
          break
      }
      if (c === LF && this.state !== State.Quoted) {
        this.emit_(text.slice(start, i))
        this.line++
        start = i + 1
        this.resetRecord()
        continue
      }
      if (i - start >= this.maxRecordChars) {
        if (this.state === State.Quoted) {
          // The quote opened in this record is taken as stray: flag its first line, rescan the rest.
          const rest = this.rejectFirstLine(text.slice(start, i + 1))
          this.carry = ''
          this.scan(rest + text.slice(i + 1))
          return
        }
        this.flag(text.slice(start, i + 1), `line longer than ${this.maxRecordChars} characters`)
        this.discarding = true
        start = i + 1
      }
    }
    this.carry = this.discarding ? '' : text.slice(start)
  }

  /** End of input: emit the last record, or resolve a quote left open. */
  private finishInput(): void {
    while (this.carry.length > 0 || this.state === State.Quoted) {
      const text = this.carry
      this.carry = ''
      if (this.state === State.Quoted && text.includes('\n')) {
        const rest = this.rejectFirstLine(text)
        this.scan(rest)
        continue
      }
      if (this.state === State.Quoted) this.malformed = `a quoted field opened on line ${this.recordLine} never closes`
      if (!this.discarding && text.length > 0) this.emit_(text)
      this.resetRecord()
      break
    }
  }

  /** Flags the first physical line of `record` as an unclosed quote and returns the text after it. */
  private rejectFirstLine(record: string): string {
    const newline = record.indexOf('\n')
    const firstLine = newline === -1 ? record : record.slice(0, newline)
    const startLine = this.recordLine
    this.push_({line: startLine, raw: stripCr(firstLine), malformed: 'a quoted field opened on this line never closes'})
    this.line = startLine + 1
    this.resetRecord()
    return newline === -1 ? '' : record.slice(newline + 1)
  }

  private afterClosingQuote(char: string): void {
    this.malformed ??= `unexpected ${JSON.stringify(char)} after a closing quote (a quoted field must end at a comma or the line end)`
    this.state = State.Unquoted
  }

  private emit_(recordText: string): void {
    const raw = stripCr(recordText)
    if (!this.malformed && raw.trim() === '') {
      this.options.onBlankLine?.(this.recordLine)
      return
    }
    this.push_({line: this.recordLine, raw, malformed: this.malformed})
  }

  private flag(recordText: string, reason: string): void {
    this.push_({line: this.recordLine, raw: stripCr(recordText), malformed: reason})
  }

  /** The oldest record passed downstream and not yet claimed: the one the parser's next output comes from. */
  nextRecord(): RecordInfo | undefined {
    if (this.head >= this.queue.length) return undefined
    const info = this.queue[this.head++]
    if (this.head === this.queue.length) {
      this.queue = []
      this.head = 0
    } else if (this.head >= 4096 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    return info
  }

  /** Records passed downstream and not yet claimed. */
  get pendingRecords(): number {
    return this.queue.length - this.head
  }

  private push_(info: RecordInfo): void {
    this.queue.push(info)
    this.out.push(info.malformed ? '' : info.raw)
  }

  private pushOut(): void {
    if (this.out.length === 0) return
    this.push(`${this.out.join('\n')}\n`)
    this.out = []
  }

  private resetRecord(): void {
    this.state = State.FieldStart
    this.malformed = undefined
    this.recordLine = this.line
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text
}
