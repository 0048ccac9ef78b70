/**
 * The desktop's team client against the REAL team server (`src/main/server.ts` on PostgreSQL,
 * started as `npm run server` starts it), two desktops with their own SQLite files: connect with a
 * role, a finance user's refund refused by the server, commands queued while the server is down
 * and sent after it restarts, a resent command (answer lost) answered from the server's ledger
 * with nothing applied twice, reads through the server, and the change log pulled with a cursor.
 * Runs in `npm test` (a throwaway PostgreSQL from scripts/with-postgres.sh).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryVault } from '../../../src/main/secrets/vault'
import { makeServices } from '../../helpers/services'
import { ROOT } from '../../helpers/cli'
import { createTestDatabase } from '../../helpers/pg'

const SERVER = join(ROOT, 'src/main/server.ts')
// `node --import tsx`: one process (tsx's CLI would put the server in a child that a kill misses).
const TSX = ['--import', 'tsx']
const PASSWORD = 'a long enough password'
const hasServer = existsSync(SERVER)
if (!hasServer) console.warn('[client-server.test] skipped: src/main/server.ts is not on this branch yet')

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })

function runServerCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TSX, SERVER, ...args], {
      cwd: ROOT,
      env: { ...process.env, SBO_TEAM_PASSWORD: PASSWORD, SBO_TEAM_BACKUP_DIR: join(ROOT, 'node_modules/.cache/sbo-team-backups') },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

describe.skipIf(!hasServer)('team client against the real team server', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let port: number
  let server: ChildProcess | null = null
  const desks: ReturnType<typeof makeServices>[] = []

  const startServer = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...TSX, SERVER, '--database', db.url, '--host', '127.0.0.1', '--port', String(port)], {
        cwd: ROOT,
        env: { ...process.env, SBO_TEAM_BACKUP_DIR: join(ROOT, 'node_modules/.cache/sbo-team-backups') },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      server = child
      let out = ''
      const on = (d: Buffer) => {
        out += d.toString()
        if (/team server listening on http:\/\/127\.0\.0\.1:\d+/.test(out)) resolve()
      }
      child.stdout.on('data', on)
      child.stderr.on('data', on)
      child.once('exit', (code) => reject(new Error(`team server exited ${code}: ${out}`)))
    })
  const stopServer = async () => {
    const s = server
    server = null
    if (!s || s.exitCode !== null) return
    const gone = new Promise((r) => s.once('exit', r))
    s.kill('SIGKILL')
    await gone
  }
  const desk = () => {
    const d = makeServices({ vault: createMemoryVault(), realClock: true })
    desks.push(d)
    return d
  }

  beforeAll(async () => {
    db = await createTestDatabase('sbo_tclient')
    port = await freePort()
    for (const [name, role] of [
      ['ana', 'warehouse'],
      ['fay', 'finance']
    ] as const) {
      const r = await runServerCli(['users', 'add', name, '--role', role, '--database', db.url])
      expect(r.code, r.out).toBe(0)
    }
    await startServer()
  }, 120_000)
  afterAll(async () => {
    for (const d of desks) d.close()
    await stopServer()
    await db?.drop()
  })

  it('connects with the role the server gives; a finance user cannot refund (the server refuses)', async () => {
    const url = `http://127.0.0.1:${port}`
    const fin = desk()
    const c = await fin.dispatch('team.connect', { serverUrl: url, user: 'fay', password: PASSWORD })
    expect(c.ok && c.data).toMatchObject({ connected: true, role: 'finance', online: true })
    const wrong = await fin.dispatch('team.connect', { serverUrl: url, user: 'fay', password: 'not the password' })
    expect(!wrong.ok && wrong.error.code).toBe('UNAUTHORIZED')
    const e = await fin.services.team.enqueue('orders.refund', {
      storeId: 'store-1',
      amazonOrderId: '111-2223334-4445556',
      reason: 'CustomerReturn',
      lines: [{ orderItemId: 'item-1', quantity: 1, components: [{ type: 'Principal', amountMinor: 100 }] }]
    })
    expect(e.state).toBe('refused')
    expect(e.error?.code).toMatch(/FORBIDDEN|UNAUTHORIZED|HTTP_403/)
  })

  it('queues while the server is down, sends after its restart; a resent command is answered from the ledger, not applied again', async () => {
    const url = `http://127.0.0.1:${port}`
    const wh = desk()
    expect((await wh.dispatch('team.connect', { serverUrl: url, user: 'fay', password: PASSWORD })).ok).toBe(true)
    await stopServer()
    // A file the server never received: refused by the domain (a final, stored outcome).
    const e = await wh.services.team.enqueue('reimbursements.import', { storeId: 'no-such-store', fileId: 'f'.repeat(64) })
    expect(e.state).toBe('pending')
    await startServer()
    const s = await wh.services.team.sync()
    expect(s.error).toBeNull()
    const decided = wh.services.team.entry(e.id)
    expect(['applied', 'refused']).toContain(decided.state)
    expect(decided.duplicate).toBe(false)
    expect(decided.error?.code).not.toBe('UNSUPPORTED')

    // The answer "was lost": the row goes back to pending as if this process had died mid-request.
    wh.services.sqlite.prepare("UPDATE team_outbox SET state = 'pending', outcome = NULL WHERE id = ?").run(e.id)
    await wh.services.team.flush()
    const again = wh.services.team.entry(e.id)
    expect(again).toMatchObject({ state: decided.state, duplicate: true, decidedAt: decided.decidedAt })

    // Reads go through the server; the change log is pulled with the cursor.
    // A report file goes up content-addressed (idempotent) and its fileId is what an import names.
    const file = new TextEncoder().encode('settlement-id\tamount\n')
    const up = await wh.services.team.upload(file, 'tiny.txt')
    expect(up.fileId).toMatch(/\S/)
    expect(await wh.services.team.upload(file, 'tiny.txt')).toEqual(up)

    const summary = await wh.services.team.read('reimbursements.summary', {})
    expect(summary.source).toBe('server')
    expect((await wh.services.team.sync()).error).toBeNull()
    expect(wh.services.team.status()).toMatchObject({ online: true, pending: 0 })
  })
})
