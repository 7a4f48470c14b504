import {Flags} from '@oclif/core'

import {OmnixCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/table.js'
import {type ListedStack, listPlatformStacks} from '../sdk/deploy/list.js'

export default class List extends OmnixCommand<typeof List> {
  static summary = "List the platform's stacks in deployment order, with their dependencies."
  static description = `Synthesizes the app (no AWS call) and lists each stack: its concern, region, resource count and the stacks it depends on, which deploy before it and are destroyed after it.`

  static examples = [
    {description: 'The dev stacks.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Prod, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --json'},
  ]

  static flags = {
    domain: Flags.string({char: 'd', summary: 'Custom domain for the REST API.'}),
    stacks: Flags.string({summary: 'Only these stacks: concerns (data,api) or stack names.', multiple: true, delimiter: ','}),
  }

  async run(): Promise<{env: string; region: string; stacks: ListedStack[]}> {
    const config = await this.omnixConfig()
    const stacks = await listPlatformStacks({
      config,
      domainName: this.flags.domain,
      stacks: this.flags.stacks,
      io: {logLevel: 'warn', onLog: (line) => this.note(line.message)},
    })
    if (!this.jsonEnabled()) {
      this.log(
        renderTable(
          stacks.map((s) => ({stack: s.name, concern: s.concern, region: s.region, resources: s.resources, 'depends on': s.dependencies.join(', ') || '-'})),
        ),
      )
    }
    return {env: config.env, region: config.region, stacks}
  }
}
