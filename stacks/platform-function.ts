import {Duration} from 'aws-cdk-lib'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import {Architecture, Code, Function as LambdaFunction, Runtime} from 'aws-cdk-lib/aws-lambda'
import {LogGroup} from 'aws-cdk-lib/aws-logs'
import {Construct} from 'constructs'

import {resourceName} from '../src/sdk/catalog/index.js'
import {bundleLambda} from './lambda-bundle.js'
import {dataRemovalPolicy, logLevel, logRetention, type PlatformContext} from './platform-context.js'

export interface PlatformFunctionProps {
  readonly context: PlatformContext
  /** Entry point name: src/lambda/<entry>.ts. */
  readonly entry: string
  /** Resource part of the function name (`omnix-ai-{env}-{name}`). */
  readonly name: string
  readonly description: string
  /** Names and ARNs only: secrets are read at run time, never passed in the environment. */
  readonly environment?: Record<string, string>
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
    this.function = new LambdaFunction(this, 'Function', {
      functionName,
      description: props.description,
      runtime: Runtime.NODEJS_20_X,
      architecture: Architecture.ARM_64,
      handler: bundle.handler,
      // The bundle's own content hash: CDK need not fingerprint the directory again.
      code: Code.fromAsset(bundle.directory, {assetHash: bundle.hash}),
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 256,
      logGroup: this.logGroup,
      environment: {
        OMNIX_ENV: env,
        LOG_LEVEL: logLevel(env),
        ...props.environment,
      },
    })
  }
}
