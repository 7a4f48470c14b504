import {Duration, Stack, type StackProps} from 'aws-cdk-lib'
import {Rule, RuleTargetInput, Schedule} from 'aws-cdk-lib/aws-events'
import {LambdaFunction as LambdaTarget} from 'aws-cdk-lib/aws-events-targets'
import {PolicyStatement, ServicePrincipal} from 'aws-cdk-lib/aws-iam'
import {Key} from 'aws-cdk-lib/aws-kms'
import {Secret} from 'aws-cdk-lib/aws-secretsmanager'
import {StringParameter} from 'aws-cdk-lib/aws-ssm'
import type {Construct} from 'constructs'

import {PARAMETERS, parameterName, PLATFORM_PREFIX, resourceName, SECRETS, type SecretId, secretName} from '../src/sdk/catalog/index.js'
import {formatCorsOrigins} from '../src/sdk/config/cors-origins.js'
import {JWT_ALGORITHM, secretKindOf} from '../src/sdk/secrets/values.js'
import {dataRemovalPolicy, logLevel, type PlatformContext} from './platform-context.js'
import {PlatformFunction} from './platform-function.js'

/** Foundation model the platform calls on Bedrock (published as bedrock/model-id). */
export const DEFAULT_BEDROCK_MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0'

/** Days between automatic rotations of every platform secret. */
export const SECRET_ROTATION_DAYS = 30

/** Length of generated secret keys: 64 alphanumerics carry about 380 bits of entropy. */
export const SECRET_LENGTH = 64

/** Key id of the value Secrets Manager generates at creation; rotations use their version id. */
export const INITIAL_KEY_ID = 'initial'

/**
 * The JSON shape the platform's secret readers and rotation expect (`{kid, alg?, key}`), minus
 * the `key`, which Secrets Manager generates into it.
 */
export function secretTemplate(secretId: SecretId): Record<string, string> {
  return secretKindOf(secretId) === 'jwt-signing-key' ? {kid: INITIAL_KEY_ID, alg: JWT_ALGORITHM} : {kid: INITIAL_KEY_ID}
}

const SECRET_DESCRIPTIONS: Record<SecretId, string> = {
  'jwt-signing': 'Key signing user access tokens (JWT)',
  'jwt-refresh': 'Key signing user refresh tokens (JWT)',
  'api-keys': 'Key material for platform API clients',
}

export interface SecurityStackProps extends StackProps {
  readonly context: PlatformContext
}

/** KMS key, generated secrets with scheduled rotation, and the environment's SSM parameters. */
export class SecurityStack extends Stack {
  readonly key: Key
  readonly secrets: Readonly<Record<SecretId, Secret>>
  readonly rotationFunction: PlatformFunction
  /** Short name of the rotation function (`omnix-ai-{env}-{name}`). */
  readonly rotationFunctionName = 'secret-rotation'
  readonly parameters: Readonly<Record<(typeof PARAMETERS)[number], StringParameter>>

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, props)
    const {env, settings} = props.context

    this.key = new Key(this, 'DataKey', {
      alias: `alias/${PLATFORM_PREFIX}-${env}`,
      description: `omnix-ai ${env}: data at rest (tables, queues, topics, logs, secrets, backups)`,
      enableKeyRotation: true,
      removalPolicy: dataRemovalPolicy(settings),
      pendingWindow: Duration.days(settings.retainData ? 30 : 7),
    })
    this.grantServiceUse()

    this.rotationFunction = new PlatformFunction(this, 'SecretRotation', {
      context: props.context,
      entry: 'secret-rotation',
      name: this.rotationFunctionName,
      description: 'Rotates the platform secrets (Secrets Manager rotation steps)',
      timeout: Duration.seconds(30),
      logKey: this.key,
    })
    this.syncApiGatewayKeys(env)

    const secrets = {} as Record<SecretId, Secret>
    for (const secretId of SECRETS) {
      const secret = new Secret(this, `Secret-${secretId}`, {
        secretName: secretName(env, secretId),
        description: `omnix-ai ${env}: ${SECRET_DESCRIPTIONS[secretId]}`,
        encryptionKey: this.key,
        // Secrets Manager generates the value: nothing secret exists in code or in the template.
        generateSecretString: {
          secretStringTemplate: JSON.stringify(secretTemplate(secretId)),
          generateStringKey: 'key',
          passwordLength: SECRET_LENGTH,
          excludePunctuation: true,
          includeSpace: false,
          requireEachIncludedType: true,
        },
        removalPolicy: dataRemovalPolicy(settings),
      })
      secret.addRotationSchedule('Rotation', {
        rotationLambda: this.rotationFunction.function,
        automaticallyAfter: Duration.days(SECRET_ROTATION_DAYS),
        // A freshly generated value needs no rotation at deploy time; the schedule takes over.
        rotateImmediatelyOnUpdate: false,
      })
      secrets[secretId] = secret
    }
    this.secrets = secrets

    const values: Record<(typeof PARAMETERS)[number], string> = {
      'database/endpoint': `https://dynamodb.${this.region}.${this.urlSuffix}`,
      // From config corsOrigins; the API and WebSocket handlers read it at run time.
      'api/cors-origins': formatCorsOrigins(settings.corsOrigins),
      'bedrock/model-id': DEFAULT_BEDROCK_MODEL_ID,
      'monitoring/log-level': logLevel(env),
    }
    const parameters = {} as Record<(typeof PARAMETERS)[number], StringParameter>
    for (const path of PARAMETERS) {
      parameters[path] = new StringParameter(this, `Parameter-${path.replace(/\//g, '-')}`, {
        parameterName: parameterName(env, path),
        stringValue: values[path],
        description: `omnix-ai ${env}: ${path}`,
      })
    }
    this.parameters = parameters
  }

  /**
   * Rotating api-keys mirrors each version into the API Gateway usage plan; this hourly run of the
   * rotation function deletes the previous version's key once its grace window is over (and
   * registers the current one after a first deploy). Granted by ARN pattern: the usage plan lives
   * in the api stack, which deploys after this one.
   */
  private syncApiGatewayKeys(env: string): void {
    const fn = this.rotationFunction.function
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['apigateway:GET', 'apigateway:POST', 'apigateway:DELETE'],
        resources: ['/apikeys', '/apikeys/*', '/usageplans', '/usageplans/*'].map((path) => `arn:${this.partition}:apigateway:${this.region}::${path}`),
      }),
    )
    new Rule(this, 'ApiKeySync', {
      ruleName: resourceName(env, 'api-key-sync'),
      description: `omnix-ai ${env}: API Gateway client keys follow the api-keys secret (grace window, then removal)`,
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaTarget(fn, {event: RuleTargetInput.fromObject({action: 'sync-api-keys'})})],
    })
  }

  /**
   * Services that write encrypted data on the platform's behalf need the key in its policy:
   * CloudWatch Logs (log groups), and CloudWatch alarms and AWS Budgets (notifications into the
   * encrypted alerts topic). EventBridge gets its statement from the queue target itself.
   */
  private grantServiceUse(): void {
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryption',
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`},
        },
      }),
    )
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ServiceNotifications',
        principals: ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'].map((s) => new ServicePrincipal(s)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // No source condition: these services call KMS through SNS/SQS, where such keys are not
        // reliably present, and a missing key would silently drop alerts.
        resources: ['*'],
      }),
    )
  }
}
