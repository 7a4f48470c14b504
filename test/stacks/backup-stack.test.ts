import assert from 'node:assert/strict'

import {TABLE_IDS} from '../../src/sdk/catalog/index.js'
import {only, resourcesOf, synthesizedBefore} from './synthesized-platform.js'

describe('backup stack', () => {
  const synthesized = synthesizedBefore(['dev', 'prod'])

  for (const env of ['dev', 'prod'] as const) {
    describe(env, () => {
      const template = () => synthesized(env).templates.backup

      it('keeps backups in a KMS-encrypted vault', () => {
        const vault = only(resourcesOf(template(), 'AWS::Backup::BackupVault'))
        assert.equal(vault.Properties.BackupVaultName, `omnix-ai-${env}-vault`)
        assert.ok(vault.Properties.EncryptionKeyArn['Fn::ImportValue'])
        assert.equal(vault.DeletionPolicy, env === 'prod' ? 'Retain' : 'Delete')
      })

      it('backs up daily for 30 days, weekly for 12 weeks and monthly for 12 months', () => {
        const plan = only(resourcesOf(template(), 'AWS::Backup::BackupPlan')).Properties.BackupPlan
        const rules = new Map((plan.BackupPlanRule as any[]).map((r) => [r.RuleName, r]))
        assert.deepEqual([...rules.keys()].sort(), ['daily', 'monthly', 'weekly'])
        assert.equal(rules.get('daily').Lifecycle.DeleteAfterDays, 30)
        assert.equal(rules.get('daily').ScheduleExpression, 'cron(0 3 * * ? *)')
        assert.equal(rules.get('weekly').Lifecycle.DeleteAfterDays, 84)
        assert.equal(rules.get('weekly').ScheduleExpression, 'cron(0 4 ? * SUN *)')
        assert.equal(rules.get('monthly').Lifecycle.DeleteAfterDays, 365)
        assert.equal(rules.get('monthly').ScheduleExpression, 'cron(0 5 1 * ? *)')
      })

      it('selects all nine tables', () => {
        const selection = only(resourcesOf(template(), 'AWS::Backup::BackupSelection')).Properties.BackupSelection
        const resources = JSON.stringify(selection.Resources)
        assert.equal(selection.Resources.length, TABLE_IDS.length)
        for (const id of TABLE_IDS) assert.ok(resources.includes(`:table/omnix-ai-${env}-${id}"`), id)
      })
    })
  }
})
