import {COMPLIANCE_RULES} from '../catalog/compliance.js'
import {isNagViolation} from '../deploy/validate.js'
import type {StatusContext} from './context.js'
import {attempt, bad, ok, outcomeOf, plural, unread} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

/**
 * Task 15: AWS Config records with the plan's five managed rules, a multi-region CloudTrail trail
 * with log file validation is logging, and cdk-nag finds no error in the synthesized templates.
 * The three are read independently: one denied read leaves the others' evidence standing.
 */
export async function checkCompliance(ctx: StatusContext): Promise<CheckOutcome> {
  const parts = (
    await Promise.all([
      attempt('AWS Config', () => configParts(ctx)),
      attempt('CloudTrail', () => trailParts(ctx)),
      attempt('cdk-nag', () => nagParts(ctx)),
    ])
  ).flat()
  return outcomeOf(parts)
}

async function configParts(ctx: StatusContext): Promise<EvidencePart[]> {
  const {DescribeConfigurationRecorderStatusCommand, DescribeConfigRulesCommand} = await import('@aws-sdk/client-config-service')
  const client = await ctx.clients.config()
  const deploy = `omnix deploy -e ${ctx.env} --stacks compliance`
  const recorders = (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? []
  const recording = recorders.filter((r) => r.recording)
  const parts: EvidencePart[] = [
    recorders.length === 0
      ? bad('AWS Config has no configuration recorder in this region', deploy)
      : recording.length === 0
        ? bad(`AWS Config recorder ${recorders.map((r) => r.name).join(', ')} is not recording`, deploy)
        : ok(`AWS Config recorder ${recording.map((r) => r.name).join(', ')} is recording`),
  ]
  const identifiers = new Map<string, string>()
  let NextToken: string | undefined
  do {
    const page = await client.send(new DescribeConfigRulesCommand({NextToken}))
    for (const rule of page.ConfigRules ?? []) {
      if (rule.Source?.Owner === 'AWS' && rule.Source.SourceIdentifier && rule.ConfigRuleState !== 'DELETING') {
        identifiers.set(rule.Source.SourceIdentifier, rule.ConfigRuleName ?? rule.Source.SourceIdentifier)
      }
    }
    NextToken = page.NextToken
  } while (NextToken)
  const missing = COMPLIANCE_RULES.filter((r) => !identifiers.has(r.identifier))
  parts.push(
    missing.length === 0
      ? ok(`AWS Config rules: ${COMPLIANCE_RULES.map((r) => r.name).join(', ')}`)
      : bad(`AWS Config rules missing: ${missing.map((r) => r.name).join(', ')}`, deploy),
  )
  return parts
}

async function trailParts(ctx: StatusContext): Promise<EvidencePart[]> {
  const {DescribeTrailsCommand, GetTrailStatusCommand} = await import('@aws-sdk/client-cloudtrail')
  const client = await ctx.clients.cloudTrail()
  const deploy = `omnix deploy -e ${ctx.env} --stacks compliance`
  const trails = (await client.send(new DescribeTrailsCommand({includeShadowTrails: true}))).trailList ?? []
  const qualified = trails.filter((t) => t.IsMultiRegionTrail && t.LogFileValidationEnabled)
  if (qualified.length === 0) {
    const seen = trails.map((t) => `${t.Name} (${t.IsMultiRegionTrail ? 'multi-region' : 'single-region'}, log file validation ${t.LogFileValidationEnabled ? 'on' : 'off'})`)
    return [bad(`no multi-region CloudTrail trail with log file validation${seen.length > 0 ? `; trails: ${seen.join(', ')}` : ''}`, deploy)]
  }
  for (const trail of qualified) {
    const status = await client.send(new GetTrailStatusCommand({Name: trail.TrailARN ?? trail.Name}))
    if (status.IsLogging) {
      return [ok(`CloudTrail trail ${trail.Name} is logging (multi-region, log file validation, ${trail.KmsKeyId ? 'KMS-encrypted' : 'not KMS-encrypted'})`)]
    }
  }
  return [bad(`CloudTrail trail ${qualified.map((t) => t.Name).join(', ')} is not logging`, deploy)]
}

async function nagParts(ctx: StatusContext): Promise<EvidencePart[]> {
  if (!ctx.options.nag) return [unread('cdk-nag: templates not checked')]
  const nag = (await ctx.options.nag()).violations.filter((v) => isNagViolation(v))
  const errors = nag.filter((v) => v.severity === 'error' || v.severity === 'fatal')
  if (errors.length === 0) return [ok(`cdk-nag AwsSolutions: no error in the synthesized templates (${plural(nag.length, 'warning')})`)]
  const listed = errors.map((v) => `${v.rule} at ${v.resources.map((r) => r.path).join(', ')}`)
  return [bad(`cdk-nag AwsSolutions: ${plural(errors.length, 'error')}: ${listed.join('; ')}`, `omnix validate -e ${ctx.env}`)]
}
