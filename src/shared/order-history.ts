/**
 * An order history entry as data: a code plus its parameters (issue 7, "plain words"). The back
 * end stores both (`order_history.code`, `.params` as JSON; the team server's
 * `team_order_history` the same) and also the English sentence `historyEnglish` makes of them
 * (`detail`, for the CLI, logs and older readers). The renderer words the code + params in the
 * user's language (pages/orders/history-words.ts); rows written before the codes existed have no
 * code and are read from their English sentence there.
 *
 * Money is minor units + currency, instants ISO, ids numbers, reasons and statuses their codes
 * (Amazon's adjustment/cancel reasons, order statuses, claim states, order sources). Free text a
 * person or Amazon wrote (a note, a rejection reason, Amazon's result message) stays as written.
 */
import { formatMinor } from './money'

/** An SKU and a quantity (a cancellation's or split's line). */
export type HistoryLine = { sku: string; quantity: number }
/** A feed batch as the order history names it. */
export type HistoryBatch = { batchId: number; feedId: string | null; documentId: string | null }

/** Every history code with its parameters. */
export type HistoryParams = {
  /** Created from the Orders API. */
  synced: Record<string, never>
  /** Created from an order report. */
  'from-report': Record<string, never>
  /** Created as a minimal record (another domain needed the order before it was synced). */
  minimal: Record<string, never>
  /** Created by the team server's order sync. */
  'team-synced': Record<string, never>
  /** A minimal record got its details. */
  details: { source: 'api' | 'report' }
  /** Amazon's order status changed (`from` null when unknown before). */
  status: { from: string | null; to: string | null; source: string }
  /** A buyer's cancellation request got an earlier request time from the Orders API. */
  'hold-time': { from: string; to: string; dueAt: string }
  /** The order is On Hold: the buyer asked to cancel (`reason` as the buyer gave it). */
  hold: { reason: string | null; dueAt: string }
  /** The buyer asked to cancel after shipping: flagged for follow-up. */
  'hold-follow-up': { shippingStatus: string | null }
  'hold-accepted': { entryId: number; reason: string; note: string | null }
  'hold-declined': { note: string }
  'hold-followed-up': { note: string }
  'claim-recorded': { kind: 'atoz' | 'safet'; state: string; source: string }
  'claim-changed': { kind: 'atoz' | 'safet'; from: string; to: string; source: string }
  /** The returns report flags an A-to-z claim: recorded as open. */
  'claim-flagged': { kind: 'atoz' }
  'refund-requested': { entryId: number; amountMinor: number; currency: string; reason: string }
  /** `local`: kept here, not sent to Amazon; `left`: units still to ship. */
  'cancel-requested': { entryId: number; lines: HistoryLine[]; reason: string; local: boolean; inventoryZeroed: boolean; left: number }
  split: { seq: number; lines: HistoryLine[] }
  /** A feed batch's outcome for the entry (`message`: Amazon's result message or our evidence). */
  'batch-result': HistoryBatch & { message: string | null; lines?: HistoryLine[] }
  /** An Adjustments file batch's outcome: from a processing report (`fileName`) or recorded by hand (`note`). */
  'file-result': { batchId: number; fileName: string | null; note: string | null; message: string | null }
  /** Amazon refused a cancellation. */
  'not-cancelled': HistoryBatch & { message: string | null }
  /** A person rejected a queued request (`by`: the team user, when known). */
  'request-rejected': { kind: 'refund' | 'cancel'; entryId: number; reason: string; by?: string | null }
  'cancel-retried': { entryId: number }
  /** Taken out of a batch before sending: Amazon's Finances record already shows the refund. */
  'refund-duplicate': { entryId: number; postedAt: string | null; transactionId: string | null }
  'refund-file-written': { entryId: number; batchId: number }
  /** A person checked Seller Central for an uncertain request. */
  resolved: { kind: 'refund' | 'cancel'; entryId: number; applied: boolean; note: string }
}
export type HistoryCode = keyof HistoryParams
export type HistoryEntry = { [C in HistoryCode]: { code: C; params: HistoryParams[C] } }[HistoryCode]

/** Builds an entry with its parameters checked against the code. */
export const historyEntry = <C extends HistoryCode>(code: C, params: HistoryParams[C]): HistoryEntry => ({ code, params }) as HistoryEntry

export const HISTORY_CODES = [
  'synced',
  'from-report',
  'minimal',
  'team-synced',
  'details',
  'status',
  'hold-time',
  'hold',
  'hold-follow-up',
  'hold-accepted',
  'hold-declined',
  'hold-followed-up',
  'claim-recorded',
  'claim-changed',
  'claim-flagged',
  'refund-requested',
  'cancel-requested',
  'split',
  'batch-result',
  'file-result',
  'not-cancelled',
  'request-rejected',
  'cancel-retried',
  'refund-duplicate',
  'refund-file-written',
  'resolved'
] as const satisfies readonly HistoryCode[]

