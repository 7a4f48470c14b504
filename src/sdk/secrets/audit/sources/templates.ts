import {readFile} from 'node:fs/promises'
import {relative, sep} from 'node:path'

import {UsageError} from '../../../errors.js'
import type {AuditFinding, ProgressCallback} from '../findings.js'
import {maskValue} from '../mask.js'
import {scanTemplate} from '../template.js'
import {listFiles} from './files.js'

/** Synthesized templates: every `*.template.json` under `dir` (e.g. a cdk.out directory). */
export async function auditTemplates(options: {dir: string; onProgress?: ProgressCallback}): Promise<{findings: AuditFinding[]; scanned: number}> {
  // The root itself may be cdk.out, which the walk skips only below the root.
  const files = await listFiles(options.dir, (p) => p.endsWith('.template.json'), '--templates')
  const findings: AuditFinding[] = []
  let done = 0
  for (const file of files) {
    options.onProgress?.({source: 'templates', done: ++done, total: files.length})
    const where = relative(options.dir, file).split(sep).join('/')
    let template: unknown
    try {
      template = JSON.parse(await readFile(file, 'utf8'))
    } catch {
      throw new UsageError(`--templates: ${where} is not valid JSON`, {suggestion: 'synthesize the templates again'})
    }
    for (const hit of scanTemplate(template)) {
      findings.push({
        source: 'templates',
        location: `${where}#${hit.path}`,
        rule: hit.rule,
        ...(hit.name ? {name: hit.name} : {}),
        maskedValue: maskValue(hit.value),
        fixable: false,
      })
    }
  }
  return {findings, scanned: files.length}
}

