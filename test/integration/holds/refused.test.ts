/**
 * Accept never says "cancelled" ahead of Amazon (issue 12 §2), against the SP-API emulator over
 * real HTTP: an accepted hold shows "cancellation queued", then sent; when Amazon refuses it (the
 * order shipped meanwhile) the hold is open again saying why, and the order's notes and history
 * say in plain words that it was NOT cancelled.
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
  q.s.sqlite.prepare('DELETE FROM orders').run()
  await q.s.scheduler.runNow(ORDER_SYNC_JOB, q.store.id)
  return q
}

describe('an accepted buyer cancellation that Amazon refuses', () => {
  it('says "queued", never "cancelled"; refused: the hold reopens and the notes and history say it was not cancelled', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const h = q.s.holds.list({ view: 'open' }).rows[0]!
    const accepted = q.s.holds.accept(h.id)
    expect(accepted.cancellation).toMatchObject({ progress: 'queued', batchId: null, feedId: null })
    const ref = { storeId: q.store.id, amazonOrderId: h.amazonOrderId }
    let order = q.s.orderActions.get(ref)
    // Nothing on the order claims it is cancelled while Amazon has not confirmed it.
    expect(order.notes.map((n) => n.text).join('\n')).not.toMatch(/^Cancelled/m)
    expect(order.notes.at(-1)!.text).toMatch(/^Do not ship — cancellation requested \(request #\d+\), not yet confirmed by Amazon: /)

    // The warehouse shipped it meanwhile (Amazon knows): the cancellation will be refused.
    const emuOrder = q.emu.seller(SELLER.sellerId).orders.find((o) => o.id === h.amazonOrderId)!
    emuOrder.status = 'Shipped'
    const { batches } = q.s.queue.process('cancel', { ids: [accepted.queueEntryId!] })
    await q.settle([batches[0]!.id])
    expect(q.s.queue.entry(accepted.queueEntryId!).status).toBe('failed')

    const reopened = q.s.holds.list({ view: 'open' }).rows.find((x) => x.id === h.id)!
    expect(reopened.status).toBe('open')
    expect(reopened.cancellation).toMatchObject({ progress: 'failed', batchId: batches[0]!.id })
    expect(reopened.cancellation!.message).toMatch(/can no longer be cancelled/)
    order = q.s.orderActions.get(ref)
    expect(order.order.onHold).toBe(true)
    expect(order.notes.at(-1)!.text).toMatch(
      /^NOT cancelled — Amazon did not cancel \(batch #\d+, Batch ID \S+.*can no longer be cancelled.*The order is on hold again: answer the buyer's cancellation request\.$/
    )
    expect(order.history.map((x) => x.event)).toContain('cancel-undone')
    expect(order.history.find((x) => x.event === 'cancel-undone')!.detail).toMatch(/^Amazon did not cancel/)
  })
})
