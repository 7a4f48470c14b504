import type {Budget, Expression} from '@aws-sdk/client-budgets'

import type {CustomerTag} from './validation.js'

/** The Cost Explorer service name Bedrock spend is billed under. */
export const BEDROCK_SERVICE = 'Amazon Bedrock'

export function bedrockFilter(): Expression {
  return {Dimensions: {Key: 'SERVICE', Values: [BEDROCK_SERVICE], MatchOptions: ['EQUALS']}}
}

/** key=value: spend tagged with that value; key alone: spend carrying the tag key at all. */
export function customerTagFilter(tag: CustomerTag): Expression {
  if (tag.value !== null) return {Tags: {Key: tag.key, Values: [tag.value], MatchOptions: ['EQUALS']}}
  return {Not: {Tags: {Key: tag.key, MatchOptions: ['ABSENT']}}}
}

/**
 * The budget's filter as an Expression, whichever way it was written: FilterExpression, or the
 * older CostFilters (`Service`, `TagKeyValue` = `user:key$value`) a budget made elsewhere may carry.
 */
export function budgetFilter(budget: Budget): Expression | null {
  const expression = budget.FilterExpression
  if (expression && Object.keys(expression).length > 0) return expression
  const legacy = budget.CostFilters
  if (!legacy || Object.keys(legacy).length === 0) return null
  const parts: Expression[] = []
  for (const [key, values] of Object.entries(legacy)) {
    if (key === 'Service') {
      parts.push({Dimensions: {Key: 'SERVICE', Values: values, MatchOptions: ['EQUALS']}})
    } else if (key === 'TagKeyValue') {
      for (const v of values) {
        const [tagKey, tagValue = ''] = v.replace(/^user:/, '').split('$')
        parts.push({Tags: {Key: tagKey, Values: [tagValue], MatchOptions: ['EQUALS']}})
      }
    } else {
      // A filter this tool does not write: keep it distinguishable so it shows up as a difference.
      parts.push({CostCategories: {Key: `CostFilters:${key}`, Values: values}})
    }
  }
  return parts.length === 1 ? parts[0] : {And: parts}
}

/** A canonical text for an expression: key order, value order and default match options do not matter. */
export function canonicalFilter(expression: Expression | null): string {
  return expression === null ? 'null' : JSON.stringify(canonical(expression))
}

function canonical(e: Expression): unknown {
  const out: Record<string, unknown> = {}
  if (e.And?.length) out.And = e.And.map(canonical).map((x) => JSON.stringify(x)).sort()
  if (e.Or?.length) out.Or = e.Or.map(canonical).map((x) => JSON.stringify(x)).sort()
  if (e.Not) out.Not = canonical(e.Not)
  for (const field of ['Dimensions', 'Tags', 'CostCategories'] as const) {
    const v = e[field]
    if (!v) continue
    const values = [...(v.Values ?? [])].sort()
    const match = v.MatchOptions?.length ? [...v.MatchOptions].sort() : values.length > 0 ? ['EQUALS'] : []
    out[field] = {Key: v.Key ?? '', Values: values, MatchOptions: match}
  }
  return out
}

/** Short human text of a filter: `all costs`, `SERVICE = Amazon Bedrock`, `tag customer = acme`. */
export function describeFilter(expression: Expression | null): string {
  if (expression === null) return 'all costs'
  if (expression.And?.length) return expression.And.map(describeFilter).join(' AND ')
  if (expression.Or?.length) return `(${expression.Or.map(describeFilter).join(' OR ')})`
  if (expression.Not) {
    const inner = expression.Not
    if (inner.Tags && inner.Tags.MatchOptions?.includes('ABSENT')) return `tag ${inner.Tags.Key} present`
    return `NOT ${describeFilter(inner)}`
  }
  if (expression.Dimensions) return `${expression.Dimensions.Key} = ${(expression.Dimensions.Values ?? []).join(' | ')}`
  if (expression.Tags) {
    if (expression.Tags.MatchOptions?.includes('ABSENT')) return `tag ${expression.Tags.Key} absent`
    return `tag ${expression.Tags.Key} = ${(expression.Tags.Values ?? []).join(' | ')}`
  }
  if (expression.CostCategories) return `${expression.CostCategories.Key} = ${(expression.CostCategories.Values ?? []).join(' | ')}`
  return JSON.stringify(expression)
}
