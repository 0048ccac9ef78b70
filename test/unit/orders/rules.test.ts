import { describe, expect, it } from 'vitest'
import {
  cancelLines,
  cancelOrderProblem,
  checkRefund,
  checkSplit,
  paidByComponent,
  proRataLine,
  refundable,
  rmaRefundLines,
  splitCancelProblem,
  type ItemMoney
} from '../../../src/main/orders/rules'

const item = (o: Partial<ItemMoney> = {}): ItemMoney => ({
  orderItemId: '11111111111111',
  sku: 'MUG',
  currency: 'USD',
  quantityOrdered: 3,
  quantityShipped: 3,
  quantityCancelled: 0,
  itemPriceMinor: 3000,
  itemTaxMinor: 240,
  shippingPriceMinor: 500,
  shippingTaxMinor: 40,
  promotionDiscountMinor: 300,
  ...o
})
const fmt = (m: number) => `$${(m / 100).toFixed(2)}`

describe('order rules', () => {
  it('paid per component: a promotion reduces Principal', () => {
    expect(paidByComponent(item())).toEqual({ Principal: 2700, Shipping: 500, Tax: 240, ShippingTax: 40 })
    expect(refundable(item(), { Principal: 2000, Goodwill: 700 })).toEqual({
      Principal: 700,
      Shipping: 500,
      Tax: 240,
      ShippingTax: 40,
      Total: 780
    })
  })

  it('over-refund per component and per item total; waivable problems are flagged', () => {
    const committed = new Map([['11111111111111', { Principal: 2000 }]])
    const ok = checkRefund(
      [item()],
      committed,
      [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor: 700 }] }],
      fmt
    )
    expect(ok).toEqual([])
    const over = checkRefund(
      [item()],
      committed,
      [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor: 701 }] }],
      fmt
    )
    expect(over).toEqual([
      {
        orderItemId: '11111111111111',
        component: 'Principal',
        message: 'MUG Principal: paid $27.00, already refunded or queued $20.00, requested $7.01',
        overRefund: true
      }
    ])
    const goodwill = checkRefund(
      [item()],
      committed,
      [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Goodwill', amountMinor: 1481 }] }],
      fmt
    )
    expect(goodwill[0]).toMatchObject({ component: null, overRefund: true })
    expect(
      checkRefund(
        [item()],
        committed,
        [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Goodwill', amountMinor: 1480 }] }],
        fmt
      )
    ).toEqual([])
  })

  it('hard problems: unknown item, not shipped, too many units, nothing to refund', () => {
    const none = new Map()
    expect(
      checkRefund([item()], none, [{ orderItemId: 'x', quantity: 1, components: [{ type: 'Principal', amountMinor: 1 }] }], fmt)[0]
    ).toMatchObject({ overRefund: false, message: expect.stringMatching(/not part/) })
    expect(
      checkRefund(
        [item({ quantityShipped: 0 })],
        none,
        [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor: 1 }] }],
        fmt
      )[0]!.message
    ).toMatch(/not shipped/)
    expect(
      checkRefund(
        [item()],
        none,
        [{ orderItemId: '11111111111111', quantity: 4, components: [{ type: 'Principal', amountMinor: 1 }] }],
        fmt
      )[0]!.message
    ).toMatch(/more than the 3 shipped/)
    expect(
      checkRefund(
        [item()],
        none,
        [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor: 0 }] }],
        fmt
      )[0]!.message
    ).toMatch(/more than zero/)
  })

  it('splits and whole-item cancellation', () => {
    const unshipped = item({ quantityShipped: 0 })
    expect(checkSplit([unshipped], new Map([['11111111111111', 2]]), [{ orderItemId: '11111111111111', quantity: 2 }])).toEqual([
      'MUG: 2 requested, 1 can be split off (not shipped, cancelled or already split)'
    ])
    expect(splitCancelProblem([unshipped], [{ orderItemId: '11111111111111', quantity: 3 }])).toBeNull()
    expect(splitCancelProblem([unshipped], [{ orderItemId: '11111111111111', quantity: 1 }])).toMatch(/whole order items/)
  })

  it('pro rata refund of returned units rounds down, never above what was paid', () => {
    expect(proRataLine(item({ itemPriceMinor: 1000, promotionDiscountMinor: 0, itemTaxMinor: 100 }), 1)).toEqual([
      { type: 'Principal', amountMinor: 333 },
      { type: 'Tax', amountMinor: 33 }
    ])
    expect(proRataLine(item({ itemPriceMinor: 1000, promotionDiscountMinor: 0, itemTaxMinor: 100 }), 3)).toEqual([
      { type: 'Principal', amountMinor: 1000 },
      { type: 'Tax', amountMinor: 100 }
    ])
  })

  it('RMA items map to order lines; kit components to their parent line', () => {
    const orderItems = [
      item({
        sku: 'GIFT-SET',
        orderItemId: '22222222222222',
        quantityOrdered: 2,
        quantityShipped: 2,
        itemPriceMinor: 4000,
        promotionDiscountMinor: 0,
        itemTaxMinor: 320
      }),
      item()
    ]
    const perKit = (p: string, c: string) =>
      p === 'GIFT-SET' ? (({ 'MUG-A': 2, 'SPOON-B': 1 } as Record<string, number>)[c] ?? null) : null
    const r = rmaRefundLines(
      [
        { sku: 'MUG-A', sourceSku: 'GIFT-SET', parentSku: 'GIFT-SET', quantity: 2 },
        { sku: 'SPOON-B', sourceSku: 'GIFT-SET', parentSku: 'GIFT-SET', quantity: 1 },
        { sku: 'MUG', sourceSku: 'MUG', parentSku: null, quantity: 1 },
        { sku: 'LAMP', sourceSku: 'LAMP', parentSku: null, quantity: 1 }
      ],
      orderItems,
      perKit
    )
    expect(r.lines).toEqual([
      {
        orderItemId: '11111111111111',
        quantity: 1,
        components: [
          { type: 'Principal', amountMinor: 900 },
          { type: 'Tax', amountMinor: 80 }
        ]
      },
      {
        orderItemId: '22222222222222',
        quantity: 1,
        components: [
          { type: 'Principal', amountMinor: 2000 },
          { type: 'Tax', amountMinor: 160 }
        ]
      }
    ])
    expect(r.missing).toEqual(['LAMP'])
  })

  it('cancel: never after shipment, never a partly shipped order at Amazon; whole unshipped items by default', () => {
    const o = { amazonOrderId: '111-0000000-0000000', status: 'Unshipped', shippingStatus: 'Unshipped' }
    const a = item({ orderItemId: 'A', sku: 'A', quantityShipped: 0 })
    const b = item({ orderItemId: 'B', sku: 'B', quantityShipped: 0, quantityCancelled: 3 })
    expect(cancelOrderProblem(o, [a, b], true)).toBeNull()
    expect(cancelOrderProblem({ ...o, status: 'Shipped' }, [a], true)).toMatch(/has shipped/)
    expect(cancelOrderProblem(o, [a, item({ orderItemId: 'C', sku: 'C', quantityShipped: 1 })], true)).toMatch(/partly shipped \(C\)/)
    expect(cancelOrderProblem(o, [a, item({ orderItemId: 'C', sku: 'C', quantityShipped: 1 })], false)).toBeNull()
    expect(cancelOrderProblem({ ...o, status: 'Canceled' }, [a], true)).toMatch(/already cancelled/)
    expect(cancelLines(o.amazonOrderId, [a, b], undefined)).toEqual({ lines: [{ orderItemId: 'A', sku: 'A', quantity: 3 }] })
    expect(cancelLines(o.amazonOrderId, [a, b], ['B'])).toEqual({ problem: 'B is already cancelled' })
    expect(cancelLines(o.amazonOrderId, [a, b], ['A', 'A'])).toEqual({ problem: 'An order item is listed twice' })
    expect(cancelLines(o.amazonOrderId, [b], undefined)).toMatchObject({ problem: expect.stringMatching(/no unshipped item/) })
  })
})
