import {KNOWN_WEAK_SECRETS} from '../../src/sdk/catalog/index.js'

/** Environment variable names that would carry a secret value (names ending _ARN/_NAME/_ID only point to one). */
const SECRET_VARIABLE = /SECRET|PASSWORD|PRIVATE|TOKEN|API_?KEY/i
const SECRET_POINTER = /_(ARN|NAME|ID)$/

interface CfnTemplate {
  readonly Resources?: Record<string, {readonly Type: string; readonly Properties?: Record<string, any>}>
}

/** Known weak secret values and `SecretString` properties anywhere in a JSON document. */
export function findSecretValues(value: unknown, path = '$'): string[] {
  const found: string[] = []
  const visit = (node: unknown, at: string) => {
    if (typeof node === 'string') {
      for (const weak of KNOWN_WEAK_SECRETS) if (node.includes(weak)) found.push(`${at}: known weak secret`)
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${at}[${i}]`))
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'SecretString') found.push(`${at}.${key}: secret value in template`)
        visit(child, `${at}.${key}`)
      }
    }
  }
  visit(value, path)
  return found
}

/**
 * Every place a CloudFormation template carries a secret in plain text: known weak values,
 * `SecretString`, a literal API key value, or a secret-bearing Lambda environment variable.
 */
export function scanTemplate(template: CfnTemplate, name: string): string[] {
  const found = findSecretValues(template, name)
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const at = `${name}.Resources.${id}`
    if (resource.Type === 'AWS::ApiGateway::ApiKey' && resource.Properties?.Value !== undefined) {
      found.push(`${at}.Properties.Value: literal API key`)
    }
    if (resource.Type === 'AWS::Lambda::Function') {
      for (const key of Object.keys(resource.Properties?.Environment?.Variables ?? {})) {
        if (SECRET_VARIABLE.test(key) && !SECRET_POINTER.test(key)) found.push(`${at}.Environment.Variables.${key}: secret in environment`)
      }
    }
  }
  return found
}
