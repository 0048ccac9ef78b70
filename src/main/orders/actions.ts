/**
 * Order screens and actions (#6): list, detail (items, refunded so far, notes, history, splits,
 * queue entries, buyer-cancel hold; the RMA and reimbursement lists are added by the `orders.*`
 * handlers from their owners), refund, cancel, split, notes.
 * Refunds and cancellations become queue entries (QueueService.add) in the same transaction as
 * the order changes; after commit `queue.afterAdd` sends them at once when the store does not queue.
 */
import type Database from 'better-sqlite3'
import type { z } from 'zod'
import type { CancelInput, OrderDetail, RefundInput, contract } from '../../shared/contract'
import { formatMinor } from '../../shared/money'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { QueueService } from '../queue/service'
import type { StoresService } from '../stores/service'
import {
  itemMoney,
  checkRefund,
  checkSplit,
  cancelLines,
  cancelOrderProblem,
  refundable,
  splitCancelProblem,
  unitsLeftToShip,
  type ItemMoney
} from './rules'
import { HISTORY_INSERT, historyRow, type OrdersService } from './service'

type Ref = { storeId: string; amazonOrderId: string }
/**
 * Where a refund comes from. `guard` and `onAdded` run inside the refund's transaction (an RMA
 * checks it has no refund yet, then moves to Refunded, atomically with the queue entry).
 */
export type RefundOrigin = { source?: 'order' | 'rma'; guard?: () => void; onAdded?: (entryId: number) => void }
export type ActionResult = z.output<(typeof contract)['orders.refund']['output']>
type ListInput = z.output<(typeof contract)['orders.list']['input']>
/** The order detail without the lists other domains own (RMAs, reimbursements): see ./handlers.ts. */
export type OrderDetailOwn = Omit<OrderDetail, 'rmas' | 'reimbursements'>

type OrderDb = {
  id: string
  store_id: string
  amazon_order_id: string
  marketplace_id: string | null
  status: string | null
  local_status: string | null
  shipping_status: string | null
  fulfillment_channel: string | null
  purchase_date: string | null
  last_update_date: string | null
  currency: string | null
  order_total_minor: number | null
  cancelled_at: string | null
  is_minimal: number
  follow_up: string | null
  source: string | null
  item_count: number
}
type ItemDb = {
  id: string
  order_item_id: string | null
  sku: string
  asin: string | null
  title: string | null
  quantity_ordered: number
  quantity_shipped: number
  quantity_cancelled: number
  currency: string | null
  item_price_minor: number | null
  item_tax_minor: number | null
  shipping_price_minor: number | null
  shipping_tax_minor: number | null
  promotion_discount_minor: number | null
  buyer_requested_cancel: number
  buyer_cancel_reason: string | null
  physical_quantity: number | null
}

// The store's name comes from StoresService (stores are another domain's table); orders.store_id
// references stores (on delete cascade), so every order has its store.
const ORDER_SELECT = `SELECT o.*, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) AS item_count FROM orders o`

const money = (i: ItemDb): ItemMoney => itemMoney(i)

function summary(o: OrderDb, storeName: string) {
  return {
    id: o.id,
    storeId: o.store_id,
    storeName,
    amazonOrderId: o.amazon_order_id,
    status: o.status,
    localStatus: o.local_status,
    shippingStatus: o.shipping_status,
    purchaseDate: o.purchase_date,
    currency: o.currency,
    orderTotalMinor: o.order_total_minor,
    cancelledAt: o.cancelled_at,
    isMinimal: o.is_minimal === 1,
    followUp: o.follow_up,
    onHold: o.local_status === 'On Hold',
    itemCount: o.item_count
  }
}

export class OrderActionsService {
  constructor(
    private readonly deps: { db: Db; clock: Clock; events: EventBus; stores: StoresService; orders: OrdersService; queue: QueueService }
  ) {}

  private get sql(): Database.Database {
    // The drizzle Db wraps the same better-sqlite3 connection.
    return this.deps.db.$client
  }
  private now = () => this.deps.clock.now().toISOString()
  private changed = () => this.deps.events.emit('data.changed', { domains: ['orders', 'queue'] })

  private order(ref: Ref): OrderDb {
    const o = this.sql.prepare(`${ORDER_SELECT} WHERE o.store_id = ? AND o.amazon_order_id = ?`).get(ref.storeId, ref.amazonOrderId) as
      OrderDb | undefined
    if (!o)
      throw new AppError(
        'NOT_FOUND',
        `Order ${ref.amazonOrderId} is not known for this store: sync orders or import the order report first`
      )
    return o
  }

