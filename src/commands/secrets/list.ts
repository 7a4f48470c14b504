import {OmnixCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/table.js'
import {secretsManagerClient} from '../../sdk/secrets/clients.js'
import {listSecrets, type SecretStatus} from '../../sdk/secrets/inventory.js'

export default class SecretsList extends OmnixCommand<typeof SecretsList> {
  static summary = "List the platform's secrets with their versions, staging labels, age and rotation schedule (never a value)."
  static description = `Shows omnix-ai/{env}/jwt-signing, jwt-refresh and api-keys: each version id with its staging labels (AWSCURRENT, AWSPREVIOUS, AWSPENDING), when the secret was last rotated, the age in days of the current version, and the automatic rotation schedule.
A secret whose AWSPENDING label sits on a version that is not AWSCURRENT has a rotation in progress or interrupted; "omnix secrets rotate" completes or rolls it back.
Only metadata is read (DescribeSecret, ListSecretVersionIds): no secret value is fetched or shown.`

  static examples = [
    {description: 'The dev secrets.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Production, as JSON.', command: '<%= config.bin %> <%= command.id %> -e prod --json'},
  ]

  async run() {
    const config = await this.omnixConfig()
    const client = await secretsManagerClient({region: config.region, profile: config.profile})
    const secrets = await listSecrets({client, env: config.env})
    if (!this.jsonEnabled()) this.render(secrets)
    return {env: config.env, region: config.region, secrets}
  }

  private render(secrets: SecretStatus[]): void {
    const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '-')
    this.log(
      renderTable(
        secrets.map((s) => ({
          secret: s.name,
          status: !s.exists ? 'missing' : s.rotationInProgress ? 'rotation in progress' : 'ok',
          current: s.currentVersionId ?? '-',
          'last rotated': day(s.lastRotatedDate),
          'age (days)': s.ageDays ?? '-',
          schedule: s.rotation.enabled
            ? s.rotation.automaticallyAfterDays
              ? `every ${s.rotation.automaticallyAfterDays} d`
              : (s.rotation.scheduleExpression ?? 'on')
            : 'off',
          'next rotation': day(s.rotation.nextRotationDate),
        })),
      ),
    )
    const versions = secrets.flatMap((s) => s.versions.map((v) => ({secret: s.name, version: v.versionId, stages: v.stages.join(',') || '-', created: v.createdDate ?? '-'})))
    if (versions.length > 0) this.log(`\n${renderTable(versions)}`)
  }
}
