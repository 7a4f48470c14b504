import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {DEFAULT_ENV_SETTINGS, type EnvName, type EnvSettings, isEnvName} from '../catalog/environments.js'
import {ConfigError, UsageError} from '../errors.js'
import {type ConfigFile, configFileSchema} from './schema.js'

export const CONFIG_FILE_NAME = 'omnix.config.json'

export type ValueSource = 'flag' | 'env' | 'file' | 'default'

export interface ConfigInputs {
  /** Values given on the command line (highest precedence). */
  readonly flags?: {env?: string; region?: string; profile?: string}
  /** Process environment; `OMNIX_ENV`, `AWS_REGION`, `AWS_PROFILE` are read. */
  readonly environment?: NodeJS.ProcessEnv
  /** Directory searched for `omnix.config.json`. */
  readonly cwd?: string
  /** Explicit config file path (overrides the search). */
  readonly configFile?: string
}

export interface ResolvedConfig {
  readonly env: EnvName
  readonly region: string
  readonly profile?: string
  readonly account?: string
  readonly settings: EnvSettings
  /** Where each top-level value came from. */
  readonly sources: Readonly<Record<'env' | 'region' | 'profile' | 'account' | 'settings', ValueSource>>
  readonly configFile?: string
}

export async function loadConfigFile(path: string, required = false): Promise<ConfigFile | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`, {
      suggestion: 'fix the JSON syntax or delete the file to use the defaults',
    })
  }
  return parseConfigFile(data, path)
}

export function parseConfigFile(data: unknown, origin = CONFIG_FILE_NAME): ConfigFile {
  const parsed = configFileSchema.safeParse(data)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  let key = issue.path.join('.')
  let message = issue.message
  if (issue.code === 'unrecognized_keys') {
    key = [...issue.path, issue.keys[0]].join('.')
    message = `unknown key "${key}"`
  } else {
    message = `"${key}": ${message}`
  }
  throw new ConfigError(`${origin}: ${message}`, {key, suggestion: `fix or remove "${key}" in ${origin}`})
}

/** Resolves the effective config: flags > environment variables > omnix.config.json > defaults. */
export async function resolveConfig(inputs: ConfigInputs = {}): Promise<ResolvedConfig> {
  const flags = inputs.flags ?? {}
  const environment = inputs.environment ?? process.env
  const path = inputs.configFile ?? join(inputs.cwd ?? process.cwd(), CONFIG_FILE_NAME)
  const file = await loadConfigFile(path, inputs.configFile !== undefined)

  const pick = <T>(flag: T | undefined, envValue: T | undefined, fileValue: T | undefined): [T | undefined, ValueSource] => {
    if (flag !== undefined && flag !== '') return [flag, 'flag']
    if (envValue !== undefined && envValue !== '') return [envValue, 'env']
    if (fileValue !== undefined) return [fileValue, 'file']
    return [undefined, 'default']
  }

  const [envRaw, envSource] = pick<string>(flags.env, environment.OMNIX_ENV, file?.env)
  const env = envRaw ?? 'dev'
  if (!isEnvName(env)) {
    const where = envSource === 'flag' ? '--env' : envSource === 'env' ? 'OMNIX_ENV' : 'env'
    throw new UsageError(`${where}: unknown environment "${env}"`, {suggestion: 'use one of dev, staging, prod'})
  }
  const overrides = file?.environments?.[env]
  const defaults = DEFAULT_ENV_SETTINGS[env]
  const settingsFromFile = overrides !== undefined && Object.keys(overrides).length > 0
  const envRegionFromFile = overrides?.region
  const [regionRaw, regionSource] = pick<string>(
    flags.region,
    environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION,
    envRegionFromFile ?? file?.region,
  )
  const region = regionRaw ?? defaults.region
  const [profile, profileSource] = pick<string>(flags.profile, environment.AWS_PROFILE, file?.profile)

  const settings: EnvSettings = {
    ...defaults,
    ...overrides,
    budgets: {...defaults.budgets, ...overrides?.budgets},
    region,
  }
  return {
    env,
    region,
    profile,
    account: settings.account,
    settings,
    sources: {
      env: envSource,
      region: regionSource,
      profile: profileSource,
      account: overrides?.account === undefined ? 'default' : 'file',
      settings: settingsFromFile ? 'file' : 'default',
    },
    configFile: file ? path : undefined,
  }
}
