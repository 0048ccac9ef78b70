/**
 * The orders domain's deadlines (#17): ship-confirm (30 days from the order, or Amazon's
 * auto-cancel 7 days after LatestShipDate, whichever closes first), late shipment, late delivery,
 * the buyer-cancellation answer, and the A-to-z / SAFE-T claim clocks. Every window comes from the
 * rule pack; this file only finds the open rows and places the windows on them.
 */
import { and, eq, inArray, isNotNull, isNull, ne, or, type SQL } from 'drizzle-orm'
import { RULES, type PlacedWindow } from '../../shared/rules'
import type { DeadlineDraft, DeadlineSource } from '../../shared/deadlines'
import type { Db } from '../db/client'
import { buyerCancelRequests, orders } from '../db/schema'
import type { OrderClaimsService } from './claims'

export const ORDER_DEADLINE_RULES = [
  'order.shipConfirm',
  'order.lateShipment',
  'order.lateDelivery',
  'order.buyerCancelAnswer',
  'atoz.infoRequest',
  'atoz.appealInfoRequest',
  'atoz.appeal',
  'safet.file'
] as const

const orderRoute = (storeId: string, amazonOrderId: string) =>
  `#/orders/${encodeURIComponent(storeId)}/${encodeURIComponent(amazonOrderId)}`

const draft = (
  w: PlacedWindow,
  x: Pick<DeadlineDraft, 'subject' | 'subjectId' | 'storeId' | 'orderId' | 'amazonOrderId' | 'label' | 'route'>,
  ruleId: string = w.rule.id
): DeadlineDraft => ({
  key: `${ruleId}:${x.subjectId}`,
  ruleId,
  anchorAt: w.anchorAt,
  dueAt: w.closesAt,
  warnFrom: w.warnFrom,
  urgentFrom: w.urgentFrom,
  ...x
})

/**
 * The ship-confirm deadline of an unshipped order: the earlier of 30 days after the order date
 * and 7 days after LatestShipDate (claim-rules.md §3.4). Pure.
 */
export function shipConfirmWindow(o: { marketplaceId: string | null; purchaseDate: string | null; latestShipDate: string | null }) {
  const a = o.purchaseDate ? RULES.place('order.shipConfirm', o.marketplaceId, o.purchaseDate) : undefined
  const b = o.latestShipDate ? RULES.place('order.autoCancel', o.marketplaceId, o.latestShipDate) : undefined
  if (a && b) return b.closesAt < a.closesAt ? b : a
  return a ?? b
}

/** `storeMarketplace`: the store's (first) marketplace, for a minimal order that has none yet. */
export function orderDeadlineSource(d: {
  db: Db
  claims: OrderClaimsService
  storeMarketplace: (storeId: string) => string | null
}): DeadlineSource {
  return {
    domain: 'orders',
    ruleIds: ORDER_DEADLINE_RULES,
    open: ({ storeId }) => {
      const out: DeadlineDraft[] = []
      // Seller-fulfilled orders with units still to ship (FBA orders are Amazon's to ship; Pending ones are not payable yet).
      const where: SQL[] = [
        inArray(orders.shippingStatus, ['Unshipped', 'PartiallyShipped']),
        isNull(orders.cancelledAt),
        or(isNull(orders.fulfillmentChannel), ne(orders.fulfillmentChannel, 'AFN'))!,
        or(isNull(orders.status), ne(orders.status, 'Pending'))!,
        isNotNull(orders.purchaseDate)
      ]
      if (storeId) where.push(eq(orders.storeId, storeId))
      const rows = d.db
        .select({
          id: orders.id,
          storeId: orders.storeId,
          amazonOrderId: orders.amazonOrderId,
          marketplaceId: orders.marketplaceId,
          purchaseDate: orders.purchaseDate,
          latestShipDate: orders.latestShipDate,
          latestDeliveryDate: orders.latestDeliveryDate
        })
        .from(orders)
        .where(and(...where))
        .all()
      for (const row of rows) {
        const o = { ...row, marketplaceId: row.marketplaceId ?? d.storeMarketplace(row.storeId) }
        const x = {
          subject: 'order' as const,
          subjectId: o.id,
          storeId: o.storeId,
          orderId: o.id,
          amazonOrderId: o.amazonOrderId,
          label: null,
          route: orderRoute(o.storeId, o.amazonOrderId)
        }
        const ship = shipConfirmWindow(o)
        if (ship) out.push(draft(ship, x, 'order.shipConfirm'))
        const late = o.latestShipDate ? RULES.place('order.lateShipment', o.marketplaceId, o.latestShipDate) : undefined
        if (late) out.push(draft(late, x))
        const deliver = o.latestDeliveryDate ? RULES.place('order.lateDelivery', o.marketplaceId, o.latestDeliveryDate) : undefined
        if (deliver) out.push(draft(deliver, x))
      }

      // Buyer-cancellation requests waiting for an answer (their due time is stored with the request).
      const hw: SQL[] = [eq(buyerCancelRequests.status, 'open')]
      if (storeId) hw.push(eq(buyerCancelRequests.storeId, storeId))
      const holds = d.db
        .select({ h: buyerCancelRequests, amazonOrderId: orders.amazonOrderId, marketplaceId: orders.marketplaceId })
        .from(buyerCancelRequests)
        .innerJoin(orders, eq(orders.id, buyerCancelRequests.orderId))
        .where(and(...hw))
        .all()
      for (const { h, amazonOrderId, marketplaceId } of holds) {
        const w = RULES.place('order.buyerCancelAnswer', marketplaceId ?? d.storeMarketplace(h.storeId), h.requestedAt)
        if (!w) continue
        out.push({
          ...draft(w, {
            subject: 'hold',
            subjectId: String(h.id),
            storeId: h.storeId,
            orderId: h.orderId,
            amazonOrderId,
            label: h.reason,
            route: '#/holds'
          }),
          // The stored due time is the one the holds screen shows and the hold was told.
          dueAt: h.dueAt
        })
      }

      // A-to-z and SAFE-T claims with a running clock.
      for (const claim of d.claims.withClocks(storeId)) {
        const c = { ...claim, marketplaceId: claim.marketplaceId ?? d.storeMarketplace(claim.storeId) }
        const x = {
          subject: 'claim' as const,
          subjectId: String(c.id),
          storeId: c.storeId,
          orderId: c.orderId,
          amazonOrderId: c.amazonOrderId,
          label: c.claimType,
          route: orderRoute(c.storeId, c.amazonOrderId)
        }
        if (c.kind === 'atoz' && c.state === 'info-requested' && c.infoRequestedAt) {
          const w = RULES.place('atoz.infoRequest', c.marketplaceId, c.infoRequestedAt)
          if (w) out.push(draft(w, x))
        } else if (c.kind === 'atoz' && c.state === 'appealed' && c.infoRequestedAt) {
          const w = RULES.place('atoz.appealInfoRequest', c.marketplaceId, c.infoRequestedAt)
          if (w) out.push(draft(w, x))
        } else if (c.kind === 'atoz' && c.state === 'granted' && c.grantedAt) {
          const w = RULES.place('atoz.appeal', c.marketplaceId, c.grantedAt)
          if (w) out.push(draft(w, x))
        } else if (c.kind === 'safet' && c.state === 'open' && c.amazonRefundAt) {
          const w = RULES.place('safet.file', c.marketplaceId, c.amazonRefundAt)
          if (w) out.push(draft(w, x))
        }
      }
      return out
    }
  }
}
