import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import {SECRETS, type SecretId, secretName} from '../catalog/naming.js'
import {AWSCURRENT, AWSPENDING, isResourceNotFound, versionWithStage} from './stages.js'

export interface SecretVersionInfo {
  readonly versionId: string
  readonly stages: readonly string[]
  readonly createdDate: string | null
  readonly lastAccessedDate: string | null
}

/** Everything `secrets list` shows about one secret: metadata only, never a value. */
export interface SecretStatus {
  readonly id: SecretId
  readonly name: string
  readonly exists: boolean
  readonly arn: string | null
  readonly versions: readonly SecretVersionInfo[]
  readonly currentVersionId: string | null
  readonly lastRotatedDate: string | null
  readonly lastChangedDate: string | null
  /** Whole days since the AWSCURRENT version was created. */
  readonly ageDays: number | null
  readonly rotation: {
    readonly enabled: boolean
    readonly lambdaArn: string | null
    readonly automaticallyAfterDays: number | null
    readonly scheduleExpression: string | null
    readonly nextRotationDate: string | null
  }
  /** AWSPENDING sits on a version that is not AWSCURRENT: a rotation is running or was interrupted. */
  readonly rotationInProgress: boolean
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null)

/** Describes the platform's secrets in one environment (DescribeSecret + ListSecretVersionIds). */
export async function listSecrets(options: {client: SecretsManagerClient; env: string; now?: () => Date}): Promise<SecretStatus[]> {
  const {DescribeSecretCommand, paginateListSecretVersionIds} = await import('@aws-sdk/client-secrets-manager')
  const now = options.now ?? (() => new Date())
  const statuses: SecretStatus[] = []
  for (const id of SECRETS) {
    const name = secretName(options.env, id)
    let meta
    try {
      meta = await options.client.send(new DescribeSecretCommand({SecretId: name}))
    } catch (error) {
      if (!isResourceNotFound(error)) throw error
      statuses.push(missing(id, name))
      continue
    }
    const versions: SecretVersionInfo[] = []
    let currentCreated: Date | undefined
    for await (const page of paginateListSecretVersionIds({client: options.client}, {SecretId: name})) {
      for (const v of page.Versions ?? []) {
        if (!v.VersionId) continue
        const stages = v.VersionStages ?? []
        if (stages.includes(AWSCURRENT)) currentCreated = v.CreatedDate
        versions.push({versionId: v.VersionId, stages, createdDate: iso(v.CreatedDate), lastAccessedDate: iso(v.LastAccessedDate)})
      }
    }
    versions.sort((a, b) => (b.createdDate ?? '').localeCompare(a.createdDate ?? ''))
    const stages = meta.VersionIdsToStages ?? {}
    const current = versionWithStage(stages, AWSCURRENT)
    const pending = versionWithStage(stages, AWSPENDING)
    statuses.push({
      id,
      name,
      exists: true,
      arn: meta.ARN ?? null,
      versions,
      currentVersionId: current ?? null,
      lastRotatedDate: iso(meta.LastRotatedDate),
      lastChangedDate: iso(meta.LastChangedDate),
      ageDays: currentCreated ? Math.floor((now().getTime() - currentCreated.getTime()) / 86_400_000) : null,
      rotation: {
        enabled: meta.RotationEnabled ?? false,
        lambdaArn: meta.RotationLambdaARN ?? null,
        automaticallyAfterDays: meta.RotationRules?.AutomaticallyAfterDays ?? null,
        scheduleExpression: meta.RotationRules?.ScheduleExpression ?? null,
        nextRotationDate: iso(meta.NextRotationDate),
      },
      rotationInProgress: pending !== undefined && pending !== current,
    })
  }
  return statuses
}

function missing(id: SecretId, name: string): SecretStatus {
  return {
    id,
    name,
    exists: false,
    arn: null,
    versions: [],
    currentVersionId: null,
    lastRotatedDate: null,
    lastChangedDate: null,
    ageDays: null,
    rotation: {enabled: false, lambdaArn: null, automaticallyAfterDays: null, scheduleExpression: null, nextRotationDate: null},
    rotationInProgress: false,
  }
}
