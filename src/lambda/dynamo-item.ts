import type {AttributeValue} from '@aws-sdk/client-dynamodb'

/** Plain JSON-like values stored in the platform's tables. */
export type ItemValue = string | number | boolean | null | ItemValue[] | {[key: string]: ItemValue}
export type Item = Record<string, ItemValue>

export function toAttribute(value: ItemValue): AttributeValue {
  if (value === null) return {NULL: true}
  if (typeof value === 'string') return {S: value}
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot store non-finite number ${value}`)
    return {N: String(value)}
  }
  if (typeof value === 'boolean') return {BOOL: value}
  if (Array.isArray(value)) return {L: value.map((v) => toAttribute(v))}
  return {M: toAttributes(value)}
}

/** Marshals an item; `undefined` fields are left out, as DynamoDB has no such value. */
export function toAttributes(item: Record<string, ItemValue | undefined>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  for (const [key, value] of Object.entries(item)) if (value !== undefined) out[key] = toAttribute(value)
  return out
}

export function fromAttribute(value: AttributeValue): ItemValue {
  if (value.S !== undefined) return value.S
  if (value.N !== undefined) return Number(value.N)
  if (value.BOOL !== undefined) return value.BOOL
  if (value.NULL !== undefined) return null
  if (value.L !== undefined) return value.L.map((v) => fromAttribute(v))
  if (value.M !== undefined) return fromAttributes(value.M)
  if (value.SS !== undefined) return value.SS
  if (value.NS !== undefined) return value.NS.map(Number)
  throw new TypeError(`unsupported attribute type ${Object.keys(value).join(',')}`)
}

export function fromAttributes(item: Record<string, AttributeValue>): Item {
  const out: Item = {}
  for (const [key, value] of Object.entries(item)) out[key] = fromAttribute(value)
  return out
}

/** Opaque pagination token for a LastEvaluatedKey. */
export function encodePageToken(key: Record<string, AttributeValue> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(fromAttributes(key))).toString('base64url') : undefined
}

export function decodePageToken(token: string | undefined): Record<string, AttributeValue> | undefined {
  if (!token) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  return toAttributes(parsed as Item)
}
