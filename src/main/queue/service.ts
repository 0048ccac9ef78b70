/**
 * The refund/cancel queue (#6): entries are created locally (offline-first) by the order
 * actions, processed or rejected in batches, each batch one feed document per feed type and
 * store. Submission is the persisted state machine in ./submission.ts; this service owns the
 * entries, batch creation (claiming entries in one IMMEDIATE transaction, so two instances can
 * never put one entry in two batches) and the screens' queries.
 */
import type { z } from 'zod'
import type { BatchSummary, QueueEntryRow, QueueFilter, QueueSelection, contract } from '../../shared/contract'
import { entryProgress } from '../../shared/contract/orders'
import type { QueueView } from '../../shared/contract/queue'
import { totalsByCurrency } from '../../shared/money'
import { FEED_TYPES } from '../amazon/feeds/xml'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import type { CancelLine, RefundLine } from '../db/schema/queue'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import type { StoresService } from '../stores/service'
import {
  ADJUSTMENTS_FILE_TYPE,
  buildAdjustmentsFile,
  fileProblem,
  outcomesFromReport,
  parseProcessingReport,
  rowsOfFile,
  type EntryOutcome,
  type FileEntry,
  type FileRow
} from './adjustments-file'
import { buildFeedDocuments, FEED_MAX_BYTES, type FeedEntry } from './feed-builder'
import { LIVE_CANCEL_STATUSES, type SubmissionEngine } from './submission'
import type { OrdersService } from '../orders/service'
import { checkRetry, itemMoney } from '../orders/rules'
import { formatMinor } from '../../shared/money'

export type NewQueueEntry = {
  storeId: string
  orderId: string
  kind: 'refund' | 'cancel'
  /** AdjustmentReason (refund) or CancelReason (cancel). */
  reason: string
  lines: RefundLine[] | CancelLine[]
  currency: string | null
  /** Refunds: sum of every line's components. */
  totalMinor: number | null
  source: 'order' | 'rma' | 'hold' | 'split'
  rmaId?: number
  splitId?: number
  holdId?: number
  note?: string
  /** 'local': cancelled here only ("Do not send to Amazon"); never batched. */
  local?: boolean
}

type Kind = 'refund' | 'cancel'

/** A `by_hand` batch's wait reason (the screen shows its own words for the state). */
const BY_HAND_WAIT = 'waiting for the Adjustments file to be uploaded in Seller Central and its outcome recorded'
type ListInput = z.output<(typeof contract)['queue.list']['input']>
type BatchesInput = z.output<(typeof contract)['queue.batches']['input']>

/**
 * Which entries each tab of the queue screen shows (`e` = queue_entries, `b` = its batch).
 * Sent = Amazon received them: the batch has Amazon's Batch ID (feed id), or the processing
 * report confirmed them. An entry in a batch that has not reached Amazon yet (uploading, waiting
 * for the network or the next slot) is `sending`, never counted as sent.
 */
const VIEW_SQL: Record<Exclude<QueueView, 'all'>, string> = {
  queued: "e.status = 'queued'",
  sending: "e.status = 'batched' AND b.feed_id IS NULL",
  sent: "(e.status = 'done' OR (e.status = 'batched' AND b.feed_id IS NOT NULL))",
  failed: "e.status IN ('failed', 'uncertain')",
  rejected: "e.status = 'rejected'",
  local: "e.status = 'local'"
}
const ENTRY_FROM = 'FROM queue_entries e LEFT JOIN queue_batches b ON b.id = e.batch_id'
/** Refund entries that count against what may still be refunded (everything not failed or rejected). */
const COMMITTED = ['queued', 'batched', 'done', 'uncertain']

/** The queue's own columns; the Amazon order id and the store name come from their owners (`named`). */
const ENTRY_SELECT = `SELECT e.*, b.feed_document_id, b.feed_id,
  CASE WHEN e.status = 'batched' THEN b.wait_reason END AS batch_wait_reason
  ${ENTRY_FROM}`

type EntryQueueRow = Omit<EntryDbRow, 'amazon_order_id' | 'store_name'>
type EntryDbRow = {
  id: number
  store_id: string
  store_name: string
  order_id: string
  amazon_order_id: string
  kind: Kind
  status: QueueEntryRow['status']
  reason: string
  lines: string
  currency: string | null
  total_minor: number | null
  source: string
  rma_id: number | null
  split_id: number | null
  hold_id: number | null
  queued: number
  batch_id: number | null
  feed_document_id: string | null
  feed_id: string | null
  batch_wait_reason: string | null
  note: string | null
  reject_reason: string | null
  result_message: string | null
  created_at: string
  updated_at: string
}

const toRow = (r: EntryDbRow): QueueEntryRow => ({
  id: r.id,
  storeId: r.store_id,
  storeName: r.store_name,
  orderId: r.order_id,
  amazonOrderId: r.amazon_order_id,
  kind: r.kind,
  status: r.status,
  reason: r.reason,
  lines: JSON.parse(r.lines) as QueueEntryRow['lines'],
  currency: r.currency,
  totalMinor: r.total_minor,
  source: r.source,
  rmaId: r.rma_id,
  queued: r.queued === 1,
  batchId: r.batch_id,
  feedDocumentId: r.feed_document_id,
  feedId: r.feed_id,
  progress: entryProgress(r.status, r.feed_id),
  note: r.note,
  rejectReason: r.reject_reason,
  resultMessage: r.result_message,
  waitReason: r.batch_wait_reason ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at
})

