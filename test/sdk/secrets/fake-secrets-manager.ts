import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager'
import {mockClient} from 'aws-sdk-client-mock'

const ACCOUNT_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:'

interface Version {
  value?: string
  stages: Set<string>
  created: Date
}

interface Secret {
  name: string
  arn: string
  versions: Map<string, Version>
  rotationEnabled?: boolean
  rotationLambdaArn?: string
  rotationDays?: number
}

export interface RecordedCall {
  readonly command: string
  readonly input: Record<string, unknown>
}

const notFound = (message: string) => new ResourceNotFoundException({message, $metadata: {}})

/**
 * An in-memory Secrets Manager behind aws-sdk-client-mock with the staging-label rules the
 * rotation relies on: a label sits on one version at most, moving AWSCURRENT hands AWSPREVIOUS to
 * the old version, PutSecretValue is idempotent per ClientRequestToken and value.
 */
export class FakeSecretsManager {
  readonly mock = mockClient(SecretsManagerClient)
  readonly secrets = new Map<string, Secret>()
  /** Each rule may throw for one call (simulating a crash or an outage), then is dropped. */
  private faults: Array<(call: RecordedCall) => Error | undefined> = []
  /** Rewrites values as they are stored (simulating a writer that stored something bad). */
  tamper?: (value: string) => string

  constructor(private readonly now: () => Date = () => new Date()) {
    this.mock.on(DescribeSecretCommand).callsFake((input) => this.guard('DescribeSecretCommand', input, () => this.describe(input)))
    this.mock.on(GetSecretValueCommand).callsFake((input) => this.guard('GetSecretValueCommand', input, () => this.get(input)))
    this.mock.on(PutSecretValueCommand).callsFake((input) => this.guard('PutSecretValueCommand', input, () => this.put(input)))
    this.mock.on(UpdateSecretVersionStageCommand).callsFake((input) => this.guard('UpdateSecretVersionStageCommand', input, () => this.updateStage(input)))
    this.mock.on(ListSecretVersionIdsCommand).callsFake((input) => this.guard('ListSecretVersionIdsCommand', input, () => this.listVersions(input)))
    this.mock.on(RotateSecretCommand).callsFake((input) => this.guard('RotateSecretCommand', input, () => this.rotate(input)))
    this.mock.on(CreateSecretCommand).callsFake((input) => this.guard('CreateSecretCommand', input, () => this.create(input)))
  }

  /** A client whose calls this fake answers. */
  client(): SecretsManagerClient {
    return new SecretsManagerClient({region: 'us-east-1'})
  }

  restore(): void {
    this.mock.restore()
  }

  addSecret(name: string, versions: Array<{id: string; value?: string; stages: string[]; created?: Date}>): void {
    const secret: Secret = {name, arn: `${ACCOUNT_ARN}${name}-AbCdEf`, versions: new Map()}
    for (const v of versions) secret.versions.set(v.id, {value: v.value, stages: new Set(v.stages), created: v.created ?? this.now()})
    this.secrets.set(name, secret)
  }

  /** Throw `error` on the first call matching `when`. */
  failOnce(when: (call: RecordedCall) => boolean, error: Error = new Error('socket hang up')): void {
    const rule = (call: RecordedCall) => (when(call) ? error : undefined)
    this.faults.push(rule)
  }

  /** The calls sent so far, in order. */
  calls(): RecordedCall[] {
    return this.mock.calls().map((c) => {
      const command = c.args[0] as unknown as {constructor: {name: string}; input: Record<string, unknown>}
      // Paginators send NextToken/MaxResults as undefined; they are not part of what was asked.
      return {command: command.constructor.name, input: JSON.parse(JSON.stringify(command.input)) as Record<string, unknown>}
    })
  }

  /** Version id → staging labels, like DescribeSecret's VersionIdsToStages (versions without labels left out). */
  stages(name: string): Record<string, string[]> {
    const out: Record<string, string[]> = {}
    for (const [id, v] of this.secret(name).versions) if (v.stages.size > 0) out[id] = [...v.stages].sort()
    return out
  }

  value(name: string, versionId: string): string | undefined {
    return this.secret(name).versions.get(versionId)?.value
  }

  versionIds(name: string): string[] {
    return [...this.secret(name).versions.keys()]
  }

  private guard<T>(command: string, input: Record<string, unknown>, run: () => T): T {
    for (const [i, rule] of this.faults.entries()) {
      const error = rule({command, input})
      if (error) {
        this.faults.splice(i, 1)
        throw error
      }
    }
    return run()
  }

  private secret(id: unknown): Secret {
    const key = String(id)
    const secret = this.secrets.get(key) ?? [...this.secrets.values()].find((s) => s.arn === key)
    if (!secret) throw notFound(`Secrets Manager can't find the specified secret.`)
    return secret
  }

  private describe(input: {SecretId: string}) {
    const s = this.secret(input.SecretId)
    return {
      ARN: s.arn,
      Name: s.name,
      RotationEnabled: s.rotationEnabled,
      RotationLambdaARN: s.rotationLambdaArn,
      RotationRules: s.rotationDays ? {AutomaticallyAfterDays: s.rotationDays} : undefined,
      VersionIdsToStages: this.stages(s.name),
    }
  }

