/**
 * Orders on the team server: order sync from the Orders API for each team store (the server is
 * the only caller of SP-API), and the reads `orders.list` / `orders.get` in the contract's shapes.
 *
 * The merge and hold rules are the single-seat ones, as pure functions: `fromApi` and `syncFrom`
 * (orders/sync.job.ts), `nextOrderFields` (orders/upsert.ts: Amazon status, shipping and local
 * status), `decideBuyerCancel` / `holdDueAt` (orders/buyer-cancel-rules.ts). This file is the
 * PostgreSQL repository around them. Every write records what changed (`team_changes`), so
 * desktops pull it.
 */
import { randomUUID } from 'node:crypto'
import { historyEnglish, type HistoryEntry } from '../../../shared/order-history'
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { contract, OrderDetail, OrderSummary } from '../../../shared/contract'
import { AppError } from '../../errors'
import type { Logger } from '../../log'
import { LOCAL_ON_HOLD, decideBuyerCancel, holdDueAt } from '../../orders/buyer-cancel-rules'
import { itemMoney, refundable, type ItemMoney } from '../../orders/rules'
import { amazonOrders, type ListedOrder } from '../../orders/amazon-orders'
import { syncFrom, type OrdersClient } from '../../orders/sync.job'
import { nextOrderFields, type IncomingOrder } from '../../orders/upsert'
import type { OrderRow as SqliteOrderRow } from '../../orders/service'
import type { TeamDb, TeamTx } from '../pg/db'
import {
  teamBuyerCancelRequests,
  teamOrderHistory,
  teamOrderItems,
  teamOrderNotes,
  teamOrders,
  teamOrderSyncs,
  teamQueueEntries,
  teamStores
} from '../pg/schema'
import { recordChanges, type ChangeInput } from './changes'

export type TeamOrderRow = typeof teamOrders.$inferSelect
export type TeamItemRow = typeof teamOrderItems.$inferSelect
type Q = TeamDb | TeamTx

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null)
const toDate = (s: string | null | undefined): Date | null => (s ? new Date(s) : null)

/**
 * The store settings the refund / cancel rules honour. The team server has no per-store settings
 * yet: refunds and cancellations always wait in the queue until `queue.process`, an over-refund is
 * always refused (never merged), and cancelling without telling Amazon is not offered.
 */
export const TEAM_STORE_SETTINGS = {
  allowOverRefund: false,
  allowZeroInventoryOnCancel: false,
  allowCancelWithoutAmazon: false,
  queueRefundsAndCancellations: true,
  queueAutoSubmit: false
} as const

/** Queue statuses whose refunds count as paid or on their way (queue/service.ts COMMITTED). */
export const COMMITTED_STATUSES = ['queued', 'batched', 'done', 'uncertain'] as const

export const itemMoneyOf = (i: TeamItemRow): ItemMoney =>
  itemMoney({
    order_item_id: i.orderItemId,
    sku: i.sku,
    currency: i.currency,
    quantity_ordered: i.quantityOrdered,
    quantity_shipped: i.quantityShipped,
    quantity_cancelled: i.quantityCancelled,
    item_price_minor: i.itemPriceMinor,
    item_tax_minor: i.itemTaxMinor,
    shipping_price_minor: i.shippingPriceMinor,
    shipping_tax_minor: i.shippingTaxMinor,
    promotion_discount_minor: i.promotionDiscountMinor
  })

export async function storeNames(q: Q): Promise<Map<string, string>> {
  const rows = await q.select({ id: teamStores.id, name: teamStores.name }).from(teamStores)
  return new Map(rows.map((r) => [r.id, r.name]))
}

export function orderSummary(o: TeamOrderRow, storeName: string, itemCount: number): OrderSummary {
  return {
    id: o.id,
    storeId: o.storeId,
    storeName,
    amazonOrderId: o.amazonOrderId,
    status: o.status,
    localStatus: o.localStatus,
    shippingStatus: o.shippingStatus,
    purchaseDate: iso(o.purchaseDate),
    currency: o.currency,
    orderTotalMinor: o.orderTotalMinor,
    cancelledAt: iso(o.cancelledAt),
    isMinimal: o.isMinimal,
    followUp: o.followUp,
    onHold: o.localStatus === LOCAL_ON_HOLD,
    itemCount
  }
}

