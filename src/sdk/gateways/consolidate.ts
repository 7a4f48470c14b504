import type {APIGatewayClient} from '@aws-sdk/client-api-gateway'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {clientConfig, type AwsTarget} from '../aws/target.js'
import {UsageError} from '../errors.js'
import {type ConsolidationManifest, type ManifestEntry, readManifest, writeManifest} from './manifest.js'
import {
  type Clock,
  DELETE_REST_API_INTERVAL_MS,
  DELETE_RETRY,
  EXPORT_RETRY,
  isNotFound,
  systemClock,
  waitUntil,
  type WaitReason,
  withThrottleRetry,
} from './pacing.js'
import type {
  ConsolidationItem,
  ConsolidationOutcome,
  ConsolidationPlan,
  ConsolidationResult,
  GatewayApi,
  GatewayInventory,
} from './types.js'

export interface PlanOptions {
  /** Id of the REST API that stays. */
  readonly keep: string
  /** Delete APIs even when a mapping or traffic says they are in use. */
  readonly force?: boolean
}

/** The REST API the environment's deployed api stack owns: what `consolidate` proposes to keep. */
export function proposeKeep(inventory: GatewayInventory): GatewayApi | undefined {
  return inventory.apis.find((a) => a.kind === 'REST' && a.ownedByStack !== null)
}

/**
 * Decides, from the inventory's evidence, what happens to every API: the kept one stays; other
 * REST APIs of the platform and environment are deleted unless a custom-domain mapping or traffic
 * shows they are in use (then blocked, unless forced); everything else is left alone, with why.
 */
export function planConsolidation(inventory: GatewayInventory, options: PlanOptions): ConsolidationPlan {
  if (inventory.days === null || inventory.window === null) throw new Error('planConsolidation needs an inventory read with a traffic window')
  const days = inventory.days
  const windowStart = Date.parse(inventory.window.start)
  const kept = inventory.apis.find((a) => a.id === options.keep)
  if (!kept) {
    throw new UsageError(`--keep: no API with id "${options.keep}" in ${inventory.region}`, {
      suggestion: 'run `omnix gateways list` to see the ids (and pass -r if the API is in another region)',
    })
  }
  if (kept.kind !== 'REST') {
    throw new UsageError(`--keep: ${kept.id} (${kept.name}) is a ${kept.kind} API; consolidate keeps one REST API`, {
      suggestion: 'pass the id of the REST API that stays',
    })
  }
  const force = options.force ?? false
  const items = inventory.apis.map((api) => planItem(api, kept, days, windowStart, force, inventory.env))
  const notes: string[] = []
  const namesakes = inventory.apis.filter((a) => a.kind === 'REST' && a.sharesNameWith.length > 0)
  if (namesakes.length > 0) {
    notes.push(
      `CloudWatch keys REST API metrics by name; ${namesakes.map((a) => a.id).join(', ')} share a name with another API, ` +
        'so their traffic was judged by per-API evidence (custom-domain mappings, stages, deployment dates).',
    )
  }
  if (inventory.trafficError !== null) {
    notes.push(`Traffic is unknown (${inventory.trafficError}): every delete that needed traffic evidence is blocked unless --force.`)
  }
  const left = items.filter((i) => i.action === 'leave')
  if (left.length > 0) notes.push(`${left.length} API(s) left alone: not REST APIs of this platform and environment (see their reasons).`)
  if (!kept.ownership.platform) notes.push(`The kept API ${kept.id} ("${kept.name}") does not carry the platform name prefix omnix-ai.`)
  return {region: inventory.region, env: inventory.env, days, keep: {id: kept.id, name: kept.name}, force, items, notes}
}

