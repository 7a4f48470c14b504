import {Duration, Stack} from 'aws-cdk-lib'
import {PolicyStatement} from 'aws-cdk-lib/aws-iam'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import {Architecture, Code, Function as LambdaFunction, Runtime} from 'aws-cdk-lib/aws-lambda'
import {LogGroup} from 'aws-cdk-lib/aws-logs'
import {Construct} from 'constructs'

import {type RuntimeParameter, runtimeParameterEnvironment} from '../src/lambda/runtime-parameter-names.js'
import {resourceName} from '../src/sdk/catalog/index.js'
import {bundleLambda, LAMBDA_NODE_MAJOR} from './lambda-bundle.js'
import {dataRemovalPolicy, logRetention, type PlatformContext} from './platform-context.js'

/** The one Lambda runtime every platform function runs on (its Node version is the bundles' target). */
export const LAMBDA_RUNTIME = lambdaRuntime(LAMBDA_NODE_MAJOR)

function lambdaRuntime(major: number): Runtime {
  const runtime = Runtime.ALL.find((r) => r.name === `nodejs${major}.x`)
  if (!runtime) throw new Error(`aws-cdk-lib knows no Lambda runtime nodejs${major}.x`)
  return runtime
}

export interface PlatformFunctionProps {
  readonly context: PlatformContext
  /** Entry point name: src/lambda/<entry>.ts. */
  readonly entry: string
  /** Resource part of the function name (`omnix-ai-{env}-{name}`). */
  readonly name: string
  readonly description: string
  /** Names and ARNs only: secrets are read at run time, never passed in the environment. */
  readonly environment?: Record<string, string>
  /**
   * SSM parameters the function reads at run time (names passed in the environment, read access
   * granted). The log level is always included.
   */
  readonly parameters?: readonly RuntimeParameter[]
  readonly timeout?: Duration
  readonly memorySize?: number
  /** Encrypts the function's log group. */
  readonly logKey?: IKey
}

/**
 * A Lambda function running repo code bundled at synth time, with its own log group
 * (the environment's retention, KMS-encrypted) and the platform's common environment.
 */
export class PlatformFunction extends Construct {
  readonly function: LambdaFunction
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id)
    const {env, settings, bundleDir} = props.context
    const functionName = resourceName(env, props.name)
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logRetention(settings),
      encryptionKey: props.logKey,
      removalPolicy: dataRemovalPolicy(settings),
    })
    const bundle = bundleLambda(props.entry, bundleDir)
    const parameters: RuntimeParameter[] = ['logLevel', ...(props.parameters ?? []).filter((p) => p !== 'logLevel')]
    this.function = new LambdaFunction(this, 'Function', {
      functionName,
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      handler: bundle.handler,
      // The bundle's own content hash: CDK need not fingerprint the directory again.
      code: Code.fromAsset(bundle.directory, {assetHash: bundle.hash}),
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 256,
      logGroup: this.logGroup,
      environment: {
        OMNIX_ENV: env,
        ...runtimeParameterEnvironment(env, parameters),
        ...props.environment,
      },
    })
    const stack = Stack.of(this)
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: Object.values(runtimeParameterEnvironment(env, parameters)).map((name) =>
          stack.formatArn({service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '')}),
        ),
      }),
    )
  }
}
