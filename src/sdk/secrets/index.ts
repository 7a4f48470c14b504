/**
 * Secrets: rotation (Secrets Manager's four-step protocol), zero-downtime JWT signing and
 * verification, the inventory behind `secrets list`, and the audit for secrets in the open.
 * Internals (detection rules, scanners) are imported from their modules directly.
 */
export {AWSCURRENT, AWSPENDING, AWSPREVIOUS} from './stages.js'
export {
  API_KEY_BYTES,
  type ApiKeyValue,
  generateSecretValue,
  JWT_ALGORITHM,
  MalformedSecretError,
  MIN_KEY_CHARS,
  parseSecretValue,
  secretIdFromName,
  type SecretKind,
  secretKindOf,
  type SecretValue,
  SIGNING_KEY_BYTES,
  type SigningKeyValue,
} from './values.js'
export {
  createSecretStep,
  DEFAULT_MAX_PENDING_AGE_MS,
  DEFAULT_MIN_ROTATION_INTERVAL_MS,
  finishSecretStep,
  handleRotationEvent,
  planRotation,
  RotatedRecentlyError,
  RotationError,
  type RotationEvent,
  type RotationOutcome,
  type RotationPlan,
  type RotationStep,
  ROTATION_STEPS,
  RotationTestFailedError,
  type RotateOptions,
  rotateSecret,
  setSecretStep,
  testSecretStep,
} from './rotation.js'
export {
  type ApiGatewayKeySync,
  gatewayKeyName,
  registerGatewayKey,
  retireGatewayKeys,
  syncGatewayKeys,
  usagePlanName,
} from './api-gateway-keys.js'
export {findRotationFunctionArn, scheduleRotation, type ScheduleResult, validateRotationDays} from './schedule.js'
export {listSecrets, type SecretStatus, type SecretVersionInfo} from './inventory.js'
export {
  createJwtSigner,
  createJwtVerifier,
  DEFAULT_GRACE_SECONDS,
  DEFAULT_KEY_CACHE_MS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  type JwtSigner,
  type JwtSignerOptions,
  type JwtVerifier,
  type JwtVerifierOptions,
  type KeySet,
  secretsManagerKeySource,
  type SigningKey,
  type SigningKeySource,
  staticKeySource,
  TokenRejectedError,
  type VerifiedToken,
} from './jwt.js'
export {isSecretArn, resolveSecretReference} from './references.js'
export {selectSecrets} from './targets.js'
export {AUDIT_RULES, type AuditRule} from './audit/detect.js'
export {maskValue} from './audit/mask.js'
export {AUDIT_SOURCES, type AuditFinding, type AuditProgress, type AuditSourceName} from './audit/findings.js'
export {type AuditOptions, type AuditReport, auditSecrets, isPlatformResource} from './audit/audit.js'
export {applyLambdaFixes, type LambdaFixItem, type LambdaFixResult, movedSecretName, planLambdaFixes} from './audit/fix.js'
