import {ConfirmationRequiredError} from '../sdk/errors.js'

export interface ConfirmOptions {
  /** The question. */
  readonly message: string
  /** `--yes` was given. */
  readonly yes?: boolean
  /** When set, the user must type this text back (e.g. the env name for prod). */
  readonly typeBack?: string
  /** `--confirm <text>` given by a script instead of typing. */
  readonly confirmValue?: string
  /** Test hook: whether stdin is a terminal. */
  readonly isTTY?: boolean
}

/**
 * Asks before anything destructive. `--yes` skips the question (but never a type-back, which
 * scripts answer with `--confirm`); with no TTY and no answer it refuses rather than proceeding.
 */
export async function confirmAction(options: ConfirmOptions): Promise<boolean> {
  if (options.typeBack !== undefined) {
    if (options.confirmValue !== undefined) {
      if (options.confirmValue === options.typeBack) return true
      throw new ConfirmationRequiredError(
        `--confirm "${options.confirmValue}" does not match "${options.typeBack}"`,
        `pass --confirm ${options.typeBack}`,
      )
    }
    if (!(options.isTTY ?? process.stdin.isTTY)) {
      throw new ConfirmationRequiredError(
        `${options.message}: refusing without a terminal to type "${options.typeBack}" into`,
        `pass --confirm ${options.typeBack} to confirm from a script`,
      )
    }
    const {input} = await import('@inquirer/prompts')
    const answer = await input({message: `${options.message} Type "${options.typeBack}" to confirm:`}, {output: process.stderr})
    return answer.trim() === options.typeBack
  }
  if (options.yes) return true
  if (!(options.isTTY ?? process.stdin.isTTY)) {
    throw new ConfirmationRequiredError(`${options.message}: refusing without a terminal to ask on`, 'pass --yes to proceed from a script')
  }
  const {confirm} = await import('@inquirer/prompts')
  return confirm({message: options.message, default: false}, {output: process.stderr})
}
