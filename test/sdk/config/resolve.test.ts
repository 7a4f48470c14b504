import assert from 'node:assert/strict'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ConfigError, UsageError} from '../../../src/sdk/errors.js'
import {parseConfigFile, resolveConfig} from '../../../src/sdk/config/resolve.js'

async function dirWithConfig(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'omnix-config-'))
  await writeFile(join(dir, 'omnix.config.json'), typeof config === 'string' ? config : JSON.stringify(config))
  return dir
}

describe('sdk/config resolveConfig', () => {
  it('uses defaults with no flags, env vars or file', async () => {
    const cfg = await resolveConfig({environment: {}, cwd: await mkdtemp(join(tmpdir(), 'omnix-empty-'))})
    assert.equal(cfg.env, 'dev')
    assert.equal(cfg.region, 'us-east-1')
    assert.equal(cfg.settings.logRetentionDays, 14)
    assert.equal(cfg.settings.pointInTimeRecovery, false)
    assert.deepEqual(cfg.sources, {env: 'default', region: 'default', profile: 'default', account: 'default', settings: 'default'})
  })

  it('applies flags > environment variables > file > defaults', async () => {
    const cwd = await dirWithConfig({env: 'staging', region: 'eu-west-1', profile: 'file-profile'})
    const fromFile = await resolveConfig({environment: {}, cwd})
    assert.deepEqual([fromFile.env, fromFile.region, fromFile.profile], ['staging', 'eu-west-1', 'file-profile'])
    assert.equal(fromFile.sources.env, 'file')

    const fromEnv = await resolveConfig({environment: {OMNIX_ENV: 'prod', AWS_REGION: 'us-west-2', AWS_PROFILE: 'env-profile'}, cwd})
    assert.deepEqual([fromEnv.env, fromEnv.region, fromEnv.profile], ['prod', 'us-west-2', 'env-profile'])
    assert.equal(fromEnv.sources.region, 'env')

    const fromFlags = await resolveConfig({
      flags: {env: 'dev', region: 'ap-south-1', profile: 'flag-profile'},
      environment: {OMNIX_ENV: 'prod', AWS_REGION: 'us-west-2'},
      cwd,
    })
    assert.deepEqual([fromFlags.env, fromFlags.region, fromFlags.profile], ['dev', 'ap-south-1', 'flag-profile'])
    assert.equal(fromFlags.sources.profile, 'flag')
  })

  it('gives prod its protections and per-env overrides from the file', async () => {
    const cwd = await dirWithConfig({environments: {prod: {account: '123456789012', logRetentionDays: 90, budgets: {daily: 75}}}})
    const cfg = await resolveConfig({flags: {env: 'prod'}, environment: {}, cwd})
    assert.equal(cfg.region, 'eu-central-1')
    assert.equal(cfg.account, '123456789012')
    assert.equal(cfg.settings.pointInTimeRecovery, true)
    assert.equal(cfg.settings.retainData, true)
    assert.equal(cfg.settings.logRetentionDays, 90)
    assert.deepEqual(cfg.settings.budgets, {daily: 75, monthly: 1000})
    assert.equal(cfg.sources.account, 'file')
  })

  it('reads corsOrigins per environment (prod: none by default) and names a malformed origin', async () => {
    const cwd = await dirWithConfig({environments: {prod: {corsOrigins: ['https://app.omnix.ai']}}})
    assert.deepEqual((await resolveConfig({flags: {env: 'prod'}, environment: {}, cwd})).settings.corsOrigins, ['https://app.omnix.ai'])
    const empty = await mkdtemp(join(tmpdir(), 'omnix-empty-'))
    assert.deepEqual((await resolveConfig({flags: {env: 'prod'}, environment: {}, cwd: empty})).settings.corsOrigins, [])
    assert.deepEqual((await resolveConfig({flags: {env: 'dev'}, environment: {}, cwd: empty})).settings.corsOrigins, ['*'])
    assert.throws(
      () => parseConfigFile({environments: {prod: {corsOrigins: ['app.omnix.ai/path']}}}),
      (e: unknown) => e instanceof ConfigError && e.key === 'environments.prod.corsOrigins.0',
    )
  })

  it('rejects an unknown environment naming where it came from', async () => {
    await assert.rejects(resolveConfig({flags: {env: 'qa'}, environment: {}}), (e: unknown) => e instanceof UsageError && /--env: unknown environment "qa"/.test(e.message))
    await assert.rejects(resolveConfig({environment: {OMNIX_ENV: 'qa'}}), /OMNIX_ENV: unknown environment/)
  })

  it('names the key of an unknown or mistyped config entry', () => {
    assert.throws(() => parseConfigFile({regin: 'x'}), (e: unknown) => e instanceof ConfigError && e.key === 'regin')
    assert.throws(
      () => parseConfigFile({environments: {prod: {logRetentionDays: 'thirty'}}}),
      (e: unknown) => e instanceof ConfigError && e.key === 'environments.prod.logRetentionDays',
    )
    assert.throws(() => parseConfigFile({environments: {qa: {}}}), (e: unknown) => e instanceof ConfigError && e.key === 'environments.qa')
    assert.throws(() => parseConfigFile({environments: {dev: {account: '12'}}}), /12-digit/)
  })

  it('reports invalid JSON with the file name', async () => {
    const cwd = await dirWithConfig('{"env": ')
    await assert.rejects(resolveConfig({environment: {}, cwd}), /omnix\.config\.json is not valid JSON/)
  })
})
