/**
 * Orders as the store knows them. This is the shared minimum other domains need (find or create
 * an order, notes, history); order sync, import, splits, refunds and cancels build on it (#6).
 * Functions that take `tx` run inside the caller's transaction (imports are one per file).
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { orderHistory, orderItems, orderNotes, orders } from '../db/schema'
import { AppError } from '../errors'
import { isShippable } from './buyer-cancel-rules'

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
}