/**
 * The order, locked for this transaction (`SELECT … FOR UPDATE`) when `lock` is set: two desktops
 * refunding the same order at once are decided one after the other, the second seeing the first's
 * queue entry in `committedRefunds`.
 */
export async function findOrder(q: Q, storeId: string, amazonOrderId: string, lock: boolean): Promise<TeamOrderRow> {
  const base = q
    .select()
    .from(teamOrders)
    .where(and(eq(teamOrders.storeId, storeId), eq(teamOrders.amazonOrderId, amazonOrderId)))
  const [o] = lock ? await base.for('update') : await base
  if (!o)
    throw new AppError(
      'NOT_FOUND',
      `Order ${amazonOrderId} is not known on the team server for this store: let the server sync orders first`
    )
  return o
}

export async function orderItemsOf(q: Q, orderId: string): Promise<TeamItemRow[]> {
  return q.select().from(teamOrderItems).where(eq(teamOrderItems.orderId, orderId)).orderBy(asc(teamOrderItems.orderItemId))
}

/** An order history line: the entry as data and its English sentence (shared/order-history.ts), as the desktop writes it. */
export async function addHistory(q: Q, orderId: string, event: string, entry: HistoryEntry, actor: string | null, at: Date) {
  await q
    .insert(teamOrderHistory)
    .values({ orderId, event, detail: historyEnglish(entry), code: entry.code, params: entry.params, actor, at })
}

export async function addNote(q: Q, orderId: string, text: string, source: string, at: Date) {
  await q.insert(teamOrderNotes).values({ orderId, text, source, createdAt: at })
}

/** Refunded or on its way, per order item and component (what `checkRefund` takes). */
export async function committedRefunds(q: Q, orderId: string): Promise<Map<string, Record<string, number>>> {
  const rows = await q
    .select({ lines: teamQueueEntries.lines })
    .from(teamQueueEntries)
    .where(
      and(
        eq(teamQueueEntries.orderId, orderId),
        eq(teamQueueEntries.kind, 'refund'),
        inArray(teamQueueEntries.status, [...COMMITTED_STATUSES])
      )
    )
  const out = new Map<string, Record<string, number>>()
  for (const r of rows) {
    for (const l of r.lines as { orderItemId: string; components?: { type: string; amountMinor: number }[] }[]) {
      const acc = out.get(l.orderItemId) ?? {}
      for (const c of l.components ?? []) acc[c.type] = (acc[c.type] ?? 0) + c.amountMinor
      out.set(l.orderItemId, acc)
    }
  }
  return out
}

/** The change a desktop pulls for an order (its summary). */
export async function orderChange(q: Q, orderId: string): Promise<ChangeInput> {
  const [o] = await q.select().from(teamOrders).where(eq(teamOrders.id, orderId))
  if (!o) return { storeId: null, entity: 'order', key: orderId, op: 'delete', data: null }
  const [n] = await q.select({ n: count() }).from(teamOrderItems).where(eq(teamOrderItems.orderId, orderId))
  const names = await storeNames(q)
  return { storeId: o.storeId, entity: 'order', key: o.id, op: 'upsert', data: orderSummary(o, names.get(o.storeId) ?? '', n?.n ?? 0) }
}

// ---------------------------------------------------------------------------- sync

/** The SQLite-shaped order row the pure merge rule (`nextOrderFields`) reads. */
function asRuleRow(o: TeamOrderRow): SqliteOrderRow {
  return {
    ...o,
    purchaseDate: iso(o.purchaseDate),
    lastUpdateDate: iso(o.lastUpdateDate),
    // The team server does not keep Amazon's latest ship / delivery dates yet (desktop deadlines only).
    latestShipDate: null,
    latestDeliveryDate: null,
    cancelledAt: iso(o.cancelledAt),
    createdAt: iso(o.createdAt)!,
    updatedAt: iso(o.updatedAt)!
  }
}

export type UpsertResult = { orderId: string; change: 'inserted' | 'updated' | 'unchanged'; hold: 'held' | 'flagged' | null }

