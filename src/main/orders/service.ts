/**
 * Orders as the store knows them. This is the shared minimum other domains need (find or create
 * an order, notes, history); order sync, import, splits, refunds and cancels build on it (#6).
 * Functions that take `tx` run inside the caller's transaction (imports are one per file).
 */
import { randomUUID } from 'node:crypto'
import type { Statement } from 'better-sqlite3'
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { buyerCancelRequests, orderHistory, orderItems, orderNotes, orders } from '../db/schema'
import { AppError } from '../errors'
import { historyEnglish, type HistoryBatch, type HistoryEntry } from '../../shared/order-history'
import { isShippable } from './buyer-cancel-rules'
import type { OrderItemDbRow } from './rules'

/** The order note written when a cancellation did not happen (refused by Amazon, rejected here). */
export function notCancelledNote(why: string, hold: boolean): string {
  return `NOT cancelled — ${why}. ${hold ? "The order is on hold again: answer the buyer's cancellation request." : 'The items are no longer cancelled and may ship.'}`
}

/** The raw insert of an order history line (prepared statements of the queue, actions and imports): `historyRow` gives its values. */
export const HISTORY_INSERT = 'INSERT INTO order_history (order_id, event, detail, code, params, at) VALUES (?, ?, ?, ?, ?, ?)'
export const historyRow = (orderId: string, event: string, entry: HistoryEntry, at: string) =>
  [orderId, event, historyEnglish(entry), entry.code, JSON.stringify(entry.params), at] as const
const MINIMAL: HistoryEntry = { code: 'minimal', params: {} }

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db
export type OrderRow = typeof orders.$inferSelect
export type OrderItemRow = typeof orderItems.$inferSelect
export type BuyerCancelRequestRow = typeof buyerCancelRequests.$inferSelect
/** The holds screen's tabs (holds.list `view`). */
export type BuyerCancelView = 'open' | 'follow-up' | 'decided' | 'all'

