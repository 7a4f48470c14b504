import assert from 'node:assert/strict'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {UsageError} from '../../../src/sdk/errors.js'
import {readValidateReport} from '../../../src/sdk/status/nag-report.js'
import {bad, ok, outcomeOf, unread} from '../../../src/sdk/status/outcome.js'

describe('status outcomes', () => {
  it('fails on any failed part, else is unknown on any unread part, else passes', () => {
    assert.equal(outcomeOf([ok('a'), unread('b'), bad('c', 'fix c')]).status, 'fail')
    assert.equal(outcomeOf([ok('a'), unread('b', 'read b')]).status, 'unknown')
    assert.equal(outcomeOf([ok('a'), ok('b')]).status, 'pass')
  })

  it('takes the next step from the first part holding the task back, and none when it passes', () => {
    assert.equal(outcomeOf([ok('a'), unread('b', 'read b'), bad('c'), bad('d', 'fix d')]).next, 'fix d')
    assert.equal(outcomeOf([unread('b', 'read b')]).next, 'read b')
    assert.equal(outcomeOf([ok('a')]).next, undefined)
    assert.deepEqual(outcomeOf([ok('a'), bad('c', 'fix c')]).evidence, ['a', 'c'])
  })

  it('reads an `omnix validate --json` report and refuses anything else as a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnix-report-'))
    const good = join(dir, 'validate.json')
    await writeFile(good, JSON.stringify({env: 'dev', region: 'us-east-1', valid: true, errors: 0, warnings: 0, violations: []}))
    assert.deepEqual((await readValidateReport(good)).violations, [])
    for (const [name, text] of [
      ['not-json.json', 'ERROR AwsSolutions-S1'],
      ['other.json', JSON.stringify({env: 'dev', tasks: []})],
      ['bad-violation.json', JSON.stringify({violations: [{rule: 'AwsSolutions-S1'}]})],
    ]) {
      const file = join(dir, name)
      await writeFile(file, text)
      await assert.rejects(readValidateReport(file), (e: unknown) => e instanceof UsageError && /--validate-report/.test(e.message), name)
    }
  })
})
