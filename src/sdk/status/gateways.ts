import type {StatusContext} from './context.js'
import {bad, ok, outcomeOf} from './outcome.js'
import type {CheckOutcome, EvidencePart} from './types.js'

/** Task 2: one REST API (`omnix-ai-{env}-api`) with the env stage, and no other platform REST API. */
export async function checkRestApi(ctx: StatusContext): Promise<CheckOutcome> {
  return fromFindings(ctx, 'REST_', (code) =>
    code === 'REST_EXTRA' || code === 'REST_DUPLICATE' ? `omnix gateways consolidate -e ${ctx.env}` : `omnix deploy -e ${ctx.env} --stacks api`,
  )
}

/** Task 4: the WebSocket API (`omnix-ai-{env}-ws`) on the same env stage as the REST API, and no other. */
export async function checkWebSocketApi(ctx: StatusContext): Promise<CheckOutcome> {
  // `gateways consolidate` removes REST APIs only; leftover WebSocket APIs are listed for deletion by hand.
  return fromFindings(ctx, 'WS_', (code) =>
    code === 'WS_EXTRA' || code === 'WS_DUPLICATE' ? `omnix gateways list -e ${ctx.env} (then delete the leftover WebSocket APIs)` : `omnix deploy -e ${ctx.env} --stacks api`,
  )
}

async function fromFindings(ctx: StatusContext, prefix: 'REST_' | 'WS_', next: (code: string) => string): Promise<CheckOutcome> {
  const check = await ctx.gateways()
  const parts: EvidencePart[] = check.findings
    .filter((f) => f.code.startsWith(prefix))
    .map((f) => (f.level === 'ok' ? ok(f.message) : bad(f.message, next(f.code))))
  return outcomeOf(parts)
}
