import {TABLES, tableName} from '../catalog/tables.js'
import {defaultStatePath, FileStateStore, type StateStore, TableStateStore} from '../migration/checkpoint.js'
import {discoverTables} from '../migration/discovery.js'
import {planFromTables} from '../migration/plan.js'
import {type MigrationStatus, migrationStatus} from '../migration/status.js'
import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf, plural} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

/** Where `migrate-tables` may have kept its checkpoint: the env's analytics table, then the local state file. */
export async function defaultMigrationStores(ctx: StatusContext): Promise<StateStore[]> {
  const client = await ctx.clients.dynamo()
  return [new TableStateStore(client, tableName(ctx.env, 'analytics'), ctx.env), new FileStateStore(defaultStatePath(ctx.env))]
}

/**
 * Task 3: every catalog table exists, and every legacy table of the env (one `migrate-tables`
 * would copy) is gone or has a verified copy in the migration's checkpoint.
 */
export async function checkTables(ctx: StatusContext): Promise<CheckOutcome> {
  const {env} = ctx
  const tables = await discoverTables(await ctx.clients.dynamo())
  const names = new Set(tables.map((t) => t.name))
  const missing = TABLES.map((t) => tableName(env, t.id)).filter((name) => !names.has(name))
  const parts: EvidencePart[] = [
    missing.length === 0
      ? ok(`all ${TABLES.length} catalog tables exist`)
      : bad(`${plural(missing.length, 'catalog table')} missing: ${missing.join(', ')}`, `omnix deploy -e ${env} --stacks data`),
  ]

  const plan = planFromTables(tables, {env})
  if (plan.copies.length === 0) {
    parts.push(ok(`no legacy table of ${env} is left`))
  } else {
    const status = await readMigration(ctx)
    const bySource = new Map((status?.tables ?? []).map((t) => [t.source, t]))
    for (const copy of plan.copies) {
      const progress = bySource.get(copy.source)
      if (progress?.status === 'verified') {
        parts.push(ok(`legacy ${copy.source} has a verified copy in ${progress.target} (plan ${status!.planId}); it can be deleted`))
      } else if (progress?.status === 'copied') {
        parts.push(bad(`legacy ${copy.source} was copied to ${progress.target} but not verified`, `omnix migrate-tables verify -e ${env}`))
      } else if (progress?.status === 'failed') {
        parts.push(bad(`legacy ${copy.source}: its migration failed`, `omnix migrate-tables status -e ${env}`))
      } else {
        parts.push(bad(`legacy ${copy.source} (${plural(copy.itemCount, 'item')}) is not migrated to ${copy.target}${progress ? ` (${progress.status})` : ''}`, `omnix migrate-tables -e ${env}`))
      }
    }
  }
  const unassigned = plan.leftAlone.filter((t) => t.kind === 'unassigned' || t.kind === 'needs-mapping')
  if (unassigned.length > 0) {
    parts.push(ok(`not judged (need a mapping file to name their environment): ${unassigned.map((t) => t.table).join(', ')}`))
  }
  return outcomeOf(parts)
}

async function readMigration(ctx: StatusContext): Promise<MigrationStatus | undefined> {
  const stores = await (ctx.options.migrationStores ?? (() => defaultMigrationStores(ctx)))()
  for (const store of stores) {
    const status = await migrationStatus(store)
    if (status) return status
  }
  return undefined
}