/** The history events (`order_history.event`, the entry's title) the back end writes. */
export const HISTORY_EVENTS = [
  'created',
  'filled',
  'status',
  'buyer-cancel-time',
  'buyer-cancel-hold',
  'buyer-cancel-follow-up',
  'buyer-cancel-accepted',
  'buyer-cancel-declined',
  'buyer-cancel-followed-up',
  'claim-atoz',
  'claim-safet',
  'refund-requested',
  'refund-file-written',
  'refund-confirmed',
  'refund-failed',
  'refund-uncertain',
  'refund-rejected',
  'refund-duplicate',
  'refund-resolved',
  'cancel-requested',
  'cancelled-locally',
  'cancel-confirmed',
  'cancel-uncertain',
  'cancel-undone',
  'cancel-released',
  'cancel-retried',
  'cancel-resolved',
  'split'
] as const

const lines = (l: HistoryLine[]) => l.map((x) => `${x.quantity} × ${x.sku}`).join(', ')
const batch = (b: HistoryBatch) =>
  `batch #${b.batchId}${b.feedId ? `, Batch ID ${b.feedId}` : ''}${b.documentId ? `, Document Number ${b.documentId}` : ''}`
const msg = (m: string | null | undefined) => (m ? `: ${m}` : '')
const claim = (k: 'atoz' | 'safet') => (k === 'atoz' ? 'A-to-z claim' : 'SAFE-T claim')

/**
 * The entry in English: the `detail` column, what the CLI prints. The sentences are the ones the
 * back end wrote before the codes existed, so the renderer's reading of old rows reads these too.
 */
export function historyEnglish(e: HistoryEntry): string {
  switch (e.code) {
    case 'synced':
      return 'synced'
    case 'from-report':
      return 'from an order report'
    case 'minimal':
      return 'minimal record (order not synced yet)'
    case 'team-synced':
      return 'synced by the team server'
    case 'details':
      return `order details from ${e.params.source === 'api' ? 'the Orders API' : 'an order report'}`
    case 'status':
      return `${e.params.from ?? '-'} -> ${e.params.to ?? '-'} (${e.params.source})`
    case 'hold-time':
      return `request time ${e.params.from} (report) -> ${e.params.to} (Orders API); answer by ${e.params.dueAt}`
    case 'hold':
      return `On Hold: the buyer asked to cancel${e.params.reason ? `: ${e.params.reason}` : ' (no reason given)'}; answer by ${e.params.dueAt}`
    case 'hold-follow-up':
      return `not held (already ${e.params.shippingStatus}): flagged for follow-up`
    case 'hold-accepted':
      return `cancellation accepted (reason ${e.params.reason}), cancellation request #${e.params.entryId}${msg(e.params.note)}`
    case 'hold-declined':
      return `hold released, the order can ship: ${e.params.note}`
    case 'hold-followed-up':
      return e.params.note
    case 'claim-recorded':
      return `${claim(e.params.kind)} recorded: ${e.params.state} (${e.params.source})`
    case 'claim-changed':
      return `${claim(e.params.kind)}: ${e.params.from} -> ${e.params.to} (${e.params.source})`
    case 'claim-flagged':
      return 'A-to-z claim flagged by the returns report: recorded as open'
    case 'refund-requested': {
      const p = e.params
      return `refund request #${p.entryId}: ${formatMinor(p.amountMinor, p.currency)} ${p.currency} (${p.reason})`
    }
    case 'cancel-requested': {
      const p = e.params
      return `cancellation request #${p.entryId}: ${lines(p.lines)} (${p.reason})${p.local ? ' — not sent to Amazon' : ''}${p.inventoryZeroed ? '; inventory zeroed' : ''}${p.left > 0 ? `; ${p.left} unit(s) left to ship${p.local ? '' : ' once Amazon confirms the cancellation'}` : ''}`
    }
    case 'split':
      return `split #${e.params.seq}: ${lines(e.params.lines)}`
    case 'batch-result':
      return `${batch(e.params)}${msg(e.params.lines?.length ? lines(e.params.lines) : e.params.message)}`
    case 'file-result': {
      const p = e.params
      return `batch #${p.batchId} (Adjustments file, ${p.fileName !== null ? `processing report ${p.fileName}` : 'recorded by hand'})${msg(p.note ?? p.message)}`
    }
    case 'not-cancelled':
      return `Amazon did not cancel (${batch(e.params)}): ${e.params.message ?? ''}`
    case 'request-rejected':
      return `${e.params.kind === 'refund' ? 'refund' : 'cancellation'} request #${e.params.entryId} rejected${e.params.by ? ` by ${e.params.by}` : ''}: ${e.params.reason}`
    case 'cancel-retried':
      return `cancellation request #${e.params.entryId} sent again`
    case 'refund-duplicate': {
      const p = e.params
      return `refund request #${p.entryId}: Not sent: it repeats a refund Amazon already applied — Amazon's Finances record shows the refund (posted ${p.postedAt ?? 'at an unknown time'}${p.transactionId ? `, transaction ${p.transactionId}` : ''}).`
    }
    case 'refund-file-written':
      return `refund request #${e.params.entryId} written to the Adjustments file of batch #${e.params.batchId}`
    case 'resolved':
      return `${e.params.kind === 'refund' ? 'refund request' : 'cancellation request'} #${e.params.entryId} checked in Seller Central: ${e.params.applied ? 'applied' : 'not applied'} — ${e.params.note}`
  }
}
