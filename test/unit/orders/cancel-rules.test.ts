import { describe, expect, it } from 'vitest'
import { defaultCancelItems, splitCancelProblem, unitsLeftToShip, type ItemMoney } from '../../../src/main/orders/rules'

const item = (o: Partial<ItemMoney> = {}): ItemMoney => ({
  orderItemId: '11111111111111',
  sku: 'MUG',
  currency: 'USD',
  quantityOrdered: 3,
  quantityShipped: 0,
  quantityCancelled: 0,
  itemPriceMinor: 3000,
  itemTaxMinor: 240,
  shippingPriceMinor: null,
  shippingTaxMinor: null,
  promotionDiscountMinor: null,
  ...o
})

describe('cancel rules', () => {
  it('a split is cancelled only while it holds exactly the units left of each item', () => {
    expect(splitCancelProblem([item()], [{ orderItemId: '11111111111111', quantity: 3 }])).toBeNull()
    // The item was cancelled some other way after the split was made: nothing to cancel again.
    expect(splitCancelProblem([item({ quantityCancelled: 3 })], [{ orderItemId: '11111111111111', quantity: 3 }])).toMatch(
      /nothing left to cancel/
    )
    // Units shipped since the split: the split holds more than is left; never cancel blindly.
    expect(splitCancelProblem([item({ quantityShipped: 1 })], [{ orderItemId: '11111111111111', quantity: 3 }])).toMatch(
      /only 2 are still unshipped/
    )
    expect(splitCancelProblem([item()], [{ orderItemId: '99', quantity: 1 }])).toMatch(/not part of this order/)
  })

  it('default cancel items: nothing shipped, something left, an Amazon order item id', () => {
    const items = [
      item({ orderItemId: 'A' }),
      item({ orderItemId: 'B', quantityShipped: 1 }),
      item({ orderItemId: 'C', quantityCancelled: 3 }),
      item({ orderItemId: null, sku: 'MINIMAL' })
    ]
    expect(defaultCancelItems(items).map((i) => i.orderItemId)).toEqual(['A'])
  })

  it('units left to ship after a cancellation (partial cancel keeps the order shippable)', () => {
    const items = [item({ orderItemId: 'A' }), item({ orderItemId: 'B', quantityOrdered: 1 })]
    expect(unitsLeftToShip(items, [{ orderItemId: 'B', quantity: 1 }])).toBe(3)
    expect(
      unitsLeftToShip(items, [
        { orderItemId: 'A', quantity: 3 },
        { orderItemId: 'B', quantity: 1 }
      ])
    ).toBe(0)
    expect(unitsLeftToShip([item({ orderItemId: 'A', quantityShipped: 2 })], [{ orderItemId: 'A', quantity: 1 }])).toBe(0)
  })
})

describe('retry of failed refunds', () => {
  it('a failed refund retried after a new one was issued for the same item would over-refund', async () => {
    const { checkRetry } = await import('../../../src/main/orders/rules')
    const shipped = item({ quantityShipped: 3 })
    const line = (amountMinor: number) => [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor }] }]
    const fmt = (m: number) => String(m)
    // Paid 3000; a new refund of 2000 was issued while #7 (2000) had failed.
    const r = checkRetry([shipped], new Map([['11111111111111', { Principal: 2000 }]]), [{ id: 7, lines: line(2000) }], fmt)
    expect(r[0]!.problems[0]).toMatchObject({
      overRefund: true,
      message: 'MUG Principal: paid 3000, already refunded or queued 2000, requested 2000'
    })
    // Two failed entries of 1000 and 1500 on nothing committed: the second sees the first.
    const two = checkRetry(
      [shipped],
      new Map(),
      [
        { id: 1, lines: line(1000) },
        { id: 2, lines: line(1500) }
      ],
      fmt
    )
    expect(two.map((x) => x.problems.length)).toEqual([0, 0])
    const three = checkRetry(
      [shipped],
      new Map(),
      [
        { id: 1, lines: line(2000) },
        { id: 2, lines: line(1500) }
      ],
      fmt
    )
    expect(three.map((x) => x.problems.length)).toEqual([0, 1])
  })
})
