/** Money helpers of the order screens: what was paid per component (mirrors the server's rule). */
import type { OrderItemView } from '../../../../shared/contract/orders'

export const PAID_COMPONENTS = ['Principal', 'Shipping', 'Tax', 'ShippingTax'] as const
export type PaidComponent = (typeof PAID_COMPONENTS)[number]

export function paidByComponent(i: OrderItemView): Record<PaidComponent, number> {
  return {
    Principal: Math.max(0, (i.itemPriceMinor ?? 0) - (i.promotionDiscountMinor ?? 0)),
    Shipping: i.shippingPriceMinor ?? 0,
    Tax: i.itemTaxMinor ?? 0,
    ShippingTax: i.shippingTaxMinor ?? 0
  }
}

export const cancellableUnits = (i: OrderItemView) => Math.max(0, i.quantityOrdered - i.quantityShipped - i.quantityCancelled)
