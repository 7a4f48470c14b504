import {RemovalPolicy} from 'aws-cdk-lib'
import {RetentionDays} from 'aws-cdk-lib/aws-logs'

import {type EnvName, type EnvSettings, resourceName} from '../src/sdk/catalog/index.js'

/** What every platform stack needs to know about the environment it is built for. */
export interface PlatformContext {
  readonly env: EnvName
  readonly settings: EnvSettings
  /** Directory the Lambda bundles are written to. */
  readonly bundleDir: string
}

/** Data resources survive stack deletion where the environment says so (prod). */
export function dataRemovalPolicy(settings: EnvSettings): RemovalPolicy {
  return settings.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY
}

const RETENTION_VALUES = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'))

/** The environment's log retention as a CloudWatch Logs retention period. */
export function logRetention(settings: EnvSettings): RetentionDays {
  const days = settings.logRetentionDays
  if (!RETENTION_VALUES.has(days)) {
    const allowed = [...RETENTION_VALUES].filter((v) => v > 0).sort((a, b) => a - b)
    throw new Error(`logRetentionDays ${days} is not a CloudWatch Logs retention period; use one of ${allowed.join(', ')}`)
  }
  return days as RetentionDays
}

/** Log level the handlers run at, also published as the monitoring/log-level parameter. */
export function logLevel(env: EnvName): 'DEBUG' | 'INFO' {
  return env === 'dev' ? 'DEBUG' : 'INFO'
}

/** Name of the dead-letter queue serving a catalog queue (`forecasting-queue` → `omnix-ai-{env}-forecasting-queue-dlq`). */
export function deadLetterQueueName(env: string, queueName: string): string {
  return resourceName(env, `${queueName}-dlq`)
}

/** `customer-profiles` → `CustomerProfiles`, for construct ids and output names. */
export function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())
}
