import {Flags} from '@oclif/core'

import {OmnixCommand} from '../cli/base-command.js'
import {ProgressLine} from '../cli/progress.js'
import {renderTable} from '../cli/table.js'
import {nagPlatform} from '../sdk/deploy/validate.js'
import {readValidateReport} from '../sdk/status/nag-report.js'
import {remediationStatus} from '../sdk/status/runner.js'
import {REMEDIATION_TASKS} from '../sdk/status/tasks.js'
import type {Scorecard} from '../sdk/status/types.js'

export default class Status extends OmnixCommand<typeof Status> {
  static summary = "Score the environment against the 15-task remediation plan, from live evidence."
  static description = `One row per task of the remediation plan: pass, fail, unknown or n/a, with the evidence read from AWS (read-only calls, plus a CloudFormation drift detection) and, when a task does not pass, the command that moves it:
 1 the API's health route answers 200 within 5 s; 2/4 one REST and one WebSocket API on the env stage; 3 catalog tables exist and legacy tables are gone or verified-migrated; 6 every stack deployed, none failed or rolled back, no drift; 7 secrets exist, rotate on schedule, audit clean; 8 the WAF web ACL is on the API stage; 9 the SSM parameters exist (sensitive ones SecureString); 10 dashboard and alarms (alarms in ALARM listed); 11 point-in-time recovery, backup plan, a recovery point under 26 h old; 12 budgets with 80 % and 100 % alerts; 15 AWS Config recorder and rules, a logging multi-region trail with log file validation, no cdk-nag error in the templates. 5, 13 and 14 are n/a: omnix cannot see them.
A task whose evidence cannot be read (access denied, throttling) is unknown with the reason. Exit codes: 0 when every task checked passes (or is n/a), 1 otherwise, 2 bad flags.`

  static examples = [
    {description: 'Scorecard of dev.', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Only the security tasks of prod.', command: '<%= config.bin %> <%= command.id %> -e prod --task 7 --task 8 --task 9'},
    {description: 'Gate a CI job on the scorecard and keep it.', command: '<%= config.bin %> <%= command.id %> -e staging --json > scorecard.json'},
  ]

  static flags = {
    task: Flags.integer({summary: 'Only this task (1-15, repeatable).', multiple: true, min: 1, max: REMEDIATION_TASKS.length}),
    'validate-report': Flags.string({summary: 'Take the cdk-nag findings of task 15 from this `omnix validate --json` output instead of synthesizing.'}),
    'no-nag': Flags.boolean({summary: 'Skip the cdk-nag check of task 15 (that part is then unknown).', exclusive: ['validate-report']}),
  }

  async run(): Promise<Scorecard> {
    const config = await this.omnixConfig()
    const {flags} = this
    const selected = flags.task ?? REMEDIATION_TASKS.map((t) => t.id)
    const bar = this.interactiveOutput ? new ProgressLine('status', new Set(selected).size, true) : undefined
    // A bad report file is a usage error now, not an unknown task later.
    const report = flags['validate-report'] ? await readValidateReport(flags['validate-report']) : undefined
    const nag = flags['no-nag'] ? undefined : report ? async () => report : () => nagPlatform({config, io: {logLevel: 'error'}})
    const scorecard = await remediationStatus({
      env: config.env,
      settings: config.settings,
      target: {region: config.region, profile: config.profile},
      account: config.account,
      tasks: flags.task,
      nag,
      onTask: () => bar?.add(1),
    })
    bar?.finish(`status: ${new Set(selected).size} task(s) checked`)
    if (this.jsonEnabled()) {
      if (!scorecard.ok) process.exitCode = 1
      return scorecard
    }
    this.render(scorecard)
    if (!scorecard.ok) this.exit(1)
    return scorecard
  }

  private render(scorecard: Scorecard): void {
    this.log(`Remediation status of ${scorecard.env} in ${scorecard.region}`)
    this.log('')
    this.log(
      renderTable(
        scorecard.tasks.map((t) => ({'#': t.id, task: t.title, status: t.status.toUpperCase(), next: t.next ?? ''})),
        ['#', 'task', 'status', 'next'],
      ),
    )
    this.log('')
    for (const t of scorecard.tasks) {
      this.log(`${t.id}. ${t.title}: ${t.status}`)
      for (const line of t.evidence) this.log(`   ${line}`)
    }
    const {summary} = scorecard
    this.log('')
    this.log(`${summary.pass} pass, ${summary.fail} fail, ${summary.unknown} unknown, ${summary.na} n/a`)
  }
}
