import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildOrderAcknowledgementFeed,
  buildPaymentAdjustmentFeed,
  FEED_TYPES,
  parseProcessingReport,
  XML_FEED_CONTENT_TYPE
} from '../../../src/main/amazon/feeds/xml'
import type { SpApiClient } from '../../../src/main/amazon/spapi'
import type { AppError } from '../../../src/main/errors'
import { SELLER, setup } from './helpers'

const MP = SELLER.marketplaceIds

async function submit(client: SpApiClient, feedType: string, xml: string) {
  const doc = await client.createFeedDocument(XML_FEED_CONTENT_TYPE)
  await client.uploadFeedDocument(doc.url, xml, XML_FEED_CONTENT_TYPE)
  const { feedId } = await client.createFeed({ feedType, marketplaceIds: MP, inputFeedDocumentId: doc.feedDocumentId })
  const feed = await client.waitForFeed(feedId, { intervalMs: 50 })
  return { feed, doc }
}

describe('feeds round trip', () => {
  let t: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    t = await setup({ speedUp: 20 })
  })
  afterAll(() => t.close())

  it('applies valid refunds exactly once and reports per-message errors', async () => {
    const data = t.emu.seller(SELLER.sellerId)
    const shipped = data.orders.filter((o) => o.status === 'Shipped')
    const [a, b] = [shipped[0]!, shipped[1]!]
    const itemA = a.items[0]!
    const itemB = b.items[0]!
    const ok = {
      amazonOrderItemCode: itemA.orderItemId,
      merchantAdjustmentItemId: 'ADJ-OK-1',
      reason: 'CustomerReturn' as const,
      currency: 'USD',
      components: [
        { type: 'Principal' as const, amountMinor: itemA.priceMinor },
        { type: 'Tax' as const, amountMinor: itemA.taxMinor }
      ]
    }
    let xml = buildPaymentAdjustmentFeed({
      merchantIdentifier: SELLER.sellerId,
      messages: [
        { messageId: 1, amazonOrderId: a.id, items: [ok] },
        { messageId: 2, amazonOrderId: '111-0000000-0000000', items: [{ ...ok, merchantAdjustmentItemId: 'ADJ-UNKNOWN' }] },
        {
          messageId: 3,
          amazonOrderId: b.id,
          items: [
            {
              ...ok,
              amazonOrderItemCode: itemB.orderItemId,
              merchantAdjustmentItemId: 'ADJ-OVER',
              components: [
                { type: 'Principal', amountMinor: itemB.priceMinor + itemB.taxMinor + itemB.shippingMinor + itemB.shippingTaxMinor + 1 }
              ]
            }
          ]
        },
        {
          messageId: 4,
          amazonOrderId: b.id,
          items: [{ ...ok, amazonOrderItemCode: itemB.orderItemId, merchantAdjustmentItemId: 'ADJ-BADREASON', reason: 'GeneralAdjustment' }]
        }
      ]
    })
    // The builder refuses bad reason codes, so write one by hand as a careless client would.
    xml = xml.replace('<AdjustmentReason>GeneralAdjustment</AdjustmentReason>', '<AdjustmentReason>Refund</AdjustmentReason>')
    const { feed } = await submit(t.client, FEED_TYPES.refund, xml)
    expect(feed.processingStatus).toBe('DONE')
    const report = parseProcessingReport(await (await t.client.feedResult(feed))!.text())
    expect(report.documentTransactionId).toBe(feed.feedId)
    expect(report.summary).toEqual({ processed: 4, successful: 1, withError: 3, withWarning: 0 })
    expect(report.results.map((r) => [r.messageId, r.resultMessageCode])).toEqual([
      [2, '18028'],
      [3, '18030'],
      [4, '5000']
    ])
    expect(report.results[1]!.additionalInfo).toMatchObject({ AmazonOrderID: b.id })
    expect(t.emu.refundCount({ adjustmentId: 'ADJ-OK-1' })).toBe(1)
    expect(t.emu.refundCount()).toBe(1)
    expect(t.emu.refunds({ orderId: a.id })[0]!.amountMinor).toBe(itemA.priceMinor + itemA.taxMinor)

    // Refunding the same line again would exceed what was paid: rejected, still exactly once.
    const again = await submit(
      t.client,
      FEED_TYPES.refund,
      buildPaymentAdjustmentFeed({ merchantIdentifier: SELLER.sellerId, messages: [{ messageId: 1, amazonOrderId: a.id, items: [ok] }] })
    )
    const r2 = parseProcessingReport(await (await t.client.feedResult(again.feed))!.text())
    expect(r2.summary.withError).toBe(1)
    expect(t.emu.refundCount({ adjustmentId: 'ADJ-OK-1' })).toBe(1)

    // Recovery: getFeeds (all pages) finds the feed by type and creation time; the model's Feed
    // has no inputFeedDocumentId, the emulator's inspection helper confirms the match.
    const listed = await t.client.listFeeds({ feedTypes: [FEED_TYPES.refund], pageSize: 1, createdSince: again.feed.createdTime })
    expect(listed.map((f) => f.feedId)).toEqual([again.feed.feedId])
    expect(t.emu.feed(again.feed.feedId)!.inputFeedDocumentId).toBe(again.doc.feedDocumentId)
  })

  it('cancels a buyer-requested cancellation through an order acknowledgement', async () => {
    const data = t.emu.seller(SELLER.sellerId)
    const o = data.orders.find((x) => x.status === 'Unshipped' && x.items.some((i) => i.buyerCancel))!
    const xml = buildOrderAcknowledgementFeed({
      merchantIdentifier: SELLER.sellerId,
      messages: [
        {
          messageId: 1,
          amazonOrderId: o.id,
          statusCode: 'Failure',
          items: o.items.map((i) => ({ amazonOrderItemCode: i.orderItemId, cancelReason: 'BuyerCanceled' as const }))
        }
      ]
    })
    const { feed } = await submit(t.client, FEED_TYPES.cancel, xml)
    const report = parseProcessingReport(await (await t.client.feedResult(feed))!.text())
    expect(report.summary.withError).toBe(0)
    expect(t.emu.cancellationCount({ orderId: o.id })).toBe(o.items.length)
    const [order] = (await t.client.getOrders({ MarketplaceIds: MP, CreatedAfter: '2000-01-01T00:00:00Z', AmazonOrderIds: [o.id] })).Orders
    expect(order!.OrderStatus).toBe('Canceled')
  })

  it('a FATAL feed applies nothing; a wrong upload content type is refused', async () => {
    const before = t.emu.refundCount()
    const o = t.emu.seller(SELLER.sellerId).orders.filter((x) => x.status === 'Shipped')[2]!
    t.emu.inject({ kind: 'feedFatal' })
    const xml = buildPaymentAdjustmentFeed({
      merchantIdentifier: SELLER.sellerId,
      messages: [
        {
          messageId: 1,
          amazonOrderId: o.id,
          items: [
            {
              amazonOrderItemCode: o.items[0]!.orderItemId,
              reason: 'CustomerReturn',
              currency: 'USD',
              components: [{ type: 'Principal', amountMinor: 100 }]
            }
          ]
        }
      ]
    })
    const { feed } = await submit(t.client, FEED_TYPES.refund, xml)
    expect(feed.processingStatus).toBe('FATAL')
    expect(await t.client.feedResult(feed)).toBeNull()
    expect(t.emu.refundCount()).toBe(before)

    const doc = await t.client.createFeedDocument(XML_FEED_CONTENT_TYPE)
    const e = (await t.client.uploadFeedDocument(doc.url, xml, 'text/xml').catch((x: unknown) => x)) as AppError
    expect(e.code).toBe('AMAZON_REJECTED')
  })

  it('invalid XML is one 5000 error for the whole document (MessageID 0)', async () => {
    const { feed } = await submit(t.client, FEED_TYPES.refund, '<AmazonEnvelope><Header>')
    const r = parseProcessingReport(await (await t.client.feedResult(feed))!.text())
    expect(r.results).toHaveLength(1)
    expect(r.results[0]).toMatchObject({ messageId: 0, resultMessageCode: '5000' })
  })

  it('logs carry no secrets: no refresh token, client secret, access token or document signature', () => {
    const all = t.lines.join('\n')
    expect(all.length).toBeGreaterThan(1000)
    for (const s of [SELLER.refreshToken, SELLER.clientSecret, 'Atza|', 'Atz.sprdt|', 'X-Amz-Signature']) expect(all).not.toContain(s)
  })
})
