import assert from 'node:assert/strict'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {parse} from 'yaml'

import List from '../../../src/commands/list.js'
import Synth from '../../../src/commands/synth.js'
import {resolveConfig} from '../../../src/sdk/config/resolve.js'
import type {PlatformStack} from '../../../src/sdk/deploy/assembly.js'
import {synthPlatform} from '../../../src/sdk/deploy/synth.js'
import {runOmnix, useFakeCloud} from './harness.js'

describe('omnix synth and omnix list', () => {
  const cloud = useFakeCloud()
  let stacks: readonly PlatformStack[]

  before(async function () {
    this.timeout(300_000)
    stacks = (await synthPlatform({config: await resolveConfig({flags: {env: 'dev'}})})).stacks
  })

  it('prints one selected stack’s template as YAML', async () => {
    const fake = cloud.start()
    const data = stacks.find((s) => s.concern === 'data')!
    const {exitCode, stdout} = await runOmnix(Synth, ['--stacks', 'data'])
    assert.equal(exitCode, 0)
    const template = parse(stdout) as {Resources: Record<string, {Type: string}>}
    assert.equal(Object.keys(template.Resources).length, data.resources)
    assert.ok(Object.values(template.Resources).some((r) => r.Type === 'AWS::DynamoDB::Table'))
    assert.deepEqual(fake.calls, [], 'synth needs no AWS call')
  })

  it('lists every stack as JSON, without a directory when the assembly was temporary', async () => {
    cloud.start()
    const {exitCode, stdout} = await runOmnix(Synth, ['--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout) as {directory: string | null; stacks: Array<{name: string; templateFile: string | null}>}
    assert.equal(result.directory, null)
    assert.deepEqual(result.stacks.map((s) => s.name), stacks.map((s) => s.name))
  })

  it('--output keeps the templates and --quiet prints nothing', async () => {
    cloud.start()
    const dir = await mkdtemp(join(tmpdir(), 'omnix-synth-out-'))
    try {
      const {exitCode, stdout} = await runOmnix(Synth, ['--output', dir, '--quiet'])
      assert.equal(exitCode, 0)
      assert.equal(stdout, '')
      const security = stacks.find((s) => s.concern === 'security')!
      const template = JSON.parse(await readFile(join(dir, basename(security.templateFile)), 'utf8')) as {Resources: object}
      assert.equal(Object.keys(template.Resources).length, security.resources)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('lists the stacks in deployment order with their dependencies', async () => {
    cloud.start()
    const {exitCode, stdout} = await runOmnix(List, ['--json'])
    assert.equal(exitCode, 0)
    const result = JSON.parse(stdout) as {stacks: Array<{name: string; concern: string; dependencies: string[]}>}
    const byName = new Map(result.stacks.map((s) => [s.name, s]))
    const data = result.stacks.find((s) => s.concern === 'data')!
    assert.deepEqual(data.dependencies, stacks.find((s) => s.concern === 'data')!.dependencies)
    assert.ok(data.dependencies.some((d) => byName.get(d)?.concern === 'security'), 'data depends on the security stack (its KMS key)')
    const position = new Map(result.stacks.map((s, i) => [s.name, i]))
    for (const stack of result.stacks) for (const d of stack.dependencies) assert.ok(position.get(d)! < position.get(stack.name)!, `${d} is listed before ${stack.name}`)
  })

  it('rejects an unknown stack with exit 2, naming the valid ones', async () => {
    cloud.start()
    const {exitCode, error} = await runOmnix(List, ['--stacks', 'dta'])
    assert.equal(exitCode, 2)
    assert.equal(error?.message, '--stacks: no stack matches "dta"')
    assert.match(String((error as {suggestions?: string[]}).suggestions), /use one of: security, .*data, .*messaging, api/)
  })
})
