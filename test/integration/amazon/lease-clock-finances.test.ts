/**
 * The SP-API client's part of "never twice": no wait outlives the caller's lease, Amazon's clock
 * is learnt from the Date header, and Finances listTransactions shows exactly what the emulator
 * applied (after its posting delay). Real HTTP to the emulator.
 */
import { describe, expect, it } from 'vitest'
import { buildPaymentAdjustmentFeed } from '../../../src/main/amazon/feeds/xml'
import { refundLinesOf } from '../../../src/main/queue/amazon-record'
import { AppError } from '../../../src/main/errors'
import { SELLER, setup } from './helpers'

const rejects = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return e as AppError
  }
  throw new Error('expected a rejection')
}

async function upload(t: Awaited<ReturnType<typeof setup>>, xml: string) {
  const doc = await t.client.createFeedDocument('text/xml; charset=UTF-8')
  await t.client.uploadFeedDocument(doc.url, xml, 'text/xml; charset=UTF-8')
  return doc.feedDocumentId
}

describe('a lease bounds every wait', () => {
  it('after a 429 on createFeed, a retry that would wait longer than the lease is not made: THROTTLED, one request only', async () => {
    // speed-up 1: after the 429 the createFeed bucket needs ~134 s for its next token (0.0083/s).
    const t = await setup({ speedUp: 1, maxRetries: 5 })
    try {
      const docId = await upload(t, '<x/>')
      t.emu.inject({ kind: 'throttle', operation: 'createFeed', count: 1 })
      let checks = 0
      const e = await rejects(
        t.client.createFeed(
          { feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: SELLER.marketplaceIds, inputFeedDocumentId: docId },
          { guard: { check: () => (checks++, 120_000) } }
        )
      )
      expect(e.code).toBe('THROTTLED')
      expect(e.details).toMatchObject({ gaveUpForLease: true, operation: 'createFeed' })
      expect((e.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(120_000)
      expect(checks).toBeGreaterThan(0)
      expect(t.emu.stats().requests.createFeed).toBe(1)
      expect(t.emu.createdFeeds()).toHaveLength(0)
    } finally {
      await t.close()
    }
  })

  it('a lost lease stops the request before it is sent', async () => {
    const t = await setup()
    try {
      const docId = await upload(t, '<x/>')
      const e = await rejects(
        t.client.createFeed(
          { feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: SELLER.marketplaceIds, inputFeedDocumentId: docId },
          {
            guard: {
              check: () => {
                throw new AppError('CONFLICT', 'lease lost')
              }
            }
          }
        )
      )
      expect(e.code).toBe('CONFLICT')
      expect(t.emu.stats().requests.createFeed ?? 0).toBe(0)
    } finally {
      await t.close()
    }
  })

  it('an answer is awaited no longer than the lease: a held request times out inside it', async () => {
    const t = await setup()
    try {
      const docId = await upload(t, '<x/>')
      let release: (() => void) | null = null
      t.emu.inject({ kind: 'throttle', operation: 'createFeed', count: 1, hold: (r) => (release = r) })
      const e = await rejects(
        t.client.createFeed(
          { feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: SELLER.marketplaceIds, inputFeedDocumentId: docId },
          { guard: { check: () => 800 } }
        )
      )
      // Not answered in the lease: maybe processed, so the caller recovers instead of resending.
      expect(e.code).toBe('OFFLINE')
      expect(e.details).toMatchObject({ mayHaveBeenProcessed: true })
      release!()
    } finally {
      await t.close()
    }
  })
})

describe("Amazon's clock", () => {
  it('the offset comes from the Date header: a machine 10 minutes fast sees Amazon 10 minutes behind', async () => {
    const t = await setup({ emu: { clockOffsetMs: -600_000 } })
    try {
      expect(t.client.clockOffsetMs).toBeNull()
      await t.client.getMarketplaceParticipations()
      const off = t.client.clockOffsetMs!
      expect(Math.abs(off + 600_000)).toBeLessThan(2_000)
      expect(Math.abs(t.client.amazonNow() - t.emu.amazonNow())).toBeLessThan(2_000)
    } finally {
      await t.close()
    }
  })
})

describe('Finances listTransactions (2024-06-19)', () => {
  it("lists the refunds the emulator applied, per order, after the posting delay; the model's query rules hold", async () => {
    const t = await setup({ speedUp: 200 })
    try {
      const order = t.emu.seller(SELLER.sellerId).orders.find((o) => o.status === 'Shipped' && o.items.length >= 1)!
      const item = order.items[0]!
      t.emu.setRefundPostingDelay(60_000)
      const xml = buildPaymentAdjustmentFeed({
        merchantIdentifier: SELLER.sellerId,
        messages: [
          {
            messageId: 1,
            amazonOrderId: order.id,
            items: [
              {
                amazonOrderItemCode: item.orderItemId,
                merchantAdjustmentItemId: 'T-1',
                reason: 'CustomerReturn',
                currency: order.currency,
                components: [{ type: 'Principal', amountMinor: 123 }],
                quantity: 1
              }
            ]
          }
        ]
      })
      const docId = await upload(t, xml)
      const { feedId } = await t.client.createFeed({
        feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
        marketplaceIds: SELLER.marketplaceIds,
        inputFeedDocumentId: docId
      })
      const feed = await t.client.waitForFeed(feedId, { intervalMs: 20 })
      expect(feed.processingStatus).toBe('DONE')
      expect(t.emu.refundCount({ orderId: order.id })).toBe(1)
      // Applied, but not posted yet: Finances does not show it.
      expect(await t.client.transactionsForOrder(order.id)).toEqual([])
      t.emu.setRefundPostingDelay(0)
      await new Promise((r) => setTimeout(r, 700)) // the model's "two minutes before the request", /200
      const tx = await t.client.transactionsForOrder(order.id)
      expect(tx).toHaveLength(1)
      expect(tx[0]).toMatchObject({
        transactionType: 'Refund',
        relatedIdentifiers: expect.arrayContaining([{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: order.id }])
      })
      expect(refundLinesOf(tx)).toEqual([expect.objectContaining({ sku: item.sku, currency: order.currency, amountMinor: 123 })])
      // Another order shows nothing; the model's required parameters are enforced.
      const other = t.emu.seller(SELLER.sellerId).orders.find((o) => o.id !== order.id)!
      expect(await t.client.transactionsForOrder(other.id)).toEqual([])
      const e = await rejects(t.client.listTransactions({}))
      expect(e.code).toBe('AMAZON_REJECTED')
      expect(e.message).toMatch(/postedAfter is required/)
    } finally {
      await t.close()
    }
  })
})
