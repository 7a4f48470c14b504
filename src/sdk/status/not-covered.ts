import type {CheckOutcome} from './types.js'

/** Tasks whose evidence is not in the AWS environment: `n/a` with the reason, never a pass. */
export const NOT_COVERED: Readonly<Record<number, string>> = {
  5: 'the frontend build and its configuration live outside the environment; omnix does not read them yet',
  13: 'documentation is not something the environment can show; omnix does not check it yet',
  14: 'the CI/CD pipeline runs outside the environment; omnix does not inspect it yet',
}

export function notCovered(id: number): CheckOutcome {
  return {status: 'n/a', evidence: [NOT_COVERED[id]]}
}
