import assert from 'node:assert/strict'

import {STACK_CONCERNS} from '../../stacks/app.js'
import {synthesizedBefore} from './synthesized-platform.js'

describe('platform app', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])

  for (const [env, region] of [
    ['dev', 'us-east-1'],
    ['prod', 'eu-central-1'],
  ] as const) {
    it(`names the ${env} stacks omnix-ai-${env}-{concern} in ${region}`, () => {
      const platform = synthesized(env)
      for (const concern of STACK_CONCERNS) {
        const stack = platform.stacks[concern]
        assert.equal(stack.stackName, `omnix-ai-${env}-${concern}`)
        assert.equal(stack.region, region)
      }
    })
  }

  it('orders STACK_CONCERNS so that every stack comes after the stacks it depends on', () => {
    for (const [index, concern] of STACK_CONCERNS.entries()) {
      for (const dependency of synthesized('prod').stacks[concern].dependencies) {
        const position = STACK_CONCERNS.findIndex((c) => synthesized('prod').stacks[c] === dependency)
        assert.ok(position >= 0 && position < index, `${concern} depends on ${dependency.stackName}, listed later`)
      }
    }
    const names = (concern: (typeof STACK_CONCERNS)[number]) => synthesized('prod').stacks[concern].dependencies.map((d) => d.stackName).sort()
    assert.deepEqual(names('api'), ['omnix-ai-prod-data', 'omnix-ai-prod-messaging', 'omnix-ai-prod-security'])
    assert.deepEqual(names('backup'), ['omnix-ai-prod-data', 'omnix-ai-prod-security'])
  })

  it('tags every resource with the project and environment for cost allocation', () => {
    const queue = Object.values(synthesized('prod').templates.messaging.findResources('AWS::SQS::Queue'))[0] as {Properties: {Tags: unknown[]}}
    assert.deepEqual(queue.Properties.Tags, [
      {Key: 'Environment', Value: 'prod'},
      {Key: 'Project', Value: 'omnix-ai'},
    ])
  })
})
