import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {ROOT} from '../../helpers/run-command.js'

const COMMANDS = ['synth', 'diff', 'deploy', 'destroy', 'list', 'validate']

describe('deploy commands at startup', () => {
  it('loading them (as --help does) loads no toolkit-lib, aws-cdk-lib (so no stacks) or AWS SDK client', async function () {
    this.timeout(120_000)
    const script = `
      const {createRequire} = await import('node:module')
      for (const name of ${JSON.stringify(COMMANDS)}) {
        const command = (await import('./src/commands/' + name + '.ts')).default
        if (!command.summary || !command.description || !(command.examples?.length > 0)) throw new Error(name + ' lacks summary, description or examples')
      }
      const heavy = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => /@aws-cdk[\\\\/]toolkit-lib|aws-cdk-lib|@aws-sdk[\\\\/]client-/.test(p))
      const atStartup = heavy()
      // Control: the same probe does see the toolkit once something loads it.
      await import('@aws-cdk/toolkit-lib')
      console.log(JSON.stringify({atStartup, afterToolkit: heavy().length}))
    `
    const {stdout} = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: ROOT})
    const {atStartup, afterToolkit} = JSON.parse(stdout.trim().split('\n').at(-1)!) as {atStartup: string[]; afterToolkit: number}
    assert.deepEqual(atStartup, [])
    assert.ok(afterToolkit > 0)
  })
})
