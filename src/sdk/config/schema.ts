import {z} from 'zod'

import {ENVIRONMENTS} from '../catalog/environments.js'
import {isCorsOrigin} from './cors-origins.js'

const money = z.number().positive()

const envOverrides = z
  .object({
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as eu-central-1'),
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
    logRetentionDays: z.number().int().positive(),
    pointInTimeRecovery: z.boolean(),
    retainData: z.boolean(),
    alarms: z.boolean(),
    domainName: z.string().min(3),
    budgets: z.strictObject({daily: money, monthly: money, bedrockMonthly: money}).partial(),
    salesRetentionYears: z.number().int().min(2, 'at least 2 (yearly seasonality needs two years)'),
    geoRestrictEu: z.boolean(),
    corsOrigins: z.array(z.string().refine(isCorsOrigin, 'an origin such as https://app.example.com (scheme, host, optional port), or "*"')),
  })
  .partial()
  .strict()

/** The optional `omnix.config.json`. Every object is strict: an unknown key is an error naming it. */
export const configFileSchema = z
  .object({
    $schema: z.string(),
    env: z.enum(ENVIRONMENTS),
    region: envOverrides.shape.region.unwrap(),
    profile: z.string().min(1),
    environments: z.strictObject({dev: envOverrides, staging: envOverrides, prod: envOverrides}).partial(),
  })
  .partial()
  .strict()

export type ConfigFile = z.infer<typeof configFileSchema>
