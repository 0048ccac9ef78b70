import { describe, expect, it } from 'vitest'
import type { ReturnRow } from '../../../src/main/amazon/reports/returns-types'
import {
  canMove,
  expandKit,
  planReceive,
  planRma,
  refundBlocker,
  trackingNote,
  type ExistingRma,
  type KitMap
} from '../../../src/main/rmas/rma-rules'

const row = (over: Partial<ReturnRow> = {}): ReturnRow => ({
  format: 'mfn-flat',
  line: 2,
  orderId: '113-6277818-1234567',
  orderDate: '2025-07-10',
  amazonRmaId: 'DfqRyqfBRRMA',
  merchantRmaId: null,
  status: 'Approved',
  requestDate: '2025-07-14',
  sku: 'MUG-11OZ-WHT',
  asin: 'B0CXYZ1234',
  itemName: 'Ceramic Mug 11 oz White',
  quantity: 1,
  reason: 'AMZ-PG-BAD-DESC',
  trackingId: '1Z999AA10123456784',
  carrier: 'UPS',
  labelType: 'AmazonPrePaidLabel',
  labelPaidBy: 'Seller',
  returnType: 'C-Returns',
  resolution: 'StandardRefund',
  returnless: false,
  inPolicy: true,
  isPrime: false,
  aToZClaim: false,
  labelCost: { amountMinor: 414, currency: 'USD' },
  orderAmount: { amountMinor: 987, currency: 'USD' },
  refundedAmount: null,
  fba: null,
  raw: { 'Order ID': '113-6277818-1234567', line: String(over.line ?? 2), sku: over.sku ?? 'MUG-11OZ-WHT' },
  ...over
})

const noKits: KitMap = new Map()
const ctx = (over: Partial<Parameters<typeof planRma>[1]> = {}) => ({
  existing: null,
  noRmaForReturnlessRefunds: false,
  kits: noKits,
  ...over
})

const existing = (
  over: Partial<ExistingRma['fields']> = {},
  skus = ['MUG-11OZ-WHT'],
  notes: string[] = [trackingNote('1Z999AA10123456784', 'UPS')]
): ExistingRma => ({
  id: 7,
  fields: {
    merchantRmaId: null,
    returnRequestStatus: 'Approved',
    returnRequestDate: '2025-07-14',
    amazonResolution: 'StandardRefund',
    returnType: 'C-Returns',
    trackingId: '1Z999AA10123456784',
    carrier: 'UPS',
    labelType: 'AmazonPrePaidLabel',
    labelPaidBy: 'Seller',
    currency: 'USD',
    refundedAmountMinor: null,
    ...over
  },
  itemSourceSkus: new Set(skus),
  trackingNotes: new Set(notes)
})

