import {CfnOutput, Duration, Stack, type StackProps} from 'aws-cdk-lib'
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  RestApi,
  SecurityPolicy,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway'
import {WebSocketApi, WebSocketStage} from 'aws-cdk-lib/aws-apigatewayv2'
import {WebSocketLambdaAuthorizer} from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import {WebSocketLambdaIntegration} from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import {Certificate, CertificateValidation} from 'aws-cdk-lib/aws-certificatemanager'
import type {Table} from 'aws-cdk-lib/aws-dynamodb'
import {PolicyStatement} from 'aws-cdk-lib/aws-iam'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import type {Function as LambdaFunction} from 'aws-cdk-lib/aws-lambda'
import {LogGroup} from 'aws-cdk-lib/aws-logs'
import type {Secret} from 'aws-cdk-lib/aws-secretsmanager'
import type {Queue} from 'aws-cdk-lib/aws-sqs'
import {CfnWebACL, CfnWebACLAssociation} from 'aws-cdk-lib/aws-wafv2'
import type {Construct} from 'constructs'

import {API_ROUTES, type RouteHandler} from '../src/lambda/api-routes.js'
import {resourceName, type TableId} from '../src/sdk/catalog/index.js'
import {createApiWebAcl} from './api-waf.js'
import {dataRemovalPolicy, logRetention, type PlatformContext} from './platform-context.js'
import {PlatformFunction} from './platform-function.js'

/** Steady-state requests per second and burst allowed to API-key clients (usage plan and stage). */
export const API_THROTTLE = {rateLimit: 50, burstLimit: 100} as const
/** WebSocket stage throttling (messages per second). */
export const WEBSOCKET_THROTTLE = {rateLimit: 100, burstLimit: 200} as const

/** Tables the API handler reads and writes. */
const API_TABLES: readonly TableId[] = ['products', 'inventory', 'forecasting', 'analytics']

export interface ApiStackProps extends StackProps {
  readonly context: PlatformContext
  readonly key: IKey
  readonly tables: Readonly<Record<TableId, Table>>
  readonly forecastingQueue: Queue
  readonly jwtSigningSecret: Secret
  /** Custom domain for the REST API (ACM certificate validated through DNS). */
  readonly domainName?: string
}