/**
 * Merges one order from the Orders API into the team database, with the same rules as the desktop:
 * items matched by Amazon's order item id (units cancelled here are never un-cancelled), the
 * order's statuses from `nextOrderFields`, a buyer-cancellation request from `decideBuyerCancel`.
 * Runs inside the caller's transaction and records the changes.
 */
export async function upsertTeamOrder(tx: TeamTx, storeId: string, o: IncomingOrder, now: Date): Promise<UpsertResult> {
  const [found] = await tx
    .select()
    .from(teamOrders)
    .where(and(eq(teamOrders.storeId, storeId), eq(teamOrders.amazonOrderId, o.amazonOrderId)))
    .for('update')
  let change: UpsertResult['change'] = found ? 'unchanged' : 'inserted'
  const order: TeamOrderRow = found ?? {
    id: randomUUID(),
    storeId,
    amazonOrderId: o.amazonOrderId,
    marketplaceId: null,
    status: null,
    localStatus: null,
    shippingStatus: null,
    fulfillmentChannel: null,
    purchaseDate: null,
    lastUpdateDate: null,
    currency: null,
    orderTotalMinor: null,
    cancelledAt: null,
    isMinimal: false,
    followUp: null,
    source: null,
    createdAt: now,
    updatedAt: now
  }
  if (!found) await tx.insert(teamOrders).values(order)
  // Items: update the matches, insert the new ones.
  const current = found ? await orderItemsOf(tx, order.id) : []
  const final: TeamItemRow[] = []
  for (const it of o.items) {
    const match = current.find((c) => (it.orderItemId ? c.orderItemId === it.orderItemId : c.sku === it.sku))
    const patch = {
      orderItemId: it.orderItemId ?? match?.orderItemId ?? null,
      sku: it.sku,
      asin: it.asin ?? match?.asin ?? null,
      title: it.title ?? match?.title ?? null,
      quantityOrdered: it.quantityOrdered ?? match?.quantityOrdered ?? 0,
      quantityShipped: it.quantityShipped ?? match?.quantityShipped ?? 0,
      quantityCancelled: Math.max(match?.quantityCancelled ?? 0, it.quantityCancelled ?? 0),
      currency: it.currency ?? match?.currency ?? o.currency ?? null,
      itemPriceMinor: it.itemPriceMinor !== undefined ? it.itemPriceMinor : (match?.itemPriceMinor ?? null),
      itemTaxMinor: it.itemTaxMinor !== undefined ? it.itemTaxMinor : (match?.itemTaxMinor ?? null),
      shippingPriceMinor: it.shippingPriceMinor !== undefined ? it.shippingPriceMinor : (match?.shippingPriceMinor ?? null),
      shippingTaxMinor: it.shippingTaxMinor !== undefined ? it.shippingTaxMinor : (match?.shippingTaxMinor ?? null),
      promotionDiscountMinor: it.promotionDiscountMinor !== undefined ? it.promotionDiscountMinor : (match?.promotionDiscountMinor ?? null),
      buyerRequestedCancel: it.buyerRequestedCancel ?? match?.buyerRequestedCancel ?? false,
      buyerCancelReason: it.buyerRequestedCancel ? (it.buyerCancelReason ?? null) : (match?.buyerCancelReason ?? null)
    }
    if (match) {
      const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((k) => patch[k] !== match[k])
      if (changed) {
        await tx.update(teamOrderItems).set(patch).where(eq(teamOrderItems.id, match.id))
        change = change === 'unchanged' ? 'updated' : change
      }
      final.push({ ...match, ...patch })
    } else {
      const row = { id: randomUUID(), orderId: order.id, ...patch }
      await tx.insert(teamOrderItems).values(row)
      final.push(row)
      change = change === 'unchanged' ? 'updated' : change
    }
  }
  for (const c of current) if (!final.some((f) => f.id === c.id)) final.push(c)
  // The order's fields: the single-seat rule.
  const nowIso = now.toISOString()
  const next = nextOrderFields(
    found ? asRuleRow(found) : null,
    asRuleRow(order),
    o,
    final as unknown as Parameters<typeof nextOrderFields>[3],
    nowIso
  )
  const patch: Partial<TeamOrderRow> = {}
  const set = <K extends keyof TeamOrderRow>(k: K, v: TeamOrderRow[K] | undefined) => {
    if (v === undefined) return
    const cur = order[k]
    const same = cur instanceof Date && v instanceof Date ? cur.getTime() === v.getTime() : cur === v
    if (!same) patch[k] = v
  }
  set('marketplaceId', next.marketplaceId)
  set('status', next.status)
  set('fulfillmentChannel', next.fulfillmentChannel)
  set('purchaseDate', next.purchaseDate === undefined ? undefined : toDate(next.purchaseDate))
  set('lastUpdateDate', next.lastUpdateDate === undefined ? undefined : toDate(next.lastUpdateDate))
  set('currency', next.currency)
  set('orderTotalMinor', next.orderTotalMinor)
  set('shippingStatus', next.shippingStatus)
  set('localStatus', next.localStatus)
  set('cancelledAt', next.cancelledAt === undefined ? undefined : toDate(next.cancelledAt))
  set('isMinimal', next.isMinimal)
  set('source', next.source)
  if (Object.keys(patch).length > 0) {
    await tx
      .update(teamOrders)
      .set({ ...patch, updatedAt: now })
      .where(eq(teamOrders.id, order.id))
    if (found && Object.keys(patch).some((k) => k !== 'source')) change = change === 'unchanged' ? 'updated' : change
    if (patch.status !== undefined && found)
      await addHistory(
        tx,
        order.id,
        'status',
        { code: 'status', params: { from: found.status ?? null, to: patch.status ?? null, source: o.source } },
        null,
        now
      )
  }
  if (!found) await addHistory(tx, order.id, 'created', { code: 'team-synced', params: {} }, null, now)
  const merged = { ...order, ...patch }
  // The buyer's cancellation request: the single-seat rule decides.
  const [request] = await tx
    .select({ id: teamBuyerCancelRequests.id })
    .from(teamBuyerCancelRequests)
    .where(eq(teamBuyerCancelRequests.orderId, order.id))
  const flagged = final.filter((i) => i.buyerRequestedCancel)
  const decision = decideBuyerCancel({
    flagged: flagged.length > 0,
    shippingStatus: merged.shippingStatus,
    localStatus: merged.localStatus,
    cancelled: merged.cancelledAt !== null,
    hasRequest: request !== undefined
  })
  let hold: UpsertResult['hold'] = null
  const changes: ChangeInput[] = []
  if (decision.kind !== 'none') {
    const reason = [...new Set(flagged.map((i) => i.buyerCancelReason?.trim()).filter((r): r is string => !!r))].join('; ') || null
    const requestedAt = new Date(o.requestedAt).toISOString()
    const why = reason ? `: ${reason}` : ' (no reason given)'
    const [h] = await tx
      .insert(teamBuyerCancelRequests)
      .values({
        storeId,
        orderId: order.id,
        orderItemIds: flagged.map((i) => i.orderItemId).filter((id): id is string => !!id),
        reason,
        requestedAt: new Date(requestedAt),
        dueAt: new Date(holdDueAt(requestedAt)),
        status: decision.kind === 'hold' ? 'open' : 'follow-up',
        source: o.source,
        createdAt: now,
        updatedAt: now
      })
      .returning()
    if (decision.kind === 'hold') {
      await tx.update(teamOrders).set({ localStatus: LOCAL_ON_HOLD, updatedAt: now }).where(eq(teamOrders.id, order.id))
      await addNote(tx, order.id, `Buyer requested cancellation${why}`, 'buyer-cancel', now)
      await addHistory(tx, order.id, 'buyer-cancel-hold', { code: 'hold', params: { reason, dueAt: holdDueAt(requestedAt) } }, null, now)
      hold = 'held'
    } else {
      const text = `Buyer requested cancellation after the order shipped${why}`
      await tx.update(teamOrders).set({ followUp: text, updatedAt: now }).where(eq(teamOrders.id, order.id))
      await addNote(tx, order.id, text, 'buyer-cancel', now)
      hold = 'flagged'
    }
    change = change === 'unchanged' ? 'updated' : change
    changes.push({ storeId, entity: 'hold', key: String(h!.id), op: 'upsert', data: { id: h!.id, orderId: order.id, status: h!.status } })
  }
  if (change !== 'unchanged') changes.unshift(await orderChange(tx, order.id))
  await recordChanges(tx, changes)
  return { orderId: order.id, change, hold }
}

