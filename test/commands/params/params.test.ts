import assert from 'node:assert/strict'

import {DescribeTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {DescribeParametersCommand, GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient} from '@aws-sdk/client-ssm'

import ParamsDiff, {type ParamsDiffOutput} from '../../../src/commands/params/diff.js'
import ParamsGet from '../../../src/commands/params/get.js'
import ParamsList, {type ParamsListOutput} from '../../../src/commands/params/list.js'
import ParamsSet, {type ParamsSetOutput} from '../../../src/commands/params/set.js'
import {PARAMETER_SPECS} from '../../../src/sdk/catalog/parameters.js'
import {mockedClient} from '../../helpers/mocked-client.js'
import {runCommand} from '../../helpers/run-command.js'

const SECRET = 'whsec-9f8e7d6c5b4a-live-value'
const NEW_SECRET = 'whsec-new-0011223344-value'

interface Stored {
  Type: 'String' | 'SecureString' | 'StringList'
  Value: string
  Version: number
  KeyId?: string
}

/** SSM Parameter Store of several envs: DescribeParameters by Path, GetParameter(s), PutParameter. */
function store(ssm: ReturnType<typeof mockedClient>, parameters: Record<string, Stored>) {
  const modified = new Date('2026-02-01T10:00:00Z')
  ssm.on(DescribeParametersCommand).callsFake(({ParameterFilters}) => {
    const prefix = `${ParameterFilters[0].Values[0]}/`
    return {
      Parameters: Object.entries(parameters)
        .filter(([name]) => name.startsWith(prefix))
        .map(([Name, p]) => ({Name, Type: p.Type, Version: p.Version, LastModifiedDate: modified, LastModifiedUser: 'arn:aws:iam::123456789012:user/ops', ...(p.KeyId ? {KeyId: p.KeyId} : {})})),
    }
  })
  const value = (Name: string, decrypt: boolean) => {
    const p = parameters[Name]
    // Without decryption SSM returns the ciphertext of a SecureString, never the plain value.
    return {Name, Type: p.Type, Version: p.Version, Value: p.Type === 'SecureString' && !decrypt ? 'AQICAHh-ciphertext' : p.Value}
  }
  ssm.on(GetParametersCommand).callsFake(({Names, WithDecryption}) => ({
    Parameters: Names.filter((n: string) => parameters[n]).map((n: string) => value(n, WithDecryption)),
    InvalidParameters: Names.filter((n: string) => !parameters[n]),
  }))
  ssm.on(GetParameterCommand).callsFake(({Name, WithDecryption}) => {
    if (!parameters[Name]) throw Object.assign(new Error('not found'), {name: 'ParameterNotFound'})
    return {Parameter: value(Name, WithDecryption)}
  })
  ssm.on(PutParameterCommand).callsFake(({Name, Value, Type, KeyId}) => {
    const Version = (parameters[Name]?.Version ?? 0) + 1
    parameters[Name] = {Type, Value, Version, ...(KeyId ? {KeyId} : {})}
    return {Version}
  })
}

const dev = () => ({
  '/omnix-ai/dev/api/cors-origins': {Type: 'String', Value: 'https://app.dev.omnix.ai', Version: 3},
  '/omnix-ai/dev/monitoring/log-level': {Type: 'String', Value: 'DEBUG', Version: 1},
  '/omnix-ai/dev/database/tables/users': {Type: 'String', Value: 'omnix-ai-dev-users', Version: 1},
  '/omnix-ai/dev/integrations/webhook-token': {Type: 'SecureString', Value: SECRET, Version: 2, KeyId: 'alias/omnix-ai-dev'},
}) as Record<string, Stored>

const noSecret = (result: {stdout: string; stderr: string}, ...secrets: string[]) => {
  for (const s of secrets) {
    assert.ok(!result.stdout.includes(s), `stdout shows a secret value: ${result.stdout}`)
    assert.ok(!result.stderr.includes(s), `stderr shows a secret value: ${result.stderr}`)
  }
}

describe('omnix params (mocked SSM)', () => {
  const ssm = mockedClient(SSMClient)
  const ddb = mockedClient(DynamoDBClient)
  beforeEach(() => {
    ssm.reset()
    ddb.reset()
  })

  it('list: every catalog parameter, present or missing, with type, version and last modified; undeclared ones only with --any, secure ones masked and never fetched', async () => {
    store(ssm, dev())
    const plain = await runCommand(ParamsList, ['--json'])
    assert.equal(plain.exitCode, 0, plain.stderr)
    const out = JSON.parse(plain.stdout) as ParamsListOutput
    assert.deepEqual(out.parameters.map((p) => p.path), PARAMETER_SPECS.map((p) => p.path))
    const cors = out.parameters.find((p) => p.path === 'api/cors-origins')!
    assert.deepEqual(
      {exists: cors.exists, type: cors.type, version: cors.version, lastModified: cors.lastModified, value: cors.value},
      {exists: true, type: 'String', version: 3, lastModified: '2026-02-01T10:00:00.000Z', value: 'https://app.dev.omnix.ai'},
    )
    assert.equal(out.parameters.find((p) => p.path === 'bedrock/model-id')?.exists, false)
    assert.deepEqual(out.undeclared, ['/omnix-ai/dev/integrations/webhook-token'])

    for (const args of [['--any', '--json'], ['--any']]) {
      const any = await runCommand(ParamsList, args)
      assert.equal(any.exitCode, 0)
      noSecret(any, SECRET, 'AQICAHh')
      if (!args.includes('--json')) assert.match(any.stdout, /integrations\/webhook-token\s+SecureString\s+2\s+2026-02-01T10:00:00.000Z\s+\*{8}/)
      else assert.equal((JSON.parse(any.stdout) as ParamsListOutput).parameters.find((p) => p.path === 'integrations/webhook-token')?.value, '********')
    }
    const asked = ssm.commandCalls(GetParametersCommand).flatMap((c) => c.args[0].input.Names ?? [])
    assert.ok(!asked.includes('/omnix-ai/dev/integrations/webhook-token'), 'a SecureString value was fetched')
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 0)
  })

  it('get: plain values print; a SecureString prints masked, and only --reveal decrypts it', async () => {
    store(ssm, dev())
    const level = await runCommand(ParamsGet, ['monitoring/log-level'])
    assert.equal(level.stdout, 'DEBUG\n')
    const masked = await runCommand(ParamsGet, ['integrations/webhook-token', '--any'])
    assert.equal(masked.exitCode, 0)
    assert.equal(masked.stdout, '********\n')
    assert.match(masked.stderr, /pass --reveal/)
    noSecret(masked, SECRET)
    const maskedJson = await runCommand(ParamsGet, ['/omnix-ai/dev/integrations/webhook-token', '--any', '--json'])
    noSecret(maskedJson, SECRET)
    assert.ok(ssm.commandCalls(GetParameterCommand).every((c) => c.args[0].input.WithDecryption !== true))
    const revealed = await runCommand(ParamsGet, ['--reveal', 'integrations/webhook-token', '--any'])
    assert.equal(revealed.stdout, `${SECRET}\n`)
    assert.deepEqual(ssm.commandCalls(GetParameterCommand).at(-1)!.args[0].input, {Name: '/omnix-ai/dev/integrations/webhook-token', WithDecryption: true})
  })

  it('get/set refuse names outside the catalog unless --any', async () => {
    store(ssm, dev())
    const get = await runCommand(ParamsGet, ['integrations/webhook-token'])
    assert.equal(get.exitCode, 2)
    assert.match(get.error!.message, /not in the catalog's parameter list/)
    const set = await runCommand(ParamsSet, ['integrations/other', 'x', '--yes'])
    assert.equal(set.exitCode, 2)
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 0)
  })

  it('set: shows old → new first, refuses without a terminal or --yes, then writes a new version of the catalog type', async () => {
    const parameters = dev()
    store(ssm, parameters)
    const refused = await runCommand(ParamsSet, ['monitoring/log-level', 'WARN'])
    assert.equal(refused.exitCode, 1)
    assert.match(refused.stderr, /\/omnix-ai\/dev\/monitoring\/log-level \(String\)\n- DEBUG {3}\(version 1, String\)\n\+ WARN/)
    assert.match(refused.error!.message, /refusing without a terminal/)
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 0)

    const dry = await runCommand(ParamsSet, ['monitoring/log-level', 'WARN', '--dry-run', '--json'])
    assert.equal((JSON.parse(dry.stdout) as ParamsSetOutput).written, false)
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 0)

    const written = await runCommand(ParamsSet, ['monitoring/log-level', 'WARN', '--yes', '--json'])
    assert.equal(written.exitCode, 0, written.stderr)
    const out = JSON.parse(written.stdout) as ParamsSetOutput
    assert.deepEqual([out.written, out.version, out.current?.value, out.newValue], [true, 2, 'DEBUG', 'WARN'])
    assert.deepEqual(ssm.commandCalls(PutParameterCommand)[0].args[0].input, {Name: '/omnix-ai/dev/monitoring/log-level', Value: 'WARN', Type: 'String', Overwrite: true})

    const again = await runCommand(ParamsSet, ['monitoring/log-level', 'WARN', '--yes'])
    assert.match(again.stderr, /Unchanged: nothing written/)
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 1)

    const bad = await runCommand(ParamsSet, ['monitoring/log-level', 'LOUD', '--yes'])
    assert.equal(bad.exitCode, 2)
    assert.match(bad.error!.message, /must be one of DEBUG, INFO, WARN, ERROR/)
  })

  it('set: a cut-over parameter is written only when its table is ACTIVE (or --force)', async () => {
    store(ssm, dev())
    ddb.on(DescribeTableCommand, {TableName: 'omnix-ai-dev-users-restored'}).resolves({Table: {TableName: 'omnix-ai-dev-users-restored', TableStatus: 'ACTIVE'}})
    ddb.on(DescribeTableCommand, {TableName: 'omnix-ai-dev-users-typo'}).rejects(Object.assign(new Error('Requested resource not found'), {name: 'ResourceNotFoundException'}))
    ddb.on(DescribeTableCommand, {TableName: 'omnix-ai-dev-users-denied'}).rejects(Object.assign(new Error('not authorized'), {name: 'AccessDeniedException'}))
    const missing = await runCommand(ParamsSet, ['database/tables/users', 'omnix-ai-dev-users-typo', '--yes'])
    assert.equal(missing.exitCode, 1)
    assert.match(missing.error!.message, /table omnix-ai-dev-users-typo does not exist or is not ACTIVE/)
    const blind = await runCommand(ParamsSet, ['database/tables/users', 'omnix-ai-dev-users-denied', '--yes'])
    assert.equal(blind.exitCode, 1)
    assert.match(blind.error!.message, /cannot tell whether table omnix-ai-dev-users-denied exists \(AccessDeniedException/)
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 0)
    const ok = await runCommand(ParamsSet, ['database/tables/users', 'omnix-ai-dev-users-restored', '--yes'])
    assert.equal(ok.exitCode, 0, ok.stderr)
    const forced = await runCommand(ParamsSet, ['database/tables/users', 'omnix-ai-dev-users-typo', '--yes', '--force', '--json'])
    assert.equal(forced.exitCode, 0)
    assert.match((JSON.parse(forced.stdout) as ParamsSetOutput).notes.join('\n'), /does not exist .*\(--force\)/)
    assert.deepEqual(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input.Value), ['omnix-ai-dev-users-restored', 'omnix-ai-dev-users-typo'])
  })

  it('set: a sensitive name becomes a SecureString under the platform key, and neither value is ever printed', async () => {
    const parameters = dev()
    store(ssm, parameters)
    const human = await runCommand(ParamsSet, ['integrations/webhook-token', NEW_SECRET, '--any', '--yes'])
    assert.equal(human.exitCode, 0, human.stderr)
    assert.match(human.stderr, /\(SecureString, key alias\/omnix-ai-dev\)\n- \*{8} {3}\(version 2, SecureString\)\n\+ \*{8} {3}\(changed\)/)
    noSecret(human, SECRET, NEW_SECRET)
    assert.deepEqual(ssm.commandCalls(PutParameterCommand)[0].args[0].input, {
      Name: '/omnix-ai/dev/integrations/webhook-token',
      Value: NEW_SECRET,
      Type: 'SecureString',
      Overwrite: true,
      KeyId: 'alias/omnix-ai-dev',
    })
    const created = await runCommand(ParamsSet, ['partner/api-key', SECRET, '--any', '--yes', '--json'])
    noSecret(created, SECRET)
    const out = JSON.parse(created.stdout) as ParamsSetOutput
    assert.deepEqual([out.type, out.keyId, out.newValue, out.current], ['SecureString', 'alias/omnix-ai-dev', '********', undefined])
    assert.equal(parameters['/omnix-ai/dev/partner/api-key'].Type, 'SecureString')
  })

  it('diff: two envs compared by name, type and version, values only when neither side is secure', async () => {
    store(ssm, {
      ...dev(),
      '/omnix-ai/prod/api/cors-origins': {Type: 'String', Value: 'https://app.omnix.ai', Version: 5},
      '/omnix-ai/prod/monitoring/log-level': {Type: 'String', Value: 'DEBUG', Version: 2},
      '/omnix-ai/prod/bedrock/model-id': {Type: 'String', Value: 'anthropic.claude-3-haiku-20240307-v1:0', Version: 1},
      '/omnix-ai/prod/integrations/webhook-token': {Type: 'SecureString', Value: 'prod-secret-value-123456', Version: 9},
    })
    const result = await runCommand(ParamsDiff, ['dev', 'prod', '--any', '--json'])
    assert.equal(result.exitCode, 0, result.stderr)
    noSecret(result, SECRET, 'prod-secret-value-123456')
    const out = JSON.parse(result.stdout) as ParamsDiffOutput
    const status = Object.fromEntries(out.parameters.map((p) => [p.path, p.status]))
    assert.equal(status['api/cors-origins'], 'different')
    assert.equal(status['monitoring/log-level'], 'same')
    assert.equal(status['bedrock/model-id'], 'only-b')
    assert.equal(status['database/tables/users'], 'only-a')
    assert.equal(status['database/endpoint'], 'missing')
    assert.equal(status['integrations/webhook-token'], 'secure')
    const token = out.parameters.find((p) => p.path === 'integrations/webhook-token')!
    assert.deepEqual([token.a?.version, token.b?.version, token.a?.value, token.b?.value], [2, 9, '********', '********'])
    assert.equal(out.differences, 3)
    assert.deepEqual([out.a.region, out.b.region], ['us-east-1', 'us-east-1'])

    const human = await runCommand(ParamsDiff, ['dev', 'prod', '--any', '--fail'])
    assert.equal(human.exitCode, 1)
    noSecret(human, SECRET, 'prod-secret-value-123456')
    assert.match(human.stdout, /api\/cors-origins\s+different\s+https:\/\/app\.dev\.omnix\.ai \(v3\)\s+https:\/\/app\.omnix\.ai \(v5\)/)
  })
})
