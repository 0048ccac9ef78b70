/**
 * RMAs: import from returns reports (preview + commit), the list and detail the screen shows,
 * and the warehouse actions (receive, issue refund, status, notes). Everything is local: a
 * warehouse works returns offline; only the refund itself goes to Amazon later (#6).
 */
import type Database from 'better-sqlite3'
import { and, asc, desc, eq, gte, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import {
  rmaDisplayStatus,
  type ImportSummary,
  type ItemCondition,
  type ReceiptRefund,
  type RmaDetail,
  type RmaProduct,
  type RmaReceipt,
  type ScanLookup,
  type ScanMatch,
  type ScanMatchedBy,
  type UnexpectedReturn,
  type RmaListInput,
  type RmaRefundState,
  type RmaRow,
  type RmaStatus
} from '../../shared/contract/rmas'
import { entryProgress } from '../../shared/contract/orders'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { fbaCustomerReturns, rmaHistory, rmaItems, rmaNotes, rmaReceipts, rmas, unexpectedReturns } from '../db/schema'
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

/**
 * The product catalog's codes (ASIN, FNSKU, UPC) for a scanned code, as SKUs per store. The
 * catalog (the `products` table) belongs to reimbursements, a layer above: services.ts hands its
 * answer in through this port.
 */
export type ProductCatalog = {
  skusForCode(code: string, storeId: string | null): { storeId: string; sku: string; matchedBy: 'sku' | 'asin' | 'fnsku' | 'upc' }[]
  /** Title and image per key (by SKU, else ASIN), in the keys' order, for a whole page in one query. */
  productsFor(keys: readonly { storeId: string; sku: string; asin?: string | null }[]): (RmaProduct | null)[]
}

/** An RMA item as far as its product goes. */
type ItemProductKey = { sku: string; sourceSku: string; asin: string | null; itemName: string | null }

/** How many RMAs a scan shows at most (a SKU on many old RMAs: the newest). */
const SCAN_LIMIT = 20

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
      /** Product codes from the catalog, for the Receive screen's scans (none in file-only tests). */
      catalog?: ProductCatalog
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
        // Written out with an alias: drizzle prints a one-table select's columns unqualified, so
        // `${rmas.id}` inside the subquery would be read as rma_items.id (every row got the wrong items).
        skus: sql<string | null>`(select group_concat(distinct ri.sku) from rma_items ri where ri.rma_id = "rmas"."id")`,
        quantity: sql<number>`(select coalesce(sum(ri.quantity), 0) from rma_items ri where ri.rma_id = "rmas"."id")`,
        received: sql<number>`(select coalesce(sum(ri.received_quantity), 0) from rma_items ri where ri.rma_id = "rmas"."id")`
      })
      .from(rmas)
      .where(cond)
      .orderBy(q.sortDir === 'asc' ? asc(sortCol) : desc(sortCol), desc(rmas.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .all()
    const refunds = this.refundStates(rows.map((x) => x.r.id))
    const names = this.deps.stores.names()
    const products = this.firstItemProducts(rows.map((x) => ({ id: x.r.id, storeId: x.r.storeId })))
    return {
      rows: rows.map((x) => ({
        ...toRow(x.r, names.get(x.r.storeId) ?? '', x.skus, x.quantity, x.received, refunds.get(x.r.id) ?? null),
        product: products.get(x.r.id) ?? null
      })),
      total
    }
  }

  /** The product of each RMA's first item, for a page of RMAs: one query for the items, one for the catalog. */
  private firstItemProducts(page: { id: number; storeId: string }[]): Map<number, RmaProduct | null> {
    const out = new Map<number, RmaProduct | null>()
    if (page.length === 0) return out
    const first = this.deps.db.$client
      .prepare(
        `SELECT rma_id AS rmaId, sku, source_sku AS sourceSku, asin, item_name AS itemName FROM rma_items
         WHERE id IN (SELECT min(id) FROM rma_items WHERE rma_id IN (SELECT value FROM json_each(?)) GROUP BY rma_id)`
      )
      .all(JSON.stringify(page.map((r) => r.id))) as (ItemProductKey & { rmaId: number })[]
    const storeOf = new Map(page.map((r) => [r.id, r.storeId]))
    const looks = this.productsOf(first.map((i) => ({ storeId: storeOf.get(i.rmaId)!, item: i })))
    first.forEach((i, k) => out.set(i.rmaId, looks[k]!))
    return out
  }

  /**
   * Products of RMA items in one catalog lookup: by SKU, else by ASIN; the title falls back to the
   * returns report's item name. A kit's component (its SKU differs from the report's) is looked up
   * by its own SKU only: the item's ASIN and name are the kit's.
   */
  private productsOf(items: { storeId: string; item: ItemProductKey }[]): (RmaProduct | null)[] {
    const whole = (i: ItemProductKey) => i.sku === i.sourceSku
    const looks =
      this.deps.catalog?.productsFor(items.map(({ storeId, item: i }) => ({ storeId, sku: i.sku, asin: whole(i) ? i.asin : null }))) ??
      items.map(() => null)
    return items.map(({ item: i }, k) => {
      const title = looks[k]?.title ?? (whole(i) ? i.itemName : null)
      const imageUrl = looks[k]?.imageUrl ?? null
      return title === null && imageUrl === null ? null : { title, imageUrl }
    })
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
      refundQuote: this.refundQuote(id, r.storeId, r.orderId, r.currency),
      items: this.withProducts(r.storeId, items),
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

  private withProducts(storeId: string, items: (typeof rmaItems.$inferSelect)[]): RmaDetail['items'] {
    const looks = this.productsOf(items.map((item) => ({ storeId, item })))
    return items.map(({ raw: _raw, rmaId: _rmaId, ...i }, k) => ({ ...i, product: looks[k]! }))
  }

  private row(id: number) {
    const r = this.deps.db.select().from(rmas).where(eq(rmas.id, id)).get()
    if (!r) throw new AppError('NOT_FOUND', `No RMA #${id}`)
    return r
  }

  private changed() {
    this.deps.events.emit('data.changed', { domains: ['rmas'] })
  }

  /**
   * Records received quantities and conditions, one receipt row per item with its time; a fully
   * received Open RMA becomes Received. With the store's "refund on receipt" (and its queue on),
   * the RMA that this receipt completes gets its refund entry through `issueRefund` — queued,
   * never sent from here; a refund that can't be issued leaves the receipt standing and says why.
   */
  receive(
    id: number,
    lines: ReceiveLine[],
    opts: { via?: 'form' | 'scan'; scannedCode?: string } = {}
  ): RmaDetail & { receipts: RmaReceipt[]; refundOnReceipt: ReceiptRefund } {
    const now = this.now()
    const { receiptIds, completed, storeId } = this.deps.db.transaction((tx) => {
      const r = this.row(id)
      const items = tx.select().from(rmaItems).where(eq(rmaItems.rmaId, id)).all()
      const plan = planReceive(r.status, items, lines)
      if ('error' in plan) throw new AppError('VALIDATION', plan.error)
      const ids: number[] = []
      for (const l of lines) {
        tx.update(rmaItems)
          .set({ receivedQuantity: plan.received.get(l.itemId)!, condition: l.condition, receivedAt: now })
          .where(eq(rmaItems.id, l.itemId))
          .run()
        const row = tx
          .insert(rmaReceipts)
          .values({
            rmaId: id,
            itemId: l.itemId,
            quantity: l.quantity,
            condition: l.condition,
            via: opts.via ?? 'form',
            scannedCode: opts.scannedCode ?? null,
            receivedAt: now
          })
          .returning({ id: rmaReceipts.id })
          .get()
        ids.push(row.id)
      }
      const what = receiptDetail(lines, items)
      const how = opts.via === 'scan' ? ` — scanned ${opts.scannedCode ?? ''}`.trimEnd() : ''
      tx.insert(rmaHistory)
        .values({ rmaId: id, event: 'received', fromStatus: r.status, toStatus: plan.moveTo ?? r.status, detail: what + how, at: now })
        .run()
      if (plan.moveTo) tx.update(rmas).set({ status: plan.moveTo, updatedAt: now }).where(eq(rmas.id, id)).run()
      else tx.update(rmas).set({ updatedAt: now }).where(eq(rmas.id, id)).run()
      return { receiptIds: ids, completed: plan.moveTo === 'Received', storeId: r.storeId }
    })
    this.changed()
    const refundOnReceipt = this.refundOnReceipt(id, storeId, completed)
    return { ...this.get(id), receipts: this.receiptRows(receiptIds), refundOnReceipt }
  }

  /** "Refund on receipt": only when the store queues refunds, so nothing is sent from a receipt. */
  private refundOnReceipt(id: number, storeId: string, completed: boolean): ReceiptRefund {
    const settings = this.deps.stores.getSettings(storeId)
    if (!settings.refundOnReceipt || !settings.queueRefundsAndCancellations) return { status: 'off', entryId: null, message: null }
    if (!completed) return { status: 'waiting', entryId: null, message: null }
    try {
      const detail = this.issueRefund(id)
      const entry = detail.refunds.filter((e) => e.status !== 'rejected').at(-1)
      return { status: 'queued', entryId: entry?.id ?? null, message: null }
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      // The receipt stands; the RMA keeps a note of why its refund is not queued, for follow-up.
      this.deps.db
        .insert(rmaNotes)
        .values({ rmaId: id, kind: 'system', body: `Refund on receipt not queued: ${e.message}`, createdAt: this.now() })
        .run()
      this.changed()
      return { status: 'failed', entryId: null, message: e.message }
    }
  }

  private receiptRows(ids: number[]): RmaReceipt[] {
    if (ids.length === 0) return []
    return this.receiptQuery(`WHERE rr.id IN (SELECT value FROM json_each(?)) ORDER BY rr.id`, [JSON.stringify(ids)])
  }

  private receiptQuery(where: string, params: unknown[]): RmaReceipt[] {
    return (
      this.deps.db.$client
        .prepare(
          `SELECT rr.id, rr.rma_id AS rmaId, r.order_source_rma_id AS orderSourceRmaId, rr.item_id AS itemId, i.sku, rr.quantity,
                  rr.condition, rr.via, rr.scanned_code AS scannedCode, rr.received_at AS receivedAt
           FROM rma_receipts rr JOIN rmas r ON r.id = rr.rma_id JOIN rma_items i ON i.id = rr.item_id ${where}`
        )
        .all(...params) as (Omit<RmaReceipt, 'condition'> & { condition: string })[]
    ).map((x) => ({ ...x, condition: x.condition as ItemCondition }))
  }

  /** Receipts, newest first (since an instant, e.g. the start of a Receive session). */
  receipts(q: { since?: string; limit: number }): RmaReceipt[] {
    return this.receiptQuery(`WHERE rr.received_at >= ? ORDER BY rr.id DESC LIMIT ?`, [q.since ?? '', q.limit])
  }

  /**
   * The Receive screen's lookup of a scanned code: the label's tracking number (also inside a
   * longer label barcode, e.g. USPS's 420+ZIP prefix), Amazon's RMA ID, the order id, or a product
   * code (SKU, ASIN, FNSKU from the FBA returns, the catalog's codes) on an Open RMA's items.
   * Exact matches, case-insensitive; everything local.
   */
  scanLookup(code: string, storeId?: string): ScanLookup {
    const c = code.trim()
    const sql = this.deps.db.$client
    const store = storeId ?? null
    const hits = new Map<number, { by: ScanMatchedBy; itemIds: Set<number> }>()
    const hit = (rmaId: number, by: ScanMatchedBy, itemId?: number) => {
      const h = hits.get(rmaId) ?? { by, itemIds: new Set<number>() }
      if (itemId !== undefined) h.itemIds.add(itemId)
      hits.set(rmaId, h)
    }
    const storeCond = 'AND (@store IS NULL OR r.store_id = @store)'
    const ids = (query: string) => sql.prepare(query).pluck().all({ c, store, limit: SCAN_LIMIT }) as number[]
    // Whole-RMA codes first: they name one parcel.
    for (const id of ids(
      `SELECT r.id FROM rmas r WHERE r.tracking_id IS NOT NULL AND length(r.tracking_id) >= 8
         AND upper(substr(@c, -length(r.tracking_id))) = upper(r.tracking_id) ${storeCond} ORDER BY r.id DESC LIMIT @limit`
    ))
      hit(id, 'tracking')
    for (const id of ids(
      `SELECT r.id FROM rmas r WHERE upper(r.order_source_rma_id) = upper(@c) ${storeCond} ORDER BY r.id DESC LIMIT @limit`
    ))
      hit(id, 'rmaId')
    for (const id of ids(`SELECT r.id FROM rmas r WHERE upper(r.amazon_order_id) = upper(@c) ${storeCond} ORDER BY r.id DESC LIMIT @limit`))
      hit(id, 'orderId')
    if (hits.size === 0) this.productHits(c, store, hit)
    if (hits.size === 0) return { code: c, outcome: 'notFound', matches: [] }
    const matches = this.scanMatches(hits)
    const open = matches.filter((m) => m.status === 'Open' && m.items.some((i) => i.receivedQuantity < i.quantity))
    return open.length > 0 ? { code: c, outcome: 'found', matches: open } : { code: c, outcome: 'alreadyReceived', matches }
  }

  /** A product code on RMA items: Open RMAs (what waits for units), else the newest others. */
  private productHits(c: string, store: string | null, hit: (rmaId: number, by: ScanMatchedBy, itemId: number) => void) {
    const sql = this.deps.db.$client
    // The SKUs (per store) the code stands for: the code itself, or a catalog code's SKUs.
    const skus: { storeId: string | null; sku: string; by: ScanMatchedBy }[] = [{ storeId: store, sku: c, by: 'sku' }]
    const fnsku = sql
      .prepare(
        `SELECT DISTINCT store_id AS storeId, sku FROM fba_customer_returns WHERE upper(fnsku) = upper(@c) AND (@store IS NULL OR store_id = @store)`
      )
      .all({ c, store }) as { storeId: string; sku: string }[]
    for (const f of fnsku) skus.push({ ...f, by: 'fnsku' })
    for (const p of this.deps.catalog?.skusForCode(c, store) ?? []) skus.push({ storeId: p.storeId, sku: p.sku, by: p.matchedBy })
    // The code itself may also be the item's ASIN (the returns report carries it).
    const find = sql.prepare(
      `SELECT i.rma_id AS rmaId, i.id AS itemId,
              CASE WHEN upper(i.sku) = upper(@sku) OR upper(i.source_sku) = upper(@sku) THEN 'sku' ELSE 'asin' END AS col
       FROM rma_items i JOIN rmas r ON r.id = i.rma_id
       WHERE (upper(i.sku) = upper(@sku) OR upper(i.source_sku) = upper(@sku) OR (@asin = 1 AND upper(i.asin) = upper(@sku)))
         AND (@store IS NULL OR r.store_id = @store) AND (r.status = 'Open') = @open
       ORDER BY r.id DESC LIMIT @limit`
    )
    for (const open of [1, 0]) {
      let found = 0
      for (const k of skus) {
        const rows = find.all({ sku: k.sku, asin: k.by === 'sku' ? 1 : 0, store: k.storeId, open, limit: SCAN_LIMIT }) as {
          rmaId: number
          itemId: number
          col: 'sku' | 'asin'
        }[]
        for (const r of rows) hit(r.rmaId, k.by === 'sku' ? r.col : k.by, r.itemId)
        found += rows.length
      }
      if (found > 0) return
    }
  }

  private scanMatches(hits: Map<number, { by: ScanMatchedBy; itemIds: Set<number> }>): ScanMatch[] {
    const names = this.deps.stores.names()
    const out: ScanMatch[] = []
    for (const [rmaId, h] of [...hits].sort((a, b) => b[0] - a[0]).slice(0, SCAN_LIMIT)) {
      const r = this.row(rmaId)
      const items = this.deps.db
        .select({
          id: rmaItems.id,
          sku: rmaItems.sku,
          asin: rmaItems.asin,
          itemName: rmaItems.itemName,
          quantity: rmaItems.quantity,
          receivedQuantity: rmaItems.receivedQuantity,
          condition: rmaItems.condition
        })
        .from(rmaItems)
        .where(eq(rmaItems.rmaId, rmaId))
        .orderBy(asc(rmaItems.id))
        .all()
      out.push({
        rmaId,
        storeId: r.storeId,
        storeName: names.get(r.storeId) ?? '',
        amazonOrderId: r.amazonOrderId,
        orderSourceRmaId: r.orderSourceRmaId,
        status: r.status,
        trackingId: r.trackingId,
        matchedBy: h.by,
        itemIds: [...h.itemIds].sort((a, b) => a - b),
        items
      })
    }
    return out
  }

  /** A parcel with no open RMA to receive it on, kept with what was scanned for follow-up. */
  recordUnexpected(input: {
    storeId?: string
    codes: string[]
    quantity: number
    condition: ItemCondition
    note?: string
  }): UnexpectedReturn {
    if (input.storeId) this.deps.stores.basics(input.storeId) // NOT_FOUND for an unknown store
    const row = this.deps.db
      .insert(unexpectedReturns)
      .values({
        storeId: input.storeId ?? null,
        code: input.codes[0]!,
        codes: input.codes,
        quantity: input.quantity,
        condition: input.condition,
        note: input.note ?? null,
        receivedAt: this.now()
      })
      .returning()
      .get()
    this.changed()
    return toUnexpected(row)
  }

  unexpectedList(q: { status?: 'open' | 'resolved'; limit: number }): UnexpectedReturn[] {
    return this.deps.db
      .select()
      .from(unexpectedReturns)
      .where(q.status ? eq(unexpectedReturns.status, q.status) : undefined)
      .orderBy(desc(unexpectedReturns.id))
      .limit(q.limit)
      .all()
      .map(toUnexpected)
  }

  /** Followed up: marked resolved, with what was done appended to its note. */
  resolveUnexpected(id: number, note?: string): UnexpectedReturn {
    const cur = this.deps.db.select().from(unexpectedReturns).where(eq(unexpectedReturns.id, id)).get()
    if (!cur) throw new AppError('NOT_FOUND', `No unexpected return #${id}`)
    const row = this.deps.db
      .update(unexpectedReturns)
      .set({ status: 'resolved', note: note ? [cur.note, note].filter(Boolean).join('\n') : cur.note })
      .where(eq(unexpectedReturns.id, id))
      .returning()
      .get()
    this.changed()
    return toUnexpected(row)
  }

  /** The refund lines "Issue refund" would queue for the RMA's items (and the SKUs the order lacks). */
  private refundLines(id: number, storeId: string, orderId: string) {
    const items = this.deps.db.select().from(rmaItems).where(eq(rmaItems.rmaId, id)).orderBy(asc(rmaItems.id)).all()
    const orderItemRows = this.deps.orders.itemRows(orderId)
    const perKit = (parent: string, component: string) =>
      (this.deps.db.$client
        .prepare('SELECT quantity FROM kits WHERE store_id = ? AND parent_sku = ? AND component_sku = ?')
        .pluck()
        .get(storeId, parent, component) as number | undefined) ?? null
    return rmaRefundLines(
      items.map((i) => ({ sku: i.sku, sourceSku: i.sourceSku, parentSku: i.parentSku, quantity: i.quantity })),
      orderItemRows.map(itemMoney),
      perKit
    )
  }

  /** What "Issue refund" would pay now, for the confirm dialog; null when the order lacks the items' prices. */
  private refundQuote(
    id: number,
    storeId: string,
    orderId: string,
    currency: string | null
  ): { amountMinor: number; currency: string } | null {
    const { lines, missing } = this.refundLines(id, storeId, orderId)
    const cur = currency ?? this.deps.orders.itemRows(orderId).find((i) => i.currency)?.currency ?? null
    if (missing.length || lines.length === 0 || !cur) return null
    return { amountMinor: lines.reduce((s, l) => s + l.components.reduce((c, x) => c + x.amountMinor, 0), 0), currency: cur }
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
    const { lines, missing } = this.refundLines(id, r.storeId, r.orderId)
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

  // --- for other domains (claims) ---
  /** A store's FBA customer returns (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA rows), oldest first. */
  fbaReturnsForClaims(storeId: string): FbaReturnForClaims[] {
    return fbaReturnsForClaims(this.deps.db.$client, storeId)
  }

  /** An order's FBA customer returns (the order timeline of cases/), oldest first. */
  fbaReturnsForOrder(
    storeId: string,
    amazonOrderId: string
  ): { id: number; returnDate: string; sku: string; quantity: number; disposition: string | null }[] {
    return this.deps.db.$client
      .prepare(
        `SELECT id, return_date AS returnDate, sku, quantity, disposition
         FROM fba_customer_returns WHERE store_id = ? AND amazon_order_id = ? ORDER BY return_date, id`
      )
      .all(storeId, amazonOrderId) as ReturnType<RmasService['fbaReturnsForOrder']>
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

function toUnexpected(r: typeof unexpectedReturns.$inferSelect): UnexpectedReturn {
  return { ...r, condition: r.condition as ItemCondition }
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

export type FbaReturnForClaims = {
  id: number
  amazonOrderId: string
  returnDate: string
  sku: string
  fnsku: string | null
  quantity: number
  disposition: string | null
  sourceFile: string | null
  sourceLine: number | null
}

/** RmasService.fbaReturnsForClaims on any connection (the claims finder's worker thread reads on its own). */
export function fbaReturnsForClaims(sqlite: Database.Database, storeId: string): FbaReturnForClaims[] {
  return sqlite
    .prepare(
      `SELECT id, amazon_order_id AS amazonOrderId, return_date AS returnDate, sku, fnsku, quantity, disposition,
         source_file AS sourceFile, source_line AS sourceLine
       FROM fba_customer_returns WHERE store_id = ? ORDER BY return_date, id`
    )
    .all(storeId) as FbaReturnForClaims[]
}
