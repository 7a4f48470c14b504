import {OmnixCommand} from '../../cli/base-command.js'
import {checkGateways} from '../../sdk/gateways/check.js'
import {listGateways} from '../../sdk/gateways/inventory.js'
import type {GatewayCheckResult} from '../../sdk/gateways/types.js'

export default class GatewaysCheck extends OmnixCommand<typeof GatewaysCheck> {
  static summary = 'Exit 1 unless the environment has exactly one REST API and one WebSocket API on the env stage.'
  static description = `Passes when the region holds exactly one REST API named omnix-ai-{env}-api and one WebSocket API named omnix-ai-{env}-ws, both with a stage named after the environment, and no other platform API of either kind left for the environment (names starting omnix-ai that do not name another environment). Meant for CI after \`omnix gateways consolidate\`.
Exit codes: 0 pass, 1 fail (findings say why), 2 bad flags.`
  static examples = [
    {description: 'Check dev.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Check prod in CI and keep the findings.', command: '<%= config.bin %> <%= command.id %> -e prod --json > gateways-check.json'},
  ]

  async run(): Promise<GatewayCheckResult> {
    const config = await this.omnixConfig()
    const inventory = await listGateways(
      {region: config.region, profile: config.profile},
      {env: config.env, mappings: false, deployments: false, stackOwnership: false},
    )
    const result = checkGateways(inventory)
    if (!this.jsonEnabled()) {
      for (const f of result.findings) this.log(`${f.level === 'ok' ? 'ok   ' : 'FAIL '} ${f.message}`)
      this.log(result.ok ? `gateways of ${result.env} in ${result.region}: ok` : `gateways of ${result.env} in ${result.region}: FAILED`)
    }
    if (!result.ok) {
      if (this.jsonEnabled()) this.logJson(result)
      this.exit(1)
    }
    return result
  }
}
