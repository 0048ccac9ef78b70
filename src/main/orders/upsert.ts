/**
 * The one place orders and their items are written from Amazon data (#6/#7): order sync (Orders
 * API) and order report import both call `upsertOrder` inside their transaction, so both apply
 * the same merge rules and the same buyer-cancellation hold rules (orders/buyer-cancel-rules.ts).
 *
 * Merge: a field the source does not carry is `undefined` and keeps what is stored; a field it
 * carries overwrites. A report never moves an order backwards (a Shipped or Canceled order stays
 * so when an older unshipped-orders report is re-read). Re-reading the same data changes nothing
 * and reports `unchanged`.
 */
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { buyerCancelRequests, orderItems, orders } from '../db/schema'
import {
  LOCAL_CANCELLED,
  LOCAL_COMPLETED,
  LOCAL_IN_PROCESS,
  LOCAL_ON_HOLD,
  decideBuyerCancel,
  holdDueAt,
  shippingStatusOf
} from './buyer-cancel-rules'
import { HISTORY_INSERT, historyRow, type OrderRow, type OrdersService, type Tx } from './service'
import { worseText } from '../amazon/reports/tabular'

export type IncomingItem = {
  /** Amazon's order item id; the all-orders report has none (matched by SKU then). */
  orderItemId: string | null
  sku: string
  asin?: string | null
  title?: string | null
  quantityOrdered?: number
  quantityShipped?: number
  /** Units Amazon cancelled (a report's Cancelled item); undefined = the source does not say. */
  quantityCancelled?: number
  currency?: string | null
  /** Line totals in minor units; undefined = the source does not say. */
  itemPriceMinor?: number | null
  itemTaxMinor?: number | null
  shippingPriceMinor?: number | null
  shippingTaxMinor?: number | null
  promotionDiscountMinor?: number | null
  /** undefined when the source does not carry the flag (a report without the columns). */
  buyerRequestedCancel?: boolean
  buyerCancelReason?: string | null
}

export type IncomingOrder = {
  amazonOrderId: string
  marketplaceId?: string | null
  /** Amazon OrderStatus. */
  status?: string | null
  fulfillmentChannel?: string | null
  purchaseDate?: string | null
  lastUpdateDate?: string | null
  /** Amazon's LatestShipDate / LatestDeliveryDate (UTC ISO); undefined = the source does not say. */
  latestShipDate?: string | null
  latestDeliveryDate?: string | null
  currency?: string | null
  orderTotalMinor?: number | null
  source: 'api' | 'report'
  items: IncomingItem[]
  /**
   * When a buyer-cancel request first seen now was made: the Orders API order's LastUpdateDate
   * (Amazon bumps it when the buyer asks), or the time the report was read (reports carry no
   * request time).
   */
  requestedAt: string
}

export type UpsertOutcome = { orderId: string; change: 'inserted' | 'updated' | 'unchanged'; hold: 'held' | 'flagged' | null }

type ItemRow = typeof orderItems.$inferSelect

const FINAL = new Set(['Shipped', 'Canceled'])
const PROGRESS: Record<string, number> = { PendingAvailability: 0, Pending: 0, Unshipped: 1, PartiallyShipped: 2 }

function diff<T extends Record<string, unknown>>(current: T, next: Partial<T>): Partial<T> {
  const out: Partial<T> = {}
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) continue
    if (current[k] !== v) (out as Record<string, unknown>)[k] = v
  }
  return out
}

/**
 * The hot reads and inserts as prepared statements on the same connection (so inside the
 * caller's transaction): a drizzle query costs ~0.1 ms to build, and an import runs a handful per
 * order. Updates (only when something changed) stay drizzle queries.
 */
const ORDER_COLS =
  'id, store_id AS storeId, amazon_order_id AS amazonOrderId, marketplace_id AS marketplaceId, status, local_status AS localStatus, shipping_status AS shippingStatus, fulfillment_channel AS fulfillmentChannel, purchase_date AS purchaseDate, last_update_date AS lastUpdateDate, latest_ship_date AS latestShipDate, latest_delivery_date AS latestDeliveryDate, currency, order_total_minor AS orderTotalMinor, cancelled_at AS cancelledAt, is_minimal AS isMinimal, follow_up AS followUp, source, created_at AS createdAt, updated_at AS updatedAt'
