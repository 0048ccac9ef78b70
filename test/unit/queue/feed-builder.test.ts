import { describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { buildFeedDocuments, type FeedEntry } from '../../../src/main/queue/feed-builder'

const refund = (id: number): FeedEntry => ({
  id,
  kind: 'refund',
  amazonOrderId: `111-${String(1000000 + id)}-2000000`,
  reason: 'CustomerReturn',
  currency: 'USD',
  lines: [
    {
      orderItemId: String(30000000000000 + id),
      sku: 'MUG',
      quantity: 2,
      components: [
        { type: 'Principal', amountMinor: 2480 },
        { type: 'Tax', amountMinor: 204 }
      ]
    }
  ]
})
const parser = new XMLParser({ isArray: (n) => n === 'Message' || n === 'Component' || n === 'Item' || n === 'AdjustedItem' })

describe('feed documents from queue entries', () => {
  it('one message per entry, MessageID 1..n, line totals with two decimals', () => {
    const [doc] = buildFeedDocuments('refund', 'A2SELLER', [refund(7), refund(9)])
    const env = parser.parse(doc!.content).AmazonEnvelope
    expect(env.MessageType).toBe('OrderAdjustment')
    expect(env.Message.map((m: { MessageID: number }) => m.MessageID)).toEqual([1, 2])
    expect(doc!.entries).toEqual([
      { entryId: 7, messageId: 1 },
      { entryId: 9, messageId: 2 }
    ])
    const item = env.Message[0].OrderAdjustment.AdjustedItem[0]
    expect(item.MerchantAdjustmentItemID).toBe('SBO-7-1')
    expect(doc!.content).toContain('<Amount currency="USD">24.80</Amount>')
    expect(doc!.content).toContain('<Amount currency="USD">2.04</Amount>')
    // Element order of OrderAdjustment.xsd: ItemPriceAdjustments before Quantity.
    expect(doc!.content.indexOf('<ItemPriceAdjustments>')).toBeLessThan(doc!.content.indexOf('<Quantity>2</Quantity>'))
  })

  it('cancellations: StatusCode Failure and a CancelReason per item', () => {
    const [doc] = buildFeedDocuments('cancel', 'A2SELLER', [
      {
        id: 1,
        kind: 'cancel',
        amazonOrderId: '111-1111111-1111111',
        reason: 'BuyerCanceled',
        currency: 'USD',
        lines: [
          { orderItemId: '12345678901234', sku: 'A', quantity: 1 },
          { orderItemId: '12345678901235', sku: 'B', quantity: 3 }
        ]
      }
    ])
    const ack = parser.parse(doc!.content).AmazonEnvelope.Message[0].OrderAcknowledgement
    expect(ack.StatusCode).toBe('Failure')
    expect(ack.Item.map((i: { CancelReason: string }) => i.CancelReason)).toEqual(['BuyerCanceled', 'BuyerCanceled'])
  })

  it('splits only where the size limit forces it, each part numbered from 1', () => {
    const entries = Array.from({ length: 40 }, (_, i) => refund(i + 1))
    const whole = buildFeedDocuments('refund', 'A2SELLER', entries)
    expect(whole).toHaveLength(1)
    const parts = buildFeedDocuments('refund', 'A2SELLER', entries, Math.ceil(whole[0]!.bytes / 3))
    expect(parts.length).toBeGreaterThanOrEqual(3)
    expect(parts.length).toBeLessThanOrEqual(4)
    for (const p of parts) {
      expect(p.bytes).toBeLessThanOrEqual(Math.ceil(whole[0]!.bytes / 3))
      expect(p.entries[0]!.messageId).toBe(1)
    }
    expect(parts.flatMap((p) => p.entries.map((e) => e.entryId))).toEqual(entries.map((e) => e.id))
  })

  it('refuses a mixed batch and an entry without currency', () => {
    expect(() => buildFeedDocuments('cancel', 'A2SELLER', [refund(1)])).toThrow(/is a refund/)
    expect(() => buildFeedDocuments('refund', 'A2SELLER', [{ ...refund(1), currency: null }])).toThrow(/no currency/)
  })
})
