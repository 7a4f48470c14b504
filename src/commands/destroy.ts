import {Flags} from '@oclif/core'

import {OmnixCommand} from '../cli/base-command.js'
import {confirmAction} from '../cli/confirm.js'
import {ConfirmationRequiredError} from '../sdk/errors.js'
import {destroyPlatform, planDestroy} from '../sdk/deploy/destroy.js'
import {ActivityRenderer, type ActivityRenderMode} from '../sdk/deploy/render.js'

interface DestroyCommandResult {
  env: string
  region: string
  dryRun: boolean
  retainsData: boolean
  stacks: Array<{name: string; status: 'planned' | 'destroyed' | 'absent'}>
}

/** The toolkit times each reuse of the cached assembly ("Synthesis time: 0s"): noise here. */
const SYNTH_TIME = 'CDK_TOOLKIT_I1000'

export default class Destroy extends OmnixCommand<typeof Destroy> {
  static summary = "Delete the platform's CloudFormation stacks in an environment."
  static description = `Shows the stacks it would delete (dependents first) and asks. --yes answers for scripts in dev and staging.
prod is refused unless --force is given and "prod" is typed back at the prompt; scripts pass --force --confirm prod. Tables, keys and secrets of prod are retained on delete (retain-on-delete), so their data survives the stacks.
--dry-run only lists what would be deleted and touches no AWS API.`

  static examples = [
    {description: 'Tear down dev (asks first).', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'What would go, without deleting.', command: '<%= config.bin %> <%= command.id %> -e staging --dry-run'},
    {description: 'Only the api stack (and stacks depending on it), from a script.', command: '<%= config.bin %> <%= command.id %> --stacks api --yes'},
    {description: 'Production, from a script.', command: '<%= config.bin %> <%= command.id %> -e prod --force --confirm prod --json'},
  ]

  static flags = {
    domain: Flags.string({char: 'd', summary: 'Custom API domain the stacks were deployed with.'}),
    stacks: Flags.string({summary: 'Stacks to delete: concerns (api,data) or names; stacks depending on them go too.', multiple: true, delimiter: ','}),
    'dry-run': Flags.boolean({summary: 'List what would be deleted; delete nothing.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do not ask (dev, staging). prod still needs --force and --confirm prod.'}),
    force: Flags.boolean({summary: 'Required to destroy prod.'}),
    confirm: Flags.string({summary: 'The environment name, typed back from a script (required for prod with --force).'}),
    progress: Flags.string({summary: 'Stack activity as a status line (bar) or one line per event (events).', options: ['bar', 'events'], default: 'bar'}),
  }

  async run(): Promise<DestroyCommandResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    const json = this.jsonEnabled()
    const prod = config.env === 'prod'
    if (prod && !flags['dry-run'] && !flags.force) {
      throw new ConfirmationRequiredError('refusing to destroy prod without --force', 'pass --force and type "prod" when asked (scripts: --force --confirm prod)')
    }
    const plan = await planDestroy({config, domainName: flags.domain, stacks: flags.stacks})
    const names = plan.stacks.map((s) => s.name)
    const where = `${plan.env} (${plan.region})`
    const retention = plan.retainsData ? 'tables, keys and secrets are retained' : 'tables and their data are deleted'
    if (!json) this.note(`Stacks to destroy in ${where} (${retention}):\n${names.map((n) => `  ${n}`).join('\n')}`)

    if (flags['dry-run']) {
      if (!json) this.log(`Dry run: would destroy ${names.length} stack(s) in ${where}: ${names.join(', ')}`)
      return {env: plan.env, region: plan.region, dryRun: true, retainsData: plan.retainsData, stacks: names.map((name) => ({name, status: 'planned'}))}
    }

    const confirmed = await confirmAction({
      message: `Destroy ${names.length} stack(s) in ${where}?`,
      yes: flags.yes,
      ...(prod ? {typeBack: 'prod', confirmValue: flags.confirm} : {}),
    })
    if (!confirmed) throw new ConfirmationRequiredError('destroy cancelled: nothing was deleted')

    const renderer = new ActivityRenderer(this.renderMode(), (text) => process.stderr.write(text))
    try {
      const result = await destroyPlatform({
        config,
        domainName: flags.domain,
        stacks: flags.stacks,
        confirmed: true,
        force: flags.force,
        io: {logLevel: json ? 'warn' : 'info', onLog: (line) => line.code !== SYNTH_TIME && renderer.log(line), onActivity: (event) => renderer.activity(event)},
      })
      renderer.done()
      if (!json) {
        for (const s of result.stacks) this.log(`${s.name}: ${s.status === 'destroyed' ? 'destroyed' : 'did not exist'}`)
      }
      return {env: result.env, region: result.region, dryRun: false, retainsData: result.retainsData, stacks: [...result.stacks]}
    } finally {
      renderer.done()
    }
  }

  private renderMode(): ActivityRenderMode {
    const events = this.flags.progress === 'events'
    if (this.jsonEnabled()) return events ? 'ndjson' : 'quiet'
    return !events && this.interactiveOutput ? 'bar' : 'lines'
  }
}
