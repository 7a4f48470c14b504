import assert from 'node:assert/strict'

import {failuresOf, formatActivityLine, type StackActivityEvent} from '../../../src/sdk/deploy/activity.js'
import {ActivityRenderer} from '../../../src/sdk/deploy/render.js'

function event(logicalId: string, type: string, status: string, reason?: string, stack = 'omnix-ai-dev-data'): StackActivityEvent {
  return {
    stack,
    resource: {logicalId, type},
    status,
    ...(reason ? {reason} : {}),
    timestamp: '2025-01-02T03:04:05.000Z',
    progress: {completed: 1, total: 4},
  }
}

const stackEvent = (status: string, reason?: string) => event('omnix-ai-dev-data', 'AWS::CloudFormation::Stack', status, reason)

describe('stack activity', () => {
  it('reports the failing resource and its reason, not the rollback or cancelled siblings', () => {
    const events = [
      stackEvent('CREATE_IN_PROGRESS', 'User Initiated'),
      event('ProductsTable', 'AWS::DynamoDB::Table', 'CREATE_IN_PROGRESS'),
      event('OrdersTable', 'AWS::DynamoDB::Table', 'CREATE_FAILED', 'Resource creation cancelled'),
      event('ProductsTable', 'AWS::DynamoDB::Table', 'CREATE_FAILED', 'Table already exists'),
      stackEvent('ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [ProductsTable]'),
      stackEvent('ROLLBACK_COMPLETE'),
    ]
    assert.deepEqual(failuresOf(events), [
      {stack: 'omnix-ai-dev-data', logicalId: 'ProductsTable', type: 'AWS::DynamoDB::Table', status: 'CREATE_FAILED', reason: 'Table already exists'},
    ])
  })

  it('falls back to the stack’s own failure when no resource failed', () => {
    const events = [stackEvent('UPDATE_IN_PROGRESS'), stackEvent('UPDATE_FAILED', 'Template format error: Unresolved resource dependencies [Missing]')]
    assert.deepEqual(failuresOf(events).map((f) => f.reason), ['Template format error: Unresolved resource dependencies [Missing]'])
    assert.deepEqual(failuresOf([stackEvent('CREATE_COMPLETE')]), [])
  })

  it('formats one readable line per event', () => {
    const line = formatActivityLine({...event('ProductsTable', 'AWS::DynamoDB::Table', 'CREATE_FAILED', 'boom'), resource: {logicalId: 'ProductsTable', type: 'AWS::DynamoDB::Table', path: '/omnix-ai-dev-data/Products/Table/Resource'}})
    assert.equal(line, '03:04:05  omnix-ai-dev-data  CREATE_FAILED  ProductsTable (AWS::DynamoDB::Table) Products/Table/Resource  boom')
  })
})

describe('ActivityRenderer', () => {
  const run = (mode: 'bar' | 'lines' | 'ndjson' | 'quiet') => {
    let out = ''
    const renderer = new ActivityRenderer(mode, (t) => (out += t))
    renderer.activity(event('ProductsTable', 'AWS::DynamoDB::Table', 'CREATE_IN_PROGRESS'))
    renderer.log({level: 'warn', message: 'a warning', code: 'CDK_TOOLKIT_W0100'})
    renderer.activity(event('ProductsTable', 'AWS::DynamoDB::Table', 'CREATE_FAILED', 'boom'))
    renderer.done()
    return out
  }

  it('ndjson: one JSON object per event and per log line', () => {
    const records = run('ndjson').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    assert.deepEqual(records.map((r) => r.type), ['stack-event', 'log', 'stack-event'])
    assert.deepEqual(records[2], {type: 'stack-event', ...event('ProductsTable', 'AWS::DynamoDB::Table', 'CREATE_FAILED', 'boom')})
    assert.deepEqual(records[1], {type: 'log', level: 'warn', message: 'a warning', code: 'CDK_TOOLKIT_W0100'})
  })

  it('lines: a line per event and per log', () => {
    assert.equal(
      run('lines'),
      [
        '03:04:05  omnix-ai-dev-data  CREATE_IN_PROGRESS  ProductsTable (AWS::DynamoDB::Table)',
        'a warning',
        '03:04:05  omnix-ai-dev-data  CREATE_FAILED  ProductsTable (AWS::DynamoDB::Table)  boom',
        '',
      ].join('\n'),
    )
  })

  it('bar: redraws one status line and keeps failures and logs above it', () => {
    const out = run('bar')
    const kept = out.split('\n').map((l) => l.replace(/^[\s\S]*\r\u001B\[2K/, '')).filter(Boolean)
    assert.deepEqual(kept.slice(0, 2), ['a warning', '03:04:05  omnix-ai-dev-data  CREATE_FAILED  ProductsTable (AWS::DynamoDB::Table)  boom'])
    assert.ok(out.includes('omnix-ai-dev-data  [#####...............] 1/4  CREATE_IN_PROGRESS  ProductsTable'))
    assert.ok(out.endsWith('\r\u001B[2K'), 'the status line is cleared at the end')
  })

  it('quiet: no activity, but log lines still get through', () => {
    assert.equal(run('quiet'), 'a warning\n')
  })
})