function planItem(api: GatewayApi, kept: GatewayApi, days: number, windowStart: number, force: boolean, env: string): ConsolidationItem {
  const traffic = api.traffic
  const evidence = {
    mappings: api.mappings,
    requests: traffic?.requests ?? 0,
    ambiguousRequests: traffic?.ambiguousRequests ?? 0,
    lastActiveDay: traffic?.lastActiveDay ?? null,
    lastDeployment: api.lastDeployment,
    stages: api.stages.map((s) => s.name),
  }
  const item = (action: ConsolidationItem['action'], reasons: string[]): ConsolidationItem => ({
    id: api.id,
    name: api.name,
    kind: api.kind,
    action,
    reasons,
    evidence,
  })
  if (api.id === kept.id) return item('keep', ['the API that stays (--keep)'])
  if (api.kind !== 'REST') return item('leave', [`${api.kind} API: only REST APIs are consolidated`])
  if (!api.ownership.platform) return item('leave', [`name "${api.name}" does not start with omnix-ai: not part of the platform`])
  if (!api.ownership.belongsToEnv) {
    return item('leave', [`name "${api.name}" marks it as ${api.ownership.namedEnv}'s, not ${env}'s`])
  }
  if (api.ownedByStack) {
    return item('leave', [`owned by CloudFormation stack ${api.ownedByStack}: remove it through the stack, not out of band`])
  }

  const blockers: string[] = []
  for (const m of api.mappings) {
    blockers.push(`custom domain ${m.domainName} maps base path ${m.basePath}${m.stage ? ` (stage ${m.stage})` : ''} to it`)
  }
  // Without metrics, "no attributable traffic" cannot be shown; an API without a stage needs no such evidence.
  if (traffic === null && api.trafficError !== null && api.stages.length > 0) {
    blockers.push(`traffic unknown (${api.trafficError}): cannot show it has no traffic in the last ${days} days`)
  }
  if (evidence.requests > 0) {
    blockers.push(`${evidence.requests} requests in the last ${days} days${evidence.lastActiveDay ? ` (last on ${evidence.lastActiveDay})` : ''}`)
  }
  const reasons: string[] = []
  if (evidence.ambiguousRequests > 0 && traffic) {
    const others = traffic.ambiguousWith
    if (others.includes(kept.id)) {
      if (api.lastDeployment !== null && Date.parse(api.lastDeployment) >= windowStart) {
        blockers.push(
          `CloudWatch records ${evidence.ambiguousRequests} requests for name "${api.name}", shared with the kept API ${kept.id}, ` +
            `and this API was deployed within the last ${days} days (${api.lastDeployment.slice(0, 10)}): it may be serving them`,
        )
      } else {
        reasons.push(
          `the ${evidence.ambiguousRequests} requests CloudWatch records for name "${api.name}" are shared with the kept API ${kept.id}; ` +
            `this one has no mapping and no deployment in the last ${days} days`,
        )
      }
    } else {
      blockers.push(
        `CloudWatch records ${evidence.ambiguousRequests} requests for name "${api.name}", shared by ${[api.id, ...others].join(', ')}: ` +
          'it cannot tell which of them served them',
      )
    }
  }
  if (blockers.length > 0 && !force) return item('blocked', [...blockers, ...reasons])
  const base =
    blockers.length > 0
      ? [`in use, deleted anyway (--force): ${blockers.join('; ')}`]
      : [
          `duplicate of the kept API ${kept.id}: no custom-domain mapping, ` +
            (api.traffic?.keyedBy === 'no-stage' || api.stages.length === 0 ? 'no stage (nothing can invoke it)' : `no attributable traffic in the last ${days} days`),
        ]
  return item('delete', [...base, ...reasons, `last deployed ${api.lastDeployment?.slice(0, 10) ?? 'never'}`])
}

export type ConsolidationProgress =
  | {readonly type: 'exported'; readonly id: string; readonly name: string; readonly file: string}
  | {readonly type: 'wait'; readonly id: string; readonly name: string; readonly reason: WaitReason; readonly remainingMs: number}
  | {readonly type: 'deleting'; readonly id: string; readonly name: string; readonly attempt: number}
  | {readonly type: 'deleted'; readonly id: string; readonly name: string}
  | {readonly type: 'already-deleted'; readonly id: string; readonly name: string}

export interface ConsolidateOptions {
  /** Where the OpenAPI exports and the resume manifest go. */
  readonly exportDir: string
  readonly dryRun?: boolean
  readonly clock?: Clock
  readonly onProgress?: (event: ConsolidationProgress) => void
  /** Minimum time between two DeleteRestApi calls (the service limit). */
  readonly deleteIntervalMs?: number
}

