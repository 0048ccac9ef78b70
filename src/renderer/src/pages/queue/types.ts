import type { Output } from '../../../../shared/contract'
import type { QueueView } from '../../../../shared/contract/queue'

export type Kind = 'refund' | 'cancel'
/** A view of the entries, or the batch history. */
export type Tab = QueueView | 'batches'
export type QueueList = Output<'queue.list'>
export type Money = QueueList['totals'][number]
