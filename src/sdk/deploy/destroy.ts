import {ConfirmationRequiredError} from '../errors.js'
import {type PlatformStack, type PlatformTarget, synthesizePlatform} from './assembly.js'
import {toOmnixError} from './errors.js'
import type {ToolkitIo} from './io-host.js'
import {expandSelection, resolveStacks, selectorFor} from './selection.js'
import {getToolkit, withSession} from './toolkit.js'

export interface DestroyPlatformOptions extends PlatformTarget {
  /** Stack names or concerns; stacks that depend on them are destroyed too. Default: all. */
  readonly stacks?: readonly string[]
  readonly io?: ToolkitIo
  /** The caller has shown the plan and the user agreed. Required: the SDK never destroys unasked. */
  readonly confirmed?: boolean
  /** Required for prod in addition to `confirmed`. */
  readonly force?: boolean
  readonly pollIntervalMs?: number
}

export interface DestroyPlan {
  readonly env: string
  readonly region: string
  /** In the order they would be destroyed (dependents first). */
  readonly stacks: readonly PlatformStack[]
  /** Data the stacks keep on delete (prod retains tables, keys and secrets). */
  readonly retainsData: boolean
}

export interface DestroyedStackResult {
  readonly name: string
  /** `absent`: there was no such stack to delete. */
  readonly status: 'destroyed' | 'absent'
}

export interface DestroyPlatformResult {
  readonly env: string
  readonly region: string
  readonly stacks: readonly DestroyedStackResult[]
  readonly retainsData: boolean
}

/** What `destroyPlatform` would delete; touches no AWS API. */
export async function planDestroy(options: Omit<DestroyPlatformOptions, 'confirmed' | 'force'>): Promise<DestroyPlan> {
  const assembly = await synthesizePlatform(options)
  const stacks = expandSelection(assembly.stacks, resolveStacks(assembly.stacks, options.stacks), 'downstream').reverse()
  return {env: options.config.env, region: options.config.region, stacks, retainsData: options.config.settings.retainData}
}

/** Deletes the platform's stacks. Needs `confirmed`, and for prod also `force`. */
export async function destroyPlatform(options: DestroyPlatformOptions): Promise<DestroyPlatformResult> {
  const {config} = options
  if (config.env === 'prod' && !options.force) {
    throw new ConfirmationRequiredError('refusing to destroy prod without --force', 'pass --force and confirm by typing "prod" (scripts: --confirm prod)')
  }
  if (!options.confirmed) {
    throw new ConfirmationRequiredError(`destroying ${config.env} needs confirmation`, 'confirm the plan first (the CLI asks; scripts pass --yes)')
  }
  const plan = await planDestroy(options)
  const assembly = await synthesizePlatform(options)
  const handle = await getToolkit({profile: config.profile, region: config.region})
  const {toolkit, lib} = handle
  const where = `destroy of ${config.env} (${config.region})`
  const result = await withSession(handle, options.io, {destroyConfirmed: true}, async (session) => {
    try {
      return await toolkit.destroy(assembly.assembly, {
        stacks: selectorFor(lib, plan.stacks),
        ...(options.pollIntervalMs === undefined ? {} : {stackEventPollingInterval: options.pollIntervalMs}),
      })
    } catch (error) {
      if (session.callbackError) throw session.callbackError
      throw toOmnixError(error, where)
    }
  })
  return {
    env: config.env,
    region: config.region,
    retainsData: plan.retainsData,
    stacks: result.stacks.map((s) => ({name: s.stackName, status: s.stackExisted ? 'destroyed' : 'absent'})),
  }
}
