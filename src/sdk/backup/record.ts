import type {SSMClient} from '@aws-sdk/client-ssm'

import {lastDrillParameterName} from '../catalog/parameters.js'
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
