import {ENVIRONMENTS} from '../catalog/environments.js'
import {PLATFORM_PREFIX} from '../catalog/naming.js'
import {FORECASTING_KEYS, TABLE_IDS, type TableDefinition, type TableId} from '../catalog/tables.js'
import type {TransformSpec} from './transforms.js'

export interface KeyAttr {
  readonly name: string
  readonly type: string
}

/** What a table name says about the table, by the naming patterns the legacy deployments used. */
export type NameMatch =
  /** `omnix-ai-{env}-{id}`: the catalog name itself (the keep-as-is tables such as omnix-ai-dev-users). */
  | {readonly kind: 'catalog'; readonly env: string; readonly targetId: TableId; readonly pattern: string}
  /** A legacy name whose resource maps to a catalog table. */
  | {readonly kind: 'legacy'; readonly env: string; readonly targetId: TableId; readonly resource: string; readonly pattern: string}
  /** A legacy name without an environment in it: cannot be assigned without a mapping file. */
  | {readonly kind: 'unassigned'; readonly targetId: TableId; readonly resource: string; readonly pattern: string}
  /** A platform name whose resource no catalog table stands for. */
  | {readonly kind: 'orphan'; readonly env?: string; readonly resource?: string; readonly pattern?: string}
  /** Not a platform table at all. */
  | {readonly kind: 'foreign'}

const ENV_TOKENS: readonly string[] = ENVIRONMENTS

/**
 * Legacy resource names and the catalog table each one's data belongs to. The catalog ids map to
 * themselves; the rest are the names the four older deployment methods used.
 */
const RESOURCE_ALIASES: Readonly<Record<string, TableId>> = {
  ...Object.fromEntries(TABLE_IDS.map((id) => [id, id])),
  user: 'users',
  product: 'products',
  order: 'orders',
  session: 'sessions',
  customers: 'customer-profiles',
  'customer-profile': 'customer-profiles',
  recommendation: 'recommendations',
  metrics: 'analytics',
  alerts: 'analytics',
  'historical-data': 'forecasting',
  historical: 'forecasting',
  history: 'forecasting',
  sales: 'forecasting',
  'sales-data': 'forecasting',
  'sales-history': 'forecasting',
  forecasts: 'forecasting',
  forecast: 'forecasting',
  predictions: 'forecasting',
}

const CDK_PREFIX = `${PLATFORM_PREFIX}-cdk-`

export function resourceTarget(resource: string): TableId | undefined {
  return Object.hasOwn(RESOURCE_ALIASES, resource) ? RESOURCE_ALIASES[resource] : undefined
}

/** Reads a table name against the known patterns. */
export function parseTableName(name: string): NameMatch {
  if (!name.startsWith(`${PLATFORM_PREFIX}-`)) return {kind: 'foreign'}
  if (name.startsWith(CDK_PREFIX)) return parseCdkName(name.slice(CDK_PREFIX.length))
  const rest = name.slice(PLATFORM_PREFIX.length + 1)

  const leadingEnv = ENV_TOKENS.find((env) => rest.startsWith(`${env}-`))
  if (leadingEnv) {
    const resource = rest.slice(leadingEnv.length + 1)
    if ((TABLE_IDS as readonly string[]).includes(resource)) {
      return {kind: 'catalog', env: leadingEnv, targetId: resource as TableId, pattern: `${PLATFORM_PREFIX}-{env}-{resource}`}
    }
    const targetId = resourceTarget(resource)
    if (targetId) return {kind: 'legacy', env: leadingEnv, targetId, resource, pattern: `${PLATFORM_PREFIX}-{env}-{resource}`}
    return {kind: 'orphan', env: leadingEnv, resource, pattern: `${PLATFORM_PREFIX}-{env}-{resource}`}
  }

  const trailingEnv = ENV_TOKENS.find((env) => rest.endsWith(`-${env}`))
  if (trailingEnv) {
    const resource = rest.slice(0, -(trailingEnv.length + 1))
    const targetId = resourceTarget(resource)
    if (targetId) return {kind: 'legacy', env: trailingEnv, targetId, resource, pattern: `${PLATFORM_PREFIX}-{resource}-{env}`}
    return {kind: 'orphan', env: trailingEnv, resource, pattern: `${PLATFORM_PREFIX}-{resource}-{env}`}
  }
  return {kind: 'orphan'}
}

/**
 * CDK-generated names: `omnix-ai-cdk-{env}-{Resource}[Table][-SUFFIX]` or
 * `omnix-ai-cdk-{Resource}[Table]-{env}[-SUFFIX]`, the resource possibly in CamelCase.
 */
function parseCdkName(rest: string): NameMatch {
  const pattern = `${PLATFORM_PREFIX}-cdk-*`
  const words = kebab(rest.replace(/-[A-Z0-9]{8,}$/, '')).split('-').filter(Boolean)
  let env: string | undefined
  if (words.length > 1 && ENV_TOKENS.includes(words[0])) env = words.shift()
  else if (words.length > 1 && ENV_TOKENS.includes(words.at(-1)!)) env = words.pop()
  if (words.length > 1 && words.at(-1) === 'table') words.pop()
  const resource = words.join('-')
  const targetId = resourceTarget(resource)
  if (!targetId) return {kind: 'orphan', env, resource, pattern}
  if (!env) return {kind: 'unassigned', targetId, resource, pattern}
  return {kind: 'legacy', env, targetId, resource, pattern}
}

function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase()
}

function sameKeys(a: readonly KeyAttr[], b: readonly KeyAttr[]): boolean {
  return a.length === b.length && a.every((k, i) => k.name === b[i].name && k.type === b[i].type)
}

export function targetKeys(def: TableDefinition): KeyAttr[] {
  return def.sortKey ? [def.partitionKey, def.sortKey] : [def.partitionKey]
}

/**
 * The built-in key transform from a legacy key schema to a catalog table's keys: none when the
 * schemas already agree, the prefixed single-table keys for the old forecasting tables, and
 * undefined when no rule knows how (a mapping file must say).
 */
export function builtinKeyTransform(target: TableDefinition, sourceKeys: readonly KeyAttr[]): TransformSpec[] | undefined {
  if (sameKeys(sourceKeys, targetKeys(target))) return []
  const names = sourceKeys.map((k) => k.name).join('+')
  const datePrefix = FORECASTING_KEYS.dateSk('')
  if (target.id === 'forecasting' && names === 'product_id+date') {
    return [
      {prefix: {attribute: 'PK', prefix: FORECASTING_KEYS.salesPk(''), from: 'product_id'}},
      {prefix: {attribute: 'SK', prefix: datePrefix, from: 'date'}},
    ]
  }
  if (target.id === 'forecasting' && names === 'product_id+forecast_date') {
    return [
      {prefix: {attribute: 'PK', prefix: FORECASTING_KEYS.forecastPk(''), from: 'product_id'}},
      {prefix: {attribute: 'SK', prefix: datePrefix, from: 'forecast_date'}},
    ]
  }
  if (target.id === 'analytics' && names === 'id') {
    // Legacy alerts were keyed by id alone; in the analytics table each alert is its own item.
    return [
      {prefix: {attribute: 'PK', prefix: 'ALERT#', from: 'id'}},
      {prefix: {attribute: 'SK', prefix: 'ALERT#', from: 'id'}},
    ]
  }
  return undefined
}
