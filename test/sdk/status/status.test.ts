import {DescribeStackDriftDetectionStatusCommand, DescribeStacksCommand} from '@aws-sdk/client-cloudformation'
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {DescribeParametersCommand} from '@aws-sdk/client-ssm'
import {GetWebACLForResourceCommand} from '@aws-sdk/client-wafv2'
import assert from 'node:assert/strict'

import {DEFAULT_ENV_SETTINGS} from '../../../src/sdk/catalog/environments.js'
import {STACK_CONCERNS} from '../../../src/sdk/catalog/naming.js'
import {tableName} from '../../../src/sdk/catalog/tables.js'
import type {ValidatePlatformResult} from '../../../src/sdk/deploy/validate.js'
import {UsageError} from '../../../src/sdk/errors.js'
import {TableStateStore} from '../../../src/sdk/migration/checkpoint.js'
import type {StatusOptions} from '../../../src/sdk/status/context.js'
import {isSensitiveParameter} from '../../../src/sdk/catalog/parameters.js'
import {remediationStatus} from '../../../src/sdk/status/runner.js'
import type {Scorecard, TaskResult} from '../../../src/sdk/status/types.js'
import {type AccountState, ENV, finishedAccount, freshAccount, halfAccount, NOW, REGION, useFakeAccount} from './fake-account.js'
import {type HealthServer, startHealthServer} from './health-server.js'

const CLEAN_NAG: ValidatePlatformResult = {
  env: ENV,
  region: REGION,
  valid: true,
  errors: 0,
  warnings: 1,
  violations: [{rule: 'AwsSolutions-DDB3', severity: 'warning', description: 'no PITR', resources: [{path: 'omnix-ai-prod-data/UsersTable/Resource'}]}],
}
const NAG_WITH_ERROR: ValidatePlatformResult = {
  ...CLEAN_NAG,
  valid: false,
  errors: 1,
  violations: [
    ...CLEAN_NAG.violations,
    {rule: 'AwsSolutions-APIG4', severity: 'error', description: 'The API does not implement authorization.', resources: [{path: 'omnix-ai-prod-api/WebSocketApi/$connect-Route/Resource'}]},
    // A CloudFormation validator finding in the same report is not cdk-nag's.
    {rule: 'E3002', severity: 'error', description: 'bad property', resources: [{path: 'omnix-ai-prod-data/X'}]},
  ],
}

