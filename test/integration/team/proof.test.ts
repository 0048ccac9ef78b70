/**
 * Team mode's exactly-once proof, with real processes: a team server (PostgreSQL) and two
 * desktops (the built CLI, each with its own SQLite file and keychain entry) against the SP-API
 * emulator, which counts what Amazon received and applied.
 *
 * - concurrent refunds on the same order from both desktops: one applied, one refused;
 * - a desktop offline: its commands wait in its outbox, arrive once when the server is back;
 * - the server killed (SIGKILL) mid-batch and restarted: every refund applied exactly once;
 * - a desktop whose clock is six hours fast: its commands are applied like anyone's;
 * - roles: a finance token cannot process refunds or read the queue.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../../src/main/amazon/emulator/server'
import type { EmuOrder } from '../../../src/main/amazon/emulator/data'
import { ROOT, spawnCli, type CliRun } from '../../helpers/cli'
import { tempDir } from '../../helpers/services'
import { createTestDatabase } from '../../helpers/pg'
import { SELLER } from '../amazon/helpers'

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
if (!hasBus) console.warn('[team proof] skipped: no D-Bus session (run through `npm test`, which starts a private Secret Service)')

const SPEED_UP = 200
const STORE = 'team-s1'
const PASSWORDS = { wh: 'warehouse-pass-1', wh2: 'warehouse-pass-2', fin: 'finance-pass-1', boss: 'admin-pass-1' }

let emu: Emulator
let db: { url: string; drop(): Promise<void> }
let tmp: { dir: string; cleanup(): void }
let secretsDir: string
let server: { child: ChildProcess; url: string; port: number } | null = null
const cleanups: (() => Promise<void> | void)[] = []

function serverEnv(): Record<string, string> {
  return {
    SBO_SPAPI_BASE_URL: emu.baseUrl,
    SBO_LWA_TOKEN_URL: emu.lwaTokenUrl,
    SBO_SPAPI_TIME_SCALE: String(SPEED_UP),
    // A short submission lease, so the restarted server takes over from the killed one soon
    // (honoured only against the emulator, as on the desktop).
    SBO_QUEUE_LEASE_MS: '3000',
    SBO_LOG_LEVEL: process.env.SBO_PROOF_LOG ?? 'error'
  }
}

/** `npm run server -- …` as a child (tsx, as the package script runs it). */
function serverProcess(
  args: string[],
  env: Record<string, string> = {}
): { child: ChildProcess; done: Promise<CliRun>; out: () => string } {
  // `node --import tsx`, not the tsx command: a SIGKILL must hit the server itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main/server.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString()
    if (process.env.SBO_PROOF_LOG) process.stderr.write(d)
  })
  const done = new Promise<CliRun>((r) => child.on('exit', (code, signal) => r({ code, signal, out, err })))
  return { child, done, out: () => out }
}

async function serverAdmin(args: string[], env: Record<string, string> = {}) {
  const run = await serverProcess([...args, '--database', db.url], env).done
  expect(run.code, `server ${args.join(' ')}: ${run.err}`).toBe(0)
  return run
}

async function startServer(port = 0) {
  const p = serverProcess(['--database', db.url, '--host', '127.0.0.1', '--port', String(port), '--secrets-dir', secretsDir])
  // Resolves on the server's "listening" line; rejects if it exits first.
  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    const check = () => {
      const hit = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(p.out())
      if (hit) resolve(hit)
    }
    p.child.stdout!.on('data', check)
    p.child.stderr!.on('data', check)
    void p.done.then((r) => reject(new Error(`the team server exited before listening (${r.code ?? r.signal}): ${r.out}\n${r.err}`)))
    check()
  })
  server = { child: p.child, url: m[1]!, port: Number(m[2]) }
  return server
}

async function stopServer(signal: NodeJS.Signals = 'SIGTERM') {
  const s = server
  server = null
  if (!s) return
  const exited = new Promise((r) => s.child.on('exit', r))
  s.child.kill(signal)
  await exited
}

type Desktop = { name: string; dbFile: string; env: Record<string, string> }

function desktop(name: string, env: Record<string, string> = {}): Desktop {
  return { name, dbFile: join(tmp.dir, `${name}.sqlite`), env: { SBO_KEYCHAIN_SERVICE: `sbo-team-proof-${name}-${process.pid}`, ...env } }
}

function cli(d: Desktop, args: string[], env: Record<string, string> = {}) {
  return spawnCli(d.dbFile, args, { ...d.env, ...env }).done
}

