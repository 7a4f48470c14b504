import type {SSMClient} from '@aws-sdk/client-ssm'

import {lastDrillParameterName, tableParameterName} from '../catalog/parameters.js'
import {TABLE_IDS, type TableId} from '../catalog/tables.js'
import type {DrillReport} from './drill.js'

export type DrillRecord =
  | {readonly status: 'written'; readonly name: string; readonly version?: number}
  | {readonly status: 'skipped' | 'failed'; readonly name: string; readonly reason: string}

/** What the parameter holds: small enough for a standard parameter (4 KB) with every catalog table. */
export function drillSummary(report: DrillReport) {
  return {
    time: report.finishedAt,
    from: report.from,
    verified: report.verified,
    passed: report.passed,
    rtoMs: report.rtoMs,
    rtoLimitMs: report.rtoLimitMs,
    tables: report.tables.map((t) => ({id: t.id, status: t.status, rtoMs: t.rtoMs, restorePoint: t.restorePoint?.time, items: t.verify?.restoredCount})),
  }
}

/** Writes the drill's result into `/omnix-ai/{env}/backup/last-drill`; a refusal is reported, not thrown. */
export async function recordDrill(ssm: SSMClient, report: DrillReport): Promise<DrillRecord> {
  const {PutParameterCommand} = await import('@aws-sdk/client-ssm')
  const name = lastDrillParameterName(report.env)
  try {
    const out = await ssm.send(
      new PutParameterCommand({Name: name, Value: JSON.stringify(drillSummary(report)), Type: 'String', Overwrite: true, Description: 'Result of the latest restore drill (omnix backup drill)'}),
    )
    return {status: 'written', name, ...(out.Version === undefined ? {} : {version: out.Version})}
  } catch (error) {
    return {status: 'failed', name, reason: `${(error as Error).name}: ${(error as Error).message}`}
  }
}

/** Where the cut-over parameters point the platform: table id → table name (ids without a parameter are absent). */
export type CutoverTables = {readonly tables: Partial<Record<TableId, string>>} | {readonly unknown: string}

/**
 * Reads the cut-over parameters. A drill restores the tables the platform actually uses, and a
 * table someone promoted from a drill must survive the next drill; when the parameters cannot be
 * read, that is said instead.
 */
export async function readCutoverTables(ssm: SSMClient, env: string): Promise<CutoverTables> {
  const {GetParametersCommand} = await import('@aws-sdk/client-ssm')
  const byName = new Map(TABLE_IDS.map((id) => [tableParameterName(env, id), id]))
  const names = [...byName.keys()]
  const tables: Partial<Record<TableId, string>> = {}
  try {
    for (let i = 0; i < names.length; i += 10) {
      const out = await ssm.send(new GetParametersCommand({Names: names.slice(i, i + 10)}))
      for (const p of out.Parameters ?? []) if (p.Name && p.Value && byName.has(p.Name)) tables[byName.get(p.Name)!] = p.Value
    }
  } catch (error) {
    return {unknown: `${(error as Error).name}: ${(error as Error).message}`}
  }
  return {tables}
}

/** The table names in use, for the leftover clean-up of a drill. */
export function tablesInUse(cutover: CutoverTables): ReadonlySet<string> | {readonly unknown: string} {
  return 'unknown' in cutover ? cutover : new Set(Object.values(cutover.tables))
}
