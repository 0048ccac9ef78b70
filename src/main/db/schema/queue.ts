import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'
import { orders } from './orders'

export type RefundLine = {
  orderItemId: string
  sku: string
  quantity: number
  /** Line totals in minor units of the entry's currency, positive = refunded to the buyer. */
  components: { type: string; amountMinor: number }[]
}
export type CancelLine = { orderItemId: string; sku: string; quantity: number }

/**
 * The refund/cancel outbox (ARCHITECTURE.md "Never send a refund twice"). An entry is created
 * locally (offline), claimed by exactly one batch at a time (status + batch_id change in one
 * write guarded by `status = 'queued'`), and reaches a final state from the processing report.
 *
 * queued -> batched -> done | failed | uncertain;  queued -> rejected;  failed -> batched (retry).
 * `local` = cancelled without telling Amazon ("Do not send to Amazon").
 */
export const queueEntries = sqliteTable(
  'queue_entries',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['refund', 'cancel'] }).notNull(),
    status: text({ enum: ['queued', 'batched', 'done', 'failed', 'uncertain', 'rejected', 'local'] }).notNull(),
    /** Amazon AdjustmentReason (refund) or CancelReason (cancel). */
    reason: text().notNull(),
    lines: text({ mode: 'json' }).$type<RefundLine[] | CancelLine[]>().notNull(),
    currency: text(),
    /** Refund total (sum of the lines' components); null for cancellations. */
    totalMinor: integer(),
    /** order | rma | hold | split */
    source: text().notNull(),
    rmaId: integer(),
    splitId: integer(),
    holdId: integer(),
    /** true when the entry waits in the queue; false = sent at once as a one-entry batch. */
    queued: integer({ mode: 'boolean' }).notNull(),
    /** The batch that holds (or last held) it. */
    batchId: integer(),
    note: text(),
    rejectReason: text(),
    /** Amazon's message for a failed entry (from the processing report). */
    resultMessage: text(),
    createdBy: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [
    index('queue_entries_store_status_idx').on(t.storeId, t.status, t.kind),
    index('queue_entries_order_idx').on(t.orderId),
    index('queue_entries_batch_idx').on(t.batchId)
  ]
)

/**
 * One feed submission. Each step is committed before the next network call:
 * open -> document_created -> uploaded -> submitting -> submitted -> done | failed | uncertain.
 * `submit_mark` (Amazon's time) is stored before createFeed; after a crash in `submitting` candidate
 * feeds are found with getFeeds(feedType, createdSince = submit_mark − feed spacing) — Amazon's
 * Feed has no inputFeedDocumentId — and Amazon's record of the entries decides (submission.ts).
 * The lease (lock_owner, lock_until) lives here, in SQLite, so two app instances on one database
 * never drive the same batch.
 */
export const queueBatches = sqliteTable(
  'queue_batches',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['refund', 'cancel'] }).notNull(),
    feedType: text().notNull(),
    /**
     * `by_hand`: a store without SP-API — the batch was written as Seller Central's Adjustments
     * file for the user to upload; it waits for the processing report or a person's outcome per
     * entry (queue/adjustments-file.ts). The submission engine never drives it.
     */
    state: text({
      enum: ['open', 'document_created', 'uploaded', 'submitting', 'submitted', 'by_hand', 'done', 'failed', 'uncertain']
    }).notNull(),
    /** The feed XML exactly as uploaded (re-uploads send the same bytes). */
    content: text().notNull(),
    contentBytes: integer().notNull(),
    messageCount: integer().notNull(),
    /** Document Number shown to the user. */
    feedDocumentId: text(),
    uploadUrl: text(),
    uploadUrlAt: text(),
    submitMark: text(),
    /** Batch ID shown to the user. */
    feedId: text(),
    processingStatus: text(),
    resultDocumentId: text(),
    summary: text({ mode: 'json' }).$type<{ processed: number; successful: number; withError: number; withWarning: number }>(),
    /** Why the batch waits or stopped (e.g. offline: "waiting for network"). */
    waitReason: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    /** A retry batch points at the batch whose failed entries it resends. */
    retryOf: integer(),
    lockOwner: text(),
    lockUntil: text(),
    /** Fencing token: incremented on every lease acquisition; every write of the driver carries it. */
    leaseToken: integer().notNull().default(0),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
    submittedAt: text(),
    finishedAt: text()
  },
  (t) => [
    index('queue_batches_store_state_idx').on(t.storeId, t.state),
    index('queue_batches_type_submitted_idx').on(t.storeId, t.feedType, t.submittedAt)
  ]
)

/** Entries of a batch with their MessageID and the per-message result of the processing report. */
export const queueBatchEntries = sqliteTable(
  'queue_batch_entries',
  {
    batchId: integer()
      .notNull()
      .references(() => queueBatches.id, { onDelete: 'cascade' }),
    entryId: integer()
      .notNull()
      .references(() => queueEntries.id, { onDelete: 'cascade' }),
    messageId: integer().notNull(),
    /** pending | ok | warning | error */
    result: text({ enum: ['pending', 'ok', 'warning', 'error'] }).notNull(),
    resultCode: text(),
    resultMessage: text()
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.entryId] }),
    uniqueIndex('queue_batch_entries_msg_uq').on(t.batchId, t.messageId),
    index('queue_batch_entries_entry_idx').on(t.entryId)
  ]
)
