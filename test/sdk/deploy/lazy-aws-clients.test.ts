import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'

import {ROOT} from '../../helpers/run-command.js'

// A fresh process: this mocha process may already hold toolkit-lib and the clients.
function probe(defer: boolean): {ec2Loaded: boolean; toolkitWorks: boolean} {
  const script = `
    import {createRequire} from 'node:module'
    ${defer ? "const {deferToolkitAwsClients} = await import('./src/sdk/deploy/lazy-aws-clients.ts'); deferToolkitAwsClients()" : ''}
    const lib = await import('@aws-cdk/toolkit-lib')
    const require = createRequire(import.meta.url)
    const loaded = () => Object.keys(require.cache).some((k) => k.includes('@aws-sdk/client-ec2/'))
    const ec2Loaded = loaded()
    const toolkitWorks = typeof new lib.Toolkit().synth === 'function'
    console.log(JSON.stringify({ec2Loaded, toolkitWorks}))
  `
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: ROOT, encoding: 'utf8'})
  return JSON.parse(out.trim().split('\n').pop()!)
}

describe('sdk/deploy deferToolkitAwsClients', function () {
  this.timeout(120_000)

  it('keeps toolkit-lib from loading AWS SDK clients a synth never uses', () => {
    assert.equal(probe(false).ec2Loaded, true, 'control: toolkit-lib loads client-ec2 eagerly')
    const deferred = probe(true)
    assert.equal(deferred.ec2Loaded, false)
    assert.equal(deferred.toolkitWorks, true)
  })
})
