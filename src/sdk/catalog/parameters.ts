import type {EnvName} from './environments.js'
import {PARAMETERS, parameterName, PLATFORM_PREFIX} from './naming.js'
import {TABLE_IDS, type TableId} from './tables.js'

/** SSM parameter types the platform uses. */
export type ParameterType = 'String' | 'StringList' | 'SecureString'

/** Who creates the parameter: the security stack at deploy, or an omnix command when it first runs. */
export type ParameterOwner = 'stack' | 'omnix'

export interface ParameterSpec {
  /** Path below `/omnix-ai/{env}/`, e.g. `api/cors-origins`. */
  readonly path: string
  readonly description: string
  /** Type written by `params set` (SecureString exactly when `sensitive`). */
  readonly type: ParameterType
  /** Encrypted with the platform key; the value is never printed unless asked for by name. */
  readonly sensitive: boolean
  readonly owner: ParameterOwner
  /** What reads it (documentation; shown by `params list`). */
  readonly readBy: string
  /** Why a value is refused, or undefined when it is acceptable. */
  readonly validate?: (value: string, env: string) => string | undefined
  /** The value names a DynamoDB table the platform will use: it must exist before it is written. */
  readonly namesTable?: boolean
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const

type StackPath = (typeof PARAMETERS)[number]

/**
 * The parameters the security stack creates (their paths are `PARAMETERS`). Keyed by that list, so
 * a path added there without a declaration here does not compile.
 */
const STACK_PARAMETERS: Readonly<Record<StackPath, Omit<ParameterSpec, 'path' | 'owner' | 'type' | 'sensitive'>>> = {
  'database/endpoint': {description: 'DynamoDB endpoint the services call', readBy: 'API and worker Lambdas'},
  'api/cors-origins': {
    description: 'Origins the API and WebSocket accept (comma-separated)',
    readBy: 'API Lambda, gateway OPTIONS responses',
    validate: (value, env) => (env === 'prod' && value.split(',').some((o) => o.trim() === '*') ? 'prod never accepts "*" as an origin' : undefined),
  },
  'bedrock/model-id': {description: 'Foundation model the platform calls on Bedrock', readBy: 'API Lambda'},
  'monitoring/log-level': {
    description: 'Log level of the Lambdas',
    readBy: 'every Lambda',
    validate: (value) => ((LOG_LEVELS as readonly string[]).includes(value) ? undefined : `must be one of ${LOG_LEVELS.join(', ')}`),
  },
}

/** Path of the cut-over parameter holding a catalog table's name. */
export function tableParameterPath(id: TableId): string {
  return `database/tables/${id}`
}

/** `/omnix-ai/{env}/database/tables/{id}`: the name of the table the services use for `id`. */
export function tableParameterName(env: EnvName | string, id: TableId): string {
  return parameterName(env, tableParameterPath(id))
}

export const LAST_DRILL_PARAMETER_PATH = 'backup/last-drill'

/** `/omnix-ai/{env}/backup/last-drill`: the JSON result of the latest restore drill. */
export function lastDrillParameterName(env: EnvName | string): string {
  return parameterName(env, LAST_DRILL_PARAMETER_PATH)
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/

/** Every parameter the platform reads or writes, declared once: `params` and the stacks use this list. */
export const PARAMETER_SPECS: readonly ParameterSpec[] = [
  ...PARAMETERS.map((path): ParameterSpec => ({path, owner: 'stack', type: 'String', sensitive: false, ...STACK_PARAMETERS[path]})),
  ...TABLE_IDS.map(
    (id): ParameterSpec => ({
      path: tableParameterPath(id),
      description: `DynamoDB table name of the ${id} table (cut-over)`,
      type: 'String',
      sensitive: false,
      owner: 'omnix',
      readBy: 'services, written by omnix migrate-tables and the DR runbook',
      namesTable: true,
      validate: (value) => (TABLE_NAME.test(value) ? undefined : 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)'),
    }),
  ),
  {
    path: LAST_DRILL_PARAMETER_PATH,
    description: 'Result of the latest restore drill (JSON)',
    type: 'String',
    sensitive: false,
    owner: 'omnix',
    readBy: 'operators, written by omnix backup drill',
    validate: (value) => {
      try {
        JSON.parse(value)
        return undefined
      } catch {
        return 'must be JSON'
      }
    },
  },
]

/**
 * Names that hold credentials, for parameters outside the catalog (`params --any`): a last path
 * segment naming a secret, password, token, private key or credentials.
 */
const SENSITIVE_NAME = /(^|[-_/])(secret|password|passwd|token|private-?key|api-?key|credentials?)s?($|[-_])/i

/** The catalog's declaration of a path below `/omnix-ai/{env}/`, if any. */
export function parameterSpec(path: string): ParameterSpec | undefined {
  return PARAMETER_SPECS.find((p) => p.path === path)
}

/** Whether a parameter is sensitive: the catalog says so, or (outside it) its name names a credential. */
export function isSensitiveParameter(path: string): boolean {
  const spec = parameterSpec(path)
  if (spec) return spec.sensitive
  const last = path.split('/').pop() ?? path
  return SENSITIVE_NAME.test(last)
}

/** The platform's KMS key (created by the security stack), which encrypts SecureString parameters. */
export function platformKeyAlias(env: EnvName | string): string {
  return `alias/${PLATFORM_PREFIX}-${env}`
}

/** The path below `/omnix-ai/{env}/` of a full parameter name, or undefined for names outside the env. */
export function parameterPath(env: EnvName | string, name: string): string | undefined {
  const prefix = parameterName(env, '')
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : undefined
}
