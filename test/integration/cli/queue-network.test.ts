/**
 * The CLI's queue commands and `sync now` as child processes (the built bundle) against the SP-API
 * emulator over HTTP, on one SQLite file:
 * - `queue process --no-wait` creates the batches and ends cleanly: this process sends nothing and
 *   nothing touches the database after it is closed ("database connection is not open" before);
 * - `queue resume` without the network finishes what it can, says which batches wait for the
 *   network and exits (it waited up to an hour before); with the network back, a resume sends them,
 *   each order once;
 * - `sync now JOB --store ID` runs the status line's job and returns when the run is over.
 * Uses the real keychain (the children read the secrets): skips with a message without D-Bus.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../../src/main/amazon/emulator/server'
import { createKeytarVault } from '../../../src/main/secrets/keytar-vault'
import { createServices } from '../../../src/main/services'
import { silentLogger } from '../../../src/main/log'
import { MIGRATIONS, tempDir } from '../../helpers/services'
import { spawnCli, type CliRun } from '../../helpers/cli'
import { SELLER } from '../amazon/helpers'
import { seedOrders } from '../queue/helpers'

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
if (!hasBus) console.warn('[queue-network.test] skipped: no D-Bus session (run through `npm test`, which starts a private Secret Service)')

const SPEED_UP = 200
const KEYCHAIN = `sbo-cli-network-${process.pid}`
/** Only a guard against a command that never returns (the bug this file checks): not a speed limit. */
const HANG_GUARD_MS = 240_000

let emu: Emulator | null = null
const cleanups: (() => void)[] = []
afterEach(async () => {
  await emu?.close()
  emu = null
  for (const c of cleanups.splice(0)) c()
})

/** Runs the CLI; a child still running after HANG_GUARD_MS is killed and reported as hung. */
async function cli(dbFile: string, args: string[]): Promise<CliRun & { hung: boolean }> {
  const run = spawnCli(dbFile, args, {
    SBO_SPAPI_BASE_URL: emu!.baseUrl,
    SBO_LWA_TOKEN_URL: emu!.lwaTokenUrl,
    SBO_SPAPI_TIME_SCALE: String(SPEED_UP),
    SBO_KEYCHAIN_SERVICE: KEYCHAIN
  })
  let hung = false
  const guard = setTimeout(() => {
    hung = true
    run.child.kill('SIGKILL')
  }, HANG_GUARD_MS)
  const r = await run.done
  clearTimeout(guard)
  return { ...r, hung }
}

async function prepare(o: { refunds: number; cancels: number; seed?: boolean }) {
  emu = await startEmulator({ seed: 31, speedUp: SPEED_UP, stores: [SELLER] })
  const tmp = tempDir('sbo-cli-network-')
  cleanups.push(tmp.cleanup)
  const dbFile = join(tmp.dir, 'db.sqlite')
  const s = createServices({ dbFile, migrationsFolder: MIGRATIONS, vault: createKeytarVault(KEYCHAIN), mode: 'cli', log: silentLogger })
  const store = await s.stores.create({
    name: 'CLI network',
    region: 'NA',
    sellerId: SELLER.sellerId,
    marketplaceIds: SELLER.marketplaceIds,
    lwaClientId: SELLER.clientId,
    secrets: { lwaClientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken }
  })
  s.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
  const data = emu.seller(SELLER.sellerId)
  const shipped = data.orders.filter((x) => x.status === 'Shipped' && x.channel === 'MFN').slice(0, o.refunds)
  const unshipped = data.orders.filter((x) => x.status === 'Unshipped' && x.channel === 'MFN').slice(0, o.cancels)
  if (o.seed !== false) {
    seedOrders(s, store.id, [...shipped, ...unshipped])
    const orderId = (id: string) => (s.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(id) as { id: string }).id
    for (const x of shipped) {
      const lines = x.items.map((i) => ({
        orderItemId: i.orderItemId,
        sku: i.sku,
        quantity: i.quantityShipped,
        components: [{ type: 'Principal' as const, amountMinor: i.priceMinor }]
      }))
      s.queue.add({
        storeId: store.id,
        orderId: orderId(x.id),
        kind: 'refund',
        reason: 'CustomerReturn',
        lines,
        currency: x.currency,
        totalMinor: lines.reduce((a, l) => a + l.components[0]!.amountMinor, 0),
        source: 'order'
      })
    }
    for (const x of unshipped)
      s.queue.add({
        storeId: store.id,
        orderId: orderId(x.id),
        kind: 'cancel',
        reason: 'NoInventory',
        lines: x.items.map((i) => ({ orderItemId: i.orderItemId, sku: i.sku, quantity: i.quantity })),
        currency: x.currency,
        totalMinor: null,
        source: 'order'
      })
  }
  s.close()
  const look = () =>
    createServices({ dbFile, migrationsFolder: MIGRATIONS, vault: createKeytarVault(KEYCHAIN), mode: 'cli', log: silentLogger })
  return { dbFile, storeId: store.id, shipped, unshipped, look }
}

