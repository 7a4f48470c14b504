import assert from 'node:assert/strict'

import {COMPLIANCE_RULES} from '../../src/sdk/catalog/index.js'
import {only, resourcesOf, synthesizedBefore} from './synthesized-platform.js'

describe('compliance stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const platform = () => synthesized(env)
      const template = () => platform().templates.compliance
      const logicalId = (type: string) => Object.keys(resourcesOf(template(), type))[0]

      it('records every resource type, global ones included, with the AWS Config service role', () => {
        const recorder = only(resourcesOf(template(), 'AWS::Config::ConfigurationRecorder'))
        assert.equal(recorder.Properties.Name, `omnix-ai-${env}-recorder`)
        assert.deepEqual(recorder.Properties.RecordingGroup, {AllSupported: true, IncludeGlobalResourceTypes: true})
        const role = only(resourcesOf(template(), 'AWS::IAM::Role'))
        assert.equal(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service, 'config.amazonaws.com')
        assert.match(JSON.stringify(role.Properties.ManagedPolicyArns), /service-role\/AWS_ConfigRole/)
        assert.deepEqual(recorder.Properties.RoleARN, {'Fn::GetAtt': [logicalId('AWS::IAM::Role'), 'Arn']})
      })

      it('delivers AWS Config snapshots into the audit bucket', () => {
        const channel = only(resourcesOf(template(), 'AWS::Config::DeliveryChannel'))
        assert.deepEqual(channel.Properties.S3BucketName, {Ref: logicalId('AWS::S3::Bucket')})
        assert.equal(channel.Properties.S3KeyPrefix, 'config')
      })

      it('deploys the five managed rules of the plan, after the recorder', () => {
        const rules = Object.values(resourcesOf(template(), 'AWS::Config::ConfigRule'))
        assert.deepEqual(
          rules.map((r) => [r.Properties.ConfigRuleName, r.Properties.Source.Owner, r.Properties.Source.SourceIdentifier]).sort(),
          COMPLIANCE_RULES.map((r) => [`omnix-ai-${env}-${r.name}`, 'AWS', r.identifier]).sort(),
        )
        const recorder = logicalId('AWS::Config::ConfigurationRecorder')
        for (const rule of rules) assert.ok((rule.DependsOn as string[]).includes(recorder), `${rule.Properties.ConfigRuleName} waits for the recorder`)
      })

      it('logs every region with log file validation, encrypted with the platform key', () => {
        const trail = only(resourcesOf(template(), 'AWS::CloudTrail::Trail'))
        assert.equal(trail.Properties.TrailName, `omnix-ai-${env}-trail`)
        assert.equal(trail.Properties.IsMultiRegionTrail, true)
        assert.equal(trail.Properties.EnableLogFileValidation, true)
        assert.equal(trail.Properties.IncludeGlobalServiceEvents, true)
        assert.equal(trail.Properties.IsLogging, true)
        assert.deepEqual(trail.Properties.S3BucketName, {Ref: logicalId('AWS::S3::Bucket')})
        // The key lives in the security stack.
        assert.match(JSON.stringify(trail.Properties.KMSKeyId), /Fn::ImportValue.*omnix-ai-\w+-security/)
      })

      it('keeps the audit bucket private, encrypted, TLS-only and retained', () => {
        const bucket = only(resourcesOf(template(), 'AWS::S3::Bucket'))
        assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        })
        assert.ok(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration.length > 0)
        assert.equal(bucket.DeletionPolicy, 'Retain')
        const statements = only(resourcesOf(template(), 'AWS::S3::BucketPolicy')).Properties.PolicyDocument.Statement as any[]
        assert.ok(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'))
        const services = (s: any) => [s.Principal?.Service].flat()
        assert.ok(statements.some((s) => services(s).includes('cloudtrail.amazonaws.com') && s.Action === 's3:PutObject'))
        const config = statements.find((s) => s.Sid === 'ConfigDelivery')
        assert.deepEqual(services(config), ['config.amazonaws.com'])
        assert.equal(config.Condition.StringEquals['s3:x-amz-acl'], 'bucket-owner-full-control')
      })

      it('lets CloudTrail encrypt with the platform key for this trail only', () => {
        const key = only(resourcesOf(platform().templates.security, 'AWS::KMS::Key'))
        const statement = (key.Properties.KeyPolicy.Statement as any[]).find((s) => s.Sid === 'CloudTrailEncryptLogs')
        assert.equal(statement.Principal.Service, 'cloudtrail.amazonaws.com')
        assert.equal(statement.Action, 'kms:GenerateDataKey*')
        assert.match(JSON.stringify(statement.Condition.StringEquals['aws:SourceArn']), new RegExp(`:trail/omnix-ai-${env}-trail`))
      })

      it('depends on the security stack only', () => {
        assert.deepEqual(
          platform().stacks.compliance.dependencies.map((d) => d.stackName),
          [`omnix-ai-${env}-security`],
        )
      })
    })
  }
})
