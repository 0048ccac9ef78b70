/**
 * The browser-mode host's log file (README, "Logs"): the built host (out/main/host.js) writes
 * `<data dir>/logs/seller-back-office.log` beside its database, and a SIGTERM still ends it with
 * exit code 0 after the file is flushed and closed. Needs `npm run build` first (npm test does it).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'

const HOST_JS = join(ROOT, 'out', 'main', 'host.js')
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('host log file', () => {
  it('is in logs/ beside the database, and SIGTERM still exits 0', async () => {
    expect(existsSync(HOST_JS), 'run npm run build first').toBe(true)
    const t = tempDir()
    cleanups.push(t.cleanup)
    const child = spawn(process.execPath, [HOST_JS, '--db', join(t.dir, 'app.sqlite'), '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL')
    })
    let out = ''
    const exited = new Promise<number | string | null>((r) => child.once('exit', (code, signal) => r(code ?? signal)))
    await new Promise<void>((resolve, reject) => {
      const on = (d: Buffer) => {
        out += d.toString()
        if (/Open: http:\/\/127\.0\.0\.1:\d+\//.test(out)) resolve()
      }
      child.stdout.on('data', on)
      child.stderr.on('data', on)
      child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)))
    })
    // A page served means the host went past its start (its signal handlers are set in the same
    // tick as the "Open:" line, before it serves anything): SIGTERM now is a stop, not a kill.
    const url = /Open: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)![1]!
    expect((await fetch(url)).status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)

    const file = join(t.dir, 'logs', 'seller-back-office.log')
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as { msg: string; meta: Record<string, unknown> }
    expect(first).toMatchObject({ msg: 'logging started', meta: { mode: 'browser', pid: child.pid } })
  })
})
