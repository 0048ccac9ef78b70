import { z } from 'zod'
import { StoreId } from '../ids'
import { BatchSummary, QueueEntryKind, QueueEntryRow } from './orders'
import type { ContractSlice } from './types'

/**
 * Tabs of the queue screen: what waits, what is on its way (in a batch Amazon has not received:
 * uploading, waiting for the network or the next slot), what Amazon received (sent), what failed,
 * what was rejected, what was cancelled here only (local, never sent).
 */
export const QueueView = z.enum(['queued', 'sending', 'sent', 'failed', 'rejected', 'local', 'all'])
export type QueueView = z.infer<typeof QueueView>

export const QueueFilter = z
  .object({
    /** The "company" filter. */
    storeId: StoreId.optional(),
    kind: QueueEntryKind,
    view: QueueView.default('queued'),
    /** Order id, SKU or note. */
    search: z.string().trim().max(80).optional()
  })
  .strict()
export type QueueFilter = z.infer<typeof QueueFilter>

/** Checkbox selection: explicit ids, or "select all matching" the filter. */
export const QueueSelection = z.union([
  z.object({ ids: z.array(z.number().int()).min(1).max(100_000) }).strict(),
  z.object({ filter: QueueFilter }).strict()
])
export type QueueSelection = z.infer<typeof QueueSelection>

export const BatchEntryResult = z.object({
  entryId: z.number().int(),
  messageId: z.number().int(),
  amazonOrderId: z.string(),
  kind: QueueEntryKind,
  currency: z.string().nullable(),
  totalMinor: z.number().int().nullable(),
  result: z.enum(['pending', 'ok', 'warning', 'error']),
  resultCode: z.string().nullable(),
  resultMessage: z.string().nullable(),
  entryStatus: z.string()
})

/** Entries whose outcome was recorded: refunded, not refunded, partly applied (a person decides). */
const ByHandOutcome = z.object({ done: z.number().int(), failed: z.number().int(), uncertain: z.number().int() })

export const queue = {
  'queue.list': {
    input: QueueFilter.extend({
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(500).default(50)
    }).strict(),
    output: z.object({
      rows: z.array(QueueEntryRow),
      total: z.number().int(),
      /** Per-currency total of the matching refunds (minor units). */
      totals: z.array(z.object({ currency: z.string(), amountMinor: z.number().int() })),
      counts: z.object({
        queued: z.number().int(),
        /** In a batch Amazon has not received yet (e.g. waiting for the network). */
        sending: z.number().int(),
        /** Amazon received them (the feed has a Batch ID), processing or done. */
        sent: z.number().int(),
        failed: z.number().int(),
        rejected: z.number().int(),
        local: z.number().int(),
        all: z.number().int()
      })
    })
  },
  /** Process refund / Process cancellation: the selected queued entries of that kind become one batch per store. */
  'queue.process': {
    input: z.object({ kind: QueueEntryKind, selection: QueueSelection }).strict(),
    output: z.object({ batches: z.array(BatchSummary), skipped: z.number().int() })
  },
  'queue.reject': {
    input: z.object({ kind: QueueEntryKind, selection: QueueSelection, reason: z.string().trim().min(1).max(500) }).strict(),
    output: z.object({ rejected: z.number().int() })
  },
  'queue.batches': {
    input: z
      .object({
        storeId: StoreId.optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(20)
      })
      .strict(),
    output: z.object({ rows: z.array(BatchSummary), total: z.number().int() })
  },
  'queue.batch': {
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({ batch: BatchSummary, entries: z.array(BatchEntryResult) })
  },
  /** Sends the failed entries of a finished batch again, as a new batch. */
  'queue.retryFailed': { input: z.object({ batchId: z.number().int() }).strict(), output: BatchSummary },
  /**
   * After a FATAL feed or an ambiguous recovery, a person checks Seller Central and says what
   * happened to each uncertain entry: applied (done) or not applied (failed, so it can be retried).
   */
  'queue.resolveUncertain': {
    input: z
      .object({
        ids: z.array(z.number().int()).min(1).max(100_000),
        outcome: z.enum(['applied', 'not-applied']),
        note: z.string().trim().min(1).max(500)
      })
      .strict(),
    output: z.object({ resolved: z.number().int() })
  },
  /** The Seller Central Adjustments file of a batch of a store without SP-API (state `by_hand`), to save and upload. */
  'queue.adjustmentsFile': {
    input: z.object({ batchId: z.number().int() }).strict(),
    output: z.object({ fileName: z.string(), content: z.string() })
  },
  /** Closes a `by_hand` batch from the processing report Seller Central gave for its upload (a staged file). */
  'queue.importAdjustmentsReport': {
    input: z.object({ batchId: z.number().int(), fileId: z.string().min(1) }).strict(),
    output: ByHandOutcome
  },
  /** A person records what Seller Central did with entries of a `by_hand` batch, with a note. */
  'queue.recordByHand': {
    input: z
      .object({
        batchId: z.number().int(),
        entries: z
          .array(z.object({ entryId: z.number().int(), outcome: z.enum(['done', 'failed']) }).strict())
          .min(1)
          .max(100_000),
        note: z.string().trim().min(1).max(500)
      })
      .strict(),
    output: ByHandOutcome
  }
} as const satisfies ContractSlice
