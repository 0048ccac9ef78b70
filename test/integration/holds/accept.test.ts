/**
 * Accept goes through the queue's cancel path exactly once, against the SP-API emulator over real
 * HTTP: order sync detects the emulator's buyer-cancel requests and holds the orders; Accept
 * cancels with reason BuyerCanceled (queue off: at once as a one-entry batch; queue on: a queued
 * entry that goes out with the batch); Amazon receives each cancellation once; a second Accept is
 * refused.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ORDER_SYNC_JOB } from '../../../src/main/orders/sync.job'
import { SELLER } from '../amazon/helpers'
import { setupQueue } from '../queue/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup() {
  const q = await setupQueue()
  cleanups.push(q.close)
  // setupQueue seeds the orders without their buyer-cancel flags: sync them from the emulator.
  q.s.sqlite.prepare('DELETE FROM orders').run()
  await q.s.scheduler.runNow(ORDER_SYNC_JOB, q.store.id)
  const data = q.emu.seller(SELLER.sellerId)
  const requested = data.orders.filter((o) => o.status === 'Unshipped' && o.items.some((i) => i.buyerCancel))
  return { ...q, requested }
}

describe('accepting a buyer cancellation request', () => {
  it('with the queue off: cancels at once as BuyerCanceled, exactly once at Amazon', async () => {
    const q = await setup()
    const open = q.s.holds.list({ view: 'open' })
    expect(open.rows.length).toBe(3)
    const h = open.rows[0]!
    const emuOrder = q.requested.find((o) => o.id === h.amazonOrderId)!
    const accepted = q.s.holds.accept(h.id, 'buyer asked twice')
    expect(accepted).toMatchObject({ status: 'accepted', decisionNote: 'buyer asked twice' })
    expect(accepted.queueEntryId).not.toBeNull()
    const entry = q.s.queue.entry(accepted.queueEntryId!)
    expect(entry).toMatchObject({ kind: 'cancel', reason: 'BuyerCanceled' })
    expect(() => q.s.holds.accept(h.id)).toThrow(/already accepted/)
    await q.settle([entry.batchId!])
    expect(q.s.queue.entry(entry.id).status).toBe('done')
    const cancelled = q.emu.cancellations({ orderId: emuOrder.id })
    expect(cancelled.map((c) => [c.orderItemId, c.reason])).toEqual(h.items.map((i) => [i.orderItemId, 'BuyerCanceled']))
    expect(q.received(emuOrder.id)).toBe(1)
    expect(q.s.holds.list({ view: 'decided' }).rows.map((x) => x.id)).toEqual([h.id])
    const hist = q.s.sqlite
      .prepare(
        "SELECT event FROM order_history h JOIN orders o ON o.id = h.order_id WHERE o.amazon_order_id = ? AND event = 'buyer-cancel-accepted'"
      )
      .all(emuOrder.id)
    expect(hist).toHaveLength(1)
  })

  it('with the queue on: a queued entry, sent once with the batch', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const [a, b] = q.s.holds.list({ view: 'open' }).rows
    const ea = q.s.holds.accept(a!.id).queueEntryId!
    const eb = q.s.holds.accept(b!.id).queueEntryId!
    expect(q.s.queue.entry(ea).status).toBe('queued')
    const { batches } = q.s.queue.process('cancel', { ids: [ea, eb] })
    expect(batches).toHaveLength(1)
    await q.settle([batches[0]!.id])
    for (const h of [a!, b!]) expect(q.received(h.amazonOrderId)).toBe(1)
    expect(q.emu.createdFeeds().filter((f) => f.feedType === 'POST_ORDER_ACKNOWLEDGEMENT_DATA')).toHaveLength(1)
  })
})
