import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {renderTable} from '../../cli/table.js'
import {localReset, planLocalReset} from '../../sdk/local/lifecycle.js'

export default class LocalReset extends OmnixCommand<typeof LocalReset> {
  static summary = "Delete and recreate the env's tables on the local engine (all their items are lost)."
  static description = `Destructive, local only: deletes the env's catalog tables on the running local engine and creates them again, empty, from the catalog. Shows the tables and their item counts and asks first; --yes skips the question, and without a terminal it refuses unless --yes is given. --dry-run shows the plan and changes nothing. Tables outside the env's catalog are not touched.`
  static examples = [
    {description: 'Empty the dev tables, after a confirmation.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'From a script.', command: '<%= config.bin %> <%= command.id %> --yes --json'},
    {description: 'Only show what would be deleted.', command: '<%= config.bin %> <%= command.id %> -e staging --dry-run'},
  ]
  static flags = {
    yes: Flags.boolean({char: 'y', summary: 'Do not ask for confirmation.'}),
    'dry-run': Flags.boolean({summary: 'Show what would be deleted; change nothing.'}),
  }

  async run() {
    const config = await this.omnixConfig()
    const plan = await planLocalReset({env: config.env})
    const items = plan.tables.reduce((n, t) => n + t.itemCount, 0)
    if (!this.jsonEnabled() || this.flags['dry-run']) {
      this.note(renderTable(plan.tables.map((t) => ({table: t.name, exists: t.exists, items: t.itemCount}))))
    }
    if (this.flags['dry-run']) {
      if (!this.jsonEnabled()) this.log(`dry run: would delete and recreate ${plan.tables.length} ${plan.env} tables (${items} items); nothing changed`)
      return {dryRun: true, ...plan}
    }
    const ok = await confirmAction({
      message: `Delete and recreate ${plan.tables.length} ${plan.env} tables on the local ${plan.engine} engine, losing ${items} items?`,
      yes: this.flags.yes,
    })
    if (!ok) {
      this.note('cancelled; nothing changed')
      return {dryRun: false, cancelled: true, env: plan.env, engine: plan.engine, deletedItems: 0, tables: []}
    }
    const result = await localReset({env: config.env})
    if (!this.jsonEnabled()) this.log(`reset ${result.tables.length} ${result.env} tables (${result.deletedItems} items deleted)`)
    return {dryRun: false, cancelled: false, ...result}
  }
}
