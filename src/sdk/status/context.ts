import type {BackupClient} from '@aws-sdk/client-backup'
import type {CloudFormationClient, Stack} from '@aws-sdk/client-cloudformation'
import type {CloudTrailClient} from '@aws-sdk/client-cloudtrail'
import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import type {ConfigServiceClient} from '@aws-sdk/client-config-service'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import type {SSMClient} from '@aws-sdk/client-ssm'
import type {WAFV2Client} from '@aws-sdk/client-wafv2'

import {type AwsTarget, clientConfig} from '../aws/target.js'
import type {EnvSettings} from '../catalog/environments.js'
import {stackName} from '../catalog/naming.js'
import type {ValidatePlatformResult} from '../deploy/validate.js'
import type {GatewayCheckResult} from '../gateways/types.js'
import type {StateStore} from '../migration/checkpoint.js'

/** Answer of the health check's GET. */
export interface HttpAnswer {
  readonly status: number
  readonly ms: number
}

/** A GET bounded by `timeoutMs`; rejects (TimeoutError) when no answer arrives in time. */
export type HttpGet = (url: string, timeoutMs: number) => Promise<HttpAnswer>

export interface DriftWait {
  /** Between two DescribeStackDriftDetectionStatus calls (default 5 s). */
  readonly pollMs?: number
  /** Give up (unknown) after this many polls per stack (default 36: three minutes at 5 s). */
  readonly maxPolls?: number
  readonly sleep?: (ms: number) => Promise<void>
}

export interface StatusOptions {
  readonly env: string
  readonly settings: EnvSettings
  readonly target: AwsTarget
  /** The account the environment is pinned to, if configured (Budgets needs the account id). */
  readonly account?: string
  /** Only these task ids (default all 15). */
  readonly tasks?: readonly number[]
  readonly now?: () => Date
  readonly httpGet?: HttpGet
  /** Bound of the health check (default 5 s). */
  readonly healthTimeoutMs?: number
  readonly drift?: DriftWait
  /** cdk-nag findings of the synthesized templates (task 15); the command passes `nagPlatform`. Unset: unknown. */
  readonly nag?: () => Promise<ValidatePlatformResult>
  /** Where migrate-tables keeps its checkpoint (default: the env's analytics table, then the local state file). */
  readonly migrationStores?: () => Promise<readonly StateStore[]>
  /** Called as each task is judged (progress). */
  readonly onTask?: (id: number) => void
}

export interface StatusClients {
  cloudFormation(): Promise<CloudFormationClient>
  cloudWatch(): Promise<CloudWatchClient>
  dynamo(): Promise<DynamoDBClient>
  backup(): Promise<BackupClient>
  ssm(): Promise<SSMClient>
  secretsManager(): Promise<SecretsManagerClient>
  wafv2(): Promise<WAFV2Client>
  config(): Promise<ConfigServiceClient>
  cloudTrail(): Promise<CloudTrailClient>
}

/** What the checks share: the options, lazily built clients, and evidence more than one task reads. */
export class StatusContext {
  readonly clients: StatusClients
  private readonly built: Array<{destroy(): void}> = []
  private readonly memo = new Map<string, Promise<unknown>>()

  constructor(readonly options: StatusOptions) {
    const config = clientConfig(options.target)
    const lazy = <C extends {destroy(): void}>(load: () => Promise<new (c: typeof config) => C>) => {
      let client: Promise<C> | undefined
      return () =>
        (client ??= load().then((Client) => {
          const c = new Client(config)
          this.built.push(c)
          return c
        }))
    }
    this.clients = {
      cloudFormation: lazy(async () => (await import('@aws-sdk/client-cloudformation')).CloudFormationClient),
      cloudWatch: lazy(async () => (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient),
      dynamo: lazy(async () => (await import('@aws-sdk/client-dynamodb')).DynamoDBClient),
      backup: lazy(async () => (await import('@aws-sdk/client-backup')).BackupClient),
      ssm: lazy(async () => (await import('@aws-sdk/client-ssm')).SSMClient),
      secretsManager: lazy(async () => (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient),
      wafv2: lazy(async () => (await import('@aws-sdk/client-wafv2')).WAFV2Client),
      config: lazy(async () => (await import('@aws-sdk/client-config-service')).ConfigServiceClient),
      cloudTrail: lazy(async () => (await import('@aws-sdk/client-cloudtrail')).CloudTrailClient),
    }
  }

  get env(): string {
    return this.options.env
  }

  get region(): string {
    return this.options.target.region
  }

  now(): Date {
    return (this.options.now ?? (() => new Date()))()
  }

  /** Reads `key` once per run, however many tasks ask for it (failures are shared too). */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined
    if (!pending) {
      pending = read()
      this.memo.set(key, pending)
    }
    return pending
  }

  /** The deployed stack of a concern, or undefined when it does not exist. */
  stack(concern: string): Promise<Stack | undefined> {
    const name = stackName(this.env, concern)
    return this.once(`stack:${name}`, async () => {
      const {DescribeStacksCommand} = await import('@aws-sdk/client-cloudformation')
      const client = await this.clients.cloudFormation()
      try {
        return (await client.send(new DescribeStacksCommand({StackName: name}))).Stacks?.[0]
      } catch (error) {
        // CloudFormation names a missing stack with a ValidationError "Stack with id … does not exist".
        if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) return undefined
        throw error
      }
    })
  }

  /** The gateways check (REST and WebSocket APIs of the env), read once for tasks 2, 4 and 8. */
  gateways(): Promise<GatewayCheckResult> {
    return this.once('gateways', async () => {
      const [{listGateways}, {checkGateways}] = await Promise.all([import('../gateways/inventory.js'), import('../gateways/check.js')])
      const inventory = await listGateways(this.options.target, {env: this.env, mappings: false, deployments: false, stackOwnership: false})
      return checkGateways(inventory)
    })
  }

  destroy(): void {
    for (const client of this.built.splice(0)) client.destroy()
  }
}

/** A stack output's value. */
export function outputOf(stack: Stack, key: string): string | undefined {
  return stack.Outputs?.find((o) => o.OutputKey === key)?.OutputValue
}
