import {PLATFORM_PREFIX, resourceName} from '../catalog/naming.js'
import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf, plural} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

/** Alarms every environment with alarms on has, whatever its functions and queues. */
export const CORE_ALARMS = ['api-4xx', 'api-latency'] as const

/**
 * Task 10: the env's dashboard exists and, where the environment has alarms on, its alarms do.
 * Alarms currently in ALARM are listed; they do not fail the task (the alarm is doing its job).
 */
export async function checkMonitoring(ctx: StatusContext): Promise<CheckOutcome> {
  const {GetDashboardCommand, DescribeAlarmsCommand} = await import('@aws-sdk/client-cloudwatch')
  const client = await ctx.clients.cloudWatch()
  const deploy = `omnix deploy -e ${ctx.env} --stacks observability`
  const dashboard = `${PLATFORM_PREFIX}-${ctx.env}`
  const parts: EvidencePart[] = []
  try {
    await client.send(new GetDashboardCommand({DashboardName: dashboard}))
    parts.push(ok(`dashboard ${dashboard} exists`))
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFound' && (error as Error).name !== 'DashboardNotFoundError') throw error
    parts.push(bad(`dashboard ${dashboard} does not exist`, deploy))
  }

  const alarms: Array<{name: string; state: string}> = []
  let NextToken: string | undefined
  do {
    const page = await client.send(new DescribeAlarmsCommand({AlarmNamePrefix: resourceName(ctx.env, ''), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken}))
    for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) alarms.push({name: a.AlarmName ?? '?', state: a.StateValue ?? '?'})
    NextToken = page.NextToken
  } while (NextToken)

  if (ctx.options.settings.alarms) {
    const names = new Set(alarms.map((a) => a.name))
    const missing = CORE_ALARMS.map((a) => resourceName(ctx.env, a)).filter((name) => !names.has(name))
    parts.push(
      missing.length === 0 ? ok(`${plural(alarms.length, 'alarm')} named ${resourceName(ctx.env, '*')}`) : bad(`alarms missing: ${missing.join(', ')}`, deploy),
    )
  } else {
    parts.push(ok(`alarms are off for ${ctx.env} (settings); ${plural(alarms.length, 'alarm')} found`))
  }
  const firing = alarms.filter((a) => a.state === 'ALARM').map((a) => a.name)
  if (alarms.length > 0) parts.push(ok(firing.length > 0 ? `in ALARM now: ${firing.join(', ')}` : 'no alarm is in ALARM'))
  return outcomeOf(parts)
}
