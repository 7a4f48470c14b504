import {Config, Help} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import assert from 'node:assert/strict'
import {readdir} from 'node:fs/promises'
import {join, relative} from 'node:path'

import {ROOT} from '../helpers/run-command.js'

async function commandFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true})
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? commandFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []))),
  )
  return nested.flat()
}

describe('omnix --help', () => {
  it('every command file has a summary, a description and examples', async () => {
    const dir = join(ROOT, 'src', 'commands')
    const files = await commandFiles(dir)
    assert.ok(files.length >= 30, `found ${files.length} command files`)
    for (const file of files) {
      const {default: command} = (await import(file)) as {default: {summary?: string; description?: string; examples?: unknown[]}}
      const name = relative(dir, file)
      assert.ok(command.summary && command.summary.length > 10, `${name} has a summary`)
      assert.ok(command.description && command.description.length > 10, `${name} has a description`)
      assert.ok(Array.isArray(command.examples) && command.examples.length > 0, `${name} has examples`)
    }
  })

  it('lists every topic and root command', async () => {
    const config = await Config.load(ROOT)
    const {stdout} = await captureOutput(async () => new Help(config).showHelp([]))
    for (const topic of ['budgets', 'config', 'forecast', 'gateways', 'local', 'migrate-tables', 'report', 'sales', 'secrets']) {
      assert.match(stdout, new RegExp(`^\\s+${topic}\\s`, 'm'), `topic ${topic}`)
    }
    for (const command of ['demo', 'deploy', 'destroy', 'diff', 'list', 'status', 'synth', 'validate']) {
      assert.match(stdout, new RegExp(`^\\s+${command}\\s`, 'm'), `command ${command}`)
    }
  })
})