  private get(input: {SecretId: string; VersionId?: string; VersionStage?: string}) {
    const s = this.secret(input.SecretId)
    let id = input.VersionId
    if (id === undefined) id = [...s.versions].find(([, v]) => v.stages.has(input.VersionStage ?? 'AWSCURRENT'))?.[0]
    const version = id === undefined ? undefined : s.versions.get(id)
    if (!version || (input.VersionStage && !version.stages.has(input.VersionStage)) || version.value === undefined) {
      throw notFound(`Secrets Manager can't find the specified secret value for the given version or staging label.`)
    }
    return {ARN: s.arn, Name: s.name, VersionId: id, SecretString: version.value, VersionStages: [...version.stages], CreatedDate: version.created}
  }

  private put(input: {SecretId: string; ClientRequestToken?: string; SecretString?: string; VersionStages?: string[]}) {
    const s = this.secret(input.SecretId)
    const id = input.ClientRequestToken ?? `v-${s.versions.size + 1}`
    const value = this.tamper && input.SecretString !== undefined ? this.tamper(input.SecretString) : input.SecretString
    const existing = s.versions.get(id)
    if (existing?.value !== undefined) {
      if (existing.value !== value) throw new ResourceExistsException({message: 'A version with this ClientRequestToken already exists with another value.', $metadata: {}})
      return {ARN: s.arn, Name: s.name, VersionId: id, VersionStages: [...existing.stages]}
    }
    const version: Version = existing ?? {stages: new Set(), created: this.now()}
    version.value = value
    s.versions.set(id, version)
    for (const stage of input.VersionStages ?? ['AWSCURRENT']) this.attach(s, stage, id)
    return {ARN: s.arn, Name: s.name, VersionId: id, VersionStages: [...version.stages]}
  }

  private updateStage(input: {SecretId: string; VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string}) {
    const s = this.secret(input.SecretId)
    const holder = [...s.versions].find(([, v]) => v.stages.has(input.VersionStage))?.[0]
    if (input.RemoveFromVersionId !== undefined && holder !== input.RemoveFromVersionId) {
      throw new InvalidParameterException({message: `${input.VersionStage} is not attached to version ${input.RemoveFromVersionId}`, $metadata: {}})
    }
    if (input.MoveToVersionId !== undefined) {
      if (!s.versions.has(input.MoveToVersionId)) throw notFound('no such version')
      if (holder !== undefined && holder !== input.MoveToVersionId && input.RemoveFromVersionId === undefined) {
        throw new InvalidParameterException({message: `${input.VersionStage} is attached to ${holder}; name it in RemoveFromVersionId`, $metadata: {}})
      }
      this.attach(s, input.VersionStage, input.MoveToVersionId)
    } else if (holder !== undefined) {
      s.versions.get(holder)!.stages.delete(input.VersionStage)
    }
    return {ARN: s.arn, Name: s.name}
  }

  private attach(s: Secret, stage: string, id: string): void {
    const previousHolder = [...s.versions].find(([, v]) => v.stages.has(stage))?.[0]
    if (previousHolder === id) return
    if (previousHolder !== undefined) s.versions.get(previousHolder)!.stages.delete(stage)
    s.versions.get(id)!.stages.add(stage)
    if (stage === 'AWSCURRENT' && previousHolder !== undefined) this.attach(s, 'AWSPREVIOUS', previousHolder)
  }

  private listVersions(input: {SecretId: string}) {
    const s = this.secret(input.SecretId)
    return {
      ARN: s.arn,
      Name: s.name,
      Versions: [...s.versions].map(([id, v]) => ({VersionId: id, VersionStages: [...v.stages], CreatedDate: v.created})),
    }
  }

  private rotate(input: {SecretId: string; RotationLambdaARN?: string; RotationRules?: {AutomaticallyAfterDays?: number}}) {
    const s = this.secret(input.SecretId)
    s.rotationEnabled = true
    s.rotationLambdaArn = input.RotationLambdaARN
    s.rotationDays = input.RotationRules?.AutomaticallyAfterDays
    return {ARN: s.arn, Name: s.name}
  }

  private create(input: {Name: string; SecretString?: string}) {
    if (this.secrets.has(input.Name)) throw new ResourceExistsException({message: 'The secret already exists.', $metadata: {}})
    this.addSecret(input.Name, [{id: `v-initial-${this.secrets.size}`, value: input.SecretString, stages: ['AWSCURRENT']}])
    const s = this.secret(input.Name)
    return {ARN: s.arn, Name: s.name, VersionId: [...s.versions.keys()][0]}
  }

  /** What Secrets Manager does when a managed rotation starts: an AWSPENDING version with no value yet. */
  startManagedRotation(name: string, token: string): void {
    const s = this.secret(name)
    s.rotationEnabled = true
    s.versions.set(token, {stages: new Set(), created: this.now()})
    this.attach(s, 'AWSPENDING', token)
  }
}

/** A secret's JSON value as this repository generates it, from a fixed key (tests only). */
export function jwtValue(kid: string, key: string): string {
  return JSON.stringify({kid, alg: 'HS256', key})
}
