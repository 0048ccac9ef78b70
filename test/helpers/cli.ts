/**
 * Runs the CLI as a user does: the built bundle (`out/main/cli.js`, made by `npm run build`, which
 * `npm test` runs first) on this Node, as a child process. Not tsx: compiling the sources in every
 * child made CLI tests depend on the machine's speed (a busy 2-core machine timed them out).
 * A bundle older than the sources is refused with a message, so a test never runs stale code.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')
export const CLI_BUNDLE = join(ROOT, 'out/main/cli.js')

function newestSource(dir: string): number {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs)
  }
  return newest
}

let checked = false
/** `[node, out/main/cli.js]`: the command line that starts the CLI. */
export function cliCommand(): [string, string] {
  if (!checked) {
    if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run \`npm run build\` first (npm test does)`)
    const src = Math.max(
      newestSource(join(ROOT, 'src/main')),
      newestSource(join(ROOT, 'src/shared')),
      statSync(join(ROOT, 'drizzle/meta/_journal.json')).mtimeMs
    )
    if (statSync(CLI_BUNDLE).mtimeMs < src)
      throw new Error(`${CLI_BUNDLE} is older than the sources: run \`npm run build\` first (npm test does)`)
    checked = true
  }
  return [process.execPath, CLI_BUNDLE]
}

export function runCli(args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const [node, cli] = cliCommand()
  try {
    const out = execFileSync(node, [cli, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    return { code: 0, out, err: '' }
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string }
    return { code: x.status, out: x.stdout, err: x.stderr }
  }
}

export type CliRun = { code: number | null; signal: string | null; out: string; err: string }

/**
 * Starts the built CLI as a child on a database against an emulator (`SBO_*` settings in `env`)
 * and collects its output; the child's pid is the one doing the work, so a SIGKILL hits it.
 */
export function spawnCli(dbFile: string, args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<CliRun> } {
  const [node, cli] = cliCommand()
  const child = spawn(node, [cli, '--db', dbFile, ...args], {
    cwd: ROOT,
    env: { ...process.env, SBO_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const done = new Promise<CliRun>((r) => child.on('exit', (code, signal) => r({ code, signal, out, err })))
  return { child, done }
}
