/**
 * The three windows of issue 12 §1 and two processes on one database, with real processes: the
 * CLI runs as child processes against the SP-API emulator on one SQLite file, and the test
 * counts what the emulator received and applied.
 *
 * (a) a createFeed whose 429 lasts longer than the batch lease while a second process takes over;
 * (b) the machine's clock 10 minutes ahead of Amazon's and the createFeed answer lost;
 * (c) our createFeed lost and another program's feed of the same type and message count at Amazon;
 * (d) two `queue resume` processes at once on several batches, with throttling and short leases.
 * Uses the real keychain (the children read the secrets): runs inside `npm test`'s private
 * Secret Service and skips with a message elsewhere.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildOrderAcknowledgementFeed } from '../../../src/main/amazon/feeds/xml'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../src/main/amazon/emulator/server'
import { createKeytarVault } from '../../../src/main/secrets/keytar-vault'
import { createServices } from '../../../src/main/services'
import { silentLogger } from '../../../src/main/log'
import { MIGRATIONS, tempDir } from '../../helpers/services'
import { SELLER } from '../amazon/helpers'
import { seedOrders } from './helpers'

import { spawnCli, type CliRun } from '../../helpers/cli'
const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
if (!hasBus) console.warn('[never-twice.test] skipped: no D-Bus session (run through `npm test`, which starts a private Secret Service)')

const SPEED_UP = 200
const KEYCHAIN = `sbo-never-twice-${process.pid}`
/** A short batch lease for the children (SBO_QUEUE_LEASE_MS, honoured only against the emulator). */
const LEASE_MS = 1500

let emu: Emulator | null = null
const cleanups: (() => void)[] = []
afterEach(async () => {
  await emu?.close()
  emu = null
  for (const c of cleanups.splice(0)) c()
})

type Run = CliRun

function cli(dbFile: string, args: string[], env: Record<string, string> = {}) {
  return spawnCli(dbFile, args, {
    SBO_SPAPI_BASE_URL: emu!.baseUrl,
    SBO_LWA_TOKEN_URL: emu!.lwaTokenUrl,
    SBO_SPAPI_TIME_SCALE: String(SPEED_UP),
    SBO_KEYCHAIN_SERVICE: KEYCHAIN,
    ...env
  })
}

