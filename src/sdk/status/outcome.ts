import type {CheckOutcome, EvidencePart} from './types.js'

/**
 * A task's status from its parts: any part not ok fails it, else any part that could not be
 * read leaves it unknown, else it passes. The next step is that of the first part holding it back.
 */
export function outcomeOf(parts: readonly EvidencePart[]): CheckOutcome {
  const failed = parts.filter((p) => p.ok === false)
  const unread = parts.filter((p) => p.ok === undefined)
  const status = failed.length > 0 ? 'fail' : unread.length > 0 ? 'unknown' : 'pass'
  const next = (failed.length > 0 ? failed : unread).find((p) => p.next)?.next
  return {status, evidence: parts.map((p) => p.text), ...(status !== 'pass' && next ? {next} : {})}
}

export const ok = (text: string): EvidencePart => ({ok: true, text})
export const bad = (text: string, next?: string): EvidencePart => ({ok: false, text, ...(next ? {next} : {})})
export const unread = (text: string, next?: string): EvidencePart => ({ok: undefined, text, ...(next ? {next} : {})})

/** `AccessDeniedException: User … is not authorized …`: how a failed read reads in the evidence. */
export function describeError(error: unknown): string {
  const e = error as {name?: string; message?: string}
  const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : ''
  return `${name}${e?.message ?? String(error)}`
}

/** Runs one read; a failure becomes an unknown part with the reason instead of an exception. */
export async function attempt(what: string, read: () => Promise<EvidencePart[]>): Promise<EvidencePart[]> {
  try {
    return await read()
  } catch (error) {
    return [unread(`${what}: could not be read (${describeError(error)})`)]
  }
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}
