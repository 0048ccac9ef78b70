/**
 * A real team server process (`src/main/server.ts`, as `npm run server` runs it) on a fresh
 * PostgreSQL database, with one team store backed by the SP-API emulator (the server syncs its
 * orders from it), for tests of desktops in team mode. Stop it (SIGKILL) and start it again on the
 * same port to take a desktop offline and back.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startEmulator, type Emulator } from '../../src/main/amazon/emulator/server'
import type { EmuOrder } from '../../src/main/amazon/emulator/data'
import { SELLER } from '../integration/amazon/helpers'
import { ROOT } from './cli'
import { createTestDatabase } from './pg'
import { tempDir } from './services'

export const TEAM_STORE = 'team-s1'
export const TEAM_SPEED_UP = 200

export type TeamStack = {
  emu: Emulator
  url: () => string
  port: () => number
  /** `users add NAME --role ROLE` with this password. */
  addUser(name: string, role: 'admin' | 'finance' | 'warehouse', password: string): Promise<void>
  start(port?: number): Promise<void>
  stop(signal?: NodeJS.Signals): Promise<void>
  /** Shipped MFN orders the server's first order sync brings (its window is the last 30 days). */
  shipped(): EmuOrder[]
  close(): Promise<void>
}

function run(args: string[], env: Record<string, string>): { child: ChildProcess; out: () => string; done: Promise<number | null> } {
  // `node --import tsx`, not the tsx command: a SIGKILL must hit the server itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main/server.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  return { child, out: () => out, done: new Promise((r) => child.on('exit', (code) => r(code))) }
}

export async function startTeamStack(opts: { seed?: number; dbName?: string } = {}): Promise<TeamStack> {
  const emu = await startEmulator({ seed: opts.seed ?? 41, speedUp: TEAM_SPEED_UP, stores: [SELLER] })
  const db = await createTestDatabase(opts.dbName ?? 'sbo_teamdesk')
  const tmp = tempDir('sbo-team-stack-')
  const secretsDir = join(tmp.dir, 'secrets')
  mkdirSync(secretsDir, { mode: 0o700 })
  for (const [suffix, value] of [
    ['lwa-client-id', SELLER.clientId],
    ['lwa-client-secret', SELLER.clientSecret],
    ['refresh-token', SELLER.refreshToken]
  ] as const) {
    const f = join(secretsDir, `${TEAM_STORE}.${suffix}`)
    writeFileSync(f, value, { mode: 0o600 })
    chmodSync(f, 0o600)
  }
  const env: Record<string, string> = {
    SBO_SPAPI_BASE_URL: emu.baseUrl,
    SBO_LWA_TOKEN_URL: emu.lwaTokenUrl,
    SBO_SPAPI_TIME_SCALE: String(TEAM_SPEED_UP),
    SBO_QUEUE_LEASE_MS: '3000',
    SBO_TEAM_BACKUP_DIR: join(tmp.dir, 'backups'),
    SBO_LOG_LEVEL: 'error'
  }
  const admin = async (args: string[], extra: Record<string, string> = {}) => {
    const p = run([...args, '--database', db.url], { ...env, ...extra })
    const code = await p.done
    if (code !== 0) throw new Error(`server ${args.join(' ')} exited ${code}: ${p.out()}`)
  }
  await admin([
    'stores',
    'add',
    TEAM_STORE,
    '--name',
    'Team store',
    '--region',
    'NA',
    '--seller-id',
    SELLER.sellerId,
    '--marketplace',
    SELLER.marketplaceIds[0]!
  ])

  let server: { child: ChildProcess; url: string; port: number } | null = null
  const stack: TeamStack = {
    emu,
    url: () => server?.url ?? '',
    port: () => server?.port ?? 0,
    addUser: (name, role, password) => admin(['users', 'add', name, '--role', role], { SBO_TEAM_PASSWORD: password }),
    async start(port = 0) {
      const p = run(['--database', db.url, '--host', '127.0.0.1', '--port', String(port), '--secrets-dir', secretsDir], env)
      const m = await new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const hit = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(p.out())
          if (hit) resolve(hit)
        }
        p.child.stdout!.on('data', check)
        p.child.stderr!.on('data', check)
        void p.done.then((code) => reject(new Error(`the team server exited before listening (${code}): ${p.out()}`)))
        check()
      })
      server = { child: p.child, url: m[1]!, port: Number(m[2]) }
    },
    async stop(signal = 'SIGKILL') {
      const s = server
      if (!s) return
      if (s.child.exitCode === null && s.child.signalCode === null) {
        const exited = new Promise((r) => s.child.once('exit', r))
        s.child.kill(signal)
        await exited
      }
    },
    shipped() {
      const since = Date.now() - 29 * 86_400_000
      return emu
        .seller(SELLER.sellerId)
        .orders.filter(
          (x) =>
            x.status === 'Shipped' &&
            x.channel === 'MFN' &&
            Date.parse(x.purchaseDate) > since &&
            Date.parse(x.lastUpdateDate) > since &&
            x.items.every((i) => i.refundedMinor === 0 && i.quantityShipped > 0)
        )
    },
    async close() {
      await stack.stop()
      server = null
      await emu.close()
      await db.drop()
      tmp.cleanup()
    }
  }
  return stack
}

/** A refund of everything paid for an order's items (principal; the emulator's prices are line totals). */
export function fullRefund(o: EmuOrder, storeId = TEAM_STORE) {
  return {
    storeId,
    amazonOrderId: o.id,
    reason: 'CustomerReturn' as const,
    lines: o.items.map((i) => ({
      orderItemId: i.orderItemId,
      quantity: i.quantity,
      components: [{ type: 'Principal' as const, amountMinor: i.priceMinor }]
    }))
  }
}
