import {CfnWebACL} from 'aws-cdk-lib/aws-wafv2'
import type {Construct} from 'constructs'

import {MAX_BODY_BYTES} from '../src/lambda/api-routes.js'
import {resourceName} from '../src/sdk/catalog/index.js'

/** Requests one client IP may send per window before WAF blocks it. */
export const RATE_LIMIT_REQUESTS = 100
/** The rate rule's evaluation window: 100 per 60 s is "100 requests per minute". */
export const RATE_LIMIT_WINDOW_SECONDS = 60

/** The 27 EU member states, for the optional geo restriction. */
export const EU_COUNTRY_CODES = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
] as const

/** AWS managed rule groups on the API, by the threat each covers. */
export const MANAGED_RULE_GROUPS = {
  ipReputation: 'AWSManagedRulesAmazonIpReputationList',
  common: 'AWSManagedRulesCommonRuleSet',
  knownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  sqlInjection: 'AWSManagedRulesSQLiRuleSet',
} as const

/**
 * A regular expression matching exactly the decimal integers greater than `n` (leading zeros
 * allowed), built from WAF-supported constructs only (no capturing groups).
 */
export function greaterThanPattern(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`greaterThanPattern needs a non-negative integer, got ${n}`)
  const digits = String(n)
  // Any number with more significant digits is larger.
  const branches = [`[1-9]\\d{${digits.length},}`]
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i])
    if (d === 9) continue
    const low = d + 1
    const cls = low === 9 ? '9' : `[${low}-9]`
    const rest = digits.length - i - 1
    branches.push(`${digits.slice(0, i)}${cls}${rest > 0 ? `\\d{${rest}}` : ''}`)
  }
  return `^0*(?:${branches.join('|')})$`
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return {cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName}
}

function managedRule(
  name: string,
  priority: number,
  ruleGroup: string,
  ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[],
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: {none: {}},
    statement: {managedRuleGroupStatement: {vendorName: 'AWS', name: ruleGroup, ruleActionOverrides}},
    visibilityConfig: visibility(name),
  }
}

export interface ApiWebAclOptions {
  readonly env: string
  readonly geoRestrictEu: boolean
}

/** The REST API's regional web ACL: rate limit, managed protections, body size limit, optional EU-only. */
export function createApiWebAcl(scope: Construct, id: string, options: ApiWebAclOptions): CfnWebACL {
  const rules: CfnWebACL.RuleProperty[] = []
  let priority = 0
  if (options.geoRestrictEu) {
    rules.push({
      name: 'GeoRestrictEu',
      priority: priority++,
      action: {block: {}},
      statement: {notStatement: {statement: {geoMatchStatement: {countryCodes: [...EU_COUNTRY_CODES]}}}},
      visibilityConfig: visibility('GeoRestrictEu'),
    })
  }
  rules.push(managedRule('IpReputation', priority++, MANAGED_RULE_GROUPS.ipReputation))
  rules.push({
    name: 'RateLimitPerIp',
    priority: priority++,
    action: {block: {}},
    statement: {
      rateBasedStatement: {limit: RATE_LIMIT_REQUESTS, evaluationWindowSec: RATE_LIMIT_WINDOW_SECONDS, aggregateKeyType: 'IP'},
    },
    visibilityConfig: visibility('RateLimitPerIp'),
  })
  // WAF sees at most the first 16 KB of a body on API Gateway, so a size constraint on the body
  // itself cannot detect 1 MB. The declared Content-Length can: block any value above the limit.
  // (The API handler also rejects larger bodies, and API Gateway caps payloads at 10 MB.)
  rules.push({
    name: 'BodySizeLimit1MB',
    priority: priority++,
    action: {block: {}},
    statement: {
      regexMatchStatement: {
        regexString: greaterThanPattern(MAX_BODY_BYTES),
        // SingleHeader is untyped in the L1 API, so CloudFormation's own casing is spelled out.
        fieldToMatch: {singleHeader: {Name: 'content-length'}},
        textTransformations: [{priority: 0, type: 'NONE'}],
      },
    },
    visibilityConfig: visibility('BodySizeLimit1MB'),
  })
  // The common rule set blocks bodies over its own 8–16 KB inspection size, which would reject
  // legitimate CSV uploads; the 1 MB rule above is the platform's limit, so that rule only counts.
  rules.push(
    managedRule('CommonRuleSet', priority++, MANAGED_RULE_GROUPS.common, [{name: 'SizeRestrictions_BODY', actionToUse: {count: {}}}]),
  )
  rules.push(managedRule('KnownBadInputs', priority++, MANAGED_RULE_GROUPS.knownBadInputs))
  rules.push(managedRule('SqlInjection', priority++, MANAGED_RULE_GROUPS.sqlInjection))

  const name = resourceName(options.env, 'api-waf')
  return new CfnWebACL(scope, id, {
    name,
    description: `omnix-ai ${options.env} REST API protection`,
    scope: 'REGIONAL',
    defaultAction: {allow: {}},
    visibilityConfig: visibility(name),
    rules,
  })
}
