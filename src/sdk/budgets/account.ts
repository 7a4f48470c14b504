import {clientConfig, type AwsTarget} from '../aws/target.js'
import {ConfigError} from '../errors.js'

/**
 * The account the credentials act in (Budgets calls name it explicitly). When the environment's
 * config pins an account, credentials for any other account are refused rather than used.
 */
export async function resolveAccountId(target: AwsTarget, env: string, configuredAccount?: string): Promise<string> {
  const {STSClient, GetCallerIdentityCommand} = await import('@aws-sdk/client-sts')
  const client = new STSClient(clientConfig(target))
  try {
    const {Account} = await client.send(new GetCallerIdentityCommand({}))
    if (!Account) throw new Error('GetCallerIdentity returned no account')
    if (configuredAccount && configuredAccount !== Account) {
      throw new ConfigError(`the credentials are for account ${Account}, but environment ${env} is configured for account ${configuredAccount}`, {
        key: `environments.${env}.account`,
        suggestion: `use credentials for ${configuredAccount} (--profile), or fix environments.${env}.account in omnix.config.json`,
      })
    }
    return Account
  } finally {
    client.destroy()
  }
}
