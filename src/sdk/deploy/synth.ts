import {readFile} from 'node:fs/promises'

import {type PlatformStack, type SynthesizeOptions, synthesizePlatform} from './assembly.js'
import {resolveStacks} from './selection.js'

export interface SynthPlatformOptions extends Omit<SynthesizeOptions, 'validation' | 'buildApp'> {
  readonly stacks?: readonly string[]
}

export interface SynthPlatformResult {
  readonly env: string
  readonly region: string
  /** The cloud assembly directory (temporary unless `outdir` was given). */
  readonly directory: string
  readonly stacks: readonly PlatformStack[]
}

/** Synthesizes the platform (template validation off) and returns the selected stacks. */
export async function synthPlatform(options: SynthPlatformOptions): Promise<SynthPlatformResult> {
  const assembly = await synthesizePlatform(options)
  return {
    env: options.config.env,
    region: options.config.region,
    directory: assembly.directory,
    stacks: resolveStacks(assembly.stacks, options.stacks),
  }
}

/** A synthesized stack's CloudFormation template. */
export async function readTemplate(stack: PlatformStack): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(stack.templateFile, 'utf8')) as Record<string, unknown>
}
