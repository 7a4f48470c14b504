import {readFile} from 'node:fs/promises'

import type {TemplateViolation} from '../deploy/errors.js'
import type {ValidatePlatformResult} from '../deploy/validate.js'
import {UsageError} from '../errors.js'

/**
 * The result of an earlier `omnix validate --json`, so a pipeline that validated already does not
 * synthesize the app a second time for task 15.
 */
export async function readValidateReport(path: string): Promise<ValidatePlatformResult> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(`--validate-report: cannot read ${path}: ${(error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--validate-report: ${path} is not JSON (${(error as Error).message})`, {suggestion: 'pass the output of `omnix validate --json`'})
  }
  const report = parsed as Partial<ValidatePlatformResult>
  const isViolation = (v: unknown): v is TemplateViolation =>
    typeof v === 'object' && v !== null && typeof (v as TemplateViolation).rule === 'string' && typeof (v as TemplateViolation).severity === 'string' && Array.isArray((v as TemplateViolation).resources)
  if (!Array.isArray(report.violations) || !report.violations.every((v) => isViolation(v))) {
    throw new UsageError(`--validate-report: ${path} has no violations list`, {suggestion: 'pass the output of `omnix validate --json`'})
  }
  return report as ValidatePlatformResult
}
