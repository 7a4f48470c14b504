import {Flags} from '@oclif/core'
import {join} from 'node:path'

import {OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {formatDuration} from '../../cli/progress.js'
import {renderTable} from '../../cli/table.js'
import {ConfirmationRequiredError, UsageError} from '../../sdk/errors.js'
import {consolidateGateways, type ConsolidationProgress, planConsolidation, proposeKeep} from '../../sdk/gateways/consolidate.js'
import {listGateways, MAX_TRAFFIC_DAYS} from '../../sdk/gateways/inventory.js'
import type {ConsolidationPlan, ConsolidationResult, GatewayInventory} from '../../sdk/gateways/types.js'
import {stackName} from '../../sdk/catalog/naming.js'

export default class GatewaysConsolidate extends OmnixCommand<typeof GatewaysConsolidate> {
  static summary = 'Delete the duplicate REST APIs of the platform, keeping one, after exporting each.'
  static description = `Plans what happens to every API in the region and why: the --keep API stays; other REST APIs whose name starts with omnix-ai (and does not name another environment) are deleted; everything else is left alone.
An API with a custom-domain base path mapping or traffic in the last --days is refused (blocked) unless --force. REST API metrics are keyed by name, so for APIs sharing a name the decision uses per-API evidence (mappings, stages, deployment dates).
Before any deletion, every API to delete is exported as OpenAPI 3 with API Gateway extensions into --export-dir (one file per stage). Deletions are paced to the service limit (one DeleteRestApi per 30 seconds per account) and throttled calls are retried with backoff, with a countdown on a terminal.
Re-running is safe: APIs already deleted are skipped and reported (the export directory keeps a consolidation.json manifest).
Without --keep, the REST API the deployed stack omnix-ai-{env}-api owns is proposed and you are asked; without a terminal, pass --keep.
Exit codes: 0 done, 1 something blocked, failed or not confirmed, 2 bad flags.`
  static examples = [
    {description: 'See the plan without changing anything.', command: '<%= config.bin %> <%= command.id %> -e prod --keep 4j4yb4b844 --dry-run'},
    {description: 'Consolidate dev from a script.', command: '<%= config.bin %> <%= command.id %> --keep a1b2c3d4e5 --yes'},
    {description: 'Production asks to type the environment name; scripts pass --confirm.', command: '<%= config.bin %> <%= command.id %> -e prod --keep 4j4yb4b844 --confirm prod --export-dir ./exports/prod'},
    {description: 'Delete even APIs with mappings or traffic (after reading the plan).', command: '<%= config.bin %> <%= command.id %> --keep a1b2c3d4e5 --force --yes'},
  ]

  static flags = {
    keep: Flags.string({summary: 'Id of the REST API that stays (default: propose the one the deployed stack owns, and ask).'}),
    'dry-run': Flags.boolean({summary: 'Show the plan; export and delete nothing.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do not ask before deleting (production still needs --confirm prod).'}),
    confirm: Flags.string({summary: 'Type-back answer for production from a script: --confirm prod.'}),
    force: Flags.boolean({summary: 'Delete APIs even when a custom-domain mapping or recent traffic says they are in use.'}),
    'export-dir': Flags.string({summary: 'Where the OpenAPI exports go (default ./gateway-exports/<date>).'}),
    days: Flags.integer({summary: 'Window in days for "recent traffic".', default: 14, min: 1, max: MAX_TRAFFIC_DAYS}),
  }

  private countdownDrawn = false

  async run(): Promise<ConsolidationResult> {
    const config = await this.omnixConfig()
    const target = {region: config.region, profile: config.profile}
    const {flags} = this
    if (this.interactiveOutput) this.note(`Reading the APIs of ${config.region} and ${flags.days} days of traffic...`)
    const inventory = await listGateways(target, {env: config.env, days: flags.days})
    if (inventory.trafficError !== null) this.note(`traffic unknown: ${inventory.trafficError}; deletes that needed it are blocked unless --force`)
    const keep = flags.keep ?? (await this.chooseKeep(inventory))
    const plan = planConsolidation(inventory, {keep, force: flags.force})
    const exportDir = flags['export-dir'] ?? join(process.cwd(), 'gateway-exports', new Date().toISOString().slice(0, 10))
    if (!this.jsonEnabled()) this.renderPlan(plan)

    const deletions = plan.items.filter((i) => i.action === 'delete')
    let result: ConsolidationResult
    if (flags['dry-run']) {
      result = await consolidateGateways(target, plan, {exportDir, dryRun: true})
      if (!this.jsonEnabled()) this.log(`\nDry run: nothing exported or deleted. ${deletions.length} API(s) would be exported to ${exportDir} and deleted.`)
      return result
    }
    if (deletions.length > 0) {
      const confirmed = await confirmAction({
        message: `Delete ${deletions.length} REST API(s) in ${plan.region} after exporting them to ${exportDir}?`,
        yes: flags.yes,
        typeBack: config.env === 'prod' ? 'prod' : undefined,
        confirmValue: flags.confirm,
      })
      if (!confirmed) throw new ConfirmationRequiredError('not confirmed: nothing was exported or deleted')
    }
    result = await consolidateGateways(target, plan, {exportDir, onProgress: (event) => this.progress(event)})
    this.clearCountdown()
    if (!this.jsonEnabled()) this.renderOutcomes(result)
    if (!result.complete) {
      if (this.jsonEnabled()) this.logJson(result)
      this.exit(1)
    }
    return result
  }

  /** Without --keep: the API the deployed stack owns, confirmed on a terminal. */
  private async chooseKeep(inventory: GatewayInventory): Promise<string> {
    const stack = stackName(inventory.env, 'api')
    const proposal = proposeKeep(inventory)
    if (!proposal) {
      throw new UsageError(`--keep is required: stack ${stack} owns no REST API in ${inventory.region}`, {
        suggestion: 'run `omnix gateways list` and pass --keep <id> of the API that stays',
      })
    }
    const what = `${proposal.id} (${proposal.name}), the REST API stack ${stack} owns`
    if (!process.stdin.isTTY || this.jsonEnabled()) {
      throw new ConfirmationRequiredError(`no --keep given; the proposal is to keep ${what}`, `pass --keep ${proposal.id} to keep it`)
    }
    const ok = await confirmAction({message: `Keep ${what}?`, isTTY: true})
    if (!ok) throw new ConfirmationRequiredError('no API chosen to keep: nothing was changed', 'pass --keep <id>')
    return proposal.id
  }

  private renderPlan(plan: ConsolidationPlan): void {
    this.log(`Consolidation plan for ${plan.env} in ${plan.region} (traffic window ${plan.days} days${plan.force ? ', --force' : ''}):`)
    this.log(
      renderTable(
        plan.items.map((i) => ({action: i.action.toUpperCase(), id: i.id, kind: i.kind, name: i.name, why: i.reasons.join('; ')})),
        ['action', 'id', 'kind', 'name', 'why'],
      ),
    )
    for (const note of plan.notes) this.log(`note: ${note}`)
    if (plan.items.some((i) => i.action === 'blocked')) this.log('BLOCKED APIs are kept: remove their mappings or traffic first, or pass --force.')
  }

  private renderOutcomes(result: ConsolidationResult): void {
    if (result.outcomes.length === 0) {
      this.log('\nNothing to delete.')
      return
    }
    this.log('')
    this.log(renderTable(result.outcomes.map((o) => ({status: o.status, id: o.id, name: o.name, detail: o.detail ?? ''})), ['status', 'id', 'name', 'detail']))
    if (result.exportDir) this.log(`\nexports: ${result.exportDir}`)
    this.log(result.complete ? 'Consolidation complete.' : 'Consolidation incomplete: see the statuses above; re-running picks up where this stopped.')
  }

  private progress(event: ConsolidationProgress): void {
    if (this.jsonEnabled()) return
    if (event.type === 'wait') {
      if (!this.interactiveOutput) return
      const why = event.reason === 'pacing' ? 'API Gateway allows one DeleteRestApi per 30 s' : 'throttled by API Gateway, backing off'
      process.stderr.write(`\r\u001B[2Kdeleting ${event.id} in ${formatDuration(event.remainingMs / 1000)} (${why})`)
      this.countdownDrawn = true
      return
    }
    this.clearCountdown()
    if (event.type === 'exported') this.note(`exported ${event.id} (${event.name}) -> ${event.file}`)
    else if (event.type === 'deleted') this.note(`deleted ${event.id} (${event.name})`)
    else if (event.type === 'already-deleted') this.note(`${event.id} (${event.name}) is already gone: skipped`)
    else if (event.type === 'deleting' && event.attempt > 1) this.note(`retrying delete of ${event.id} (attempt ${event.attempt})`)
  }

  private clearCountdown(): void {
    if (!this.countdownDrawn) return
    process.stderr.write('\r\u001B[2K')
    this.countdownDrawn = false
  }
}
