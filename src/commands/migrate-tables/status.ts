import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {resolveDataPlaneTarget} from '../../sdk/aws/target.js'
import {migrationClients, openStateStore} from '../../sdk/migration/session.js'
import {type MigrationStatus, migrationStatus} from '../../sdk/migration/status.js'
import {stateFlags, targetFlags} from './run.js'

export type StatusOutput = ({found: true} & MigrationStatus) | {found: false; location: string}

export default class MigrateTablesStatus extends OmnixCommand<typeof MigrateTablesStatus> {
  static summary = 'Show what the migration has done, what is pending and what verified.'
  static description = `Reads the checkpoint (the state file, or the analytics table with --state-table): per source table its status (pending, copying, copied, verified, failed, deleted), items copied, finished scan segments, backup and verify results, and whether a run holds the lock now.`
  static examples = [
    {description: 'Status of the dev migration.', command: '<%= config.bin %> <%= command.id %> -e dev'},
    {description: 'Status kept in the prod analytics table, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --state-table --json'},
  ]
  static flags = {...stateFlags, local: targetFlags.local, 'endpoint-url': targetFlags['endpoint-url']}

  async run(): Promise<StatusOutput> {
    const {flags} = this
    const config = await this.omnixConfig()
    const target = await resolveDataPlaneTarget({region: config.region, profile: config.profile, endpointUrl: flags['endpoint-url'], local: flags.local})
    const clients = await migrationClients(target)
    const store = await openStateStore(clients.read, {env: config.env, stateTable: flags['state-table'], stateFile: flags['state-file'], local: target.local, create: false})
    const status = await migrationStatus(store)
    if (!status) {
      if (!this.jsonEnabled()) this.log(`No migration recorded in ${store.location}.`)
      return {found: false, location: store.location}
    }
    if (!this.jsonEnabled()) {
      const {counts} = status
      this.log(
        [
          `Plan ${status.planId} for ${status.env} (${status.location}), started ${status.createdAt}, last checkpoint ${status.updatedAt}`,
          `${status.finished ? 'Finished' : 'Not finished'}: ${counts.verified} verified, ${counts.deleted} deleted, ${counts.copied} copied (not verified), ${counts.copying} copying, ${counts.pending} pending, ${counts.failed} failed`,
          status.runningBy ? `Running now: pid ${status.runningBy.pid} on ${status.runningBy.host} since ${status.runningBy.since}` : 'No run in progress.',
          '',
          renderTable(
            status.tables.map((t) => ({
              source: t.source,
              target: t.target,
              status: t.status,
              copied: t.copied,
              segments: t.segments,
              backup: t.backup ?? '',
              verified: t.verified === undefined ? '' : t.verified ? 'yes' : 'NO',
            })),
          ),
          ...(status.cutover ? ['', `Cut-over: ${status.cutover.status}${status.cutover.reason ? ` (${status.cutover.reason})` : ''}`] : []),
        ].join('\n'),
      )
    }
    return {found: true, ...status}
  }
}