export type TeamOrderSyncResult = { orders: number; inserted: number; updated: number; unchanged: number; skipped: number; held: number }

/**
 * One order sync of a store: the orders updated since the last successful run (minus the
 * overlap), through the same Orders API path as the desktop (orders/amazon-orders.ts: the
 * client's version, v2026-01-01 by default); each order whose update time or status moved is
 * read whole and written in one transaction.
 */
export async function syncTeamOrders(
  db: TeamDb,
  storeId: string,
  client: OrdersClient,
  o: { now: () => Date; log: Logger }
): Promise<TeamOrderSyncResult> {
  const [store] = await db.select().from(teamStores).where(eq(teamStores.id, storeId))
  if (!store) throw new AppError('NOT_FOUND', `No team store ${storeId}`)
  const startedAt = o.now()
  const [last] = await db.select().from(teamOrderSyncs).where(eq(teamOrderSyncs.storeId, storeId))
  const from = syncFrom(startedAt, iso(last?.lastSuccessStartedAt))
  const list: ListedOrder[] = []
  try {
    for await (const page of amazonOrders(client).updatedSince(store.marketplaceIds, from)) list.push(...page)
    const r: TeamOrderSyncResult = { orders: list.length, inserted: 0, updated: 0, unchanged: 0, skipped: 0, held: 0 }
    for (const ord of list) {
      const [known] = await db
        .select()
        .from(teamOrders)
        .where(and(eq(teamOrders.storeId, storeId), eq(teamOrders.amazonOrderId, ord.amazonOrderId)))
      const lastUpdate = Date.parse(ord.lastUpdateDate)
      if (known && known.source === 'api' && known.lastUpdateDate?.getTime() === lastUpdate && known.status === ord.status) {
        r.skipped++
        continue
      }
      const incoming = await ord.load()
      const out = await db.transaction((tx) => upsertTeamOrder(tx, storeId, incoming, o.now()))
      r[out.change]++
      if (out.hold === 'held') r.held++
    }
    const msg = `${r.orders} orders since ${from}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged + r.skipped} unchanged; ${r.held} put On Hold`
    await db
      .insert(teamOrderSyncs)
      .values({ storeId, lastSuccessStartedAt: startedAt, lastResult: msg, lastError: null, updatedAt: o.now() })
      .onConflictDoUpdate({
        target: teamOrderSyncs.storeId,
        set: { lastSuccessStartedAt: startedAt, lastResult: msg, lastError: null, updatedAt: o.now() }
      })
    o.log.info('team order sync', { storeId, result: msg })
    return r
  } catch (e) {
    const err = e instanceof Error ? e.message : String(e)
    await db
      .insert(teamOrderSyncs)
      .values({ storeId, lastError: err, updatedAt: o.now() })
      .onConflictDoUpdate({ target: teamOrderSyncs.storeId, set: { lastError: err, updatedAt: o.now() } })
    throw e
  }
}

