/**
 * Pure rules of the order actions (#6): what was paid per item and component, what may still be
 * refunded, which items can be cancelled, splits. Money is integer minor units.
 */

export type ItemMoney = {
  orderItemId: string | null
  sku: string
  currency: string | null
  quantityOrdered: number
  quantityShipped: number
  quantityCancelled: number
  itemPriceMinor: number | null
  itemTaxMinor: number | null
  shippingPriceMinor: number | null
  shippingTaxMinor: number | null
  promotionDiscountMinor: number | null
}

/** An `order_items` row as better-sqlite3 returns it (snake_case columns). */
export type OrderItemDbRow = {
  order_item_id: string | null
  sku: string
  currency: string | null
  quantity_ordered: number
  quantity_shipped: number
  quantity_cancelled: number
  item_price_minor: number | null
  item_tax_minor: number | null
  shipping_price_minor: number | null
  shipping_tax_minor: number | null
  promotion_discount_minor: number | null
}

export const itemMoney = (i: OrderItemDbRow): ItemMoney => ({
  orderItemId: i.order_item_id,
  sku: i.sku,
  currency: i.currency,
  quantityOrdered: i.quantity_ordered,
  quantityShipped: i.quantity_shipped,
  quantityCancelled: i.quantity_cancelled,
  itemPriceMinor: i.item_price_minor,
  itemTaxMinor: i.item_tax_minor,
  shippingPriceMinor: i.shipping_price_minor,
  shippingTaxMinor: i.shipping_tax_minor,
  promotionDiscountMinor: i.promotion_discount_minor
})

/** The components Amazon charged the buyer, line totals (promotion discounts reduce Principal). */
export const PAID_COMPONENTS = ['Principal', 'Shipping', 'Tax', 'ShippingTax'] as const

export function paidByComponent(i: ItemMoney): Record<string, number> {
  return {
    Principal: Math.max(0, (i.itemPriceMinor ?? 0) - (i.promotionDiscountMinor ?? 0)),
    Shipping: i.shippingPriceMinor ?? 0,
    Tax: i.itemTaxMinor ?? 0,
    ShippingTax: i.shippingTaxMinor ?? 0
  }
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0)

/** What is left per component, and for the item as a whole (goodwill etc. count against the total). */
export function refundable(i: ItemMoney, committed: Record<string, number> = {}): Record<string, number> {
  // An item whose every unit was cancelled before shipping was never charged: nothing to refund.
  if (i.quantityShipped === 0 && i.quantityCancelled > 0 && i.quantityCancelled >= i.quantityOrdered)
    return Object.fromEntries([...PAID_COMPONENTS, 'Total'].map((c) => [c, 0]))
  const paid = paidByComponent(i)
  const left = Math.max(0, sum(paid) - sum(committed))
  const out: Record<string, number> = {}
  for (const c of PAID_COMPONENTS) out[c] = Math.min(left, Math.max(0, paid[c]! - (committed[c] ?? 0)))
  out.Total = left
  return out
}

export type RefundLineInput = { orderItemId: string; quantity: number; components: { type: string; amountMinor: number }[] }
export type Problem = { orderItemId: string; component: string | null; message: string; overRefund: boolean }

/**
 * Checks a refund against the order. `overRefund` problems are the ones "Allow to over-refund"
 * may waive; the others never can (unknown item, not shipped, quantity).
 */
