import type {Command} from '@oclif/core'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {resetToolkits} from '../../../src/sdk/deploy/toolkit.js'
import {type CommandResult, runCommand} from '../../helpers/run-command.js'
import {FakeCloud, type FakeCloudOptions} from '../../sdk/deploy/fake-cloud.js'

/** Runs a command the way a CI job would: no terminal on stdin or stderr. */
export async function runOmnix<T = unknown>(command: typeof Command, argv: string[]): Promise<CommandResult<T>> {
  const stdin = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY')
  const stderr = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY')
  Object.defineProperty(process.stdin, 'isTTY', {value: false, configurable: true})
  Object.defineProperty(process.stderr, 'isTTY', {value: false, configurable: true})
  try {
    return await runCommand<T>(command, argv)
  } finally {
    restore(process.stdin, 'isTTY', stdin)
    restore(process.stderr, 'isTTY', stderr)
  }
}

function restore(target: object, key: string, descriptor: PropertyDescriptor | undefined): void {
  if (descriptor) Object.defineProperty(target, key, descriptor)
  else delete (target as Record<string, unknown>)[key]
}

/**
 * Per test: a fresh FakeCloud answering every AWS call, a fresh toolkit (no credentials or account
 * remembered from the previous test) and a private CDK home (the toolkit caches account ids on disk).
 */
export function useFakeCloud(): {start(options?: FakeCloudOptions): FakeCloud} {
  let fake: FakeCloud | undefined
  let home: string | undefined
  const previousHome = process.env.CDK_HOME
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'omnix-cdk-home-'))
    process.env.CDK_HOME = home
    resetToolkits()
  })
  afterEach(async () => {
    fake?.restore()
    fake = undefined
    if (previousHome === undefined) delete process.env.CDK_HOME
    else process.env.CDK_HOME = previousHome
    if (home) await rm(home, {recursive: true, force: true})
  })
  return {
    start(options?: FakeCloudOptions) {
      fake?.restore()
      fake = new FakeCloud(options).install()
      return fake
    },
  }
}

/** Stderr lines that are JSON objects (the NDJSON progress stream). */
export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}
