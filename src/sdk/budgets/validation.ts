import {UsageError} from '../errors.js'

/** AWS Budgets accepts at most 10 email subscribers and 1 SNS topic per notification. */
export const MAX_EMAIL_SUBSCRIBERS = 10
export const MAX_SNS_SUBSCRIBERS = 1

/**
 * Parses a budget amount in USD (`50`, `49.99`, `$50`, `50 USD`) into cents. Positive, at most two
 * decimals; any other currency is refused (budgets here are USD).
 */
export function parseAmount(flag: string, raw: string): number {
  if (/^\s*-/.test(raw)) throw new UsageError(`${flag}: the amount must be positive, got "${raw}"`, {suggestion: `e.g. ${flag} 50`})
  const parts = /^([a-z]{3})?\s*\$?\s*([\d.]+)\s*([a-z]{3})?$/i.exec(raw.trim())
  if (!parts) {
    throw new UsageError(`${flag}: "${raw}" is not an amount`, {suggestion: `pass a positive amount in USD, e.g. ${flag} 50 or ${flag} 49.99`})
  }
  const currency = parts[1] ?? parts[3]
  if (currency !== undefined && currency.toUpperCase() !== 'USD') {
    throw new UsageError(`${flag}: "${raw}" is in ${currency.toUpperCase()}; budgets are in USD`, {suggestion: `pass the amount in US dollars, e.g. ${flag} 50`})
  }
  const number = parts[2]
  if (/^\d+\.\d{3,}$/.test(number)) {
    throw new UsageError(`${flag}: "${raw}" has more than 2 decimals`, {suggestion: `round to cents, e.g. ${flag} ${Number(number).toFixed(2)}`})
  }
  if (!/^\d+(\.\d{1,2})?$/.test(number)) {
    throw new UsageError(`${flag}: "${raw}" is not an amount`, {suggestion: `pass a positive amount in USD, e.g. ${flag} 50 or ${flag} 49.99`})
  }
  const [whole, fraction = ''] = number.split('.')
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  if (cents <= 0) throw new UsageError(`${flag}: the amount must be positive, got "${raw}"`, {suggestion: `e.g. ${flag} 50`})
  if (!Number.isSafeInteger(cents) || cents > 1e13) throw new UsageError(`${flag}: "${raw}" is too large`)
  return cents
}

/** Cents as the decimal string AWS takes (`50.00`). */
export function centsToAmount(cents: number): string {
  return (cents / 100).toFixed(2)
}

const EMAIL = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>()]{2,}$/

/** Validates `--email` values (repeatable, or comma-separated); de-duplicates ignoring case. */
export function parseEmails(values: readonly string[]): string[] {
  const seen = new Map<string, string>()
  for (const value of values.flatMap((v) => v.split(','))) {
    const email = value.trim()
    if (email === '') continue
    if (email.length > 254 || !EMAIL.test(email)) {
      throw new UsageError(`--email: "${email}" is not an email address`, {suggestion: 'pass e.g. --email ops@example.com'})
    }
    if (!seen.has(email.toLowerCase())) seen.set(email.toLowerCase(), email)
  }
  if (seen.size > MAX_EMAIL_SUBSCRIBERS) {
    throw new UsageError(`--email: ${seen.size} addresses given; AWS Budgets allows at most ${MAX_EMAIL_SUBSCRIBERS} per notification`, {
      suggestion: 'send to a distribution list, or add an SNS topic with --sns-topic',
    })
  }
  return [...seen.values()]
}

const SNS_TOPIC_ARN = /^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/

/** Validates `--sns-topic` values: at most one, a standard SNS topic ARN. */
export function parseSnsTopic(values: readonly string[]): string | undefined {
  const topics = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))]
  if (topics.length > MAX_SNS_SUBSCRIBERS) {
    throw new UsageError(`--sns-topic: ${topics.length} topics given; AWS Budgets allows ${MAX_SNS_SUBSCRIBERS} SNS topic per notification`, {
      suggestion: 'pass one topic and subscribe the other endpoints to it',
    })
  }
  const [topic] = topics
  if (topic !== undefined && !SNS_TOPIC_ARN.test(topic)) {
    throw new UsageError(`--sns-topic: "${topic}" is not an SNS topic ARN`, {
      suggestion: 'pass e.g. --sns-topic arn:aws:sns:us-east-1:123456789012:omnix-alerts (FIFO topics are not supported by Budgets)',
    })
  }
  return topic
}

export interface CustomerTag {
  readonly key: string
  /** Null: spend carrying the tag key with any value. */
  readonly value: string | null
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u

/** Parses `--customer-tag key[=value]`. */
export function parseCustomerTag(raw: string): CustomerTag {
  const at = raw.indexOf('=')
  const key = (at < 0 ? raw : raw.slice(0, at)).trim()
  const value = at < 0 ? null : raw.slice(at + 1).trim()
  if (key === '' || key.length > 128 || !TAG_TEXT.test(key)) {
    throw new UsageError(`--customer-tag: "${raw}" has no valid tag key`, {suggestion: 'pass key or key=value, e.g. --customer-tag customer=acme'})
  }
  if (key.toLowerCase().startsWith('aws:')) {
    throw new UsageError(`--customer-tag: "${key}" is an AWS-reserved tag key`, {suggestion: 'use your own cost allocation tag, e.g. customer'})
  }
  if (value !== null && (value === '' || value.length > 256 || !TAG_TEXT.test(value))) {
    throw new UsageError(`--customer-tag: "${raw}" has an empty or invalid tag value`, {suggestion: 'pass key=value, or just key to track all tagged spend'})
  }
  return {key, value}
}
