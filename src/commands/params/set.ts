import {Args, Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {platformKeyAlias} from '../../sdk/catalog/parameters.js'
import {dynamoClient, isAwsError} from '../../sdk/dynamodb/client.js'
import {ConfirmationRequiredError, UsageError} from '../../sdk/errors.js'
import {ssmClient} from '../../sdk/params/client.js'
import {applySet, planSet, resolvePath, type SetPlan} from '../../sdk/params/store.js'

export interface ParamsSetOutput extends SetPlan {
  readonly env: string
  readonly dryRun: boolean
  readonly written: boolean
  readonly version?: number
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

export default class ParamsSet extends OmnixCommand<typeof ParamsSet> {
  static summary = 'Write a new version of a parameter, after showing the old → new change and asking.'
  static description = `The catalog decides the type: SecureString encrypted with the platform key (alias/omnix-ai-{env}) for sensitive names, String otherwise; declared parameters are checked (e.g. the log level, table names; a cut-over parameter is only written when its table exists and is ACTIVE, unless --force). The change is shown first (secure values as ********) and confirmed; --yes skips the question, and without a terminal omnix refuses unless --yes. An unchanged value writes nothing.
Pass a secret through stdin (--stdin) rather than as an argument, which would stay in the shell history.`
  static examples = [
    {description: 'Quieter logs in staging.', command: '<%= config.bin %> <%= command.id %> monitoring/log-level WARN -e staging'},
    {description: 'Point the services at a restored table (DR runbook).', command: '<%= config.bin %> <%= command.id %> database/tables/orders omnix-ai-prod-orders-restored -e prod --yes'},
    {description: 'A secret, from stdin.', command: 'printf %s "$TOKEN" | <%= config.bin %> <%= command.id %> integrations/webhook-token --stdin --any -e prod --yes'},
  ]
  static args = {
    name: Args.string({description: 'Parameter path (monitoring/log-level) or full name.', required: true}),
    value: Args.string({description: 'The new value (or --stdin).'}),
  }
  static flags = {
    stdin: Flags.boolean({summary: 'Read the value from stdin.'}),
    any: Flags.boolean({summary: 'Allow a parameter the catalog does not declare.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do not ask.'}),
    'dry-run': Flags.boolean({summary: 'Show the change; write nothing.'}),
    force: Flags.boolean({summary: 'Write a table name even when the table cannot be confirmed ACTIVE.'}),
  }

  async run(): Promise<ParamsSetOutput> {
    const {args, flags} = this
    const config = await this.omnixConfig()
    if ((args.value === undefined) === !flags.stdin) throw new UsageError('give the value as an argument or with --stdin (not both)')
    const value = args.value ?? (await readStdin())
    const path = resolvePath(config.env, args.name, {any: flags.any})
    const ssm = await ssmClient(config)
    const plan = await planSet(ssm, config.env, path, value, {keyAlias: platformKeyAlias(config.env), tableStatus: (table) => tableStatus(config, table), force: flags.force})
    const result = (written: boolean, version?: number): ParamsSetOutput => ({env: config.env, ...plan, dryRun: Boolean(flags['dry-run']), written, ...(version === undefined ? {} : {version})})
    if (!this.jsonEnabled()) this.note(renderPlan(plan))
    if (plan.changed === false) {
      if (!this.jsonEnabled()) this.note('Unchanged: nothing written.')
      return result(false)
    }
    if (flags['dry-run']) return result(false)
    const proceed = await confirmAction({message: `Write ${plan.name} in ${config.env}?`, yes: flags.yes})
    if (!proceed) throw new ConfirmationRequiredError('cancelled', 'nothing was written')
    const version = await applySet(ssm, plan, value)
    if (!this.jsonEnabled()) this.note(`${plan.name}: version ${version ?? '?'} written`)
    return result(true, version)
  }
}

/** DescribeTable in the env's region (honours AWS_ENDPOINT_URL_DYNAMODB). */
async function tableStatus(config: {region: string; profile?: string}, table: string): Promise<'active' | 'missing' | {unknown: string}> {
  const {DescribeTableCommand} = await import('@aws-sdk/client-dynamodb')
  const client = await dynamoClient({region: config.region, profile: config.profile})
  try {
    const {Table} = await client.send(new DescribeTableCommand({TableName: table}))
    return Table?.TableStatus === 'ACTIVE' ? 'active' : 'missing'
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return 'missing'
    return {unknown: `${(error as Error).name}: ${(error as Error).message}`}
  } finally {
    client.destroy()
  }
}

function renderPlan(plan: SetPlan): string {
  const lines = [`${plan.name} (${plan.type}${plan.keyId ? `, key ${plan.keyId}` : ''})`]
  if (plan.current) {
    lines.push(`- ${plan.current.value}   (version ${plan.current.version ?? '?'}, ${plan.current.type})`)
  } else lines.push('- (does not exist)')
  lines.push(`+ ${plan.newValue}${plan.secure && plan.changed === true ? '   (changed)' : plan.changed === 'unknown' ? '   (may be unchanged)' : ''}`)
  for (const n of plan.notes) lines.push(`note: ${n}`)
  return lines.join('\n')
}