export class OrdersService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  private now = () => this.deps.clock.now().toISOString()

  /** The SQLite connection under `db` (for prepared statements inside the same transaction). */
  client() {
    return this.deps.db.$client
  }

  find(storeId: string, amazonOrderId: string, tx: Tx = this.deps.db): OrderRow | null {
    return (
      tx
        .select()
        .from(orders)
        .where(and(eq(orders.storeId, storeId), eq(orders.amazonOrderId, amazonOrderId)))
        .get() ?? null
    )
  }

  /** Returns the order, creating a minimal record when the store does not know it yet. */
  ensure(storeId: string, amazonOrderId: string, tx: Tx = this.deps.db, init: Partial<OrderRow> = {}): OrderRow {
    const existing = this.find(storeId, amazonOrderId, tx)
    if (existing) return existing
    const now = this.now()
    const row = { id: randomUUID(), storeId, amazonOrderId, isMinimal: true, createdAt: now, updatedAt: now, ...init }
    tx.insert(orders).values(row).run()
    this.history(row.id, 'created', { code: init.isMinimal === false ? 'synced' : 'minimal', params: {} }, tx)
    return this.find(storeId, amazonOrderId, tx)!
  }

  addNote(orderId: string, text: string, source: string, tx: Tx = this.deps.db): void {
    tx.insert(orderNotes).values({ orderId, text, source, createdAt: this.now() }).run()
  }

  /** An order history line: its event (the title), the entry as data and its English sentence (shared/order-history.ts). */
  history(orderId: string, event: string, entry: HistoryEntry, tx: Tx = this.deps.db): void {
    tx.insert(orderHistory)
      .values({ orderId, event, detail: historyEnglish(entry), code: entry.code, params: entry.params, at: this.now() })
      .run()
  }

  detail(storeId: string, amazonOrderId: string) {
    const order = this.find(storeId, amazonOrderId)
    if (!order) throw new AppError('NOT_FOUND', `Order ${amazonOrderId} is not known for this store`)
    const db = this.deps.db
    return {
      order,
      items: db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all(),
      notes: db.select().from(orderNotes).where(eq(orderNotes.orderId, order.id)).orderBy(asc(orderNotes.id)).all(),
      history: db.select().from(orderHistory).where(eq(orderHistory.orderId, order.id)).orderBy(asc(orderHistory.id)).all()
    }
  }

  /**
   * Orders that may ship now: not cancelled, not On Hold (a buyer asked to cancel), not shipped yet
   * (orders/buyer-cancel-rules.ts isShippable). A shipping export takes exactly these.
   */
  shippable(storeId: string) {
    return this.deps.db
      .select({
        id: orders.id,
        amazonOrderId: orders.amazonOrderId,
        status: orders.status,
        localStatus: orders.localStatus,
        shippingStatus: orders.shippingStatus,
        cancelledAt: orders.cancelledAt,
        purchaseDate: orders.purchaseDate,
        // Qualified by hand: drizzle writes bare column names here, and inside the subquery a bare
        // "id" is order_items.id, so the count compared two columns of order_items (always 0).
        itemCount: sql<number>`(select count(*) from order_items oi where oi.order_id = "orders"."id")`
      })
      .from(orders)
      .where(and(eq(orders.storeId, storeId), isNull(orders.cancelledAt)))
      .orderBy(asc(orders.purchaseDate))
      .all()
      .filter((o) => isShippable(o))
  }

  // --- for other domains (queue) ---
  // The refund/cancel queue's effects on orders. Each runs inside the queue's transaction (one
  // better-sqlite3 connection), so a batch's entries and their order effects commit together.
  // Prepared raw SQL: moved as it was from the queue, run once per entry of a finished batch.

  /** An order history line at a given instant (the queue stamps a batch's effects with one time). */
  historyAt(orderId: string, event: string, entry: HistoryEntry, at: string): void {
    this.deps.db.$client.prepare(HISTORY_INSERT).run(...historyRow(orderId, event, entry, at))
  }

  /** Amazon order ids by order id (for the ids given; unknown ids are absent). */
  amazonOrderIds(orderIds: Iterable<string>): Map<string, string> {
    const ids = [...new Set(orderIds)]
    if (ids.length === 0) return new Map()
    const rows = this.deps.db.$client
      .prepare('SELECT id, amazon_order_id FROM orders WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { id: string; amazon_order_id: string }[]
    return new Map(rows.map((r) => [r.id, r.amazon_order_id]))
  }

  /** Ids of the orders whose Amazon order id is `amazonOrderId` (any store). */
  idsByAmazonOrderId(amazonOrderId: string): string[] {
    return (this.deps.db.$client.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').all(amazonOrderId) as { id: string }[]).map(
      (r) => r.id
    )
  }

  /** Ids of the orders whose Amazon order id matches a LIKE pattern (escaped with `\`), optionally of one store. */
  idsMatchingAmazonOrderId(like: string, storeId?: string): string[] {
    const rows = this.deps.db.$client
      .prepare(`SELECT id FROM orders WHERE amazon_order_id LIKE ? ESCAPE '\\' ${storeId ? 'AND store_id = ?' : ''}`)
      .all(...(storeId ? [like, storeId] : [like])) as { id: string }[]
    return rows.map((r) => r.id)
  }

  /** The order's items as stored (snake_case rows, for orders/rules.ts itemMoney). */
  itemRows(orderId: string): OrderItemDbRow[] {
    return this.deps.db.$client.prepare('SELECT * FROM order_items WHERE order_id = ?').all(orderId) as OrderItemDbRow[]
  }

  /**
   * Amazon confirmed a cancellation: a fully cancelled order is Canceled; after a partial cancel
   * the rest may ship (a buyer-cancel hold on those items is answered, so the order is no longer
   * held either) — only when `noOtherPendingCancel` (the queue has no other cancellation of this
   * order queued, batched or uncertain; it asks first, in the same transaction). A split is cancelled.
   */
  cancelConfirmed(
    e: { orderId: string; splitId: number | null; holdId: number | null },
    noOtherPendingCancel: boolean,
    ref: HistoryBatch,
    now: string
  ): void {
    const db = this.deps.db.$client
    const left = db
      .prepare(
        'SELECT coalesce(sum(max(0, quantity_ordered - quantity_shipped - quantity_cancelled)), 0) AS n FROM order_items WHERE order_id = ?'
      )
      .get(e.orderId) as { n: number }
    if (left.n === 0) db.prepare("UPDATE orders SET status = 'Canceled', updated_at = ? WHERE id = ?").run(now, e.orderId)
    else if (noOtherPendingCancel) {
      db.prepare(
        "UPDATE orders SET cancelled_at = NULL, local_status = CASE WHEN local_status = 'On Hold' AND ? THEN 'In Process' ELSE local_status END, updated_at = ? WHERE id = ?"
      ).run(e.holdId !== null ? 1 : 0, now, e.orderId)
    }
    if (e.splitId !== null) db.prepare("UPDATE order_splits SET status = 'cancelled', updated_at = ? WHERE id = ?").run(now, e.splitId)
    this.historyAt(e.orderId, 'cancel-confirmed', { code: 'batch-result', params: { ...ref, message: null } }, now)
  }

  /**
   * A cancellation that did not happen (rejected here, or refused by Amazon): the units are no
   * longer cancelled, a split is open again, a buyer-cancel hold holds again, and — unless the
   * queue still has a live cancellation of this order (`stillCancelling`, asked by the queue in the
   * same transaction) — the order may ship again. History and a system note say so.
   */
  unmarkCancel(
    e: { orderId: string; lines: { orderItemId: string; quantity: number }[]; splitId: number | null; holdId: number | null },
    stillCancelling: boolean,
    now: string,
    why: string,
    entry: HistoryEntry
  ): void {
    const db = this.deps.db.$client
    for (const l of e.lines) {
      db.prepare('UPDATE order_items SET quantity_cancelled = max(0, quantity_cancelled - ?) WHERE order_id = ? AND order_item_id = ?').run(
        l.quantity,
        e.orderId,
        l.orderItemId
      )
    }
    if (!stillCancelling) {
      db.prepare(
        "UPDATE orders SET cancelled_at = NULL, local_status = ?, updated_at = ? WHERE id = ? AND local_status IN ('Cancelled', 'On Hold', 'In Process')"
      ).run(e.holdId !== null ? 'On Hold' : 'In Process', now, e.orderId)
    }
    if (e.splitId !== null) db.prepare("UPDATE order_splits SET status = 'open', updated_at = ? WHERE id = ?").run(now, e.splitId)
    // An accepted buyer-cancel request whose cancellation did not happen needs an answer again.
    if (e.holdId !== null)
      db.prepare("UPDATE buyer_cancel_requests SET status = 'open', updated_at = ? WHERE id = ? AND status = 'accepted'").run(now, e.holdId)
    this.historyAt(e.orderId, 'cancel-undone', entry, now)
    // The order's notes said "do not ship — cancellation requested": say plainly that it did not happen.
    db.prepare("INSERT INTO order_notes (order_id, text, source, created_at) VALUES (?, ?, 'system', ?)").run(
      e.orderId,
      notCancelledNote(why, e.holdId !== null),
      now
    )
  }

  /**
   * A failed cancellation is sent again: the order becomes unshippable again (the failure had
   * released it). Refused when the order has shipped since (a cancel would then refund it all).
   */
  cancelRetried(
    e: {
      entryId: number
      orderId: string
      lines: { orderItemId: string; quantity: number }[]
      splitId: number | null
      holdId: number | null
    },
    now: string
  ): void {
    const db = this.deps.db.$client
    const shipped = db.prepare('SELECT count(*) AS n FROM order_items WHERE order_id = ? AND quantity_shipped > 0').get(e.orderId) as {
      n: number
    }
    if (shipped.n > 0) {
      const amazonOrderId = this.amazonOrderIds([e.orderId]).get(e.orderId) ?? e.orderId
      throw new AppError(
        'VALIDATION',
        `Order ${amazonOrderId} has shipped since: a cancellation sent to Amazon now would refund the entire order. Reject cancellation #${e.entryId} and refund instead.`
      )
    }
    for (const l of e.lines) {
      db.prepare(
        'UPDATE order_items SET quantity_cancelled = min(quantity_ordered, quantity_cancelled + ?) WHERE order_id = ? AND order_item_id = ?'
      ).run(l.quantity, e.orderId, l.orderItemId)
    }
    const left = db
      .prepare(
        'SELECT coalesce(sum(max(0, quantity_ordered - quantity_shipped - quantity_cancelled)), 0) AS n FROM order_items WHERE order_id = ?'
      )
      .get(e.orderId) as { n: number }
    // Full cancel: Cancelled; partial: only held back until Amazon answers (as the order actions do).
    if (left.n === 0)
      db.prepare("UPDATE orders SET cancelled_at = ?, local_status = 'Cancelled', updated_at = ? WHERE id = ?").run(now, now, e.orderId)
    else db.prepare('UPDATE orders SET cancelled_at = ?, updated_at = ? WHERE id = ?').run(now, now, e.orderId)
    if (e.splitId !== null) db.prepare("UPDATE order_splits SET status = 'cancel-pending', updated_at = ? WHERE id = ?").run(now, e.splitId)
    if (e.holdId !== null)
      db.prepare("UPDATE buyer_cancel_requests SET status = 'accepted', updated_at = ? WHERE id = ?").run(now, e.holdId)
    this.historyAt(e.orderId, 'cancel-retried', { code: 'cancel-retried', params: { entryId: e.entryId } }, now)
  }

  // --- for other domains (holds/order actions) ---

  /**
   * Buyer-cancellation requests with their orders, for the holds screen: one tab (`view`) of one
   * store or all, in the tab's order (open: soonest due first; follow-up: newest request first;
   * decided: newest decision first), and the count of every tab.
   */
  buyerCancelRequests(q: { storeId?: string; view: BuyerCancelView }): {
    rows: { h: BuyerCancelRequestRow; o: OrderRow }[]
    counts: { open: number; followUp: number; decided: number }
  } {
    const db = this.deps.db
    const r = buyerCancelRequests
    const storeCond = q.storeId ? eq(r.storeId, q.storeId) : undefined
    const order =
      q.view === 'open' || q.view === 'all'
        ? [asc(r.dueAt), asc(r.id)]
        : q.view === 'follow-up'
          ? [desc(r.requestedAt), desc(r.id)]
          : [desc(r.decidedAt), desc(r.id)]
    const rows = db
      .select({ h: r, o: orders })
      .from(r)
      .innerJoin(orders, eq(orders.id, r.orderId))
      .where(and(storeCond, buyerCancelViewWhere(q.view)))
      .orderBy(...order)
      .all()
    const counts = db
      .select({
        open: sql<number>`coalesce(sum(case when ${r.status} = 'open' then 1 else 0 end), 0)`,
        followUp: sql<number>`coalesce(sum(case when ${r.status} = 'follow-up' and ${r.decidedAt} is null then 1 else 0 end), 0)`,
        decided: sql<number>`coalesce(sum(case when ${r.status} in ('accepted', 'declined') or (${r.status} = 'follow-up' and ${r.decidedAt} is not null) then 1 else 0 end), 0)`
      })
      .from(r)
      .where(storeCond)
      .get()!
    return { rows, counts }
  }

  /** One buyer-cancellation request with its order, or null. */
  buyerCancelRequest(id: number, tx: Tx = this.deps.db): { h: BuyerCancelRequestRow; o: OrderRow } | null {
    return (
      tx
        .select({ h: buyerCancelRequests, o: orders })
        .from(buyerCancelRequests)
        .innerJoin(orders, eq(orders.id, buyerCancelRequests.orderId))
        .where(eq(buyerCancelRequests.id, id))
        .get() ?? null
    )
  }

  /** Open requests of a store not notified yet ("12 hours left"). */
  unnotifiedOpenBuyerCancelRequests(storeId: string): BuyerCancelRequestRow[] {
    const r = buyerCancelRequests
    return this.deps.db
      .select()
      .from(r)
      .where(and(eq(r.storeId, storeId), eq(r.status, 'open'), isNull(r.notifiedAt)))
      .all()
  }

  /** Marks a request notified unless it already was; true when this call marked it (so it is announced once). */
  markBuyerCancelNotified(id: number, at: string): boolean {
    const r = buyerCancelRequests
    return (
      this.deps.db
        .update(r)
        .set({ notifiedAt: at })
        .where(and(eq(r.id, id), isNull(r.notifiedAt)))
        .run().changes === 1
    )
  }

  /** Records a decision on a buyer-cancellation request (inside the caller's transaction). */
  updateBuyerCancelRequest(
    id: number,
    set: Partial<Pick<BuyerCancelRequestRow, 'status' | 'decidedAt' | 'decisionNote' | 'queueEntryId' | 'updatedAt'>>,
    tx: Tx = this.deps.db
  ): void {
    tx.update(buyerCancelRequests).set(set).where(eq(buyerCancelRequests.id, id)).run()
  }

  /** Items of these orders by order id, each order's in insertion order. */
  itemsOf(orderIds: string[]): Map<string, OrderItemRow[]> {
    const out = new Map<string, OrderItemRow[]>()
    if (orderIds.length === 0) return out
    for (let i = 0; i < orderIds.length; i += 500) {
      for (const it of this.deps.db
        .select()
        .from(orderItems)
        .where(inArray(orderItems.orderId, orderIds.slice(i, i + 500)))
        .orderBy(asc(orderItems.id))
        .all()) {
        const l = out.get(it.orderId) ?? []
        l.push(it)
        out.set(it.orderId, l)
      }
    }
    return out
  }

  /** Moves the order's local status from `from` to `to` (nothing when it is not `from`). */
  changeLocalStatus(orderId: string, from: string, to: string, at: string, tx: Tx = this.deps.db): void {
    tx.update(orders)
      .set({ localStatus: to, updatedAt: at })
      .where(and(eq(orders.id, orderId), eq(orders.localStatus, from)))
      .run()
  }

  /** The order's follow-up flag is done with. */
  clearFollowUp(orderId: string, at: string, tx: Tx = this.deps.db): void {
    tx.update(orders).set({ followUp: null, updatedAt: at }).where(eq(orders.id, orderId)).run()
  }

  // --- for other domains (reimbursements/rmas) ---
  private byAmazonIdsStmt: Statement | null = null

  /**
   * Orders of one store by Amazon order id (ids the store does not know are absent): the fields
   * other screens show next to their rows. Prepared raw SQL (cached): the reimbursements list and
   * its CSV export call it per page / per chunk of a million-row table.
   */
  byAmazonIds(
    storeId: string,
    amazonOrderIds: readonly string[]
  ): Map<string, { id: string; status: string | null; currency: string | null }> {
    const out = new Map<string, { id: string; status: string | null; currency: string | null }>()
    if (amazonOrderIds.length === 0) return out
    const st = (this.byAmazonIdsStmt ??= this.deps.db.$client.prepare(
      'SELECT amazon_order_id AS amazonOrderId, id, status, currency FROM orders WHERE store_id = ? AND amazon_order_id IN (SELECT value FROM json_each(?))'
    ))
    for (const r of st.all(storeId, JSON.stringify([...new Set(amazonOrderIds)])) as {
      amazonOrderId: string
      id: string
      status: string | null
      currency: string | null
    }[]) {
      out.set(r.amazonOrderId, { id: r.id, status: r.status, currency: r.currency })
    }
    return out
  }

  /** One order by its local id, or null. */
  findById(orderId: string, tx: Tx = this.deps.db): OrderRow | null {
    return tx.select().from(orders).where(eq(orders.id, orderId)).get() ?? null
  }

  /**
   * Statements for a bulk import that matches rows to a store's orders and creates minimal ones
   * inside the caller's transaction (the returns import: 200,000 rows in one transaction). Prepared
   * SQL with the run's constants (store, timestamp) as literals: binding a parameter costs about as
   * much as inserting a row. Mirrors ensure(): a minimal order plus its 'created' history row; the
   * history rows are written together by `writeCreatedHistory(mark())` taken before the first insert.
   */
  bulkMinimal(storeId: string, now: string) {
    const s = this.deps.db.$client
    const lit = (v: string) => `'${v.replace(/'/g, "''")}'`
    const S = lit(storeId)
    const NOW = lit(now)
    const find = s.prepare(`SELECT id FROM orders WHERE store_id = ${S} AND amazon_order_id = ?`).pluck()
    const any = s.prepare(`SELECT 1 FROM orders WHERE store_id = ${S} LIMIT 1`).pluck()
    const insert = s.prepare(
      `INSERT INTO orders (id, store_id, amazon_order_id, purchase_date, is_minimal, created_at, updated_at) VALUES (?, ${S}, ?, ?, 1, ${NOW}, ${NOW})`
    )
    // Orders made past the high-water mark (nothing else writes during the caller's transaction).
    const mark = s.prepare('SELECT coalesce(max(rowid), 0) FROM orders').pluck()
    const history = s.prepare(
      `INSERT INTO order_history (order_id, event, detail, code, params, at) SELECT id, 'created', ${lit(historyEnglish(MINIMAL))}, 'minimal', '{}', ${NOW} FROM orders WHERE rowid > ? ORDER BY rowid`
    )
    return {
      /** The order's id, or undefined when the store does not know it. */
      find: (amazonOrderId: string) => find.get(amazonOrderId) as string | undefined,
      /** Whether the store has any order yet. */
      any: () => any.get() !== undefined,
      /** A minimal order (its history row comes with writeCreatedHistory). `id`: a 36-char UUID. */
      insertMinimal: (id: string, amazonOrderId: string, purchaseDate: string | null) => void insert.run(id, amazonOrderId, purchaseDate),
      mark: () => mark.get() as number,
      writeCreatedHistory: (since: number) => void history.run(since)
    }
  }
}

function buyerCancelViewWhere(view: BuyerCancelView): SQL | undefined {
  const r = buyerCancelRequests
  switch (view) {
    case 'open':
      return eq(r.status, 'open')
    case 'follow-up':
      return and(eq(r.status, 'follow-up'), isNull(r.decidedAt))
    case 'decided':
      return or(inArray(r.status, ['accepted', 'declined']), and(eq(r.status, 'follow-up'), isNotNull(r.decidedAt)))
    default:
      return undefined
  }
}
