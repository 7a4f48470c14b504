import type {Command} from '@oclif/core'
import {captureOutput} from '@oclif/test'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface CommandResult<T = unknown> {
  stdout: string
  stderr: string
  result?: T
  error?: Error & {oclif?: {exit?: number}}
  /** The exit code the process would have: 0, or the error's oclif exit code. */
  exitCode: number
}

/**
 * Runs one command class in-process from src (no build needed), capturing stdout and stderr.
 */
export async function runCommand<T = unknown>(command: typeof Command, argv: string[]): Promise<CommandResult<T>> {
  process.exitCode = undefined
  const out = await captureOutput<T>(async () => command.run(argv, ROOT) as Promise<T>)
  // With --json oclif prints the error document and reports failure only through process.exitCode.
  const pending = process.exitCode === undefined ? 0 : Number(process.exitCode)
  process.exitCode = undefined
  const exitCode = out.error ? (out.error.oclif?.exit ?? 1) : pending
  return {stdout: out.stdout, stderr: out.stderr, result: out.result, error: out.error, exitCode}
}
