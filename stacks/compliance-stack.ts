import {RemovalPolicy, Stack, type StackProps} from 'aws-cdk-lib'
import {Trail} from 'aws-cdk-lib/aws-cloudtrail'
import {CfnConfigurationRecorder, CfnDeliveryChannel, ManagedRule} from 'aws-cdk-lib/aws-config'
import {ManagedPolicy, PolicyStatement, Role, ServicePrincipal} from 'aws-cdk-lib/aws-iam'
import type {IKey} from 'aws-cdk-lib/aws-kms'
import {BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership} from 'aws-cdk-lib/aws-s3'
import type {Construct} from 'constructs'

import {auditTrailName, COMPLIANCE_RULES, complianceRuleName, configRecorderName, resourceName} from '../src/sdk/catalog/index.js'
import type {PlatformContext} from './platform-context.js'

export interface ComplianceStackProps extends StackProps {
  readonly context: PlatformContext
  /** The platform key: the trail's log files are encrypted with it. */
  readonly key: IKey
}

/** Prefix of AWS Config's snapshots and history in the audit bucket. */
export const CONFIG_PREFIX = 'config'

/**
 * Remediation task 15: AWS Config recording every resource type with the plan's five managed
 * rules, and a multi-region CloudTrail trail with log file validation, both delivering into one
 * audit bucket that blocks public access.
 * AWS Config allows one configuration recorder per account and region, so environments sharing
 * an account and region cannot each deploy this stack.
 */
export class ComplianceStack extends Stack {
  readonly bucket: Bucket
  readonly trail: Trail
  readonly recorder: CfnConfigurationRecorder
  readonly rules: readonly ManagedRule[]

  constructor(scope: Construct, id: string, props: ComplianceStackProps) {
    super(scope, id, props)
    const {env} = props.context

    // Audit evidence outlives the stack: the bucket is retained in every environment.
    this.bucket = new Bucket(this, 'AuditBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.allowConfigDelivery()

    const trailName = auditTrailName(env)
    this.grantTrailEncryption(props.key, trailName)
    this.trail = new Trail(this, 'Trail', {
      trailName,
      bucket: this.bucket,
      encryptionKey: props.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
    })

    const role = new Role(this, 'ConfigRole', {
      assumedBy: new ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
      description: `omnix-ai ${env}: AWS Config recorder`,
    })
    this.recorder = new CfnConfigurationRecorder(this, 'Recorder', {
      name: configRecorderName(env),
      roleArn: role.roleArn,
      // Global types (IAM) are needed by the password-policy and root-MFA rules.
      recordingGroup: {allSupported: true, includeGlobalResourceTypes: true},
    })
    const channel = new CfnDeliveryChannel(this, 'DeliveryChannel', {
      name: resourceName(env, 'config-delivery'),
      s3BucketName: this.bucket.bucketName,
      s3KeyPrefix: CONFIG_PREFIX,
    })
    // The policy must exist before AWS Config tests its write access to the bucket.
    if (this.bucket.policy) channel.node.addDependency(this.bucket.policy)

    this.rules = COMPLIANCE_RULES.map((rule) => {
      const managed = new ManagedRule(this, `Rule-${rule.name}`, {
        identifier: rule.identifier,
        configRuleName: complianceRuleName(env, rule.name),
        description: `omnix-ai ${env}: ${rule.name} (remediation task 15)`,
      })
      // A rule created before the recorder and its channel has nothing to evaluate and fails to create.
      managed.node.addDependency(this.recorder, channel)
      return managed
    })
  }

  /** AWS Config's documented bucket permissions, limited to this account. */
  private allowConfigDelivery(): void {
    const principal = new ServicePrincipal('config.amazonaws.com')
    const sourceAccount = {StringEquals: {'AWS:SourceAccount': this.account}}
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ConfigBucketCheck',
        principals: [principal],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: sourceAccount,
      }),
    )
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ConfigDelivery',
        principals: [principal],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${CONFIG_PREFIX}/AWSLogs/${this.account}/Config/*`)],
        conditions: {StringEquals: {'AWS:SourceAccount': this.account, 's3:x-amz-acl': 'bucket-owner-full-control'}},
      }),
    )
  }

  /**
   * CloudTrail encrypts log files with the platform key only if the key policy lets it. The trail's
   * ARN is written out from its name: a reference to the trail would make the key's stack depend
   * on this one, which already depends on the key.
   */
  private grantTrailEncryption(key: IKey, trailName: string): void {
    const keyStack = Stack.of(key)
    const trailArn = `arn:${keyStack.partition}:cloudtrail:${keyStack.region}:${keyStack.account}:trail/${trailName}`
    const principal = new ServicePrincipal('cloudtrail.amazonaws.com')
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudTrailEncryptLogs',
        principals: [principal],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: {'aws:SourceArn': trailArn},
          StringLike: {'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${keyStack.partition}:cloudtrail:*:${keyStack.account}:trail/*`},
        },
      }),
    )
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudTrailDescribeKey',
        principals: [principal],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: {StringEquals: {'aws:SourceArn': trailArn}},
      }),
    )
  }
}