// ---------------------------------------------------------------------------- reads

type ListInput = z.output<(typeof contract)['orders.list']['input']>
type ListOutput = z.output<(typeof contract)['orders.list']['output']>

export async function listOrders(db: TeamDb, q: ListInput): Promise<ListOutput> {
  const w: SQL[] = []
  if (q.storeId) w.push(eq(teamOrders.storeId, q.storeId))
  if (q.status) w.push(or(eq(teamOrders.status, q.status), eq(teamOrders.localStatus, q.status))!)
  if (q.search) {
    const like = `%${q.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    w.push(
      or(
        ilike(teamOrders.amazonOrderId, like),
        sql`EXISTS (SELECT 1 FROM ${teamOrderItems} i WHERE i.order_id = ${teamOrders.id} AND i.sku ILIKE ${like})`
      )!
    )
  }
  const where = w.length ? and(...w) : undefined
  const [total] = await db.select({ n: count() }).from(teamOrders).where(where)
  const rows = await db
    .select({ o: teamOrders, n: sql<number>`(SELECT count(*)::int FROM ${teamOrderItems} i WHERE i.order_id = ${teamOrders.id})` })
    .from(teamOrders)
    .where(where)
    .orderBy(desc(teamOrders.purchaseDate), asc(teamOrders.amazonOrderId))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
  const names = await storeNames(db)
  return { rows: rows.map((r) => orderSummary(r.o, names.get(r.o.storeId) ?? '', r.n)), total: total?.n ?? 0 }
}

export type QueueEntryRowsFn = (db: Q, orderId: string) => Promise<OrderDetail['queueEntries']>

export async function getOrder(
  db: TeamDb,
  ref: { storeId: string; amazonOrderId: string },
  entriesOf: QueueEntryRowsFn
): Promise<OrderDetail> {
  const o = await findOrder(db, ref.storeId, ref.amazonOrderId, false)
  const items = await orderItemsOf(db, o.id)
  const committed = await committedRefunds(db, o.id)
  const names = await storeNames(db)
  const notes = await db.select().from(teamOrderNotes).where(eq(teamOrderNotes.orderId, o.id)).orderBy(asc(teamOrderNotes.id))
  const history = await db.select().from(teamOrderHistory).where(eq(teamOrderHistory.orderId, o.id)).orderBy(asc(teamOrderHistory.id))
  const [hold] = await db.select().from(teamBuyerCancelRequests).where(eq(teamBuyerCancelRequests.orderId, o.id))
  const shipped = o.shippingStatus === 'Shipped' || o.status === 'Shipped'
  return {
    order: {
      ...orderSummary(o, names.get(o.storeId) ?? '', items.length),
      marketplaceId: o.marketplaceId,
      fulfillmentChannel: o.fulfillmentChannel,
      lastUpdateDate: iso(o.lastUpdateDate),
      source: o.source,
      canShip: !o.cancelledAt && o.localStatus !== 'On Hold' && o.localStatus !== 'Cancelled' && !shipped && o.status !== 'Canceled'
    },
    items: items.map((i) => {
      const done = (i.orderItemId && committed.get(i.orderItemId)) || {}
      return {
        id: i.id,
        orderItemId: i.orderItemId,
        sku: i.sku,
        asin: i.asin,
        title: i.title,
        quantityOrdered: i.quantityOrdered,
        quantityShipped: i.quantityShipped,
        quantityCancelled: i.quantityCancelled,
        currency: i.currency ?? o.currency,
        itemPriceMinor: i.itemPriceMinor,
        itemTaxMinor: i.itemTaxMinor,
        shippingPriceMinor: i.shippingPriceMinor,
        shippingTaxMinor: i.shippingTaxMinor,
        promotionDiscountMinor: i.promotionDiscountMinor,
        refundedMinor: done,
        refundableMinor: refundable(itemMoneyOf(i), done),
        buyerRequestedCancel: i.buyerRequestedCancel,
        buyerCancelReason: i.buyerCancelReason,
        // Inventory is not kept on the team server.
        physicalQuantity: null
      }
    }),
    notes: notes.map((n) => ({ id: n.id, text: n.text, source: n.source, createdAt: n.createdAt.toISOString() })),
    history: history.map((h) => ({
      id: h.id,
      event: h.event,
      detail: h.actor ? `${h.detail ?? ''} (${h.actor})`.trim() : h.detail,
      code: h.code,
      params: h.params,
      actor: h.actor,
      at: h.at.toISOString()
    })),
    // Splits are not served by the team server yet; RMAs and reimbursements are their domains' reads.
    splits: [],
    queueEntries: await entriesOf(db, o.id),
    rmas: [],
    reimbursements: [],
    hold: hold
      ? {
          id: hold.id,
          status: hold.status,
          reason: hold.reason,
          requestedAt: hold.requestedAt.toISOString(),
          dueAt: hold.dueAt.toISOString()
        }
      : null,
    settings: { ...TEAM_STORE_SETTINGS }
  }
}