async function json<T>(d: Desktop, args: string[]): Promise<{ run: CliRun; body: T }> {
  const run = await cli(d, [...args, '--json'])
  let body: T
  try {
    body = JSON.parse(run.out) as T
  } catch {
    throw new Error(`${d.name}: ${args.join(' ')} printed no JSON (exit ${run.code}): ${run.out}\n${run.err}`)
  }
  return { run, body }
}

/** An outbox row as `team do --json` prints it. */
type Outcome = {
  id: string
  state: 'pending' | 'sent' | 'applied' | 'refused'
  error?: { code: string; message: string }
  duplicate?: boolean
  result?: unknown
}

/** A refund of everything paid for an order's items (principal; the emulator's prices are line totals). */
function fullRefund(o: EmuOrder) {
  return {
    storeId: STORE,
    amazonOrderId: o.id,
    reason: 'CustomerReturn',
    lines: o.items.map((i) => ({
      orderItemId: i.orderItemId,
      quantity: i.quantity,
      components: [{ type: 'Principal', amountMinor: i.priceMinor }]
    }))
  }
}

let shipped: EmuOrder[] = []

beforeAll(async () => {
  if (!hasBus) return
  emu = await startEmulator({ seed: 31, speedUp: SPEED_UP, stores: [SELLER] })
  db = await createTestDatabase('sbo_proof')
  tmp = tempDir('sbo-team-proof-')
  secretsDir = join(tmp.dir, 'secrets')
  mkdirSync(secretsDir, { mode: 0o700 })
  for (const [suffix, value] of [
    ['lwa-client-id', SELLER.clientId],
    ['lwa-client-secret', SELLER.clientSecret],
    ['refresh-token', SELLER.refreshToken]
  ] as const) {
    const f = join(secretsDir, `${STORE}.${suffix}`)
    writeFileSync(f, value, { mode: 0o600 })
    chmodSync(f, 0o600)
  }
  await serverAdmin(['users', 'add', 'boss', '--role', 'admin'], { SBO_TEAM_PASSWORD: PASSWORDS.boss })
  await serverAdmin(['users', 'add', 'wh', '--role', 'warehouse'], { SBO_TEAM_PASSWORD: PASSWORDS.wh })
  await serverAdmin(['users', 'add', 'wh2', '--role', 'warehouse'], { SBO_TEAM_PASSWORD: PASSWORDS.wh2 })
  await serverAdmin(['users', 'add', 'fin', '--role', 'finance'], { SBO_TEAM_PASSWORD: PASSWORDS.fin })
  await serverAdmin([
    'stores',
    'add',
    STORE,
    '--name',
    'Team store',
    '--region',
    'NA',
    '--seller-id',
    SELLER.sellerId,
    '--marketplace',
    SELLER.marketplaceIds[0]!
  ])
  await startServer()
  // Orders the server's first sync brings (its window is the last 30 days; a day's margin).
  const since = Date.now() - 29 * 86_400_000
  shipped = emu
    .seller(SELLER.sellerId)
    .orders.filter(
      (x) => x.status === 'Shipped' && x.channel === 'MFN' && Date.parse(x.purchaseDate) > since && Date.parse(x.lastUpdateDate) > since
    )
  expect(shipped.length).toBeGreaterThanOrEqual(4)
}, 180_000)

afterAll(async () => {
  if (!hasBus) return
  await stopServer('SIGKILL')
  for (const c of cleanups.reverse()) await c()
  await emu?.close()
  await db?.drop()
  tmp?.cleanup()
})

