import type {SSMClient} from '@aws-sdk/client-ssm'

import {isSensitiveParameter, PARAMETER_SPECS, type ParameterSpec, type ParameterType, parameterPath, parameterSpec} from '../catalog/parameters.js'
import {parameterName} from '../catalog/naming.js'
import {NotFoundError, OmnixError, UsageError} from '../errors.js'

/** What is shown instead of a SecureString's value. */
export const MASK = '********'

/** GetParameters takes at most this many names. */
const GET_BATCH = 10

export interface ParameterState {
  /** Full name, `/omnix-ai/{env}/{path}`. */
  readonly name: string
  readonly path: string
  /** The catalog declares it. */
  readonly declared: boolean
  readonly description?: string
  readonly exists: boolean
  /** The type in SSM (or, when missing, the catalog's). */
  readonly type: ParameterType
  /** The type the catalog wants (SecureString for sensitive names). */
  readonly expectedType: ParameterType
  readonly secure: boolean
  readonly version?: number
  readonly lastModified?: string
  readonly lastModifiedUser?: string
  readonly keyId?: string
  /** The value for String/StringList parameters; MASK for SecureString, unless revealed by name. */
  readonly value?: string
}

/** Type the catalog decides for a path: its declaration, else SecureString for credential-like names. */
export function expectedType(path: string): ParameterType {
  const spec = parameterSpec(path)
  if (spec) return spec.type
  return isSensitiveParameter(path) ? 'SecureString' : 'String'
}

/** A NAME argument as given (`api/cors-origins` or `/omnix-ai/dev/api/cors-origins`) → its env path. */
export function resolvePath(env: string, nameOrPath: string, options: {any?: boolean} = {}): string {
  const path = nameOrPath.startsWith('/') ? parameterPath(env, nameOrPath) : nameOrPath.replace(/\/+$/, '')
  if (path === undefined) throw new UsageError(`${nameOrPath} is not a parameter of ${env} (names start with ${parameterName(env, '')})`)
  if (!options.any && !parameterSpec(path)) {
    throw new UsageError(`${path} is not in the catalog's parameter list`, {suggestion: `declared: ${PARAMETER_SPECS.map((p) => p.path).join(', ')}; --any for others`})
  }
  return path
}

interface Described {
  name: string
  type: ParameterType
  version?: number
  lastModified?: string
  lastModifiedUser?: string
  keyId?: string
  description?: string
}

/** Metadata of every parameter below `/omnix-ai/{env}/` (DescribeParameters: never a value). */
async function describeEnv(ssm: SSMClient, env: string): Promise<Map<string, Described>> {
  const {DescribeParametersCommand} = await import('@aws-sdk/client-ssm')
  const found = new Map<string, Described>()
  let token: string | undefined
  do {
    const out = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{Key: 'Path', Option: 'Recursive', Values: [parameterName(env, '').replace(/\/$/, '')]}],
        MaxResults: 50,
        NextToken: token,
      }),
    )
    for (const p of out.Parameters ?? []) {
      if (!p.Name) continue
      found.set(p.Name, {
        name: p.Name,
        type: (p.Type ?? 'String') as ParameterType,
        version: p.Version,
        lastModified: p.LastModifiedDate?.toISOString(),
        lastModifiedUser: p.LastModifiedUser,
        keyId: p.KeyId,
        description: p.Description,
      })
    }
    token = out.NextToken
  } while (token)
  return found
}

/** Values of plain parameters only: SecureString names are never asked for here. */
async function plainValues(ssm: SSMClient, names: readonly string[]): Promise<Map<string, string>> {
  const {GetParametersCommand} = await import('@aws-sdk/client-ssm')
  const values = new Map<string, string>()
  for (let i = 0; i < names.length; i += GET_BATCH) {
    const out = await ssm.send(new GetParametersCommand({Names: names.slice(i, i + GET_BATCH), WithDecryption: false}))
    for (const p of out.Parameters ?? []) if (p.Name && p.Value !== undefined && p.Type !== 'SecureString') values.set(p.Name, p.Value)
  }
  return values
}

