import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {buildPlan} from '../../sdk/migration/plan.js'
import type {VerifyResult} from '../../sdk/migration/report.js'
import {migrationClients} from '../../sdk/migration/session.js'
import {verifyCopies} from '../../sdk/migration/verify.js'
import {catchMigrationFailure, loadMappingFlag, MigrationFailedError, renderVerify, targetFlags} from './run.js'

export interface VerifyOutput {
  readonly env: string
  readonly planId: string
  readonly verified: boolean
  readonly results: readonly VerifyResult[]
}

export default class MigrateTablesVerify extends OmnixCommand<typeof MigrateTablesVerify> {
  static summary = 'Compare every source with its target: counts and an order-independent content hash.'
  static description = `Scans each source of the plan, applies its transforms, and compares with the target: item counts, the sum of SHA-256 digests of each item's canonical raw attribute values (independent of order), and per key. Lists the first differing keys (missing, different, produced twice, untransformable). Exit 1 when any source does not verify. Reads only.`
  static examples = [
    {description: 'Verify dev.', command: '<%= config.bin %> <%= command.id %> -e dev'},
    {description: 'Verify with the mapping file the run used, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --mapping tables.yaml --json'},
  ]
  static flags = {
    ...targetFlags,
    segments: Flags.integer({summary: 'Parallel Scan segments per table.', default: 4, min: 1, max: 64}),
    'scan-limit': Flags.integer({summary: 'Items per Scan page.', default: 1000, min: 1, max: 10_000}),
  }

  protected async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    return catchMigrationFailure(this, (json) => this.logJson(json), error, () => super.catch(error))
  }

  async run(): Promise<VerifyOutput> {
    const {flags} = this
    const config = await this.omnixConfig()
    const mapping = await loadMappingFlag(flags.mapping)
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const clients = await migrationClients(target)
    const plan = await buildPlan(clients.read, {env: config.env, mapping})
    const missingTargets = plan.targets.filter((t) => !t.exists).map((t) => t.name)
    const copies = plan.copies.filter((c) => !missingTargets.includes(c.target))
    const results = await verifyCopies(clients.read, copies, {segments: flags.segments, limit: flags['scan-limit']})
    for (const c of plan.copies.filter((x) => missingTargets.includes(x.target))) {
      results.push({
        source: c.source,
        target: c.target,
        verified: false,
        sourceCount: c.itemCount,
        targetCount: 0,
        sourceHash: '',
        targetHash: '',
        missing: c.itemCount,
        different: 0,
        collisions: 0,
        untransformable: 0,
        firstDifferences: [],
        durationMs: 0,
      })
    }
    const output: VerifyOutput = {env: config.env, planId: plan.planId, verified: results.every((r) => r.verified), results}
    if (!this.jsonEnabled()) this.log(results.length > 0 ? renderVerify(results) : 'Nothing to verify: the plan copies no tables.')
    if (!output.verified) {
      const failed = results.filter((r) => !r.verified).map((r) => r.source + (missingTargets.includes(r.target) ? ` (target ${r.target} does not exist)` : ''))
      throw new MigrationFailedError(`verification failed for ${failed.join(', ')}`, output)
    }
    return output
  }
}
