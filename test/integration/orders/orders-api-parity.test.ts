/**
 * Orders API v0 and v2026-01-01 give the app the same orders (the "order sync and holds
 * produce the same results through either"). The same story runs twice over real HTTP against the
 * emulator (same seed, same data), once per version of the switch (`ordersApiVersion`):
 *
 *   1. order sync (30 days back): orders, items, amounts, statuses, buyer-cancellation holds;
 *   2. a buyer asks to cancel another order; the next sync puts it On Hold;
 *   3. Amazon applies cancellations (a whole order, one item of another) and a refund, from
 *      feeds; the queue's check of Amazon's record (amazon-record.ts: cancellations through the
 *      Orders API, refunds through Finances) gives its verdicts;
 *   4. the next sync takes the cancellations in.
 *
 * Everything the app stored and decided is compared between the two runs, and each run must have
 * used only its own version's operations. Then, by the emulator's clock on Amazon's removal date,
 * v0 is refused while v2026-01-01 still syncs.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { EmuOrder } from '../../../src/main/amazon/emulator/data'
import { buildOrderAcknowledgementFeed, buildPaymentAdjustmentFeed } from '../../../src/main/amazon/feeds/xml'
import type { OrdersApiVersion } from '../../../src/main/amazon/spapi/orders-version'
import { ORDERS_V0_REMOVAL } from '../../../src/main/amazon/spapi/orders-version'
import { ORDER_SYNC_JOB, registerOrderSyncJob } from '../../../src/main/orders/sync.job'
import { checkAmazonRecord, type RecordEntry } from '../../../src/main/queue/amazon-record'
import { makeServices } from '../../helpers/services'
import { connectEmulatorStore, SELLER } from '../amazon/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const NOW = '2026-11-22T10:00:00.000Z'
const V0_OPS = ['getOrders', 'getOrder', 'getOrderItems']
const V2026_OPS = ['searchOrders', 'getOrder2026']

async function setup(version: OrdersApiVersion, now = NOW, anchor = '2026-11-22T00:00:00Z') {
  const t = makeServices({ now })
  cleanups.push(t.close)
  const real0 = Date.now()
  const { emu, store, factory, close } = await connectEmulatorStore(t, {
    speedUp: 200,
    ordersApiVersion: version,
    emu: { seed: 7, now: () => t.clock.now().getTime() + (Date.now() - real0), anchor: new Date(anchor) }
  })
  cleanups.push(close)
  registerOrderSyncJob(t.services.scheduler, {
    db: t.services.db,
    clock: t.clock,
    events: t.services.events,
    orders: t.services.orders,
    jobs: t.services.jobs,
    stores: t.services.stores,
    clientFor: (id) => factory.forStore(id)
  })
  const q = <T>(sql: string, ...p: unknown[]) => t.services.sqlite.prepare(sql).all(...p) as T[]
  return { t, emu, store, factory, q, data: emu.seller(SELLER.sellerId) }
}

type Run = Awaited<ReturnType<typeof setup>>

/**
 * The emulator stamps a change with its own clock, which includes real elapsed time; the story
 * pins those stamps to the test clock so that both runs see identical data.
 */
function pinUpdate(r: Run, orderId: string) {
  const o = r.data.orders.find((x) => x.id === orderId)!
  o.lastUpdateDate = new Date(r.t.clock.now().getTime() - 5 * 60_000).toISOString()
}

async function sync(r: Run): Promise<string> {
  r.t.clock.advance(15 * 60_000)
  await r.t.services.scheduler.runNow(ORDER_SYNC_JOB, r.store.id)
  const last = r.t.services.jobs.lastSuccess(ORDER_SYNC_JOB, r.store.id)
  expect(last?.startedAt).toBe(r.t.clock.now().toISOString())
  return last!.message ?? ''
}

