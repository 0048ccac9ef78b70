/**
 * Buyer-cancellation holds (#7): list, accept (cancel through the queue), decline, follow-up.
 *
 * Accept goes through OrderActionsService.cancel with reason BuyerCanceled and `{ source: 'hold',
 * holdId }`, so it honours the store's queue settings and the queue's never-twice guarantee; it
 * never talks to Amazon itself. An accept that finds a live cancellation entry for this hold
 * (e.g. a crash between the queue's commit and ours) records that entry instead of adding a
 * second one. Every decision is written to the order's history with its time.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { HoldRow, contract } from '../../shared/contract'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { buyerCancelRequests, orderItems, orders, queueBatches, queueEntries, stores } from '../db/schema'
import { entryProgress, type QueueEntryStatus } from '../../shared/contract/orders'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import type { OrderActionsService } from '../orders/actions'
import type { OrdersService } from '../orders/service'
import type { QueueService } from '../queue/service'
import type { StoresService } from '../stores/service'
import { LOCAL_IN_PROCESS, LOCAL_ON_HOLD, acceptBlocker, notificationDue } from '../orders/buyer-cancel-rules'

type ListInput = z.output<(typeof contract)['holds.list']['input']>
type ListOutput = z.output<(typeof contract)['holds.list']['output']>
type HoldDb = typeof buyerCancelRequests.$inferSelect
/** The hold's cancellation request and the batch that carries it (left-joined: all may be null). */
type EntryJoin = { entryStatus: string | null; entryBatchId: number | null; entryMessage: string | null; feedId: string | null }
const ENTRY_COLUMNS = { entryStatus: queueEntries.status, entryBatchId: queueEntries.batchId, entryMessage: queueEntries.resultMessage, feedId: queueBatches.feedId }

export type HoldsDeps = { db: Db; clock: Clock; events: EventBus; log: Logger; stores: StoresService; orders: OrdersService; queue: QueueService; orderActions: OrderActionsService }

/** Live = the cancellation is on its way or done (not rejected here and not failed at Amazon). */
const LIVE_ENTRY = ['queued', 'batched', 'done', 'uncertain', 'local'] as const

export class HoldsService {
  constructor(private readonly deps: HoldsDeps) {}

  private now = () => this.deps.clock.now().toISOString()

