import {createHash} from 'node:crypto'

import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {TABLES, type TableDefinition, type TableId, tableDefinition, tableName} from '../catalog/tables.js'
import {type DiscoveredTable, discoverTables} from './discovery.js'
import {MappingError, type MappingEntry, type MappingFile} from './mapping.js'
import {builtinKeyTransform, type KeyAttr, parseTableName, targetKeys} from './rules.js'
import {describeTransforms, guaranteedAttributes, type TransformSpec} from './transforms.js'

/** One source table copied into one catalog table. */
export interface PlanCopy {
  readonly source: string
  readonly sourceKeys: readonly KeyAttr[]
  readonly targetId: TableId
  readonly target: string
  readonly targetKeys: readonly string[]
  readonly transforms: readonly TransformSpec[]
  /** The transforms in words, e.g. `PK = "SALES#" + product_id`; empty when items copy unchanged. */
  readonly transformText: readonly string[]
  readonly itemCount: number
  readonly sizeBytes: number
  /** Why this source goes to this target: the mapping file line or the naming pattern. */
  readonly matchedBy: string
}

export interface PlanTarget {
  readonly id: TableId
  readonly name: string
  /** False: the run creates it from the catalog. */
  readonly exists: boolean
  readonly sources: readonly string[]
}

export type LeftAloneKind = 'catalog' | 'other-env' | 'skipped' | 'unassigned' | 'needs-mapping' | 'not-mapped' | 'foreign' | 'missing'

export interface PlanLeftAlone {
  readonly table: string
  readonly kind: LeftAloneKind
  readonly reason: string
  readonly itemCount: number
}

export interface PlanOrphan {
  readonly table: string
  readonly reason: string
  readonly itemCount: number
  readonly sizeBytes: number
}

export interface MigrationPlan {
  readonly env: string
  /** Stable id of what the plan copies (sources, targets, transforms): names its checkpoint and lock. */
  readonly planId: string
  readonly copies: readonly PlanCopy[]
  readonly targets: readonly PlanTarget[]
  readonly leftAlone: readonly PlanLeftAlone[]
  readonly orphans: readonly PlanOrphan[]
  readonly totals: {readonly tables: number; readonly items: number; readonly bytes: number}
  readonly warnings: readonly string[]
  readonly mapping?: string
}

export interface PlanInputs {
  readonly env: string
  readonly mapping?: MappingFile
}

export async function buildPlan(client: DynamoDBClient, inputs: PlanInputs): Promise<MigrationPlan> {
  return planFromTables(await discoverTables(client), inputs)
}

