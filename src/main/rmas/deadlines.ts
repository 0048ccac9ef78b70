/**
 * The RMAs domain's deadline (#17): refund a seller-fulfilled return within 4 calendar days after
 * it is delivered back (rule `return.refund`, from 26 Jan 2026), counted from the returns
 * report's "Return delivery date" of the RMA on the marketplace's calendar. And the returns
 * report's "A-to-Z Claim" flag, which the deadlines service records as an A-to-z claim on the order.
 *
 * Both cells are read from `rma_items.raw` (the report cells not kept in typed columns): the
 * streaming import and the team server's copy of it stay as they are.
 */
import { and, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm'
import { RULES, startOfLocalDate, timeZoneOf } from '../../shared/rules'
import type { DeadlineDraft, DeadlineSource } from '../../shared/deadlines'
import { parseBool, parseReportDate } from '../amazon/reports/returns'
import { normalizeHeader } from '../amazon/reports/tabular'
import type { Db } from '../db/client'
import { rmaItems, rmas } from '../db/schema'
import type { OrdersService } from '../orders/service'

export const RMA_DEADLINE_RULES = ['return.refund'] as const

const cellOf = (raw: Record<string, string> | null, name: string): string | null => {
  if (!raw) return null
  for (const [k, v] of Object.entries(raw)) if (normalizeHeader(k) === name && v.trim() !== '') return v.trim()
  return null
}

/**
 * When a return was delivered back, as an instant: a date-only cell ("16-Jul-2025") is the start
 * of that day on the marketplace's calendar; a date-time is taken as it is. Null when the cell is
 * empty or not a date. Pure.
 */
export function returnDeliveredAt(raw: Record<string, string> | null, marketplaceId: string | null): string | null {
  const v = cellOf(raw, 'return-delivery-date')
  if (!v) return null
  let d: string | null
  try {
    d = parseReportDate(v, 'Return delivery date')
  } catch {
    return null
  }
  if (!d) return null
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return new Date(startOfLocalDate(d, timeZoneOf(marketplaceId))).toISOString()
  return d
}

/** Whether the report row flags an A-to-z claim ("A-to-Z Claim" Y / a_to_z_claim true). */
export function flagsAtoZ(raw: Record<string, string> | null): boolean {
  const v = cellOf(raw, 'a-to-z-claim')
  try {
    return parseBool(v, 'A-to-Z Claim') === true
  } catch {
    return false
  }
}

/**
 * `storeMarketplace`: the store's (first) marketplace, for an RMA whose order is a minimal record
 * without one (the returns report names no marketplace).
 */
export function rmaDeadlineSource(d: {
  db: Db
  orders: OrdersService
  storeMarketplace: (storeId: string) => string | null
}): DeadlineSource {
  return {
    domain: 'rmas',
    ruleIds: RMA_DEADLINE_RULES,
    open: ({ storeId }) => {
      // Not refunded yet (Refunded and Closed are done); a returnless refund is never delivered back.
      const where: SQL[] = [inArray(rmas.status, ['Open', 'Received']), eq(rmas.returnless, false), isNotNull(rmaItems.raw)]
      if (storeId) where.push(eq(rmas.storeId, storeId))
      const rows = d.db
        .select({
          id: rmas.id,
          storeId: rmas.storeId,
          orderId: rmas.orderId,
          amazonOrderId: rmas.amazonOrderId,
          rmaId: rmas.orderSourceRmaId,
          raw: rmaItems.raw
        })
        .from(rmas)
        .innerJoin(rmaItems, eq(rmaItems.rmaId, rmas.id))
        .where(and(...where))
        .orderBy(rmas.id, rmaItems.id)
        .all()
      const out: DeadlineDraft[] = []
      const seen = new Set<number>()
      const marketplaces = new Map<string, string | null>()
      for (const r of rows) {
        if (seen.has(r.id)) continue
        if (!marketplaces.has(r.orderId))
          marketplaces.set(r.orderId, d.orders.findById(r.orderId)?.marketplaceId ?? d.storeMarketplace(r.storeId))
        const mp = marketplaces.get(r.orderId) ?? null
        const at = returnDeliveredAt(r.raw, mp)
        if (!at) continue
        const w = RULES.place('return.refund', mp, at)
        if (!w) continue
        seen.add(r.id)
        out.push({
          key: `return.refund:${r.id}`,
          ruleId: 'return.refund',
          storeId: r.storeId,
          subject: 'rma',
          subjectId: String(r.id),
          orderId: r.orderId,
          amazonOrderId: r.amazonOrderId,
          label: r.rmaId,
          anchorAt: w.anchorAt,
          dueAt: w.closesAt,
          warnFrom: w.warnFrom,
          urgentFrom: w.urgentFrom,
          route: `#/rmas?open=${r.id}`
        })
      }
      return out
    }
  }
}

/** Orders the returns report flags with an A-to-z claim (any RMA status), for `OrderClaimsService.recordInferred`. */
export function aToZFlaggedOrders(db: Db, storeId?: string): { storeId: string; orderId: string; requestDate: string | null }[] {
  const where: SQL[] = [isNotNull(rmaItems.raw), sql`lower(${rmaItems.raw}) like '%claim%'`]
  if (storeId) where.push(eq(rmas.storeId, storeId))
  const rows = db
    .select({ storeId: rmas.storeId, orderId: rmas.orderId, requestDate: rmas.returnRequestDate, raw: rmaItems.raw })
    .from(rmas)
    .innerJoin(rmaItems, eq(rmaItems.rmaId, rmas.id))
    .where(and(...where))
    .all()
  const out = new Map<string, { storeId: string; orderId: string; requestDate: string | null }>()
  for (const r of rows) {
    if (out.has(r.orderId) || !flagsAtoZ(r.raw)) continue
    const iso = r.requestDate && /^\d{4}-\d{2}-\d{2}$/.test(r.requestDate) ? `${r.requestDate}T00:00:00.000Z` : r.requestDate
    out.set(r.orderId, { storeId: r.storeId, orderId: r.orderId, requestDate: iso })
  }
  return [...out.values()]
}
