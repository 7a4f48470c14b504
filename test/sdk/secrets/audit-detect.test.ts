import assert from 'node:assert/strict'
import {randomBytes, randomUUID} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {classify, isHighEntropyToken, isSecretName, normalizeName} from '../../../src/sdk/secrets/audit/detect.js'
import {maskValue} from '../../../src/sdk/secrets/audit/mask.js'
import {scanTemplate} from '../../../src/sdk/secrets/audit/template.js'
import {flavorOf, scanText} from '../../../src/sdk/secrets/audit/text.js'
import {ROOT} from '../../helpers/run-command.js'

const FIXTURES = join(ROOT, 'test', 'fixtures', 'audit')

/** mulberry32: a small deterministic PRNG. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('secret detection rules', () => {
  it('reports the known weak values wherever they appear', () => {
    for (const weak of ['omnix-jwt-secret-change-in-production', 'omnix-refresh-secret-change-in-production', 'omnix-api-key-production-2024']) {
      assert.equal(classify('ANYTHING', `prefix ${weak} suffix`)?.rule, 'known-weak-value')
      assert.equal(classify(undefined, weak)?.value, weak)
    }
  })

  it('matches the name patterns *_SECRET, *_KEY, *TOKEN*, PASSWORD in any spelling', () => {
    for (const name of ['JWT_SECRET', 'jwtSecret', 'JWTSecret', 'CLIENT_SECRET', 'API_KEY', 'apiKey', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'refreshToken', 'DB_PASSWORD', 'password', '/omnix-ai/dev/jwt/secret']) {
      assert.ok(isSecretName(name), name)
    }
    assert.equal(normalizeName('JWTSecret'), 'JWT_SECRET')
  })

  it('leaves names that refer to a secret or are not credentials', () => {
    for (const name of ['JWT_SECRET_ARN', 'JWT_SECRET_NAME', 'API_KEY_ID', 'KMS_KEY_ID', 'PARTITION_KEY', 'sortKey', 'PUBLIC_KEY', 'MAX_TOKENS', 'TOKEN_TTL', 'ACCESS_TOKEN_EXPIRES_IN', 'PASSWORD_MIN_LENGTH', 'Key', 'TOKENIZER', 'apiKeyHeader']) {
      assert.ok(!isSecretName(name), name)
    }
  })

  it('a secret name with a reference, placeholder, number or flag is not a finding', () => {
    for (const value of [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:omnix-ai/dev/jwt-signing-AbCdEf',
      '{{resolve:secretsmanager:omnix-ai/dev/jwt-signing}}',
      '/omnix-ai/dev/api/key',
      'omnix-ai/dev/jwt-signing',
      '${JWT_SECRET}',
      '<your-secret>',
      'your-jwt-secret-here',
      'changeme',
      'xxxxxxxx',
      '',
      '3600',
      'true',
      '15m',
      '^4.0.0',
    ]) {
      assert.equal(classify('JWT_SECRET', value), undefined, value)
    }
    assert.equal(classify('JWT_SECRET', 'fake-literal-for-tests')?.rule, 'secret-name')
  })

  it('flags random-looking strings by entropy, whatever their name', () => {
    assert.equal(classify('SESSION_BLOB', 'fakeTESTvalue9xQ2mZ7vB4nK1pL8rT5yW3')?.rule, 'high-entropy')
    // A seeded generator keeps this deterministic: 256-bit base64url keys, as `openssl rand` or
    // crypto.randomBytes(32) would make them. A heuristic misses a few; the bar is 95 %.
    const random = seeded(20250601)
    const keys = Array.from({length: 400}, () => Buffer.from(Array.from({length: 32}, () => Math.floor(random() * 256))).toString('base64url'))
    const caught = keys.filter((k) => classify('SESSION_BLOB', k)?.rule === 'high-entropy').length
    assert.ok(caught / keys.length >= 0.95, `${caught}/${keys.length}`)
  })

  it('does not flag digests, UUIDs, integrity hashes, CDK logical ids or identifiers', () => {
    const decoys = [
      randomBytes(20).toString('hex'), // git SHA
      randomBytes(32).toString('hex'), // sha256
      randomBytes(64).toString('hex').toUpperCase(),
      randomUUID(),
      `sha512-${randomBytes(64).toString('base64')}`,
      `sha384-${randomBytes(48).toString('base64')}`,
      `sha1-${randomBytes(20).toString('base64')}`,
      'OmnixAiDevProductsTable5F2E1A3B',
      'CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C',
      'getInventoryRecommendationsV2',
      'AWSLambdaBasicExecutionRole',
      'X-Amz-Security-Token-Header1',
      'omnix-ai-dev-forecasting-queue',
    ]
    for (const decoy of decoys) {
      assert.ok(!isHighEntropyToken(decoy.replace(/=+$/, '')), decoy)
      assert.equal(classify(undefined, decoy), undefined, decoy)
    }
  })

  it('finds credentials embedded in URLs, and private key blocks', () => {
    assert.deepEqual(classify('DATABASE_URL', 'postgres://omnix:fake-pass-for-tests@db.local:5432/omnix'), {rule: 'credentials-in-url', value: 'fake-pass-for-tests'})
    assert.equal(classify('DATABASE_URL', 'postgres://omnix:${DB_PASSWORD}@db.local/omnix'), undefined)
    // Built at run time so this file itself holds no key block.
    const block = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ')
    assert.equal(classify(undefined, `${block}\nMIIfake`)?.rule, 'private-key')
  })

  it('masks values to two characters and the length (none for short values)', () => {
    assert.equal(maskValue('omnix-jwt-secret-change-in-production'), 'om…(37 chars)')
    assert.equal(maskValue('abc'), '…(3 chars)')
  })

  it('lockfile integrity hashes are not reported even when the file is read as plain JSON', () => {
    const lock = readFileSync(join(FIXTURES, 'project', 'package-lock.json'), 'utf8')
    assert.equal(flavorOf('package-lock.json'), 'lockfile')
    assert.deepEqual(scanText(lock, 'lockfile'), [])
    assert.deepEqual(scanText(lock, 'json'), [])
  })

  it('reads name = value in each flavor', () => {
    assert.deepEqual(scanText('export API_TOKEN="fake-token-for-tests" # set by ops', 'dotenv'), [{line: 1, rule: 'secret-name', value: 'fake-token-for-tests', name: 'API_TOKEN'}])
    assert.deepEqual(scanText('  client_secret: fake-client-secret # comment', 'yaml'), [{line: 1, rule: 'secret-name', value: 'fake-client-secret', name: 'client_secret'}])
    assert.deepEqual(scanText('const apiKey: string = "fake-api-key-for-tests"', 'code'), [{line: 1, rule: 'secret-name', value: 'fake-api-key-for-tests', name: 'apiKey'}])
    assert.deepEqual(scanText("secret = os.getenv('JWT_SECRET', 'fake-default-for-tests')", 'code'), [{line: 1, rule: 'secret-name', value: 'fake-default-for-tests', name: 'JWT_SECRET'}])
    assert.deepEqual(scanText('const apiKey = process.env.API_KEY', 'code'), [])
  })

  it('does not read names inside strings, constant names as secrets, or lines marked allowed', () => {
    assert.deepEqual(scanText("const name = arn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '')", 'code'), [])
    assert.deepEqual(scanText("const MFA_TOKEN = 'CDK_SDK_I1100'", 'code'), [])
    assert.deepEqual(scanText("  'omnix-jwt-secret-change-in-production', // omnix-audit:allow", 'code'), [])
    assert.equal(scanText("  'omnix-jwt-secret-change-in-production',", 'code').length, 1)
  })

  it('scans a CloudFormation template with names from keys, Name/Value pairs and parameters, skipping references', () => {
    const hits = scanTemplate({
      Parameters: {DbPassword: {Type: 'String', Default: 'fake-db-password-for-tests'}},
      Resources: {
        Fn: {Type: 'AWS::Lambda::Function', Properties: {Environment: {Variables: {DB_PASSWORD: {Ref: 'DbPassword'}, JWT_SECRET: {'Fn::ImportValue': 'SomeExport'}}}}},
        Task: {Type: 'AWS::ECS::TaskDefinition', Properties: {ContainerDefinitions: [{Environment: [{Name: 'API_TOKEN', Value: 'fake-token-for-tests'}]}]}},
        Meta: {Type: 'AWS::CDK::Metadata', Properties: {Analytics: `v2:deflate64:${randomBytes(90).toString('base64')}`}},
      },
    })
    assert.deepEqual(
      hits.map((h) => [h.path, h.rule, h.name]),
      [
        ['Parameters.DbPassword.Default', 'secret-name', 'DbPassword'],
        ['Resources.Task.Properties.ContainerDefinitions.0.Environment.0.Value', 'secret-name', 'API_TOKEN'],
      ],
    )
  })
})
