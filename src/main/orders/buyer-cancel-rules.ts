/**
 * Buyer-cancellation hold rules (#7). Pure: no IO, no clock (callers pass `now`).
 *
 * A buyer cannot cancel an Amazon order after the first 30 minutes; they can only request it, and
 * the seller has 2 days to answer before the buyer may go to Amazon (claim-rules.md §3.4: the
 * 2 days are documented by Sellercloud, not found verbatim in Amazon's own help). The deadline is
 * an instant: requestedAt + exactly 48 h in UTC. A time-zone or DST change moves how it is
 * *displayed*, never when it falls.
 */
import { durationMs, RULES } from '../../shared/rules'

/** The answer window is data in the rule pack (`order.buyerCancelAnswer`: dated, with its sources). */
const ANSWER_RULE = 'order.buyerCancelAnswer'

export const LOCAL_IN_PROCESS = 'In Process'
export const LOCAL_ON_HOLD = 'On Hold'
export const LOCAL_CANCELLED = 'Cancelled'
export const LOCAL_COMPLETED = 'Completed'

/** requestedAt + the answer window (48 h) as a UTC ISO instant. */
export function holdDueAt(requestedAt: string): string {
  if (Number.isNaN(Date.parse(requestedAt))) throw new Error(`not a date: ${requestedAt}`)
  const w = RULES.place(ANSWER_RULE, null, requestedAt)
  if (!w) throw new Error(`no ${ANSWER_RULE} rule for ${requestedAt}`)
  return w.closesAt
}

/** Amazon's item-level flag: the Orders API sends the STRING "true"/"false"; reports true/false/TRUE/yes. */
export function parseCancelFlag(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v !== 'string') return false
  const s = v.trim().toLowerCase()
  return s === 'true' || s === 'yes' || s === 'y' || s === '1'
}

export type ShippingStatus = 'Unshipped' | 'PartiallyShipped' | 'Shipped'

/** Shipping status from Amazon's OrderStatus and the item quantities. */
export function shippingStatusOf(
  status: string | null | undefined,
  items: { quantityOrdered: number; quantityShipped: number; quantityCancelled?: number }[]
): ShippingStatus {
  if (status === 'Shipped') return 'Shipped'
  if (status === 'PartiallyShipped') return 'PartiallyShipped'
  const shipped = items.reduce((a, i) => a + i.quantityShipped, 0)
  // Cancelled units will never ship: an order whose other units all shipped is Shipped.
  const ordered = items.reduce((a, i) => a + Math.max(i.quantityShipped, i.quantityOrdered - (i.quantityCancelled ?? 0)), 0)
  if (shipped <= 0) return 'Unshipped'
  return shipped >= ordered ? 'Shipped' : 'PartiallyShipped'
}

export type BuyerCancelDecision =
  /** Put the order On Hold, open a request. */
  | { kind: 'hold' }
  /** Already (partly) shipped: not held, flagged for follow-up. */
  | { kind: 'follow-up' }
  | { kind: 'none'; why: string }

/**
 * What a buyer's cancellation request does to an order. Re-reading the same data changes nothing:
 * an order that already has a request (any status) gets no second one.
 */
export function decideBuyerCancel(x: {
  flagged: boolean
  shippingStatus: string | null
  localStatus: string | null
  cancelled: boolean
  hasRequest: boolean
}): BuyerCancelDecision {
  if (!x.flagged) return { kind: 'none', why: 'no buyer cancellation request' }
  if (x.hasRequest) return { kind: 'none', why: 'the request is already recorded' }
  if (x.cancelled) return { kind: 'none', why: 'the order is already cancelled' }
  if (x.shippingStatus === 'Shipped' || x.shippingStatus === 'PartiallyShipped') return { kind: 'follow-up' }
  if (x.shippingStatus === 'Unshipped' && x.localStatus === LOCAL_IN_PROCESS) return { kind: 'hold' }
  return { kind: 'none', why: `the order is ${x.localStatus ?? 'not in process'}` }
}

/** Whether an order may go into a shipping export: not cancelled, not On Hold, not shipped yet. */
export function isShippable(o: {
  cancelledAt: string | null
  localStatus: string | null
  shippingStatus: string | null
  status: string | null
}): boolean {
  if (o.cancelledAt) return false
  if (o.status === 'Canceled' || o.status === 'Pending') return false
  if (o.localStatus === LOCAL_ON_HOLD || o.localStatus === LOCAL_CANCELLED) return false
  return o.shippingStatus === 'Unshipped' || o.shippingStatus === 'PartiallyShipped'
}

/** Whether the "12 hours left" notification is due for a request now (once per request). */
export function notificationDue(r: { status: string; dueAt: string; notifiedAt: string | null }, now: Date): boolean {
  if (r.status !== 'open' || r.notifiedAt) return false
  const urgent = RULES.ruleFor(ANSWER_RULE, null, now.toISOString())?.urgentBefore
  return Date.parse(r.dueAt) - now.getTime() <= durationMs(urgent)
}

/** Why an open hold can't be accepted any more (null = it can). */
export function acceptBlocker(o: { shippingStatus: string | null; cancelledAt: string | null; status: string | null }): string | null {
  if (o.shippingStatus === 'Shipped' || o.shippingStatus === 'PartiallyShipped' || o.status === 'Shipped') {
    return 'the order has shipped meanwhile, so it can no longer be cancelled; decline the request or follow up with the buyer'
  }
  if (o.cancelledAt || o.status === 'Canceled') return 'the order is already cancelled'
  return null
}
