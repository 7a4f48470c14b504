import {KNOWN_WEAK_SECRETS} from '../../catalog/naming.js'

/** Why a value was reported, strongest first: a value matching several rules is reported under the first. */
export const AUDIT_RULES = ['known-weak-value', 'private-key', 'credentials-in-url', 'secret-name', 'high-entropy'] as const
export type AuditRule = (typeof AUDIT_RULES)[number]

export const rulePriority = (rule: AuditRule) => AUDIT_RULES.indexOf(rule)

/** Shortest string the entropy rule considers. */
export const ENTROPY_MIN_LENGTH = 20
/** Bits per character required, at most (long strings). */
export const ENTROPY_MAX_THRESHOLD = 4.2
/**
 * Share of neighbouring letters/digits that switch class (lower, upper, digit). Random base64
 * switches about 65 % of the time; CamelCase identifiers and words about 20-40 %.
 */
export const MIN_CLASS_SWITCH_RATIO = 0.45

/**
 * Bits per character a string must reach: a random base64 string of length n scores close to
 * log2(n) for short strings, so the bar rises with length and caps at ENTROPY_MAX_THRESHOLD.
 */
export function entropyThreshold(length: number): number {
  return Math.min(ENTROPY_MAX_THRESHOLD, Math.log2(length) - 0.8)
}

export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0
  const counts = new Map<string, number>()
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) {
    const p = n / text.length
    bits -= p * Math.log2(p)
  }
  return bits
}

function charClass(c: string): 'l' | 'u' | 'd' | undefined {
  if (c >= 'a' && c <= 'z') return 'l'
  if (c >= 'A' && c <= 'Z') return 'u'
  if (c >= '0' && c <= '9') return 'd'
  return undefined
}

export function classSwitchRatio(text: string): number {
  let pairs = 0
  let switches = 0
  for (let i = 1; i < text.length; i++) {
    const a = charClass(text[i - 1])
    const b = charClass(text[i])
    if (!a || !b) continue
    pairs++
    if (a !== b) switches++
  }
  return pairs === 0 ? 0 : switches / pairs
}

/**
 * High-entropy strings that are not secrets: hex digests (lockfile checksums, git SHAs, asset
 * hashes), UUIDs, subresource-integrity / npm `integrity` strings, CDK logical ids.
 */
export function isDecoyToken(token: string): boolean {
  if (/^[0-9a-f-]+$/i.test(token)) return true
  if (/^sha(1|224|256|384|512)-/i.test(token)) return true
  if (/^[A-Za-z][A-Za-z0-9]*[0-9A-F]{8}$/.test(token) && /[a-z]/.test(token)) return true
  return false
}

export function isHighEntropyToken(token: string): boolean {
  if (token.length < ENTROPY_MIN_LENGTH) return false
  if (isDecoyToken(token)) return false
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token)) return false
  if (shannonEntropy(token) < entropyThreshold(token.length)) return false
  return classSwitchRatio(token) >= MIN_CLASS_SWITCH_RATIO
}

/** The base64/base64url-alphabet runs in a value that look random. */
export function highEntropyTokens(value: string): string[] {
  const out: string[] = []
  for (const match of value.matchAll(/[A-Za-z0-9+/=_-]{20,}/g)) {
    const token = match[0].replace(/=+$/, '')
    if (isHighEntropyToken(token)) out.push(token)
  }
  return out
}

/** `jwtSecret`, `JWTSecret`, `jwt-secret`, `/omnix-ai/dev/jwt/secret` all become `..._JWT_SECRET`. */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
}

/** Suffixes that make a secret-sounding name refer to something that is not the secret itself. */
const NON_SECRET_SUFFIX =
  /_(ARN|ID|IDS|NAME|PATH|FILE|URL|URI|ENDPOINT|REGION|TTL|EXPIRY|EXPIRES|EXPIRES_IN|EXPIRATION|LIFETIME|DURATION|TIMEOUT|LENGTH|TYPE|HEADER|ISSUER|AUDIENCE|ALGORITHM|ALG|VERSION|DAYS|AGE|COUNT|LIMIT|PARAM|PARAMETER|ENABLED|REQUIRED|POLICY|RESET|ROTATION|STAGE|LABEL|PREFIX|FIELD|REF|SOURCE|SOURCE_TYPE|LOCATION|SIZE|BYTES|FORMAT|MODE)$/

