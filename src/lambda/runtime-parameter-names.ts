/**
 * Which catalog parameter each run-time setting is, and the environment variable that carries its
 * NAME to a function. Kept apart from the reader so the stacks can import it without loading the
 * SSM client.
 */
import {parameterName} from '../sdk/catalog/naming.js'

export const RUNTIME_PARAMETERS = {
  corsOrigins: {path: 'api/cors-origins', variable: 'CORS_ORIGINS_PARAMETER'},
  logLevel: {path: 'monitoring/log-level', variable: 'LOG_LEVEL_PARAMETER'},
  bedrockModelId: {path: 'bedrock/model-id', variable: 'BEDROCK_MODEL_ID_PARAMETER'},
} as const

export type RuntimeParameter = keyof typeof RUNTIME_PARAMETERS

/** The environment variables naming `parameters` for a function of `env`. */
export function runtimeParameterEnvironment(env: string, parameters: readonly RuntimeParameter[]): Record<string, string> {
  return Object.fromEntries(parameters.map((p) => [RUNTIME_PARAMETERS[p].variable, parameterName(env, RUNTIME_PARAMETERS[p].path)]))
}
