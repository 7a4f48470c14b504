import type {StackSelector} from '@aws-cdk/toolkit-lib'

import {UsageError} from '../errors.js'
import type {PlatformStack} from './assembly.js'
import type {ToolkitLib} from './toolkit.js'

/** Which other stacks join a selection: none, those it depends on (deploy), or those depending on it (destroy). */
export type SelectionExpansion = 'none' | 'upstream' | 'downstream'

/**
 * Resolves `--stacks` names against the synthesized stacks. A name may be the concern (`data`), the
 * stack name (`omnix-ai-dev-data`), the construct id, or a glob over stack names (`*-api`).
 * An unknown name is a usage error that lists the valid ones.
 */
export function resolveStacks(stacks: readonly PlatformStack[], names: readonly string[] | undefined): PlatformStack[] {
  if (!names || names.length === 0) return [...stacks]
  const chosen = new Set<PlatformStack>()
  for (const raw of names) {
    const name = raw.trim()
    if (name === '') continue
    const matches = name.includes('*')
      ? stacks.filter((s) => globToRegExp(name).test(s.name) || globToRegExp(name).test(s.id))
      : stacks.filter((s) => s.name === name || s.id === name || s.concern === name)
    if (matches.length === 0) {
      throw new UsageError(`--stacks: no stack matches "${name}"`, {
        suggestion: `use one of: ${stacks.map((s) => s.concern).join(', ')} (or the full names, e.g. ${stacks[0]?.name ?? 'omnix-ai-dev-data'})`,
      })
    }
    for (const m of matches) chosen.add(m)
  }
  // Keep the app's order, which is the deployment order.
  return stacks.filter((s) => chosen.has(s))
}

/** The stacks a selection expands to, in the app's order. */
export function expandSelection(all: readonly PlatformStack[], selected: readonly PlatformStack[], expansion: SelectionExpansion): PlatformStack[] {
  const chosen = new Set(selected.map((s) => s.name))
  if (expansion !== 'none') {
    let grew = true
    while (grew) {
      grew = false
      for (const stack of all) {
        const linked =
          expansion === 'upstream'
            ? all.filter((s) => chosen.has(s.name)).some((s) => s.dependencies.includes(stack.name))
            : stack.dependencies.some((d) => chosen.has(d))
        if (linked && !chosen.has(stack.name)) {
          chosen.add(stack.name)
          grew = true
        }
      }
    }
  }
  return all.filter((s) => chosen.has(s.name))
}

/** The toolkit's selector for exactly these stacks (already expanded). */
export function selectorFor(lib: ToolkitLib, stacks: readonly PlatformStack[]): StackSelector {
  return {
    strategy: lib.StackSelectionStrategy.PATTERN_MUST_MATCH,
    patterns: stacks.map((s) => s.id),
    expand: lib.ExpandStackSelection.NONE,
  }
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}
