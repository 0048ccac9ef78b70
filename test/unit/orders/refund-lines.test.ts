/** The refund dialog's arithmetic (src/renderer/src/pages/orders/refund-lines.ts). */
import { describe, expect, it } from 'vitest'
import type { OrderItemView } from '../../../src/shared/contract/orders'
import { checkRefundLine, proRataAmounts } from '../../../src/renderer/src/pages/orders/refund-lines'

// 3 mugs at 19.99 each (59.97), 5.00 off, shipping 4.99, tax 4.80 / 0.40; 10.00 principal already refunded.
const item = (over: Partial<OrderItemView> = {}): OrderItemView => ({
  id: 'i1',
  orderItemId: '24027839536456',
  sku: 'MUG-11OZ-WHT',
  asin: null,
  title: null,
  quantityOrdered: 3,
  quantityShipped: 3,
  quantityCancelled: 0,
  currency: 'USD',
  itemPriceMinor: 5997,
  itemTaxMinor: 480,
  shippingPriceMinor: 499,
  shippingTaxMinor: 40,
  promotionDiscountMinor: 500,
  refundedMinor: { Principal: 1000 },
  refundableMinor: { Principal: 4497, Shipping: 499, Tax: 480, ShippingTax: 40, Total: 5516 },
  buyerRequestedCancel: false,
  buyerCancelReason: null,
  physicalQuantity: null,
  ...over
})
const amounts = (Principal: string, Shipping = '', Tax = '', ShippingTax = '') => ({ Principal, Shipping, Tax, ShippingTax })

describe('refund dialog lines', () => {
  it('reads typed amounts exactly and sums them in minor units', () => {
    const r = checkRefundLine(item(), { quantity: 1, amounts: amounts('14.99', '', '1.60') }, 'USD')
    expect(r.minor).toEqual({ Principal: 1499, Shipping: 0, Tax: 160, ShippingTax: 0 })
    expect(r.total).toBe(1659)
    expect(r.problems).toEqual([])
  })

  it('names each bad amount, and says nothing of a zero total it cannot compute', () => {
    const r = checkRefundLine(item(), { quantity: 1, amounts: amounts('14,99', '-1') }, 'USD')
    expect(r.problems).toEqual([
      { kind: 'error', code: 'badAmount', component: 'Principal', text: '14,99' },
      { kind: 'error', code: 'badAmount', component: 'Shipping', text: '-1' }
    ])
    // More decimals than the currency has is not an amount (JPY has none).
    expect(checkRefundLine(item({ currency: 'JPY' }), { quantity: 1, amounts: amounts('100.5') }, 'JPY').problems[0]).toMatchObject({
      code: 'badAmount'
    })
  })

  it('refuses a zero refund and a quantity outside the shipped units', () => {
    expect(checkRefundLine(item(), { quantity: 1, amounts: amounts('0.00') }, 'USD').problems).toEqual([{ kind: 'error', code: 'zero' }])
    expect(checkRefundLine(item({ quantityShipped: 2 }), { quantity: 3, amounts: amounts('1.00') }, 'USD').problems).toEqual([
      { kind: 'error', code: 'badQuantity', max: 2 }
    ])
    expect(checkRefundLine(item(), { quantity: 1.5, amounts: amounts('1.00') }, 'USD').problems).toEqual([
      { kind: 'error', code: 'badQuantity', max: 3 }
    ])
  })

  it('flags over-refunds per component first, else on the total (a warning the store may allow)', () => {
    expect(checkRefundLine(item(), { quantity: 3, amounts: amounts('44.98') }, 'USD').problems).toEqual([
      { kind: 'over', code: 'overComponent', component: 'Principal', maxMinor: 4497 }
    ])
    // Within every component but over the line's refundable total (something else took part of it).
    const shared = item({ refundableMinor: { Principal: 4497, Shipping: 499, Tax: 480, ShippingTax: 40, Total: 5000 } })
    expect(checkRefundLine(shared, { quantity: 3, amounts: amounts('44.97', '4.99', '0.50') }, 'USD').problems).toEqual([
      { kind: 'over', code: 'overTotal', maxMinor: 5000 }
    ])
  })

  it('proposes the pro-rata share of what was paid for a quantity, rounded down, capped by what is refundable', () => {
    // Principal paid 54.97 for 3: one unit = 18.3233… -> 18.32; shipping 4.99/3 -> 1.66; tax 4.80/3 = 1.60; 0.40/3 -> 0.13.
    expect(proRataAmounts(item(), 1, 'USD')).toEqual({ Principal: '18.32', Shipping: '1.66', Tax: '1.60', ShippingTax: '0.13' })
    // All three: the paid principal (54.97) is more than is still refundable (44.97).
    expect(proRataAmounts(item(), 3, 'USD')).toEqual({ Principal: '44.97', Shipping: '4.99', Tax: '4.80', ShippingTax: '0.40' })
    expect(proRataAmounts(item(), 0, 'USD')).toBeNull()
    expect(proRataAmounts(item(), 4, 'USD')).toBeNull()
  })
})

describe('a typed "+" amount (issue 12 §3: it blanked the app)', () => {
  it('is read as the amount, never thrown on', () => {
    expect(() => checkRefundLine(item(), { quantity: 1, amounts: amounts('+5.00') }, 'USD')).not.toThrow()
    expect(checkRefundLine(item(), { quantity: 1, amounts: amounts('+5.00') }, 'USD')).toMatchObject({ total: 500, problems: [] })
    for (const text of ['+', '+-5', '+.', '5e2'])
      expect(checkRefundLine(item(), { quantity: 1, amounts: amounts(text) }, 'USD').problems).toContainEqual({
        kind: 'error',
        code: 'badAmount',
        component: 'Principal',
        text
      })
  })
})
