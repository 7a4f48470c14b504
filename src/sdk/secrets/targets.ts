import {SECRETS, type SecretId, secretName} from '../catalog/naming.js'
import {UsageError} from '../errors.js'
import {isSecretId, secretIdFromName} from './values.js'

/**
 * The catalog secrets a command acts on: one given by id (`jwt-signing`) or full name
 * (`omnix-ai/{env}/jwt-signing`), or all of them.
 */
export function selectSecrets(env: string, name: string | undefined, all: boolean): Array<{id: SecretId; name: string}> {
  if (all && name !== undefined) throw new UsageError(`give either a secret name ("${name}") or --all, not both`)
  if (all) return SECRETS.map((id) => ({id, name: secretName(env, id)}))
  if (name === undefined) throw new UsageError('name the secret to rotate, or pass --all', {suggestion: `one of: ${SECRETS.join(', ')}`})
  if (isSecretId(name)) return [{id: name, name: secretName(env, name)}]
  const parsed = secretIdFromName(name)
  if (!parsed) throw new UsageError(`"${name}" is not one of the platform's secrets`, {suggestion: `use one of: ${SECRETS.join(', ')}`})
  if (parsed.env !== env) throw new UsageError(`"${name}" belongs to environment ${parsed.env}, not ${env}`, {suggestion: `pass -e ${parsed.env}`})
  return [{id: parsed.id, name}]
}