const ITEM_COLS =
  'id, order_id AS orderId, order_item_id AS orderItemId, sku, asin, title, quantity_ordered AS quantityOrdered, quantity_shipped AS quantityShipped, currency, item_price_minor AS itemPriceMinor, item_tax_minor AS itemTaxMinor, shipping_price_minor AS shippingPriceMinor, shipping_tax_minor AS shippingTaxMinor, promotion_discount_minor AS promotionDiscountMinor, buyer_requested_cancel AS buyerRequestedCancel, buyer_cancel_reason AS buyerCancelReason, quantity_cancelled AS quantityCancelled'

function prepare(db: Database.Database) {
  return {
    order: db.prepare(`SELECT ${ORDER_COLS} FROM orders WHERE store_id = ? AND amazon_order_id = ?`),
    items: db.prepare(`SELECT ${ITEM_COLS} FROM order_items WHERE order_id = ? ORDER BY rowid`),
    request: db.prepare('SELECT id, status, source, requested_at AS requestedAt FROM buyer_cancel_requests WHERE order_id = ?'),
    insertOrder: db.prepare(
      `INSERT INTO orders (id, store_id, amazon_order_id, marketplace_id, status, local_status, shipping_status, fulfillment_channel, purchase_date, last_update_date, latest_ship_date, latest_delivery_date, currency, order_total_minor, cancelled_at, is_minimal, follow_up, source, created_at, updated_at)
       VALUES (@id, @storeId, @amazonOrderId, @marketplaceId, @status, @localStatus, @shippingStatus, @fulfillmentChannel, @purchaseDate, @lastUpdateDate, @latestShipDate, @latestDeliveryDate, @currency, @orderTotalMinor, @cancelledAt, 0, NULL, @source, @createdAt, @updatedAt)`
    ),
    insertItem: db.prepare(
      `INSERT INTO order_items (id, order_id, order_item_id, sku, asin, title, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor, shipping_price_minor, shipping_tax_minor, promotion_discount_minor, buyer_requested_cancel, buyer_cancel_reason, quantity_cancelled)
       VALUES (@id, @orderId, @orderItemId, @sku, @asin, @title, @quantityOrdered, @quantityShipped, @currency, @itemPriceMinor, @itemTaxMinor, @shippingPriceMinor, @shippingTaxMinor, @promotionDiscountMinor, @flag, @buyerCancelReason, @quantityCancelled)`
    ),
    history: db.prepare(HISTORY_INSERT)
  }
}
const prepared = new WeakMap<Database.Database, ReturnType<typeof prepare>>()
function statements(db: Database.Database) {
  let st = prepared.get(db)
  if (!st) prepared.set(db, (st = prepare(db)))
  return st
}

type Statements = ReturnType<typeof prepare>
type Change = UpsertOutcome['change']
/** A change to an order that was already there makes it 'updated'; a new one stays 'inserted'. */
const bump = (c: Change): Change => (c === 'unchanged' ? 'updated' : c)

/**
 * Merges one incoming order (Orders API or an order report) into the store: its items, the order
 * row, and a buyer-cancellation request (hold or follow-up). Runs inside the caller's transaction.
 */
export function upsertOrder(tx: Tx, svc: OrdersService, storeId: string, now: string, o: IncomingOrder): UpsertOutcome {
  const st = statements(svc.client())
  const found = st.order.get(storeId, o.amazonOrderId) as (Omit<OrderRow, 'isMinimal'> & { isMinimal: number }) | undefined
  const existing: OrderRow | null = found ? { ...found, isMinimal: found.isMinimal === 1 } : null
  let change: Change = existing ? 'unchanged' : 'inserted'
  // A new order is written once, below, with everything known about it.
  const blank = existing ?? newOrderRow(storeId, o.amazonOrderId, now)
  const items = mergeItems(tx, st, existing ? blank.id : null, blank.id, o)
  if (items.changed) change = bump(change)
  const written = writeOrder(tx, svc, st, existing, blank, o, items.final, now)
  if (written.changed) change = bump(change)
  for (const row of items.pending) st.insertItem.run({ ...row, flag: row.buyerRequestedCancel ? 1 : 0 })
  return buyerCancelRequest(tx, svc, st, {
    storeId,
    now,
    o,
    order: written.order,
    existing: existing !== null,
    finalItems: items.final,
    change
  })
}