export function checkRefund(
  items: ItemMoney[],
  committed: Map<string, Record<string, number>>,
  lines: RefundLineInput[],
  fmt: (minor: number) => string
): Problem[] {
  const out: Problem[] = []
  const seen = new Set<string>()
  for (const l of lines) {
    const item = items.find((i) => i.orderItemId === l.orderItemId)
    if (!item) {
      out.push({
        orderItemId: l.orderItemId,
        component: null,
        message: `Order item ${l.orderItemId} is not part of this order`,
        overRefund: false
      })
      continue
    }
    if (seen.has(l.orderItemId))
      out.push({
        orderItemId: l.orderItemId,
        component: null,
        message: `Order item ${l.orderItemId} (${item.sku}) appears twice; put all its amounts on one line`,
        overRefund: false
      })
    seen.add(l.orderItemId)
    if (item.quantityShipped === 0) {
      out.push({
        orderItemId: l.orderItemId,
        component: null,
        message: `${item.sku} has not shipped: Amazon refunds shipped items only; cancel an unshipped item instead`,
        overRefund: false
      })
      continue
    }
    if (l.quantity > item.quantityShipped)
      out.push({
        orderItemId: l.orderItemId,
        component: null,
        message: `${item.sku}: quantity ${l.quantity} is more than the ${item.quantityShipped} shipped`,
        overRefund: false
      })
    const paid = paidByComponent(item)
    const already = committed.get(l.orderItemId) ?? {}
    const byType: Record<string, number> = {}
    for (const c of l.components) byType[c.type] = (byType[c.type] ?? 0) + c.amountMinor
    if (sum(byType) <= 0)
      out.push({
        orderItemId: l.orderItemId,
        component: null,
        message: `${item.sku}: the refund must be more than zero`,
        overRefund: false
      })
    for (const c of PAID_COMPONENTS) {
      const want = byType[c] ?? 0
      if (want > 0 && want + (already[c] ?? 0) > paid[c]!) {
        out.push({
          orderItemId: l.orderItemId,
          component: c,
          message: `${item.sku} ${c}: paid ${fmt(paid[c]!)}, already refunded or queued ${fmt(already[c] ?? 0)}, requested ${fmt(want)}`,
          overRefund: true
        })
      }
    }
    if (sum(byType) + sum(already) > sum(paid) && !out.some((p) => p.orderItemId === l.orderItemId && p.overRefund)) {
      out.push({
        orderItemId: l.orderItemId,
        component: null,
        message: `${item.sku}: paid ${fmt(sum(paid))} in total, already refunded or queued ${fmt(sum(already))}, requested ${fmt(sum(byType))}`,
        overRefund: true
      })
    }
  }
  return out
}

/** Units of an item that can still be cancelled (not shipped, not cancelled). */
export const cancellableUnits = (i: ItemMoney) => Math.max(0, i.quantityOrdered - i.quantityShipped - i.quantityCancelled)

/**
 * Split: quantities per item limited to what is neither shipped, cancelled nor in an open split.
 * Returns problems (empty = valid).
 */
export function checkSplit(
  items: ItemMoney[],
  inOpenSplits: Map<string, number>,
  lines: { orderItemId: string; quantity: number }[]
): string[] {
  const out: string[] = []
  for (const l of lines) {
    const item = items.find((i) => i.orderItemId === l.orderItemId)
    if (!item) {
      out.push(`Order item ${l.orderItemId} is not part of this order`)
      continue
    }
    const free = cancellableUnits(item) - (inOpenSplits.get(l.orderItemId) ?? 0)
    if (l.quantity > free)
      out.push(`${item.sku}: ${l.quantity} requested, ${free} can be split off (not shipped, cancelled or already split)`)
  }
  return out
}

/**
 * Amazon cancels whole order items (OrderAcknowledgement has no quantity), so a split can only be
 * cancelled when it holds every remaining unit of each of its items: never cancel more than chosen.
 */
export function splitCancelProblem(items: ItemMoney[], lines: { orderItemId: string; quantity: number }[]): string | null {
  for (const l of lines) {
    const item = items.find((i) => i.orderItemId === l.orderItemId)
    if (!item) return `Order item ${l.orderItemId} is not part of this order`
    const left = cancellableUnits(item)
    if (left === 0) return `${item.sku} has nothing left to cancel (already cancelled or shipped since the split was made)`
    if (l.quantity > left)
      return `${item.sku}: the split holds ${l.quantity} unit(s) but only ${left} are still unshipped and not cancelled; make a new split`
    if (l.quantity < left) {
      return `Amazon cancels whole order items: ${item.sku} still has ${left} unshipped unit(s) and the split holds ${l.quantity}. Move all ${left} into the split, or ship the rest first.`
    }
  }
  return null
}

