import {type AuditRule, detect, rulePriority} from './detect.js'
import {scanText} from './text.js'

export interface TemplateHit {
  /** Where in the template, e.g. `Resources.ApiFn.Properties.Environment.Variables.JWT_SECRET`. */
  readonly path: string
  readonly rule: AuditRule
  readonly value: string
  readonly name?: string
}

const INTRINSIC = /^(Ref|Fn::\w+|Condition)$/

/** Intrinsics whose arguments name resources, attributes or exports: never a literal value. */
const REFERENCE_INTRINSICS = new Set(['Ref', 'Condition', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::FindInMap', 'Fn::GetAZs'])

/** Resource types whose content is generated and never holds a secret (CDK's gzip+base64 analytics blob). */
const SKIPPED_TYPES = new Set(['AWS::CDK::Metadata'])

/**
 * Scans a CloudFormation template (parsed JSON/YAML): every string is checked with the name it is
 * assigned to. Names come from the key, or for `{Name|Key: n, Value: v}` pairs from n, and for
 * `Default`/`Value` from the enclosing logical id (parameters, outputs).
 */
export function scanTemplate(template: unknown): TemplateHit[] {
  const hits: TemplateHit[] = []

  const visit = (node: unknown, path: string[], name: string | undefined): void => {
    if (typeof node === 'string') {
      const where = path.join('.')
      if (node.includes('\n')) {
        for (const hit of scanText(node, 'code')) hits.push({path: `${where}:${hit.line}`, rule: hit.rule, value: hit.value, name: hit.name ?? name})
        return
      }
      const found = detect(name, node).sort((a, b) => rulePriority(a.rule) - rulePriority(b.rule))[0]
      if (found) hits.push({path: where, rule: found.rule, value: found.value, ...(name ? {name} : {})})
      return
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, String(i)], name))
      return
    }
    if (typeof node !== 'object' || node === null) return
    const object = node as Record<string, unknown>
    if (typeof object.Type === 'string' && SKIPPED_TYPES.has(object.Type)) return
    for (const [key, value] of Object.entries(object)) {
      if (REFERENCE_INTRINSICS.has(key)) continue
      let childName: string | undefined = key
      if (INTRINSIC.test(key)) childName = name
      else if (key === 'Value' && typeof (object.Name ?? object.Key) === 'string') childName = (object.Name ?? object.Key) as string
      else if (key === 'Default' || key === 'Value') childName = path.at(-1)
      visit(value, [...path, key], childName)
    }
  }

  visit(template, [], undefined)
  return hits
}
