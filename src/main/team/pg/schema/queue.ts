/**
 * The refund / cancel queue on the team server. Entries are added by commands (`orders.refund`,
 * `orders.cancel`, `holds.accept`) under a row lock on their order; `queue.process` claims queued
 * entries into batches (one feed document each); only the server's submitter drives a batch, under
 * the (store, feed type) lease in `team_leases`. A batch keeps the fencing token it was claimed
 * with (`lease_token`): every state change is `UPDATE … WHERE lease_token = $mine` and the lease
 * row still carries that token, so a paused former holder changes nothing (server/submitter.ts).
 */
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, boolean } from 'drizzle-orm/pg-core'
import type { CancelLine, RefundLine } from '../../../db/schema/queue'
import { teamStores } from './core'
import { teamOrders } from './orders'

export const teamQueueEntries = pgTable(
  'team_queue_entries',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text()
      .notNull()
      .references(() => teamStores.id, { onDelete: 'cascade' }),
    orderId: text()
      .notNull()
      .references(() => teamOrders.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['refund', 'cancel'] }).notNull(),
    status: text({ enum: ['queued', 'batched', 'done', 'failed', 'uncertain', 'rejected', 'local'] }).notNull(),
    reason: text().notNull(),
    lines: jsonb().$type<RefundLine[] | CancelLine[]>().notNull(),
    currency: text(),
    totalMinor: bigint({ mode: 'number' }),
    source: text().notNull(),
    rmaId: bigint({ mode: 'number' }),
    holdId: bigint({ mode: 'number' }),
    queued: boolean().notNull().default(true),
    batchId: bigint({ mode: 'number' }),
    note: text(),
    rejectReason: text(),
    resultMessage: text(),
    /** The team command that made it (its id from the ledger) and who sent it. */
    commandId: text(),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    index('team_queue_entries_store_status_idx').on(t.storeId, t.status, t.kind),
    index('team_queue_entries_order_idx').on(t.orderId),
    index('team_queue_entries_batch_idx').on(t.batchId)
  ]
)

export const teamQueueBatches = pgTable(
  'team_queue_batches',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text()
      .notNull()
      .references(() => teamStores.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['refund', 'cancel'] }).notNull(),
    feedType: text().notNull(),
    state: text({ enum: ['open', 'document_created', 'uploaded', 'submitting', 'submitted', 'done', 'failed', 'uncertain'] }).notNull(),
    content: text().notNull(),
    contentBytes: integer().notNull(),
    messageCount: integer().notNull(),
    feedDocumentId: text(),
    uploadUrl: text(),
    uploadUrlAt: timestamp({ withTimezone: true }),
    /** Amazon's time, committed just before createFeed (bounds the recovery search). */
    submitMark: timestamp({ withTimezone: true }),
    feedId: text(),
    processingStatus: text(),
    resultDocumentId: text(),
    summary: jsonb().$type<{ processed: number; successful: number; withError: number; withWarning: number }>(),
    waitReason: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    /** The fencing token of the (store, feed type) lease this batch was last claimed with. */
    leaseToken: bigint({ mode: 'number' }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true })
  },
  (t) => [
    index('team_queue_batches_store_state_idx').on(t.storeId, t.state),
    index('team_queue_batches_type_idx').on(t.storeId, t.feedType)
  ]
)

export const teamQueueBatchEntries = pgTable(
  'team_queue_batch_entries',
  {
    batchId: bigint({ mode: 'number' })
      .notNull()
      .references(() => teamQueueBatches.id, { onDelete: 'cascade' }),
    entryId: bigint({ mode: 'number' })
      .notNull()
      .references(() => teamQueueEntries.id, { onDelete: 'cascade' }),
    messageId: integer().notNull(),
    result: text({ enum: ['pending', 'ok', 'warning', 'error'] }).notNull(),
    resultCode: text(),
    resultMessage: text()
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.entryId] }),
    uniqueIndex('team_queue_batch_entries_msg_uq').on(t.batchId, t.messageId),
    index('team_queue_batch_entries_entry_idx').on(t.entryId)
  ]
)