  private items(o: OrderDb): ItemDb[] {
    return this.sql
      .prepare(
        'SELECT i.*, inv.physical_quantity FROM order_items i LEFT JOIN inventory inv ON inv.store_id = ? AND inv.sku = i.sku WHERE i.order_id = ? ORDER BY i.rowid'
      )
      .all(o.store_id, o.id) as ItemDb[]
  }

  /**
   * A minimal order record (made from a return or a claim before the order was synced) has no
   * Amazon order item ids: nothing can be refunded or cancelled on it yet.
   */
  private requireItemIds(o: OrderDb, items: ItemDb[], what: 'refund' | 'cancel'): void {
    if (items.length === 0 || items.every((i) => !i.order_item_id)) {
      throw new AppError(
        'VALIDATION',
        `Order ${o.amazon_order_id} has no Amazon order item ids yet${o.is_minimal === 1 ? ' (only a minimal record is known)' : ''}: sync orders or import the order report first, then ${what} it`
      )
    }
  }

  list(q: ListInput): z.output<(typeof contract)['orders.list']['output']> {
    const w: string[] = []
    const p: unknown[] = []
    if (q.storeId) {
      w.push('o.store_id = ?')
      p.push(q.storeId)
    }
    if (q.status) {
      w.push('(o.status = ? OR o.local_status = ?)')
      p.push(q.status, q.status)
    }
    if (q.search) {
      const like = `%${q.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
      w.push(
        "(o.amazon_order_id LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.sku LIKE ? ESCAPE '\\'))"
      )
      p.push(like, like)
    }
    const where = w.length ? `WHERE ${w.join(' AND ')}` : ''
    const total = (this.sql.prepare(`SELECT count(*) AS n FROM orders o ${where}`).get(...p) as { n: number }).n
    const rows = this.sql
      .prepare(`${ORDER_SELECT} ${where} ORDER BY o.purchase_date DESC, o.amazon_order_id LIMIT ? OFFSET ?`)
      .all(...p, q.pageSize, (q.page - 1) * q.pageSize) as OrderDb[]
    const names = this.deps.stores.names()
    return { rows: rows.map((o) => summary(o, names.get(o.store_id) ?? '')), total }
  }

  get(ref: Ref): OrderDetailOwn {
    const o = this.order(ref)
    const items = this.items(o)
    const committed = this.deps.queue.committedRefunds(o.id)
    const settings = this.deps.stores.getSettings(o.store_id)
    const hold = this.sql
      .prepare('SELECT id, status, reason, requested_at, due_at FROM buyer_cancel_requests WHERE order_id = ?')
      .get(o.id) as { id: number; status: string; reason: string | null; requested_at: string; due_at: string } | undefined
    const shipped = o.shipping_status === 'Shipped' || o.status === 'Shipped'
    return {
      order: {
        ...summary(o, this.deps.stores.names().get(o.store_id) ?? ''),
        marketplaceId: o.marketplace_id,
        fulfillmentChannel: o.fulfillment_channel,
        lastUpdateDate: o.last_update_date,
        source: o.source,
        canShip: !o.cancelled_at && o.local_status !== 'On Hold' && o.local_status !== 'Cancelled' && !shipped && o.status !== 'Canceled'
      },
      items: items.map((i) => ({
        id: i.id,
        orderItemId: i.order_item_id,
        sku: i.sku,
        asin: i.asin,
        title: i.title,
        quantityOrdered: i.quantity_ordered,
        quantityShipped: i.quantity_shipped,
        quantityCancelled: i.quantity_cancelled,
        currency: i.currency ?? o.currency,
        itemPriceMinor: i.item_price_minor,
        itemTaxMinor: i.item_tax_minor,
        shippingPriceMinor: i.shipping_price_minor,
        shippingTaxMinor: i.shipping_tax_minor,
        promotionDiscountMinor: i.promotion_discount_minor,
        refundedMinor: (i.order_item_id && committed.get(i.order_item_id)) || {},
        refundableMinor: refundable(money(i), (i.order_item_id && committed.get(i.order_item_id)) || {}),
        buyerRequestedCancel: i.buyer_requested_cancel === 1,
        buyerCancelReason: i.buyer_cancel_reason,
        physicalQuantity: i.physical_quantity
      })),
      notes: (
        this.sql.prepare('SELECT id, text, source, created_at FROM order_notes WHERE order_id = ? ORDER BY id').all(o.id) as {
          id: number
          text: string
          source: string
          created_at: string
        }[]
      ).map((n) => ({
        id: n.id,
        text: n.text,
        source: n.source,
        createdAt: n.created_at
      })),
      history: (
        this.sql.prepare('SELECT id, event, detail, code, params, at FROM order_history WHERE order_id = ? ORDER BY id').all(o.id) as (Omit<
          OrderDetail['history'][number],
          'params'
        > & { params: string | null })[]
      ).map((h) => ({ ...h, params: h.params === null ? null : (JSON.parse(h.params) as Record<string, unknown>) })),
      splits: (
        this.sql.prepare('SELECT id, seq, lines, status, created_at FROM order_splits WHERE order_id = ? ORDER BY seq').all(o.id) as {
          id: number
          seq: number
          lines: string
          status: 'open' | 'cancel-pending' | 'cancelled'
          created_at: string
        }[]
      ).map((s) => ({
        id: s.id,
        seq: s.seq,
        lines: JSON.parse(s.lines) as { orderItemId: string; quantity: number }[],
        status: s.status,
        createdAt: s.created_at
      })),
      queueEntries: this.deps.queue.entriesForOrder(o.id),
      hold: hold ? { id: hold.id, status: hold.status, reason: hold.reason, requestedAt: hold.requested_at, dueAt: hold.due_at } : null,
      settings: {
        allowOverRefund: settings.allowOverRefund,
        allowZeroInventoryOnCancel: settings.allowZeroInventoryOnCancel,
        allowCancelWithoutAmazon: settings.allowCancelWithoutAmazon,
        queueRefundsAndCancellations: settings.queueRefundsAndCancellations,
        queueAutoSubmit: settings.queueAutoSubmit
      }
    }
  }

  /**
   * Issue refund: per item, amounts by component. What was paid minus what is already refunded
   * or on its way must cover it, unless the store allows over-refunds (then it warns).
   */
  refund(input: RefundInput, origin: RefundOrigin = {}): ActionResult {
    const now = this.now()
    const { entryId, warnings } = this.sql
      .transaction(() => {
        const o = this.order(input)
        // Inside the IMMEDIATE transaction: two windows or two app instances can't both pass it.
        origin.guard?.()
        const items = this.items(o)
        this.requireItemIds(o, items, 'refund')
        const currency = o.currency ?? items.find((i) => i.currency)?.currency ?? null
        if (!currency) throw new AppError('VALIDATION', `Order ${o.amazon_order_id} has no currency yet: sync orders first`)
        const fmt = (m: number) => `${formatMinor(m, currency)} ${currency}`
        const problems = checkRefund(items.map(money), this.deps.queue.committedRefunds(o.id), input.lines, fmt)
        const hard = problems.filter((p) => !p.overRefund)
        if (hard.length) throw new AppError('VALIDATION', hard.map((p) => p.message).join('; '), { problems: hard })
        const over = problems.filter((p) => p.overRefund)
        const allow = this.deps.stores.getSettings(o.store_id).allowOverRefund
        if (over.length && !allow) {
          throw new AppError(
            'VALIDATION',
            `More than was paid: ${over.map((p) => p.message).join('; ')}. Turn on "Allow to over-refund" in the store settings to send it anyway.`,
            { problems: over }
          )
        }
        const lines = input.lines.map((l) => ({
          orderItemId: l.orderItemId,
          sku: items.find((i) => i.order_item_id === l.orderItemId)!.sku,
          quantity: l.quantity,
          components: l.components.filter((c) => c.amountMinor > 0)
        }))
        const total = lines.reduce((a, l) => a + l.components.reduce((b, c) => b + c.amountMinor, 0), 0)
        const { id } = this.deps.queue.add({
          storeId: o.store_id,
          orderId: o.id,
          kind: 'refund',
          reason: input.reason,
          lines,
          currency,
          totalMinor: total,
          source: origin.source ?? (input.rmaId ? 'rma' : 'order'),
          ...(input.rmaId !== undefined ? { rmaId: input.rmaId } : {}),
          ...(input.note ? { note: input.note } : {})
        })
        this.sql
          .prepare(HISTORY_INSERT)
          .run(
            ...historyRow(
              o.id,
              'refund-requested',
              { code: 'refund-requested', params: { entryId: id, amountMinor: total, currency, reason: input.reason } },
              now
            )
          )
        origin.onAdded?.(id)
        return { entryId: id, warnings: over.map((p) => `Over-refund (allowed by the store settings): ${p.message}`) }
      })
      .immediate()
    const batch = this.deps.queue.afterAdd(entryId)
    this.changed()
    return { entry: this.deps.queue.entry(entryId), batch, warnings }
  }

  /**
   * Cancel order (or the items of a split). Marks the order so it cannot ship at once; the queue
   * releases it again if the cancellation is rejected or refused by Amazon.
   */
  cancel(input: CancelInput, origin: { source?: 'order' | 'hold' | 'split'; holdId?: number } = {}): ActionResult {
    const now = this.now()
    const { entryId, local } = this.sql
      .transaction(() => {
        const o = this.order(input)
        const items = this.items(o)
        this.requireItemIds(o, items, 'cancel')
        const settings = this.deps.stores.getSettings(o.store_id)
        if (input.zeroOutInventory && !settings.allowZeroInventoryOnCancel)
          throw new AppError('VALIDATION', 'This store does not allow zeroing out inventory on cancel (store settings)')
        if (input.zeroOutInventory && input.reason !== 'NoInventory')
          throw new AppError('VALIDATION', 'Zero out inventory goes with the cancel reason No Stock (NoInventory)')
        if (input.doNotSendToAmazon && !settings.allowCancelWithoutAmazon)
          throw new AppError('VALIDATION', 'This store does not allow cancelling without telling Amazon (store settings)')
        // The shared rule (orders/rules.ts), also used by the team server.
        const blocked = cancelOrderProblem(
          { amazonOrderId: o.amazon_order_id, status: o.status, shippingStatus: o.shipping_status },
          items.map(money),
          !input.doNotSendToAmazon
        )
        if (blocked) throw new AppError('VALIDATION', blocked)
        let lines: { orderItemId: string; sku: string; quantity: number }[]
        let splitId: number | undefined
        if (input.splitId !== undefined) {
          const split = this.sql
            .prepare('SELECT id, lines, status FROM order_splits WHERE id = ? AND order_id = ?')
            .get(input.splitId, o.id) as { id: number; lines: string; status: string } | undefined
          if (!split) throw new AppError('NOT_FOUND', `Split ${input.splitId} is not part of order ${o.amazon_order_id}`)
          if (split.status !== 'open') throw new AppError('VALIDATION', `Split ${input.splitId} is already ${split.status}`)
          const sl = JSON.parse(split.lines) as { orderItemId: string; quantity: number }[]
          const problem = splitCancelProblem(items.map(money), sl)
          if (problem) throw new AppError('VALIDATION', problem)
          lines = sl.map((l) => ({
            orderItemId: l.orderItemId,
            sku: items.find((i) => i.order_item_id === l.orderItemId)!.sku,
            quantity: l.quantity
          }))
          splitId = split.id
        } else {
          const planned = cancelLines(o.amazon_order_id, items.map(money), input.orderItemIds)
          if (planned.problem !== undefined) throw new AppError('VALIDATION', planned.problem)
          lines = planned.lines
        }
        const { id } = this.deps.queue.add({
          storeId: o.store_id,
          orderId: o.id,
          kind: 'cancel',
          reason: input.reason,
          lines,
          currency: o.currency,
          totalMinor: null,
          source: origin.source ?? (splitId !== undefined ? 'split' : 'order'),
          ...(splitId !== undefined ? { splitId } : {}),
          ...(origin.holdId !== undefined ? { holdId: origin.holdId } : {}),
          ...(input.note ? { note: input.note } : {}),
          local: input.doNotSendToAmazon
        })
        // Mark at once: the order can't ship, even while the cancellation waits in the queue — a
        // shipment confirmed before Amazon gets the cancellation would turn it into a refund of the
        // entire order. A partial cancel (units left to ship) keeps its local status and is only
        // held back (cancelled_at) until Amazon answers; one kept local (never sent) holds nothing.
        const left = unitsLeftToShip(items.map(money), lines)
        for (const l of lines)
          this.sql
            .prepare(
              'UPDATE order_items SET quantity_cancelled = min(quantity_ordered, quantity_cancelled + ?) WHERE order_id = ? AND order_item_id = ?'
            )
            .run(l.quantity, o.id, l.orderItemId)
        if (left === 0)
          this.sql
            .prepare("UPDATE orders SET cancelled_at = ?, local_status = 'Cancelled', updated_at = ? WHERE id = ?")
            .run(now, now, o.id)
        else if (!input.doNotSendToAmazon)
          this.sql.prepare('UPDATE orders SET cancelled_at = ?, updated_at = ? WHERE id = ?').run(now, now, o.id)
        else this.sql.prepare('UPDATE orders SET updated_at = ? WHERE id = ?').run(now, o.id)
        if (splitId !== undefined)
          this.sql
            .prepare('UPDATE order_splits SET status = ?, updated_at = ? WHERE id = ?')
            .run(input.doNotSendToAmazon ? 'cancelled' : 'cancel-pending', now, splitId)
        if (input.zeroOutInventory) {
          for (const sku of new Set(lines.map((l) => l.sku))) {
            this.sql
              .prepare(
                'INSERT INTO inventory (store_id, sku, physical_quantity, updated_at) VALUES (?, ?, 0, ?) ON CONFLICT (store_id, sku) DO UPDATE SET physical_quantity = 0, updated_at = excluded.updated_at'
              )
              .run(o.store_id, sku, now)
          }
        }
        const what = `${lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')} (${input.reason})`
        this.sql.prepare(HISTORY_INSERT).run(
          ...historyRow(
            o.id,
            input.doNotSendToAmazon ? 'cancelled-locally' : 'cancel-requested',
            {
              code: 'cancel-requested',
              params: {
                entryId: id,
                lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
                reason: input.reason,
                local: input.doNotSendToAmazon,
                inventoryZeroed: input.zeroOutInventory,
                left
              }
            },
            now
          )
        )
        // A note the picker sees on the order: do not ship these units (and the user's own words).
        // It says what is true now — requested, not cancelled: Amazon may still refuse it, and then
        // the queue adds a note saying so (unmarkCancel).
        this.sql
          .prepare("INSERT INTO order_notes (order_id, text, source, created_at) VALUES (?, ?, 'system', ?)")
          .run(
            o.id,
            input.doNotSendToAmazon
              ? `Cancelled here only (not sent to Amazon) — do not ship: ${what}`
              : `Do not ship — cancellation requested (request #${id}), not yet confirmed by Amazon: ${what}`,
            now
          )
        if (input.note)
          this.sql
            .prepare("INSERT INTO order_notes (order_id, text, source, created_at) VALUES (?, ?, 'user', ?)")
            .run(o.id, input.note, now)
        return { entryId: id, local: input.doNotSendToAmazon }
      })
      .immediate()
    const batch = local ? null : this.deps.queue.afterAdd(entryId)
    this.changed()
    return { entry: this.deps.queue.entry(entryId), batch, warnings: [] }
  }

