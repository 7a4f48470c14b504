import {formatActivityLine, formatProgressLine, isFailureStatus, isRootStackEvent, type StackActivityEvent} from './activity.js'
import type {ToolkitLogLine} from './io-host.js'

/**
 * How stack activity is shown:
 * - `bar`: one status line redrawn in place, failures and finished stacks kept above it (terminals);
 * - `lines`: one readable line per event (logs, CI);
 * - `ndjson`: one JSON object per event and per log line (machines: `--progress events --json`);
 * - `quiet`: no activity, log lines only (plain `--json`: warnings still reach stderr).
 */
export type ActivityRenderMode = 'bar' | 'lines' | 'ndjson' | 'quiet'

/** NDJSON record written for each stack event in `ndjson` mode. */
export interface StackEventRecord extends StackActivityEvent {
  readonly type: 'stack-event'
}

/** NDJSON record written for each log line in `ndjson` mode. */
export interface LogRecord {
  readonly type: 'log'
  readonly level: string
  readonly message: string
  readonly code?: string
}

/**
 * Turns activity events and log lines into text for one stream. It never touches a process stream
 * itself: the front end passes `write` (e.g. to stderr).
 */
export class ActivityRenderer {
  private barShown = false

  constructor(
    private readonly mode: ActivityRenderMode,
    private readonly write: (text: string) => void,
  ) {}

  activity(event: StackActivityEvent): void {
    switch (this.mode) {
      case 'quiet':
        return
      case 'ndjson': {
        const record: StackEventRecord = {type: 'stack-event', ...event}
        this.write(`${JSON.stringify(record)}\n`)
        return
      }
      case 'lines':
        this.write(`${formatActivityLine(event)}\n`)
        return
      case 'bar':
        if (isFailureStatus(event.status) || (isRootStackEvent(event) && !event.status.endsWith('_IN_PROGRESS'))) {
          this.above(formatActivityLine(event))
        }
        this.write(`\r\u001B[2K${formatProgressLine(event)}`)
        this.barShown = true
    }
  }

  log(line: ToolkitLogLine): void {
    switch (this.mode) {
      case 'ndjson': {
        const record: LogRecord = {type: 'log', level: line.level, message: line.message, ...(line.code ? {code: line.code} : {})}
        this.write(`${JSON.stringify(record)}\n`)
        return
      }
      case 'lines':
      case 'quiet':
        this.write(`${line.message}\n`)
        return
      case 'bar':
        this.above(line.message)
    }
  }

  /** Clears the status line; call when the operation ends. */
  done(): void {
    if (this.barShown) this.write('\r\u001B[2K')
    this.barShown = false
  }

  private above(text: string): void {
    if (this.barShown) this.write('\r\u001B[2K')
    this.write(`${text}\n`)
    this.barShown = false
  }
}
