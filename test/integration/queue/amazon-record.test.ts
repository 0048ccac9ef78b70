/**
 * Amazon's own record as the last word (issue 12 §1c) with the real engine, real SQLite and the
 * emulator over HTTP: the duplicate-refund pre-flight (our queue and Amazon's Finances record),
 * and Finances' posting lag (a refund that is not there yet waits, visibly, then confirms).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { buildPaymentAdjustmentFeed } from '../../../src/main/amazon/feeds/xml'
import { SELLER } from '../amazon/helpers'
import { setupQueue } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
async function setup(...a: Parameters<typeof setupQueue>) {
  const q = await setupQueue(...a)
  cleanups.push(q.close)
  return q
}

describe('duplicate-refund pre-flight', () => {
  it('an exact copy of a completed refund is refused with the date and batch of the earlier one', async () => {
    const q = await setup()
    const o = q.shipped[0]!
    const it0 = o.items[0]!
    const ref = { storeId: q.store.id, amazonOrderId: o.id }
    const half = Math.floor(it0.priceMinor / 2)
    const input = {
      ...ref,
      reason: 'CustomerReturn' as const,
      lines: [{ orderItemId: it0.orderItemId, quantity: 1, components: [{ type: 'Principal' as const, amountMinor: half }] }]
    }
    const a = q.s.orderActions.refund(input)
    await q.settle([a.batch!.id])
    expect(q.s.queue.entry(a.entry.id).status).toBe('done')
    expect(() => q.s.orderActions.refund(input)).toThrow(
      new RegExp(
        `repeats refund request #${a.entry.id} of \\d{4}-\\d\\d-\\d\\dT[^ ]+ \\(batch #${a.batch!.id} \\(Batch ID \\d+\\), done\\)`
      )
    )
    // Nothing new was queued or sent.
    expect(q.s.queue.entriesForOrder(q.s.queue.entry(a.entry.id).orderId)).toHaveLength(1)
    expect(q.emu.refundCount({ orderId: o.id })).toBe(1)
    // A different amount for the same item is a different refund.
    const b = q.s.orderActions.refund({
      ...input,
      lines: [{ ...input.lines[0]!, components: [{ type: 'Principal' as const, amountMinor: half - 1 }] }]
    })
    await q.settle([b.batch!.id])
    expect(q.s.queue.entry(b.entry.id).status).toBe('done')
  })

  it("a refund Amazon already applied (another tool, Seller Central) is not sent again: rejected with Amazon's date and transaction", async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const [o, other] = q.shipped
    const it0 = o!.items[0]!
    const half = Math.floor(it0.priceMinor / 2)
    // Another program refunds half the item; its feed is applied and posted to Finances.
    const foreign = q.emu.injectFeed(SELLER.sellerId, {
      feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
      content: buildPaymentAdjustmentFeed({
        merchantIdentifier: SELLER.sellerId,
        messages: [
          {
            messageId: 1,
            amazonOrderId: o!.id,
            items: [
              {
                amazonOrderItemCode: it0.orderItemId,
                merchantAdjustmentItemId: 'OTHER-1',
                reason: 'CustomerReturn',
                currency: o!.currency,
                components: [{ type: 'Principal', amountMinor: half }],
                quantity: 1
              }
            ]
          }
        ]
      })
    })
    await waitFor(
      () =>
        q.emu.feed(foreign)?.processingStatus === 'DONE' && q.emu.amazonNow() - Date.parse(q.emu.feed(foreign)!.processingEndTime!) > 1000
    )
    expect(q.emu.refundCount({ orderId: o!.id })).toBe(1)
    const orderId = (id: string) => (q.s.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(id) as { id: string }).id
    const dup = q.s.queue.add({
      storeId: q.store.id,
      orderId: orderId(o!.id),
      kind: 'refund',
      reason: 'CustomerReturn',
      lines: [{ orderItemId: it0.orderItemId, sku: it0.sku, quantity: 1, components: [{ type: 'Principal', amountMinor: half }] }],
      currency: o!.currency,
      totalMinor: half,
      source: 'order'
    })
    const fine = q.addRefund(other!)
    const { batches } = q.s.queue.process('refund', { ids: [dup.id, fine.id] })
    await q.settle([batches[0]!.id])
    expect(q.s.queue.entry(dup.id)).toMatchObject({
      status: 'rejected',
      rejectReason: expect.stringMatching(
        /repeats a refund Amazon already applied — Amazon's Finances record shows the refund \(posted \d{4}-.*, transaction emu-tx-/
      )
    })
    expect(q.s.queue.entry(fine.id).status).toBe('done')
    expect(q.s.queue.batch(batches[0]!.id).batch).toMatchObject({ state: 'done', messageCount: 1 })
    // Amazon applied the other program's refund only; ours for the other order once.
    expect(q.emu.refundCount({ orderId: o!.id })).toBe(1)
    expect(q.received(o!.id)).toBe(1) // the other program's feed only
    expect(q.s.queue.batch(batches[0]!.id).entries.map((e) => e.entryId)).toEqual([fine.id])
    expect(q.received(other!.id)).toBe(1)
  })
})

describe("Finances' posting lag", () => {
  it('a lost createFeed answer and a refund not yet posted: the batch waits visibly for the record, then adopts its feed; applied once', async () => {
    const q = await setup({ timings: { recoveryGraceMs: 200, financesLagMs: 30_000 } })
    q.emu.setRefundPostingDelay(1500)
    q.emu.inject({ kind: 'pause', operation: 'createFeed', count: 1, onPaused: (release) => release('lose-answer') })
    const a = q.addRefund(q.shipped[0]!)
    const id = a.batch!.id
    const waits = new Set<string | null>()
    const entryWaits = new Set<string | null>()
    await q.engine.settle([id], {
      deadlineMs: 60_000,
      sleep: async (ms) => {
        waits.add(q.s.queue.batch(id).batch.waitReason)
        entryWaits.add(q.s.queue.entry(a.id).waitReason)
        await new Promise((r) => setTimeout(r, ms))
      }
    })
    expect(waits).toContain("waiting for Amazon's financial record")
    // The entry shows it too (the queue screen's row), and nothing once it is done.
    expect(entryWaits).toContain("waiting for Amazon's financial record")
    expect(q.s.queue.entry(a.id).waitReason).toBeNull()
    expect(q.s.queue.batch(id).batch).toMatchObject({ state: 'done', feedId: q.emu.createdFeeds()[0]!.feedId })
    expect(q.s.queue.entry(a.id).status).toBe('done')
    expect(q.emu.createdFeeds()).toHaveLength(1)
    expect(q.emu.refundCount({ orderId: q.shipped[0]!.id })).toBe(q.shipped[0]!.items.length)
  })
})

async function waitFor(cond: () => boolean, ms = 20_000) {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}
