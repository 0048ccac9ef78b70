/**
 * Orders as the store knows them. This is the shared minimum other domains need (find or create
 * an order, notes, history); order sync, import, splits, refunds and cancels build on it (#6).
 * Functions that take `tx` run inside the caller's transaction (imports are one per file).
 */
import { randomUUID } from 'node:crypto'
import type { Statement } from 'better-sqlite3'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { orderHistory, orderItems, orderNotes, orders } from '../db/schema'
import { AppError } from '../errors'
import { isShippable } from '../holds/rules'
import type { OrderItemDbRow } from './rules'

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db
export type OrderRow = typeof orders.$inferSelect

export class OrdersService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  private now = () => this.deps.clock.now().toISOString()

  /** The SQLite connection under `db` (for prepared statements inside the same transaction). */
  client() {
    return this.deps.db.$client
  }

  find(storeId: string, amazonOrderId: string, tx: Tx = this.deps.db): OrderRow | null {
    return tx.select().from(orders).where(and(eq(orders.storeId, storeId), eq(orders.amazonOrderId, amazonOrderId))).get() ?? null
  }

  /** Returns the order, creating a minimal record when the store does not know it yet. */
  ensure(storeId: string, amazonOrderId: string, tx: Tx = this.deps.db, init: Partial<OrderRow> = {}): OrderRow {
    const existing = this.find(storeId, amazonOrderId, tx)
    if (existing) return existing
    const now = this.now()
    const row = { id: randomUUID(), storeId, amazonOrderId, isMinimal: true, createdAt: now, updatedAt: now, ...init }
    tx.insert(orders).values(row).run()
    this.history(row.id, 'created', init.isMinimal === false ? 'synced' : 'minimal record (order not synced yet)', tx)
    return this.find(storeId, amazonOrderId, tx)!
  }

  addNote(orderId: string, text: string, source: string, tx: Tx = this.deps.db): void {
    tx.insert(orderNotes).values({ orderId, text, source, createdAt: this.now() }).run()
  }

  history(orderId: string, event: string, detail: string | null, tx: Tx = this.deps.db): void {
    tx.insert(orderHistory).values({ orderId, event, detail, at: this.now() }).run()
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
   * (holds/rules.ts isShippable). A shipping export takes exactly these.
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

  // --- for other domains (reimbursements/rmas) ---
  private byAmazonIdsStmt: Statement | null = null

  /**
   * Orders of one store by Amazon order id (ids the store does not know are absent): the fields
   * other screens show next to their rows. Prepared raw SQL (cached): the reimbursements list and
   * its CSV export call it per page / per chunk of a million-row table.
   */
  byAmazonIds(storeId: string, amazonOrderIds: readonly string[]): Map<string, { id: string; status: string | null; currency: string | null }> {
    const out = new Map<string, { id: string; status: string | null; currency: string | null }>()
    if (amazonOrderIds.length === 0) return out
    const st = (this.byAmazonIdsStmt ??= this.deps.db.$client.prepare(
      'SELECT amazon_order_id AS amazonOrderId, id, status, currency FROM orders WHERE store_id = ? AND amazon_order_id IN (SELECT value FROM json_each(?))'
    ))
    for (const r of st.all(storeId, JSON.stringify([...new Set(amazonOrderIds)])) as { amazonOrderId: string; id: string; status: string | null; currency: string | null }[]) {
      out.set(r.amazonOrderId, { id: r.id, status: r.status, currency: r.currency })
    }
    return out
  }

  /** One order by its local id, or null. */
  findById(orderId: string, tx: Tx = this.deps.db): OrderRow | null {
    return tx.select().from(orders).where(eq(orders.id, orderId)).get() ?? null
  }

  /** An order's item rows as stored (snake_case columns), for the refund rules (orders/rules.ts itemMoney). */
  itemDbRows(orderId: string): OrderItemDbRow[] {
    return this.deps.db.$client.prepare('SELECT * FROM order_items WHERE order_id = ?').all(orderId) as OrderItemDbRow[]
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
    const insert = s.prepare(`INSERT INTO orders (id, store_id, amazon_order_id, purchase_date, is_minimal, created_at, updated_at) VALUES (?, ${S}, ?, ?, 1, ${NOW}, ${NOW})`)
    // Orders made past the high-water mark (nothing else writes during the caller's transaction).
    const mark = s.prepare('SELECT coalesce(max(rowid), 0) FROM orders').pluck()
    const history = s.prepare(
      `INSERT INTO order_history (order_id, event, detail, at) SELECT id, 'created', 'minimal record (order not synced yet)', ${NOW} FROM orders WHERE rowid > ? ORDER BY rowid`
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