/** `_KEY` names that hold keys of data structures, not credentials. */
const NON_SECRET_KEY =
  /(^|_)(PUBLIC|PARTITION|SORT|HASH|RANGE|PRIMARY|FOREIGN|CACHE|S3|OBJECT|BUCKET|KMS|IDEMPOTENCY|DEDUPLICATION|DEDUP|LOOKUP|MAP|GROUP|ROUTING|SEARCH|INDEX|ORDER|ROW|CONFIG|TRANSLATION|I18N|MESSAGE|SSE|CMK)_KEY$/

/** Name patterns: `*_SECRET`, `*_KEY`, `*TOKEN*`, `PASSWORD`, minus names that only refer to one. */
export function isSecretName(name: string): boolean {
  const n = normalizeName(name)
  if (n === '' || NON_SECRET_SUFFIX.test(n)) return false
  if (/(^|_)SECRET$/.test(n)) return true
  if (/_KEY$/.test(n) && !NON_SECRET_KEY.test(n)) return true
  if (/TOKEN(?!S|IZ)/.test(n)) return true
  return /PASSWORD|PASSWD|(^|_)PWD$/.test(n)
}

/** Values that point at a secret (or anything else) rather than being one. */
export function isReference(value: string): boolean {
  return (
    /^arn:aws[\w-]*:/.test(value) ||
    /^\{\{resolve:/.test(value) ||
    /^(ssm|secretsmanager|resolve|alias|kms):/i.test(value) ||
    /^(https?|s3|wss?):\/\/[^\s@]+$/i.test(value) ||
    /^omnix-ai\/[\w/.-]+$/.test(value) ||
    /^\/[\w.-]+(\/[\w.-]+)+$/.test(value) ||
    /^(process\.env|os\.environ|env\.|secrets\.|vars\.)/.test(value)
  )
}

/** Template placeholders, redactions and example values. */
export function isPlaceholder(value: string): boolean {
  return (
    /^<.*>$/.test(value) ||
    /^\$\{.*\}$/.test(value) ||
    /^\$\(.*\)$/.test(value) ||
    /^\{\{.*\}\}$/.test(value) ||
    /^%.*%$/.test(value) ||
    /^\$[A-Za-z_]\w*$/.test(value) ||
    /^([x*.#_-])\1*$/i.test(value) ||
    /(^|[-_ ])(your|my)[-_ ]/i.test(value) ||
    /\b(example|placeholder|replace[-_ ]?me|change[-_ ]?me|todo|redacted|dummy)\b/i.test(value)
  )
}

/** Could this literal be a secret (for the name rule)? Not empty, not a number, flag, version, reference or placeholder. */
export function isLiteralSecretValue(raw: string): boolean {
  const value = raw.trim()
  if (value.length < 4) return false
  if (/^(true|false|yes|no|on|off|null|nil|none|undefined|enabled|disabled)$/i.test(value)) return false
  if (/^-?\d+(\.\d+)?$/.test(value)) return false
  if (/^\d+\s*(ms|s|sec|m|min|h|d|w|y)$/i.test(value)) return false
  if (/^[\^~<>=v]*\d+(\.\d+){1,3}([-+.][\w.]+)?$/.test(value)) return false
  // CONSTANT_NAMES (message codes, enum members) name things; they are not credentials.
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) return false
  return !isReference(value) && !isPlaceholder(value)
}

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]+:([^\s@/'"]+)@/i

export interface Detection {
  readonly rule: AuditRule
  /** The part of the input that is the secret (reported masked, never as is). */
  readonly value: string
}

/**
 * Every rule a name/value pair trips, strongest first, each with the part that is secret.
 * `entropy: false` turns the entropy rule off (lockfiles, which hold nothing but digests).
 */
export function detect(name: string | undefined, value: string, options: {entropy?: boolean} = {}): Detection[] {
  const found: Detection[] = []
  const lower = value.toLowerCase()
  for (const weak of KNOWN_WEAK_SECRETS) if (lower.includes(weak)) found.push({rule: 'known-weak-value', value: weak})
  const key = PRIVATE_KEY.exec(value)
  if (key) found.push({rule: 'private-key', value: value.slice(key.index)})
  const url = URL_CREDENTIALS.exec(value)
  if (url && !isPlaceholder(url[1]) && !/^\$/.test(url[1])) found.push({rule: 'credentials-in-url', value: url[1]})
  if (name !== undefined && isSecretName(name) && isLiteralSecretValue(value)) found.push({rule: 'secret-name', value: value.trim()})
  if (options.entropy !== false) for (const token of highEntropyTokens(value)) found.push({rule: 'high-entropy', value: token})
  return found
}

/** The strongest detection, if any. */
export function classify(name: string | undefined, value: string, options: {entropy?: boolean} = {}): Detection | undefined {
  return detect(name, value, options)[0]
}
