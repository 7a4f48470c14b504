/**
 * The run-time parameters the handlers read from SSM Parameter Store (CORS origins, log level,
 * Bedrock model id). The environment carries only the parameter NAMES; values are read on first
 * use and cached for `PARAMETER_MAX_AGE_SECONDS`, so a changed parameter reaches every warm
 * function within that time, without a deploy.
 */
import {getParameter} from '@aws-lambda-powertools/parameters/ssm'

import {type CorsPolicy, parseCorsOrigins} from '../sdk/config/cors-origins.js'
import {RUNTIME_PARAMETERS, type RuntimeParameter} from './runtime-parameter-names.js'
import {LOG_LEVELS, type LogLevel, setLogLevel} from './structured-log.js'

export {RUNTIME_PARAMETERS, type RuntimeParameter} from './runtime-parameter-names.js'

/** How long a value read from SSM is reused before it is read again. */
export const PARAMETER_MAX_AGE_SECONDS = 60

/** A parameter's value, or why it could not be read. */
export type ParameterRead = {readonly value: string; readonly error?: undefined} | {readonly value?: undefined; readonly error: string}

/** Reads one parameter (cached). Never throws: a missing name or a failed read comes back as `error`. */
export async function readRuntimeParameter(parameter: RuntimeParameter): Promise<ParameterRead> {
  const {variable} = RUNTIME_PARAMETERS[parameter]
  const name = process.env[variable]
  if (!name) return {error: `${variable} is not set`}
  try {
    const value = await getParameter(name, {maxAge: PARAMETER_MAX_AGE_SECONDS})
    if (value === undefined || value === '') return {error: `${name} has no value`}
    return {value}
  } catch (error) {
    return {error: `cannot read ${name}: ${(error as Error).name}: ${(error as Error).message}`}
  }
}

/**
 * The origins browsers may call from. When the parameter cannot be read no origin is allowed:
 * failing closed only costs browsers access, failing open would allow every site.
 */
export async function corsPolicy(): Promise<CorsPolicy & {readonly error?: string}> {
  const read = await readRuntimeParameter('corsOrigins')
  if (read.error !== undefined) return {...parseCorsOrigins(''), error: read.error}
  return parseCorsOrigins(read.value)
}

/** The handlers' log level; INFO when the parameter is unset, unreadable or not a level. */
export async function runtimeLogLevel(): Promise<LogLevel> {
  const read = await readRuntimeParameter('logLevel')
  const level = read.value?.trim().toUpperCase()
  return level !== undefined && (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'INFO'
}

/** Reads the log level and applies it to every logger of this execution environment. */
export async function applyRuntimeLogLevel(): Promise<LogLevel> {
  const level = await runtimeLogLevel()
  setLogLevel(level)
  return level
}

/** The Bedrock foundation model to call; undefined (with the reason) when it cannot be read. */
export async function bedrockModelId(): Promise<ParameterRead> {
  return readRuntimeParameter('bedrockModelId')
}
