import {App, Stack} from 'aws-cdk-lib'

import {stackName} from '../src/sdk/catalog/naming.js'
import type {ResolvedConfig} from '../src/sdk/config/resolve.js'

/** The platform's stacks, one concern each, in deployment order. */
export const STACK_CONCERNS = ['security', 'data', 'messaging', 'api', 'observability', 'backup', 'budgets'] as const
export type StackConcern = (typeof STACK_CONCERNS)[number]

export interface PlatformAppOptions {
  readonly config: ResolvedConfig
  /** Cloud assembly output directory. */
  readonly outdir?: string
  /** Run CloudFormation's built-in template validation at synth (slow; `omnix validate` turns it on). */
  readonly validation?: boolean
  /** Custom domain for the REST API (overrides config). */
  readonly domainName?: string
}

/** Builds the CDK app holding every platform stack for one environment. */
export function buildPlatformApp(options: PlatformAppOptions): App {
  const {config} = options
  const app = new App({
    outdir: options.outdir,
    builtinCloudFormationValidation: options.validation ?? false,
  })
  const env = {region: config.region, ...(config.account ? {account: config.account} : {})}
  // Placeholder until each concern has its stack file.
  for (const concern of STACK_CONCERNS) new Stack(app, stackName(config.env, concern), {env})
  return app
}
