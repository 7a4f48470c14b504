import {Flags} from '@oclif/core'

import {OmnixCommand} from '../../cli/base-command.js'
import {confirmAction} from '../../cli/confirm.js'
import {ProgressLine} from '../../cli/progress.js'
import {renderTable} from '../../cli/table.js'
import {auditSecrets, isPlatformResource} from '../../sdk/secrets/audit/audit.js'
import {AUDIT_SOURCES, type AuditFinding, type AuditProgress, type AuditSourceName} from '../../sdk/secrets/audit/findings.js'
import {applyLambdaFixes, type LambdaFixResult, planLambdaFixes} from '../../sdk/secrets/audit/fix.js'
import {lambdaClient, secretsManagerClient} from '../../sdk/secrets/clients.js'

export default class SecretsAudit extends OmnixCommand<typeof SecretsAudit> {
  static summary = 'Find secrets in the open: Lambda environment variables, CloudFormation templates, SSM String parameters and files.'
  static description = `Looks in Lambda functions' environment variables, the templates of deployed CloudFormation stacks, SSM String/StringList parameters (SecureStrings are where secrets belong and are not read), synthesized templates (--templates, e.g. cdk.out) and files under --path (.env*, configuration, source; node_modules, .git, dist, cdk.out are skipped).
Rules, strongest first: known-weak-value (the platform's known weak secrets), private-key, credentials-in-url, secret-name (names like *_SECRET, *_KEY, *TOKEN*, PASSWORD holding a literal, not a reference or placeholder), high-entropy (random-looking base64 strings of 20+ characters; hex digests, UUIDs, integrity hashes and lockfiles are not reported).
Values are shown masked: the first two characters and the length. Exit code 1 when anything is found or a source could not be read, so CI can gate on it. A file line containing "omnix-audit:allow" is not reported.
--fix moves each Lambda variable found into Secrets Manager (omnix-ai/{env}/lambda/{function}/{VARIABLE}) and sets the variable to the secret's ARN; the function must then read the secret (the SDK's resolveSecretReference) and be allowed secretsmanager:GetSecretValue on it.`

  static examples = [
    {description: 'Audit dev in AWS.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Audit a checkout and its synthesized templates only (no AWS calls), for CI.', command: '<%= config.bin %> <%= command.id %> --source files --source templates --path . --templates cdk.out --json'},
    {description: 'Audit prod and show what --fix would move.', command: '<%= config.bin %> <%= command.id %> -e prod --fix --dry-run'},
    {description: 'Move Lambda variables of staging into Secrets Manager.', command: '<%= config.bin %> <%= command.id %> -e staging --fix --yes'},
  ]

  static flags = {
    path: Flags.string({summary: 'Scan files under this directory.'}),
    templates: Flags.string({summary: 'Scan *.template.json under this directory (e.g. cdk.out).'}),
    source: Flags.string({
      summary: 'Only these sources (repeatable). Default: lambda, cloudformation, ssm, plus files/templates when --path/--templates are given.',
      options: [...AUDIT_SOURCES],
      multiple: true,
    }),
    'platform-only': Flags.boolean({summary: 'Only AWS resources named like the platform (omnix…), not everything in the region.'}),
    fix: Flags.boolean({summary: 'Move Lambda environment variable values found into Secrets Manager (asks first).'}),
    'dry-run': Flags.boolean({summary: 'With --fix: show what would move; change nothing.', dependsOn: ['fix']}),
    yes: Flags.boolean({char: 'y', summary: 'Do not ask before --fix (prod still needs --confirm prod).'}),
    confirm: Flags.string({summary: 'Confirm a prod --fix from a script by giving the environment name.'}),
    'kms-key': Flags.string({summary: 'KMS key (id, ARN or alias) for the secrets --fix creates (default: aws/secretsmanager).'}),
  }