/**
 * Refund lines for returned units, pro rata of the item's principal and tax, rounded down so the
 * sum never exceeds what was paid.
 */
export function proRataLine(item: ItemMoney, quantity: number): { type: 'Principal' | 'Tax'; amountMinor: number }[] {
  const q = Math.min(quantity, item.quantityOrdered)
  const paid = paidByComponent(item)
  const part = (m: number) => (item.quantityOrdered > 0 ? Math.floor((m * q) / item.quantityOrdered) : 0)
  return [
    { type: 'Principal' as const, amountMinor: part(paid.Principal!) },
    { type: 'Tax' as const, amountMinor: part(paid.Tax!) }
  ].filter((c) => c.amountMinor > 0)
}

export type RmaItemForRefund = { sku: string; sourceSku: string; parentSku: string | null; quantity: number }

/**
 * RMA items -> refund lines on the order's items. A kit was expanded into components on the RMA
 * but Amazon's order line is the kit parent (`sourceSku`): the number of kits returned is the
 * smallest whole number the components allow (rounding down never refunds more than returned).
 */
export function rmaRefundLines(
  rmaItems: RmaItemForRefund[],
  orderItems: ItemMoney[],
  perKit: (parentSku: string, componentSku: string) => number | null
): { lines: { orderItemId: string; quantity: number; components: { type: string; amountMinor: number }[] }[]; missing: string[] } {
  const groups = new Map<string, number>()
  const kitCounts = new Map<string, number>()
  for (const i of rmaItems) {
    if (i.parentSku) {
      const per = perKit(i.parentSku, i.sku) ?? 1
      const kits = Math.floor(i.quantity / Math.max(1, per))
      kitCounts.set(i.sourceSku, Math.min(kitCounts.get(i.sourceSku) ?? Infinity, kits))
    } else groups.set(i.sourceSku, (groups.get(i.sourceSku) ?? 0) + i.quantity)
  }
  for (const [sku, n] of kitCounts) groups.set(sku, (groups.get(sku) ?? 0) + Math.max(1, n))
  const lines: { orderItemId: string; quantity: number; components: { type: string; amountMinor: number }[] }[] = []
  const missing: string[] = []
  for (const [sku, qty] of groups) {
    const item =
      orderItems.find((o) => o.sku === sku && o.orderItemId && o.quantityShipped > 0) ??
      orderItems.find((o) => o.sku === sku && o.orderItemId)
    if (!item || !item.orderItemId) {
      missing.push(sku)
      continue
    }
    const quantity = Math.max(1, Math.min(qty, item.quantityShipped || item.quantityOrdered))
    const components = proRataLine(item, quantity)
    if (components.length === 0) {
      missing.push(sku)
      continue
    }
    lines.push({ orderItemId: item.orderItemId, quantity, components })
  }
  return { lines, missing }
}

/**
 * The items a cancellation takes when the user picks none: every item with units left to cancel
 * and nothing shipped (Amazon cancels whole order items, never a partly shipped one).
 */
export const defaultCancelItems = (items: ItemMoney[]): ItemMoney[] =>
  items.filter((i) => i.orderItemId && i.quantityShipped === 0 && cancellableUnits(i) > 0)

/**
 * Units the order still has to ship once these units are cancelled: 0 = the whole order is
 * cancelled; more = a partial cancel (a split, some items), whose rest ships once Amazon has it.
 */
