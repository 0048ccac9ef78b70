/**
 * The refund/cancel queue (#6): entries are created locally (offline-first) by the order
 * actions, processed or rejected in batches, each batch one feed document per feed type.
 * Submission is the persisted state machine in ./submission.ts.
 */
import type Database from 'better-sqlite3'
import type { z } from 'zod'
import type { BatchSummary, QueueEntryRow, QueueSelection, contract } from '../../shared/contract'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import type { CancelLine, RefundLine } from '../db/schema/queue'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import type { Tx } from '../orders/service'
import type { StoresService } from '../stores/service'

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

export class QueueService {
  constructor(private readonly deps: { db: Db; sqlite: Database.Database; clock: Clock; events: EventBus; log: Logger; stores: StoresService }) {}

  /**
   * Adds an entry inside the caller's transaction. Whether it waits in the queue or goes out at
   * once follows the store's "Queue refunds and cancellations" setting; after the caller's
   * transaction commits, call `afterAdd(id)` to start a one-entry batch when it is not queued.
   */
  add(_tx: Tx, _e: NewQueueEntry): { id: number; queued: boolean } {
    throw new AppError('NOT_IMPLEMENTED', 'queue.add')
  }

  /** After commit: when the entry is not queued, makes it a one-entry batch and starts sending it. */
  afterAdd(_entryId: number): z.output<typeof BatchSummary> | null {
    throw new AppError('NOT_IMPLEMENTED', 'queue.afterAdd')
  }

  entry(_id: number): QueueEntryRow {
    throw new AppError('NOT_IMPLEMENTED', 'queue.entry')
  }

  entriesForOrder(_orderId: string): QueueEntryRow[] {
    throw new AppError('NOT_IMPLEMENTED', 'queue.entriesForOrder')
  }

  /**
   * What is already refunded or on its way (queued, batched, done, uncertain), per order item and
   * component, in minor units: the over-refund guard adds the new request to this.
   */
  committedRefunds(_orderId: string, _tx?: Tx): Map<string, Record<string, number>> {
    throw new AppError('NOT_IMPLEMENTED', 'queue.committedRefunds')
  }

  list(_q: z.output<(typeof contract)['queue.list']['input']>): z.output<(typeof contract)['queue.list']['output']> {
    throw new AppError('NOT_IMPLEMENTED', 'queue.list')
  }
  process(_kind: 'refund' | 'cancel', _sel: QueueSelection): z.output<(typeof contract)['queue.process']['output']> {
    throw new AppError('NOT_IMPLEMENTED', 'queue.process')
  }
  reject(_kind: 'refund' | 'cancel', _sel: QueueSelection, _reason: string): { rejected: number } {
    throw new AppError('NOT_IMPLEMENTED', 'queue.reject')
  }
  batches(_q: z.output<(typeof contract)['queue.batches']['input']>): z.output<(typeof contract)['queue.batches']['output']> {
    throw new AppError('NOT_IMPLEMENTED', 'queue.batches')
  }
  batch(_id: number): z.output<(typeof contract)['queue.batch']['output']> {
    throw new AppError('NOT_IMPLEMENTED', 'queue.batch')
  }
  retryFailed(_batchId: number): z.output<typeof BatchSummary> {
    throw new AppError('NOT_IMPLEMENTED', 'queue.retryFailed')
  }
}