/** The REST API (/v1 routes, API keys, JWT authorizer, WAF), the WebSocket API and their handlers. */
export class ApiStack extends Stack {
  readonly restApi: RestApi
  readonly webSocketApi: WebSocketApi
  readonly webSocketStage: WebSocketStage
  readonly webAcl: CfnWebACL
  /** Every function this stack deploys, by short name, for dashboards and alarms. */
  readonly functions: Readonly<Record<string, LambdaFunction>>

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)
    const {context} = props
    const {env, settings} = context

    const health = new PlatformFunction(this, 'HealthHandler', {
      context,
      entry: 'health',
      name: 'health',
      description: 'GET /v1/system/health',
      memorySize: 128,
      logKey: props.key,
      parameters: ['corsOrigins'],
    })
    const api = new PlatformFunction(this, 'ApiHandler', {
      context,
      entry: 'api',
      name: 'api',
      description: 'REST API /v1 routes',
      timeout: Duration.seconds(29),
      memorySize: 512,
      logKey: props.key,
      environment: {
        FORECASTING_QUEUE_URL: props.forecastingQueue.queueUrl,
      },
      parameters: ['corsOrigins'],
    })
    for (const tableId of API_TABLES) props.tables[tableId].grantReadWriteData(api.function)
    props.forecastingQueue.grantSendMessages(api.function)

    const authorizerFn = new PlatformFunction(this, 'Authorizer', {
      context,
      entry: 'authorizer',
      name: 'authorizer',
      description: 'Verifies user JWTs for the REST API',
      logKey: props.key,
      environment: {JWT_SECRET_ID: props.jwtSigningSecret.secretArn},
    })
    this.grantJwtSecretRead(authorizerFn.function, props)

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/aws/apigateway/${resourceName(env, 'api')}/access`,
      retention: logRetention(settings),
      encryptionKey: props.key,
      removalPolicy: dataRemovalPolicy(settings),
    })

    const domainName = props.domainName
    const certificate = domainName
      ? new Certificate(this, 'ApiCertificate', {domainName, validation: CertificateValidation.fromDns()})
      : undefined

    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: resourceName(env, 'api'),
      description: `omnix-ai ${env} REST API`,
      endpointConfiguration: {types: [EndpointType.REGIONAL]},
      apiKeySourceType: ApiKeySourceType.HEADER,
      cloudWatchRole: true,
      deployOptions: {
        stageName: env,
        metricsEnabled: true,
        throttlingRateLimit: API_THROTTLE.rateLimit,
        throttlingBurstLimit: API_THROTTLE.burstLimit,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
      },
      domainName:
        domainName && certificate
          ? {domainName, certificate, endpointType: EndpointType.REGIONAL, securityPolicy: SecurityPolicy.TLS_1_2}
          : undefined,
    })

    const authorizer = new TokenAuthorizer(this, 'JwtAuthorizer', {
      authorizerName: resourceName(env, 'jwt'),
      handler: authorizerFn.function,
      identitySource: IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.minutes(5),
    })

    const integrations: Record<RouteHandler, LambdaIntegration> = {
      health: new LambdaIntegration(health.function, {allowTestInvoke: false}),
      api: new LambdaIntegration(api.function, {allowTestInvoke: false}),
    }
    // Preflights go to the API handler, which answers them from the SSM cors-origins parameter at
    // run time: the same origins as every other response, changed without a deploy.
    const preflightPaths = new Set<string>()
    for (const route of API_ROUTES) {
      const resource = this.restApi.root.resourceForPath(route.path)
      if (!preflightPaths.has(route.path)) {
        preflightPaths.add(route.path)
        resource.addMethod('OPTIONS', integrations.api, {authorizationType: AuthorizationType.NONE, apiKeyRequired: false})
      }
      resource.addMethod(
        route.method,
        integrations[route.handler],
        route.open
          ? {authorizationType: AuthorizationType.NONE, apiKeyRequired: false}
          : {authorizer, authorizationType: AuthorizationType.CUSTOM, apiKeyRequired: true},
      )
    }

    // Client API keys are not declared here: each is a version of the api-keys secret, created in
    // this plan by its rotation and deleted after the grace window (src/sdk/secrets/api-gateway-keys.ts).
    const usagePlan = this.restApi.addUsagePlan('UsagePlan', {
      name: resourceName(env, 'usage-plan'),
      description: `omnix-ai ${env} API clients`,
      throttle: {...API_THROTTLE},
      apiStages: [{api: this.restApi, stage: this.restApi.deploymentStage}],
    })

    this.webAcl = createApiWebAcl(this, 'WebAcl', {env, geoRestrictEu: settings.geoRestrictEu})
    const association = new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    })
    // The stage ARN is assembled from names, so CloudFormation would not wait for the stage itself.
    association.node.addDependency(this.restApi.deploymentStage)

    const websocket = new PlatformFunction(this, 'WebSocketHandler', {
      context,
      entry: 'websocket',
      name: 'websocket',
      description: 'WebSocket API connect, disconnect and messages (live alerts)',
      logKey: props.key,
    })
    props.tables.sessions.grantReadWriteData(websocket.function)
    const webSocketAuthorizerFn = new PlatformFunction(this, 'WebSocketAuthorizer', {
      context,
      entry: 'websocket-authorizer',
      name: 'websocket-authorizer',
      description: 'Verifies user JWTs (and browser origins) on WebSocket $connect',
      logKey: props.key,
      environment: {JWT_SECRET_ID: props.jwtSigningSecret.secretArn},
      parameters: ['corsOrigins'],
    })
    this.grantJwtSecretRead(webSocketAuthorizerFn.function, props)
    // No identity source: the token may come in the query string or as a subprotocol, so the
    // function itself decides (401 without a token) instead of API Gateway requiring one place.
    const webSocketAuthorizer = new WebSocketLambdaAuthorizer('WebSocketJwtAuthorizer', webSocketAuthorizerFn.function, {
      authorizerName: resourceName(env, 'ws-jwt'),
      identitySource: [],
    })
    const wsIntegration = new WebSocketLambdaIntegration('WebSocketIntegration', websocket.function)
    this.webSocketApi = new WebSocketApi(this, 'WebSocketApi', {
      apiName: resourceName(env, 'ws'),
      description: `omnix-ai ${env} live alerts`,
      connectRouteOptions: {integration: wsIntegration, authorizer: webSocketAuthorizer},
      disconnectRouteOptions: {integration: wsIntegration},
      defaultRouteOptions: {integration: wsIntegration, returnResponse: true},
    })
    this.webSocketStage = new WebSocketStage(this, 'WebSocketStage', {
      webSocketApi: this.webSocketApi,
      stageName: env,
      autoDeploy: true,
      throttle: {...WEBSOCKET_THROTTLE},
    })

    this.functions = {
      health: health.function,
      api: api.function,
      authorizer: authorizerFn.function,
      websocket: websocket.function,
      'websocket-authorizer': webSocketAuthorizerFn.function,
    }

    // RestApi adds an `Endpoint` output with a generated name; ApiUrl below replaces it.
    this.restApi.node.tryRemoveChild('Endpoint')
    new CfnOutput(this, 'ApiUrl', {value: this.restApi.url, description: 'REST API stage URL (routes under v1/)'})
    new CfnOutput(this, 'ApiId', {value: this.restApi.restApiId})
    new CfnOutput(this, 'UsagePlanId', {
      value: usagePlan.usagePlanId,
      description: 'Usage plan of the API clients; their key is the api-keys secret (omnix secrets rotate api-keys creates it here)',
    })
    new CfnOutput(this, 'WebSocketUrl', {value: this.webSocketStage.url})
    new CfnOutput(this, 'WebSocketApiId', {value: this.webSocketApi.apiId})
    new CfnOutput(this, 'WebAclArn', {value: this.webAcl.attrArn})
    if (domainName && this.restApi.domainName) {
      new CfnOutput(this, 'CustomDomainUrl', {value: `https://${domainName}/`})
      new CfnOutput(this, 'CustomDomainTarget', {
        value: this.restApi.domainName.domainNameAliasDomainName,
        description: `DNS alias (or CNAME) target for ${domainName}`,
      })
    }
  }

  /**
   * Read access to the JWT signing secret, granted on the role only: Secret.grantRead would also
   * edit the key policy in the security stack to name this role, a reference back to this stack
   * that CDK refuses as a cycle.
   */
  private grantJwtSecretRead(fn: LambdaFunction, props: ApiStackProps): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [props.jwtSigningSecret.secretArn],
      }),
    )
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [props.key.keyArn],
        conditions: {StringEquals: {'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com`}},
      }),
    )
  }
}
