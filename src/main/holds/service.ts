/**
 * Buyer-cancellation holds (#7): list, accept (cancel through the queue), decline, follow-up.
 *
 * Accept goes through OrderActionsService.cancel with reason BuyerCanceled and `{ source: 'hold',
 * holdId }`, so it honours the store's queue settings and the queue's never-twice guarantee; it
 * never talks to Amazon itself. An accept that finds a live cancellation entry for this hold
 * (e.g. a crash between the queue's commit and ours) records that entry instead of adding a
 * second one. Every decision is written to the order's history with its time.
 */
import type { z } from 'zod'
import type { HoldRow, contract } from '../../shared/contract'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { entryProgress, type QueueEntryStatus } from '../../shared/contract/orders'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import type { OrderActionsService } from '../orders/actions'
import type { BuyerCancelRequestRow, OrderItemRow, OrderRow, OrdersService } from '../orders/service'
import type { QueueService } from '../queue/service'
import type { StoresService } from '../stores/service'
import { LOCAL_IN_PROCESS, LOCAL_ON_HOLD, acceptBlocker, notificationDue } from '../orders/buyer-cancel-rules'

type ListInput = z.output<(typeof contract)['holds.list']['input']>
type ListOutput = z.output<(typeof contract)['holds.list']['output']>
type HoldDb = BuyerCancelRequestRow
/** The hold's cancellation request and the batch that carries it (from the queue: all may be null). */
type EntryJoin = { entryStatus: string | null; entryBatchId: number | null; entryMessage: string | null; feedId: string | null }
const NO_ENTRY: EntryJoin = { entryStatus: null, entryBatchId: null, entryMessage: null, feedId: null }

export type HoldsDeps = {
  db: Db
  clock: Clock
  events: EventBus
  log: Logger
  stores: StoresService
  orders: OrdersService
  queue: QueueService
  orderActions: OrderActionsService
}

/** Live = the cancellation is on its way or done (not rejected here and not failed at Amazon). */
const LIVE_ENTRY = ['queued', 'batched', 'done', 'uncertain', 'local'] as const

export class HoldsService {
  constructor(private readonly deps: HoldsDeps) {}

  private now = () => this.deps.clock.now().toISOString()

  /**
   * Hold rows from their parts: the requests and orders (OrdersService), the store names
   * (StoresService), the cancellation entries and their batches (QueueService), the items.
   */
  private rows(raw: { h: HoldDb; o: OrderRow }[]): HoldRow[] {
    const names = this.deps.stores.names()
    // Every request has its store (foreign key, on delete cascade); kept as the inner join did.
    const known = raw.filter((x) => names.has(x.h.storeId))
    const entries = this.deps.queue.entryStates(known.flatMap((x) => (x.h.queueEntryId !== null ? [x.h.queueEntryId] : [])))
    const items = this.deps.orders.itemsOf(known.map((x) => x.o.id))
    return known.map((x) => {
      const e = x.h.queueEntryId !== null ? entries.get(x.h.queueEntryId) : undefined
      const entry: EntryJoin = e
        ? { entryStatus: e.status, entryBatchId: e.batchId, entryMessage: e.resultMessage, feedId: e.feedId }
        : NO_ENTRY
      return toRow(x.h, x.o, names.get(x.h.storeId)!, entry, items.get(x.o.id) ?? [])
    })
  }

  list(q: ListInput): ListOutput {
    const { rows, counts } = this.deps.orders.buyerCancelRequests({ ...(q.storeId ? { storeId: q.storeId } : {}), view: q.view })
    return { rows: this.rows(rows), counts }
  }

  get(id: number): HoldRow {
    const x = this.deps.orders.buyerCancelRequest(id)
    const row = x ? this.rows([x])[0] : undefined
    if (!row) throw new AppError('NOT_FOUND', `No buyer cancellation request #${id}`)
    return row
  }

  private load(id: number): { h: HoldDb; o: OrderRow } {
    const x = this.deps.orders.buyerCancelRequest(id)
    if (!x) throw new AppError('NOT_FOUND', `No buyer cancellation request #${id}`)
    return x
  }

  private mustBeOpen(h: HoldDb, o: { amazonOrderId: string }) {
    if (h.status !== 'open') {
      const what =
        h.status === 'follow-up'
          ? 'is a follow-up (the order had already shipped), not a hold'
          : `was already ${h.status}${h.decidedAt ? ` at ${h.decidedAt}` : ''}`
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
    // A live entry for this hold already exists (an earlier accept got that far): record it, don't add another.
    let entryId = this.deps.queue.latestHoldCancellation(id, LIVE_ENTRY)
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
    this.deps.db.transaction((tx) => {
      this.deps.orders.updateBuyerCancelRequest(
        id,
        { status: 'accepted', decidedAt: now, decisionNote: note ?? null, queueEntryId: entryId, updatedAt: now },
        tx
      )
      this.deps.orders.history(
        o.id,
        'buyer-cancel-accepted',
        { code: 'hold-accepted', params: { entryId, reason: 'BuyerCanceled', note: note ?? null } },
        tx
      )
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
      this.deps.orders.updateBuyerCancelRequest(id, { status: 'declined', decidedAt: now, decisionNote: note, updatedAt: now }, tx)
      this.deps.orders.changeLocalStatus(o.id, LOCAL_ON_HOLD, LOCAL_IN_PROCESS, now, tx)
      this.deps.orders.addNote(o.id, `Buyer cancellation request declined: ${note}`, 'user', tx)
      this.deps.orders.history(o.id, 'buyer-cancel-declined', { code: 'hold-declined', params: { note } }, tx)
    })
    this.changed()
    return this.get(id)
  }

  /** A shipped order's request was followed up (the note says how). */
  resolveFollowUp(id: number, note: string): HoldRow {
    const { h, o } = this.load(id)
    if (h.status !== 'follow-up' || h.decidedAt)
      throw new AppError('CONFLICT', `The cancellation request for order ${o.amazonOrderId} is not waiting for a follow-up`)
    const now = this.now()
    this.deps.db.transaction((tx) => {
      this.deps.orders.updateBuyerCancelRequest(id, { decidedAt: now, decisionNote: note, updatedAt: now }, tx)
      this.deps.orders.clearFollowUp(o.id, now, tx)
      this.deps.orders.addNote(o.id, `Buyer cancellation follow-up: ${note}`, 'user', tx)
      this.deps.orders.history(o.id, 'buyer-cancel-followed-up', { code: 'hold-followed-up', params: { note } }, tx)
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
    const open = this.deps.orders.unnotifiedOpenBuyerCancelRequests(storeId)
    const out: HoldRow[] = []
    for (const h of open) {
      if (!notificationDue(h, now)) continue
      if (this.deps.orders.markBuyerCancelNotified(h.id, now.toISOString())) out.push(this.get(h.id))
    }
    return out
  }
}

function toRow(h: HoldDb, o: OrderRow, storeName: string, e: EntryJoin, items: OrderItemRow[]): HoldRow {
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
        ? {
            progress: entryProgress(e.entryStatus as QueueEntryStatus, e.feedId),
            batchId: e.entryBatchId,
            feedId: e.feedId,
            message: e.entryMessage
          }
        : null
  }
}