/** A fresh database with a store, orders from the emulator, and queued refunds and cancellations. */
async function prepare(o: { emu?: Partial<EmulatorOptions>; refunds: number; cancels: number }) {
  emu = await startEmulator({ seed: 23, speedUp: SPEED_UP, stores: [SELLER], ...o.emu })
  const tmp = tempDir('sbo-never-twice-')
  cleanups.push(tmp.cleanup)
  const dbFile = join(tmp.dir, 'db.sqlite')
  const s = createServices({ dbFile, migrationsFolder: MIGRATIONS, vault: createKeytarVault(KEYCHAIN), mode: 'cli', log: silentLogger })
  const store = await s.stores.create({
    name: 'Never twice',
    region: 'NA',
    sellerId: SELLER.sellerId,
    marketplaceIds: SELLER.marketplaceIds,
    lwaClientId: SELLER.clientId,
    secrets: { lwaClientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken }
  })
  s.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
  const data = emu.seller(SELLER.sellerId)
  const shipped = data.orders.filter((x) => x.status === 'Shipped' && x.channel === 'MFN').slice(0, o.refunds)
  const unshipped = data.orders.filter((x) => x.status === 'Unshipped' && x.channel === 'MFN')
  const ours = unshipped.slice(0, o.cancels)
  const others = unshipped.slice(o.cancels)
  expect(shipped).toHaveLength(o.refunds)
  expect(ours).toHaveLength(o.cancels)
  seedOrders(s, store.id, [...shipped, ...ours])
  const orderId = (id: string) => (s.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(id) as { id: string }).id
  for (const x of shipped) {
    const lines = x.items.map((i) => ({
      orderItemId: i.orderItemId,
      sku: i.sku,
      quantity: i.quantityShipped,
      components: [{ type: 'Principal', amountMinor: i.priceMinor }]
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
  for (const x of ours) {
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
  return { dbFile, shipped, unshipped: ours, others, storeId: store.id, look }
}

/** How many times Amazon received a message for this order, over every feed created. */
const received = (orderId: string) =>
  emu!.createdFeeds().reduce((a, f) => a + (f.content?.split(`<AmazonOrderID>${orderId}</AmazonOrderID>`).length ?? 1) - 1, 0)
const batchesOf = (r: Run) =>
  (JSON.parse(r.out) as { batches: { id: number; state: string; feedId: string | null; error: string | null }[] }).batches

describe.skipIf(!hasBus)('never twice, with real processes', () => {
  it('(a) a 429 on createFeed that outlives the lease while a second process takes over: one feed, applied once', async () => {
    const p = await prepare({ refunds: 2, cancels: 0 })
    let second: ReturnType<typeof cli> | null = null
    // The first process's createFeed is answered (429) only after a second process, started at
    // that moment, has finished with the batch: far longer than the first one's lease.
    emu!.inject({
      kind: 'throttle',
      operation: 'createFeed',
      count: 1,
      hold: (release) => {
        second = cli(p.dbFile, ['queue', 'resume'], { SBO_QUEUE_LEASE_MS: String(LEASE_MS) })
        void second.done.then(() => release())
      }
    })
    const first = cli(p.dbFile, ['queue', 'process', '--kind', 'refund', '--all'], { SBO_QUEUE_LEASE_MS: String(LEASE_MS) })
    const r1 = await first.done
    expect(second, `the first process reached createFeed: ${r1.err}`).not.toBeNull()
    const r2 = await second!.done
    expect(r1.code, r1.err).toBe(0)
    expect(r2.code, r2.err).toBe(0)
    for (const o of p.shipped) {
      expect(received(o.id), `order ${o.id} received`).toBe(1)
      expect(emu!.refunds({ orderId: o.id }), `order ${o.id} applied`).toHaveLength(o.items.length)
    }
    expect(emu!.createdFeeds()).toHaveLength(1)
    const s = p.look()
    try {
      const b = s.queue.batches({ page: 1, pageSize: 10 }).rows
      expect(b).toHaveLength(1)
      expect(b[0]).toMatchObject({ state: 'done', feedId: emu!.createdFeeds()[0]!.feedId })
    } finally {
      s.close()
    }
  })

  it("(b) the machine's clock 10 minutes ahead of Amazon and the createFeed answer lost: the feed is found in Amazon's time, never sent again", async () => {
    const p = await prepare({ emu: { clockOffsetMs: -10 * 60_000 }, refunds: 2, cancels: 2 })
    for (const kind of ['refund', 'cancel'] as const) {
      let first: ReturnType<typeof cli> | null = null
      let killed = false
      emu!.inject({
        kind: 'pause',
        operation: 'createFeed',
        count: 1,
        onPaused: (release) => {
          killed = first!.child.kill('SIGKILL')
          void first!.done.then(() => release('lose-answer'))
        }
      })
      first = cli(p.dbFile, ['queue', 'process', '--kind', kind, '--all'])
      const r1 = await first.done
      expect(killed, `the child reached createFeed: ${r1.err}`).toBe(true)
      const r2 = await cli(p.dbFile, ['queue', 'resume']).done
      expect(r2.code, r2.err).toBe(0)
      for (const b of batchesOf(r2)) expect(b).toMatchObject({ state: 'done' })
    }
    for (const o of [...p.shipped, ...p.unshipped]) expect(received(o.id), `order ${o.id}`).toBe(1)
    for (const o of p.shipped) expect(emu!.refunds({ orderId: o.id })).toHaveLength(o.items.length)
    for (const o of p.unshipped) expect(emu!.cancellations({ orderId: o.id })).toHaveLength(o.items.length)
    expect(emu!.createdFeeds()).toHaveLength(2)
  })

  it("(c) our createFeed lost and another program's acknowledgement feed of the same count at Amazon: not adopted, nothing marked done, nothing resent", async () => {
    const p = await prepare({ refunds: 0, cancels: 2 })
    expect(p.others.length).toBeGreaterThanOrEqual(2)
    let first: ReturnType<typeof cli> | null = null
    let foreignId = ''
    emu!.inject({
      kind: 'pause',
      operation: 'createFeed',
      count: 1,
      onPaused: (release) => {
        // Another program acknowledges two other orders (a common, harmless feed of the same type
        // and message count) while our createFeed never arrives.
        foreignId = emu!.injectFeed(SELLER.sellerId, {
          feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
          content: buildOrderAcknowledgementFeed({
            merchantIdentifier: SELLER.sellerId,
            messages: p.others
              .slice(0, 2)
              .map((o, i) => ({ messageId: i + 1, amazonOrderId: o.id, statusCode: 'Success' as const, items: [] }))
          })
        })
        first!.child.kill('SIGKILL')
        void first!.done.then(() => release('drop'))
      }
    })
    first = cli(p.dbFile, ['queue', 'process', '--kind', 'cancel', '--all'])
    const r1 = await first.done
    expect(r1.signal, r1.err).toBe('SIGKILL')
    expect(foreignId).not.toBe('')
    const r2 = await cli(p.dbFile, ['queue', 'resume']).done
    expect(r2.code, r2.err).toBe(0)
    const [b] = batchesOf(r2)
    // Amazon's record (the orders' status) does not show our cancellations: uncertain, shown to the user.
    expect(b).toMatchObject({ state: 'uncertain', feedId: null })
    expect(b!.error).toMatch(new RegExp(`no batch here claims \\(${foreignId}\\)`))
    for (const o of p.unshipped) {
      expect(received(o.id), `order ${o.id}`).toBe(0)
      expect(emu!.cancellations({ orderId: o.id }), `order ${o.id}`).toHaveLength(0)
    }
    const s = p.look()
    try {
      for (const e of s.queue.list({ kind: 'cancel', view: 'all', page: 1, pageSize: 50 }).rows) expect(e.status).toBe('uncertain')
    } finally {
      s.close()
    }
    // Never resent automatically: another resume finds nothing to do and Amazon hears nothing new.
    const feeds = emu!.createdFeeds().length
    const r3 = await cli(p.dbFile, ['queue', 'resume']).done
    expect(JSON.parse(r3.out)).toEqual({ batches: [] })
    expect(emu!.createdFeeds()).toHaveLength(feeds)
  })

  it('(d) two processes drive one database at once (short leases, throttling): every refund and cancellation applied exactly once', async () => {
    const p = await prepare({ refunds: 3, cancels: 2 })
    // Batches are created, not sent; then two processes resume them at the same moment.
    for (const kind of ['refund', 'cancel'] as const) {
      const r = await cli(p.dbFile, ['queue', 'process', '--kind', kind, '--all', '--no-wait']).done
      expect(r.code, r.err).toBe(0)
    }
    emu!.inject({ kind: 'throttle', operation: 'createFeed', count: 3 })
    emu!.inject({ kind: 'dropConnection', operation: 'getFeed', count: 2 })
    const env = { SBO_QUEUE_LEASE_MS: '1000' }
    const [r1, r2] = await Promise.all([cli(p.dbFile, ['queue', 'resume'], env).done, cli(p.dbFile, ['queue', 'resume'], env).done])
    expect(r1.code, r1.err).toBe(0)
    expect(r2.code, r2.err).toBe(0)
    for (const o of [...p.shipped, ...p.unshipped]) expect(received(o.id), `order ${o.id}`).toBe(1)
    for (const o of p.shipped) expect(emu!.refunds({ orderId: o.id })).toHaveLength(o.items.length)
    for (const o of p.unshipped) expect(emu!.cancellations({ orderId: o.id })).toHaveLength(o.items.length)
    const s = p.look()
    try {
      for (const b of s.queue.batches({ page: 1, pageSize: 10 }).rows) expect(b.state).toBe('done')
    } finally {
      s.close()
    }
  }, 180_000)
})
