/**
 * The team server as its users run it (`npm run server -- …`: tsx src/main/server.ts) on a real
 * PostgreSQL: `users add` / `users list` / `stores add`, the server started on a free port
 * printing its one line, answering, stopping cleanly on SIGTERM — over plain HTTP and over
 * HTTPS with a self-signed certificate made here with openssl.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../helpers/pg'

const ROOT = resolve(__dirname, '../../..')
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs')
let url: string
let drop: () => Promise<void>
let dir: string

beforeAll(async () => {
  ;({ url, drop } = await createTestDatabase())
  dir = mkdtempSync(join(tmpdir(), 'sbo-team-cli-'))
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await drop()
})

const env = (extra: Record<string, string> = {}) => ({ ...process.env, SBO_TEAM_BACKUP_DIR: join(dir, 'backups'), ...extra })

function admin(args: string[], extra: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [TSX, 'src/main/server.ts', ...args, '--database', url], {
    cwd: ROOT,
    env: env(extra),
    encoding: 'utf8',
    input
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** Starts the server; resolves with its URL once it printed its line. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [TSX, 'src/main/server.ts', '--database', url, '--port', '0', ...args], { cwd: ROOT, env: env() })
  let out = ''
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((done, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^team server listening on (https?:\/\/\S+)$/m.exec(out)
      if (m) done({ child, url: m[1]!, stderr: () => err })
    })
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${err}`)))
  })
}

const stopped = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    child.removeAllListeners('exit')
    child.once('exit', (code) => done(code))
    child.kill('SIGTERM')
  })

describe('team server command', () => {
  it('adds users (password from the environment or stdin) and stores, and lists them', () => {
    const a = admin(['users', 'add', 'alice', '--role', 'finance'], { SBO_TEAM_PASSWORD: 'alice-password-1' })
    expect(a.err).toBe('')
    expect(a.out.trim()).toBe('user alice added (finance)')
    expect(a.code).toBe(0)
    const b = admin(['users', 'add', 'bob', '--role', 'warehouse'], {}, 'bob-password-11\n')
    expect(b.out.trim()).toBe('user bob added (warehouse)')
    const dup = admin(['users', 'add', 'alice', '--role', 'admin'], { SBO_TEAM_PASSWORD: 'alice-password-2' })
    expect(dup.code).toBe(1)
    expect(dup.err).toMatch(/CONFLICT: A user named 'alice' already exists/)
    const list = JSON.parse(admin(['users', 'list', '--json']).out) as { name: string; role: string }[]
    expect(list.map((u) => [u.name, u.role])).toEqual([
      ['alice', 'finance'],
      ['bob', 'warehouse']
    ])
    const store = admin([
      'stores',
      'add',
      'us1',
      '--name',
      'US One',
      '--region',
      'NA',
      '--seller-id',
      'A2C4E6G8I0K2M4',
      '--marketplace',
      'ATVPDKIKX0DER'
    ])
    expect(store.out.trim()).toBe('store us1 added (US One, NA, ATVPDKIKX0DER)')
    const badStore = admin([
      'stores',
      'add',
      'bad id',
      '--name',
      'X',
      '--region',
      'NA',
      '--seller-id',
      'A2C4E6G8I0K2M4',
      '--marketplace',
      'ATVPDKIKX0DER'
    ])
    expect(badStore.code).toBe(1)
    expect(badStore.err).toMatch(/VALIDATION: id: store id/)
    const noDb = spawnSync(process.execPath, [TSX, 'src/main/server.ts', 'users', 'list'], {
      cwd: ROOT,
      env: { ...env(), SBO_TEAM_DATABASE_URL: '' },
      encoding: 'utf8'
    })
    expect(noDb.status).toBe(1)
    expect(noDb.stderr).toMatch(/--database postgres:/)
  })

  it('starts on a free port, prints its line, answers, and stops on SIGTERM; logs no password or token', async () => {
    const s = await serve([])
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await (await fetch(`${s.url}/v1/health`)).json()).toMatchObject({ ok: true })
    const login = await fetch(`${s.url}/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', password: 'alice-password-1' })
    })
    const { token } = (await login.json()) as { token: string }
    const me = await fetch(`${s.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(((await me.json()) as { user: unknown }).user).toEqual({ name: 'alice', role: 'finance' })
    expect(await stopped(s.child)).toBe(0)
    expect(s.stderr()).toMatch(/team server stopped/)
    expect(s.stderr()).not.toContain('alice-password-1')
    expect(s.stderr()).not.toContain(token)
  })

  it('serves HTTPS with --tls-cert and --tls-key', async () => {
    const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' })
    expect(probe.status, 'openssl is needed to make a test certificate').toBe(0)
    const cert = join(dir, 'cert.pem')
    const key = join(dir, 'key.pem')
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1'
      ],
      { encoding: 'utf8' }
    )
    expect(made.status, made.stderr).toBe(0)
    const s = await serve(['--tls-cert', cert, '--tls-key', key])
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const body = await new Promise<string>((done, fail) => {
      const req = request(`${s.url}/v1/health`, { ca: readFileSync(cert) }, (res) => {
        let b = ''
        res.on('data', (d: Buffer) => (b += d.toString()))
        res.on('end', () => done(b))
      })
      req.on('error', fail)
      req.end()
    })
    expect(JSON.parse(body)).toMatchObject({ ok: true })
    // Plain HTTP to the HTTPS port gets no answer.
    await expect(fetch(s.url.replace('https:', 'http:') + '/v1/health')).rejects.toThrow()
    expect(await stopped(s.child)).toBe(0)
  })

  it('refuses to start with only one of --tls-cert and --tls-key', () => {
    const r = spawnSync(
      process.execPath,
      [TSX, 'src/main/server.ts', '--database', url, '--port', '0', '--tls-cert', join(dir, 'cert.pem')],
      {
        cwd: ROOT,
        env: env(),
        encoding: 'utf8'
      }
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/both --tls-cert and --tls-key/)
  })
})