/** The plan for a set of described tables (no I/O). */
export function planFromTables(tables: readonly DiscoveredTable[], inputs: PlanInputs): MigrationPlan {
  const {env, mapping} = inputs
  const byName = new Map(tables.map((t) => [t.name, t]))
  const mapped = new Map((mapping?.entries ?? []).map((e) => [e.source, e]))
  const useRules = mapping?.builtinRules ?? true
  const copies: PlanCopy[] = []
  const leftAlone: PlanLeftAlone[] = []
  const orphans: PlanOrphan[] = []
  const warnings: string[] = []
  const catalogNames = new Set(TABLES.map((t) => tableName(env, t.id)))

  for (const entry of mapping?.entries ?? []) {
    if (!byName.has(entry.source)) {
      leftAlone.push({table: entry.source, kind: 'missing', reason: `listed in ${mapping!.origin}:${entry.line} but not found`, itemCount: 0})
      warnings.push(`${mapping!.origin}:${entry.line}: source table ${entry.source} does not exist`)
    }
  }

  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) {
    const entry = mapped.get(table.name)
    if (entry) {
      planMapped(table, entry, mapping!.origin)
      continue
    }
    const match = parseTableName(table.name)
    if (match.kind === 'foreign') {
      leftAlone.push({table: table.name, kind: 'foreign', reason: 'not an omnix-ai table', itemCount: table.itemCount})
      continue
    }
    if (!useRules) {
      leftAlone.push({table: table.name, kind: 'not-mapped', reason: `not in ${mapping!.origin} (builtinRules: false)`, itemCount: table.itemCount})
      continue
    }
    switch (match.kind) {
      case 'catalog': {
        leftAlone.push(
          match.env === env
            ? {table: table.name, kind: 'catalog', reason: `already the catalog table "${match.targetId}": kept as is`, itemCount: table.itemCount}
            : {table: table.name, kind: 'other-env', reason: `catalog table of env ${match.env}`, itemCount: table.itemCount},
        )
        break
      }
      case 'legacy': {
        if (match.env !== env) {
          leftAlone.push({table: table.name, kind: 'other-env', reason: `legacy table of env ${match.env} (${match.pattern})`, itemCount: table.itemCount})
          break
        }
        const def = tableDefinition(match.targetId)
        const transforms = builtinKeyTransform(def, table.keys)
        if (!transforms) {
          leftAlone.push({
            table: table.name,
            kind: 'needs-mapping',
            reason: `keys ${keyText(table.keys)} do not fit ${match.targetId} ${keyText(targetKeys(def))} and no built-in rule converts them: map it in a mapping file`,
            itemCount: table.itemCount,
          })
          break
        }
        copies.push(copyOf(table, def, transforms, `rule ${match.pattern} (resource "${match.resource}")`))
        break
      }
      case 'unassigned': {
        leftAlone.push({
          table: table.name,
          kind: 'unassigned',
          reason: `${match.pattern} name without an environment (looks like ${match.targetId}): map it in a mapping file`,
          itemCount: table.itemCount,
        })
        break
      }
      case 'orphan': {
        const why = match.resource
          ? `resource "${match.resource}"${match.env ? ` (env ${match.env})` : ''} matches no catalog table`
          : 'matches none of the platform naming patterns'
        orphans.push({table: table.name, reason: why, itemCount: table.itemCount, sizeBytes: table.sizeBytes})
        break
      }
    }
  }

  function planMapped(table: DiscoveredTable, entry: MappingEntry, origin: string): void {
    if (entry.skip !== undefined) {
      leftAlone.push({table: table.name, kind: 'skipped', reason: `${origin}:${entry.line}: ${entry.skip}`, itemCount: table.itemCount})
      return
    }
    const def = tableDefinition(entry.target!)
    if (table.name === tableName(env, def.id)) {
      leftAlone.push({table: table.name, kind: 'catalog', reason: `already the catalog table "${def.id}": kept as is`, itemCount: table.itemCount})
      return
    }
    const wanted = targetKeys(def).map((k) => k.name)
    let transforms: readonly TransformSpec[]
    if (entry.transforms) {
      transforms = entry.transforms
      const present = guaranteedAttributes(
        table.keys.map((k) => k.name),
        transforms,
      )
      const lacking = wanted.filter((k) => !present.has(k))
      if (lacking.length > 0) {
        throw new MappingError(
          `${origin}:${entry.line}: tables[${mapping!.entries.indexOf(entry)}].transforms: the target ${def.id} is keyed by ${wanted.join(', ')} but the transforms do not produce ${lacking.join(', ')} from the source keys ${keyText(table.keys)}`,
          entry.line,
          `tables[${mapping!.entries.indexOf(entry)}].transforms`,
          `add e.g. "- prefix: {attribute: ${lacking[0]}, prefix: \\"...#\\", from: ${table.keys[0]?.name ?? 'id'}}"`,
        )
      }
    } else {
      const builtin = builtinKeyTransform(def, table.keys)
      if (!builtin) {
        throw new MappingError(
          `${origin}:${entry.line}: tables[${mapping!.entries.indexOf(entry)}]: ${table.name} is keyed by ${keyText(table.keys)} but ${def.id} by ${keyText(targetKeys(def))}, and no built-in rule converts them`,
          entry.line,
          `tables[${mapping!.entries.indexOf(entry)}].transforms`,
          `give transforms that produce ${wanted.join(' and ')}`,
        )
      }
      transforms = builtin
    }
    copies.push(copyOf(table, def, transforms, `${origin}:${entry.line}`))
  }

  function copyOf(table: DiscoveredTable, def: TableDefinition, transforms: readonly TransformSpec[], matchedBy: string): PlanCopy {
    return {
      source: table.name,
      sourceKeys: table.keys,
      targetId: def.id,
      target: tableName(env, def.id),
      targetKeys: targetKeys(def).map((k) => k.name),
      transforms,
      transformText: describeTransforms(transforms),
      itemCount: table.itemCount,
      sizeBytes: table.sizeBytes,
      matchedBy,
    }
  }

  const targetIds = [...new Set(copies.map((c) => c.targetId))]
  for (const copy of copies) {
    if (catalogNames.has(copy.source)) {
      const consumer = copies.find((c) => c.target === copy.source)
      if (consumer) throw new MappingError(`${copy.source} would be both a source (to ${copy.target}) and the target of ${consumer.source}`)
    }
  }
  const targets: PlanTarget[] = targetIds.map((id) => {
    const name = tableName(env, id)
    const existing = byName.get(name)
    if (existing) {
      const expected = targetKeys(tableDefinition(id))
      if (keyText(existing.keys) !== keyText(expected)) {
        throw new MappingError(`target table ${name} exists with keys ${keyText(existing.keys)}, but the catalog says ${keyText(expected)}`, undefined, undefined, 'fix or remove the table by hand first')
      }
    }
    return {id, name, exists: existing !== undefined, sources: copies.filter((c) => c.targetId === id).map((c) => c.source)}
  })

  const planId = createHash('sha256')
    .update(JSON.stringify({env, copies: copies.map((c) => [c.source, c.target, c.transforms])}))
    .digest('hex')
    .slice(0, 12)
  return {
    env,
    planId,
    copies,
    targets,
    leftAlone,
    orphans,
    totals: {tables: copies.length, items: copies.reduce((n, c) => n + c.itemCount, 0), bytes: copies.reduce((n, c) => n + c.sizeBytes, 0)},
    warnings,
    ...(mapping ? {mapping: mapping.origin} : {}),
  }
}

export function keyText(keys: readonly KeyAttr[]): string {
  return `(${keys.map((k) => `${k.name}:${k.type}`).join(', ')})`
}
