import assert from 'node:assert/strict'
import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Synth from '../../../src/commands/synth.js'
import {runOmnix, useFakeCloud} from './harness.js'

type Template = {Resources: Record<string, {Type: string; Properties: Record<string, any>}>}

describe('omnix synth -e prod, as a user runs it', () => {
  const cloud = useFakeCloud()

  it('gives the WebSocket $connect route an authorizer and runs every function on nodejs22.x', async function () {
    this.timeout(300_000)
    cloud.start()
    const dir = await mkdtemp(join(tmpdir(), 'omnix-synth-prod-'))
    try {
      const {exitCode} = await runOmnix(Synth, ['-e', 'prod', '--output', dir, '--quiet'])
      assert.equal(exitCode, 0)
      const templates: Template[] = []
      for (const file of (await readdir(dir)).filter((f) => f.endsWith('.template.json'))) templates.push(JSON.parse(await readFile(join(dir, file), 'utf8')))
      const resources = templates.flatMap((t) => Object.entries(t.Resources))
      const connect = resources.find(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === '$connect')![1]
      assert.equal(connect.Properties.AuthorizationType, 'CUSTOM')
      const authorizer = resources.find(([id]) => id === connect.Properties.AuthorizerId.Ref)![1]
      assert.equal(authorizer.Type, 'AWS::ApiGatewayV2::Authorizer')
      assert.equal(authorizer.Properties.AuthorizerType, 'REQUEST')
      const functions = resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([, r]) => r.Properties)
      assert.ok(functions.length >= 6)
      for (const fn of functions) assert.equal(fn.Runtime, 'nodejs22.x', fn.FunctionName)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('refuses "*" CORS origins for prod with exit 2, naming the config key', async () => {
    cloud.start()
    const dir = await mkdtemp(join(tmpdir(), 'omnix-synth-cors-'))
    await writeFile(join(dir, 'omnix.config.json'), JSON.stringify({environments: {prod: {corsOrigins: ['*']}}}))
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      const {exitCode, error} = await runOmnix(Synth, ['-e', 'prod', '--quiet'])
      assert.equal(exitCode, 2)
      assert.match(String(error?.message), /^environments\.prod\.corsOrigins: "\*" \(any origin\) is not allowed in prod/)
    } finally {
      process.chdir(cwd)
      await rm(dir, {recursive: true, force: true})
    }
  })
})