export function unitsLeftToShip(items: ItemMoney[], cancelling: { orderItemId: string; quantity: number }[]): number {
  let left = 0
  for (const i of items) {
    const c = cancelling.filter((l) => l.orderItemId === i.orderItemId).reduce((a, l) => a + l.quantity, 0)
    left += Math.max(0, cancellableUnits(i) - c)
  }
  return left
}

/**
 * Retrying failed refunds: each failed entry goes back on top of what is committed now (other
 * refunds may have been issued since it failed), one after the other. Entries with `overRefund`
 * problems would pay more than the buyer paid unless the store allows over-refunds.
 */
export function checkRetry(
  items: ItemMoney[],
  committed: Map<string, Record<string, number>>,
  entries: { id: number; lines: RefundLineInput[] }[],
  fmt: (minor: number) => string
): { id: number; problems: Problem[] }[] {
  const acc = new Map<string, Record<string, number>>([...committed].map(([k, v]) => [k, { ...v }]))
  const out: { id: number; problems: Problem[] }[] = []
  for (const e of entries) {
    const problems = checkRefund(items, acc, e.lines, fmt).filter((p) => p.overRefund)
    out.push({ id: e.id, problems })
    for (const l of e.lines) {
      const a = acc.get(l.orderItemId) ?? {}
      for (const c of l.components) a[c.type] = (a[c.type] ?? 0) + c.amountMinor
      acc.set(l.orderItemId, a)
    }
  }
  return out
}

/**
 * Why an order cannot be cancelled at all (null = it can): shipped; partly shipped when the
 * cancellation would go to Amazon (an acknowledgement Failure after any shipment refunds the
 * entire order, sp-api-notes §3.3); already cancelled at Amazon.
 */
export function cancelOrderProblem(
  o: { amazonOrderId: string; status: string | null; shippingStatus: string | null },
  items: ItemMoney[],
  sendToAmazon: boolean
): string | null {
  if (o.status === 'Shipped' || o.shippingStatus === 'Shipped')
    return `Order ${o.amazonOrderId} has shipped: Amazon refuses a cancellation after shipment — issue a refund instead`
  const shippedSkus = items.filter((i) => i.quantityShipped > 0).map((i) => i.sku)
  if (sendToAmazon && (shippedSkus.length > 0 || o.status === 'PartiallyShipped' || o.shippingStatus === 'PartiallyShipped')) {
    return `Order ${o.amazonOrderId} has partly shipped${shippedSkus.length ? ` (${[...new Set(shippedSkus)].join(', ')})` : ''}: a cancellation sent to Amazon now would refund the entire order. Issue a refund for what was shipped and returned instead, or handle the unshipped items in Seller Central.`
  }
  if (o.status === 'Canceled') return `Order ${o.amazonOrderId} is already cancelled at Amazon`
  return null
}

/** The lines a cancellation takes: the chosen order items (whole items), or every unshipped one. */
export function cancelLines(
  amazonOrderId: string,
  items: ItemMoney[],
  wanted: string[] | undefined
): { lines: { orderItemId: string; sku: string; quantity: number }[]; problem?: undefined } | { problem: string } {
  const ids = wanted ?? defaultCancelItems(items).map((i) => i.orderItemId!)
  if (ids.length === 0) return { problem: `Order ${amazonOrderId} has no unshipped item left to cancel` }
  if (new Set(ids).size !== ids.length) return { problem: 'An order item is listed twice' }
  const lines: { orderItemId: string; sku: string; quantity: number }[] = []
  for (const id of ids) {
    const i = items.find((x) => x.orderItemId === id)
    if (!i) return { problem: `Order item ${id} is not part of order ${amazonOrderId}` }
    if (i.quantityShipped > 0)
      return { problem: `${i.sku} has shipped: Amazon refuses a cancellation after shipment — issue a refund instead` }
    const units = cancellableUnits(i)
    if (units === 0) return { problem: `${i.sku} is already cancelled` }
    lines.push({ orderItemId: id, sku: i.sku, quantity: units })
  }
  return { lines }
}