function newOrderRow(storeId: string, amazonOrderId: string, now: string): OrderRow {
  return {
    id: randomUUID(),
    storeId,
    amazonOrderId,
    marketplaceId: null,
    status: null,
    localStatus: null,
    shippingStatus: null,
    fulfillmentChannel: null,
    purchaseDate: null,
    lastUpdateDate: null,
    latestShipDate: null,
    latestDeliveryDate: null,
    currency: null,
    orderTotalMinor: null,
    cancelledAt: null,
    isMinimal: false,
    followUp: null,
    source: null,
    createdAt: now,
    updatedAt: now
  }
}

/** The incoming item's fields as a patch (undefined = keep what is stored). */
function itemPatch(it: IncomingOrder['items'][number]) {
  return {
    orderItemId: it.orderItemId ?? undefined,
    sku: it.sku,
    asin: it.asin ?? undefined,
    title: it.title ?? undefined,
    quantityOrdered: it.quantityOrdered,
    quantityShipped: it.quantityShipped,
    quantityCancelled: it.quantityCancelled,
    currency: it.currency ?? undefined,
    itemPriceMinor: it.itemPriceMinor,
    itemTaxMinor: it.itemTaxMinor,
    shippingPriceMinor: it.shippingPriceMinor,
    shippingTaxMinor: it.shippingTaxMinor,
    promotionDiscountMinor: it.promotionDiscountMinor,
    buyerRequestedCancel: it.buyerRequestedCancel,
    buyerCancelReason:
      it.buyerRequestedCancel === undefined ? undefined : it.buyerRequestedCancel ? (it.buyerCancelReason ?? null) : undefined
  }
}

function newItemRow(orderId: string, it: IncomingOrder['items'][number], orderCurrency: string | null | undefined): ItemRow {
  return {
    id: randomUUID(),
    orderId,
    orderItemId: it.orderItemId,
    sku: it.sku,
    asin: it.asin ?? null,
    title: it.title ?? null,
    quantityOrdered: it.quantityOrdered ?? 0,
    quantityShipped: it.quantityShipped ?? 0,
    currency: it.currency ?? orderCurrency ?? null,
    itemPriceMinor: it.itemPriceMinor ?? null,
    itemTaxMinor: it.itemTaxMinor ?? null,
    shippingPriceMinor: it.shippingPriceMinor ?? null,
    shippingTaxMinor: it.shippingTaxMinor ?? null,
    promotionDiscountMinor: it.promotionDiscountMinor ?? null,
    buyerRequestedCancel: it.buyerRequestedCancel ?? false,
    buyerCancelReason: it.buyerRequestedCancel ? (it.buyerCancelReason ?? null) : null,
    quantityCancelled: it.quantityCancelled ?? 0
  }
}

/**
 * Matches the incoming items to the stored ones (by order item id, else by SKU) and updates the
 * matches; new items are returned in `pending` (inserted after the order row). `final` is the
 * order's items as they will be.
 */
function mergeItems(
  tx: Tx,
  st: Statements,
  existingOrderId: string | null,
  orderId: string,
  o: IncomingOrder
): { final: ItemRow[]; pending: ItemRow[]; changed: boolean } {
  const current = existingOrderId
    ? (st.items.all(existingOrderId) as (Omit<ItemRow, 'buyerRequestedCancel'> & { buyerRequestedCancel: number })[]).map((r) => ({
        ...r,
        buyerRequestedCancel: r.buyerRequestedCancel === 1
      }))
    : []
  const pending: ItemRow[] = []
  const used = new Set<string>()
  const final: ItemRow[] = []
  let changed = false
  for (const it of o.items) {
    const match =
      (it.orderItemId ? current.find((c) => c.orderItemId === it.orderItemId && !used.has(c.id)) : undefined) ??
      current.find((c) => c.sku === it.sku && !used.has(c.id) && (c.orderItemId === null || it.orderItemId === null))
    if (!match) {
      const row = newItemRow(orderId, it, o.currency)
      pending.push(row)
      final.push(row)
      changed = true
      continue
    }
    used.add(match.id)
    const fields = itemPatch(it)
    // A report row for an item Amazon already shipped must not un-ship it.
    if (o.source === 'report' && fields.quantityShipped !== undefined && fields.quantityShipped < match.quantityShipped)
      fields.quantityShipped = undefined
    // Nor un-cancel units cancelled here or at Amazon.
    if (fields.quantityCancelled !== undefined && fields.quantityCancelled < match.quantityCancelled) fields.quantityCancelled = undefined
    // Nor replace a good title with a garbled reading of it (a file decoded in the wrong encoding).
    if (worseText(match.title, fields.title)) fields.title = undefined
    const d = diff(match as Record<string, unknown>, fields as Record<string, unknown>)
    if (Object.keys(d).length > 0) {
      tx.update(orderItems).set(d).where(eq(orderItems.id, match.id)).run()
      changed = true
    }
    final.push({ ...match, ...(d as Partial<ItemRow>) })
  }
  for (const c of current) if (!used.has(c.id)) final.push(c)
  return { final, pending, changed }
}

