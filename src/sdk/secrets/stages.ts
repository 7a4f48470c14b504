/** Secrets Manager staging labels the rotation protocol moves between versions. */
export const AWSCURRENT = 'AWSCURRENT'
export const AWSPENDING = 'AWSPENDING'
export const AWSPREVIOUS = 'AWSPREVIOUS'

export type VersionStages = Readonly<Record<string, readonly string[]>>

/** The version holding `stage`, if any (Secrets Manager attaches a staging label to at most one version). */
export function versionWithStage(stages: VersionStages | undefined, stage: string): string | undefined {
  for (const [versionId, labels] of Object.entries(stages ?? {})) if (labels.includes(stage)) return versionId
  return undefined
}

/** True for the error Secrets Manager returns when a secret, or a version with that stage, does not exist. */
export function isResourceNotFound(error: unknown): boolean {
  return (error as {name?: string} | undefined)?.name === 'ResourceNotFoundException'
}
