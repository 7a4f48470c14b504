import {App, type Environment, Tags, Validations} from 'aws-cdk-lib'

import {PLATFORM_PREFIX, type StackConcern, stackName} from '../src/sdk/catalog/naming.js'
import {assertCorsOriginsAllowed} from '../src/sdk/config/cors-origins.js'
import type {ResolvedConfig} from '../src/sdk/config/resolve.js'
import {ApiStack} from './api-stack.js'
import {BackupStack} from './backup-stack.js'
import {BudgetsStack} from './budgets-stack.js'
import {ComplianceStack} from './compliance-stack.js'
import {DataStack} from './data-stack.js'
import {defaultBundleDir} from './lambda-bundle.js'
import {FORECAST_WORKER, MessagingStack} from './messaging-stack.js'
import {nagChecks} from './nag-suppressions.js'
import {ObservabilityStack} from './observability-stack.js'
import type {PlatformContext} from './platform-context.js'
import {DEFAULT_BEDROCK_MODEL_ID, SecurityStack} from './security-stack.js'

export {STACK_CONCERNS, type StackConcern} from '../src/sdk/catalog/naming.js'

export interface PlatformAppOptions {
  readonly config: ResolvedConfig
  /** Cloud assembly output directory. */
  readonly outdir?: string
  /** Run CloudFormation's built-in template validation at synth (slow; `omnix validate` turns it on). */
  readonly validation?: boolean
  /** Custom domain for the REST API (overrides config). */
  readonly domainName?: string
  /**
   * Where Lambda bundles are written and cached between runs.
   * Default: `.omnix/build/lambda` beside `outdir`, or `omnix-build/lambda` in the temp dir.
   */
  readonly bundleDir?: string
  /** Extra CDK context (e.g. what the toolkit passes to an assembly builder). */
  readonly context?: Record<string, unknown>
  /** Run the cdk-nag AwsSolutions pack at synth (`omnix validate` turns it on). */
  readonly nag?: boolean
}

/**
 * Makes CloudFormation validation errors fail the synth. Without it CDK downgrades them to
 * warnings, and a template CloudFormation would reject still synthesizes.
 */
export const VALIDATION_ERRORS_FAIL_CONTEXT = '@aws-cdk/core:validateAgainstDefaultRules'

/**
 * Cross-stack references stay CloudFormation exports/imports ("strong"): a stack cannot be
 * deleted while another still uses its key, tables or topic. Stated explicitly, as CDK asks.
 */
export const CROSS_STACK_REFERENCES_CONTEXT = '@aws-cdk/core:defaultCrossStackReferences'

/** Builds the CDK app holding every platform stack for one environment. */
export function buildPlatformApp(options: PlatformAppOptions): App {
  const {config} = options
  assertCorsOriginsAllowed(config.env, config.settings.corsOrigins)
  const validation = options.validation ?? false
  const app = new App({
    outdir: options.outdir,
    builtinCloudFormationValidation: validation,
    context: {
      [CROSS_STACK_REFERENCES_CONTEXT]: 'strong',
      ...(validation ? {[VALIDATION_ERRORS_FAIL_CONTEXT]: true} : {}),
      ...options.context,
    },
    // Construct stack traces and the version-reporting resource only cost synth time here.
    stackTraces: false,
    analyticsReporting: false,
  })
  const env: Environment = {region: config.region, ...(config.account ? {account: config.account} : {})}
  const context: PlatformContext = {
    env: config.env,
    settings: config.settings,
    bundleDir: options.bundleDir ?? defaultBundleDir(options.outdir),
  }
  const name = (concern: StackConcern) => stackName(config.env, concern)
  const description = (what: string) => `omnix-ai ${config.env}: ${what}`

  const security = new SecurityStack(app, name('security'), {
    env,
    context,
    description: description('KMS key, secrets with rotation, SSM parameters'),
  })
  const data = new DataStack(app, name('data'), {env, context, key: security.key, description: description('DynamoDB tables')})
  const messaging = new MessagingStack(app, name('messaging'), {
    env,
    context,
    key: security.key,
    tables: data.tables,
    description: description('queues, forecast worker, alerts topic, nightly forecast schedule'),
  })
  const api = new ApiStack(app, name('api'), {
    env,
    context,
    key: security.key,
    tables: data.tables,
    forecastingQueue: messaging.queues.forecasting.queue,
    jwtSigningSecret: security.secrets['jwt-signing'],
    domainName: options.domainName ?? config.settings.domainName,
    description: description('REST and WebSocket APIs, WAF'),
  })
  const observability = new ObservabilityStack(app, name('observability'), {
    env,
    context,
    webSocketApi: api.webSocketApi,
    functionNames: [...Object.keys(api.functions), security.rotationFunctionName, FORECAST_WORKER.name],
    forecastWorkerName: FORECAST_WORKER.name,
    queueNames: Object.values(messaging.queues).map((q) => q.name),
    alertsTopic: messaging.alertsTopic,
    bedrockModelId: DEFAULT_BEDROCK_MODEL_ID,
    description: description('dashboard and alarms'),
  })
  const backup = new BackupStack(app, name('backup'), {
    env,
    context,
    key: security.key,
    description: description('AWS Backup plan for the tables'),
  })
  const budgets = new BudgetsStack(app, name('budgets'), {
    env,
    context,
    alertsTopic: messaging.alertsTopic,
    description: description('cost budgets'),
  })

  const compliance = new ComplianceStack(app, name('compliance'), {
    env,
    context,
    key: security.key,
    description: description('AWS Config recorder and rules, CloudTrail trail'),
  })

  // Stacks that reference others only by name still need them deployed first.
  data.addStackDependency(security)
  messaging.addStackDependency(security)
  messaging.addStackDependency(data)
  api.addStackDependency(data)
  api.addStackDependency(messaging)
  observability.addStackDependency(api)
  observability.addStackDependency(messaging)
  observability.addStackDependency(data)
  backup.addStackDependency(data)
  budgets.addStackDependency(messaging)
  compliance.addStackDependency(security)

  Tags.of(app).add('Project', PLATFORM_PREFIX)
  Tags.of(app).add('Environment', config.env)
  if (options.nag) Validations.of(app).addPlugins(nagChecks(app))
  return app
}
