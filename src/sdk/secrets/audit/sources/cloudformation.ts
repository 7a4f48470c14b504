import type {CloudFormationClient} from '@aws-sdk/client-cloudformation'

import type {AuditFinding, ProgressCallback} from '../findings.js'
import {maskValue} from '../mask.js'
import {scanTemplate} from '../template.js'

/** Every status of a stack that has a template (deleted stacks and empty change-set stacks have none). */
const LIVE_STATUSES = [
  'CREATE_COMPLETE',
  'CREATE_FAILED',
  'CREATE_IN_PROGRESS',
  'DELETE_FAILED',
  'DELETE_IN_PROGRESS',
  'IMPORT_COMPLETE',
  'IMPORT_IN_PROGRESS',
  'IMPORT_ROLLBACK_COMPLETE',
  'IMPORT_ROLLBACK_FAILED',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'ROLLBACK_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_FAILED',
  'UPDATE_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
] as const

/** CloudFormation's YAML short forms (`!Ref x`, `!Sub '…'`, `!Join [...]`). */
const SHORT_FORMS = ['Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or', 'FindInMap', 'Base64', 'Cidr', 'ImportValue', 'GetAZs', 'Transform', 'ToJsonString', 'Length']

/** Parses a template body, JSON or YAML, turning short-form tags into their long form (`{Ref: x}`). */
export async function parseTemplateBody(body: string): Promise<unknown> {
  const trimmed = body.trimStart()
  if (trimmed.startsWith('{')) return JSON.parse(body)
  const {parse} = await import('yaml')
  const longForm = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`)
  const customTags = SHORT_FORMS.flatMap((name) =>
    (['scalar', 'seq', 'map'] as const).map((kind) => ({
      tag: `!${name}`,
      ...(kind === 'scalar' ? {} : {collection: kind}),
      resolve: (value: unknown) => {
        const plain = value && typeof (value as {toJSON?: unknown}).toJSON === 'function' ? (value as {toJSON: () => unknown}).toJSON() : value
        // !GetAtt Resource.Attribute is the scalar form of ["Resource", "Attribute"].
        const arg = name === 'GetAtt' && typeof plain === 'string' ? plain.split('.') : plain
        return {[longForm(name)]: arg}
      },
    })),
  )
  return parse(body, {logLevel: 'silent', uniqueKeys: false, customTags})
}

/** Templates of the deployed stacks (ListStacks, then GetTemplate each). */
export async function auditDeployedStacks(options: {
  client: CloudFormationClient
  include?: (name: string) => boolean
  onProgress?: ProgressCallback
}): Promise<{findings: AuditFinding[]; scanned: number}> {
  const {GetTemplateCommand, paginateListStacks} = await import('@aws-sdk/client-cloudformation')
  const stacks: string[] = []
  for await (const page of paginateListStacks({client: options.client}, {StackStatusFilter: [...LIVE_STATUSES]})) {
    for (const s of page.StackSummaries ?? []) if (s.StackName && (options.include?.(s.StackName) ?? true)) stacks.push(s.StackName)
  }
  const findings: AuditFinding[] = []
  let done = 0
  for (const stack of stacks) {
    const out = await options.client.send(new GetTemplateCommand({StackName: stack, TemplateStage: 'Original'}))
    options.onProgress?.({source: 'cloudformation', done: ++done, total: stacks.length})
    if (!out.TemplateBody) continue
    for (const hit of scanTemplate(await parseTemplateBody(out.TemplateBody))) {
      findings.push({
        source: 'cloudformation',
        location: `${stack}#${hit.path}`,
        rule: hit.rule,
        ...(hit.name ? {name: hit.name} : {}),
        maskedValue: maskValue(hit.value),
        fixable: false,
      })
    }
  }
  return {findings, scanned: stacks.length}
}