describe('RMA rules', () => {
  it('only Approved rows create RMAs; others are skipped with the reason', () => {
    expect(planRma([row({ status: 'Closed' })], ctx())).toEqual({
      action: 'skip',
      skipped: [{ line: 2, code: 'not_approved', reason: 'return request status is Closed, not Approved' }]
    })
    const mixed = planRma([row(), row({ line: 3, status: 'Pending', sku: 'SPOON' })], ctx())
    expect(mixed.action).toBe('create')
    if (mixed.action !== 'create') return
    expect(mixed.items.map((i) => i.sku)).toEqual(['MUG-11OZ-WHT'])
    expect(mixed.skipped).toEqual([{ line: 3, code: 'not_approved', reason: 'return request status is Pending, not Approved' }])
    expect(planRma([row({ status: ' approved ' })], ctx()).action).toBe('create')
  })

  it('keeps the Amazon RMA ID as the order source RMA # and links the order', () => {
    const p = planRma([row()], ctx())
    if (p.action !== 'create') throw new Error(p.action)
    expect(p.rma.orderSourceRmaId).toBe('DfqRyqfBRRMA')
    expect(p.rma.amazonOrderId).toBe('113-6277818-1234567')
  })

  it('adds the label tracking number as a note (once per tracking number)', () => {
    const p = planRma([row(), row({ line: 3, sku: 'SPOON' })], ctx())
    if (p.action !== 'create') throw new Error(p.action)
    expect(p.notes).toEqual(['Return label tracking number: 1Z999AA10123456784 (UPS)'])
    const none = planRma([row({ trackingId: null })], ctx())
    expect(none.action === 'create' && none.notes).toEqual([])
  })

  it('expands a kit parent SKU into its components with multiplied quantities', () => {
    const kits: KitMap = new Map([
      [
        'GIFT-SET',
        [
          { componentSku: 'MUG-11OZ-WHT', quantity: 2 },
          { componentSku: 'COASTER-4PK', quantity: 1 }
        ]
      ]
    ])
    expect(expandKit('GIFT-SET', 3, kits)).toEqual([
      { sku: 'MUG-11OZ-WHT', quantity: 6, parentSku: 'GIFT-SET' },
      { sku: 'COASTER-4PK', quantity: 3, parentSku: 'GIFT-SET' }
    ])
    expect(expandKit('OTHER', 3, kits)).toEqual([{ sku: 'OTHER', quantity: 3, parentSku: null }])
    const p = planRma([row({ sku: 'GIFT-SET', quantity: 2 })], ctx({ kits }))
    if (p.action !== 'create') throw new Error(p.action)
    expect(p.items.map((i) => [i.sku, i.quantity, i.parentSku, i.sourceSku])).toEqual([
      ['MUG-11OZ-WHT', 4, 'GIFT-SET', 'GIFT-SET'],
      ['COASTER-4PK', 2, 'GIFT-SET', 'GIFT-SET']
    ])
    expect(p.items.some((i) => i.sku === 'GIFT-SET')).toBe(false)
  })

  it('returnless refunds create no RMA when the store setting is on, and do when it is off', () => {
    const r = row({ returnless: true, resolution: 'Returnless refund', trackingId: null })
    expect(planRma([r], ctx({ noRmaForReturnlessRefunds: true }))).toEqual({
      action: 'skip',
      skipped: [
        {
          line: 2,
          code: 'returnless',
          reason: 'returnless refund, and the store setting "Do not create RMA for Amazon returnless refunds" is on'
        }
      ]
    })
    const off = planRma([r], ctx({ noRmaForReturnlessRefunds: false }))
    expect(off.action).toBe('create')
    expect(off.action === 'create' && off.rma.returnless).toBe(true)
  })

  it('a row whose order id is not an Amazon order id is skipped as unknown order', () => {
    const p = planRma([row({ orderId: 'S01-0000000-0000004' })], ctx())
    expect(p.action).toBe('skip')
    expect(p.skipped[0]!.code).toBe('unknown_order')
  })

  it('the same row twice in one file counts once', () => {
    const p = planRma([row(), row({ line: 3, raw: row().raw })], ctx())
    if (p.action !== 'create') throw new Error(p.action)
    expect(p.items).toHaveLength(1)
    expect(p.skipped).toEqual([{ line: 3, code: 'duplicate_row', reason: 'same return as line 2' }])
  })

  it('a later report updates status and tracking in place, adds a tracking note, never erases known values', () => {
    const later = row({ status: 'Closed', trackingId: '1Z999AA10999999999', carrier: null, labelType: null })
    const p = planRma([later], ctx({ existing: existing() }))
    if (p.action !== 'update') throw new Error(p.action)
    expect(p.changes).toEqual({ returnRequestStatus: 'Closed', trackingId: '1Z999AA10999999999' })
    expect(p.notes).toEqual(['Return label tracking number: 1Z999AA10999999999'])
    expect(p.detail).toBe('Amazon status: Approved → Closed; tracking: 1Z999AA10123456784 → 1Z999AA10999999999')
  })

  it('the same data again changes nothing (idempotent), also flat-file day vs XML instant', () => {
    expect(planRma([row()], ctx({ existing: existing() }))).toEqual({ action: 'unchanged', skipped: [] })
    // Dates are stored as days whatever the report: the XML's instant is the same day.
    expect(planRma([row({ requestDate: '2025-07-14T12:44:17.000Z' })], ctx({ existing: existing() }))).toEqual({
      action: 'unchanged',
      skipped: []
    })
    const p = planRma([row({ requestDate: '2025-07-14T12:44:17.000Z', orderDate: '2025-07-10T17:08:47.000Z' })], ctx({ existing: null }))
    if (p.action !== 'create') throw new Error(p.action)
    expect([p.rma.returnRequestDate, p.rma.orderDate]).toEqual(['2025-07-14', '2025-07-10'])
  })

  it('a later report with a new Approved item adds it to the existing RMA', () => {
    const p = planRma([row(), row({ line: 3, sku: 'SPOON', raw: { x: 'spoon' } })], ctx({ existing: existing() }))
    if (p.action !== 'update') throw new Error(p.action)
    expect(p.addItems.map((i) => i.sku)).toEqual(['SPOON'])
  })

  it('RMA status moves forward only, Open -> Received -> Refunded -> Closed', () => {
    expect(canMove('Open', 'Received')).toBe(true)
    expect(canMove('Received', 'Refunded')).toBe(true)
    expect(canMove('Refunded', 'Closed')).toBe(true)
    expect(canMove('Open', 'Closed')).toBe(true)
    expect(canMove('Refunded', 'Open')).toBe(false)
    expect(canMove('Closed', 'Received')).toBe(false)
  })

  it('receiving adds up, may not exceed the returned quantity, and completes to Received', () => {
    const items = [
      { id: 1, quantity: 2, receivedQuantity: 0 },
      { id: 2, quantity: 1, receivedQuantity: 0 }
    ]
    const part = planReceive('Open', items, [{ itemId: 1, quantity: 1, condition: 'sellable' }])
    expect(part).toEqual({
      received: new Map([
        [1, 1],
        [2, 0]
      ]),
      moveTo: null
    })
    const all = planReceive('Open', items, [
      { itemId: 1, quantity: 2, condition: 'sellable' },
      { itemId: 2, quantity: 1, condition: 'damaged' }
    ])
    expect('moveTo' in all && all.moveTo).toBe('Received')
    expect(planReceive('Open', items, [{ itemId: 1, quantity: 3, condition: 'sellable' }])).toEqual({
      error: 'Item 1: receiving 3 would make 3 of 2 returned'
    })
    expect(planReceive('Open', items, [{ itemId: 9, quantity: 1, condition: 'sellable' }])).toEqual({ error: 'Item 9 is not on this RMA' })
    expect(planReceive('Closed', items, [{ itemId: 1, quantity: 1, condition: 'sellable' }])).toEqual({
      error: "An RMA that is Closed can't receive items"
    })
  })

  it('a refund is requested once per RMA, not after Refunded or Closed', () => {
    expect(refundBlocker('Received', 0)).toBeNull()
    expect(refundBlocker('Open', 0)).toBeNull()
    expect(refundBlocker('Received', 1)).toMatch(/already requested/)
    expect(refundBlocker('Closed', 0)).toMatch(/already Closed/)
  })
})
