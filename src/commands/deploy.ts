import {Flags} from '@oclif/core'

import {OmnixCommand} from '../cli/base-command.js'
import {confirmAction} from '../cli/confirm.js'
import {renderTable} from '../cli/table.js'
import {ActivityRenderer, type ActivityRenderMode} from '../sdk/deploy/render.js'
import {DEFAULT_REQUIRE_APPROVAL, REQUIRE_APPROVAL, type RequireApproval} from '../sdk/deploy/approval.js'
import {deployPlatform, type DeployPlatformResult} from '../sdk/deploy/deploy.js'
import type {ApprovalRequest} from '../sdk/deploy/io-host.js'

/** The toolkit times each reuse of the cached assembly ("Synthesis time: 0s"): noise here. */
const SYNTH_TIME = 'CDK_TOOLKIT_I1000'

export default class Deploy extends OmnixCommand<typeof Deploy> {
  static summary = 'Deploy the platform stacks to an environment through CloudFormation change sets.'
  static description = `Synthesizes the platform's CDK app once (template validation off; see "omnix validate"), creates a change set per stack, and executes it, in dependency order. Stacks named with --stacks bring the stacks they depend on.
Approval (--require-approval): "broadening" (default) asks before a stack whose IAM or security-group changes widen access; "any-change" asks before every stack with changes; "never" never asks. Asking needs a terminal: without one the deployment is refused unless --yes is given. A refused stack's change set is deleted; nothing is changed.
Progress: on a terminal a status line per stack ("--progress bar"), otherwise one line per CloudFormation event; "--progress events --json" writes each event as a JSON line on stderr (stdout keeps the single JSON result). A failed deployment exits 1 naming each failing resource and CloudFormation's reason.
Outputs (API URL, table names …) are printed, and written as JSON with --outputs-file.`

  static examples = [
    {description: 'Deploy dev, asking before IAM-broadening changes.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Production in us-west-2 with a custom API domain.', command: '<%= config.bin %> <%= command.id %> -e prod -r us-west-2 -d api.omnix.ai'},
    {description: 'See what would change, changing nothing.', command: '<%= config.bin %> <%= command.id %> -e staging --dry-run'},
    {
      description: 'CI: no prompts, events as JSON lines on stderr, outputs to a file.',
      command: '<%= config.bin %> <%= command.id %> -e staging --require-approval never --progress events --json --outputs-file cdk-outputs.json',
    },
    {description: 'Only the data stack (and what it depends on).', command: '<%= config.bin %> <%= command.id %> --stacks data --yes'},
  ]

  static flags = {
    domain: Flags.string({char: 'd', summary: 'Custom domain for the REST API (e.g. api.omnix.ai).'}),
    stacks: Flags.string({summary: 'Stacks to deploy: concerns (data,api) or stack names; their dependencies come along.', multiple: true, delimiter: ','}),
    'dry-run': Flags.boolean({summary: 'Synthesize and diff against the deployed stacks; create no change set, change nothing.'}),
    'require-approval': Flags.string({
      summary: 'When to ask before executing a change set.',
      options: [...REQUIRE_APPROVAL],
      default: DEFAULT_REQUIRE_APPROVAL,
    }),
    yes: Flags.boolean({char: 'y', summary: 'Approve what --require-approval would ask about (needed without a terminal).'}),
    progress: Flags.string({summary: 'Stack activity as a status line (bar) or one line per event (events).', options: ['bar', 'events'], default: 'bar'}),
    'outputs-file': Flags.string({summary: 'Write the stack outputs to this JSON file.'}),
  }

  private failure?: unknown

  async run(): Promise<DeployPlatformResult> {
    const config = await this.omnixConfig()
    const {flags} = this
    const renderer = new ActivityRenderer(this.renderMode(), (text) => process.stderr.write(text))
    const json = this.jsonEnabled()
    try {
      const result = await deployPlatform({
        config,
        domainName: flags.domain,
        stacks: flags.stacks,
        dryRun: flags['dry-run'],
        outputsFile: flags['outputs-file'],
        io: {
          requireApproval: flags['require-approval'] as RequireApproval,
          logLevel: json ? 'warn' : 'info',
          onLog: (line) => line.code !== SYNTH_TIME && renderer.log(line),
          onActivity: (event) => renderer.activity(event),
          confirm: (request) => this.approve(request, renderer),
        },
      })
      renderer.done()
      if (!json) this.render(result)
      return result
    } finally {
      renderer.done()
    }
  }

  protected async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    this.failure = error
    return super.catch(error)
  }

  /** The failing resources travel in the JSON error too, for CI to read without parsing text. */
  protected toErrorJson(error: unknown): unknown {
    const json = super.toErrorJson(error) as {error: Record<string, unknown>}
    const failures = (this.failure as {failures?: unknown} | undefined)?.failures
    if (failures) json.error.failures = failures
    return json
  }

  private renderMode(): ActivityRenderMode {
    const events = this.flags.progress === 'events'
    if (this.jsonEnabled()) return events ? 'ndjson' : 'quiet'
    return !events && this.interactiveOutput ? 'bar' : 'lines'
  }

  private async approve(request: ApprovalRequest, renderer: ActivityRenderer): Promise<boolean> {
    const stack = request.stack ?? 'the stack'
    // The diff being approved is shown before the question, on stderr with the other progress.
    renderer.log({level: 'info', message: request.message})
    const why = request.kind === 'rollback' ? 'roll back and redeploy' : request.permissionChange === 'broadening' ? 'deploy IAM/security changes that broaden access to' : 'deploy changes to'
    return confirmAction({message: `${why} ${stack}?`, yes: this.flags.yes})
  }

  private render(result: DeployPlatformResult): void {
    const where = `${result.env} (${result.region})`
    if (result.dryRun) {
      for (const change of result.changes ?? []) {
        this.log(`${change.stack}: ${change.changes} change(s) (+${change.resources.added} ~${change.resources.updated} -${change.resources.removed}), permissions: ${change.permissionChange}`)
        if (change.changes > 0) this.log(change.diff.trimEnd())
      }
      this.log(`\nDry run for ${where}: nothing was deployed.`)
      return
    }
    this.log(`Deployed to ${where}${result.domainName ? ` (API domain ${result.domainName})` : ''}:`)
    this.log(renderTable(result.stacks.map((s) => ({stack: s.name, status: s.status}))))
    const all = Object.entries(result.outputs).flatMap(([stack, values]) => Object.entries(values).map(([key, value]) => ({output: `${stack}.${key}`, key, value})))
    // Exports CDK generates for cross-stack references are plumbing, not results (they stay in --json and the file).
    const outputs = all.filter((o) => !o.key.startsWith('ExportsOutput')).map(({output, value}) => ({output, value}))
    if (outputs.length > 0) this.log(`\n${renderTable(outputs)}`)
    if (all.length > outputs.length) this.log(`(${all.length - outputs.length} cross-stack export(s) not shown)`)
    if (result.outputsFile) this.log(`\nOutputs written to ${result.outputsFile}`)
  }
}