function state(env: string, path: string, described: Described | undefined, value: string | undefined): ParameterState {
  const spec: ParameterSpec | undefined = parameterSpec(path)
  const expected = expectedType(path)
  const type = described?.type ?? expected
  const secure = type === 'SecureString' || expected === 'SecureString'
  return {
    name: parameterName(env, path),
    path,
    declared: spec !== undefined,
    ...(spec || described?.description ? {description: spec?.description ?? described?.description} : {}),
    exists: described !== undefined,
    type,
    expectedType: expected,
    secure,
    ...(described?.version === undefined ? {} : {version: described.version}),
    ...(described?.lastModified ? {lastModified: described.lastModified} : {}),
    ...(described?.lastModifiedUser ? {lastModifiedUser: described.lastModifiedUser} : {}),
    ...(described?.keyId ? {keyId: described.keyId} : {}),
    ...(described ? {value: secure ? MASK : value} : {}),
  }
}

export interface ParameterListing {
  readonly parameters: readonly ParameterState[]
  /** Parameters below `/omnix-ai/{env}/` the catalog does not declare (listed with `any`). */
  readonly undeclared: readonly string[]
}

/**
 * The env's parameters: every catalog parameter (present or not) and, with `any`, every other
 * parameter below `/omnix-ai/{env}/`. SecureString values are never fetched.
 */
export async function listParameters(ssm: SSMClient, env: string, options: {any?: boolean} = {}): Promise<ParameterListing> {
  const described = await describeEnv(ssm, env)
  const undeclared = [...described.keys()].filter((name) => !parameterSpec(parameterPath(env, name) ?? ''))
  const paths = PARAMETER_SPECS.map((p) => p.path)
  if (options.any) {
    for (const name of described.keys()) {
      const path = parameterPath(env, name)
      if (path && !paths.includes(path)) paths.push(path)
    }
  }
  const plain = paths.map((p) => parameterName(env, p)).filter((n) => described.has(n) && described.get(n)!.type !== 'SecureString' && expectedType(parameterPath(env, n)!) !== 'SecureString')
  const values = await plainValues(ssm, plain)
  const parameters = paths.map((path) => {
    const name = parameterName(env, path)
    return state(env, path, described.get(name), values.get(name))
  })
  return {parameters, undeclared}
}

/** One parameter. A SecureString value is decrypted only with `reveal`, for this one name. */
export async function getParameter(ssm: SSMClient, env: string, path: string, options: {reveal?: boolean} = {}): Promise<ParameterState> {
  const {GetParameterCommand} = await import('@aws-sdk/client-ssm')
  const name = parameterName(env, path)
  const described = (await describeEnv(ssm, env)).get(name)
  if (!described) throw new NotFoundError(`parameter ${name} does not exist`, parameterSpec(path) ? `omnix params set ${path} VALUE -e ${env}` : undefined)
  const current = state(env, path, described, undefined)
  if (current.secure && !options.reveal) return current
  const out = await ssm.send(new GetParameterCommand({Name: name, WithDecryption: current.secure}))
  return {...current, value: out.Parameter?.Value}
}

export interface SetPlan {
  readonly name: string
  readonly path: string
  readonly declared: boolean
  readonly type: ParameterType
  readonly keyId?: string
  readonly secure: boolean
  readonly current?: {readonly type: ParameterType; readonly version?: number; readonly value: string}
  /** As shown: MASK for secure values. */
  readonly newValue: string
  /** `unknown` when a secure current value could not be read to compare. */
  readonly changed: boolean | 'unknown'
  readonly notes: readonly string[]
}

/**
 * What `set` would write: the catalog decides the type (SecureString with the platform key for
 * sensitive names) and checks the value. Secure values are compared in memory and never returned.
 */
