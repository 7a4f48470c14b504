import assert from 'node:assert/strict'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Status from '../../src/commands/status.js'
import type {ValidatePlatformResult} from '../../src/sdk/deploy/validate.js'
import type {Scorecard} from '../../src/sdk/status/types.js'
import {runCommand} from '../helpers/run-command.js'
import {type AccountState, finishedAccount, freshAccount, REGION, useFakeAccount} from '../sdk/status/fake-account.js'
import {type HealthServer, startHealthServer} from '../sdk/status/health-server.js'

const PROD = ['-e', 'prod', '-r', REGION]

/** What `omnix validate --json` printed for clean templates (one cdk-nag warning, no error). */
const VALIDATE_OUTPUT: ValidatePlatformResult = {
  env: 'prod',
  region: REGION,
  valid: true,
  errors: 0,
  warnings: 1,
  violations: [{rule: 'AwsSolutions-DDB3', severity: 'warning', description: 'no PITR', resources: [{path: 'omnix-ai-prod-data/UsersTable/Resource'}]}],
}

describe('omnix status (command)', () => {
  const account = useFakeAccount()
  let server: HealthServer
  let report: string
  before(async () => {
    server = await startHealthServer('prod')
    const dir = await mkdtemp(join(tmpdir(), 'omnix-status-'))
    report = join(dir, 'validate.json')
    await writeFile(report, JSON.stringify(VALIDATE_OUTPUT))
  })
  after(() => server.close())

  // The command runs on the real clock and waits for drift detection with the real interval:
  // the account's dates are relative to now, and its detections finish at once.
  const install = (state: AccountState) => account.install({...state, driftPolls: 0}, new Date())

  it('prints the scorecard as one JSON document and exits 0 when every task is done', async () => {
    install(finishedAccount(server.stageUrl))
    const {exitCode, stdout} = await runCommand(Status, [...PROD, '--json', '--validate-report', report])
    const card = JSON.parse(stdout) as Scorecard
    assert.equal(exitCode, 0, stdout)
    assert.deepEqual(Object.keys(card), ['env', 'region', 'tasks', 'summary', 'ok'])
    assert.deepEqual(Object.keys(card.tasks[0]), ['id', 'title', 'status', 'evidence'])
    assert.deepEqual(card.summary, {pass: 12, fail: 0, unknown: 0, na: 3})
    assert.equal(card.tasks.find((t) => t.id === 15)!.evidence.at(-1), 'cdk-nag AwsSolutions: no error in the synthesized templates (1 warning)')
  })

  it('exits 1 for a fresh account, with the next command of each failing task', async () => {
    install(freshAccount())
    const {exitCode, stdout} = await runCommand(Status, [...PROD, '--json', '--validate-report', report])
    const card = JSON.parse(stdout) as Scorecard
    assert.equal(exitCode, 1)
    assert.deepEqual(card.summary, {pass: 0, fail: 12, unknown: 0, na: 3})
    assert.deepEqual(
      card.tasks.filter((t) => t.status === 'fail').map((t) => [t.id, t.next]),
      [
        [1, 'omnix deploy -e prod --stacks api'],
        [2, 'omnix deploy -e prod --stacks api'],
        [3, 'omnix deploy -e prod --stacks data'],
        [4, 'omnix deploy -e prod --stacks api'],
        [6, 'omnix deploy -e prod'],
        [7, 'omnix deploy -e prod --stacks security'],
        [8, 'omnix deploy -e prod --stacks api'],
        [9, 'omnix deploy -e prod --stacks security'],
        [10, 'omnix deploy -e prod --stacks observability'],
        [11, 'omnix deploy -e prod --stacks data'],
        [12, 'omnix budgets set -e prod'],
        [15, 'omnix deploy -e prod --stacks compliance'],
      ],
    )
  })

  it('renders a table, the evidence and the summary for people', async () => {
    install(finishedAccount(server.stageUrl))
    const {exitCode, stdout} = await runCommand(Status, [...PROD, '--task', '2', '--task', '12'])
    assert.equal(exitCode, 0)
    assert.match(stdout, /^#\s+TASK\s+STATUS\s+NEXT$/m)
    assert.match(stdout, /^2\s+Consolidate API Gateway Instances\s+PASS$/m)
    assert.match(stdout, /^12\s+Implement Bedrock Cost Monitoring\s+PASS$/m)
    assert.match(stdout, /^ {3}omnix-ai-prod-monthly: 1000 USD MONTHLY, alerts ACTUAL > 80%, ACTUAL > 100%$/m)
    assert.match(stdout, /^2 pass, 0 fail, 0 unknown, 0 n\/a$/m)
    assert.doesNotMatch(stdout, /Security Audit/, 'only the tasks asked for')
  })

  it('exits 1 on unknown, naming the denied call', async () => {
    install({...finishedAccount(server.stageUrl), denied: ['DescribeTrailsCommand']})
    const {exitCode, stdout} = await runCommand(Status, [...PROD, '--task', '15', '--validate-report', report])
    assert.equal(exitCode, 1)
    assert.match(stdout, /^15\s+Security Audit and Compliance\s+UNKNOWN$/m)
    assert.match(stdout, /CloudTrail: could not be read \(AccessDeniedException: .*DescribeTrails\)/)
  })

  it('refuses task numbers outside the plan and unreadable reports as usage errors', async () => {
    assert.equal((await runCommand(Status, [...PROD, '--task', '16'])).exitCode, 2)
    const missing = await runCommand(Status, [...PROD, '--validate-report', join(tmpdir(), 'no-such-validate-report.json')])
    assert.equal(missing.exitCode, 2)
    assert.match(missing.error?.message ?? '', /--validate-report: cannot read/)
  })
})