/** Everything the app stored about orders and holds, without row ids. */
function snapshot(r: Run) {
  return {
    orders: r.q(
      `SELECT amazon_order_id, marketplace_id, status, shipping_status, local_status, fulfillment_channel, purchase_date,
              last_update_date, currency, order_total_minor, source, is_minimal
         FROM orders WHERE store_id = ? ORDER BY amazon_order_id`,
      r.store.id
    ),
    items: r.q(
      `SELECT o.amazon_order_id, i.order_item_id, i.sku, i.asin, i.title, i.quantity_ordered, i.quantity_shipped, i.currency,
              i.item_price_minor, i.item_tax_minor, i.shipping_price_minor, i.shipping_tax_minor, i.promotion_discount_minor
         FROM order_items i JOIN orders o ON o.id = i.order_id ORDER BY o.amazon_order_id, i.order_item_id`
    ),
    holds: r.q(
      `SELECT o.amazon_order_id, h.status, h.reason, h.requested_at, h.due_at, h.order_item_ids
         FROM buyer_cancel_requests h JOIN orders o ON o.id = h.order_id ORDER BY o.amazon_order_id, h.requested_at`
    ),
    notes: r.q(
      `SELECT o.amazon_order_id, n.source, n.text FROM order_notes n JOIN orders o ON o.id = n.order_id ORDER BY o.amazon_order_id, n.text`
    )
  }
}

/** The whole story for one version; what it returns is compared between the versions. */
async function story(version: OrdersApiVersion) {
  const r = await setup(version)
  const messages: string[] = []

  // 1. First sync.
  messages.push(await sync(r))

  // 2. A buyer asks to cancel an unshipped order; the next sync puts it On Hold.
  const unshipped = r.data.orders.filter((o) => o.status === 'Unshipped' && !o.items.some((i) => i.buyerCancel))
  const multi = unshipped.find((o) => o.items.length >= 2)
  expect(multi, 'seed 7 has an unshipped order with two items').toBeDefined()
  const [asked, whole] = unshipped.filter((o) => o !== multi)
  expect(whole, 'seed 7 has three unshipped orders without a buyer request').toBeDefined()
  r.emu.requestBuyerCancel(SELLER.sellerId, asked!.id, 'Found a better price')
  pinUpdate(r, asked!.id)
  messages.push(await sync(r))

  // 3. Amazon applies cancellations (all of one order, the first item of another) and a refund.
  const [shipped, untouched] = r.data.orders.filter((o) => o.status === 'Shipped' && o.channel === 'MFN') as [EmuOrder, EmuOrder]
  const refunded = shipped.items[0]!
  r.emu.injectFeed(SELLER.sellerId, {
    feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
    content: buildOrderAcknowledgementFeed({
      merchantIdentifier: SELLER.sellerId,
      messages: [
        {
          messageId: 1,
          amazonOrderId: whole!.id,
          statusCode: 'Failure',
          items: whole!.items.map((i) => ({ amazonOrderItemCode: i.orderItemId, cancelReason: 'NoInventory' as const }))
        },
        {
          messageId: 2,
          amazonOrderId: multi!.id,
          statusCode: 'Failure',
          items: [{ amazonOrderItemCode: multi!.items[0]!.orderItemId, cancelReason: 'NoInventory' as const }]
        }
      ]
    })
  })
  r.emu.injectFeed(SELLER.sellerId, {
    feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
    content: buildPaymentAdjustmentFeed({
      merchantIdentifier: SELLER.sellerId,
      messages: [
        {
          messageId: 1,
          amazonOrderId: shipped.id,
          items: [
            {
              amazonOrderItemCode: refunded.orderItemId,
              merchantAdjustmentItemId: 'PARITY-1',
              reason: 'CustomerReturn',
              currency: shipped.currency,
              components: [{ type: 'Principal', amountMinor: refunded.priceMinor }],
              quantity: 1
            }
          ]
        }
      ]
    })
  })
  r.t.clock.advance(60_000)
  await expect.poll(() => r.emu.cancellationCount({ orderId: multi!.id }), { timeout: 20_000 }).toBe(1)
  await expect.poll(() => r.emu.refundCount({ orderId: shipped.id }), { timeout: 20_000 }).toBe(1)
  for (const o of [whole!, multi!, shipped]) pinUpdate(r, o.id)
  r.t.clock.advance(60_000)

  const client = await r.factory.forStore(r.store.id)
  const line = (i: { orderItemId: string; sku: string }) => ({ orderItemId: i.orderItemId, sku: i.sku, quantity: 1 })
  const entries: RecordEntry[] = [
    { id: 1, kind: 'cancel', amazonOrderId: whole!.id, currency: whole!.currency, lines: whole!.items.map(line) },
    { id: 2, kind: 'cancel', amazonOrderId: multi!.id, currency: multi!.currency, lines: [line(multi!.items[0]!)] },
    { id: 3, kind: 'cancel', amazonOrderId: multi!.id, currency: multi!.currency, lines: multi!.items.map(line) },
    { id: 4, kind: 'cancel', amazonOrderId: untouched!.id, currency: untouched!.currency, lines: untouched!.items.map(line) },
    {
      id: 5,
      kind: 'refund',
      amazonOrderId: shipped.id,
      currency: shipped.currency,
      lines: [{ ...line(refunded), components: [{ type: 'Principal', amountMinor: refunded.priceMinor }] }]
    }
  ]
  const verdicts = await checkAmazonRecord(client, entries, () => [])
  expect(verdicts.map((v) => [v.entryId, v.verdict])).toEqual([
    [1, 'applied'],
    [2, 'applied'],
    [3, 'partial'],
    [4, 'absent'],
    [5, 'applied']
  ])

  // 4. The next sync takes the cancellations in.
  messages.push(await sync(r))
  const snap = snapshot(r)
  expect((snap.orders as { amazon_order_id: string }[]).find((o) => o.amazon_order_id === whole!.id)).toMatchObject({ status: 'Canceled' })

  // The refund's posting time is the emulator's real-time stamp (Finances, the same in both runs).
  // The instant a refund was posted differs between the two runs (the emulator posts it when asked): compared as present or not.
  const verdictsSeen = verdicts.map((v) => ({
    ...v,
    evidence: v.evidence.replace(/posted [^,)]+/, 'posted <time>'),
    ...('postedAt' in v ? { postedAt: v.postedAt ? '<time>' : v.postedAt } : {})
  }))
  const used = Object.keys(r.emu.stats().requests).filter((op) => V0_OPS.includes(op) || V2026_OPS.includes(op))
  return { snap, messages, verdicts: verdictsSeen, used }
}

