import type {SuccessfulDeployStackResult} from '@aws-cdk/toolkit-lib'
import {mkdir, writeFile} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'

import {failuresOf, isRootStackEvent} from './activity.js'
import {type PlatformTarget, synthesizePlatform} from './assembly.js'
import {diffPlatform, type StackDiffSummary} from './diff.js'
import {DeployFailedError, toOmnixError} from './errors.js'
import type {ToolkitIo} from './io-host.js'
import {expandSelection, resolveStacks, selectorFor} from './selection.js'
import {getToolkit, withSession} from './toolkit.js'

export interface DeployPlatformOptions extends PlatformTarget {
  /** Stack names or concerns; the stacks they depend on are deployed too. Default: all. */
  readonly stacks?: readonly string[]
  /** Synthesize and diff against the deployed templates only: no change set, nothing changed. */
  readonly dryRun?: boolean
  /** Write the deployed stacks' outputs here as JSON ({stackName: {OutputKey: value}}). */
  readonly outputsFile?: string
  readonly io?: ToolkitIo
  /** Milliseconds between stack event polls while CloudFormation works (toolkit default 2000). */
  readonly pollIntervalMs?: number
}

export interface DeployedStack {
  readonly name: string
  /** `deployed`: CloudFormation executed changes; `unchanged`: nothing to do; `planned`: dry run. */
  readonly status: 'deployed' | 'unchanged' | 'planned'
  readonly arn?: string
  readonly outputs: Readonly<Record<string, string>>
}

export interface DeployPlatformResult {
  readonly env: string
  readonly region: string
  readonly domainName?: string
  readonly dryRun: boolean
  readonly stacks: readonly DeployedStack[]
  /** Outputs by stack name (API URL, table names …). */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, string>>>>
  readonly outputsFile?: string
  /** With `dryRun`: what each stack would change. */
  readonly changes?: readonly StackDiffSummary[]
}

const DEPLOY_RESULT = 'CDK_TOOLKIT_I5900'

/**
 * Deploys the platform through CloudFormation change sets. Each stack's change set is created first;
 * whether it runs without asking follows `io.requireApproval` (see OmnixIoHost).
 */
export async function deployPlatform(options: DeployPlatformOptions): Promise<DeployPlatformResult> {
  const {config} = options
  const domainName = options.domainName ?? config.settings.domainName
  const assembly = await synthesizePlatform(options)
  const stacks = expandSelection(assembly.stacks, resolveStacks(assembly.stacks, options.stacks), 'upstream')
  const base = {env: config.env, region: config.region, ...(domainName ? {domainName} : {})}

  if (options.dryRun) {
    const plan = await diffPlatform({...options, selected: stacks, method: 'template'})
    return {
      ...base,
      dryRun: true,
      stacks: stacks.map((s) => ({name: s.name, status: 'planned' as const, outputs: {}})),
      outputs: {},
      changes: plan.stacks,
    }
  }

  const handle = await getToolkit({profile: config.profile, region: config.region})
  const {toolkit, lib} = handle
  const where = `deploy to ${config.env} (${config.region})`
  const deployed = await withSession(handle, options.io, {capture: [DEPLOY_RESULT]}, async (session) => {
    try {
      const result = await toolkit.deploy(assembly.assembly, {
        stacks: selectorFor(lib, stacks),
        deploymentMethod: {method: 'change-set'},
        concurrency: 1,
        ...(options.pollIntervalMs === undefined ? {} : {stackEventPollingInterval: options.pollIntervalMs}),
      })
      const noOp = new Set(
        session
          .capturedData<SuccessfulDeployStackResult>(DEPLOY_RESULT)
          .filter((r) => r.noOp)
          .map((r) => r.stackArn),
      )
      return result.stacks.map(
        (s): DeployedStack => ({name: s.stackName, status: noOp.has(s.stackArn) ? 'unchanged' : 'deployed', arn: s.stackArn, outputs: s.outputs}),
      )
    } catch (error) {
      if (session.callbackError) throw session.callbackError
      const failures = failuresOf(session.events)
      const isDeployment = (error as {type?: string}).type === 'deployment'
      if (failures.length > 0 || isDeployment) {
        const done = session.capturedData<SuccessfulDeployStackResult>(DEPLOY_RESULT).map((r) => stackNameFromArn(r.stackArn))
        const failed = [...new Set(failures.map((f) => f.stack))]
        const finalStatus = failed.map((name) => {
          const last = session.events.filter((e) => e.stack === name && isRootStackEvent(e)).at(-1)
          return last ? `${name} ended in ${last.status}` : name
        })
        const detail = failures.length > 0 ? finalStatus.join(', ') : toOmnixError(error, where).message
        throw new DeployFailedError(`${where} failed: ${detail}`, failures, done, error)
      }
      throw toOmnixError(error, where)
    }
  })

  const outputs = Object.fromEntries(deployed.map((s) => [s.name, s.outputs]))
  let outputsFile: string | undefined
  if (options.outputsFile) {
    outputsFile = resolve(options.outputsFile)
    await mkdir(dirname(outputsFile), {recursive: true})
    await writeFile(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`)
  }
  return {...base, dryRun: false, stacks: deployed, outputs, ...(outputsFile ? {outputsFile} : {})}
}

function stackNameFromArn(arn: string): string {
  return /:stack\/([^/]+)\//.exec(arn)?.[1] ?? arn
}
