import {createHash} from 'node:crypto'

import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'

import {canonicalItem, type Item, keyString} from './items.js'
import type {PlanCopy} from './plan.js'
import type {KeyProblem, VerifyResult} from './report.js'
import {DEFAULT_SCAN_LIMIT, DEFAULT_SEGMENTS, scanTable} from './scanner.js'
import {compileTransforms, type ItemTransform, TransformError} from './transforms.js'

const FIRST_DIFFERENCES = 10

/** Sum modulo 2^256 of 32-byte digests: the same for any order of the same items, unlike a plain hash. */
export class DigestSum {
  private readonly lanes = new Uint32Array(8)

  add(digest: Buffer): void {
    let carry = 0
    for (let i = 7; i >= 0; i--) {
      const sum = this.lanes[i] + digest.readUInt32BE(i * 4) + carry
      this.lanes[i] = sum >>> 0
      carry = sum > 0xffffffff ? 1 : 0
    }
  }

  hex(): string {
    return [...this.lanes].map((lane) => lane.toString(16).padStart(8, '0')).join('')
  }
}

export function itemDigest(item: Item): Buffer {
  return createHash('sha256').update(canonicalItem(item)).digest()
}

export interface VerifySource {
  readonly source: string
  readonly transform: ItemTransform
}

export interface VerifyOptions {
  readonly segments?: number
  readonly limit?: number
  readonly now?: () => number
  /** Called for each target item no source produced (e.g. written to a live table after a restore point). */
  readonly onUnclaimed?: (item: Item) => void
}

interface SourceTally {
  readonly source: string
  count: number
  found: number
  readonly sourceSum: DigestSum
  readonly targetSum: DigestSum
  missing: number
  different: number
  collisions: number
  untransformable: number
  readonly problems: KeyProblem[]
  started: number
}

/**
 * Compares every source feeding one target with what the target holds. Each source is scanned and
 * transformed exactly as the copy does; the target is scanned once, and each of its items is
 * attributed to the source whose item has its key (items no source produced, such as data the
 * target already had, are not counted against anyone). A source verifies when its count and
 * content hash equal those of its items in the target and no key is missing, different or produced twice.
 */
export async function verifyTarget(
  client: DynamoDBClient,
  target: {readonly name: string; readonly keys: readonly string[]},
  sources: readonly VerifySource[],
  options: VerifyOptions = {},
): Promise<VerifyResult[]> {
  const now = options.now ?? Date.now
  const segments = options.segments ?? DEFAULT_SEGMENTS
  const limit = options.limit ?? DEFAULT_SCAN_LIMIT
  const expected = new Map<string, {tally: number; digest: string}>()
  const seen = new Set<string>()
  const tallies: SourceTally[] = sources.map((s) => ({
    source: s.source,
    count: 0,
    found: 0,
    sourceSum: new DigestSum(),
    targetSum: new DigestSum(),
    missing: 0,
    different: 0,
    collisions: 0,
    untransformable: 0,
    problems: [],
    started: now(),
  }))
  const note = (tally: SourceTally, problem: KeyProblem) => {
    if (tally.problems.length < FIRST_DIFFERENCES) tally.problems.push(problem)
  }

  for (const [index, source] of sources.entries()) {
    const tally = tallies[index]
    await scanTable(client, {table: source.source, totalSegments: segments, limit}, async ({items}) => {
      for (const raw of items) {
        tally.count++
        let item: Item
        try {
          item = source.transform(raw)
        } catch (error) {
          if (!(error instanceof TransformError)) throw error
          tally.untransformable++
          note(tally, {key: keyString(raw, Object.keys(raw).slice(0, 2)), problem: 'untransformable', detail: error.message})
          continue
        }
        const digest = itemDigest(item)
        tally.sourceSum.add(digest)
        const key = keyString(item, target.keys)
        const previous = expected.get(key)
        if (previous) {
          tally.collisions++
          const other = tallies[previous.tally]
          if (other !== tally) other.collisions++
          note(tally, {key, problem: 'collision', detail: `also produced by an item of ${other.source}`})
          continue
        }
        expected.set(key, {tally: index, digest: digest.toString('base64')})
      }
    })
  }

  await scanTable(client, {table: target.name, totalSegments: segments, limit}, async ({items}) => {
    for (const item of items) {
      const key = keyString(item, target.keys)
      const want = expected.get(key)
      if (!want) {
        options.onUnclaimed?.(item)
        continue
      }
      const tally = tallies[want.tally]
      seen.add(key)
      tally.found++
      const digest = itemDigest(item)
      tally.targetSum.add(digest)
      if (digest.toString('base64') !== want.digest) {
        tally.different++
        note(tally, {key, problem: 'different'})
      }
    }
  })

  for (const [key, want] of expected) {
    if (seen.has(key)) continue
    const tally = tallies[want.tally]
    tally.missing++
    note(tally, {key, problem: 'missing'})
  }

  const finished = now()
  return tallies.map((t) => {
    const sourceHash = t.sourceSum.hex()
    const targetHash = t.targetSum.hex()
    return {
      source: t.source,
      target: target.name,
      verified: t.missing === 0 && t.different === 0 && t.collisions === 0 && t.untransformable === 0 && t.count === t.found && sourceHash === targetHash,
      sourceCount: t.count,
      targetCount: t.found,
      sourceHash,
      targetHash,
      missing: t.missing,
      different: t.different,
      collisions: t.collisions,
      untransformable: t.untransformable,
      firstDifferences: t.problems,
      durationMs: finished - t.started,
    }
  })
}

/** Verifies the given copies, grouped by target. */
export async function verifyCopies(client: DynamoDBClient, copies: readonly PlanCopy[], options: VerifyOptions = {}): Promise<VerifyResult[]> {
  const byTarget = new Map<string, PlanCopy[]>()
  for (const copy of copies) byTarget.set(copy.target, [...(byTarget.get(copy.target) ?? []), copy])
  const results: VerifyResult[] = []
  for (const [target, group] of byTarget) {
    results.push(
      ...(await verifyTarget(
        client,
        {name: target, keys: group[0].targetKeys},
        group.map((c) => ({source: c.source, transform: compileTransforms(c.transforms)})),
        options,
      )),
    )
  }
  return results
}
