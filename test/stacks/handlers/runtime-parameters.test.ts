import assert from 'node:assert/strict'

import {clearCaches} from '@aws-lambda-powertools/parameters'
import {GetParameterCommand, SSMClient} from '@aws-sdk/client-ssm'

import {
  applyRuntimeLogLevel,
  bedrockModelId,
  corsPolicy,
  PARAMETER_MAX_AGE_SECONDS,
  RUNTIME_PARAMETERS,
} from '../../../src/lambda/runtime-parameters.js'
import {createLogger, setLogLevel, setLogSink} from '../../../src/lambda/structured-log.js'
import {runtimeParameterEnvironment} from '../../../src/lambda/runtime-parameter-names.js'
import type {SqsRecord} from '../../../src/lambda/sqs-event.js'
import {mockedClient} from '../../helpers/mocked-client.js'

const env = runtimeParameterEnvironment('staging', ['corsOrigins', 'logLevel', 'bedrockModelId'])

describe('run-time parameters (SSM, cached with a TTL)', () => {
  const ssm = mockedClient(SSMClient)
  const saved = {...process.env}
  const realNow = Date.now
  beforeEach(() => {
    ssm.reset()
    clearCaches()
    Object.assign(process.env, env)
    ssm.on(GetParameterCommand, {Name: '/omnix-ai/staging/api/cors-origins'}).resolves({Parameter: {Value: 'https://a.example, https://b.example:8443/'}})
    ssm.on(GetParameterCommand, {Name: '/omnix-ai/staging/monitoring/log-level'}).resolves({Parameter: {Value: 'warn'}})
    ssm.on(GetParameterCommand, {Name: '/omnix-ai/staging/bedrock/model-id'}).resolves({Parameter: {Value: 'anthropic.claude-3-haiku-20240307-v1:0'}})
  })
  afterEach(() => {
    Date.now = realNow
    process.env = {...saved}
    setLogLevel(undefined)
  })

  it('names come from the catalog: the environment carries /omnix-ai/{env}/... names, not values', () => {
    assert.deepEqual(env, {
      [RUNTIME_PARAMETERS.corsOrigins.variable]: '/omnix-ai/staging/api/cors-origins',
      [RUNTIME_PARAMETERS.logLevel.variable]: '/omnix-ai/staging/monitoring/log-level',
      [RUNTIME_PARAMETERS.bedrockModelId.variable]: '/omnix-ai/staging/bedrock/model-id',
    })
  })

  it('reads each parameter by its name and parses it', async () => {
    assert.deepEqual(await corsPolicy(), {anyOrigin: false, origins: ['https://a.example', 'https://b.example:8443']})
    assert.deepEqual(await bedrockModelId(), {value: 'anthropic.claude-3-haiku-20240307-v1:0'})
    assert.deepEqual(
      ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input),
      [
        {Name: '/omnix-ai/staging/api/cors-origins', WithDecryption: false},
        {Name: '/omnix-ai/staging/bedrock/model-id', WithDecryption: false},
      ],
    )
  })

  it('reuses a value for the TTL, then reads it again', async () => {
    await corsPolicy()
    await corsPolicy()
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 1, 'cached')
    const start = realNow()
    Date.now = () => start + (PARAMETER_MAX_AGE_SECONDS + 1) * 1000
    await corsPolicy()
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 2, 'read again after the TTL')
  })

  it('applies the log level to every logger; an unreadable one falls back to INFO', async () => {
    const lines: string[] = []
    const restore = setLogSink((line) => lines.push(line))
    try {
      assert.equal(await applyRuntimeLogLevel(), 'WARN')
      const log = createLogger('probe')
      log.info('hidden')
      log.warn('shown')
      assert.deepEqual(lines.map((l) => JSON.parse(l).message), ['shown'])
      clearCaches()
      ssm.reset()
      ssm.on(GetParameterCommand).rejects(new Error('AccessDenied'))
      assert.equal(await applyRuntimeLogLevel(), 'INFO')
    } finally {
      setLogSink(restore)
    }
  })

  it('the forecast worker applies the level on every invocation, as the other handlers do', async () => {
    const {handler} = await import('../../../src/lambda/forecast-worker.js')
    process.env.OMNIX_ENV = 'staging'
    const lines: string[] = []
    const restore = setLogSink((line) => lines.push(line))
    try {
      // A batch whose every record fails is thrown back whole (Powertools' full-batch failure).
      const record: SqsRecord = {messageId: 'm-1', body: 'not json', attributes: {ApproximateReceiveCount: '1'}, eventSource: 'aws:sqs'}
      await assert.rejects(handler({Records: [record]}), /All records failed/)
    } finally {
      setLogSink(restore)
    }
    assert.deepEqual(
      ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name),
      ['/omnix-ai/staging/monitoring/log-level'],
    )
    assert.ok(lines.some((l) => JSON.parse(l).level === 'ERROR'), 'the failed message is logged at the applied level')
  })

  it('a missing name is reported, not thrown', async () => {
    delete process.env[RUNTIME_PARAMETERS.bedrockModelId.variable]
    assert.deepEqual(await bedrockModelId(), {error: 'BEDROCK_MODEL_ID_PARAMETER is not set'})
    const policy = await corsPolicy()
    assert.equal(policy.anyOrigin, false)
  })
})
