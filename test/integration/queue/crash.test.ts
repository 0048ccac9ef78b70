/**
 * Never twice, proven with real processes: the CLI (`queue process`, then `queue resume`) runs
 * as a child process against the SP-API emulator; the emulator pauses the child's request at
 * each step of a submission, the test kills the child with SIGKILL while that request is in
 * flight (then lets the emulator drop it, or handle it and lose the answer), starts a new child
 * to recover, and checks that Amazon received every refund and every cancellation exactly once.
 * Uses the real keychain (secrets are read by the child), so it runs inside `npm test`'s private
 * Secret Service and skips with a message elsewhere.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../../src/main/amazon/emulator/server'
import type { OperationName } from '../../../src/main/amazon/spapi/operations'
import { createKeytarVault } from '../../../src/main/secrets/keytar-vault'
import { createServices } from '../../../src/main/services'
import { silentLogger } from '../../../src/main/log'
import { MIGRATIONS, tempDir } from '../../helpers/services'
import { SELLER } from '../amazon/helpers'
import { seedOrders } from './helpers'

import { spawnCli } from '../../helpers/cli'
const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
if (!hasBus) console.warn('[crash.test] skipped: no D-Bus session (run through `npm test`, which starts a private Secret Service)')

const SPEED_UP = 200
const KEYCHAIN = `sbo-crash-test-${process.pid}`

// A fresh emulator per case, so "received once" counts that case only.
let emu: Emulator
beforeEach(async () => {
  if (hasBus) emu = await startEmulator({ seed: 23, speedUp: SPEED_UP, stores: [SELLER] })
})
afterEach(async () => {
  await emu?.close()
})

function cli(dbFile: string, args: string[]) {
  return spawnCli(dbFile, args, {
    SBO_SPAPI_BASE_URL: emu.baseUrl,
    SBO_LWA_TOKEN_URL: emu.lwaTokenUrl,
    SBO_SPAPI_TIME_SCALE: String(SPEED_UP),
    SBO_KEYCHAIN_SERVICE: KEYCHAIN
  })
}

type Step = { op: OperationName | 'document'; mode: 'drop' | 'lose-answer' | 'process' }
const STEPS: Step[] = [
  { op: 'createFeedDocument', mode: 'drop' },
  { op: 'createFeedDocument', mode: 'lose-answer' },
  { op: 'document', mode: 'drop' },
  { op: 'document', mode: 'lose-answer' },
  { op: 'createFeed', mode: 'drop' },
  { op: 'createFeed', mode: 'lose-answer' },
  { op: 'getFeed', mode: 'process' },
  { op: 'getFeedDocument', mode: 'process' }
]

describe.skipIf(!hasBus)('kill -9 at every step of a submission', () => {
  /** A fresh database with a store, orders from the emulator, 2 queued refunds and 2 queued cancellations. */
  async function prepare() {
    const tmp = tempDir('sbo-crash-')
    const dbFile = join(tmp.dir, 'db.sqlite')
    const s = createServices({ dbFile, migrationsFolder: MIGRATIONS, vault: createKeytarVault(KEYCHAIN), mode: 'cli', log: silentLogger })
    const store = await s.stores.create({
      name: 'Crash test',
      region: 'NA',
      sellerId: SELLER.sellerId,
      marketplaceIds: SELLER.marketplaceIds,
      lwaClientId: SELLER.clientId,
      secrets: { lwaClientSecret: SELLER.clientSecret, refreshToken: SELLER.refreshToken }
    })
    s.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
    const data = emu.seller(SELLER.sellerId)
    const shipped = data.orders.filter((o) => o.status === 'Shipped' && o.channel === 'MFN').slice(0, 2)
    const unshipped = data.orders.filter((o) => o.status === 'Unshipped' && o.channel === 'MFN').slice(0, 2)
    expect(shipped).toHaveLength(2)
    expect(unshipped).toHaveLength(2)
    seedOrders(s, store.id, [...shipped, ...unshipped])
    const orderId = (id: string) => (s.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(id) as { id: string }).id
    for (const o of shipped) {
      const lines = o.items.map((i) => ({
        orderItemId: i.orderItemId,
        sku: i.sku,
        quantity: i.quantityShipped,
        components: [{ type: 'Principal', amountMinor: i.priceMinor }]
      }))
      s.queue.add({
        storeId: store.id,
        orderId: orderId(o.id),
        kind: 'refund',
        reason: 'CustomerReturn',
        lines,
        currency: o.currency,
        totalMinor: lines.reduce((a, l) => a + l.components[0]!.amountMinor, 0),
        source: 'order'
      })
    }
    for (const o of unshipped) {
      s.queue.add({
        storeId: store.id,
        orderId: orderId(o.id),
        kind: 'cancel',
        reason: 'NoInventory',
        lines: o.items.map((i) => ({ orderItemId: i.orderItemId, sku: i.sku, quantity: i.quantity })),
        currency: o.currency,
        totalMinor: null,
        source: 'order'
      })
    }
    s.close()
    return { dbFile, shipped, unshipped, cleanup: tmp.cleanup, storeId: store.id }
  }

  const received = (orderId: string) =>
    emu.createdFeeds().reduce((a, f) => a + (f.content?.split(`<AmazonOrderID>${orderId}</AmazonOrderID>`).length ?? 1) - 1, 0)

  for (const step of STEPS) {
    it(`${step.op} (${step.mode}): recovered, each refund and cancellation received exactly once`, async () => {
      const p = await prepare()
      try {
        for (const kind of ['refund', 'cancel'] as const) {
          let killed = false
          let first: ReturnType<typeof cli> | null = null
          emu.inject({
            kind: 'pause',
            operation: step.op,
            count: 1,
            onPaused: (release) => {
              killed = first!.child.kill('SIGKILL')
              void first!.done.then(() => release(step.mode))
            }
          })
          first = cli(p.dbFile, ['queue', 'process', '--kind', kind, '--all'])
          const r1 = await first.done
          expect(killed, `the child reached ${step.op}: ${r1.err}`).toBe(true)
          expect(r1.signal).toBe('SIGKILL')
          emu.clearFailures()
          const r2 = await cli(p.dbFile, ['queue', 'resume']).done
          expect(r2.code, r2.err).toBe(0)
          const batches = (JSON.parse(r2.out) as { batches: { state: string; feedId: string | null; feedDocumentId: string | null }[] })
            .batches
          expect(batches.length, `resume after a kill at ${step.op}: ${r2.out} ${r2.err} ${r1.out} ${r1.err}`).toBeGreaterThan(0)
          for (const b of batches) expect(b).toMatchObject({ state: 'done' })
        }
        for (const o of [...p.shipped, ...p.unshipped]) expect(received(o.id), `order ${o.id}`).toBe(1)
        for (const o of p.shipped) expect(emu.refunds({ orderId: o.id })).toHaveLength(o.items.length)
        for (const o of p.unshipped) expect(emu.cancellations({ orderId: o.id })).toHaveLength(o.items.length)
        // Nothing is left to send: a further resume finds no open batch and Amazon hears nothing new.
        const feedsBefore = emu.createdFeeds().length
        const r3 = await cli(p.dbFile, ['queue', 'resume']).done
        expect(JSON.parse(r3.out)).toEqual({ batches: [] })
        expect(emu.createdFeeds().length).toBe(feedsBefore)
      } finally {
        p.cleanup()
      }
    })
  }
})
