import {stackName} from '../catalog/naming.js'
import {outputOf, type HttpAnswer, type StatusContext} from './context.js'
import {bad, describeError, ok, outcomeOf} from './outcome.js'
import type {CheckOutcome} from './types.js'

/** The health route of the REST API (open: no key or token needed). */
export const HEALTH_PATH = 'v1/system/health'
export const HEALTH_TIMEOUT_MS = 5000

/** A plain GET with a hard bound: the whole exchange, headers and body, must finish in time. */
export async function fetchWithTimeout(url: string, timeoutMs: number): Promise<HttpAnswer> {
  const started = performance.now()
  const response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs), redirect: 'manual'})
  await response.arrayBuffer()
  return {status: response.status, ms: Math.round(performance.now() - started)}
}

/** Task 1: the deployed API answers its health check with 200 within the bound. */
export async function checkApiHealth(ctx: StatusContext): Promise<CheckOutcome> {
  const deploy = `omnix deploy -e ${ctx.env} --stacks api`
  const stack = await ctx.stack('api')
  if (!stack) return outcomeOf([bad(`stack ${stackName(ctx.env, 'api')} is not deployed: no API to call`, deploy)])
  const base = outputOf(stack, 'ApiUrl')
  if (!base) return outcomeOf([bad(`stack ${stack.StackName} has no ApiUrl output`, deploy)])
  const url = new URL(HEALTH_PATH, base.endsWith('/') ? base : `${base}/`).toString()
  const timeoutMs = ctx.options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS
  const get = ctx.options.httpGet ?? fetchWithTimeout
  const logs = `aws logs tail /aws/lambda/${stackName(ctx.env, 'health')} --since 1h`
  try {
    const answer = await get(url, timeoutMs)
    if (answer.status === 200) return outcomeOf([ok(`GET ${url} answered 200 in ${answer.ms} ms`)])
    return outcomeOf([bad(`GET ${url} answered ${answer.status} in ${answer.ms} ms (expected 200)`, logs)])
  } catch (error) {
    const name = (error as Error).name
    if (name === 'TimeoutError' || name === 'AbortError') {
      return outcomeOf([bad(`GET ${url} did not answer within ${timeoutMs / 1000} s`, logs)])
    }
    const cause = (error as {cause?: unknown}).cause
    return outcomeOf([bad(`GET ${url} failed: ${describeError(cause ?? error)}`, logs)])
  }
}
