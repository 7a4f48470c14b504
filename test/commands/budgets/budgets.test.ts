import {GetCallerIdentityCommand} from '@aws-sdk/client-sts'
import assert from 'node:assert/strict'

import BudgetsList from '../../../src/commands/budgets/list.js'
import BudgetsSet from '../../../src/commands/budgets/set.js'
import BudgetsStatus from '../../../src/commands/budgets/status.js'
import type {BudgetReport, BudgetSetResult} from '../../../src/sdk/budgets/types.js'
import {runCommand} from '../../helpers/run-command.js'
import {ACTUAL, FakeBudgetsAccount, useBudgetMocks, writes} from '../../sdk/budgets/fake-budgets.js'

const DEV = ['-e', 'dev', '-r', 'us-east-1']
const ACME = ['--customer-tag', 'customer=acme']

describe('omnix budgets', () => {
  const mocks = useBudgetMocks()
  let account: FakeBudgetsAccount
  let stdinTTY: boolean | undefined
  beforeEach(() => {
    account = new FakeBudgetsAccount()
    account.install(mocks.budgets)
    stdinTTY = process.stdin.isTTY
    process.stdin.isTTY = false as never
  })
  afterEach(() => {
    process.stdin.isTTY = stdinTTY as never
  })

  describe('set', () => {
    it('--dry-run --json lists the changes and sends no write', async () => {
      const {stdout, exitCode} = await runCommand(BudgetsSet, [...DEV, ...ACME, '--email', 'ops@example.com', '--dry-run', '--json'])
      assert.equal(exitCode, 0)
      const result = JSON.parse(stdout) as BudgetSetResult
      assert.equal(result.accountId, '123456789012')
      assert.equal(result.dryRun, true)
      assert.equal(result.applied, false)
      assert.equal(result.unchanged, false)
      assert.deepEqual(result.changes.map((c) => c.action), ['create-budget'])
      assert.deepEqual(result.budgets.map((b) => [b.name, b.limit, b.alerts.length]), [['omnix-ai-dev-monthly-customer-acme', 1000, 4]])
      assert.deepEqual(writes(mocks.budgets), [])
    })

    it('refuses the platform budgets, naming their owner (the budgets stack) and the config key, before calling AWS', async () => {
      const none = await runCommand(BudgetsSet, [...DEV, '--email', 'ops@example.com', '--yes'])
      assert.equal(none.exitCode, 2)
      assert.match(String(none.error?.message), /omnix-ai-dev-daily, omnix-ai-dev-monthly, omnix-ai-dev-bedrock-monthly are owned by the budgets stack omnix-ai-dev-budgets/)
      assert.match(JSON.stringify(none.error), /environments\.dev\.budgets in omnix\.config\.json and run omnix deploy/)
      const daily = await runCommand(BudgetsSet, [...DEV, ...ACME, '--daily', '60', '--yes'])
      assert.equal(daily.exitCode, 2)
      assert.match(String(daily.error?.message), /^--daily: .* are owned by the budgets stack omnix-ai-dev-budgets/)
      assert.match(JSON.stringify(daily.error), /environments\.dev\.budgets\.daily/)
      assert.equal(mocks.budgets.calls().length, 0)
    })

    it('applies with --yes, and a second run changes nothing and says so', async () => {
      const first = await runCommand(BudgetsSet, [...DEV, ...ACME, '--customer-tag', 'customer=globex', '--customer-monthly', '250.50', '--email', 'ops@example.com', '--yes'])
      assert.equal(first.exitCode, 0)
      assert.match(first.stdout, /\+ omnix-ai-dev-monthly-customer-acme: create MONTHLY COST budget of 250\.50 USD/)
      assert.match(first.stdout, /Applied 2 change\(s\)\./)
      assert.deepEqual(writes(mocks.budgets), ['CreateBudget:omnix-ai-dev-monthly-customer-acme', 'CreateBudget:omnix-ai-dev-monthly-customer-globex'])

      mocks.budgets.resetHistory()
      const second = await runCommand(BudgetsSet, [...DEV, ...ACME, '--customer-tag', 'customer=globex', '--customer-monthly', '250.50', '--email', 'ops@example.com', '--yes'])
      assert.equal(second.exitCode, 0)
      assert.match(second.stdout, /Nothing to change: the budgets of dev already match\./)
      assert.deepEqual(writes(mocks.budgets), [])
    })

    it('refuses to apply without --yes when there is no terminal', async () => {
      const {exitCode, error} = await runCommand(BudgetsSet, [...DEV, ...ACME, '--email', 'ops@example.com'])
      assert.equal(exitCode, 1)
      assert.match(String(error?.message), /refusing without a terminal to ask on/)
      assert.deepEqual(writes(mocks.budgets), [])
    })

    const invalid: Array<[string[], RegExp]> = [
      [[...ACME, '--customer-monthly', '12.345'], /^--customer-monthly: "12\.345" has more than 2 decimals/],
      [[...ACME, '--customer-monthly', '0'], /^--customer-monthly: the amount must be positive/],
      [[...ACME, '--customer-monthly', '100 GBP'], /^--customer-monthly: "100 GBP" is in GBP; budgets are in USD/],
      [[...ACME, '--email', 'not-an-email'], /^--email: "not-an-email" is not an email address/],
      [[...ACME, '--sns-topic', 'arn:aws:sns:us-east-1:123:x'], /^--sns-topic: ".*" is not an SNS topic ARN/],
      [['--customer-tag', 'aws:cloudformation:stack-name=x'], /^--customer-tag: "aws:cloudformation:stack-name" is an AWS-reserved tag key/],
      [['--customer-monthly', '200'], /^--customer-monthly: applies to --customer-tag budgets, and none was given/],
    ]
    for (const [argv, message] of invalid) {
      it(`exits 2 naming the flag for ${argv.join(' ')}, before calling AWS`, async () => {
        const {exitCode, error} = await runCommand(BudgetsSet, [...DEV, ...argv, '--dry-run'])
        assert.equal(exitCode, 2)
        assert.match(String(error?.message), message)
        assert.equal(mocks.sts.commandCalls(GetCallerIdentityCommand).length, 0)
        assert.equal(mocks.budgets.calls().length, 0)
      })
    }

    it('refuses credentials for another account than the one configured for the env', async () => {
      const {mkdtemp, writeFile} = await import('node:fs/promises')
      const {tmpdir} = await import('node:os')
      const {join} = await import('node:path')
      const dir = await mkdtemp(join(tmpdir(), 'omnix-budgets-'))
      await writeFile(join(dir, 'omnix.config.json'), JSON.stringify({environments: {dev: {account: '999999999999'}}}))
      const cwd = process.cwd()
      process.chdir(dir)
      try {
        const {exitCode, error} = await runCommand(BudgetsSet, [...DEV, ...ACME, '--email', 'ops@example.com', '--dry-run'])
        assert.equal(exitCode, 2)
        assert.match(String(error?.message), /credentials are for account 123456789012, but environment dev is configured for account 999999999999/)
        assert.equal(mocks.budgets.calls().length, 0)
      } finally {
        process.chdir(cwd)
      }
    })
  })

  describe('list and status', () => {
    beforeEach(() => {
      account.addBudget(
        {
          BudgetName: 'omnix-ai-dev-monthly',
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: {Amount: '1000.0', Unit: 'USD'},
          CalculatedSpend: {ActualSpend: {Amount: '400.0', Unit: 'USD'}, ForecastedSpend: {Amount: '900.0', Unit: 'USD'}},
        },
        [{notification: {...ACTUAL(80), NotificationState: 'OK'}, subscribers: []}],
      )
    })

    it('list --json gives the report', async () => {
      const {stdout, exitCode} = await runCommand(BudgetsList, [...DEV, '--json'])
      assert.equal(exitCode, 0)
      const report = JSON.parse(stdout) as BudgetReport
      assert.deepEqual(report.budgets.map((b) => [b.name, b.limit, b.actual, b.forecasted, b.percentUsed, b.overLimit]), [
        ['omnix-ai-dev-monthly', 1000, 400, 900, 40, false],
      ])
    })

    it('status exits 0 while every budget is within its limit', async () => {
      const {stdout, exitCode} = await runCommand(BudgetsStatus, DEV)
      assert.equal(exitCode, 0)
      assert.match(stdout, /All budgets within their limits\./)
    })

    it('status exits 1 when a budget is over 100 %, still printing the JSON report', async () => {
      account.budgets.get('omnix-ai-dev-monthly')!.CalculatedSpend = {ActualSpend: {Amount: '1000.01', Unit: 'USD'}}
      account.notifications.get('omnix-ai-dev-monthly')![0].notification.NotificationState = 'ALARM'
      const {stdout, exitCode} = await runCommand(BudgetsStatus, [...DEV, '--json'])
      assert.equal(exitCode, 1)
      const report = JSON.parse(stdout) as BudgetReport
      assert.deepEqual(report.overLimit, ['omnix-ai-dev-monthly'])
      assert.deepEqual(report.budgets[0].firedAlerts, ['ACTUAL > 80%'])
    })
  })
})
