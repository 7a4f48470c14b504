import {auditSecrets, isPlatformResource} from '../secrets/audit/audit.js'
import {listSecrets, type SecretStatus} from '../secrets/inventory.js'
import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf, plural, unread} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

const DAY_MS = 86_400_000
/** A rotation a day late is still on schedule: Secrets Manager rotates within a window, not at an instant. */
const GRACE_DAYS = 1

/**
 * Task 7: the platform's secrets exist with automatic rotation on and last rotated within their
 * schedule, and the audit finds no secret in the open (Lambda variables, deployed templates, SSM Strings).
 */
export async function checkSecrets(ctx: StatusContext): Promise<CheckOutcome> {
  const {env} = ctx
  const secrets = await listSecrets({client: await ctx.clients.secretsManager(), env, now: () => ctx.now()})
  const parts: EvidencePart[] = secrets.map((s) => secretPart(s, ctx))
  const report = await auditSecrets({target: ctx.options.target, sources: ['lambda', 'cloudformation', 'ssm'], include: isPlatformResource})
  const fix = `omnix secrets audit -e ${env} --platform-only --fix`
  if (report.findings.length > 0) {
    const where = report.findings.slice(0, 5).map((f) => `${f.location} (${f.rule})`)
    const more = report.findings.length > where.length ? `, and ${report.findings.length - where.length} more` : ''
    parts.push(bad(`audit: ${plural(report.findings.length, 'secret')} in the open: ${where.join(', ')}${more}`, fix))
  }
  for (const e of report.errors) parts.push(unread(`audit of ${e.source} could not run: ${e.message}`))
  if (report.findings.length === 0 && report.errors.length === 0) {
    const scanned = Object.entries(report.scanned).map(([source, n]) => `${n} ${source}`).join(', ')
    parts.push(ok(`audit clean: no secret in the open (${scanned || 'nothing'} scanned)`))
  }
  return outcomeOf(parts)
}

function secretPart(s: SecretStatus, ctx: StatusContext): EvidencePart {
  const {env} = ctx
  if (!s.exists) return bad(`${s.name} does not exist`, `omnix deploy -e ${env} --stacks security`)
  const schedule = `omnix secrets rotate -e ${env} --all --schedule 30`
  if (!s.rotation.enabled) return bad(`${s.name}: automatic rotation is off`, schedule)
  const every = s.rotation.automaticallyAfterDays
  const scheduleText = every ? `every ${every} days` : (s.rotation.scheduleExpression ?? 'on a schedule')
  if (!s.lastRotatedDate) return bad(`${s.name}: rotation ${scheduleText}, but never rotated`, `omnix secrets rotate -e ${env} --all`)
  const now = ctx.now().getTime()
  const ageDays = Math.floor((now - Date.parse(s.lastRotatedDate)) / DAY_MS)
  const overdue = every
    ? ageDays > every + GRACE_DAYS
    : s.rotation.nextRotationDate !== null && Date.parse(s.rotation.nextRotationDate) + GRACE_DAYS * DAY_MS < now
  const text = `${s.name}: rotation ${scheduleText}, last rotated ${ageDays} days ago`
  return overdue ? bad(`${text}: overdue`, `omnix secrets rotate -e ${env} --all`) : ok(text)
}
