import {mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {App, Stack} from 'aws-cdk-lib'
import {Template} from 'aws-cdk-lib/assertions'

import {buildPlatformApp, STACK_CONCERNS, type StackConcern} from '../../stacks/app.js'
import {type EnvName, stackName} from '../../src/sdk/catalog/index.js'
import {resolveConfig, type ResolvedConfig} from '../../src/sdk/config/resolve.js'

/**
 * The platform variants the template tests look at:
 * - `dev`, `prod`: the environments' defaults;
 * - `prod-full`: prod with every optional feature on (EU geo restriction, custom domain,
 *   Bedrock budget), synthesized with CloudFormation's template validation.
 */
export type PlatformVariant = EnvName | 'prod-full'

export const CUSTOM_DOMAIN = 'api.omnix.example'

export interface SynthesizedPlatform {
  readonly app: App
  readonly config: ResolvedConfig
  readonly outdir: string
  readonly stacks: Readonly<Record<StackConcern, Stack>>
  readonly templates: Readonly<Record<StackConcern, Template>>
  /** Every template file of the cloud assembly, parsed, by file name. */
  readonly templateFiles: Readonly<Record<string, unknown>>
  /** What the synth printed (the validation report, for the validated variant). */
  readonly synthOutput: string
}

const cache = new Map<PlatformVariant, Promise<SynthesizedPlatform>>()

async function synthesize(variant: PlatformVariant): Promise<SynthesizedPlatform> {
  const env: EnvName = variant === 'prod-full' ? 'prod' : variant
  // An empty directory and environment: no config file or AWS_REGION from the machine leaks in.
  const cwd = mkdtempSync(join(tmpdir(), 'omnix-stacks-cwd-'))
  const resolved = await resolveConfig({flags: {env}, environment: {}, cwd})
  const config: ResolvedConfig =
    variant === 'prod-full'
      ? {...resolved, settings: {...resolved.settings, geoRestrictEu: true, budgets: {...resolved.settings.budgets, bedrockMonthly: 200}}}
      : resolved
  const outdir = mkdtempSync(join(tmpdir(), `omnix-stacks-${variant}-`))
  const app = buildPlatformApp({
    config,
    outdir,
    validation: variant === 'prod-full',
    domainName: variant === 'prod-full' ? CUSTOM_DOMAIN : undefined,
  })
  // The validation report is printed to the console; keep it out of the test output.
  const printed: string[] = []
  const saved = {log: console.log, warn: console.warn, error: console.error}
  console.log = console.warn = console.error = (...args: unknown[]) => void printed.push(args.join(' '))
  try {
    app.synth()
  } finally {
    Object.assign(console, saved)
  }
  const stacks = {} as Record<StackConcern, Stack>
  const templates = {} as Record<StackConcern, Template>
  for (const concern of STACK_CONCERNS) {
    const stack = app.node.findChild(stackName(env, concern)) as Stack
    stacks[concern] = stack
    templates[concern] = Template.fromStack(stack)
  }
  const templateFiles: Record<string, unknown> = {}
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    templateFiles[file] = JSON.parse(readFileSync(join(outdir, file), 'utf8'))
  }
  return {app, config, outdir, stacks, templates, templateFiles, synthOutput: printed.join('\n')}
}

/** Synthesizes a variant once per test process; every test file shares the result. */
export function synthesizedPlatform(variant: PlatformVariant): Promise<SynthesizedPlatform> {
  let pending = cache.get(variant)
  if (!pending) {
    pending = synthesize(variant)
    cache.set(variant, pending)
  }
  return pending
}

/**
 * Synthesizes the variants in a `before` hook of the calling describe block, within `timeout`
 * milliseconds, and returns how its tests read them once it has run.
 */
export function synthesizedBefore(variants: readonly PlatformVariant[], timeout = 120_000): (variant: PlatformVariant) => SynthesizedPlatform {
  const ready = new Map<PlatformVariant, SynthesizedPlatform>()
  before(async function () {
    this.timeout(timeout)
    const platforms = await Promise.all(variants.map((v) => synthesizedPlatform(v)))
    for (const [i, v] of variants.entries()) ready.set(v, platforms[i])
  })
  return (variant) => {
    const platform = ready.get(variant)
    if (platform === undefined) throw new Error(`${variant} is not synthesized in this describe block (see synthesizedBefore)`)
    return platform
  }
}

/** Resources of one type in a template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, {Properties: Record<string, any>; [k: string]: any}> {
  return template.findResources(type) as Record<string, {Properties: Record<string, any>}>
}

export function only<T>(record: Record<string, T>): T {
  const values = Object.values(record)
  if (values.length !== 1) throw new Error(`expected exactly one resource, found ${values.length}`)
  return values[0]
}
