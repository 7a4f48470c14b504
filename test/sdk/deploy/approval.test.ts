import type {IoMessageCode, IoRequest} from '@aws-cdk/toolkit-lib'
import assert from 'node:assert/strict'

import {confirmAction} from '../../../src/cli/confirm.js'
import {approvalNeeded, type PermissionChange, type RequireApproval} from '../../../src/sdk/deploy/approval.js'
import {type ApprovalRequest, HostSession, OmnixIoHost, type ToolkitIo} from '../../../src/sdk/deploy/io-host.js'
import {ConfirmationRequiredError} from '../../../src/sdk/errors.js'

/** A request shaped like the toolkit's, with a defaultResponse of true (approve) that must never be used. */
function request(code: string, data: unknown, message = 'Do you wish to continue?'): IoRequest<unknown, boolean> {
  return {time: new Date(), level: 'info', action: 'deploy', code: code as IoMessageCode, message, data, defaultResponse: true}
}

function deployApproval(permissionChangeType: PermissionChange): IoRequest<unknown, boolean> {
  return request(
    'CDK_TOOLKIT_I5060',
    {motivation: 'Stack includes security-sensitive updates', permissionChangeType, templateDiffs: {'omnix-ai-dev-api': {}}},
    'Stack omnix-ai-dev-api\nIAM Statement Changes\n…\nDo you wish to deploy these changes?',
  )
}

async function answer(host: OmnixIoHost, io: ToolkitIo, msg: IoRequest<unknown, boolean>, destroyConfirmed?: boolean) {
  const session = new HostSession(io, {destroyConfirmed})
  const response = await host.run(session, () => host.requestResponse(msg))
  return {response, session}
}

describe('deploy approval', () => {
  const matrix: Array<[RequireApproval, PermissionChange, boolean]> = [
    ['never', 'none', false],
    ['never', 'non-broadening', false],
    ['never', 'broadening', false],
    ['broadening', 'none', false],
    ['broadening', 'non-broadening', false],
    ['broadening', 'broadening', true],
    ['any-change', 'none', true],
    ['any-change', 'non-broadening', true],
    ['any-change', 'broadening', true],
  ]

  for (const [policy, change, asks] of matrix) {
    it(`--require-approval ${policy} with a ${change} permission change ${asks ? 'asks' : 'deploys without asking'}`, async () => {
      assert.equal(approvalNeeded(policy, change), asks)
      const host = new OmnixIoHost()
      const asked: ApprovalRequest[] = []
      const {response} = await answer(host, {requireApproval: policy, confirm: async (r) => (asked.push(r), false)}, deployApproval(change))
      assert.equal(asked.length, asks ? 1 : 0)
      // When asked, the answer is the person's (here: no), never the request's default.
      assert.equal(response, !asks)
      if (asks) assert.deepEqual({stack: asked[0].stack, kind: asked[0].kind, change: asked[0].permissionChange}, {stack: 'omnix-ai-dev-api', kind: 'deploy', change})
    })
  }

  it('treats an unknown permission classification as broadening', () => {
    assert.equal(approvalNeeded('broadening', 'something-new'), true)
    assert.equal(approvalNeeded('broadening', undefined), true)
  })

  it('defaults to broadening: an IAM-widening change is refused when nobody can be asked', async () => {
    const host = new OmnixIoHost()
    const {response} = await answer(host, {}, deployApproval('broadening'))
    assert.equal(response, false)
    const quiet = await answer(host, {}, deployApproval('none'))
    assert.equal(quiet.response, true)
  })

  it('without a terminal and without --yes the confirm callback refuses, and the refusal is kept for the caller', async () => {
    const host = new OmnixIoHost()
    const confirm = (r: ApprovalRequest) => confirmAction({message: `deploy ${r.stack}?`, isTTY: false})
    const {response, session} = await answer(host, {requireApproval: 'any-change', confirm}, deployApproval('none'))
    assert.equal(response, false, 'answers no, so the toolkit deletes the prepared change set')
    assert.ok(session.callbackError instanceof ConfirmationRequiredError)
    assert.match((session.callbackError as Error).message, /refusing without a terminal/)
  })

  it('with --yes and no terminal, confirm approves', async () => {
    const host = new OmnixIoHost()
    const confirm = (r: ApprovalRequest) => confirmAction({message: `deploy ${r.stack}?`, yes: true, isTTY: false})
    const {response} = await answer(host, {requireApproval: 'any-change', confirm}, deployApproval('broadening'))
    assert.equal(response, true)
  })

  it('answers the destroy confirmation only when the caller already confirmed', async () => {
    const host = new OmnixIoHost()
    const destroy = request('CDK_TOOLKIT_I7010', {motivation: 'Destroying stacks is an irreversible action'}, 'Are you sure you want to delete: omnix-ai-dev-data')
    assert.equal((await answer(host, {requireApproval: 'never'}, destroy)).response, false)
    assert.equal((await answer(host, {requireApproval: 'never'}, destroy, true)).response, true)
  })

  it('asks before a rollback and refuses it without a confirm callback', async () => {
    const host = new OmnixIoHost()
    const rollback = request('CDK_TOOLKIT_I5050', {motivation: 'Stack is in a paused fail state'})
    assert.equal((await answer(host, {requireApproval: 'never'}, rollback)).response, false)
    const asked: ApprovalRequest[] = []
    const {response} = await answer(host, {confirm: async (r) => (asked.push(r), true)}, rollback)
    assert.equal(response, true)
    assert.equal(asked[0].kind, 'rollback')
  })

  it('refuses yes/no requests it does not know instead of taking their default', async () => {
    const host = new OmnixIoHost()
    const logs: string[] = []
    const orphan = request('CDK_TOOLKIT_I8810', {motivation: 'orphan'}, 'Do you wish to orphan these resources?')
    const {response} = await answer(host, {onLog: (l) => logs.push(l.message)}, orphan)
    assert.equal(response, false)
    assert.match(logs.join('\n'), /refused an unexpected toolkit request/)
  })
})
