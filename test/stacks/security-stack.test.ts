import assert from 'node:assert/strict'

import {Match} from 'aws-cdk-lib/assertions'

import {PARAMETERS, parameterName, SECRETS, secretName} from '../../src/sdk/catalog/index.js'
import {only, resourcesOf, synthesizedBefore} from './synthesized-platform.js'

describe('security stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const template = () => synthesized(env).templates.security

      it('creates one KMS key with rotation on, and an alias per environment', () => {
        const key = only(resourcesOf(template(), 'AWS::KMS::Key'))
        assert.equal(key.Properties.EnableKeyRotation, true)
        template().hasResourceProperties('AWS::KMS::Alias', {AliasName: `alias/omnix-ai-${env}`})
      })

      it('lets CloudWatch Logs, alarms and budgets use the key for encrypted logs and notifications', () => {
        const statements = only(resourcesOf(template(), 'AWS::KMS::Key')).Properties.KeyPolicy.Statement as any[]
        const region = env === 'prod' ? 'eu-central-1' : 'us-east-1'
        assert.ok(statements.some((s) => s.Principal?.Service === `logs.${region}.amazonaws.com`))
        const notify = statements.find((s) => s.Sid === 'ServiceNotifications')
        assert.deepEqual(notify.Principal.Service, ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'])
      })

      it('generates the three secrets in Secrets Manager, KMS-encrypted, with no value in the template', () => {
        const secrets = Object.values(resourcesOf(template(), 'AWS::SecretsManager::Secret'))
        assert.deepEqual(
          secrets.map((s) => s.Properties.Name).sort(),
          SECRETS.map((id) => secretName(env, id)).sort(),
        )
        for (const secret of secrets) {
          const name = secret.Properties.Name as string
          const generate = secret.Properties.GenerateSecretString
          assert.equal(secret.Properties.SecretString, undefined, name)
          assert.ok(generate.PasswordLength >= 64, name)
          assert.equal(generate.ExcludePunctuation, true)
          // Generated into the JSON the platform's readers parse: {kid, alg?, key}.
          assert.equal(generate.GenerateStringKey, 'key')
          const template = JSON.parse(generate.SecretStringTemplate)
          assert.equal(template.kid, 'initial', name)
          assert.equal(template.key, undefined, name)
          assert.equal(template.alg, name.endsWith('/api-keys') ? undefined : 'HS256', name)
          assert.ok(secret.Properties.KmsKeyId, name)
        }
      })

      it('rotates every secret every 30 days with the rotation Lambda built from this repo', () => {
        const schedules = Object.values(resourcesOf(template(), 'AWS::SecretsManager::RotationSchedule'))
        assert.equal(schedules.length, SECRETS.length)
        const fn = Object.entries(resourcesOf(template(), 'AWS::Lambda::Function')).find(
          ([, f]) => f.Properties.FunctionName === `omnix-ai-${env}-secret-rotation`,
        )
        assert.ok(fn, 'rotation function exists')
        assert.equal(fn[1].Properties.Runtime, 'nodejs22.x')
        assert.equal(fn[1].Properties.Handler, 'index.handler')
        for (const schedule of schedules) {
          assert.deepEqual(schedule.Properties.RotationRules, {ScheduleExpression: 'rate(30 days)'})
          assert.deepEqual(schedule.Properties.RotationLambdaARN, {'Fn::GetAtt': [fn[0], 'Arn']})
        }
        template().hasResourceProperties('AWS::Lambda::Permission', {
          Principal: 'secretsmanager.amazonaws.com',
          FunctionName: {'Fn::GetAtt': [fn[0], 'Arn']},
        })
      })

      it('publishes the four SSM parameters under /omnix-ai/{env}/', () => {
        const parameters = Object.values(resourcesOf(template(), 'AWS::SSM::Parameter'))
        assert.deepEqual(
          parameters.map((p) => p.Properties.Name).sort(),
          PARAMETERS.map((p) => parameterName(env, p)).sort(),
        )
        template().hasResourceProperties('AWS::SSM::Parameter', {
          Name: `/omnix-ai/${env}/monitoring/log-level`,
          Value: env === 'dev' ? 'DEBUG' : 'INFO',
        })
        template().hasResourceProperties('AWS::SSM::Parameter', {
          Name: `/omnix-ai/${env}/bedrock/model-id`,
          Value: Match.stringLikeRegexp('^anthropic\\.'),
        })
      })
    })
  }

  it('retains the key and secrets in prod and lets dev delete them', () => {
    for (const type of ['AWS::KMS::Key', 'AWS::SecretsManager::Secret']) {
      for (const resource of Object.values(resourcesOf(synthesized('prod').templates.security, type))) assert.equal(resource.DeletionPolicy, 'Retain', type)
      for (const resource of Object.values(resourcesOf(synthesized('dev').templates.security, type))) assert.equal(resource.DeletionPolicy, 'Delete', type)
    }
    assert.equal(only(resourcesOf(synthesized('dev').templates.security, 'AWS::KMS::Key')).Properties.PendingWindowInDays, 7)
  })
})
