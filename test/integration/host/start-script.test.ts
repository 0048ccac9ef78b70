/**
 * `npm start` as a user runs it (browser mode, the built bundle in out/): a signal stops the whole
 * app (host, scheduler, the private keychain's D-Bus session) and frees the port; a busy port is a
 * clear message, not a stack trace; the private keychain on a headless machine has no published
 * password. Needs `npm run build` first (npm test does it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, connect, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT } from '../../helpers/cli'

const HOST_JS = join(ROOT, 'out', 'main', 'host.js')
const hasKeyring =
  spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0

const dirs: string[] = []
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sbo-start-'))
  dirs.push(d)
  return d
}

/** An environment without a desktop session: npm start then runs its private keychain too. */
function headlessEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra }
  delete env.DBUS_SESSION_BUS_ADDRESS
  delete env.SBO_KEYRING
  return env
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = connect(port, '127.0.0.1')
    sock.once('connect', () => {
      sock.destroy()
      resolve(true)
    })
    sock.once('error', () => resolve(false))
  })

/** Every live process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = []
  const walk = (p: number) => {
    for (const [child, parent] of parentOf)
      if (parent === p) {
        out.push(child)
        walk(child)
      }
  }
  walk(pid)
  return out
}

/** Live processes whose environment mentions `needle` (the keyring daemons daemonize away from the tree). */
function processesWithEnv(needle: string): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').includes(needle)) out.push(Number(name))
    } catch {
      /* exited, or not ours */
    }
  }
  return out
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0]
    return state !== 'Z'
  } catch {
    return false
  }
}

/** Polls until `check` holds (or gives up after `ms`, and the assertion that follows fails). */
async function eventually(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const on = (c: Buffer) => {
      text += c.toString()
      if (pattern.test(text)) resolve(text)
    }
    child.stdout!.on('data', on)
    child.stderr!.on('data', on)
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${text}`)))
  })
}

describe('npm start', () => {
  // SIGTERM goes to one process (a service manager, `kill PID`); Ctrl-C in a terminal sends SIGINT
  // to the whole foreground process group (npm, its shell, start.mjs), as the 'ctrl-c' case does.
  it.each([
    ['npm start', 'SIGTERM'],
    ['npm start', 'ctrl-c'],
    ['scripts/start.mjs', 'SIGTERM'],
    ['scripts/start.mjs', 'SIGINT']
  ] as const)('%s on %s stops the host, its scheduler and the keychain session, and frees the port', async (how, signal) => {
    expect(existsSync(HOST_JS), 'run npm run build first').toBe(true)
    const dir = tempDir()
    const port = await freePort()
    const args = ['--browser', '--db', join(dir, 'app.sqlite'), '--port', String(port)]
    const opts = { cwd: ROOT, env: headlessEnv({ SBO_KEYRING_DIR: join(dir, 'keyring') }), detached: true }
    const child =
      how === 'npm start'
        ? spawn('npm', ['start', '--', ...args], opts)
        : spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), ...args], opts)
    children.push(child)
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    await waitForOutput(child, /Open: http:\/\/127\.0\.0\.1:\d+\//)
    expect(await portOpen(port)).toBe(true)
    const tree = descendants(child.pid!)
    const hostPid = tree.find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('out/main/host.js'))
    expect(hostPid, 'the host process').toBeDefined()

    if (signal === 'ctrl-c') process.kill(-child.pid!, 'SIGINT')
    else child.kill(signal)
    await exited
    await eventually(() => tree.every((p) => !alive(p)) && processesWithEnv(join(dir, 'keyring')).length === 0)
    expect(tree.filter(alive), 'processes left running after npm start was stopped').toEqual([])
    if (hasKeyring) expect(processesWithEnv(join(dir, 'keyring')), 'keychain daemons left running').toEqual([])
    expect(await portOpen(port)).toBe(false)
  })

  it('refuses a busy port with a plain message and exit code 1, no stack trace', async () => {
    expect(existsSync(HOST_JS), 'run npm run build first').toBe(true)
    const dir = tempDir()
    const blocker: Server = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    try {
      const r = spawnSync(process.execPath, [HOST_JS, '--db', join(dir, 'app.sqlite'), '--port', String(port)], {
        cwd: ROOT,
        encoding: 'utf8',
        env: headlessEnv({})
      })
      expect(r.status).toBe(1)
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use by another program`)
      expect(r.stderr).toContain('--port N')
      expect(r.stderr).not.toMatch(/^\s+at /m)
      expect(r.stderr).not.toContain('EADDRINUSE')
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()))
    }
  })
})

describe.skipIf(!hasKeyring)('private keychain on a headless machine (scripts/with-keyring.sh)', () => {
  const keytarScript = (body: string) =>
    `const k = require(${JSON.stringify(join(ROOT, 'node_modules', 'keytar'))}); (async () => { ${body} })().catch((e) => { console.error(e); process.exit(1) })`
  const inKeyring = (dir: string, body: string, extra: Record<string, string> = {}) =>
    spawnSync('sh', [join(ROOT, 'scripts', 'with-keyring.sh'), process.execPath, '-e', keytarScript(body)], {
      cwd: ROOT,
      encoding: 'utf8',
      env: headlessEnv({ SBO_KEYRING_DIR: dir, ...extra })
    })

  it('unlocks with a random per-user password kept 0600, not a published default, and keeps secrets across runs', () => {
    const dir = join(tempDir(), 'keyring')
    const first = inKeyring(
      dir,
      `await k.setPassword('sbo-test', 'acct', 's3cret'); console.log(process.env.SBO_KEYRING_PASSWORD ?? 'no-password-in-env')`
    )
    expect(first.status, first.stderr).toBe(0)
    // The app never sees the unlock password.
    expect(first.stdout.trim()).toBe('no-password-in-env')
    const pwFile = join(dir, 'password')
    expect(existsSync(pwFile)).toBe(true)
    expect(statSync(pwFile).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const password = readFileSync(pwFile, 'utf8')
    expect(password).toMatch(/^[0-9a-f]{64}$/)
    expect(password).not.toBe('sbo-local-keyring')

    const second = inKeyring(dir, `console.log(await k.getPassword('sbo-test', 'acct'))`)
    expect(second.status, second.stderr).toBe(0)
    expect(second.stdout.trim()).toBe('s3cret')
    expect(readFileSync(pwFile, 'utf8')).toBe(password)

    // Another folder gets another password.
    const other = join(tempDir(), 'keyring')
    expect(inKeyring(other, `await k.setPassword('sbo-test', 'acct', 'x')`).status).toBe(0)
    expect(readFileSync(join(other, 'password'), 'utf8')).not.toBe(password)
  })

  it('moves aside a keyring made with the old published password and says what to re-enter', () => {
    const dir = join(tempDir(), 'keyring')
    const old = inKeyring(dir, `await k.setPassword('sbo-test', 'acct', 'old')`, { SBO_KEYRING_PASSWORD: 'sbo-local-keyring' })
    expect(old.status, old.stderr).toBe(0)
    expect(existsSync(join(dir, 'password'))).toBe(false)
    const next = inKeyring(dir, `console.log(String(await k.getPassword('sbo-test', 'acct')))`)
    expect(next.status, next.stderr).toBe(0)
    expect(next.stderr).toContain('published default')
    expect(next.stdout.trim()).toBe('null')
    expect(readdirSync(join(dir, 'data')).some((n) => n.startsWith('keyrings.old.'))).toBe(true)
  })
})