describe('omnix status (remediation scorecard)', () => {
  const account = useFakeAccount()
  let server: HealthServer
  let sleeps: number[]
  before(async () => {
    server = await startHealthServer(ENV)
  })
  after(() => server.close())
  beforeEach(() => {
    sleeps = []
    server.answer = 200
    server.requests.length = 0
  })

  const run = (state: AccountState, extra: Partial<StatusOptions> = {}): Promise<Scorecard> => {
    account.install(state)
    return remediationStatus({
      env: ENV,
      settings: DEFAULT_ENV_SETTINGS.prod,
      target: {region: REGION},
      now: () => NOW,
      drift: {pollMs: 5000, sleep: async (ms) => void sleeps.push(ms)},
      nag: async () => CLEAN_NAG,
      migrationStores: async () => [new TableStateStore(new DynamoDBClient({region: REGION}), tableName(ENV, 'analytics'), ENV)],
      ...extra,
    })
  }
  const task = (card: Scorecard, id: number): TaskResult => card.tasks.find((t) => t.id === id)!
  const statuses = (card: Scorecard) => Object.fromEntries(card.tasks.map((t) => [t.id, t.status]))
  const evidence = (card: Scorecard, id: number) => task(card, id).evidence.join('\n')

  describe('a fresh account (legacy everything, nothing deployed)', () => {
    let card: Scorecard
    before(async () => {
      card = await run(freshAccount(), {nag: async () => NAG_WITH_ERROR})
    })

    it('fails every task omnix can judge, n/a for the rest, and is not ok', () => {
      assert.deepEqual(statuses(card), {
        1: 'fail', 2: 'fail', 3: 'fail', 4: 'fail', 5: 'n/a', 6: 'fail', 7: 'fail', 8: 'fail',
        9: 'fail', 10: 'fail', 11: 'fail', 12: 'fail', 13: 'n/a', 14: 'n/a', 15: 'fail',
      })
      assert.deepEqual(card.summary, {pass: 0, fail: 12, unknown: 0, na: 3})
      assert.equal(card.ok, false)
      assert.deepEqual({env: card.env, region: card.region}, {env: 'prod', region: REGION})
    })

    it('titles the tasks as the plan does', () => {
      assert.equal(task(card, 1).title, 'Fix Backend Lambda Handler Debugging and Application Startup')
      assert.equal(task(card, 8).title, 'Implement AWS WAF for API Gateway Security')
      assert.equal(task(card, 15).title, 'Security Audit and Compliance')
    })

    it('says why each task fails and what to run next', () => {
      assert.deepEqual(task(card, 1).evidence, ['stack omnix-ai-prod-api is not deployed: no API to call'])
      assert.equal(task(card, 1).next, 'omnix deploy -e prod --stacks api')
      assert.match(evidence(card, 2), /^no REST API named omnix-ai-prod-api$/m)
      assert.match(evidence(card, 2), /other platform REST APIs remain for this environment: 4j4yb4b844 \(omnix-ai-api-cors-enabled\), 18sz01wxsi \(omnix-ai-backend\)/)
      assert.match(evidence(card, 3), /^8 catalog tables missing: omnix-ai-prod-products, /m)
      assert.match(evidence(card, 3), /legacy omnix-ai-products-prod \(1200 items\) is not migrated to omnix-ai-prod-products/)
      assert.match(evidence(card, 3), /legacy omnix-ai-historical-data-prod \(90000 items\) is not migrated to omnix-ai-prod-forecasting/)
      assert.match(evidence(card, 4), /other platform WebSocket APIs remain for this environment: 5oo31khrrj \(omnix-ai-websocket\)/)
      assert.equal(task(card, 6).evidence.length, STACK_CONCERNS.length)
      assert.equal(task(card, 6).evidence[0], 'omnix-ai-prod-security is not deployed')
      assert.equal(task(card, 6).next, 'omnix deploy -e prod')
      assert.match(evidence(card, 7), /^omnix-ai\/prod\/jwt-signing does not exist$/m)
      assert.match(evidence(card, 7), /audit: 1 secret in the open: omnix-ai-backend-prod:JWT_SECRET \(known-weak-value\)/)
      assert.doesNotMatch(JSON.stringify(card), /omnix-jwt-secret-change-in-production/, 'no secret value in the scorecard')
      assert.deepEqual(task(card, 8).evidence, ['no REST API omnix-ai-prod-api with stage prod to protect'])
      assert.match(evidence(card, 9), /^\/omnix-ai\/prod\/database\/endpoint does not exist$/m)
      assert.match(evidence(card, 10), /dashboard omnix-ai-prod does not exist/)
      assert.match(evidence(card, 10), /alarms missing: omnix-ai-prod-api-4xx, omnix-ai-prod-api-latency/)
      assert.match(evidence(card, 11), /point-in-time recovery is off for 9 tables: omnix-ai-prod-users, omnix-ai-prod-products \(missing\)/)
      assert.match(evidence(card, 11), /backup plan omnix-ai-prod-backup does not exist/)
      assert.match(evidence(card, 11), /backup vault omnix-ai-prod-vault does not exist/)
      assert.deepEqual(task(card, 12).evidence, ['budget omnix-ai-prod-daily does not exist', 'budget omnix-ai-prod-monthly does not exist'])
      assert.equal(task(card, 12).next, 'omnix budgets set -e prod')
      assert.match(evidence(card, 15), /AWS Config has no configuration recorder in this region/)
      assert.match(evidence(card, 15), /AWS Config rules missing: encrypted-volumes, iam-password-policy, mfa-enabled-for-root, s3-bucket-public-access-prohibited, lambda-function-public-access-prohibited/)
      assert.match(evidence(card, 15), /no multi-region CloudTrail trail with log file validation/)
      assert.match(evidence(card, 15), /cdk-nag AwsSolutions: 1 error: AwsSolutions-APIG4 at omnix-ai-prod-api\/WebSocketApi\/\$connect-Route\/Resource/)
      assert.equal(task(card, 15).next, 'omnix deploy -e prod --stacks compliance')
    })

    it('gives the reason for n/a and no next step', () => {
      for (const id of [5, 13, 14]) {
        assert.equal(task(card, id).next, undefined)
        assert.match(evidence(card, id), /omnix does not (read|check|inspect)/)
      }
    })
  })

  describe('a half-remediated account', () => {
    let card: Scorecard
    let slept: number[]
    let requested: string[]
    before(async () => {
      sleeps = []
      server.requests.length = 0
      card = await run(halfAccount(server.stageUrl))
      slept = [...sleeps]
      requested = [...server.requests]
    })

    it('passes what is done and fails what is not', () => {
      assert.deepEqual(statuses(card), {
        1: 'pass', 2: 'pass', 3: 'fail', 4: 'fail', 5: 'n/a', 6: 'fail', 7: 'fail', 8: 'pass',
        9: 'pass', 10: 'pass', 11: 'fail', 12: 'fail', 13: 'n/a', 14: 'n/a', 15: 'fail',
      })
      assert.deepEqual(card.summary, {pass: 5, fail: 7, unknown: 0, na: 3})
      assert.equal(card.ok, false)
    })

    it('calls the health route of the API stack’s URL', () => {
      assert.match(evidence(card, 1), new RegExp(`^GET ${server.stageUrl}v1/system/health answered 200 in \\d+ ms$`))
      assert.deepEqual(requested, ['GET /prod/v1/system/health'])
    })

    it('tells verified migrations from copies still to verify', () => {
      assert.match(evidence(card, 3), /^all 9 catalog tables exist$/m)
      assert.match(evidence(card, 3), /legacy omnix-ai-products-prod has a verified copy in omnix-ai-prod-products \(plan plan-7f3a\); it can be deleted/)
      assert.match(evidence(card, 3), /legacy omnix-ai-historical-data-prod was copied to omnix-ai-prod-forecasting but not verified/)
      assert.equal(task(card, 3).next, 'omnix migrate-tables verify -e prod')
    })

    it('finds the WebSocket API on the wrong stage', () => {
      assert.deepEqual(task(card, 4).evidence, ['WebSocket API w1s2w3s4w5 (omnix-ai-prod-ws) has no stage "prod" (stages: dev)'])
    })

    it('reports the missing stack and the drifted one, after polling the detections', () => {
      assert.equal(task(card, 6).evidence.at(-1), 'omnix-ai-prod-compliance is not deployed')
      assert.match(evidence(card, 6), /omnix-ai-prod-observability is CREATE_COMPLETE but drifted: 1 resource changed outside CloudFormation \(Api4xxAlarm MODIFIED\)/)
      assert.match(evidence(card, 6), /^omnix-ai-prod-api is UPDATE_COMPLETE, in sync with its template$/m)
      // Seven deployed stacks, each "in progress" once: one injected wait of the poll interval each.
      assert.deepEqual(slept, Array(STACK_CONCERNS.length - 1).fill(5000))
    })

    it('checks rotation against each secret’s schedule', () => {
      assert.deepEqual(task(card, 7).evidence, [
        'omnix-ai/prod/jwt-signing: rotation every 30 days, last rotated 3 days ago',
        'omnix-ai/prod/jwt-refresh: rotation every 30 days, last rotated 45 days ago: overdue',
        'omnix-ai/prod/api-keys: automatic rotation is off',
        'audit clean: no secret in the open (1 lambda, 7 cloudformation, 4 ssm scanned)',
      ])
      assert.equal(task(card, 7).next, 'omnix secrets rotate -e prod --all')
    })

    it('reads the web ACL of the REST API stage', () => {
      assert.deepEqual(task(card, 8).evidence, [
        'web ACL omnix-ai-prod-api-waf is associated with REST API a1b2c3d4e5 stage prod',
        'rules: RateLimitPerIp (100 requests per 60 s per IP), SQLiRuleSet (AWS/AWSManagedRulesSQLiRuleSet)',
      ])
      assert.deepEqual(
        account.mocks.waf.commandCalls(GetWebACLForResourceCommand).map((c) => c.args[0].input),
        [{ResourceArn: `arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5/stages/prod`}],
      )
    })

    it('reads parameter metadata only, by exact name', () => {
      const calls = account.mocks.ssm.commandCalls(DescribeParametersCommand).map((c) => c.args[0].input)
      assert.ok(
        calls.some(
          (input) =>
            JSON.stringify(input.ParameterFilters) ===
            JSON.stringify([{Key: 'Name', Option: 'Equals', Values: ['/omnix-ai/prod/database/endpoint', '/omnix-ai/prod/api/cors-origins', '/omnix-ai/prod/bedrock/model-id', '/omnix-ai/prod/monitoring/log-level']}]),
        ),
        JSON.stringify(calls),
      )
      assert.match(evidence(card, 9), /^\/omnix-ai\/prod\/api\/cors-origins \(String\)$/m)
    })

    it('lists alarms in ALARM without failing monitoring', () => {
      assert.deepEqual(task(card, 10).evidence, ['dashboard omnix-ai-prod exists', '2 alarms named omnix-ai-prod-*', 'in ALARM now: omnix-ai-prod-api-4xx'])
    })

    it('fails backups on a recovery point older than 26 h (an unfinished job does not count)', () => {
      assert.match(evidence(card, 11), /^point-in-time recovery is on for all 9 catalog tables$/m)
      assert.match(evidence(card, 11), /newest recovery point in omnix-ai-prod-vault is 30 h old \(2025-08-31T06:00:00.000Z\), older than 26 h/)
    })

    it('shows the budget alerts, fired ones included, and the missing budget', () => {
      assert.deepEqual(task(card, 12).evidence, [
        'omnix-ai-prod-daily: 50 USD DAILY, alerts ACTUAL > 80%, ACTUAL > 100%; fired: ACTUAL > 80%',
        'budget omnix-ai-prod-monthly does not exist',
      ])
    })

    it('rejects a trail without log file validation', () => {
      assert.match(evidence(card, 15), /no multi-region CloudTrail trail with log file validation; trails: org-trail \(multi-region, log file validation off\)/)
    })
  })

  describe('a finished account', () => {
    let card: Scorecard
    before(async () => {
      card = await run(finishedAccount(server.stageUrl))
    })

    it('passes every task omnix can judge and is ok', () => {
      assert.deepEqual(card.summary, {pass: 12, fail: 0, unknown: 0, na: 3})
      assert.equal(card.ok, true)
      for (const t of card.tasks) assert.equal(t.next, undefined, `task ${t.id} has no next step`)
    })

    it('shows the evidence of each pass', () => {
      assert.deepEqual(task(card, 2).evidence, ['REST API a1b2c3d4e5 (omnix-ai-prod-api) has stage "prod"'])
      assert.deepEqual(task(card, 3).evidence, ['all 9 catalog tables exist', 'no legacy table of prod is left'])
      assert.deepEqual(task(card, 4).evidence, ['WebSocket API w1s2w3s4w5 (omnix-ai-prod-ws) has stage "prod"'])
      assert.equal(task(card, 6).evidence.length, STACK_CONCERNS.length)
      assert.ok(task(card, 6).evidence.every((e) => /^omnix-ai-prod-\S+ is (CREATE|UPDATE)_COMPLETE, in sync with its template$/.test(e)))
      assert.match(evidence(card, 7), /^omnix-ai\/prod\/api-keys: rotation every 30 days, last rotated 5 days ago$/m)
      assert.match(evidence(card, 10), /^no alarm is in ALARM$/m)
      assert.match(evidence(card, 11), /^newest recovery point in omnix-ai-prod-vault is 7 h old/m)
      assert.deepEqual(task(card, 12).evidence, [
        'omnix-ai-prod-daily: 50 USD DAILY, alerts ACTUAL > 80%, ACTUAL > 100%',
        'omnix-ai-prod-monthly: 1000 USD MONTHLY, alerts ACTUAL > 80%, ACTUAL > 100%',
      ])
      assert.deepEqual(task(card, 15).evidence, [
        'AWS Config recorder omnix-ai-prod-recorder is recording',
        'AWS Config rules: encrypted-volumes, iam-password-policy, mfa-enabled-for-root, s3-bucket-public-access-prohibited, lambda-function-public-access-prohibited',
        'CloudTrail trail omnix-ai-prod-trail is logging (multi-region, log file validation, KMS-encrypted)',
        'cdk-nag AwsSolutions: no error in the synthesized templates (1 warning)',
      ])
    })
  })

  describe('evidence that cannot be read', () => {
    it('a denied AWS Config read leaves task 15 unknown with the reason, the rest of it still read', async () => {
      const card = await run({...finishedAccount(server.stageUrl), denied: ['DescribeConfigurationRecorderStatusCommand']})
      assert.equal(task(card, 15).status, 'unknown')
      assert.match(evidence(card, 15), /^AWS Config: could not be read \(AccessDeniedException: User: arn:aws:iam::123456789012:user\/ci is not authorized to perform: DescribeConfigurationRecorderStatus\)$/m)
      assert.match(evidence(card, 15), /^CloudTrail trail omnix-ai-prod-trail is logging/m)
      assert.deepEqual(card.summary, {pass: 11, fail: 0, unknown: 1, na: 3})
      assert.equal(card.ok, false, 'unknown is not done')
    })

    it('a denied read shared by tasks makes each of them unknown, never an exception', async () => {
      const card = await run({...finishedAccount(server.stageUrl), denied: ['DescribeStacksCommand', 'DescribeSecretCommand']})
      assert.equal(task(card, 1).status, 'unknown')
      assert.match(evidence(card, 1), /^could not read the evidence: AccessDeniedException: .*DescribeStacks$/)
      assert.equal(task(card, 6).status, 'unknown')
      assert.equal(task(card, 7).status, 'unknown')
      assert.match(evidence(card, 7), /AccessDeniedException: .*DescribeSecret$/)
      assert.equal(task(card, 2).status, 'pass')
      assert.equal(task(card, 8).status, 'pass')
    })

    it('no cdk-nag evidence (not checked) is unknown, not a pass', async () => {
      const card = await run(finishedAccount(server.stageUrl), {nag: undefined, tasks: [15]})
      assert.equal(task(card, 15).status, 'unknown')
      assert.match(evidence(card, 15), /cdk-nag: templates not checked/)
    })
  })

  describe('task 1: the health check', () => {
    it('fails on an answer other than 200', async () => {
      server.answer = 503
      const card = await run(finishedAccount(server.stageUrl), {tasks: [1]})
      assert.equal(task(card, 1).status, 'fail')
      assert.match(evidence(card, 1), /answered 503 in \d+ ms \(expected 200\)$/)
      assert.equal(task(card, 1).next, 'aws logs tail /aws/lambda/omnix-ai-prod-health --since 1h')
    })

    it('fails when the API does not answer within the bound', async () => {
      server.answer = 'hang'
      const card = await run(finishedAccount(server.stageUrl), {tasks: [1], healthTimeoutMs: 200})
      assert.equal(task(card, 1).status, 'fail')
      assert.match(evidence(card, 1), /^GET http:\/\/127\.0\.0\.1:\d+\/prod\/v1\/system\/health did not answer within 0\.2 s$/)
    })

    it('fails when nothing listens at the URL', async () => {
      const gone = await startHealthServer(ENV)
      await gone.close()
      const card = await run(finishedAccount(gone.stageUrl), {tasks: [1]})
      assert.equal(task(card, 1).status, 'fail')
      assert.match(evidence(card, 1), /^GET http:\/\/127\.0\.0\.1:\d+\/prod\/v1\/system\/health failed: .*ECONNREFUSED/)
    })
  })

  describe('task 6: deployment state and drift', () => {
    it('fails a rolled-back stack without starting a drift detection on it', async () => {
      const state = finishedAccount(server.stageUrl)
      state.stacks.api = {status: 'UPDATE_ROLLBACK_COMPLETE'}
      const card = await run(state, {tasks: [6]})
      assert.equal(task(card, 6).status, 'fail')
      assert.match(evidence(card, 6), /^omnix-ai-prod-api is UPDATE_ROLLBACK_COMPLETE$/m)
      const polled = account.mocks.cfn.commandCalls(DescribeStackDriftDetectionStatusCommand).map((c) => c.args[0].input.StackDriftDetectionId)
      assert.ok(!polled.includes('drift-omnix-ai-prod-api'))
    })

    it('gives up on a detection that never finishes after the bound: unknown, not a hang', async () => {
      const card = await run({...finishedAccount(server.stageUrl), driftPolls: Infinity}, {tasks: [6], drift: {pollMs: 5000, maxPolls: 3, sleep: async (ms) => void sleeps.push(ms)}})
      assert.equal(task(card, 6).status, 'unknown')
      assert.match(evidence(card, 6), /^omnix-ai-prod-security is CREATE_COMPLETE; drift detection did not finish within 15 s$/m)
      assert.equal(sleeps.length, 3 * STACK_CONCERNS.length)
    })
  })

  describe('choosing tasks', () => {
    it('runs only the tasks asked for, and reads nothing for the others', async () => {
      const card = await run(finishedAccount(server.stageUrl), {tasks: [9, 2]})
      assert.deepEqual(card.tasks.map((t) => t.id), [2, 9])
      assert.equal(account.mocks.cfn.commandCalls(DescribeStacksCommand).length, 0)
      assert.equal(card.ok, true)
    })

    it('refuses a task the plan does not have', async () => {
      await assert.rejects(run(finishedAccount(server.stageUrl), {tasks: [16]}), (error: unknown) => error instanceof UsageError && /16 is not a task/.test(error.message))
    })
  })

  it('treats secret-like parameter names as sensitive', () => {
    assert.equal(isSensitiveParameter('database/endpoint'), false)
    assert.equal(isSensitiveParameter('monitoring/log-level'), false)
    assert.equal(isSensitiveParameter('database/password'), true)
    assert.equal(isSensitiveParameter('integrations/stripe-api-key'), true)
  })
})
