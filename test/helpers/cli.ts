/** Runs the CLI (`tsx src/main/cli.ts …`) as a child process; never throws. */
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')

export function runCli(args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/main/cli.ts'), ...args], {
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