/**
 * Carries out a plan: exports every API marked delete (OpenAPI 3 with API Gateway extensions),
 * and only when all exports are written deletes them, one per service interval, retrying
 * throttles. APIs already gone (an earlier run, or someone else) are skipped and reported; the
 * manifest in the export directory lets a re-run pick up where this one stopped.
 */
export async function consolidateGateways(target: AwsTarget, plan: ConsolidationPlan, options: ConsolidateOptions): Promise<ConsolidationResult> {
  const clock = options.clock ?? systemClock
  const interval = options.deleteIntervalMs ?? DELETE_REST_API_INTERVAL_MS
  const progress = options.onProgress ?? (() => {})
  const toDelete = plan.items.filter((i) => i.action === 'delete')
  const present = new Set(plan.items.map((i) => i.id))
  const outcomes = new Map<string, ConsolidationOutcome>()
  const outcome = (o: ConsolidationOutcome) => outcomes.set(o.id, o)

  const previous = await readManifest(options.exportDir, plan.region)
  // APIs an earlier run planned that no longer exist: deleted then (or by someone else since).
  for (const entry of previous?.apis ?? []) {
    if (present.has(entry.id)) continue
    outcome({
      id: entry.id,
      name: entry.name,
      status: 'already-deleted',
      exportFiles: entry.exportFiles,
      attempts: 0,
      detail: entry.status === 'deleted' ? `deleted by an earlier run at ${entry.at}` : 'no longer exists',
    })
  }
  for (const item of plan.items.filter((i) => i.action === 'blocked')) {
    outcome({id: item.id, name: item.name, status: 'blocked', exportFiles: [], attempts: 0, detail: item.reasons.join('; ')})
  }

  const finish = (dryRun: boolean): ConsolidationResult => {
    const list = [...outcomes.values()]
    const complete = !dryRun && list.every((o) => o.status === 'deleted' || o.status === 'already-deleted')
    return {plan, dryRun, exportDir: options.exportDir, outcomes: list, complete}
  }

  if (options.dryRun) {
    for (const item of toDelete) {
      outcome({id: item.id, name: item.name, status: 'planned', exportFiles: [], attempts: 0, detail: 'dry run: not exported, not deleted'})
    }
    return finish(true)
  }

  const manifest: ConsolidationManifest = previous ?? {version: 1, region: plan.region, keep: plan.keep.id, lastDeleteAt: null, apis: []}
  manifest.keep = plan.keep.id
  const entry = (id: string, name: string): ManifestEntry => {
    let found = manifest.apis.find((e) => e.id === id)
    if (!found) {
      found = {id, name, status: 'exported', exportFiles: [], at: new Date(clock.now()).toISOString()}
      manifest.apis.push(found)
    }
    return found
  }
  const mark = async (id: string, name: string, status: ManifestEntry['status'], exportFiles?: string[]) => {
    const e = entry(id, name)
    e.status = status
    if (exportFiles) e.exportFiles = exportFiles
    e.at = new Date(clock.now()).toISOString()
    await writeManifest(options.exportDir, manifest)
  }

  const {APIGatewayClient, DeleteRestApiCommand} = await import('@aws-sdk/client-api-gateway')
  // Throttles are paced and retried here with the service's own intervals; the SDK's quick retries would only burn attempts.
  const client = new APIGatewayClient({...clientConfig(target), maxAttempts: 1})
  try {
    if (toDelete.length > 0) await mkdir(options.exportDir, {recursive: true})
    const exported: Array<{item: ConsolidationItem; files: string[]}> = []
    for (const [index, item] of toDelete.entries()) {
      try {
        const files = await exportRestApi(client, item, options.exportDir, clock)
        for (const file of files) progress({type: 'exported', id: item.id, name: item.name, file})
        exported.push({item, files})
        await mark(item.id, item.name, 'exported', files)
      } catch (error) {
        if (isNotFound(error)) {
          progress({type: 'already-deleted', id: item.id, name: item.name})
          outcome({id: item.id, name: item.name, status: 'already-deleted', exportFiles: [], attempts: 0, detail: 'gone before it could be exported'})
          await mark(item.id, item.name, 'already-deleted')
          continue
        }
        // Nothing is deleted unless every export is safely on disk.
        outcome({id: item.id, name: item.name, status: 'failed', exportFiles: [], attempts: 0, detail: `export failed: ${(error as Error).message}`})
        for (const rest of toDelete.slice(index + 1)) pending(rest, 'not exported: an earlier export failed')
        for (const done of exported) pending(done.item, 'exported, not deleted: an export failed', done.files)
        await writeManifest(options.exportDir, manifest)
        return finish(false)
      }
    }

    let lastDeleteAt = manifest.lastDeleteAt ? Date.parse(manifest.lastDeleteAt) : Number.NEGATIVE_INFINITY
    for (const [index, {item, files}] of exported.entries()) {
      const tick = (reason: WaitReason) => (remainingMs: number) => progress({type: 'wait', id: item.id, name: item.name, reason, remainingMs})
      try {
        const {attempts} = await withThrottleRetry(
          () => client.send(new DeleteRestApiCommand({restApiId: item.id})),
          {
            clock,
            policy: DELETE_RETRY,
            beforeAttempt: async (attempt) => {
              if (attempt === 1) await waitUntil(clock, lastDeleteAt + interval, tick('pacing'))
              progress({type: 'deleting', id: item.id, name: item.name, attempt})
            },
            onWait: (reason, remainingMs) => tick(reason)(remainingMs),
          },
        )
        lastDeleteAt = clock.now()
        manifest.lastDeleteAt = new Date(lastDeleteAt).toISOString()
        outcome({id: item.id, name: item.name, status: 'deleted', exportFiles: files, attempts, detail: null})
        progress({type: 'deleted', id: item.id, name: item.name})
        await mark(item.id, item.name, 'deleted')
      } catch (error) {
        const attempts = (error as {attempts?: number}).attempts ?? 1
        if (isNotFound(error)) {
          outcome({id: item.id, name: item.name, status: 'already-deleted', exportFiles: files, attempts, detail: 'already gone when deleted'})
          progress({type: 'already-deleted', id: item.id, name: item.name})
          await mark(item.id, item.name, 'already-deleted')
          continue
        }
        outcome({id: item.id, name: item.name, status: 'failed', exportFiles: files, attempts, detail: `delete failed: ${(error as Error).message}`})
        await mark(item.id, item.name, 'failed')
        for (const rest of exported.slice(index + 1)) pending(rest.item, 'exported, not deleted: an earlier delete failed', rest.files)
        return finish(false)
      }
    }
    return finish(false)
  } finally {
    client.destroy()
  }

  function pending(item: ConsolidationItem, detail: string, files: string[] = []) {
    outcome({id: item.id, name: item.name, status: 'pending', exportFiles: files, attempts: 0, detail})
  }
}

