import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {VALIDATION_ERRORS_FAIL_CONTEXT} from '../../stacks/app.js'
import {type SynthesizedPlatform, synthesizedPlatform} from './synthesized-platform.js'

/**
 * Findings CloudFormation's validator may report without the template being wrong. None today:
 * the Node.js 20 runtime deprecation notice (W2531) went with the move to Node.js 22.
 */
const TOLERATED_RULES = new Set<string>()

describe('CloudFormation template validation', () => {
  let full: SynthesizedPlatform
  let dev: SynthesizedPlatform
  before(async function () {
    this.timeout(180_000)
    ;[full, dev] = await Promise.all([synthesizedPlatform('prod-full'), synthesizedPlatform('dev')])
  })

  it('passes for prod with every optional feature (geo restriction, custom domain, Bedrock budget)', () => {
    const reportFile = join(full.outdir, 'validation-report.json')
    assert.ok(existsSync(reportFile), 'validation ran')
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      pluginReports: {conclusion: string; violations: {ruleName: string; severity: string; description: string}[]}[]
    }
    for (const plugin of report.pluginReports) {
      assert.equal(plugin.conclusion, 'success')
      const unexpected = plugin.violations.filter((v) => !TOLERATED_RULES.has(v.ruleName))
      assert.deepEqual(
        unexpected.map((v) => `${v.ruleName} ${v.severity}: ${v.description}`),
        [],
      )
    }
  })

  it('makes validation errors fail the synth instead of being downgraded to warnings', () => {
    assert.equal(full.app.node.tryGetContext(VALIDATION_ERRORS_FAIL_CONTEXT), true)
  })

  it('is off unless asked for', () => {
    assert.equal(existsSync(join(dev.outdir, 'validation-report.json')), false)
    assert.equal(dev.app.node.tryGetContext(VALIDATION_ERRORS_FAIL_CONTEXT), undefined)
  })
})
