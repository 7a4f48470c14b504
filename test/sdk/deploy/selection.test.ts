import assert from 'node:assert/strict'

import type {PlatformStack} from '../../../src/sdk/deploy/assembly.js'
import {expandSelection, resolveStacks} from '../../../src/sdk/deploy/selection.js'
import {UsageError} from '../../../src/sdk/errors.js'

function stack(concern: string, dependencies: string[] = []): PlatformStack {
  return {
    name: `omnix-ai-dev-${concern}`,
    id: concern === 'api' ? 'Api' : `omnix-ai-dev-${concern}`,
    concern,
    region: 'us-east-1',
    resources: 1,
    templateFile: `/tmp/${concern}.template.json`,
    dependencies: dependencies.map((d) => `omnix-ai-dev-${d}`),
  }
}

const stacks = [stack('security'), stack('data', ['security']), stack('messaging', ['security']), stack('api', ['data', 'messaging']), stack('observability', ['api'])]
const names = (list: PlatformStack[]) => list.map((s) => s.concern)

describe('stack selection', () => {
  it('accepts concerns, stack names, construct ids and globs, in deployment order', () => {
    assert.deepEqual(names(resolveStacks(stacks, ['api', 'omnix-ai-dev-security'])), ['security', 'api'])
    assert.deepEqual(names(resolveStacks(stacks, ['Api'])), ['api'])
    assert.deepEqual(names(resolveStacks(stacks, ['*-data', '*messaging'])), ['data', 'messaging'])
    assert.deepEqual(names(resolveStacks(stacks, undefined)), names(stacks))
  })

  it('names the flag and the valid stacks for an unknown name', () => {
    assert.throws(
      () => resolveStacks(stacks, ['dat']),
      (error: unknown) =>
        error instanceof UsageError &&
        error.exitCode === 2 &&
        error.message === '--stacks: no stack matches "dat"' &&
        /security, data, messaging, api, observability/.test(error.suggestion ?? ''),
    )
  })

  it('brings dependencies along for deploy and dependents along for destroy', () => {
    const api = resolveStacks(stacks, ['api'])
    assert.deepEqual(names(expandSelection(stacks, api, 'upstream')), ['security', 'data', 'messaging', 'api'])
    assert.deepEqual(names(expandSelection(stacks, resolveStacks(stacks, ['data']), 'downstream')), ['data', 'api', 'observability'])
    assert.deepEqual(names(expandSelection(stacks, api, 'none')), ['api'])
  })
})