/**
 * Writes one OpenAPI 3 export (with API Gateway extensions) per stage. GetExport needs a stage, so
 * an API without one is saved as its resources and methods instead.
 */
async function exportRestApi(client: APIGatewayClient, item: ConsolidationItem, dir: string, clock: Clock): Promise<string[]> {
  const {GetExportCommand, GetResourcesCommand} = await import('@aws-sdk/client-api-gateway')
  const files: string[] = []
  for (const stage of item.evidence.stages) {
    const {value} = await withThrottleRetry(
      () =>
        client.send(
          new GetExportCommand({
            restApiId: item.id,
            stageName: stage,
            exportType: 'oas30',
            accepts: 'application/json',
            parameters: {extensions: 'apigateway'},
          }),
        ),
      {clock, policy: EXPORT_RETRY},
    )
    const file = join(dir, `${item.id}.${stage}.oas30.json`)
    await writeFile(file, value.body ?? new Uint8Array())
    files.push(file)
  }
  if (item.evidence.stages.length === 0) {
    const resources = []
    let position: string | undefined
    do {
      const {value: page} = await withThrottleRetry(
        () => client.send(new GetResourcesCommand({restApiId: item.id, embed: ['methods'], limit: 500, position})),
        {clock, policy: EXPORT_RETRY},
      )
      resources.push(...(page.items ?? []))
      position = page.position
    } while (position)
    const file = join(dir, `${item.id}.resources.json`)
    const doc = {restApiId: item.id, name: item.name, note: 'no stage to export from: resources and methods as GetResources returns them', resources}
    await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`)
    files.push(file)
  }
  return files
}
