import {type PlatformStack, type PlatformTarget, synthesizePlatform} from './assembly.js'
import {toOmnixError} from './errors.js'
import type {ToolkitIo} from './io-host.js'
import {resolveStacks, selectorFor} from './selection.js'
import {getToolkit, withSession} from './toolkit.js'

export interface ListPlatformOptions extends PlatformTarget {
  readonly stacks?: readonly string[]
  readonly io?: ToolkitIo
}

export interface ListedStack {
  readonly name: string
  readonly concern: string
  readonly region: string
  readonly account?: string
  readonly resources: number
  /** Names of the stacks it depends on (deployed before it, destroyed after it). */
  readonly dependencies: readonly string[]
}

/** The platform's stacks in deployment order, with their dependencies, as the toolkit lists them. */
export async function listPlatformStacks(options: ListPlatformOptions): Promise<ListedStack[]> {
  const {config} = options
  const assembly = await synthesizePlatform(options)
  const selected = resolveStacks(assembly.stacks, options.stacks)
  const handle = await getToolkit({profile: config.profile, region: config.region})
  const details = await withSession(handle, options.io, {}, async () => {
    try {
      return await handle.toolkit.list(assembly.assembly, {stacks: selectorFor(handle.lib, selected)})
    } catch (error) {
      throw toOmnixError(error, `listing ${config.env}`)
    }
  })
  const byId = new Map<string, PlatformStack>()
  for (const stack of assembly.stacks) {
    byId.set(stack.id, stack)
    byId.set(stack.name, stack)
  }
  return details.map((detail) => {
    const stack = byId.get(detail.id) ?? byId.get(detail.name)
    const dependencies = detail.dependencies.map((d) => byId.get(d.id)?.name ?? d.id)
    return {
      name: detail.name,
      concern: stack?.concern ?? detail.name,
      region: stack?.region ?? detail.environment.region,
      ...(stack?.account ? {account: stack.account} : {}),
      resources: stack?.resources ?? 0,
      dependencies,
    }
  })
}