  async run() {
    const config = await this.omnixConfig()
    const {flags} = this
    const target = {region: config.region, profile: config.profile}
    const bars = new Map<AuditSourceName, ProgressLine>()
    const onProgress = (p: AuditProgress) => {
      if (!this.interactiveOutput) return
      let bar = bars.get(p.source)
      if (!bar) bars.set(p.source, (bar = new ProgressLine(`audit ${p.source}`, p.total, true)))
      bar.update(p.done)
      if (p.total !== undefined && p.done === p.total) bar.finish()
    }
    const report = await auditSecrets({
      target,
      sources: flags.source as AuditSourceName[] | undefined,
      path: flags.path,
      templatesDir: flags.templates,
      include: flags['platform-only'] ? isPlatformResource : undefined,
      onProgress,
    })

    let fixes: LambdaFixResult[] | undefined
    if (flags.fix) fixes = await this.fix(report.findings, config.env, target)

    const resolved = new Set((fixes ?? []).filter((f) => f.action === 'moved' || f.action === 'already-moved').map((f) => `${f.functionName}:${f.variable}`))
    const open = report.findings.filter((f) => !(f.lambda && resolved.has(`${f.lambda.functionName}:${f.lambda.variable}`)))
    const result = {
      env: config.env,
      region: config.region,
      scanned: report.scanned,
      findings: report.findings,
      errors: report.errors,
      ...(fixes ? {fixes} : {}),
      summary: {findings: report.findings.length, open: open.length, errors: report.errors.length},
    }
    if (!this.jsonEnabled()) this.render(result)
    if (open.length > 0 || report.errors.length > 0) {
      if (this.jsonEnabled()) this.logJson(result)
      this.exit(1)
    }
    return result
  }

  private async fix(findings: Parameters<typeof planLambdaFixes>[0], env: string, target: {region: string; profile?: string}): Promise<LambdaFixResult[]> {
    const plan = planLambdaFixes(findings, env)
    if (plan.length === 0) {
      this.note('--fix: no Lambda environment variables to move.')
      return []
    }
    if (!this.jsonEnabled()) for (const p of plan) this.note(`--fix: ${p.functionName} ${p.variable} → secret ${p.secretName}`)
    const clients = {lambda: await lambdaClient(target), secrets: await secretsManagerClient(target)}
    if (this.flags['dry-run']) return applyLambdaFixes({...clients, plan, dryRun: true})
    const confirmed = await confirmAction({
      message: `Move ${plan.length} Lambda environment variable(s) in ${env} into Secrets Manager and replace them with the secret ARNs?`,
      yes: this.flags.yes,
      ...(env === 'prod' ? {typeBack: env, confirmValue: this.flags.confirm} : {}),
    })
    if (!confirmed) {
      this.note('Cancelled; nothing changed.')
      return []
    }
    const progress = new ProgressLine('moving', plan.length, this.interactiveOutput)
    const results = await applyLambdaFixes({...clients, plan, kmsKeyId: this.flags['kms-key'], onProgress: (done) => progress.update(done)})
    progress.finish()
    this.note('Moved values are now secret ARNs: the functions must read them from Secrets Manager and be allowed secretsmanager:GetSecretValue.')
    return results
  }

  private render(result: {findings: AuditFinding[]; errors: Array<{source: string; message: string}>; scanned: Record<string, number | undefined>; fixes?: LambdaFixResult[]; summary: {findings: number; open: number}}): void {
    const rows = result.findings.map((f) => ({source: f.source, location: f.location, rule: f.rule, value: f.maskedValue}))
    if (rows.length > 0) this.log(renderTable(rows))
    const scanned = Object.entries(result.scanned)
      .map(([source, n]) => `${source} ${n}`)
      .join(', ')
    this.log(`${result.findings.length === 0 ? '\nNo secrets found in the open' : `\n${result.summary.findings} finding(s), ${result.summary.open} still open`} (scanned: ${scanned || 'nothing'}).`)
    const fixes = (result.fixes ?? []).map((f) => ({function: f.functionName, variable: f.variable, action: f.action, secret: f.secretName}))
    if (fixes.length > 0) this.log(`\n${renderTable(fixes)}`)
    for (const e of result.errors) this.note(`could not audit ${e.source}: ${e.message}`)
  }

  /** A deliberate exit code after the result is printed is not an error to report again. */
}
