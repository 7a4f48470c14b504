import type {AttributeValue} from '@aws-sdk/client-dynamodb'
import {readFile} from 'node:fs/promises'

import {TABLE_IDS, type TableId} from '../catalog/tables.js'
import {UsageError} from '../errors.js'
import type {TransformSpec} from './transforms.js'

/**
 * A mapping file tells `migrate-tables` which source goes to which catalog table, and how its
 * items change on the way. Example:
 *
 *   version: 1
 *   builtinRules: true          # tables not listed here still follow the built-in naming rules
 *   tables:
 *     - source: omnix-ai-historical-data-dev
 *       target: forecasting
 *       transforms:
 *         - prefix: {attribute: PK, prefix: "SALES#", from: product_id}
 *         - prefix: {attribute: SK, prefix: "DATE#", from: date}
 *         - rename: {from: qty, to: quantity_sold}
 *         - drop: [legacy_flag]
 *         - default: {attribute: currency, value: EUR}
 *     - source: omnix-ai-loadtest-dev
 *       skip: scratch table from a load test
 */
export interface MappingEntry {
  readonly source: string
  readonly target?: TableId
  /** Why the table is left alone (present instead of target). */
  readonly skip?: string
  /** Absent: the built-in key transform for the source's key schema, if there is one. */
  readonly transforms?: readonly TransformSpec[]
  /** Line of the entry in the file, for later errors about it. */
  readonly line: number
}

export interface MappingFile {
  readonly origin: string
  readonly builtinRules: boolean
  readonly entries: readonly MappingEntry[]
}

/** A mapping file problem, naming the line and the field. Exit code 2. */
export class MappingError extends UsageError {
  constructor(
    message: string,
    readonly line?: number,
    readonly field?: string,
    suggestion?: string,
  ) {
    super(message, {code: 'MAPPING', suggestion})
  }
}

export async function loadMapping(path: string): Promise<MappingFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new MappingError(`cannot read mapping file ${path}: ${(error as Error).message}`, undefined, undefined, 'check the --mapping path')
  }
  return parseMapping(text, path)
}

type PathPart = string | number

