import type {AttributeValue} from '@aws-sdk/client-dynamodb'

/** One DynamoDB item exactly as the low-level API returns it: numbers stay strings, binaries stay bytes. */
export type Item = Record<string, AttributeValue>

/**
 * A deterministic text form of an attribute value. Map keys and set members are sorted because
 * DynamoDB returns neither in a stable order; numbers are compared as the engine returns them
 * (it normalises them on write), so `12345678901234567890` stays exactly that.
 */
export function canonicalValue(value: AttributeValue): string {
  if (value.S !== undefined) return `S${JSON.stringify(value.S)}`
  if (value.N !== undefined) return `N${value.N}`
  if (value.B !== undefined) return `B${Buffer.from(value.B).toString('base64')}`
  if (value.BOOL !== undefined) return value.BOOL ? 'T' : 'F'
  if (value.NULL !== undefined) return 'Z'
  if (value.SS !== undefined) return `SS[${value.SS.map((s) => JSON.stringify(s)).sort().join(',')}]`
  if (value.NS !== undefined) return `NS[${[...value.NS].sort().join(',')}]`
  if (value.BS !== undefined) return `BS[${value.BS.map((b) => Buffer.from(b).toString('base64')).sort().join(',')}]`
  if (value.L !== undefined) return `L[${value.L.map(canonicalValue).join(',')}]`
  if (value.M !== undefined) return `M${canonicalItem(value.M)}`
  throw new TypeError(`unsupported attribute value ${JSON.stringify(Object.keys(value))}`)
}

export function canonicalItem(item: Item): string {
  const names = Object.keys(item).sort()
  let out = '{'
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ','
    out += `${JSON.stringify(names[i])}:${canonicalValue(item[names[i]])}`
  }
  return `${out}}`
}

/** A stable string for an item's primary key (the key attributes only), for sets, maps and messages. */
export function keyString(item: Item, keyNames: readonly string[]): string {
  return keyNames.map((k) => (item[k] === undefined ? `${k}=?` : `${k}=${keyScalar(item[k])}`)).join(',')
}

function keyScalar(value: AttributeValue): string {
  if (value.S !== undefined) return value.S
  if (value.N !== undefined) return value.N
  if (value.B !== undefined) return `b64:${Buffer.from(value.B).toString('base64')}`
  return canonicalValue(value)
}

export function pickKey(item: Item, keyNames: readonly string[]): Item {
  const key: Item = {}
  for (const k of keyNames) if (item[k] !== undefined) key[k] = item[k]
  return key
}

/**
 * Approximate stored size of an item in bytes, following DynamoDB's rules (names plus values;
 * numbers about one byte per two digits). Used for write-capacity accounting.
 */
export function itemSize(item: Item): number {
  let size = 0
  for (const name in item) size += Buffer.byteLength(name) + valueSize(item[name])
  return size
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S)
  if (value.N !== undefined) return Math.ceil(value.N.replace(/[^0-9]/g, '').length / 2) + 1
  if (value.B !== undefined) return value.B.length
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + Buffer.byteLength(s), 0)
  if (value.NS !== undefined) return value.NS.reduce((n, s) => n + Math.ceil(s.length / 2) + 1, 0)
  if (value.BS !== undefined) return value.BS.reduce((n, b) => n + b.length, 0)
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueSize(v), 0)
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueSize(v), 0)
  return 1
}

/** Write capacity units one PutItem of this item consumes (1 KB units, at least 1). */
export function writeUnits(item: Item): number {
  return Math.max(1, Math.ceil(itemSize(item) / 1024))
}

/**
 * JSON-safe form of an item (binary as base64) for checkpoint files: a LastEvaluatedKey can hold
 * a binary key, which JSON.stringify would turn into an index map.
 */
export function encodeItem(item: Item): unknown {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(item)) out[k] = encodeValue(v)
  return out
}

function encodeValue(value: AttributeValue): unknown {
  if (value.B !== undefined) return {B64: Buffer.from(value.B).toString('base64')}
  if (value.BS !== undefined) return {BS64: value.BS.map((b) => Buffer.from(b).toString('base64'))}
  if (value.L !== undefined) return {L: value.L.map(encodeValue)}
  if (value.M !== undefined) return {M: encodeItem(value.M)}
  return value
}

export function decodeItem(data: unknown): Item {
  const out: Item = {}
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) out[k] = decodeValue(v as Record<string, unknown>)
  return out
}

function decodeValue(value: Record<string, unknown>): AttributeValue {
  if (typeof value.B64 === 'string') return {B: Buffer.from(value.B64, 'base64')}
  if (Array.isArray(value.BS64)) return {BS: (value.BS64 as string[]).map((s) => Buffer.from(s, 'base64'))}
  if (Array.isArray(value.L)) return {L: (value.L as Record<string, unknown>[]).map(decodeValue)}
  if (value.M !== undefined && typeof value.M === 'object') return {M: decodeItem(value.M)}
  return value as unknown as AttributeValue
}
