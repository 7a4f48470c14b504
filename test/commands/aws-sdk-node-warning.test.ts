import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {join} from 'node:path'

import {ROOT} from '../helpers/run-command.js'
import {closedPort} from '../helpers/closed-port.js'

const WARNING = /NodeVersionSupportWarning|AWS SDK for JavaScript \(v3\)[\s\S]*require node/

/** Runs the BUILT CLI (bin/run.js) as a user does, in a child process; never rejects. */
function runBuilt(args: string[], env: NodeJS.ProcessEnv): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {cwd: ROOT, env, timeout: 60_000}, (error, stdout, stderr) => {
      resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr})
    })
  })
}

describe("the AWS SDK's Node-version warning", () => {
  let env: NodeJS.ProcessEnv
  before(async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`
    // The test setup silences the warning for this process; a user's shell does not.
    // An empty value counts as unset.
    env = {...process.env, AWS_ENDPOINT_URL: endpoint, AWS_MAX_ATTEMPTS: '1', CI: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: ''}
    delete env.NODE_OPTIONS
  })

  for (const args of [
    ['forecast', 'show', 'COF-001'],
    ['gateways', 'list'],
    ['secrets', 'list'],
  ]) {
    it(`never reaches stderr from \`omnix ${args.join(' ')}\` (built, in a child process)`, async function () {
      this.timeout(90_000)
      const {stderr} = await runBuilt([...args, '--json'], env)
      assert.doesNotMatch(stderr, WARNING)
    })
  }

  it('the probe does see the warning when a user asks for it on a Node older than the SDK wants', async function () {
    this.timeout(90_000)
    const major = Number(process.versions.node.split('.')[0])
    const {stderr} = await runBuilt(['secrets', 'list', '--json'], {...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false'})
    // The SDK warns below Node 22 only; on 22+ there is nothing to see either way.
    if (major < 22) assert.match(stderr, WARNING)
    else assert.doesNotMatch(stderr, WARNING)
  })
})
