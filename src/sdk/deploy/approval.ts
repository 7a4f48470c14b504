/** When a deployment must be approved by a person before CloudFormation executes it. */
export const REQUIRE_APPROVAL = ['never', 'broadening', 'any-change'] as const
export type RequireApproval = (typeof REQUIRE_APPROVAL)[number]

export const DEFAULT_REQUIRE_APPROVAL: RequireApproval = 'broadening'

/** How a stack's IAM/security posture changes, as the toolkit classifies it (`PermissionChangeType`). */
export type PermissionChange = 'none' | 'broadening' | 'non-broadening'

/**
 * Whether a deployment with this permission change needs approval under the policy.
 *
 * `broadening` asks only when permissions widen (new principals, new actions, opened security groups);
 * `any-change` asks for every deployment that changes something; `never` never asks. An unknown
 * classification is treated as broadening, so a new toolkit value can never slip through unasked.
 */
export function approvalNeeded(policy: RequireApproval, change: PermissionChange | string | undefined): boolean {
  switch (policy) {
    case 'never':
      return false
    case 'any-change':
      return true
    case 'broadening':
      return change !== 'none' && change !== 'non-broadening'
  }
}

export function isRequireApproval(value: string): value is RequireApproval {
  return (REQUIRE_APPROVAL as readonly string[]).includes(value)
}