export async function parseMapping(text: string, origin = 'mapping file'): Promise<MappingFile> {
  const [{LineCounter, parseDocument, isMap, isPair, isScalar}, {z}] = await Promise.all([import('yaml'), import('zod')])
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter})
  const syntax = doc.errors[0]
  if (syntax) {
    const line = syntax.linePos?.[0].line
    throw new MappingError(`${origin}:${line ?? '?'}: invalid YAML: ${syntax.message.split('\n')[0]}`, line, undefined, 'fix the YAML syntax')
  }

  const lineOf = (path: readonly PathPart[], keyName?: string): number | undefined => {
    // The deepest node that exists along the path: a missing field is reported at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
      const range = (node as {range?: [number, number, number]} | undefined)?.range
      if (!range) continue
      let offset = range[0]
      if (keyName && depth === path.length && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === keyName)
        const keyRange = pair && isScalar(pair.key) ? pair.key.range : undefined
        if (keyRange) offset = keyRange[0]
      }
      return lineCounter.linePos(offset).line
    }
    return undefined
  }

  const attr = z.string().min(1, 'an attribute name').max(255)
  const scalarValue = z.union([z.string(), z.boolean(), z.null(), z.number(), z.record(z.string(), z.unknown())])
  const transformSchemas = {
    rename: z.strictObject({from: attr, to: attr}),
    prefix: z.strictObject({attribute: attr, prefix: z.string(), from: attr.optional()}),
    drop: z.union([attr, z.array(attr).min(1)]),
    default: z.strictObject({attribute: attr, value: scalarValue}),
  }
  const transformNames = Object.keys(transformSchemas) as (keyof typeof transformSchemas)[]
  const transformSchema = z.record(z.string(), z.unknown()).superRefine((obj, ctx) => {
    const keys = Object.keys(obj)
    if (keys.length !== 1 || !transformNames.includes(keys[0] as keyof typeof transformSchemas)) {
      ctx.addIssue({code: 'custom', message: `a transform has exactly one of ${transformNames.join(', ')} (got ${keys.join(', ') || 'none'})`})
      return
    }
    const name = keys[0] as keyof typeof transformSchemas
    const inner = transformSchemas[name].safeParse(obj[name])
    if (!inner.success) {
      // An unknown key explains a missing one next to it (a typo), so it is reported first.
      const issues = [...inner.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'))
      for (const issue of issues) {
        const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined
        ctx.addIssue({
          code: 'custom',
          message: unknownKey ? `unknown key "${unknownKey}"` : plainMessage(issue.message),
          path: [name, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), ...(unknownKey ? [unknownKey] : [])],
        })
      }
    } else if (name === 'default') {
      const problem = attributeValueProblem((obj.default as {value: unknown}).value)
      if (problem) ctx.addIssue({code: 'custom', message: problem, path: ['default', 'value']})
    }
  })
  const entrySchema = z
    .strictObject({
      source: z
        .string()
        .min(3, 'a table name of 3 to 255 characters')
        .max(255)
        .regex(/^[a-zA-Z0-9_.-]+$/, 'a DynamoDB table name (letters, digits, _ . -)'),
      target: z.enum(TABLE_IDS, {error: `one of the catalog tables: ${TABLE_IDS.join(', ')}`}).optional(),
      skip: z.string().min(1, 'the reason the table is left alone').optional(),
      transforms: z.array(transformSchema).optional(),
    })
    .superRefine((entry, ctx) => {
      if (entry.target === undefined && entry.skip === undefined) {
        ctx.addIssue({code: 'custom', message: 'give either target (a catalog table) or skip (a reason)', path: ['target']})
      }
      if (entry.target !== undefined && entry.skip !== undefined) {
        ctx.addIssue({code: 'custom', message: 'give target or skip, not both', path: ['skip']})
      }
      if (entry.skip !== undefined && entry.transforms !== undefined) {
        ctx.addIssue({code: 'custom', message: 'a skipped table has no transforms', path: ['transforms']})
      }
    })
  const fileSchema = z.strictObject({
    version: z.literal(1, {error: 'version 1 (the only mapping file version)'}).optional(),
    builtinRules: z.boolean({error: 'true or false'}).optional(),
    tables: z.array(entrySchema, {error: 'a list of {source, target | skip, transforms}'}),
  })

  const data = doc.toJS({maxAliasCount: 100}) as unknown
  const parsed = fileSchema.safeParse(data ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as PathPart[]
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined
    const field = fieldName(unknownKey ? [...path, unknownKey] : path)
    const line = lineOf(path, unknownKey)
    const message = unknownKey ? `unknown key "${field}"` : `${field || '(top level)'}: ${plainMessage(issue.message)}`
    throw new MappingError(`${origin}:${line ?? '?'}: ${message}`, line, field, unknownKey ? `remove or fix "${unknownKey}"` : `fix ${field || 'the file'} in ${origin}`)
  }

  const seen = new Map<string, number>()
  const entries: MappingEntry[] = parsed.data.tables.map((entry, index) => {
    const line = lineOf(['tables', index]) ?? 0
    const previous = seen.get(entry.source)
    if (previous !== undefined) {
      const field = `tables[${index}].source`
      throw new MappingError(
        `${origin}:${lineOf(['tables', index, 'source']) ?? line}: ${field}: "${entry.source}" is already mapped on line ${previous}`,
        line,
        field,
        'map each source table once',
      )
    }
    seen.set(entry.source, line)
    return {
      source: entry.source,
      target: entry.target,
      skip: entry.skip,
      transforms: entry.transforms?.map((t) => toTransform(t)),
      line,
    }
  })
  return {origin, builtinRules: parsed.data.builtinRules ?? true, entries}
}

function plainMessage(message: string): string {
  return message.replace(/^Invalid input: expected (\w+), received undefined$/, 'missing (a $1)')
}

function fieldName(path: readonly PathPart[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

function toTransform(raw: Record<string, unknown>): TransformSpec {
  if ('drop' in raw) return {drop: typeof raw.drop === 'string' ? [raw.drop] : (raw.drop as string[])}
  if ('default' in raw) {
    const d = raw.default as {attribute: string; value: unknown}
    return {default: {attribute: d.attribute, value: toAttributeValue(d.value)}}
  }
  return raw as TransformSpec
}

const AV_TYPES = ['S', 'N', 'BOOL', 'NULL']

/** Default values: a YAML string, boolean or null, or an explicit {S|N|BOOL|NULL: ...}. */
function attributeValueProblem(value: unknown): string | undefined {
  if (typeof value === 'number') return `write numbers as {N: "${value}"} so they are kept exactly`
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined
  const keys = Object.keys(value as object)
  if (keys.length !== 1 || !AV_TYPES.includes(keys[0])) return `an attribute value is a string, a boolean, null, or one of {S: ...}, {N: "..."}, {BOOL: ...}, {NULL: true}`
  const inner = (value as Record<string, unknown>)[keys[0]]
  if (keys[0] === 'N' && (typeof inner !== 'string' || !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(inner))) return 'N takes a number written as a string, e.g. {N: "12.50"}'
  if (keys[0] === 'S' && typeof inner !== 'string') return 'S takes a string'
  if (keys[0] === 'BOOL' && typeof inner !== 'boolean') return 'BOOL takes true or false'
  if (keys[0] === 'NULL' && inner !== true) return 'NULL takes true'
  return undefined
}

function toAttributeValue(value: unknown): AttributeValue {
  if (value === null) return {NULL: true}
  if (typeof value === 'string') return {S: value}
  if (typeof value === 'boolean') return {BOOL: value}
  return value as AttributeValue
}
