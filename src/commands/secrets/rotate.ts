import {Args, Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {renderTable} from '../../cli/table.js'
import {SECRETS} from '../../sdk/catalog/naming.js'
import {apiGatewayClient, lambdaClient, secretsManagerClient} from '../../sdk/secrets/clients.js'
import {planRotation, type RotationOutcome, rotateSecret} from '../../sdk/secrets/rotation.js'
import {findRotationFunctionArn, scheduleRotation, validateRotationDays} from '../../sdk/secrets/schedule.js'
import {selectSecrets} from '../../sdk/secrets/targets.js'
import {secretKindOf} from '../../sdk/secrets/values.js'

type RotationRow = {
  secret: string
  action: string
  versionId?: string
  previousVersionId?: string
  pendingVersionId?: string
  recovered?: RotationOutcome['recovered']
  gateway?: RotationOutcome['gateway']
  error?: string
}

export default class SecretsRotate extends OmnixCommand<typeof SecretsRotate> {
  static summary = 'Rotate a platform secret without downtime (createSecret, setSecret, testSecret, finishSecret), or schedule automatic rotation.'
  static description = `Runs Secrets Manager's four-step rotation: a new value (crypto.randomBytes: 384-bit JWT keys, 256-bit API keys, JSON with a "kid") is stored as AWSPENDING under a ClientRequestToken, tested (well formed, different from the current one, a JWT signed with it verifies), then promoted to AWSCURRENT; the old version becomes AWSPREVIOUS, which verifiers keep accepting during their grace window.
A rotation interrupted at any step is found on the next run: it is completed under its own token, or rolled back when its test fails or it is older than an hour, so there is never more than one pending version.
A rotation retires only the AWSPREVIOUS version: when that version was demoted less than an hour ago (its tokens may still be inside their grace window), the secret is not rotated again unless --force is given. A secret that was never rotated has no AWSPREVIOUS and rotates at once.
Rotating api-keys also creates the new value as an API Gateway key in the environment's usage plan (omnix-ai-{env}-usage-plan) before promoting it; the previous key keeps working for the grace window (1 hour), then the rotation Lambda's hourly run deletes it.
With --schedule <days>, turns on automatic rotation by the rotation Lambda the security stack deploys (omnix-ai-{env}-secret-rotation) instead of rotating now.`

  static examples = [
    {description: 'Rotate the JWT signing key in dev.', command: '<%= config.bin %> <%= command.id %> jwt-signing'},
    {description: 'Show what rotating every prod secret would do.', command: '<%= config.bin %> <%= command.id %> --all -e prod --dry-run'},
    {description: 'Rotate every prod secret from a script.', command: '<%= config.bin %> <%= command.id %> --all -e prod --confirm prod --json'},
    {description: 'Rotate the refresh key automatically every 30 days.', command: '<%= config.bin %> <%= command.id %> jwt-refresh --schedule 30 --yes'},
  ]

  static args = {
    name: Args.string({description: `Secret: ${SECRETS.join(', ')} (or the full name omnix-ai/{env}/...).`, required: false}),
  }

  static flags = {
    all: Flags.boolean({summary: "Every platform secret of the environment."}),
    'dry-run': Flags.boolean({summary: 'Show what would happen; change nothing.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do not ask for confirmation (prod still needs --confirm prod).'}),
    confirm: Flags.string({summary: 'Confirm a prod change from a script by giving the environment name.'}),
    force: Flags.boolean({summary: 'Rotate even if that retires an AWSPREVIOUS key demoted less than an hour ago.'}),
    schedule: Flags.integer({summary: 'Turn on automatic rotation every <days> days (1-1000) instead of rotating now.'}),
    'rotation-lambda': Flags.string({summary: 'Rotation Lambda name or ARN (default: omnix-ai-{env}-secret-rotation).', dependsOn: ['schedule']}),
  }

  async run() {
    const config = await this.omnixConfig()
    const {flags} = this
    const targets = selectSecrets(config.env, this.args.name, flags.all)
    const awsTarget = {region: config.region, profile: config.profile}
    const client = await secretsManagerClient(awsTarget)
    const base = {env: config.env, region: config.region, dryRun: flags['dry-run']}

    if (flags.schedule !== undefined) {
      const days = validateRotationDays(flags.schedule)
      const rotationLambdaArn = await findRotationFunctionArn({client: await lambdaClient(awsTarget), env: config.env, functionName: flags['rotation-lambda']})
      const schedules = targets.map((t) => ({secret: t.name, rotationLambdaArn, automaticallyAfterDays: days, action: flags['dry-run'] ? 'would-schedule' : 'scheduled'}))
      if (!this.jsonEnabled()) for (const s of schedules) this.note(`${s.secret}: rotate every ${days} days with ${rotationLambdaArn}`)
      if (!flags['dry-run']) {
        if (!(await this.ask(`Turn on automatic rotation every ${days} days for ${targets.length} secret(s) in ${config.env}?`, config.env))) {
          return {...base, cancelled: true, schedules: []}
        }
        for (const t of targets) await scheduleRotation({client, secretId: t.name, rotationLambdaArn, days})
      }
      if (!this.jsonEnabled()) this.log(renderTable(schedules))
      return {...base, schedules}
    }

    const plans = []
    for (const t of targets) plans.push(await planRotation(client, t.name))
    const describe = {rotate: 'rotate: new AWSPENDING version, then promote', resume: 'resume the interrupted rotation of', 'clean-up': 'remove the leftover AWSPENDING label of'}
    if (!this.jsonEnabled()) {
      for (const p of plans) this.note(`${p.secretId}: ${describe[p.action]}${p.action === 'rotate' ? '' : ` version ${p.pendingVersionId}`} (AWSCURRENT now ${p.currentVersionId})`)
    }
    if (flags['dry-run']) {
      const rotations: RotationRow[] = plans.map((p) => ({
        secret: p.secretId,
        action: `would-${p.action}`,
        versionId: p.currentVersionId,
        ...(p.pendingVersionId ? {pendingVersionId: p.pendingVersionId} : {}),
      }))
      if (!this.jsonEnabled()) this.log(renderTable(rotations, ['secret', 'action', 'versionId', 'pendingVersionId']))
      return {...base, rotations}
    }
    const question = `Rotate ${targets.length} secret(s) in ${config.env}? Tokens signed with the key before AWSPREVIOUS stop verifying.`
    if (!(await this.ask(question, config.env))) return {...base, cancelled: true, rotations: []}

    const rotations: RotationRow[] = []
    for (const t of targets) {
      try {
        const outcome = await rotateSecret({
          client,
          secretId: t.name,
          kind: secretKindOf(t.id),
          force: flags.force,
          ...(t.id === 'api-keys' ? {gateway: {client: await apiGatewayClient(awsTarget), env: config.env}} : {}),
          onStep: (step, versionId) => {
            if (this.interactiveOutput) this.note(`${t.name}: ${step} done (version ${versionId})`)
          },
        })
        rotations.push({
          secret: t.name,
          action: outcome.action,
          versionId: outcome.versionId,
          ...(outcome.previousVersionId ? {previousVersionId: outcome.previousVersionId} : {}),
          ...(outcome.recovered ? {recovered: outcome.recovered} : {}),
          ...(outcome.gateway ? {gateway: outcome.gateway} : {}),
        })
      } catch (error) {
        rotations.push({secret: t.name, action: 'failed', error: (error as Error).message})
      }
    }
    const result = {...base, rotations}
    if (!this.jsonEnabled()) {
      this.log(renderTable(rotations.map((r) => ({...r, recovered: r.recovered ? `${r.recovered.action} ${r.recovered.versionId}` : undefined})), ['secret', 'action', 'versionId', 'previousVersionId', 'recovered']))
      for (const r of rotations) if (r.error) this.note(`${r.secret}: ${r.error}`)
      for (const r of rotations) {
        if (r.gateway?.skipped) this.note(`${r.secret}: API Gateway key not created: ${r.gateway.skipped}`)
        else if (r.gateway?.keyId) this.note(`${r.secret}: API Gateway key ${r.gateway.keyId} in usage plan ${r.gateway.usagePlanId}; the previous key works for the grace window (1 hour), then is deleted`)
      }
    }
    if (rotations.some((r) => r.action === 'failed')) {
      if (this.jsonEnabled()) this.logJson(result)
      this.exit(1)
    }
    return result
  }

  private async ask(message: string, env: string): Promise<boolean> {
    const confirmed = await confirmAction({
      message,
      yes: this.flags.yes,
      ...(env === 'prod' ? {typeBack: env, confirmValue: this.flags.confirm} : {}),
    })
    if (!confirmed) this.note('Cancelled; nothing changed.')
    return confirmed
  }

  /** A deliberate exit code after the result is printed is not an error to report again. */
}
