import type {AwsTarget} from '../../aws/target.js'
import {clientConfig} from '../../aws/target.js'
import {UsageError} from '../../errors.js'
import {AUDIT_SOURCES, type AuditFinding, type AuditSourceName, type ProgressCallback} from './findings.js'
import {auditDeployedStacks} from './sources/cloudformation.js'
import {auditFiles} from './sources/files.js'
import {auditLambdaFunctions} from './sources/lambda.js'
import {auditParameters} from './sources/ssm.js'
import {auditTemplates} from './sources/templates.js'

export interface AuditOptions {
  /** Account and region of the AWS sources. */
  readonly target: AwsTarget
  /** Which sources to read; default: the AWS ones, plus files/templates when their directory is given. */
  readonly sources?: readonly AuditSourceName[]
  /** Directory of files to scan (`--path`). */
  readonly path?: string
  /** Directory of synthesized `*.template.json` (`--templates`). */
  readonly templatesDir?: string
  /** Only resources whose name passes (e.g. the platform's own); default: everything in the region. */
  readonly include?: (name: string) => boolean
  readonly onProgress?: ProgressCallback
}

export interface AuditReport {
  readonly findings: AuditFinding[]
  /** Items read per source (functions, stacks, parameters, templates, files). */
  readonly scanned: Partial<Record<AuditSourceName, number>>
  /** Sources that could not be read (the audit is then incomplete). */
  readonly errors: Array<{source: AuditSourceName; message: string}>
}

export function defaultSources(options: {path?: string; templatesDir?: string}): AuditSourceName[] {
  return AUDIT_SOURCES.filter((s) => {
    if (s === 'files') return options.path !== undefined
    if (s === 'templates') return options.templatesDir !== undefined
    return true
  })
}

/** Only resources named like the platform's (`omnix…`, `/omnix-ai/…`). */
export function isPlatformResource(name: string): boolean {
  return /^\/?omnix/i.test(name)
}

/**
 * Finds secrets in the open across the chosen sources. A source that fails (e.g. access denied)
 * is reported in `errors` and the others still run; bad local paths are usage errors.
 */
export async function auditSecrets(options: AuditOptions): Promise<AuditReport> {
  const sources = options.sources ?? defaultSources(options)
  if (sources.includes('files') && options.path === undefined) throw new UsageError('--source files needs --path <dir>', {suggestion: 'pass --path .'})
  if (sources.includes('templates') && options.templatesDir === undefined) {
    throw new UsageError('--source templates needs --templates <dir>', {suggestion: 'pass --templates cdk.out'})
  }
  const findings: AuditFinding[] = []
  const scanned: AuditReport['scanned'] = {}
  const errors: AuditReport['errors'] = []
  const common = {include: options.include, onProgress: options.onProgress}

  const run = async (source: AuditSourceName, scan: () => Promise<{findings: AuditFinding[]; scanned: number}>, local = false) => {
    if (!sources.includes(source)) return
    try {
      const result = await scan()
      findings.push(...result.findings)
      scanned[source] = result.scanned
    } catch (error) {
      if (local || error instanceof UsageError) throw error
      errors.push({source, message: `${(error as Error).name}: ${(error as Error).message}`})
    }
  }

  await run('lambda', async () => {
    const {LambdaClient} = await import('@aws-sdk/client-lambda')
    return auditLambdaFunctions({client: new LambdaClient(clientConfig(options.target)), ...common})
  })
  await run('cloudformation', async () => {
    const {CloudFormationClient} = await import('@aws-sdk/client-cloudformation')
    return auditDeployedStacks({client: new CloudFormationClient(clientConfig(options.target)), ...common})
  })
  await run('ssm', async () => {
    const {SSMClient} = await import('@aws-sdk/client-ssm')
    return auditParameters({client: new SSMClient(clientConfig(options.target)), ...common})
  })
  await run('templates', () => auditTemplates({dir: options.templatesDir!, onProgress: options.onProgress}), true)
  await run('files', () => auditFiles({root: options.path!, onProgress: options.onProgress}), true)

  const order = (f: AuditFinding) => AUDIT_SOURCES.indexOf(f.source)
  findings.sort((a, b) => order(a) - order(b) || a.location.localeCompare(b.location, 'en', {numeric: true}))
  return {findings, scanned, errors}
}