  /** Partial cancel, step 1: move items/quantities into a new split (#1, #2, ...). */
  split(ref: Ref, lines: { orderItemId: string; quantity: number }[]): OrderDetailOwn {
    const now = this.now()
    this.sql
      .transaction(() => {
        const o = this.order(ref)
        if (o.status === 'Shipped' || o.shipping_status === 'Shipped')
          throw new AppError('VALIDATION', `Order ${o.amazon_order_id} has shipped; nothing to split`)
        const items = this.items(o)
        const open = new Map<string, number>()
        for (const s of this.sql.prepare("SELECT lines FROM order_splits WHERE order_id = ? AND status = 'open'").all(o.id) as {
          lines: string
        }[]) {
          for (const l of JSON.parse(s.lines) as { orderItemId: string; quantity: number }[])
            open.set(l.orderItemId, (open.get(l.orderItemId) ?? 0) + l.quantity)
        }
        const problems = checkSplit(items.map(money), open, lines)
        if (problems.length) throw new AppError('VALIDATION', problems.join('; '))
        const seq = (
          this.sql.prepare('SELECT coalesce(max(seq), 0) + 1 AS n FROM order_splits WHERE order_id = ?').get(o.id) as { n: number }
        ).n
        this.sql
          .prepare("INSERT INTO order_splits (order_id, seq, lines, status, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?)")
          .run(o.id, seq, JSON.stringify(lines), now, now)
        const what = lines.map((l) => ({ sku: items.find((i) => i.order_item_id === l.orderItemId)!.sku, quantity: l.quantity }))
        this.sql.prepare(HISTORY_INSERT).run(...historyRow(o.id, 'split', { code: 'split', params: { seq, lines: what } }, now))
      })
      .immediate()
    this.changed()
    return this.get(ref)
  }

  addNote(ref: Ref, text: string): OrderDetailOwn {
    const o = this.order(ref)
    this.sql.prepare("INSERT INTO order_notes (order_id, text, source, created_at) VALUES (?, ?, 'user', ?)").run(o.id, text, this.now())
    this.changed()
    return this.get(ref)
  }
}