describe('Orders API v0 and v2026-01-01 give the same orders, holds and verdicts (emulator, real HTTP)', () => {
  it('order sync, buyer-cancellation holds and the cancellation/refund check agree', async () => {
    const v0 = await story('v0')
    const v2026 = await story('2026-01-01')

    // Each run spoke only its own version.
    expect(v0.used.sort()).toEqual([...V0_OPS].sort())
    expect(v2026.used.sort()).toEqual([...V2026_OPS].sort())

    // The story did something worth comparing.
    expect(v0.snap.orders.length).toBeGreaterThan(20)
    expect(v0.snap.holds.length).toBe(4)
    expect(v0.messages[0]).toMatch(/3 put On Hold/)
    expect(v0.messages[1]).toMatch(/1 put On Hold/)

    // And both versions gave the app the same results.
    expect(v2026.messages).toEqual(v0.messages)
    expect(v2026.verdicts).toEqual(v0.verdicts)
    expect(v2026.snap.orders).toEqual(v0.snap.orders)
    expect(v2026.snap.items).toEqual(v0.snap.items)
    expect(v2026.snap.holds).toEqual(v0.snap.holds)
    expect(v2026.snap.notes).toEqual(v0.snap.notes)
  })

  it("on Amazon's removal date v0 is refused (by the emulator's clock) while v2026-01-01 still syncs", async () => {
    const removal = ORDERS_V0_REMOVAL.removedAt
    const old = await setup('v0', removal, '2027-03-27T00:00:00Z')
    old.t.clock.advance(15 * 60_000)
    await old.t.services.scheduler.runNow(ORDER_SYNC_JOB, old.store.id).catch(() => undefined)
    expect(old.t.services.jobs.lastSuccess(ORDER_SYNC_JOB, old.store.id)).toBeNull()
    const client = await old.factory.forStore(old.store.id)
    await expect(client.getOrders({ MarketplaceIds: SELLER.marketplaceIds, CreatedAfter: '2027-03-01T00:00:00Z' })).rejects.toMatchObject({
      code: 'AMAZON_REJECTED',
      message: expect.stringMatching(/Orders API v0 getOrders was removed on 2027-03-27; use Orders API v2026-01-01/)
    })

    const now = await setup('2026-01-01', removal, '2027-03-27T00:00:00Z')
    const msg = await sync(now)
    expect(msg).toMatch(/ orders since /)
    expect(now.q<{ n: number }>('SELECT count(*) AS n FROM orders')[0]!.n).toBeGreaterThan(0)
  })

  it('the day before the removal v0 is still served', async () => {
    const r = await setup('v0', '2027-03-26T23:00:00.000Z', '2027-03-26T00:00:00Z')
    const msg = await sync(r)
    expect(msg).toMatch(/ orders since /)
  })
})