  private viewWhere(view: ListInput['view']): SQL | undefined {
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

  list(q: ListInput): ListOutput {
    const db = this.deps.db
    const r = buyerCancelRequests
    const storeCond = q.storeId ? eq(r.storeId, q.storeId) : undefined
    const order = q.view === 'open' || q.view === 'all' ? [asc(r.dueAt), asc(r.id)] : q.view === 'follow-up' ? [desc(r.requestedAt), desc(r.id)] : [desc(r.decidedAt), desc(r.id)]
    const raw = db
      .select({ h: r, o: orders, storeName: stores.name, ...ENTRY_COLUMNS })
      .from(r)
      .innerJoin(orders, eq(orders.id, r.orderId))
      .innerJoin(stores, eq(stores.id, r.storeId))
      .leftJoin(queueEntries, eq(queueEntries.id, r.queueEntryId))
      .leftJoin(queueBatches, eq(queueBatches.id, queueEntries.batchId))
      .where(and(storeCond, this.viewWhere(q.view)))
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
    const items = this.itemsOf(raw.map((x) => x.o.id))
    return { rows: raw.map((x) => toRow(x.h, x.o, x.storeName, x, items.get(x.o.id) ?? [])), counts }
  }

  get(id: number): HoldRow {
    const x = this.deps.db
      .select({ h: buyerCancelRequests, o: orders, storeName: stores.name, ...ENTRY_COLUMNS })
      .from(buyerCancelRequests)
      .innerJoin(orders, eq(orders.id, buyerCancelRequests.orderId))
      .innerJoin(stores, eq(stores.id, buyerCancelRequests.storeId))
      .leftJoin(queueEntries, eq(queueEntries.id, buyerCancelRequests.queueEntryId))
      .leftJoin(queueBatches, eq(queueBatches.id, queueEntries.batchId))
      .where(eq(buyerCancelRequests.id, id))
      .get()
    if (!x) throw new AppError('NOT_FOUND', `No buyer cancellation request #${id}`)
    return toRow(x.h, x.o, x.storeName, x, this.itemsOf([x.o.id]).get(x.o.id) ?? [])
  }

  private itemsOf(orderIds: string[]) {
    const out = new Map<string, (typeof orderItems.$inferSelect)[]>()
    if (orderIds.length === 0) return out
    for (let i = 0; i < orderIds.length; i += 500) {
      for (const it of this.deps.db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds.slice(i, i + 500))).orderBy(asc(orderItems.id)).all()) {
        const l = out.get(it.orderId) ?? []
        l.push(it)
        out.set(it.orderId, l)
      }
    }
    return out
  }

  private load(id: number): { h: HoldDb; o: typeof orders.$inferSelect } {
    const x = this.deps.db.select({ h: buyerCancelRequests, o: orders }).from(buyerCancelRequests).innerJoin(orders, eq(orders.id, buyerCancelRequests.orderId)).where(eq(buyerCancelRequests.id, id)).get()
    if (!x) throw new AppError('NOT_FOUND', `No buyer cancellation request #${id}`)
    return x
  }

  private mustBeOpen(h: HoldDb, o: { amazonOrderId: string }) {
    if (h.status !== 'open') {
      const what = h.status === 'follow-up' ? 'is a follow-up (the order had already shipped), not a hold' : `was already ${h.status}${h.decidedAt ? ` at ${h.decidedAt}` : ''}`
      throw new AppError('CONFLICT', `The cancellation request for order ${o.amazonOrderId} ${what}`)
    }
  }

  private changed() {
    this.deps.events.emit('data.changed', { domains: ['holds', 'orders', 'queue'] })
  }

  /** Cancel the order with reason BuyerCanceled through the queue's cancel path. */
  accept(id: number, note?: string): HoldRow {
    const { h, o } = this.load(id)
    this.mustBeOpen(h, o)
    const blocker = acceptBlocker(o)
    if (blocker) throw new AppError('CONFLICT', `Order ${o.amazonOrderId} can't be cancelled: ${blocker}.`)
    const db = this.deps.db
    // A live entry for this hold already exists (an earlier accept got that far): record it, don't add another.
    const live = db
      .select({ id: queueEntries.id })
      .from(queueEntries)
      .where(and(eq(queueEntries.holdId, id), eq(queueEntries.kind, 'cancel'), inArray(queueEntries.status, [...LIVE_ENTRY])))
      .orderBy(desc(queueEntries.id))
      .get()
    let entryId = live?.id ?? null
    if (entryId === null) {
      const result = this.deps.orderActions.cancel(
        {
          storeId: h.storeId,
          amazonOrderId: o.amazonOrderId,
          reason: 'BuyerCanceled',
          ...(h.orderItemIds.length > 0 ? { orderItemIds: h.orderItemIds } : {}),
          zeroOutInventory: false,
          doNotSendToAmazon: false,
          ...(note ? { note } : {})
        },
        { source: 'hold', holdId: id }
      )
      entryId = result.entry.id
    }
    const now = this.now()
    db.transaction((tx) => {
      tx.update(buyerCancelRequests)
        .set({ status: 'accepted', decidedAt: now, decisionNote: note ?? null, queueEntryId: entryId, updatedAt: now })
        .where(eq(buyerCancelRequests.id, id))
        .run()
      this.deps.orders.history(o.id, 'buyer-cancel-accepted', `cancellation accepted (reason BuyerCanceled), cancellation request #${entryId}${note ? `: ${note}` : ''}`, tx)
    })
    this.deps.log.info('buyer cancellation accepted', { holdId: id, order: o.amazonOrderId, queueEntryId: entryId })
    this.changed()
    return this.get(id)
  }

  /** Release the hold with a note; the order can ship. */
  decline(id: number, note: string): HoldRow {
    const { h, o } = this.load(id)
    this.mustBeOpen(h, o)
    const now = this.now()
    this.deps.db.transaction((tx) => {
      tx.update(buyerCancelRequests).set({ status: 'declined', decidedAt: now, decisionNote: note, updatedAt: now }).where(eq(buyerCancelRequests.id, id)).run()
      tx.update(orders)
        .set({ localStatus: LOCAL_IN_PROCESS, updatedAt: now })
        .where(and(eq(orders.id, o.id), eq(orders.localStatus, LOCAL_ON_HOLD)))
        .run()
      this.deps.orders.addNote(o.id, `Buyer cancellation request declined: ${note}`, 'user', tx)
      this.deps.orders.history(o.id, 'buyer-cancel-declined', `hold released, the order can ship: ${note}`, tx)
    })
    this.changed()
    return this.get(id)
  }

  /** A shipped order's request was followed up (the note says how). */
  resolveFollowUp(id: number, note: string): HoldRow {
    const { h, o } = this.load(id)
    if (h.status !== 'follow-up' || h.decidedAt) throw new AppError('CONFLICT', `The cancellation request for order ${o.amazonOrderId} is not waiting for a follow-up`)
    const now = this.now()
    this.deps.db.transaction((tx) => {
      tx.update(buyerCancelRequests).set({ decidedAt: now, decisionNote: note, updatedAt: now }).where(eq(buyerCancelRequests.id, id)).run()
      tx.update(orders).set({ followUp: null, updatedAt: now }).where(eq(orders.id, o.id)).run()
      this.deps.orders.addNote(o.id, `Buyer cancellation follow-up: ${note}`, 'user', tx)
      this.deps.orders.history(o.id, 'buyer-cancel-followed-up', note, tx)
    })
    this.changed()
    return this.get(id)
  }

  /**
   * Open requests of a store that just passed 12 h left and were not notified yet: marks them
   * notified (one conditional UPDATE each, so a request is announced once) and returns them.
   */
  takeDueNotifications(storeId: string): HoldRow[] {
    const now = this.deps.clock.now()
    const open = this.deps.db
      .select()
      .from(buyerCancelRequests)
      .where(and(eq(buyerCancelRequests.storeId, storeId), eq(buyerCancelRequests.status, 'open'), isNull(buyerCancelRequests.notifiedAt)))
      .all()
    const out: HoldRow[] = []
    for (const h of open) {
      if (!notificationDue(h, now)) continue
      const res = this.deps.db
        .update(buyerCancelRequests)
        .set({ notifiedAt: now.toISOString() })
        .where(and(eq(buyerCancelRequests.id, h.id), isNull(buyerCancelRequests.notifiedAt)))
        .run()
      if (res.changes === 1) out.push(this.get(h.id))
    }
    return out
  }
}

