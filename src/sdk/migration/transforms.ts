import type {AttributeValue} from '@aws-sdk/client-dynamodb'

import type {Item} from './items.js'

/**
 * Declarative attribute transforms, applied in order to every copied item. They are data, not
 * code: a mapping file can only rename, set a prefixed value, drop, or default attributes.
 */
export type TransformSpec =
  | {readonly rename: {readonly from: string; readonly to: string}}
  /** Sets `attribute` to `prefix` + the string or number in `from` (default: `attribute` itself). */
  | {readonly prefix: {readonly attribute: string; readonly prefix: string; readonly from?: string}}
  | {readonly drop: readonly string[]}
  /** Sets `attribute` to `value` only where the item lacks it. */
  | {readonly default: {readonly attribute: string; readonly value: AttributeValue}}

export type ItemTransform = (item: Item) => Item

/** An item the transforms cannot be applied to (e.g. the prefix source attribute is missing). */
export class TransformError extends Error {
  constructor(
    message: string,
    readonly attribute: string,
  ) {
    super(message)
    this.name = 'TransformError'
  }
}

export function compileTransforms(specs: readonly TransformSpec[]): ItemTransform {
  if (specs.length === 0) return (item) => item
  const steps = specs.map(compileStep)
  return (item) => {
    let out: Item = {...item}
    for (const step of steps) out = step(out)
    return out
  }
}

function compileStep(spec: TransformSpec): (item: Item) => Item {
  if ('rename' in spec) {
    const {from, to} = spec.rename
    return (item) => {
      if (item[from] === undefined) return item
      item[to] = item[from]
      delete item[from]
      return item
    }
  }
  if ('prefix' in spec) {
    const {attribute, prefix} = spec.prefix
    const from = spec.prefix.from ?? attribute
    return (item) => {
      const value = item[from]
      const text = value?.S ?? value?.N
      if (text === undefined) {
        throw new TransformError(
          value === undefined ? `attribute "${from}" is missing (needed for ${attribute})` : `attribute "${from}" is not a string or number (needed for ${attribute})`,
          from,
        )
      }
      item[attribute] = {S: `${prefix}${text}`}
      return item
    }
  }
  if ('drop' in spec) {
    const names = spec.drop
    return (item) => {
      for (const name of names) delete item[name]
      return item
    }
  }
  const {attribute, value} = spec.default
  return (item) => {
    if (item[attribute] === undefined) item[attribute] = value
    return item
  }
}

/** One line per transform, for plans: `PK = "SALES#" + product_id`. */
export function describeTransforms(specs: readonly TransformSpec[]): string[] {
  return specs.map((spec) => {
    if ('rename' in spec) return `rename ${spec.rename.from} -> ${spec.rename.to}`
    if ('prefix' in spec) return `${spec.prefix.attribute} = ${JSON.stringify(spec.prefix.prefix)} + ${spec.prefix.from ?? spec.prefix.attribute}`
    if ('drop' in spec) return `drop ${spec.drop.join(', ')}`
    return `default ${spec.default.attribute} = ${JSON.stringify(spec.default.value)}`
  })
}

/**
 * Which attributes are certainly present after the transforms, given those certainly present before
 * (the source's key attributes). Used to check at plan time that every target key is produced.
 */
export function guaranteedAttributes(before: readonly string[], specs: readonly TransformSpec[]): Set<string> {
  const present = new Set(before)
  for (const spec of specs) {
    if ('rename' in spec) {
      if (present.delete(spec.rename.from)) present.add(spec.rename.to)
    } else if ('prefix' in spec) {
      if (present.has(spec.prefix.from ?? spec.prefix.attribute)) present.add(spec.prefix.attribute)
    } else if ('drop' in spec) {
      for (const name of spec.drop) present.delete(name)
    } else {
      present.add(spec.default.attribute)
    }
  }
  return present
}

/** Attributes the transforms read, i.e. that items must carry for them to apply. */
export function attributesRead(specs: readonly TransformSpec[]): string[] {
  const read: string[] = []
  for (const spec of specs) if ('prefix' in spec) read.push(spec.prefix.from ?? spec.prefix.attribute)
  return read
}
