/**
 * Structured JSON logging for the Lambda handlers: one JSON object per line on stdout, the shape
 * the platform's log queries expect (`timestamp`, `level`, `request_id`, `service`, `message`, ...).
 */

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** Raw JSON record (e.g. CloudWatch embedded metrics), written whatever the level. */
  record(value: object): void
  child(fields: LogFields): Logger
}

type Sink = (line: string) => void

// Raw stdout: the runtime's console wrapper would prefix each line and break the JSON.
let sink: Sink = (line) => process.stdout.write(`${line}\n`)

/** Redirects log lines (tests capture them instead of printing). Returns the previous sink. */
export function setLogSink(next: Sink): Sink {
  const previous = sink
  sink = next
  return previous
}

let configuredLevel: LogLevel | undefined

/**
 * Sets the level every logger writes at (the handlers read it from SSM at run time). Until it is
 * set, LOG_LEVEL from the environment applies, else INFO.
 */
export function setLogLevel(level: LogLevel | undefined): void {
  configuredLevel = level
}

function threshold(): number {
  const configured = (configuredLevel ?? process.env.LOG_LEVEL ?? 'INFO').toUpperCase()
  const index = LOG_LEVELS.indexOf(configured as LogLevel)
  return index === -1 ? 1 : index
}

function serializeError(value: unknown): unknown {
  if (value instanceof Error) return {name: value.name, message: value.message}
  return value
}

export function createLogger(service: string, base: LogFields = {}): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < threshold()) return
    const extra: LogFields = {}
    for (const [key, value] of Object.entries({...base, ...fields})) extra[key] = serializeError(value)
    sink(JSON.stringify({timestamp: new Date().toISOString(), level, service, message, ...extra}))
  }
  return {
    debug: (message, fields) => write('DEBUG', message, fields),
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARN', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
    record: (value) => sink(JSON.stringify(value)),
    child: (fields) => createLogger(service, {...base, ...fields}),
  }
}
