import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {listGateways, MAX_TRAFFIC_DAYS} from '../../sdk/gateways/inventory.js'
import type {GatewayApi, GatewayInventory} from '../../sdk/gateways/types.js'

export default class GatewaysList extends OmnixCommand<typeof GatewaysList> {
  static summary = 'List every REST, WebSocket and HTTP API in the region, with the evidence of use.'
  static description = `For each API: id, name, endpoint type, created date, stages with their last deployment, custom-domain mappings, and traffic over --days from CloudWatch (Count; ConnectCount + MessageCount for WebSocket APIs).
CloudWatch keys REST API metrics by API name, so REST APIs sharing a name cannot be told apart by traffic: such rows are flagged (*) and only stages no namesake has are attributed; judge them by deployments and mappings.
OWNER shows whether the name marks the API as this environment's platform API, and whether the environment's api stack owns it.`
  static examples = [
    {description: 'List the APIs of the dev region with 14 days of traffic.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Production (eu-central-1), 30 days, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --days 30 --json'},
  ]

  static flags = {
    days: Flags.integer({summary: 'Traffic window in days.', default: 14, min: 1, max: MAX_TRAFFIC_DAYS}),
  }

  async run(): Promise<GatewayInventory> {
    const config = await this.omnixConfig()
    if (this.interactiveOutput) this.note(`Reading APIs, stages, deployments, mappings and ${this.flags.days} days of traffic in ${config.region}...`)
    const inventory = await listGateways({region: config.region, profile: config.profile}, {env: config.env, days: this.flags.days})
    // Said on stderr even with --json: the JSON carries it too (traffic null, trafficError).
    if (inventory.trafficError !== null) this.note(`traffic unknown: ${inventory.trafficError}`)
    if (!this.jsonEnabled()) this.render(inventory)
    return inventory
  }

  private render(inventory: GatewayInventory): void {
    if (inventory.apis.length === 0) {
      this.log(`No APIs in ${inventory.region}.`)
    } else {
      this.log(renderTable(inventory.apis.map((api) => row(api)), ['id', 'kind', 'name', 'type', 'created', 'stages', 'mappings', 'traffic', 'owner']))
    }
    const flagged = inventory.apis.some((a) => a.traffic?.keyedBy === 'shared-api-name')
    if (flagged) this.log('\n* traffic keyed by a name other APIs share: see notes.')
    for (const note of inventory.notes.filter((n) => inventory.trafficError === null || !n.startsWith('traffic unknown:'))) this.log(`note: ${note}`)
  }
}

function row(api: GatewayApi) {
  const t = api.traffic
  let traffic = api.trafficError === null ? '' : 'unknown'
  if (t) {
    traffic = String(t.requests)
    if (t.keyedBy === 'shared-api-name') traffic = `${t.requests} (+${t.ambiguousRequests} shared)*`
    if (t.keyedBy === 'no-stage') traffic = `${t.requests} (no stage)`
    if (t.lastActiveDay) traffic += ` last ${t.lastActiveDay}`
  }
  const owner = [api.ownership.belongsToEnv ? 'platform' : api.ownership.platform ? `platform:${api.ownership.namedEnv}` : '-', api.ownedByStack ? `stack ${api.ownedByStack}` : '']
  return {
    id: api.id,
    kind: api.kind,
    name: api.name,
    type: api.endpointType ?? '',
    created: api.createdDate?.slice(0, 10) ?? '',
    stages: api.stages.map((s) => `${s.name}@${s.lastDeployment?.slice(0, 10) ?? '?'}`).join(' ') || '(none)',
    mappings: api.mappings.map((m) => `${m.domainName}/${m.basePath === '(none)' ? '' : m.basePath}`).join(' ') || '-',
    traffic,
    owner: owner.filter(Boolean).join(' '),
  }
}