export class QueueService {
  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      events: EventBus
      log: Logger
      stores: StoresService
      orders: OrdersService
      engine: SubmissionEngine | null
    }
  ) {}

  private now = () => this.deps.clock.now().toISOString()
  private get sql() {
    return this.deps.db.$client
  }

  /** The submission engine (null when the app runs without SP-API: batches then wait). */
  private get engine(): SubmissionEngine | null {
    return this.deps.engine
  }

  /** Starts (in the background) driving every unfinished batch. */
  kick(): void {
    if (this.engine) void this.engine.kick().catch((e: unknown) => this.deps.log.error('queue kick failed', { error: e }))
  }

  private changed(): void {
    this.deps.events.emit('data.changed', { domains: ['queue', 'orders'] })
  }

  /**
   * Adds an entry. Called inside the caller's transaction, it is part of it: better-sqlite3 is one
   * synchronous connection, so there is no transaction handle to pass. Whether it waits in the
   * queue or goes out at once follows the store's "Queue refunds and cancellations" setting;
   * after commit call `afterAdd(id)`.
   */
  add(e: NewQueueEntry): { id: number; queued: boolean } {
    const queued = this.deps.stores.getSettings(e.storeId).queueRefundsAndCancellations
    if (e.kind === 'refund' && e.local) throw new AppError('VALIDATION', 'Only a cancellation can stay local ("Do not send to Amazon")')
    if (e.lines.length === 0) throw new AppError('VALIDATION', 'A refund or cancellation needs at least one item')
    if (e.kind === 'refund') this.refuseRepeat(e.orderId, e.lines as RefundLine[], e.currency)
    const now = this.now()
    const r = this.sql
      .prepare(
        `INSERT INTO queue_entries (store_id, order_id, kind, status, reason, lines, currency, total_minor, source, rma_id, split_id, hold_id, queued, note, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        e.storeId,
        e.orderId,
        e.kind,
        e.local ? 'local' : 'queued',
        e.reason,
        JSON.stringify(e.lines),
        e.currency,
        e.totalMinor,
        e.source,
        e.rmaId ?? null,
        e.splitId ?? null,
        e.holdId ?? null,
        queued ? 1 : 0,
        e.note ?? null,
        now,
        now
      )
    return { id: Number(r.lastInsertRowid), queued: queued && !e.local }
  }

  /**
   * Duplicate-refund pre-flight (local half; the engine asks Amazon's record before sending): a
   * refund line that repeats one of a refund already sent or done (same order item, same
   * amounts per component) is refused, naming the earlier request, its date and its batch.
   */
  private refuseRepeat(orderId: string, lines: RefundLine[], currency: string | null): void {
    const key = (l: RefundLine) =>
      `${l.orderItemId}|${l.components
        .filter((c) => c.amountMinor !== 0)
        .map((c) => `${c.type}:${c.amountMinor}`)
        .sort()
        .join(',')}`
    const earlier = this.sql
      .prepare(
        `SELECT e.id, e.status, e.lines, e.currency, e.created_at, e.batch_id, b.feed_id, b.finished_at, b.submitted_at FROM queue_entries e LEFT JOIN queue_batches b ON b.id = e.batch_id
         WHERE e.order_id = ? AND e.kind = 'refund' AND e.status IN ('done', 'batched', 'uncertain') ORDER BY e.id`
      )
      .all(orderId) as {
      id: number
      status: string
      lines: string
      currency: string | null
      created_at: string
      batch_id: number | null
      feed_id: string | null
      finished_at: string | null
      submitted_at: string | null
    }[]
    for (const l of lines) {
      const k = key(l)
      for (const p of earlier) {
        if (p.currency !== currency || !(JSON.parse(p.lines) as RefundLine[]).some((x) => key(x) === k)) continue
        const when = p.finished_at ?? p.submitted_at ?? p.created_at
        const batch = p.batch_id !== null ? `batch #${p.batch_id}${p.feed_id ? ` (Batch ID ${p.feed_id})` : ''}` : 'no batch'
        throw new AppError(
          'VALIDATION',
          `This refund repeats refund request #${p.id} of ${when} (${batch}, ${p.status === 'done' ? 'done' : p.status === 'batched' ? 'being sent' : 'uncertain'}): the same amounts for order item ${l.orderItemId} (${l.sku}). It is not queued again.`,
          { duplicateOf: p.id, batchId: p.batch_id, at: when }
        )
      }
    }
  }

  /** After commit: an entry that is not queued becomes a one-entry batch and starts going out. */
  afterAdd(entryId: number): z.output<typeof BatchSummary> | null {
    const e = this.entryDb(entryId)
    this.changed()
    if (e.status !== 'queued' || e.queued === 1) return null
    const [batchId] = this.createBatches(e.store_id, e.kind, [entryId], ['queued'], null)
    this.kick()
    return batchId === undefined ? null : this.batchSummary(batchId)
  }

  /** Adds the Amazon order id (orders) and the store name (stores) to the queue's rows. */
  private named(rows: EntryQueueRow[]): EntryDbRow[] {
    if (rows.length === 0) return []
    const amazon = this.deps.orders.amazonOrderIds(rows.map((r) => r.order_id))
    const stores = this.deps.stores.names()
    return rows.map((r) => ({ ...r, amazon_order_id: amazon.get(r.order_id) ?? '', store_name: stores.get(r.store_id) ?? '' }))
  }

  private entryDb(id: number): EntryDbRow {
    const r = this.sql.prepare(`${ENTRY_SELECT} WHERE e.id = ?`).get(id) as EntryQueueRow | undefined
    if (!r) throw new AppError('NOT_FOUND', `No queue entry ${id}`)
    return this.named([r])[0]!
  }

  /** Whether the order still has a cancellation that stands (queued, batched, done, uncertain or local). */
  private cancelling(orderId: string): boolean {
    return (
      this.sql
        .prepare(
          `SELECT 1 FROM queue_entries WHERE order_id = ? AND kind = 'cancel' AND status IN (${LIVE_CANCEL_STATUSES.map(() => '?').join(',')}) LIMIT 1`
        )
        .get(orderId, ...LIVE_CANCEL_STATUSES) !== undefined
    )
  }

  entry(id: number): QueueEntryRow {
    return toRow(this.entryDb(id))
  }

  entriesForOrder(orderId: string): QueueEntryRow[] {
    return this.named(this.sql.prepare(`${ENTRY_SELECT} WHERE e.order_id = ? ORDER BY e.id`).all(orderId) as EntryQueueRow[]).map(toRow)
  }

  entriesForRma(rmaId: number): QueueEntryRow[] {
    return this.named(this.sql.prepare(`${ENTRY_SELECT} WHERE e.rma_id = ? ORDER BY e.id`).all(rmaId) as EntryQueueRow[]).map(toRow)
  }

  /**
   * What is already refunded or on its way (queued, batched, done, uncertain), per Amazon order
   * item id and component, in minor units: the over-refund guard adds the new request to this.
   * Inside a caller's transaction it reads that transaction's state (one connection).
   */
  committedRefunds(orderId: string): Map<string, Record<string, number>> {
    const out = new Map<string, Record<string, number>>()
    const rows = this.sql
      .prepare(
        `SELECT lines FROM queue_entries WHERE order_id = ? AND kind = 'refund' AND status IN (${COMMITTED.map(() => '?').join(',')})`
      )
      .all(orderId, ...COMMITTED) as { lines: string }[]
    for (const r of rows) {
      for (const l of JSON.parse(r.lines) as RefundLine[]) {
        const acc = out.get(l.orderItemId) ?? {}
        for (const c of l.components) acc[c.type] = (acc[c.type] ?? 0) + c.amountMinor
        out.set(l.orderItemId, acc)
      }
    }
    return out
  }

  // ------------------------------------------------------------------ queries
  private where(
    f: Pick<QueueFilter, 'storeId' | 'kind' | 'search'>,
    statuses: string[] | null,
    viewSql?: string
  ): { sql: string; params: unknown[] } {
    const w: string[] = ['e.kind = ?']
    if (viewSql) w.push(viewSql)
    const p: unknown[] = [f.kind]
    if (f.storeId) {
      w.push('e.store_id = ?')
      p.push(f.storeId)
    }
    if (statuses) {
      w.push(`e.status IN (${statuses.map(() => '?').join(',')})`)
      p.push(...statuses)
    }
    if (f.search) {
      const like = `%${f.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
      // The Amazon order id is the orders domain's: ask it for the matching orders first.
      const orderIds = this.deps.orders.idsMatchingAmazonOrderId(like)
      w.push("(e.order_id IN (SELECT value FROM json_each(?)) OR e.lines LIKE ? ESCAPE '\\' OR e.note LIKE ? ESCAPE '\\')")
      p.push(JSON.stringify(orderIds), like, like)
    }
    return { sql: `WHERE ${w.join(' AND ')}`, params: p }
  }

  list(q: ListInput): z.output<(typeof contract)['queue.list']['output']> {
    const { sql, params } = this.where(q, null, q.view === 'all' ? undefined : VIEW_SQL[q.view])
    const total = (this.sql.prepare(`SELECT count(*) AS n ${ENTRY_FROM} ${sql}`).get(...params) as { n: number }).n
    const rows = this.named(
      this.sql
        .prepare(`${ENTRY_SELECT} ${sql} ORDER BY e.id DESC LIMIT ? OFFSET ?`)
        .all(...params, q.pageSize, (q.page - 1) * q.pageSize) as EntryQueueRow[]
    ).map(toRow)
    const sums = this.sql
      .prepare(`SELECT e.currency, sum(e.total_minor) AS m ${ENTRY_FROM} ${sql} AND e.total_minor IS NOT NULL GROUP BY e.currency`)
      .all(...params) as { currency: string; m: number }[]
    const base = this.where({ kind: q.kind, storeId: q.storeId, search: q.search }, null)
    const views = Object.keys(VIEW_SQL) as (keyof typeof VIEW_SQL)[]
    const c = this.sql
      .prepare(
        `SELECT count(*) AS "all", ${views.map((v) => `coalesce(sum(CASE WHEN ${VIEW_SQL[v]} THEN 1 ELSE 0 END), 0) AS "${v}"`).join(', ')} ${ENTRY_FROM} ${base.sql}`
      )
      .get(...base.params) as Record<keyof typeof VIEW_SQL | 'all', number>
    return {
      rows,
      total,
      totals: totalsByCurrency(sums.filter((s) => s.currency).map((s) => ({ currency: s.currency, amountMinor: s.m }))).map((t) => ({
        currency: t.currency,
        amountMinor: t.amountMinor
      })),
      counts: { queued: c.queued, sending: c.sending, sent: c.sent, failed: c.failed, rejected: c.rejected, local: c.local, all: c.all }
    }
  }

  private resolve(kind: Kind, sel: QueueSelection, statuses: string[]): { ids: number[]; requested: number } {
    if ('ids' in sel) {
      const rows = this.sql
        .prepare(
          `SELECT id FROM queue_entries WHERE kind = ? AND status IN (${statuses.map(() => '?').join(',')}) AND id IN (SELECT value FROM json_each(?))`
        )
        .all(kind, ...statuses, JSON.stringify(sel.ids)) as { id: number }[]
      return { ids: rows.map((r) => r.id), requested: sel.ids.length }
    }
    if (sel.filter.kind !== kind)
      throw new AppError('VALIDATION', `The selection is of ${sel.filter.kind} entries, the action is for ${kind} entries`)
    const { sql, params } = this.where(sel.filter, statuses)
    const ids = (this.sql.prepare(`SELECT e.id ${ENTRY_FROM} ${sql} ORDER BY e.id`).all(...params) as { id: number }[]).map((r) => r.id)
    return { ids, requested: ids.length }
  }

  /** Process refund / Process cancellation: the selected queued entries become one batch per store. */
  process(kind: Kind, sel: QueueSelection): z.output<(typeof contract)['queue.process']['output']> {
    const { ids, requested } = this.resolve(kind, sel, ['queued'])
    const byStore = new Map<string, number[]>()
    for (const r of this.sql
      .prepare('SELECT id, store_id FROM queue_entries WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
      .all(JSON.stringify(ids)) as { id: number; store_id: string }[]) {
      byStore.set(r.store_id, [...(byStore.get(r.store_id) ?? []), r.id])
    }
    const batchIds: number[] = []
    for (const [storeId, entryIds] of byStore) batchIds.push(...this.createBatches(storeId, kind, entryIds, ['queued'], null))
    this.changed()
    this.kick()
    const batches = batchIds.map((id) => this.batchSummary(id))
    return { batches, skipped: requested - batches.reduce((a, b) => a + b.messageCount, 0) }
  }

  /** Reject request: a rejected entry is never sent; a rejected cancellation lets the order ship again. */
  reject(kind: Kind, sel: QueueSelection, reason: string): { rejected: number } {
    const now = this.now()
    const n = this.sql
      .transaction(() => {
        const { ids } = this.resolve(kind, sel, ['queued'])
        let count = 0
        for (const id of ids) {
          const r = this.sql
            .prepare("UPDATE queue_entries SET status = 'rejected', reject_reason = ?, updated_at = ? WHERE id = ? AND status = 'queued'")
            .run(reason, now, id)
          if (r.changes !== 1) continue
          count++
          const e = this.entryDb(id)
          if (e.kind === 'cancel') {
            this.deps.orders.unmarkCancel(
              { orderId: e.order_id, lines: JSON.parse(e.lines), splitId: e.split_id, holdId: e.hold_id },
              this.cancelling(e.order_id),
              now,
              `cancellation request #${id} rejected: ${reason}`,
              { code: 'request-rejected', params: { kind: 'cancel', entryId: id, reason } }
            )
          } else
            this.deps.orders.historyAt(
              e.order_id,
              'refund-rejected',
              { code: 'request-rejected', params: { kind: 'refund', entryId: id, reason } },
              now
            )
        }
        return count
      })
      .immediate()
    this.changed()
    return { rejected: n }
  }

  /**
   * Claims the entries (only those still in `fromStatuses`) and writes the feed document(s), in
   * one IMMEDIATE transaction: a second instance running the same selection finds nothing left.
   */
  createBatches(
    storeId: string,
    kind: Kind,
    entryIds: number[],
    fromStatuses: string[],
    retryOf: number | null,
    maxBytes = FEED_MAX_BYTES
  ): number[] {
    const now = this.now()
    if (this.deps.stores.fileOnly(storeId)) return this.createFileBatches(storeId, kind, entryIds, fromStatuses, retryOf)
    return this.sql
      .transaction(() => {
        const sellerId = this.deps.stores.sellerId(storeId)
        const rows = this.sql
          .prepare(
            `SELECT e.id, e.kind, e.reason, e.currency, e.lines, e.order_id FROM queue_entries e
           WHERE e.store_id = ? AND e.kind = ? AND e.status IN (${fromStatuses.map(() => '?').join(',')}) AND e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id`
          )
          .all(storeId, kind, ...fromStatuses, JSON.stringify(entryIds)) as {
          id: number
          kind: Kind
          reason: string
          currency: string | null
          lines: string
          order_id: string
        }[]
        if (rows.length === 0) return []
        const amazon = this.deps.orders.amazonOrderIds(rows.map((r) => r.order_id))
        const entries: FeedEntry[] = rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          amazonOrderId: amazon.get(r.order_id)!,
          reason: r.reason,
          currency: r.currency,
          lines: JSON.parse(r.lines)
        }))
        const docs = buildFeedDocuments(kind, sellerId, entries, maxBytes)
        const insBatch = this.sql.prepare(
          `INSERT INTO queue_batches (store_id, kind, feed_type, state, content, content_bytes, message_count, retry_of, created_at, updated_at)
         VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)`
        )
        const insBe = this.sql.prepare(
          "INSERT INTO queue_batch_entries (batch_id, entry_id, message_id, result) VALUES (?, ?, ?, 'pending')"
        )
        const claim = this.sql.prepare(
          `UPDATE queue_entries SET status = 'batched', batch_id = ?, result_message = NULL, updated_at = ? WHERE id = ? AND status IN (${fromStatuses.map(() => '?').join(',')})`
        )
        const ids: number[] = []
        for (const d of docs) {
          const b = insBatch.run(storeId, kind, FEED_TYPES[kind], d.content, d.bytes, d.entries.length, retryOf, now, now)
          const batchId = Number(b.lastInsertRowid)
          for (const x of d.entries) {
            insBe.run(batchId, x.entryId, x.messageId)
            if (claim.run(batchId, now, x.entryId, ...fromStatuses).changes !== 1)
              throw new AppError('CONFLICT', `queue entry ${x.entryId} was taken by another batch`)
          }
          ids.push(batchId)
        }
        return ids
      })
      .immediate()
  }

  /**
   * A store without SP-API: the entries are written as Seller Central's Adjustments file, one
   * `by_hand` batch, claimed in the same IMMEDIATE transaction as a feed batch would be. The entry
   * stays `batched` until its outcome is recorded (report import or a person), so it cannot go
   * into another file or feed before that; the submission engine never drives a `by_hand` batch.
   * An entry that repeats an (order, item) pair already in this file waits for the next file.
   */
  private createFileBatches(storeId: string, kind: Kind, entryIds: number[], fromStatuses: string[], retryOf: number | null): number[] {
    if (kind === 'cancel')
      throw new AppError(
        'VALIDATION',
        "This store works from files only, and Seller Central's Adjustments page documents no order cancellation file: cancel these orders in Seller Central (Manage Orders), then reject the requests here with a note, or add API access to the store."
      )
    const now = this.now()
    return this.sql
      .transaction(() => {
        const rows = this.sql
          .prepare(
            `SELECT e.id, e.reason, e.currency, e.lines, e.order_id FROM queue_entries e
             WHERE e.store_id = ? AND e.kind = 'refund' AND e.status IN (${fromStatuses.map(() => '?').join(',')}) AND e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id`
          )
          .all(storeId, ...fromStatuses, JSON.stringify(entryIds)) as {
          id: number
          reason: string
          currency: string | null
          lines: string
          order_id: string
        }[]
        if (rows.length === 0) return []
        const amazon = this.deps.orders.amazonOrderIds(rows.map((r) => r.order_id))
        const entries: FileEntry[] = rows.map((r) => ({
          id: r.id,
          amazonOrderId: amazon.get(r.order_id)!,
          reason: r.reason,
          currency: r.currency,
          lines: JSON.parse(r.lines) as RefundLine[]
        }))
        const problems = entries.map(fileProblem).filter((p): p is string => p !== null)
        if (problems.length)
          throw new AppError(
            'VALIDATION',
            `Not written to an Adjustments file: ${problems.join(' | ')}. Reject these requests or change them.`
          )
        const seen = new Set<string>()
        const take = entries.filter((e) => {
          const keys = e.lines.map((l) => `${e.amazonOrderId}|${l.orderItemId}`)
          if (keys.some((k) => seen.has(k)) || new Set(keys).size !== keys.length) return false
          for (const k of keys) seen.add(k)
          return true
        })
        const file = buildAdjustmentsFile(take)
        const b = this.sql
          .prepare(
            `INSERT INTO queue_batches (store_id, kind, feed_type, state, content, content_bytes, message_count, retry_of, wait_reason, created_at, updated_at)
             VALUES (?, 'refund', ?, 'by_hand', ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            storeId,
            ADJUSTMENTS_FILE_TYPE,
            file.content,
            Buffer.byteLength(file.content, 'utf8'),
            take.length,
            retryOf,
            BY_HAND_WAIT,
            now,
            now
          )
        const batchId = Number(b.lastInsertRowid)
        const insBe = this.sql.prepare(
          "INSERT INTO queue_batch_entries (batch_id, entry_id, message_id, result) VALUES (?, ?, ?, 'pending')"
        )
        const claim = this.sql.prepare(
          `UPDATE queue_entries SET status = 'batched', batch_id = ?, result_message = NULL, updated_at = ? WHERE id = ? AND status IN (${fromStatuses.map(() => '?').join(',')})`
        )
        take.forEach((e, i) => {
          insBe.run(batchId, e.id, i + 1)
          if (claim.run(batchId, now, e.id, ...fromStatuses).changes !== 1)
            throw new AppError('CONFLICT', `queue entry ${e.id} was taken by another batch`)
          this.deps.orders.historyAt(
            rows.find((r) => r.id === e.id)!.order_id,
            'refund-file-written',
            { code: 'refund-file-written', params: { entryId: e.id, batchId } },
            now
          )
        })
        return [batchId]
      })
      .immediate()
  }

  /** The Adjustments file of a `by_hand` batch, to save and upload in Seller Central. */
  adjustmentsFile(batchId: number): { fileName: string; content: string } {
    const b = this.sql.prepare('SELECT id, store_id, feed_type, content, created_at FROM queue_batches WHERE id = ?').get(batchId) as
      { id: number; store_id: string; feed_type: string; content: string; created_at: string } | undefined
    if (!b) throw new AppError('NOT_FOUND', `No batch ${batchId}`)
    if (b.feed_type !== ADJUSTMENTS_FILE_TYPE)
      throw new AppError('VALIDATION', `Batch #${batchId} is a feed sent through the SP-API, not a file`)
    return { fileName: `adjustments-batch-${b.id}-${b.created_at.slice(0, 10)}.txt`, content: b.content }
  }

  /** The (order-id, order-item-id) rows of a `by_hand` batch's file, each with its entry. */
  private fileRows(batchId: number): { content: string; rows: FileRow[]; pending: Set<number> } {
    const b = this.sql.prepare('SELECT state, feed_type, content FROM queue_batches WHERE id = ?').get(batchId) as
      { state: string; feed_type: string; content: string } | undefined
    if (!b) throw new AppError('NOT_FOUND', `No batch ${batchId}`)
    if (b.feed_type !== ADJUSTMENTS_FILE_TYPE)
      throw new AppError('VALIDATION', `Batch #${batchId} is a feed sent through the SP-API, not a file`)
    if (b.state !== 'by_hand') throw new AppError('VALIDATION', `Batch #${batchId} is closed: its outcome is recorded`)
    const entries = this.sql
      .prepare(
        'SELECT e.id, e.order_id, e.lines, e.status FROM queue_batch_entries be JOIN queue_entries e ON e.id = be.entry_id WHERE be.batch_id = ?'
      )
      .all(batchId) as { id: number; order_id: string; lines: string; status: string }[]
    const amazon = this.deps.orders.amazonOrderIds(entries.map((e) => e.order_id))
    const key = new Map<string, number>()
    for (const e of entries)
      for (const l of JSON.parse(e.lines) as RefundLine[]) key.set(`${amazon.get(e.order_id)}|${l.orderItemId}`, e.id)
    const rows = rowsOfFile(b.content, (o, i) => key.get(`${o}|${i}`))
    const pending = new Set(entries.filter((e) => e.status === 'batched').map((e) => e.id))
    return { content: b.content, rows, pending }
  }

  /**
   * Closes a `by_hand` batch from Amazon's processing report of its upload (text of the file the
   * user downloaded from Seller Central). The report must fit the file (record count, rows).
   */
  importAdjustmentsReport(
    batchId: number,
    text: string,
    fileName = 'processing report'
  ): { done: number; failed: number; uncertain: number } {
    const { rows, pending } = this.fileRows(batchId)
    if (pending.size !== new Set(rows.map((r) => r.entryId)).size)
      throw new AppError(
        'VALIDATION',
        `Some entries of batch #${batchId} already have an outcome recorded by hand: record the others by hand too`
      )
    const outcomes = outcomesFromReport(rows, parseProcessingReport(text, fileName), fileName)
    return this.recordOutcomes(batchId, outcomes, { fileName, note: null })
  }

  /** A person records what Seller Central did with entries of a `by_hand` batch (with a note). */
  recordByHand(
    batchId: number,
    entries: { entryId: number; outcome: 'done' | 'failed' }[],
    note: string
  ): { done: number; failed: number; uncertain: number } {
    const { pending } = this.fileRows(batchId)
    for (const e of entries)
      if (!pending.has(e.entryId)) throw new AppError('VALIDATION', `Request #${e.entryId} is not waiting in batch #${batchId}`)
    return this.recordOutcomes(
      batchId,
      entries.map((e) => ({
        entryId: e.entryId,
        outcome: e.outcome,
        message: `recorded by hand: ${e.outcome === 'done' ? 'refunded' : 'not refunded'} — ${note}`
      })),
      { fileName: null, note }
    )
  }

  /** Entries' outcomes, their orders' history, and the batch closed once every entry has one: one transaction. */
  private recordOutcomes(
    batchId: number,
    outcomes: EntryOutcome[],
    /** A processing report's file name, or null with the person's note when recorded by hand. */
    source: { fileName: string | null; note: string | null }
  ): { done: number; failed: number; uncertain: number } {
    const now = this.now()
    const counts = { done: 0, failed: 0, uncertain: 0 }
    this.sql
      .transaction(() => {
        const setEntry = this.sql.prepare(
          "UPDATE queue_entries SET status = ?, result_message = ?, updated_at = ? WHERE id = ? AND batch_id = ? AND status = 'batched'"
        )
        const setBe = this.sql.prepare('UPDATE queue_batch_entries SET result = ?, result_message = ? WHERE batch_id = ? AND entry_id = ?')
        for (const o of outcomes) {
          if (setEntry.run(o.outcome, o.message, now, o.entryId, batchId).changes !== 1)
            throw new AppError('CONFLICT', `Request #${o.entryId} of batch #${batchId} already has an outcome`)
          setBe.run(
            o.outcome === 'done' ? (o.message ? 'warning' : 'ok') : o.outcome === 'failed' ? 'error' : 'pending',
            o.message,
            batchId,
            o.entryId
          )
          counts[o.outcome]++
          const e = this.entryDb(o.entryId)
          const event = o.outcome === 'done' ? 'refund-confirmed' : `refund-${o.outcome}`
          // By hand, the outcome is the event (confirmed / failed) and the note is the person's own.
          this.deps.orders.historyAt(
            e.order_id,
            event,
            { code: 'file-result', params: { batchId, ...source, message: source.fileName !== null ? o.message : null } },
            now
          )
        }
        const left = this.sql
          .prepare(
            "SELECT count(*) AS n FROM queue_batch_entries be JOIN queue_entries e ON e.id = be.entry_id WHERE be.batch_id = ? AND e.status = 'batched'"
          )
          .get(batchId) as { n: number }
        if (left.n === 0)
          this.sql
            .prepare(
              "UPDATE queue_batches SET state = 'done', wait_reason = NULL, finished_at = ?, updated_at = ? WHERE id = ? AND state = 'by_hand'"
            )
            .run(now, now, batchId)
      })
      .immediate()
    this.changed()
    return counts
  }

  // ------------------------------------------------------------------ batches
  private batchSummary(id: number): z.output<typeof BatchSummary> {
    const r = this.batchRows('WHERE b.id = ?', [id], 1, 0)[0]
    if (!r) throw new AppError('NOT_FOUND', `No batch ${id}`)
    return r
  }

  private batchRows(where: string, params: unknown[], limit: number, offset: number): z.output<typeof BatchSummary>[] {
    const rows = this.sql
      .prepare(
        `SELECT b.*,
           (SELECT count(*) FROM queue_batch_entries be WHERE be.batch_id = b.id AND be.result IN ('ok', 'warning')) AS ok_count,
           (SELECT count(*) FROM queue_batch_entries be WHERE be.batch_id = b.id AND be.result = 'error') AS error_count
         FROM queue_batches b ${where} ORDER BY b.id DESC LIMIT ? OFFSET ?`
      )
      .all(...params, limit, offset) as Record<string, unknown>[]
    const names = rows.length ? this.deps.stores.names() : new Map<string, string>()
    return rows.map((r) => ({
      id: r.id as number,
      storeId: r.store_id as string,
      storeName: names.get(r.store_id as string) ?? '',
      kind: r.kind as Kind,
      feedType: r.feed_type as string,
      state: r.state as z.output<typeof BatchSummary>['state'],
      feedDocumentId: (r.feed_document_id as string | null) ?? null,
      feedId: (r.feed_id as string | null) ?? null,
      processingStatus: (r.processing_status as string | null) ?? null,
      messageCount: r.message_count as number,
      okCount: r.ok_count as number,
      errorCount: r.error_count as number,
      waitReason:
        (r.wait_reason as string | null) ?? (this.engine ? null : r.state === 'open' ? 'not connected to Amazon in this build' : null),
      error: (r.error as string | null) ?? null,
      retryOf: (r.retry_of as number | null) ?? null,
      createdAt: r.created_at as string,
      submittedAt: (r.submitted_at as string | null) ?? null,
      finishedAt: (r.finished_at as string | null) ?? null
    }))
  }

  batches(q: BatchesInput): z.output<(typeof contract)['queue.batches']['output']> {
    const where = q.storeId ? 'WHERE b.store_id = ?' : ''
    const params = q.storeId ? [q.storeId] : []
    const total = (this.sql.prepare(`SELECT count(*) AS n FROM queue_batches b ${where}`).get(...params) as { n: number }).n
    return { rows: this.batchRows(where, params, q.pageSize, (q.page - 1) * q.pageSize), total }
  }

  batch(id: number): z.output<(typeof contract)['queue.batch']['output']> {
    const batch = this.batchSummary(id)
    const entries = this.sql
      .prepare(
        `SELECT be.entry_id, be.message_id, be.result, be.result_code, be.result_message, e.kind, e.currency, e.total_minor, e.status, e.order_id
         FROM queue_batch_entries be JOIN queue_entries e ON e.id = be.entry_id WHERE be.batch_id = ? ORDER BY be.message_id`
      )
      .all(id) as Record<string, unknown>[]
    const amazon = this.deps.orders.amazonOrderIds(entries.map((r) => r.order_id as string))
    return {
      batch,
      entries: entries.map((r) => ({
        entryId: r.entry_id as number,
        messageId: r.message_id as number,
        amazonOrderId: amazon.get(r.order_id as string) ?? '',
        kind: r.kind as Kind,
        currency: (r.currency as string | null) ?? null,
        totalMinor: (r.total_minor as number | null) ?? null,
        result: r.result as 'pending' | 'ok' | 'warning' | 'error',
        resultCode: (r.result_code as string | null) ?? null,
        resultMessage: (r.result_message as string | null) ?? null,
        entryStatus: r.status as string
      }))
    }
  }

  /** Sends the failed entries of a finished batch again, as a new batch (never `uncertain` ones). */
  retryFailed(batchId: number): z.output<typeof BatchSummary> {
    const b = this.batchSummary(batchId)
    if (!['done', 'failed', 'uncertain'].includes(b.state)) throw new AppError('VALIDATION', `Batch #${batchId} is not finished yet`)
    const ids = (
      this.sql
        .prepare(
          "SELECT e.id FROM queue_batch_entries be JOIN queue_entries e ON e.id = be.entry_id WHERE be.batch_id = ? AND e.status = 'failed' AND e.batch_id = ?"
        )
        .all(batchId, batchId) as { id: number }[]
    ).map((r) => r.id)
    if (ids.length === 0) throw new AppError('VALIDATION', `Batch #${batchId} has no failed entries to retry`)
    const now = this.now()
    const created = this.sql
      .transaction(() => {
        if (b.kind === 'refund') this.checkRefundRetry(b.storeId, ids)
        if (b.kind === 'cancel') for (const id of ids) this.markCancel(this.entryDb(id), now)
        return this.createBatches(b.storeId, b.kind, ids, ['failed'], batchId)
      })
      .immediate()
    this.changed()
    this.kick()
    return this.batchSummary(created[0]!)
  }

  /**
   * A person checked Seller Central for uncertain entries: `applied` -> done; `not-applied` ->
   * failed (retryable; a cancellation releases the order). Recorded in the order history.
   */
  resolveUncertain(ids: number[], outcome: 'applied' | 'not-applied', note: string): { resolved: number } {
    const now = this.now()
    const n = this.sql
      .transaction(() => {
        let count = 0
        for (const id of ids) {
          const status = outcome === 'applied' ? 'done' : 'failed'
          const msg = `checked in Seller Central: ${outcome === 'applied' ? 'applied' : 'not applied'} — ${note}`
          const r = this.sql
            .prepare("UPDATE queue_entries SET status = ?, result_message = ?, updated_at = ? WHERE id = ? AND status = 'uncertain'")
            .run(status, msg, now, id)
          if (r.changes !== 1) continue
          count++
          const e = this.entryDb(id)
          this.sql
            .prepare('UPDATE queue_batch_entries SET result = ?, result_message = ? WHERE entry_id = ? AND batch_id = ?')
            .run(outcome === 'applied' ? 'ok' : 'error', msg, id, e.batch_id)
          if (e.kind === 'cancel' && outcome === 'not-applied') {
            this.deps.orders.unmarkCancel(
              { orderId: e.order_id, lines: JSON.parse(e.lines), splitId: e.split_id, holdId: e.hold_id },
              this.cancelling(e.order_id),
              now,
              `cancellation request #${id} ${msg}`,
              { code: 'resolved', params: { kind: 'cancel', entryId: id, applied: false, note } }
            )
          } else
            this.deps.orders.historyAt(
              e.order_id,
              `${e.kind}-resolved`,
              { code: 'resolved', params: { kind: e.kind, entryId: id, applied: outcome === 'applied', note } },
              now
            )
        }
        return count
      })
      .immediate()
    this.changed()
    return { resolved: n }
  }

  /**
   * Failed refunds don't count against what may still be refunded, so another refund may have
   * been issued since: a retry is checked again, on top of what is committed now, and refused
   * when it would pay more than the buyer paid (unless the store allows over-refunds).
   */
  private checkRefundRetry(storeId: string, ids: number[]): void {
    if (this.deps.stores.getSettings(storeId).allowOverRefund) return
    const byOrder = new Map<string, EntryDbRow[]>()
    for (const id of ids) {
      const e = this.entryDb(id)
      byOrder.set(e.order_id, [...(byOrder.get(e.order_id) ?? []), e])
    }
    const refused: string[] = []
    for (const [orderId, entries] of byOrder) {
      const items = this.deps.orders.itemRows(orderId).map(itemMoney)
      const currency = entries[0]!.currency ?? 'USD'
      const fmt = (m: number) => `${formatMinor(m, currency)} ${currency}`
      for (const r of checkRetry(
        items,
        this.committedRefunds(orderId),
        entries.map((e) => ({ id: e.id, lines: JSON.parse(e.lines) as RefundLine[] })),
        fmt
      )) {
        if (r.problems.length) refused.push(`#${r.id} (${entries[0]!.amazon_order_id}): ${r.problems.map((p) => p.message).join('; ')}`)
      }
    }
    if (refused.length) {
      throw new AppError(
        'VALIDATION',
        `Retrying would refund more than was paid — other refunds were issued since: ${refused.join(' | ')}. Reject these entries, or turn on "Allow to over-refund".`
      )
    }
  }

  /** A retried cancellation marks the order unshippable again (the failure had released it): the orders domain does it. */
  private markCancel(e: EntryDbRow, now: string): void {
    this.deps.orders.cancelRetried(
      { entryId: e.id, orderId: e.order_id, lines: JSON.parse(e.lines) as CancelLine[], splitId: e.split_id, holdId: e.hold_id },
      now
    )
  }

  /** Queued entries of a store (auto-submit). */
  queuedIds(storeId: string, kind: Kind): number[] {
    return (
      this.sql
        .prepare("SELECT id FROM queue_entries WHERE store_id = ? AND kind = ? AND status = 'queued' ORDER BY id")
        .all(storeId, kind) as { id: number }[]
    ).map((r) => r.id)
  }

  /** Unfinished batches (for the CLI's `queue resume` and tests). */
  openBatchIds(storeId?: string): number[] {
    return (
      this.sql
        .prepare(
          `SELECT id FROM queue_batches WHERE state NOT IN ('done', 'failed', 'uncertain') ${storeId ? 'AND store_id = ?' : ''} ORDER BY id`
        )
        .all(...(storeId ? [storeId] : [])) as { id: number }[]
    ).map((r) => r.id)
  }

  /** Stops the engine's timers (the database is about to close). */
  stop(): void {
    this.engine?.stop()
  }

  get submission(): SubmissionEngine | null {
    return this.engine
  }

  // --- for other domains (holds/order actions) ---

  /**
   * Where these entries stand: status, batch, result message and the batch's feed id (Amazon's
   * Batch ID), by entry id. Ids with no entry are absent.
   */
  entryStates(
    ids: number[]
  ): Map<number, { status: QueueEntryRow['status']; batchId: number | null; resultMessage: string | null; feedId: string | null }> {
    const out = new Map<
      number,
      { status: QueueEntryRow['status']; batchId: number | null; resultMessage: string | null; feedId: string | null }
    >()
    const unique = [...new Set(ids)]
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500)
      const rows = this.deps.db.$client
        .prepare(
          `SELECT e.id, e.status, e.batch_id, e.result_message, b.feed_id FROM queue_entries e LEFT JOIN queue_batches b ON b.id = e.batch_id WHERE e.id IN (${chunk.map(() => '?').join(',')})`
        )
        .all(...chunk) as {
        id: number
        status: QueueEntryRow['status']
        batch_id: number | null
        result_message: string | null
        feed_id: string | null
      }[]
      for (const r of rows) out.set(r.id, { status: r.status, batchId: r.batch_id, resultMessage: r.result_message, feedId: r.feed_id })
    }
    return out
  }

  /** The newest cancellation entry made for a buyer-cancellation hold whose status is one of `statuses`. */
  latestHoldCancellation(holdId: number, statuses: readonly string[]): number | null {
    if (statuses.length === 0) return null
    const r = this.deps.db.$client
      .prepare(
        `SELECT id FROM queue_entries WHERE hold_id = ? AND kind = 'cancel' AND status IN (${statuses.map(() => '?').join(',')}) ORDER BY id DESC LIMIT 1`
      )
      .get(holdId, ...statuses) as { id: number } | undefined
    return r?.id ?? null
  }

  // --- for other domains (reimbursements/rmas) ---
  /**
   * The refund entries for these RMAs with their batch's feed id, ordered by RMA, then rejected
   * ones first, then by id (so the last row per RMA is the one its state shows).
   */
  refundEntriesForRmas(rmaIds: readonly number[]): {
    rmaId: number
    id: number
    status: QueueEntryRow['status']
    batchId: number | null
    resultMessage: string | null
    rejectReason: string | null
    feedId: string | null
  }[] {
    if (rmaIds.length === 0) return []
    return this.deps.db.$client
      .prepare(
        `SELECT e.rma_id AS rmaId, e.id, e.status, e.batch_id AS batchId, e.result_message AS resultMessage, e.reject_reason AS rejectReason, b.feed_id AS feedId
         FROM queue_entries e LEFT JOIN queue_batches b ON b.id = e.batch_id
         WHERE e.kind = 'refund' AND e.rma_id IN (SELECT value FROM json_each(?)) ORDER BY e.rma_id, (e.status = 'rejected') DESC, e.id`
      )
      .all(JSON.stringify(rmaIds)) as ReturnType<QueueService['refundEntriesForRmas']>
  }

  /**
   * RMAs whose refund is still on its way at Amazon: the latest refund entry not rejected (else
   * the latest) has a progress other than 'done' (entryProgress: batched is sending or sent).
   */
  rmaIdsWithRefundInProgress(): number[] {
    return this.deps.db.$client
      .prepare(
        `SELECT rma_id FROM (
           SELECT e.rma_id, CASE WHEN e.status = 'batched' THEN CASE WHEN b.feed_id IS NULL THEN 'sending' ELSE 'sent' END ELSE e.status END AS progress,
                  row_number() OVER (PARTITION BY e.rma_id ORDER BY (e.status = 'rejected'), e.id DESC) AS n
           FROM queue_entries e LEFT JOIN queue_batches b ON b.id = e.batch_id WHERE e.kind = 'refund' AND e.rma_id IS NOT NULL
         ) WHERE n = 1 AND progress <> 'done'`
      )
      .pluck()
      .all() as number[]
  }

  /** An order's refund entries (any status), oldest first: id, when, amount, currency, status. */
  refundsForOrder(orderId: string): { id: string; at: string; amountMinor: number; currency: string | null; status: string }[] {
    return this.deps.db.$client
      .prepare(
        `SELECT CAST(id AS TEXT) AS id, created_at AS at, coalesce(total_minor, 0) AS amountMinor, currency, status
         FROM queue_entries WHERE order_id = ? AND kind = 'refund' ORDER BY created_at, id`
      )
      .all(orderId) as ReturnType<QueueService['refundsForOrder']>
  }
}
