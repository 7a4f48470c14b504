import type {Toolkit} from '@aws-cdk/toolkit-lib'

import {deferToolkitAwsClients} from './lazy-aws-clients.js'
import {HostSession, OmnixIoHost, type SessionOptions, type ToolkitIo} from './io-host.js'

export type ToolkitLib = typeof import('@aws-cdk/toolkit-lib')

export interface ToolkitHandle {
  readonly toolkit: Toolkit
  readonly host: OmnixIoHost
  /** The toolkit module itself (enums, DiffMethod, MemoryContext), loaded once with the toolkit. */
  readonly lib: ToolkitLib
}

export interface ToolkitTarget {
  readonly profile?: string
  readonly region: string
}

const handles = new Map<string, Promise<ToolkitHandle>>()

/**
 * The process's Toolkit for a profile and region. toolkit-lib costs about two seconds of CPU to
 * import, so it is loaded here, on first use, and never at module top level.
 */
export function getToolkit(target: ToolkitTarget): Promise<ToolkitHandle> {
  const key = `${target.profile ?? ''}\u0000${target.region}`
  let handle = handles.get(key)
  if (!handle) {
    handle = createToolkit(target)
    handles.set(key, handle)
    handle.catch(() => handles.delete(key))
  }
  return handle
}

/** Forgets every Toolkit (and the credentials and account each had resolved). */
export function resetToolkits(): void {
  handles.clear()
}

async function createToolkit(target: ToolkitTarget): Promise<ToolkitHandle> {
  deferToolkitAwsClients()
  const lib = await import('@aws-cdk/toolkit-lib')
  const host = new OmnixIoHost()
  const toolkit = new lib.Toolkit({
    ioHost: host,
    // Messages reach JSON output, log files and tests; colour is the front end's business.
    color: false,
    emojis: false,
    sdkConfig: {
      baseCredentials: lib.BaseCredentials.awsCliCompatible({profile: target.profile, defaultRegion: target.region}),
    },
  })
  return {toolkit, host, lib}
}

/** Runs one operation against the toolkit with its own sinks; the session collects events and captures. */
export async function withSession<T>(
  handle: ToolkitHandle,
  io: ToolkitIo | undefined,
  options: SessionOptions,
  fn: (session: HostSession) => Promise<T>,
): Promise<T> {
  const session = new HostSession(io ?? {}, options)
  return handle.host.run(session, () => fn(session))
}
