import {APIGatewayClient, GetRestApisCommand, GetStagesCommand} from '@aws-sdk/client-api-gateway'
import {ApiGatewayV2Client, GetApisCommand, GetStagesCommand as GetV2StagesCommand} from '@aws-sdk/client-apigatewayv2'
import {BackupClient, ListBackupPlansCommand, ListRecoveryPointsByBackupVaultCommand} from '@aws-sdk/client-backup'
import {BudgetsClient, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand} from '@aws-sdk/client-budgets'
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  GetTemplateCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation'
import {CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand} from '@aws-sdk/client-cloudtrail'
import {CloudWatchClient, DescribeAlarmsCommand, GetDashboardCommand} from '@aws-sdk/client-cloudwatch'
import {ConfigServiceClient, DescribeConfigRulesCommand, DescribeConfigurationRecorderStatusCommand} from '@aws-sdk/client-config-service'
import {DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand} from '@aws-sdk/client-dynamodb'
import {GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand} from '@aws-sdk/client-lambda'
import {DescribeSecretCommand, ListSecretVersionIdsCommand, SecretsManagerClient} from '@aws-sdk/client-secrets-manager'
import {DescribeParametersCommand, GetParametersCommand, SSMClient} from '@aws-sdk/client-ssm'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {GetWebACLForResourceCommand, WAFV2Client} from '@aws-sdk/client-wafv2'
import type {AwsStub} from 'aws-sdk-client-mock'

import {COMPLIANCE_RULES} from '../../../src/sdk/catalog/compliance.js'
import {PARAMETERS, parameterName, resourceName, SECRETS, secretName, STACK_CONCERNS} from '../../../src/sdk/catalog/naming.js'
import {TABLES, tableName} from '../../../src/sdk/catalog/tables.js'
import type {MigrationState} from '../../../src/sdk/migration/checkpoint.js'
import {mockedClient} from '../../helpers/mocked-client.js'