export async function planSet(
  ssm: SSMClient,
  env: string,
  path: string,
  value: string,
  options: {
    keyAlias: string
    /** Whether a table exists and is ACTIVE, or why that could not be told; checked for parameters naming a table. */
    tableStatus?: (table: string) => Promise<'active' | 'missing' | {unknown: string}>
    /** Write a table name even when the table cannot be confirmed ACTIVE. */
    force?: boolean
  },
): Promise<SetPlan> {
  const {GetParameterCommand} = await import('@aws-sdk/client-ssm')
  const spec = parameterSpec(path)
  const problem = spec?.validate?.(value, env)
  if (problem) throw new UsageError(`${path}: ${problem}`)
  const tableNotes: string[] = []
  if (spec?.namesTable && options.tableStatus) {
    // Pointing the services at a table that is not there is an outage: refuse unless forced.
    const status = await options.tableStatus(value)
    if (status !== 'active') {
      const why = status === 'missing' ? `table ${value} does not exist or is not ACTIVE` : `cannot tell whether table ${value} exists (${status.unknown})`
      if (!options.force) throw new OmnixError(`${path}: ${why}; the services would read a table that is not there`, {code: 'TABLE_NOT_ACTIVE', suggestion: 'create or restore the table first, or pass --force'})
      tableNotes.push(`${why} (--force)`)
    }
  }
  const name = parameterName(env, path)
  const described = (await describeEnv(ssm, env)).get(name)
  const type = expectedType(path)
  const secure = type === 'SecureString' || described?.type === 'SecureString'
  const notes: string[] = [...tableNotes]
  if (spec?.owner === 'stack') notes.push(`${path} is created by the security stack; a later deploy that changes it sets it back`)
  if (described && described.type !== type) notes.push(`type changes from ${described.type} to ${type} (the catalog's type)`)
  let current: SetPlan['current']
  let changed: SetPlan['changed'] = true
  if (described) {
    let old: string | undefined
    try {
      old = (await ssm.send(new GetParameterCommand({Name: name, WithDecryption: secure}))).Parameter?.Value
    } catch (error) {
      if (!secure) throw error
      notes.push(`the current value could not be read to compare (${(error as Error).name})`)
    }
    changed = old === undefined ? 'unknown' : old !== value || described.type !== type
    current = {type: described.type, ...(described.version === undefined ? {} : {version: described.version}), value: secure ? MASK : (old ?? '')}
  }
  return {
    name,
    path,
    declared: spec !== undefined,
    type,
    ...(type === 'SecureString' ? {keyId: options.keyAlias} : {}),
    secure,
    ...(current ? {current} : {}),
    newValue: secure ? MASK : value,
    changed,
    notes,
  }
}

/** Writes the planned value as a new version; returns the version. */
export async function applySet(ssm: SSMClient, plan: SetPlan, value: string): Promise<number | undefined> {
  const {PutParameterCommand} = await import('@aws-sdk/client-ssm')
  const spec = parameterSpec(plan.path)
  const out = await ssm.send(
    new PutParameterCommand({
      Name: plan.name,
      Value: value,
      Type: plan.type,
      Overwrite: plan.current !== undefined,
      ...(plan.keyId ? {KeyId: plan.keyId} : {}),
      ...(spec && !plan.current ? {Description: `omnix-ai: ${spec.description}`} : {}),
    }),
  )
  return out.Version
}

export interface ParameterDiff {
  readonly path: string
  readonly declared: boolean
  readonly status: 'same' | 'different' | 'only-a' | 'only-b' | 'missing' | 'secure'
  readonly a?: {readonly type: ParameterType; readonly version?: number; readonly value?: string}
  readonly b?: {readonly type: ParameterType; readonly version?: number; readonly value?: string}
}

/**
 * Compares two envs' parameters path by path: names, types and versions always; values only when
 * neither side is secure (a secure pair is `secure`, its values never read).
 */
export function diffParameters(a: readonly ParameterState[], b: readonly ParameterState[]): ParameterDiff[] {
  const byPath = (list: readonly ParameterState[]) => new Map(list.map((p) => [p.path, p]))
  const left = byPath(a)
  const right = byPath(b)
  const paths = [...new Set([...left.keys(), ...right.keys()])]
  const side = (p: ParameterState | undefined) =>
    p?.exists ? {type: p.type, ...(p.version === undefined ? {} : {version: p.version}), ...(p.value === undefined ? {} : {value: p.value})} : undefined
  return paths.map((path) => {
    const l = left.get(path)
    const r = right.get(path)
    const sa = side(l)
    const sb = side(r)
    const declared = Boolean(l?.declared ?? r?.declared)
    let status: ParameterDiff['status']
    if (!sa && !sb) status = 'missing'
    else if (!sb) status = 'only-a'
    else if (!sa) status = 'only-b'
    else if (l!.secure || r!.secure) status = 'secure'
    else status = sa.value === sb.value && sa.type === sb.type ? 'same' : 'different'
    return {path, declared, status, ...(sa ? {a: sa} : {}), ...(sb ? {b: sb} : {})}
  })
}