/** How many times Amazon received a message for this order, over every feed created. */
const received = (orderId: string) =>
  emu!.createdFeeds().reduce((a, f) => a + (f.content?.split(`<AmazonOrderID>${orderId}</AmazonOrderID>`).length ?? 1) - 1, 0)

type Batches = { batches: { id: number; state: string; waitReason: string | null }[]; waitingForNetwork?: number[] }

describe.skipIf(!hasBus)('CLI queue and sync against the emulator', () => {
  it('process --no-wait ends cleanly and sends nothing; resume offline says what waits and exits; online it sends each order once', async () => {
    const p = await prepare({ refunds: 2, cancels: 2 })
    for (const kind of ['refund', 'cancel'] as const) {
      const r = await cli(p.dbFile, ['queue', 'process', '--kind', kind, '--all', '--no-wait'])
      expect(r.code, r.err).toBe(0)
      expect(r.err).not.toMatch(/not open/)
      expect(r.err).toBe('')
      const out = JSON.parse(r.out) as Batches
      expect(out.batches).toHaveLength(1)
      expect(out.batches[0]!.state).toBe('open')
    }
    // --no-wait: the command created the batches; it sent nothing (the app or `queue resume` does).
    expect(emu!.createdFeeds()).toHaveLength(0)

    // No network: resume drives what it can, names the batches that wait for the network, exits 2.
    await emu!.stop()
    const offline = await cli(p.dbFile, ['queue', 'resume'])
    expect(offline.hung, 'queue resume without the network never returned').toBe(false)
    expect(offline.code, offline.err).toBe(2)
    expect(offline.err).toMatch(/2 batches wait for the network \(#1, #2\)/)
    expect(offline.err).not.toMatch(/not open/)
    const waiting = JSON.parse(offline.out) as Batches
    expect(waiting.waitingForNetwork).toEqual([1, 2])
    expect(waiting.batches.map((b) => b.waitReason)).toEqual(['waiting for network', 'waiting for network'])

    // The network is back: a resume sends them, every refund and cancellation once.
    await emu!.start()
    const online = await cli(p.dbFile, ['queue', 'resume'])
    expect(online.hung).toBe(false)
    expect(online.code, online.err).toBe(0)
    expect((JSON.parse(online.out) as Batches).batches.map((b) => b.state)).toEqual(['done', 'done'])
    for (const o of [...p.shipped, ...p.unshipped]) expect(received(o.id), `order ${o.id}`).toBe(1)
  }, 600_000)

  it('sync now JOB --store ID runs the job to its end; an unknown job lists the job names', async () => {
    const p = await prepare({ refunds: 0, cancels: 0, seed: false })
    const r = await cli(p.dbFile, ['sync', 'now', 'orders.sync', '--store', p.storeId, '--json'])
    expect(r.hung).toBe(false)
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out)).toEqual([{ job: 'orders.sync', storeId: p.storeId, status: 'succeeded', message: expect.any(String) }])
    const s = p.look()
    try {
      expect((s.sqlite.prepare('SELECT count(*) AS n FROM orders WHERE store_id = ?').get(p.storeId) as { n: number }).n).toBeGreaterThan(0)
    } finally {
      s.close()
    }
    const unknown = await cli(p.dbFile, ['sync', 'now', 'orders.nope', '--store', p.storeId])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/no job orders\.nope\. Jobs: .*orders\.sync.*reimbursements\.sync/)
    const badStore = await cli(p.dbFile, ['sync', 'now', 'orders.sync', '--store', 'nope'])
    expect(badStore.code).toBe(1)
    expect(badStore.err).toMatch(/NOT_FOUND/)
  }, 600_000)
})
