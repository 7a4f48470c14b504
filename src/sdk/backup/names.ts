import {resourceName} from '../catalog/naming.js'
import {TABLE_IDS, type TableId} from '../catalog/tables.js'
import {UsageError} from '../errors.js'

/** `yyyymmddhhmmss` in UTC: sortable, and within the characters table and backup names allow. */
export function timestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

/** Every scratch table of an env's drills starts with this: `omnix-ai-{env}-drill-`. */
export function drillTablePrefix(env: string): string {
  return `${resourceName(env, 'drill')}-`
}

/** The scratch table a drill restores `id` into: `omnix-ai-{env}-drill-{table}-{timestamp}`. */
export function drillTableName(env: string, id: TableId, at: Date): string {
  return `${drillTablePrefix(env)}${id}-${timestamp(at)}`
}

/** Whether a table is a drill's scratch table of this env (the only tables a drill ever deletes). */
export function isDrillTable(env: string, name: string): boolean {
  const prefix = drillTablePrefix(env)
  if (!name.startsWith(prefix)) return false
  return TABLE_IDS.some((id) => new RegExp(`^${id}-\\d{14}$`).test(name.slice(prefix.length)))
}

/** On-demand backup name: `{table}-omnix-{timestamp}`. */
export function onDemandBackupName(table: string, at: Date): string {
  return `${table}-omnix-${timestamp(at)}`
}

/** The catalog tables a command works on: the given ids (checked), or all of them. */
export function selectTables(ids: readonly string[] | undefined): TableId[] {
  if (!ids || ids.length === 0) return [...TABLE_IDS]
  const unknown = ids.filter((id) => !(TABLE_IDS as readonly string[]).includes(id))
  if (unknown.length > 0) throw new UsageError(`unknown table ${unknown.join(', ')}`, {suggestion: `catalog tables: ${TABLE_IDS.join(', ')}`})
  return [...new Set(ids)] as TableId[]
}

/** `4h`, `90m`, `45s`, `1h30m` or plain seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)([hms])/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new UsageError(`"${text}" is not a duration`, {suggestion: 'e.g. 4h, 90m, 1h30m, 600 (seconds)'})
  }
  const unit = {h: 3_600_000, m: 60_000, s: 1000} as const
  return parts.reduce((ms, p) => ms + Number(p[1]) * unit[p[2] as 'h' | 'm' | 's'], 0)
}