/** The order's fields after this input: Amazon's status (never backwards from a report), shipping and local status. */
export function nextOrderFields(
  existing: OrderRow | null,
  order: OrderRow,
  o: IncomingOrder,
  finalItems: ItemRow[],
  now: string
): Partial<OrderRow> {
  let status = o.status
  if (o.source === 'report' && existing?.status && FINAL.has(existing.status) && status !== undefined && !FINAL.has(status ?? ''))
    status = undefined
  // Nor back along Pending -> Unshipped -> PartiallyShipped (an older report read after a newer one).
  if (o.source === 'report' && existing?.status && status && (PROGRESS[status] ?? 99) < (PROGRESS[existing.status] ?? -1))
    status = undefined
  const effStatus = status === undefined ? order.status : status
  const shippingStatus = shippingStatusOf(effStatus, finalItems)
  const cancelledAtAmazon = effStatus === 'Canceled'
  let localStatus = order.localStatus
  let cancelledAt = order.cancelledAt
  if (cancelledAtAmazon && !cancelledAt) cancelledAt = now
  if (cancelledAtAmazon && localStatus !== LOCAL_CANCELLED) localStatus = LOCAL_CANCELLED
  else if (!cancelledAt && localStatus === null && effStatus !== null && effStatus !== undefined) {
    localStatus = shippingStatus === 'Shipped' ? LOCAL_COMPLETED : LOCAL_IN_PROCESS
  } else if (!cancelledAt && shippingStatus === 'Shipped' && localStatus === LOCAL_IN_PROCESS) localStatus = LOCAL_COMPLETED
  return {
    marketplaceId: o.marketplaceId ?? undefined,
    status,
    fulfillmentChannel: o.fulfillmentChannel ?? undefined,
    purchaseDate: o.purchaseDate ?? undefined,
    lastUpdateDate: o.lastUpdateDate ?? undefined,
    latestShipDate: o.latestShipDate ?? undefined,
    latestDeliveryDate: o.latestDeliveryDate ?? undefined,
    currency: o.currency ?? undefined,
    orderTotalMinor: o.orderTotalMinor ?? undefined,
    shippingStatus,
    localStatus,
    cancelledAt,
    isMinimal: false,
    // The Orders API is the richer source: a report read later does not demote it.
    source: o.source === 'report' && order.source === 'api' ? undefined : o.source
  }
}

/** Inserts a new order or updates a stored one (with its history lines); returns the order as it now is. */
function writeOrder(
  tx: Tx,
  svc: OrdersService,
  st: Statements,
  existing: OrderRow | null,
  order: OrderRow,
  o: IncomingOrder,
  finalItems: ItemRow[],
  now: string
): { order: OrderRow; changed: boolean } {
  const d = diff(order as Record<string, unknown>, nextOrderFields(existing, order, o, finalItems, now) as Record<string, unknown>)
  // The source alone (api vs report) is not a change of the order.
  const meaningful = Object.keys(d).filter((k) => k !== 'source')
  let changed = false
  if (!existing) {
    st.insertOrder.run({ ...order, ...(d as Partial<OrderRow>) })
    st.history.run(...historyRow(order.id, 'created', { code: o.source === 'api' ? 'synced' : 'from-report', params: {} }, now))
  } else if (Object.keys(d).length > 0) {
    tx.update(orders)
      .set({ ...d, updatedAt: now })
      .where(eq(orders.id, order.id))
      .run()
    changed = meaningful.length > 0
    if (d.status !== undefined)
      svc.history(
        order.id,
        'status',
        { code: 'status', params: { from: existing.status ?? null, to: (d.status as string | null) ?? null, source: o.source } },
        tx
      )
    if (existing.isMinimal) svc.history(order.id, 'filled', { code: 'details', params: { source: o.source } }, tx)
  }
  return { order: { ...order, ...(d as Partial<OrderRow>) }, changed }
}

