/**
 * What a finding shows of a value: its first two characters and its length (`om…(37 chars)`).
 * Values shorter than 8 characters show none of their characters, which would be a large share.
 */
export function maskValue(value: string): string {
  const shown = value.length >= 8 ? value.slice(0, 2) : ''
  return `${shown}…(${value.length} chars)`
}
