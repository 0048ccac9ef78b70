/**
 * RMAs: import from returns reports (preview + commit), the list and detail the screen shows,
 * and the warehouse actions (receive, issue refund, status, notes). Everything is local: a
 * warehouse works returns offline; only the refund itself goes to Amazon later (#6).
 */
import { and, asc, desc, eq, gte, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import {
  rmaDisplayStatus,
  type ImportSummary,
  type RmaDetail,
  type RmaListInput,
  type RmaRefundState,
  type RmaRow,
  type RmaStatus
} from '../../shared/contract/rmas'
import { entryProgress } from '../../shared/contract/orders'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { fbaCustomerReturns, rmaHistory, rmaItems, rmaNotes, rmas } from '../db/schema'
import type { QueueEntryRow, RefundInput } from '../../shared/contract/orders'
import { itemMoney, rmaRefundLines } from '../orders/rules'
import { formatMinor } from '../../shared/money'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import type { JobRunsService } from '../jobs/runs'
import type { Logger } from '../log'
import type { StoresService } from '../stores/service'
import type { OrdersService } from '../orders/service'
import type { QueueService } from '../queue/service'
import { ReturnsImporter } from './import'
import { canMove, planReceive, receiptDetail, refundBlocker, type ReceiveLine } from './rma-rules'

export type ImportFileInput = { storeId: string; fileId: string; detailLimit: number }

/** What RMAs need from the refund queue (built before RMAs: services.ts). */
export type RmaRefunder = {
  /** `guard` and `onAdded` run inside the refund's transaction. */
  refund(input: RefundInput, inTx: { guard: () => void; onAdded: (entryId: number) => void }): { entry: QueueEntryRow; batch: unknown }
  entriesForRma(rmaId: number): QueueEntryRow[]
}

export class RmasService {
  private readonly importer: ReturnsImporter

  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      orders: OrdersService
      /** The refund/cancel queue's records of RMA refunds (read only; refunds go through `refunder`). */
      queue: QueueService
      /** Refunds go through the order actions and the refund/cancel queue. */
      refunder: RmaRefunder
      events: EventBus
      log: Logger
      stores: StoresService
      files: FileStaging
      jobs: JobRunsService
    }
  ) {
    this.importer = new ReturnsImporter({ sqlite: deps.db.$client, clock: deps.clock, orders: deps.orders })
  }

  private now = () => this.deps.clock.now().toISOString()

  /** Imports (commit) or previews a returns report for a store; the source may be a path, buffer or stream. */
  async importReport(opts: {
    storeId: string
    source: Source
    fileName: string
    commit: boolean
    detailLimit?: number
    charset?: string | null
    via?: 'file' | 'download'
  }): Promise<ImportSummary> {
    const settings = this.deps.stores.getSettings(opts.storeId) // NOT_FOUND for an unknown store
    const run = () =>
      this.importer.run({
        storeId: opts.storeId,
        source: opts.source,
        fileName: opts.fileName,
        charset: opts.charset ?? null,
        commit: opts.commit,
        detailLimit: opts.detailLimit ?? 1000,
        noRmaForReturnlessRefunds: settings.noRmaForReturnlessRefunds,
        via: opts.via ?? 'file'
      })
    if (!opts.commit) return run()
    const summary = await this.deps.jobs.run(
      'rmas.import',
      opts.storeId,
      run,
      (s) => `${s.file}: ${s.created} created, ${s.updated} updated, ${s.skippedCount} skipped, ${s.rejectedCount} rejected`
    )
    if (summary.created + summary.updated + summary.stored > 0) this.deps.events.emit('data.changed', { domains: ['rmas', 'orders'] })
    return summary
  }

  importFile(input: ImportFileInput, commit: boolean): Promise<ImportSummary> {
    const f = this.deps.files.get(input.fileId)
    const run = () =>
      this.importReport({ storeId: input.storeId, source: f.path, fileName: f.name, commit, detailLimit: input.detailLimit })
    // Committed: the staged copy (buyer names, addresses) is deleted at once.
    return commit ? this.deps.files.consume(input.fileId, run) : run()
  }

  list(q: z.output<typeof RmaListInput>): { rows: RmaRow[]; total: number } {
    const db = this.deps.db
    const where: SQL[] = []
    if (q.storeId) where.push(eq(rmas.storeId, q.storeId))
    // "Refunded" = confirmed by Amazon (or set by hand, no request), else on its way: the queue
    // says which RMAs' refunds are still on their way (same rule as refundStates + entryProgress).
    if (q.status === 'Refunded' || q.status === 'RefundPending') {
      const pending = sql`${rmas.id} in (select value from json_each(${JSON.stringify(this.deps.queue.rmaIdsWithRefundInProgress())}))`
      where.push(and(eq(rmas.status, 'Refunded'), q.status === 'Refunded' ? sql`not (${pending})` : pending)!)
    } else if (q.status) where.push(eq(rmas.status, q.status))
    if (q.from) where.push(gte(rmas.returnRequestDate, q.from))
    if (q.to) where.push(lte(sql`substr(${rmas.returnRequestDate}, 1, 10)`, q.to))
    if (q.orderId) where.push(contains(rmas.amazonOrderId, q.orderId))
    if (q.tracking) where.push(contains(rmas.trackingId, q.tracking))
    if (q.rmaNumber) {
      const n = /^\d+$/.test(q.rmaNumber) ? Number(q.rmaNumber) : null
      where.push(or(contains(rmas.orderSourceRmaId, q.rmaNumber), ...(n !== null ? [eq(rmas.id, n)] : []))!)
    }
    if (q.sku)
      where.push(
        sql`exists (select 1 from ${rmaItems} where ${rmaItems.rmaId} = ${rmas.id} and (${contains(rmaItems.sku, q.sku)} or ${contains(rmaItems.sourceSku, q.sku)}))`
      )
    const cond = where.length > 0 ? and(...where) : undefined
    const total = db
      .select({ n: sql<number>`count(*)` })
      .from(rmas)
      .where(cond)
      .get()!.n
    const sortCol = { id: rmas.id, returnRequestDate: rmas.returnRequestDate, status: rmas.status, amazonOrderId: rmas.amazonOrderId }[
      q.sortBy
    ]
    const rows = db
      .select({
        r: rmas,
        skus: sql<string | null>`(select group_concat(distinct ${rmaItems.sku}) from ${rmaItems} where ${rmaItems.rmaId} = ${rmas.id})`,
        quantity: sql<number>`(select coalesce(sum(${rmaItems.quantity}), 0) from ${rmaItems} where ${rmaItems.rmaId} = ${rmas.id})`,
        received: sql<number>`(select coalesce(sum(${rmaItems.receivedQuantity}), 0) from ${rmaItems} where ${rmaItems.rmaId} = ${rmas.id})`
      })
      .from(rmas)
      .where(cond)
      .orderBy(q.sortDir === 'asc' ? asc(sortCol) : desc(sortCol), desc(rmas.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .all()
    const refunds = this.refundStates(rows.map((x) => x.r.id))
    const names = this.deps.stores.names()
    return {
      rows: rows.map((x) => toRow(x.r, names.get(x.r.storeId) ?? '', x.skus, x.quantity, x.received, refunds.get(x.r.id) ?? null)),
      total
    }
  }

  /** Each RMA's refund as the queue knows it: the latest request not rejected, else the latest. */
  private refundStates(ids: number[]): Map<number, RmaRefundState> {
    const out = new Map<number, RmaRefundState>()
    if (ids.length === 0) return out
    // Ordered so that the last row per RMA wins: rejected ones first, then by id.
    for (const r of this.deps.queue.refundEntriesForRmas(ids)) {
      out.set(r.rmaId, {
        progress: entryProgress(r.status, r.feedId),
        entryId: r.id,
        batchId: r.batchId,
        feedId: r.feedId,
        message: r.status === 'rejected' ? r.rejectReason : r.resultMessage
      })
    }
    return out
  }

  get(id: number): RmaDetail {
    const db = this.deps.db
    const r = db.select().from(rmas).where(eq(rmas.id, id)).get()
    const order = r ? this.deps.orders.findById(r.orderId) : null
    const storeName = r ? this.deps.stores.names().get(r.storeId) : undefined
    if (!r || !order || storeName === undefined) throw new AppError('NOT_FOUND', `No RMA #${id}`)
    const x = { storeName, orderIsMinimal: order.isMinimal }
    const items = db.select().from(rmaItems).where(eq(rmaItems.rmaId, id)).orderBy(asc(rmaItems.id)).all()
    return {
      ...toRow(
        r,
        x.storeName,
        items.map((i) => i.sku).join(','),
        items.reduce((s, i) => s + i.quantity, 0),
        items.reduce((s, i) => s + i.receivedQuantity, 0),
        this.refundStates([id]).get(id) ?? null
      ),
      orderId: r.orderId,
      merchantRmaId: r.merchantRmaId,
      resolution: r.resolution,
      amazonResolution: r.amazonResolution,
      returnType: r.returnType,
      orderDate: r.orderDate,
      labelType: r.labelType,
      labelPaidBy: r.labelPaidBy,
      labelCostMinor: r.labelCostMinor,
      orderAmountMinor: r.orderAmountMinor,
      source: r.source,
      sourceFile: r.sourceFile,
      sourceLine: r.sourceLine,
      orderIsMinimal: x.orderIsMinimal,
      items: items.map(({ raw: _raw, rmaId: _rmaId, ...i }) => i),
      notes: db
        .select({ id: rmaNotes.id, kind: rmaNotes.kind, body: rmaNotes.body, createdAt: rmaNotes.createdAt })
        .from(rmaNotes)
        .where(eq(rmaNotes.rmaId, id))
        .orderBy(asc(rmaNotes.id))
        .all(),
      history: db
        .select({
          id: rmaHistory.id,
          event: rmaHistory.event,
          fromStatus: rmaHistory.fromStatus,
          toStatus: rmaHistory.toStatus,
          detail: rmaHistory.detail,
          at: rmaHistory.at
        })
        .from(rmaHistory)
        .where(eq(rmaHistory.rmaId, id))
        .orderBy(asc(rmaHistory.id))
        .all(),
      refunds: this.deps.refunder.entriesForRma(id),
      fbaReturns: db
        .select({
          returnDate: fbaCustomerReturns.returnDate,
          sku: fbaCustomerReturns.sku,
          quantity: fbaCustomerReturns.quantity,
          disposition: fbaCustomerReturns.disposition,
          status: fbaCustomerReturns.status,
          licensePlateNumber: fbaCustomerReturns.licensePlateNumber
        })
        .from(fbaCustomerReturns)
        .where(and(eq(fbaCustomerReturns.storeId, r.storeId), eq(fbaCustomerReturns.amazonOrderId, r.amazonOrderId)))
        .orderBy(asc(fbaCustomerReturns.returnDate))
        .all()
    }
  }

  private row(id: number) {
    const r = this.deps.db.select().from(rmas).where(eq(rmas.id, id)).get()
    if (!r) throw new AppError('NOT_FOUND', `No RMA #${id}`)
    return r
  }

  private changed() {
    this.deps.events.emit('data.changed', { domains: ['rmas'] })
  }

  /** Records received quantities and conditions; a fully received Open RMA becomes Received. */
  receive(id: number, lines: ReceiveLine[]): RmaDetail {
    const now = this.now()
    this.deps.db.transaction((tx) => {
      const r = this.row(id)
      const items = tx.select().from(rmaItems).where(eq(rmaItems.rmaId, id)).all()
      const plan = planReceive(r.status, items, lines)
      if ('error' in plan) throw new AppError('VALIDATION', plan.error)
      for (const l of lines) {
        tx.update(rmaItems)
          .set({ receivedQuantity: plan.received.get(l.itemId)!, condition: l.condition, receivedAt: now })
          .where(eq(rmaItems.id, l.itemId))
          .run()
      }
      const what = receiptDetail(lines, items)
      tx.insert(rmaHistory)
        .values({ rmaId: id, event: 'received', fromStatus: r.status, toStatus: plan.moveTo ?? r.status, detail: what, at: now })
        .run()
      if (plan.moveTo) tx.update(rmas).set({ status: plan.moveTo, updatedAt: now }).where(eq(rmas.id, id)).run()
      else tx.update(rmas).set({ updatedAt: now }).where(eq(rmas.id, id)).run()
    })
    this.changed()
    return this.get(id)
  }

  /**
   * Issue refund: a refund entry for the refund/cancel queue through the order actions (so the
   * over-refund guard, the queue settings and the never-twice guarantee apply): the RMA's items
   * on the order's items, Principal and Tax pro rata for the returned quantity, reason
   * CustomerReturn; the RMA moves to Refunded. Once per RMA (when every refund for it was rejected
   * it can be issued again; a failed one is retried from the queue).
   */
  issueRefund(id: number): RmaDetail {
    const refunder = this.deps.refunder
    // Checked first (fast answer), and again inside the refund's IMMEDIATE transaction, so two
    // clicks, windows or app instances can't both create a refund for one RMA.
    const check = () => {
      const cur = this.row(id)
      const all = refunder.entriesForRma(id)
      const failed = all.find((e) => e.status === 'failed')
      // A failed entry can still be retried from the queue (same entry, same adjustment): a new
      // one next to it could pay twice.
      if (failed)
        throw new AppError(
          'CONFLICT',
          `Refund request #${failed.id} for this RMA failed at Amazon: retry it from the queue's batch history instead of issuing a new one`
        )
      const live = all.filter((e) => e.status !== 'rejected').length
      // Every refund for it was rejected (never sent): the RMA may be refunded again.
      const reissue = cur.status === 'Refunded' && all.length > 0 && live === 0
      const blocker = reissue ? null : refundBlocker(cur.status, live)
      if (blocker) throw new AppError('CONFLICT', blocker)
      return cur
    }
    const r = check()
    const order = this.deps.orders.findById(r.orderId)!
    // The returns report says the buyer already got money back for this return (refunded in
    // Seller Central or by Amazon itself): a refund from here would pay twice.
    if (r.refundedAmountMinor && r.refundedAmountMinor > 0) {
      throw new AppError(
        'CONFLICT',
        `Amazon's returns report says ${formatMinor(r.refundedAmountMinor, r.currency ?? 'USD')} ${r.currency ?? ''} was already refunded for this return. Refunding again from the RMA would pay twice; issue any further refund from the order page.`
      )
    }
    const items = this.deps.db.select().from(rmaItems).where(eq(rmaItems.rmaId, id)).orderBy(asc(rmaItems.id)).all()
    const orderItemRows = this.deps.orders.itemRows(r.orderId)
    const perKit = (parent: string, component: string) =>
      (this.deps.db.$client
        .prepare('SELECT quantity FROM kits WHERE store_id = ? AND parent_sku = ? AND component_sku = ?')
        .pluck()
        .get(r.storeId, parent, component) as number | undefined) ?? null
    const { lines, missing } = rmaRefundLines(
      items.map((i) => ({ sku: i.sku, sourceSku: i.sourceSku, parentSku: i.parentSku, quantity: i.quantity })),
      orderItemRows.map(itemMoney),
      perKit
    )
    if (missing.length || lines.length === 0) {
      throw new AppError(
        'VALIDATION',
        `Order ${order.amazonOrderId} does not list ${missing.join(', ') || 'these items'} with Amazon order item ids and prices yet: sync orders (or import the order report) first, or refund from the order page.`
      )
    }
    const now = this.now()
    const queued = this.deps.stores.getSettings(r.storeId).queueRefundsAndCancellations
    refunder.refund(
      { storeId: r.storeId, amazonOrderId: order.amazonOrderId, reason: 'CustomerReturn', lines: lines as RefundInput['lines'], rmaId: id },
      {
        guard: () => void check(),
        // Same transaction as the queue entry: the RMA is Refunded exactly when its refund exists.
        onAdded: (entryId) => {
          const db = this.deps.db
          db.insert(rmaHistory)
            .values({
              rmaId: id,
              event: 'refund-requested',
              fromStatus: r.status,
              toStatus: 'Refunded',
              detail: `refund request #${entryId} (${queued ? 'added to the refund queue' : 'sent to Amazon at once'})`,
              at: now
            })
            .run()
          db.update(rmas).set({ status: 'Refunded', updatedAt: now }).where(eq(rmas.id, id)).run()
        }
      }
    )
    this.deps.events.emit('data.changed', { domains: ['rmas', 'queue'] })
    return this.get(id)
  }

  setStatus(id: number, to: RmaStatus): RmaDetail {
    const now = this.now()
    this.deps.db.transaction((tx) => {
      const r = this.row(id)
      if (r.status === to) return
      if (!canMove(r.status, to))
        throw new AppError('VALIDATION', `An RMA can't move from ${r.status} back to ${to} (Open → Received → Refunded → Closed)`)
      tx.update(rmas).set({ status: to, updatedAt: now }).where(eq(rmas.id, id)).run()
      tx.insert(rmaHistory).values({ rmaId: id, event: 'status', fromStatus: r.status, toStatus: to, detail: null, at: now }).run()
    })
    this.changed()
    return this.get(id)
  }

  addNote(id: number, body: string): RmaDetail {
    this.row(id)
    this.deps.db.insert(rmaNotes).values({ rmaId: id, kind: 'user', body, createdAt: this.now() }).run()
    this.changed()
    return this.get(id)
  }

  // --- for other domains (reimbursements/rmas) ---
  /** An order's returns: one line per RMA item, the RMA by its Amazon RMA ID, oldest request first. */
  returnLinesForOrder(
    storeId: string,
    amazonOrderId: string
  ): { id: string; at: string | null; sku: string; quantity: number; status: string }[] {
    return this.deps.db.$client
      .prepare(
        `SELECT r.order_source_rma_id AS id, r.return_request_date AS at, i.sku, i.quantity, r.status
         FROM rmas r JOIN rma_items i ON i.rma_id = r.id
         WHERE r.store_id = ? AND r.amazon_order_id = ? ORDER BY r.return_request_date, r.id, i.id`
      )
      .all(storeId, amazonOrderId) as { id: string; at: string | null; sku: string; quantity: number; status: string }[]
  }

  // --- for other domains (holds/order actions) ---

  /** The RMAs of an order (the order detail's list), oldest first. */
  forOrder(orderId: string): { id: number; orderSourceRmaId: string; status: string; createdAt: string }[] {
    return (
      this.deps.db.$client
        .prepare('SELECT id, order_source_rma_id, status, created_at FROM rmas WHERE order_id = ? ORDER BY id')
        .all(orderId) as { id: number; order_source_rma_id: string; status: string; created_at: string }[]
    ).map((r) => ({
      id: r.id,
      orderSourceRmaId: r.order_source_rma_id,
      status: r.status,
      createdAt: r.created_at
    }))
  }
}

/** Case-insensitive substring match with LIKE wildcards in the user's text escaped. */
const contains = (col: AnyColumn, text: string): SQL => sql`${col} like ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`

function toRow(
  r: typeof rmas.$inferSelect,
  storeName: string,
  skus: string | null,
  quantity: number,
  received: number,
  refund: RmaRefundState | null
): RmaRow {
  return {
    id: r.id,
    storeId: r.storeId,
    storeName,
    amazonOrderId: r.amazonOrderId,
    orderSourceRmaId: r.orderSourceRmaId,
    status: r.status,
    returnRequestStatus: r.returnRequestStatus,
    returnRequestDate: r.returnRequestDate,
    trackingId: r.trackingId,
    carrier: r.carrier,
    returnless: r.returnless,
    skus: skus ? [...new Set(skus.split(','))] : [],
    quantity,
    receivedQuantity: received,
    currency: r.currency,
    refundedAmountMinor: r.refundedAmountMinor,
    refund,
    displayStatus: rmaDisplayStatus(r.status, refund),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt
  }
}