describe.runIf(hasBus)('team mode: two desktops and a server, each refund applied exactly once', () => {
  const a = () => desktop('a')
  // Desktop B's clock is six hours fast: nothing on the server may depend on it.
  const b = () => desktop('b', { SBO_CLOCK_SKEW_MS: String(6 * 3_600_000) })
  const fin = () => desktop('fin')

  it('connects three roles to one server', async () => {
    for (const [d, user] of [
      [a(), 'wh'],
      [b(), 'wh2'],
      [fin(), 'fin']
    ] as const) {
      const run = await cli(d, ['team', 'connect', '--server', server!.url, '--user', user], { SBO_TEAM_PASSWORD: PASSWORDS[user] })
      expect(run.code, `${d.name}: ${run.out} ${run.err}`).toBe(0)
      expect(run.out + run.err).not.toContain(PASSWORDS[user])
    }
    // The server syncs the store's orders from Amazon; both desktops see the same order.
    const target = shipped[0]!
    await expect
      .poll(
        async () =>
          (
            await cli(a(), [
              'team',
              'read',
              'orders.get',
              '--input',
              JSON.stringify({ storeId: STORE, amazonOrderId: target.id }),
              '--json'
            ])
          ).code,
        {
          timeout: 90_000,
          interval: 1000
        }
      )
      .toBe(0)
  })

  it('refuses a finance token the queue', async () => {
    const { body } = await json<Outcome>(fin(), [
      'team',
      'do',
      'queue.process',
      '--input',
      JSON.stringify({ kind: 'refund', selection: { ids: [1] } })
    ])
    expect(body).toMatchObject({ state: 'refused', error: { code: 'FORBIDDEN' } })
    const read = await cli(fin(), ['team', 'read', 'queue.list', '--input', '{}', '--json'])
    expect(read.code).not.toBe(0)
  })

  it('decides two desktops refunding the same order at once: one applied, one refused', async () => {
    const order = shipped[1]!
    const input = JSON.stringify(fullRefund(order))
    const [ra, rb] = await Promise.all([
      json<Outcome>(a(), ['team', 'do', 'orders.refund', '--input', input]),
      json<Outcome>(b(), ['team', 'do', 'orders.refund', '--input', input])
    ])
    const statuses = [ra.body.state, rb.body.state].sort()
    expect(statuses).toEqual(['applied', 'refused'])
  })

  it("keeps an offline desktop's commands in its outbox and applies them once when the server is back", async () => {
    const port = server!.port
    await stopServer('SIGTERM')
    const orders = [shipped[2]!, shipped[3]!]
    for (const o of orders) {
      const run = await cli(a(), ['team', 'do', 'orders.refund', '--input', JSON.stringify(fullRefund(o))])
      expect(run.out + run.err).toMatch(/queued|offline/i)
    }
    const { body: rows } = await json<{ state: string }[]>(a(), ['team', 'outbox'])
    expect(rows.filter((r) => r.state === 'pending')).toHaveLength(2)
    await startServer(port)
    const sync = await cli(a(), ['team', 'sync'])
    expect(sync.code, sync.out + sync.err).toBe(0)
    // A second sync sends nothing again.
    expect((await cli(a(), ['team', 'sync'])).code).toBe(0)
    const { body: rowsAfter } = await json<{ state: string; channel: string; duplicate?: boolean }[]>(a(), ['team', 'outbox'])
    expect(rowsAfter.filter((r) => r.state === 'pending')).toHaveLength(0)
    // Both offline refunds were applied, once each (the newest two rows).
    expect(rowsAfter.slice(0, 2).map((r) => [r.channel, r.state])).toEqual([
      ['orders.refund', 'applied'],
      ['orders.refund', 'applied']
    ])
  })

  it('survives the server killed mid-batch: every queued refund reaches Amazon exactly once', async () => {
    const refunded = [shipped[1]!, shipped[2]!, shipped[3]!]
    const { body } = await json<Outcome>(b(), [
      'team',
      'do',
      'queue.process',
      '--input',
      JSON.stringify({ kind: 'refund', selection: { filter: { storeId: STORE, kind: 'refund', view: 'queued' } } })
    ])
    expect(body.state, JSON.stringify(body)).toBe('applied')
    // Kill the server as soon as Amazon has received a feed document (mid-batch).
    await expect.poll(() => emu.stats().requests['createFeedDocument'] ?? 0, { timeout: 120_000, interval: 50 }).toBeGreaterThan(0)
    const port = server!.port
    await stopServer('SIGKILL')
    // The same address: the desktops know the server by its URL.
    await startServer(port)
    for (const o of refunded)
      await expect.poll(() => emu.refunds({ orderId: o.id }).length, { timeout: 180_000, interval: 500 }).toBe(o.items.length)
    // Until the server has settled every batch (no batch left in flight), nothing is sent again.
    type Batches = { rows: { id: number; state: string }[]; total: number }
    await expect
      .poll(
        async () => {
          const { body } = await json<{ source: string; data: Batches }>(b(), [
            'team',
            'read',
            'queue.batches',
            '--input',
            JSON.stringify({ storeId: STORE })
          ])
          const states = body.source === 'server' ? body.data.rows.map((r) => r.state) : [`(read from the ${body.source} copy)`]
          return states.length > 0 && states.every((x) => x === 'done') ? 'all done' : states.join(', ')
        },
        { timeout: 180_000, interval: 1000 }
      )
      .toBe('all done')
    for (const o of refunded) expect(emu.refunds({ orderId: o.id })).toHaveLength(o.items.length)
    // The refused duplicate of the concurrent test never reached Amazon: one refund per item of that order.
    expect(emu.refunds({ orderId: shipped[1]!.id })).toHaveLength(shipped[1]!.items.length)
  }, 400_000)
})
