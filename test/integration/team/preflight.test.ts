/**
 * The team server's duplicate-refund pre-flight, against the SP-API emulator over real HTTP and a
 * real PostgreSQL: before a refund batch is first sent, Amazon's Finances record of each entry is
 * asked (single-seat's rule, queue/amazon-record.ts); a refund Amazon already shows — issued by
 * another program or in Seller Central — is taken out of the feed and rejected with the evidence.
 * Counted at the emulator.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPaymentAdjustmentFeed } from '../../../src/main/amazon/feeds/xml'
import { teamOrderHistory, teamOrders, teamQueueBatches, teamQueueEntries } from '../../../src/main/team/pg/schema'
import { SELLER } from '../amazon/helpers'
import { setupTeamQueue, STORE, submitterFor } from './queue-helpers'

let t: Awaited<ReturnType<typeof setupTeamQueue>>
beforeAll(async () => {
  t = await setupTeamQueue()
  await t.sync()
}, 120_000)
afterAll(async () => t?.close())

async function until(cond: () => boolean, ms = 30_000) {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('team submitter: Amazon’s record before the first send', () => {
  it('a refund Amazon already applied is not sent: rejected with Amazon’s evidence; the rest of the batch goes once', async () => {
    const [o, other] = t.shipped
    const it0 = o!.items[0]!
    const half = Math.floor(it0.priceMinor / 2)
    // Another program refunds half the item; its feed is applied and posted to Finances.
    const foreign = t.emu.injectFeed(SELLER.sellerId, {
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
    await until(
      () =>
        t.emu.feed(foreign)?.processingStatus === 'DONE' && t.emu.amazonNow() - Date.parse(t.emu.feed(foreign)!.processingEndTime!) > 1000
    )
    expect(t.emu.refundCount({ orderId: o!.id })).toBe(1)

    // A desktop queues the same refund (the server's data does not know the other program's).
    const dup = await t.send(t.alice, 'orders.refund', {
      storeId: STORE,
      amazonOrderId: o!.id,
      reason: 'CustomerReturn',
      lines: [{ orderItemId: it0.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: half }] }]
    })
    expect(dup.status).toBe('applied')
    expect((await t.send(t.alice, 'orders.refund', t.refundInput(other!))).status).toBe('applied')
    const processed = await t.send(t.alice, 'queue.process', {
      kind: 'refund',
      selection: { filter: { kind: 'refund', view: 'queued', storeId: STORE } }
    })
    expect(processed.status).toBe('applied')
    const batchId = (processed.result as { batches: { id: number }[] }).batches[0]!.id

    await submitterFor(t.db, t.factory).settle({ deadlineMs: 120_000 })

    const entryOf = async (amazonOrderId: string) => {
      const [order] = await t.db.select().from(teamOrders).where(eq(teamOrders.amazonOrderId, amazonOrderId))
      const [e] = await t.db.select().from(teamQueueEntries).where(eq(teamQueueEntries.orderId, order!.id))
      return { order: order!, entry: e! }
    }
    const mine = await entryOf(o!.id)
    expect(mine.entry).toMatchObject({
      status: 'rejected',
      batchId: null,
      rejectReason: expect.stringMatching(
        /repeats a refund Amazon already applied — Amazon's Finances record shows the refund \(posted \d{4}-.*, transaction emu-tx-/
      )
    })
    const history = await t.db.select().from(teamOrderHistory).where(eq(teamOrderHistory.orderId, mine.order.id))
    expect(history.map((h) => h.event)).toContain('refund-duplicate')
    expect((await entryOf(other!.id)).entry.status).toBe('done')
    const [batch] = await t.db.select().from(teamQueueBatches).where(eq(teamQueueBatches.id, batchId))
    expect(batch).toMatchObject({ state: 'done', messageCount: 1 })
    // Counted at the emulator: no feed of ours carried the repeated refund; Amazon holds one refund
    // for that order (the other program's), and ours for the other order once.
    const ours = (amazonOrderId: string) =>
      t.emu
        .createdFeeds()
        .filter((f) => f.feedId !== foreign)
        .reduce((n, f) => n + (f.content?.split(`<AmazonOrderID>${amazonOrderId}</AmazonOrderID>`).length ?? 1) - 1, 0)
    expect(ours(o!.id)).toBe(0)
    expect(t.emu.refundCount({ orderId: o!.id })).toBe(1)
    expect(ours(other!.id)).toBe(1)
  }, 240_000)
})
