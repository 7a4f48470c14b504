import {spawn} from 'node:child_process'
import {join} from 'node:path'

/** DynamoDB Local 1.25 is supported here on Java 17 and later. */
export const MIN_JAVA_MAJOR = 17

export const JAVA_INSTALL_HINT = 'install Java 17, e.g. `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS)'

export interface JavaRuntime {
  /** Executable to run (JAVA_HOME/bin/java when JAVA_HOME is set, else `java` from PATH). */
  readonly command: string
  readonly version?: string
  readonly major?: number
  /** True when present and at least MIN_JAVA_MAJOR. */
  readonly usable: boolean
  /** Why it is not usable. */
  readonly problem?: string
}

export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  const exe = process.platform === 'win32' ? 'java.exe' : 'java'
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', exe) : exe
}

/** Parses the major version from `java -version` output ("17.0.15", "1.8.0_402", "21"). */
export function parseJavaVersion(output: string): {version: string; major: number} | undefined {
  const match = /version "([^"]+)"/.exec(output) ?? /^\S+ (\d+(?:\.\d+)*)/m.exec(output)
  if (!match) return undefined
  const version = match[1]
  const parts = version.split(/[._+-]/).map((p) => Number.parseInt(p, 10))
  const major = parts[0] === 1 ? parts[1] : parts[0]
  return Number.isFinite(major) ? {version, major} : undefined
}

/** Finds the Java runtime DynamoDB Local would run on, without throwing. */
export async function detectJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime> {
  const command = javaCommand(env)
  const result = await new Promise<{output: string; error?: Error}>((resolve) => {
    let output = ''
    const child = spawn(command, ['-version'], {stdio: ['ignore', 'pipe', 'pipe']})
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d))
    child.on('error', (error) => resolve({output, error}))
    child.on('close', () => resolve({output}))
  })
  if (result.error) {
    return {command, usable: false, problem: `Java was not found (${command}); DynamoDB Local needs Java ${MIN_JAVA_MAJOR} or later`}
  }
  const parsed = parseJavaVersion(result.output)
  if (!parsed) return {command, usable: false, problem: `could not read the Java version from \`${command} -version\``}
  if (parsed.major < MIN_JAVA_MAJOR) {
    return {command, ...parsed, usable: false, problem: `Java ${parsed.version} is too old; DynamoDB Local needs Java ${MIN_JAVA_MAJOR} or later`}
  }
  return {command, ...parsed, usable: true}
}
