import type {IoMessage, IoMessageCode, IoMessageLevel} from '@aws-cdk/toolkit-lib'
import assert from 'node:assert/strict'

import type {StackActivityEvent} from '../../../src/sdk/deploy/activity.js'
import {HostSession, OmnixIoHost, type ToolkitLogLine} from '../../../src/sdk/deploy/io-host.js'

function message(level: IoMessageLevel, text: string, code?: string, data?: unknown): IoMessage<unknown> {
  return {time: new Date(), level, action: 'deploy', message: text, data, ...(code ? {code: code as IoMessageCode} : {})}
}

const activity = {
  deployment: 'd1',
  event: {
    StackName: 'omnix-ai-dev-data',
    LogicalResourceId: 'ProductsTable1A2B3C',
    ResourceType: 'AWS::DynamoDB::Table',
    ResourceStatus: 'CREATE_FAILED',
    ResourceStatusReason: 'Resource handler returned message: "boom"',
    Timestamp: new Date('2025-01-02T03:04:05.000Z'),
    EventId: 'e1',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/omnix-ai-dev-data/1',
  },
  metadata: {constructPath: '/omnix-ai-dev-data/Products/Table/Resource', entry: {type: 'aws:cdk:logicalId'}},
  progress: {completed: 3, total: 9, formatted: '3/9'},
}

describe('OmnixIoHost routing', () => {
  it('sends results, logs at or above the level, and stack activity to their own sinks', async () => {
    const host = new OmnixIoHost()
    const results: string[] = []
    const logs: ToolkitLogLine[] = []
    const events: StackActivityEvent[] = []
    const session = new HostSession({logLevel: 'info', onResult: (t) => results.push(t), onLog: (l) => logs.push(l), onActivity: (e) => events.push(e)})
    await host.run(session, async () => {
      await host.notify(message('result', 'Stack omnix-ai-dev-data\n[+] AWS::DynamoDB::Table Products', 'CDK_TOOLKIT_I4002'))
      await host.notify(message('info', 'omnix-ai-dev-data: deploying... [1/1]', 'CDK_TOOLKIT_I5100'))
      await host.notify(message('debug', 'Assuming role arn:aws:iam::123456789012:role/cdk-deploy'))
      await host.notify(message('warn', 'current credentials could not be used to assume the deploy role'))
      await host.notify(message('info', 'activity', 'CDK_TOOLKIT_I5502', activity))
    })
    assert.deepEqual(results, ['Stack omnix-ai-dev-data\n[+] AWS::DynamoDB::Table Products'])
    assert.deepEqual(logs, [
      {level: 'info', message: 'omnix-ai-dev-data: deploying... [1/1]', code: 'CDK_TOOLKIT_I5100'},
      {level: 'warn', message: 'current credentials could not be used to assume the deploy role'},
    ])
    assert.deepEqual(events, [
      {
        stack: 'omnix-ai-dev-data',
        resource: {logicalId: 'ProductsTable1A2B3C', type: 'AWS::DynamoDB::Table', path: '/omnix-ai-dev-data/Products/Table/Resource'},
        status: 'CREATE_FAILED',
        reason: 'Resource handler returned message: "boom"',
        timestamp: '2025-01-02T03:04:05.000Z',
        progress: {completed: 3, total: 9},
      },
    ])
    assert.deepEqual(session.events, events)
  })

  it('logs results as info when no result sink is given, and drops messages outside any operation', async () => {
    const host = new OmnixIoHost()
    const logs: ToolkitLogLine[] = []
    await host.notify(message('error', 'before any session'))
    await host.run(new HostSession({logLevel: 'warn', onLog: (l) => logs.push(l)}), async () => {
      await host.notify(message('result', 'omnix-ai-dev-data: destroyed', 'CDK_TOOLKIT_I7900'))
      await host.notify(message('error', 'something broke'))
    })
    assert.deepEqual(logs, [{level: 'error', message: 'something broke'}])
  })

  it('captures the payloads an operation asks for, and nested operations get their own sinks', async () => {
    const host = new OmnixIoHost()
    const outer: string[] = []
    const inner: string[] = []
    const session = new HostSession({onLog: (l) => outer.push(l.message)}, {capture: ['CDK_TOOLKIT_I5900']})
    await host.run(session, async () => {
      await host.notify(message('result', 'deployed', 'CDK_TOOLKIT_I5900', {noOp: true, stackArn: 'arn:1'}))
      await host.run(new HostSession({onLog: (l) => inner.push(l.message)}), () => host.notify(message('info', 'inner')))
      await host.notify(message('info', 'outer again'))
    })
    assert.deepEqual(session.capturedData('CDK_TOOLKIT_I5900'), [{noOp: true, stackArn: 'arn:1'}])
    assert.deepEqual(inner, ['inner'])
    assert.deepEqual(outer, ['deployed', 'outer again'])
  })
})
