import type {StackDiff} from '@aws-cdk/toolkit-lib'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {PermissionChange} from './approval.js'
import {type PlatformStack, type PlatformTarget, removeAtExit, synthesizePlatform} from './assembly.js'
import {toOmnixError} from './errors.js'
import type {ToolkitIo} from './io-host.js'
import {resolveStacks, selectorFor} from './selection.js'
import {getToolkit, withSession} from './toolkit.js'

/**
 * `local-file`: against an empty template, with no AWS call at all (what a first deployment creates).
 * `template`: against the deployed templates (reads them; changes nothing).
 * `change-set`: CloudFormation computes the changes, including replacements (creates and deletes a change set).
 */
export type DiffMethodName = 'local-file' | 'template' | 'change-set'

export interface DiffPlatformOptions extends PlatformTarget {
  readonly stacks?: readonly string[]
  /** Already-resolved stacks (callers that expanded a selection); wins over `stacks`. */
  readonly selected?: readonly PlatformStack[]
  readonly method?: DiffMethodName
  readonly io?: ToolkitIo
}

export interface StackDiffSummary {
  readonly stack: string
  /** Every difference (resources, outputs, parameters …). */
  readonly changes: number
  readonly resources: {readonly added: number; readonly removed: number; readonly updated: number; readonly replaced: number}
  readonly permissionChange: PermissionChange
  /** The toolkit's readable diff of the stack. */
  readonly diff: string
}

export interface DiffPlatformResult {
  readonly env: string
  readonly region: string
  readonly method: DiffMethodName
  readonly stacks: readonly StackDiffSummary[]
  readonly stacksWithChanges: number
}

const STACK_DIFF = 'CDK_TOOLKIT_I4002'

let emptyTemplate: Promise<string> | undefined

/** Diffs the synthesized platform (synthesized once per process) against the chosen baseline. */
export async function diffPlatform(options: DiffPlatformOptions): Promise<DiffPlatformResult> {
  const {config} = options
  const method = options.method ?? 'template'
  const assembly = await synthesizePlatform(options)
  const stacks = options.selected ? [...options.selected] : resolveStacks(assembly.stacks, options.stacks)
  const handle = await getToolkit({profile: config.profile, region: config.region})
  const {toolkit, lib} = handle
  const where = `diff of ${config.env} (${config.region})`
  const summaries = await withSession(handle, options.io, {capture: [STACK_DIFF]}, async (session) => {
    try {
      if (method === 'local-file') {
        const path = await emptyTemplatePath()
        // A local-file diff compares one stack at a time.
        for (const stack of stacks) {
          await toolkit.diff(assembly.assembly, {stacks: selectorFor(lib, [stack]), method: lib.DiffMethod.LocalFile(path)})
        }
      } else if (stacks.length > 0) {
        await toolkit.diff(assembly.assembly, {
          stacks: selectorFor(lib, stacks),
          method: method === 'change-set' ? lib.DiffMethod.ChangeSet() : lib.DiffMethod.TemplateOnly(),
        })
      }
    } catch (error) {
      throw toOmnixError(error, where)
    }
    return session.capturedData<StackDiff>(STACK_DIFF).map(summarize)
  })
  return {
    env: config.env,
    region: config.region,
    method,
    stacks: summaries,
    stacksWithChanges: summaries.filter((s) => s.changes > 0).length,
  }
}

function summarize(diff: StackDiff): StackDiffSummary {
  const resources = {added: 0, removed: 0, updated: 0, replaced: 0}
  let changes = 0
  for (const template of Object.values(diff.diffs)) {
    const t = template as unknown as TemplateDiffView
    changes += t.differenceCount
    for (const change of Object.values(t.resources.changes)) {
      if (change.isAddition) resources.added++
      else if (change.isRemoval) resources.removed++
      else {
        resources.updated++
        if (change.changeImpact === 'WILL_REPLACE' || change.changeImpact === 'MAY_REPLACE') resources.replaced++
      }
    }
  }
  return {
    stack: diff.stack.stackName,
    changes,
    resources,
    permissionChange: diff.permissionChanges as PermissionChange,
    diff: diff.formattedDiff.diff,
  }
}

/** The slice of @aws-cdk/cloudformation-diff's TemplateDiff this module reads. */
interface TemplateDiffView {
  readonly differenceCount: number
  readonly resources: {
    readonly changes: Record<string, {isAddition: boolean; isRemoval: boolean; changeImpact?: string}>
  }
}

function emptyTemplatePath(): Promise<string> {
  emptyTemplate ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnix-diff-'))
    removeAtExit(dir)
    const path = join(dir, 'empty.template.json')
    await writeFile(path, '{}\n')
    return path
  })()
  return emptyTemplate
}