export const ACCOUNT = '123456789012'
export const REGION = 'eu-central-1'
export const ENV = 'prod'
export const NOW = new Date('2025-09-01T12:00:00Z')
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** One AWS account and region as the status checks see it. Every field is a fact a task reads. */
export interface AccountState {
  /** Deployed stacks by concern: status and drift. Absent: not deployed. */
  stacks: Partial<Record<string, {status: string; drift?: 'IN_SYNC' | 'DRIFTED'; driftedResources?: string[]}>>
  /** The api stack's ApiUrl output (the local health server). */
  apiUrl?: string
  restApis: Array<{id: string; name: string; stages: string[]}>
  webSocketApis: Array<{id: string; name: string; stages: string[]}>
  /** Table names with their key and item count. */
  tables: Array<{name: string; keys: string[]; items: number}>
  pitr: boolean
  migration?: MigrationState
  secrets: Partial<Record<string, {rotation: boolean; days?: number; lastRotatedDaysAgo?: number}>>
  /** Lambda functions and their environment variables (the audit reads them). */
  functions: Record<string, Record<string, string>>
  /** SSM parameters by name: type and value. */
  parameters: Record<string, {type: 'String' | 'SecureString'; value: string}>
  webAcl?: {name: string; rateLimit?: number}
  dashboard: boolean
  alarms: Array<{name: string; state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'}>
  backupPlan: boolean
  vault: boolean
  recoveryPointHoursAgo?: number
  budgets: Array<{name: string; limit: number; timeUnit: 'DAILY' | 'MONTHLY'; thresholds: number[]; fired?: number[]}>
  config: {recorder: boolean; recording: boolean; rules: string[]}
  trail?: {name: string; multiRegion: boolean; validation: boolean; logging: boolean; kms: boolean}
  /** How many times each drift detection answers "in progress" before its result (default 1; Infinity: never done). */
  driftPolls?: number
  /** Commands answering AccessDeniedException, by class name (e.g. `DescribeSecretCommand`). */
  denied: string[]
}

const legacyTables = () => [
  {name: 'omnix-ai-products-prod', keys: ['id'], items: 1200},
  {name: 'omnix-ai-historical-data-prod', keys: ['product_id', 'date'], items: 90_000},
]
const catalogTables = () => TABLES.map((t) => ({name: tableName(ENV, t.id), keys: [t.partitionKey.name, ...(t.sortKey ? [t.sortKey.name] : [])], items: 10}))
const allStacks = (drift: 'IN_SYNC' | 'DRIFTED' = 'IN_SYNC') =>
  Object.fromEntries(STACK_CONCERNS.map((c) => [c, {status: c === 'api' ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE', drift}]))
const platformParameters = (): AccountState['parameters'] =>
  Object.fromEntries(PARAMETERS.map((p) => [parameterName(ENV, p), {type: 'String' as const, value: p === 'monitoring/log-level' ? 'INFO' : 'x'}]))
const fullBudgets = (): AccountState['budgets'] => [
  {name: resourceName(ENV, 'daily'), limit: 50, timeUnit: 'DAILY', thresholds: [80, 100]},
  {name: resourceName(ENV, 'monthly'), limit: 1000, timeUnit: 'MONTHLY', thresholds: [80, 100]},
]

/** Before the remediation: legacy everything, nothing of the platform deployed. */
export function freshAccount(): AccountState {
  return {
    stacks: {},
    restApis: [
      {id: '4j4yb4b844', name: 'omnix-ai-api-cors-enabled', stages: ['prod']},
      {id: '18sz01wxsi', name: 'omnix-ai-backend', stages: ['prod', 'dev']},
    ],
    webSocketApis: [{id: '5oo31khrrj', name: 'omnix-ai-websocket', stages: ['dev']}],
    tables: [...legacyTables(), {name: 'omnix-ai-prod-users', keys: ['id'], items: 40}],
    pitr: false,
    secrets: {},
    functions: {'omnix-ai-backend-prod': {JWT_SECRET: 'omnix-jwt-secret-change-in-production', LOG_LEVEL: 'debug'}},
    parameters: {},
    dashboard: false,
    alarms: [],
    backupPlan: false,
    vault: false,
    budgets: [],
    config: {recorder: false, recording: false, rules: []},
    denied: [],
  }
}

/** Halfway: the stacks are deployed, but migration, rotation, backups, budgets and compliance are unfinished. */
export function halfAccount(apiUrl: string): AccountState {
  const stacks = allStacks()
  delete stacks.compliance
  stacks.observability = {status: 'CREATE_COMPLETE', drift: 'DRIFTED', driftedResources: ['Api4xxAlarm MODIFIED']}
  return {
    stacks,
    apiUrl,
    restApis: [{id: 'a1b2c3d4e5', name: 'omnix-ai-prod-api', stages: ['prod']}],
    webSocketApis: [{id: 'w1s2w3s4w5', name: 'omnix-ai-prod-ws', stages: ['dev']}],
    tables: [...catalogTables(), ...legacyTables()],
    pitr: true,
    migration: migrationState({'omnix-ai-products-prod': 'verified', 'omnix-ai-historical-data-prod': 'copied'}),
    secrets: {
      'jwt-signing': {rotation: true, days: 30, lastRotatedDaysAgo: 3},
      'jwt-refresh': {rotation: true, days: 30, lastRotatedDaysAgo: 45},
      'api-keys': {rotation: false},
    },
    functions: {'omnix-ai-prod-api': {TABLE_PREFIX: 'omnix-ai-prod-'}},
    parameters: platformParameters(),
    webAcl: {name: 'omnix-ai-prod-api-waf', rateLimit: 100},
    dashboard: true,
    alarms: [
      {name: resourceName(ENV, 'api-4xx'), state: 'ALARM'},
      {name: resourceName(ENV, 'api-latency'), state: 'OK'},
    ],
    backupPlan: true,
    vault: true,
    recoveryPointHoursAgo: 30,
    budgets: [{name: resourceName(ENV, 'daily'), limit: 50, timeUnit: 'DAILY', thresholds: [80, 100], fired: [80]}],
    config: {recorder: false, recording: false, rules: []},
    trail: {name: 'org-trail', multiRegion: true, validation: false, logging: true, kms: false},
    denied: [],
  }
}

/** Every task done. */
export function finishedAccount(apiUrl: string): AccountState {
  return {
    stacks: allStacks(),
    apiUrl,
    restApis: [{id: 'a1b2c3d4e5', name: 'omnix-ai-prod-api', stages: ['prod']}],
    webSocketApis: [{id: 'w1s2w3s4w5', name: 'omnix-ai-prod-ws', stages: ['prod']}],
    tables: catalogTables(),
    pitr: true,
    secrets: Object.fromEntries(SECRETS.map((s) => [s, {rotation: true, days: 30, lastRotatedDaysAgo: 5}])),
    functions: {'omnix-ai-prod-api': {TABLE_PREFIX: 'omnix-ai-prod-'}},
    parameters: platformParameters(),
    webAcl: {name: 'omnix-ai-prod-api-waf', rateLimit: 100},
    dashboard: true,
    alarms: [
      {name: resourceName(ENV, 'api-4xx'), state: 'OK'},
      {name: resourceName(ENV, 'api-latency'), state: 'OK'},
    ],
    backupPlan: true,
    vault: true,
    recoveryPointHoursAgo: 7,
    budgets: fullBudgets(),
    config: {recorder: true, recording: true, rules: COMPLIANCE_RULES.map((r) => r.identifier)},
    trail: {name: resourceName(ENV, 'trail'), multiRegion: true, validation: true, logging: true, kms: true},
    denied: [],
  }
}

function migrationState(statuses: Record<string, 'pending' | 'copied' | 'verified'>): MigrationState {
  const target = (source: string) => (source.includes('products') ? tableName(ENV, 'products') : tableName(ENV, 'forecasting'))
  return {
    version: 1,
    planId: 'plan-7f3a',
    env: ENV,
    createdAt: '2025-08-31T10:00:00Z',
    updatedAt: '2025-08-31T11:00:00Z',
    targetsCreated: [],
    tables: Object.entries(statuses).map(([source, status]) => ({
      source,
      target: target(source),
      status,
      totalSegments: 4,
      segments: [],
      copied: 100,
      rejected: 0,
      retries: 0,
      throttles: 0,
      unprocessed: 0,
      copyMs: 1000,
    })),
  }
}

export function accessDenied(command: string): Error {
  const action = command.replace(/Command$/, '')
  return Object.assign(new Error(`User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: ${action}`), {name: 'AccessDeniedException', $fault: 'client'})
}

const named = (name: string, message: string) => Object.assign(new Error(message), {name, $fault: 'client'})

/** Every client the status checks use, mocked for the enclosing describe. */
export function useFakeAccount() {
  const mocks = {
    cfn: mockedClient(CloudFormationClient),
    cw: mockedClient(CloudWatchClient),
    ddb: mockedClient(DynamoDBClient),
    backup: mockedClient(BackupClient),
    ssm: mockedClient(SSMClient),
    sm: mockedClient(SecretsManagerClient),
    apigw: mockedClient(APIGatewayClient),
    v2: mockedClient(ApiGatewayV2Client),
    waf: mockedClient(WAFV2Client),
    config: mockedClient(ConfigServiceClient),
    trail: mockedClient(CloudTrailClient),
    budgets: mockedClient(BudgetsClient),
    sts: mockedClient(STSClient),
    lambda: mockedClient(LambdaClient),
  }

  /** Points every mock at `state` as of `at` (resetting what a previous test installed). */
  function install(state: AccountState, at: Date = NOW): typeof mocks {
    for (const mock of Object.values(mocks)) mock.reset()
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const on = (mock: AwsStub<any, any, any>, command: any, answer: (input: any) => unknown) =>
      mock.on(command).callsFake(async (input: unknown) => {
        if (state.denied.includes(command.name)) throw accessDenied(command.name)
        return answer(input)
      })
    const now = at.getTime()

    // CloudFormation: stacks, drift, and what the audit reads.
    on(mocks.cfn, DescribeStacksCommand, ({StackName}) => {
      const concern = STACK_CONCERNS.find((c) => resourceName(ENV, c) === StackName)
      const stack = concern ? state.stacks[concern] : undefined
      if (!stack) throw named('ValidationError', `Stack with id ${StackName} does not exist`)
      const outputs = concern === 'api' && state.apiUrl ? [{OutputKey: 'ApiUrl', OutputValue: state.apiUrl}] : []
      return {Stacks: [{StackName, StackStatus: stack.status, CreationTime: new Date(now - DAY_MS), Outputs: outputs}]}
    })
    on(mocks.cfn, DetectStackDriftCommand, ({StackName}) => ({StackDriftDetectionId: `drift-${StackName}`}))
    const polls = new Map<string, number>()
    on(mocks.cfn, DescribeStackDriftDetectionStatusCommand, ({StackDriftDetectionId}) => {
      const name = String(StackDriftDetectionId).replace(/^drift-/, '')
      const stack = state.stacks[STACK_CONCERNS.find((c) => resourceName(ENV, c) === name)!]!
      // A detection reports "in progress" for a while before its result, as CloudFormation does.
      const seen = (polls.get(name) ?? 0) + 1
      polls.set(name, seen)
      if (seen <= (state.driftPolls ?? 1)) return {StackDriftDetectionId, DetectionStatus: 'DETECTION_IN_PROGRESS'}
      return {
        StackDriftDetectionId,
        DetectionStatus: 'DETECTION_COMPLETE',
        StackDriftStatus: stack.drift ?? 'IN_SYNC',
        DriftedStackResourceCount: stack.driftedResources?.length ?? 0,
      }
    })
    on(mocks.cfn, DescribeStackResourceDriftsCommand, ({StackName}) => {
      const stack = state.stacks[STACK_CONCERNS.find((c) => resourceName(ENV, c) === StackName)!]
      return {
        StackResourceDrifts: (stack?.driftedResources ?? []).map((d) => {
          const [LogicalResourceId, StackResourceDriftStatus] = d.split(' ')
          return {LogicalResourceId, StackResourceDriftStatus, StackId: StackName, ResourceType: 'x', Timestamp: NOW}
        }),
      }
    })
    on(mocks.cfn, ListStacksCommand, () => ({
      StackSummaries: Object.entries(state.stacks).map(([c, s]) => ({StackName: resourceName(ENV, c), StackStatus: s!.status, CreationTime: NOW})),
    }))
    on(mocks.cfn, GetTemplateCommand, () => ({TemplateBody: '{"Resources": {}}'}))

    // API Gateway (REST and WebSocket) and WAF.
    on(mocks.apigw, GetRestApisCommand, () => ({items: state.restApis.map((a) => ({id: a.id, name: a.name, endpointConfiguration: {types: ['REGIONAL']}}))}))
    on(mocks.apigw, GetStagesCommand, ({restApiId}) => ({item: state.restApis.find((a) => a.id === restApiId)!.stages.map((stageName) => ({stageName}))}))
    on(mocks.v2, GetApisCommand, () => ({Items: state.webSocketApis.map((a) => ({ApiId: a.id, Name: a.name, ProtocolType: 'WEBSOCKET'}))}))
    on(mocks.v2, GetV2StagesCommand, ({ApiId}) => ({Items: state.webSocketApis.find((a) => a.id === ApiId)!.stages.map((StageName) => ({StageName}))}))
    on(mocks.waf, GetWebACLForResourceCommand, () =>
      state.webAcl
        ? {
            WebACL: {
              Name: state.webAcl.name,
              Id: 'acl-1',
              ARN: 'arn:aws:wafv2:acl',
              DefaultAction: {Allow: {}},
              VisibilityConfig: undefined,
              Rules: [
                ...(state.webAcl.rateLimit
                  ? [{Name: 'RateLimitPerIp', Priority: 0, Statement: {RateBasedStatement: {Limit: state.webAcl.rateLimit, EvaluationWindowSec: 60, AggregateKeyType: 'IP'}}}]
                  : []),
                {Name: 'SQLiRuleSet', Priority: 1, Statement: {ManagedRuleGroupStatement: {VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet'}}},
              ],
            },
          }
        : {},
    )

    // DynamoDB: tables, PITR, the migration checkpoint in the analytics table.
    on(mocks.ddb, ListTablesCommand, () => ({TableNames: state.tables.map((t) => t.name).sort()}))
    on(mocks.ddb, DescribeTableCommand, ({TableName}) => {
      const table = state.tables.find((t) => t.name === TableName)
      if (!table) throw named('ResourceNotFoundException', `Table ${TableName} not found`)
      return {
        Table: {
          TableName,
          TableStatus: 'ACTIVE',
          ItemCount: table.items,
          TableSizeBytes: table.items * 100,
          KeySchema: table.keys.map((k, i) => ({AttributeName: k, KeyType: i === 0 ? 'HASH' : 'RANGE'})),
          AttributeDefinitions: table.keys.map((k) => ({AttributeName: k, AttributeType: 'S'})),
        },
      }
    })
    on(mocks.ddb, DescribeContinuousBackupsCommand, ({TableName}) => {
      if (!state.tables.some((t) => t.name === TableName)) throw named('TableNotFoundException', `Table ${TableName} not found`)
      return {ContinuousBackupsDescription: {ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: {PointInTimeRecoveryStatus: state.pitr ? 'ENABLED' : 'DISABLED'}}}
    })
    on(mocks.ddb, GetItemCommand, ({TableName, Key}) => {
      if (!state.tables.some((t) => t.name === TableName)) throw named('ResourceNotFoundException', `Requested resource not found`)
      if (Key?.SK?.S === 'STATE' && state.migration) return {Item: {PK: Key.PK, SK: Key.SK, state: {S: JSON.stringify(state.migration)}}}
      return {}
    })

    // Secrets Manager, and the audit's Lambda and SSM reads.
    on(mocks.sm, DescribeSecretCommand, ({SecretId}) => {
      const id = SECRETS.find((s) => secretName(ENV, s) === SecretId)
      const secret = id ? state.secrets[id] : undefined
      if (!secret) throw named('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
      const rotated = secret.lastRotatedDaysAgo === undefined ? undefined : new Date(now - secret.lastRotatedDaysAgo * DAY_MS)
      return {
        ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${SecretId}-AbCdEf`,
        Name: SecretId,
        RotationEnabled: secret.rotation,
        ...(secret.rotation ? {RotationLambdaARN: 'arn:aws:lambda:rotation', RotationRules: {AutomaticallyAfterDays: secret.days}} : {}),
        ...(rotated ? {LastRotatedDate: rotated} : {}),
        VersionIdsToStages: {v2: ['AWSCURRENT']},
      }
    })
    on(mocks.sm, ListSecretVersionIdsCommand, () => ({Versions: [{VersionId: 'v2', VersionStages: ['AWSCURRENT'], CreatedDate: new Date(now - DAY_MS)}]}))
    on(mocks.lambda, ListFunctionsCommand, () => ({Functions: Object.keys(state.functions).map((FunctionName) => ({FunctionName}))}))
    on(mocks.lambda, GetFunctionConfigurationCommand, ({FunctionName}) => ({FunctionName, Environment: {Variables: state.functions[FunctionName]}}))
    on(mocks.ssm, DescribeParametersCommand, ({ParameterFilters}) => {
      const filter = ParameterFilters?.[0]
      const all = Object.entries(state.parameters).map(([Name, p]) => ({Name, Type: p.type}))
      if (filter?.Key === 'Name') return {Parameters: all.filter((p) => filter.Values.includes(p.Name))}
      if (filter?.Key === 'Type') return {Parameters: all.filter((p) => filter.Values.includes(p.Type))}
      return {Parameters: all}
    })
    on(mocks.ssm, GetParametersCommand, ({Names}) => ({
      Parameters: (Names as string[]).filter((n) => state.parameters[n]).map((Name) => ({Name, Type: state.parameters[Name].type, Value: state.parameters[Name].value})),
    }))

    // CloudWatch, AWS Backup, Budgets.
    on(mocks.cw, GetDashboardCommand, ({DashboardName}) => {
      if (!state.dashboard) throw named('ResourceNotFound', 'Dashboard does not exist')
      return {DashboardName, DashboardBody: '{}'}
    })
    on(mocks.cw, DescribeAlarmsCommand, ({AlarmNamePrefix}) => ({
      MetricAlarms: state.alarms.filter((a) => a.name.startsWith(AlarmNamePrefix)).map((a) => ({AlarmName: a.name, StateValue: a.state})),
      CompositeAlarms: [],
    }))
    on(mocks.backup, ListBackupPlansCommand, () => ({
      BackupPlansList: state.backupPlan ? [{BackupPlanName: resourceName(ENV, 'backup'), BackupPlanId: 'plan-1'}] : [],
    }))
    on(mocks.backup, ListRecoveryPointsByBackupVaultCommand, ({BackupVaultName}) => {
      if (!state.vault) throw named('ResourceNotFoundException', `Backup vault ${BackupVaultName} does not exist`)
      const points = state.recoveryPointHoursAgo === undefined ? [] : [state.recoveryPointHoursAgo, state.recoveryPointHoursAgo + 24]
      return {
        RecoveryPoints: [
          ...points.map((h) => ({RecoveryPointArn: `rp-${h}`, Status: 'COMPLETED', CreationDate: new Date(now - h * HOUR_MS)})),
          // A running job newer than every completed point does not count.
          {RecoveryPointArn: 'rp-running', Status: 'PARTIAL', CreationDate: new Date(now - HOUR_MS)},
        ],
      }
    })
    on(mocks.sts, GetCallerIdentityCommand, () => ({Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/ci`}))
    on(mocks.budgets, DescribeBudgetsCommand, () => {
      if (state.budgets.length === 0) throw named('NotFoundException', 'no budgets')
      return {
        Budgets: state.budgets.map((b) => ({
          BudgetName: b.name,
          BudgetType: 'COST',
          TimeUnit: b.timeUnit,
          BudgetLimit: {Amount: String(b.limit), Unit: 'USD'},
          CalculatedSpend: {ActualSpend: {Amount: String(b.limit * 0.5), Unit: 'USD'}},
        })),
      }
    })
    on(mocks.budgets, DescribeNotificationsForBudgetCommand, ({BudgetName}) => {
      const budget = state.budgets.find((b) => b.name === BudgetName)!
      return {
        Notifications: budget.thresholds.map((Threshold) => ({
          NotificationType: 'ACTUAL',
          ComparisonOperator: 'GREATER_THAN',
          Threshold,
          ThresholdType: 'PERCENTAGE',
          NotificationState: budget.fired?.includes(Threshold) ? 'ALARM' : 'OK',
        })),
      }
    })

    // AWS Config and CloudTrail.
    on(mocks.config, DescribeConfigurationRecorderStatusCommand, () => ({
      ConfigurationRecordersStatus: state.config.recorder ? [{name: resourceName(ENV, 'recorder'), recording: state.config.recording}] : [],
    }))
    on(mocks.config, DescribeConfigRulesCommand, () => ({
      ConfigRules: state.config.rules.map((id) => ({ConfigRuleName: `rule-${id}`, ConfigRuleState: 'ACTIVE', Source: {Owner: 'AWS', SourceIdentifier: id}})),
    }))
    on(mocks.trail, DescribeTrailsCommand, () => ({
      trailList: state.trail
        ? [
            {
              Name: state.trail.name,
              TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${state.trail.name}`,
              IsMultiRegionTrail: state.trail.multiRegion,
              LogFileValidationEnabled: state.trail.validation,
              ...(state.trail.kms ? {KmsKeyId: 'arn:aws:kms:key'} : {}),
            },
          ]
        : [],
    }))
    on(mocks.trail, GetTrailStatusCommand, () => ({IsLogging: state.trail?.logging ?? false}))
    return mocks
  }

  return {mocks, install}
}