type CancelRequestInput = {
  storeId: string
  now: string
  o: IncomingOrder
  order: OrderRow
  existing: boolean
  finalItems: ItemRow[]
  change: Change
}

/** The buyer-cancellation request of this order, if its items carry the flag: a hold, a follow-up, or a better request time. */
function buyerCancelRequest(tx: Tx, svc: OrdersService, st: Statements, x: CancelRequestInput): UpsertOutcome {
  const { storeId, now, o, order } = x
  let change = x.change
  const flaggedItems = x.finalItems.filter((i) => i.buyerRequestedCancel)
  const existingRequest = x.existing
    ? (st.request.get(order.id) as { id: number; status: string; source: string; requestedAt: string } | undefined)
    : undefined
  // A request first seen in a report got the reading time; when the Orders API then shows an
  // earlier LastUpdateDate for it, that is the better request time (and the safer, earlier deadline).
  if (
    existingRequest &&
    existingRequest.status === 'open' &&
    existingRequest.source === 'report' &&
    o.source === 'api' &&
    flaggedItems.length > 0
  ) {
    const apiAt = new Date(o.requestedAt).toISOString()
    if (apiAt < existingRequest.requestedAt) {
      tx.update(buyerCancelRequests)
        .set({ requestedAt: apiAt, dueAt: holdDueAt(apiAt), source: 'api', updatedAt: now })
        .where(eq(buyerCancelRequests.id, existingRequest.id))
        .run()
      svc.history(
        order.id,
        'buyer-cancel-time',
        { code: 'hold-time', params: { from: existingRequest.requestedAt, to: apiAt, dueAt: holdDueAt(apiAt) } },
        tx
      )
      change = bump(change)
    }
  }
  const decision = decideBuyerCancel({
    flagged: flaggedItems.length > 0,
    shippingStatus: order.shippingStatus,
    localStatus: order.localStatus,
    cancelled: order.cancelledAt !== null,
    hasRequest: existingRequest !== undefined
  })
  if (decision.kind === 'none') return { orderId: order.id, change, hold: null }
  const reason = [...new Set(flaggedItems.map((i) => i.buyerCancelReason?.trim()).filter((r): r is string => !!r))].join('; ') || null
  const requestedAt = new Date(o.requestedAt).toISOString()
  tx.insert(buyerCancelRequests)
    .values({
      storeId,
      orderId: order.id,
      orderItemIds: flaggedItems.map((i) => i.orderItemId).filter((id): id is string => !!id),
      reason,
      requestedAt,
      dueAt: holdDueAt(requestedAt),
      status: decision.kind === 'hold' ? 'open' : 'follow-up',
      source: o.source,
      createdAt: now,
      updatedAt: now
    })
    .run()
  const why = reason ? `: ${reason}` : ' (no reason given)'
  if (decision.kind === 'hold') {
    tx.update(orders).set({ localStatus: LOCAL_ON_HOLD, updatedAt: now }).where(eq(orders.id, order.id)).run()
    svc.addNote(order.id, `Buyer requested cancellation${why}`, 'buyer-cancel', tx)
    svc.history(order.id, 'buyer-cancel-hold', { code: 'hold', params: { reason, dueAt: holdDueAt(requestedAt) } }, tx)
  } else {
    const text = `Buyer requested cancellation after the order shipped${why}`
    tx.update(orders).set({ followUp: text, updatedAt: now }).where(eq(orders.id, order.id)).run()
    svc.addNote(order.id, text, 'buyer-cancel', tx)
    svc.history(order.id, 'buyer-cancel-follow-up', { code: 'hold-follow-up', params: { shippingStatus: order.shippingStatus } }, tx)
  }
  return { orderId: order.id, change: bump(change), hold: decision.kind === 'hold' ? 'held' : 'flagged' }
}
