import {basename, extname} from 'node:path'

import {type AuditRule, type Detection, detect, rulePriority} from './detect.js'

/** How a file's lines are read: which assignments and literals are looked at. */
export type TextFlavor = 'dotenv' | 'ini' | 'json' | 'yaml' | 'code' | 'lockfile'

/** Generated files holding nothing but package digests: only known weak values and keys are looked for. */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'go.sum',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'Gemfile.lock',
  'composer.lock',
])

const FLAVORS: Readonly<Record<string, TextFlavor>> = {
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'ini',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.conf': 'ini',
  '.properties': 'ini',
  '.tfvars': 'ini',
  '.npmrc': 'ini',
  '.sh': 'dotenv',
  '.bash': 'dotenv',
  '.zsh': 'dotenv',
  '.ts': 'code',
  '.tsx': 'code',
  '.mts': 'code',
  '.cts': 'code',
  '.js': 'code',
  '.jsx': 'code',
  '.mjs': 'code',
  '.cjs': 'code',
  '.py': 'code',
  '.go': 'code',
  '.java': 'code',
  '.kt': 'code',
  '.rb': 'code',
  '.php': 'code',
  '.cs': 'code',
  '.tf': 'code',
  '.html': 'code',
}

/** The flavor a file is scanned with, or undefined when the audit skips it (binary, docs, media). */
export function flavorOf(path: string): TextFlavor | undefined {
  const name = basename(path)
  if (LOCKFILES.has(name)) return 'lockfile'
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv'
  if (name === '.npmrc' || name === '.pypirc' || name === '.netrc') return 'ini'
  return FLAVORS[extname(name).toLowerCase()]
}

export interface TextHit extends Detection {
  /** 1-based line number. */
  readonly line: number
  /** The variable or key the value was assigned to, when there was one. */
  readonly name?: string
}

/** A line carrying this marker is not reported (e.g. a test fixture or the list of known weak values). */
export const ALLOW_MARKER = 'omnix-audit:allow'

/** Lines longer than this are minified or embedded data; they are skipped. */
export const MAX_LINE_LENGTH = 10_000

function unquote(raw: string): string {
  const value = raw.trim()
  const q = value[0]
  if ((q === '"' || q === "'" || q === '`') && value.length >= 2) {
    const end = value.indexOf(q, 1)
    return end > 0 ? value.slice(1, end) : value.slice(1)
  }
  // An unquoted value ends at an inline comment.
  return value.replace(/\s+[#;].*$/, '').trim()
}

const QUOTED = /(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g
// The name must start a token (not sit inside a string such as ':secret:').
const CODE_ASSIGNMENT = /(?<=^|[\s({,;[!'"`])([A-Za-z_$][\w$]*)["'\]]?(?:\s*:\s*[\w<>[\]|. ]+?)?\s*(?::|=|:=|=>)\s*(["'`])((?:(?!\2)[^\\]|\\.)*)\2/g
const ENV_DEFAULT = /(?:process\.env|import\.meta\.env)(?:\.|\[\s*["'])([A-Za-z_]\w*)["']?\]?\s*(?:\|\||\?\?)\s*(["'`])((?:(?!\2)[^\\]|\\.)*)\2/g
const PY_ENV_DEFAULT = /(?:getenv|environ\.get)\(\s*["']([A-Za-z_]\w*)["']\s*,\s*(["'])((?:(?!\2)[^\\]|\\.)*)\2/g
const JSON_PAIR = /"((?:[^"\\]|\\.)+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g

/** name = value pairs on one line, by flavor. */
function assignments(line: string, flavor: TextFlavor): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  if (flavor === 'dotenv' || flavor === 'ini') {
    // A commented-out secret is still a secret in the open.
    const m = /^\s*(?:[#;]\s*)?(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(.*)$/.exec(line)
    if (m) pairs.push([m[1], unquote(m[2])])
  } else if (flavor === 'yaml') {
    const m = /^\s*(?:#\s*)?(?:-\s+)?["']?([\w./-]+)["']?\s*:\s+(.+)$/.exec(line)
    if (m && !/^[{[|>&*!]/.test(m[2].trim())) pairs.push([m[1], unquote(m[2])])
  } else if (flavor === 'json') {
    for (const m of line.matchAll(JSON_PAIR)) pairs.push([m[1], m[2]])
  } else if (flavor === 'code') {
    for (const m of line.matchAll(CODE_ASSIGNMENT)) pairs.push([m[1], m[3]])
    for (const m of line.matchAll(ENV_DEFAULT)) pairs.push([m[1], m[3]])
    for (const m of line.matchAll(PY_ENV_DEFAULT)) pairs.push([m[1], m[3]])
  }
  return pairs
}

/**
 * Scans text line by line: known weak values and private keys anywhere, secret-named
 * assignments, and high-entropy tokens inside assigned values and quoted literals (never in bare
 * identifiers). One hit per secret per line, under its strongest rule.
 */
export function scanText(text: string, flavor: TextFlavor): TextHit[] {
  const hits: TextHit[] = []
  const lines = text.split(/\r?\n/)
  const entropy = flavor !== 'lockfile'
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.length > MAX_LINE_LENGTH || line.includes(ALLOW_MARKER)) continue
    const candidates: Array<{rule: AuditRule; value: string; name?: string}> = []
    for (const d of detect(undefined, line, {entropy: false})) candidates.push(d)
    if (flavor !== 'lockfile') {
      for (const [name, value] of assignments(line, flavor)) {
        for (const d of detect(name, value, {entropy})) candidates.push({...d, name})
      }
      if (flavor !== 'dotenv') {
        for (const m of line.matchAll(QUOTED)) for (const d of detect(undefined, m[2], {entropy})) candidates.push(d)
      }
    }
    candidates.sort((a, b) => rulePriority(a.rule) - rulePriority(b.rule))
    const kept: TextHit[] = []
    for (const c of candidates) {
      const overlap = kept.findIndex((k) => k.value.includes(c.value) || c.value.includes(k.value))
      if (overlap === -1) kept.push({line: i + 1, rule: c.rule, value: c.value, ...(c.name ? {name: c.name} : {})})
      else if (c.name && !kept[overlap].name) kept[overlap] = {...kept[overlap], name: c.name}
    }
    hits.push(...kept)
  }
  return hits
}