function toRow(h: HoldDb, o: typeof orders.$inferSelect, storeName: string, e: EntryJoin, items: (typeof orderItems.$inferSelect)[]): HoldRow {
  const wanted = new Set(h.orderItemIds)
  const chosen = wanted.size > 0 ? items.filter((i) => i.orderItemId && wanted.has(i.orderItemId)) : items
  return {
    id: h.id,
    storeId: h.storeId,
    storeName,
    orderId: h.orderId,
    amazonOrderId: o.amazonOrderId,
    items: chosen.map((i) => ({ orderItemId: i.orderItemId ?? '', sku: i.sku, title: i.title, quantity: i.quantityOrdered })),
    reason: h.reason,
    requestedAt: h.requestedAt,
    dueAt: h.dueAt,
    status: h.status,
    source: h.source,
    orderStatus: o.status,
    shippingStatus: o.shippingStatus,
    localStatus: o.localStatus,
    decidedAt: h.decidedAt,
    decisionNote: h.decisionNote,
    queueEntryId: h.queueEntryId,
    queueEntryStatus: e.entryStatus,
    // Where the cancellation stands at Amazon: queued, being sent, sent, done, or refused (failed:
    // the hold is open again and says why).
    cancellation:
      h.queueEntryId !== null && e.entryStatus
        ? { progress: entryProgress(e.entryStatus as QueueEntryStatus, e.feedId), batchId: e.entryBatchId, feedId: e.feedId, message: e.entryMessage }
        : null
  }
}
