import assert from 'node:assert/strict'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import ConfigShow from '../../src/commands/config/show.js'
import {runCommand} from '../helpers/run-command.js'

describe('omnix config show', () => {
  it('prints the resolved config as JSON with sources', async () => {
    const {stdout, exitCode} = await runCommand(ConfigShow, ['-e', 'prod', '-r', 'us-west-2', '--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout)
    assert.equal(result.env, 'prod')
    assert.equal(result.region, 'us-west-2')
    assert.equal(result.sources.region, 'flag')
    assert.equal(result.sources.env, 'flag')
    assert.equal(result.settings.pointInTimeRecovery, true)
  })

  it('exits 2 naming the key when omnix.config.json has an unknown key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnix-cfg-'))
    await writeFile(join(dir, 'omnix.config.json'), JSON.stringify({environments: {prod: {regoin: 'x'}}}))
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      const {exitCode, error} = await runCommand(ConfigShow, [])
      assert.equal(exitCode, 2)
      assert.match(String(error?.message), /unknown key "environments\.prod\.regoin"/)
    } finally {
      process.chdir(cwd)
    }
  })
})

describe('omnix exit codes with --json', () => {
  it('exits 2 for a usage error and prints the error as JSON', async () => {
    const {exitCode, stdout} = await runCommand(ConfigShow, ['-e', 'qa', '--json'])
    assert.equal(exitCode, 2)
    assert.match(JSON.parse(stdout).error.message, /Expected --env=qa to be one of/)
  })
})
