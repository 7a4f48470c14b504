import {resourceName} from '../catalog/naming.js'
import {TABLES, tableName} from '../catalog/tables.js'
import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf, plural} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

/** The daily backup runs once a day; two hours of slack for the job's own run time. */
export const MAX_RECOVERY_POINT_AGE_HOURS = 26

/**
 * Task 11: point-in-time recovery on every catalog table (where the environment asks for it),
 * the env's backup plan, and a completed recovery point younger than 26 hours in its vault.
 */
export async function checkBackups(ctx: StatusContext): Promise<CheckOutcome> {
  const {env} = ctx
  const parts: EvidencePart[] = [await pitrPart(ctx)]
  const {ListBackupPlansCommand, ListRecoveryPointsByBackupVaultCommand} = await import('@aws-sdk/client-backup')
  const client = await ctx.clients.backup()
  const deploy = `omnix deploy -e ${env} --stacks backup`

  const planName = resourceName(env, 'backup')
  let found = false
  let NextToken: string | undefined
  do {
    const page = await client.send(new ListBackupPlansCommand({NextToken}))
    found ||= (page.BackupPlansList ?? []).some((p) => p.BackupPlanName === planName)
    NextToken = page.NextToken
  } while (NextToken && !found)
  parts.push(found ? ok(`backup plan ${planName} exists`) : bad(`backup plan ${planName} does not exist`, deploy))

  const vault = resourceName(env, 'vault')
  let newest: Date | undefined
  try {
    let token: string | undefined
    do {
      const page = await client.send(new ListRecoveryPointsByBackupVaultCommand({BackupVaultName: vault, NextToken: token}))
      for (const p of page.RecoveryPoints ?? []) {
        if (p.Status === 'COMPLETED' && p.CreationDate && (!newest || p.CreationDate > newest)) newest = p.CreationDate
      }
      token = page.NextToken
    } while (token)
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error
    parts.push(bad(`backup vault ${vault} does not exist`, deploy))
    return outcomeOf(parts)
  }
  const jobs = `aws backup list-backup-jobs --by-backup-vault-name ${vault} --region ${ctx.region}`
  if (!newest) {
    parts.push(bad(`no completed recovery point in ${vault}`, jobs))
  } else {
    const hours = Math.floor((ctx.now().getTime() - newest.getTime()) / 3_600_000)
    const text = `newest recovery point in ${vault} is ${hours} h old (${newest.toISOString()})`
    parts.push(hours < MAX_RECOVERY_POINT_AGE_HOURS ? ok(text) : bad(`${text}, older than ${MAX_RECOVERY_POINT_AGE_HOURS} h`, jobs))
  }
  return outcomeOf(parts)
}

async function pitrPart(ctx: StatusContext): Promise<EvidencePart> {
  if (!ctx.options.settings.pointInTimeRecovery) return ok(`point-in-time recovery is not required for ${ctx.env} (settings)`)
  const {DescribeContinuousBackupsCommand} = await import('@aws-sdk/client-dynamodb')
  const client = await ctx.clients.dynamo()
  const without: string[] = []
  for (const table of TABLES) {
    const name = tableName(ctx.env, table.id)
    try {
      const out = await client.send(new DescribeContinuousBackupsCommand({TableName: name}))
      if (out.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus !== 'ENABLED') without.push(name)
    } catch (error) {
      if ((error as Error).name !== 'TableNotFoundException') throw error
      without.push(`${name} (missing)`)
    }
  }
  return without.length === 0
    ? ok(`point-in-time recovery is on for all ${TABLES.length} catalog tables`)
    : bad(`point-in-time recovery is off for ${plural(without.length, 'table')}: ${without.join(', ')}`, `omnix deploy -e ${ctx.env} --stacks data`)
}
