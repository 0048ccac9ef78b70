/**
 * Answers of the team server's reads from this desktop's local copy (`team_local_rows`), in the
 * contract's output shapes, so the screens read the same whether the server answered or not.
 *
 * The local copy holds what the server's change log carried for this user's role: the rows of
 * `queueEntry`, `queueBatch`, `rma` (each RMA's detail), `hold` and `order` (each order's summary).
 * The filters and the paging of each read are applied here as far as those rows allow — the same
 * conditions as the server's SQL (team/server/queue.ts, rmas.ts, holds.ts, orders.ts), written
 * over plain objects; what the rows do not carry is said in each function.
 *
 * Pure functions over the rows: no SQLite, no clock.
 */
import type { z } from 'zod'
import {
  BatchSummary,
  HoldRow,
  OrderSummary,
  QueueEntryRow,
  RmaDetail,
  RmaRow,
  type contract,
  type Input,
  type Output
} from '../../../shared/contract'

type In<C extends keyof typeof contract> = z.output<(typeof contract)[C]['input']>

/** Rows of the local copy that parse as the contract's row (anything else is skipped, not guessed). */
function parsed<T extends z.ZodType>(schema: T, rows: unknown[]): z.output<T>[] {
  const out: z.output<T>[] = []
  for (const r of rows) {
    const p = schema.safeParse(r)
    if (p.success) out.push(p.data)
  }
  return out
}

const page = <T>(rows: T[], p: { page: number; pageSize: number }) => rows.slice((p.page - 1) * p.pageSize, p.page * p.pageSize)
const contains = (hay: string | null | undefined, needle: string) => (hay ?? '').toLowerCase().includes(needle.toLowerCase())

// ------------------------------------------------------------------------------------ queue

type View = Exclude<In<'queue.list'>['view'], 'all'>

/** The queue screen's tabs, as team/server/queue.ts ENTRY_VIEW (an entry's feed id from its batch's latest row). */
function viewOf(e: z.output<typeof QueueEntryRow>, feedId: string | null): View | null {
  switch (e.status) {
    case 'queued':
      return 'queued'
    case 'batched':
      return feedId ? 'sent' : 'sending'
    case 'done':
      return 'sent'
    case 'failed':
    case 'uncertain':
      return 'failed'
    case 'rejected':
      return 'rejected'
    case 'local':
      return 'local'
    default:
      return null
  }
}

export function queueListFrom(entryRows: unknown[], batchRows: unknown[], q: In<'queue.list'>): Output<'queue.list'> {
  const batches = new Map(parsed(BatchSummary, batchRows).map((b) => [b.id, b]))
  const all = parsed(QueueEntryRow, entryRows)
    .map((e) => {
      // A batch's later changes (its feed id, its state) travel as batch rows: the entry shows them.
      const b = e.batchId !== null ? batches.get(e.batchId) : undefined
      return b ? { ...e, feedId: b.feedId ?? e.feedId, feedDocumentId: b.feedDocumentId ?? e.feedDocumentId } : e
    })
    .filter(
      (e) =>
        e.kind === q.kind &&
        (!q.storeId || e.storeId === q.storeId) &&
        (!q.search || contains(e.amazonOrderId, q.search) || contains(e.note, q.search) || contains(JSON.stringify(e.lines), q.search))
    )
    .sort((a, b) => b.id - a.id)
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0, rejected: 0, local: 0, all: all.length }
  const inView: typeof all = []
  for (const e of all) {
    const v = viewOf(e, e.feedId)
    if (v) counts[v] += 1
    if (q.view === 'all' || v === q.view) inView.push(e)
  }
  const totals = new Map<string, number>()
  for (const e of inView)
    if (e.kind === 'refund' && e.currency && e.totalMinor !== null) totals.set(e.currency, (totals.get(e.currency) ?? 0) + e.totalMinor)
  return {
    rows: page(inView, q),
    total: inView.length,
    totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor })),
    counts
  }
}

export function queueBatchesFrom(batchRows: unknown[], q: In<'queue.batches'>): Output<'queue.batches'> {
  const rows = parsed(BatchSummary, batchRows)
    .filter((b) => !q.storeId || b.storeId === q.storeId)
    .sort((a, b) => b.id - a.id)
  return { rows: page(rows, q), total: rows.length }
}

// ------------------------------------------------------------------------------------- RMAs

/** `rma` rows are each RMA's detail (what `rmas.get` answers); a list row is its RmaRow part. */
export function rmasListFrom(rmaRows: unknown[], q: In<'rmas.list'>): Output<'rmas.list'> {
  const details = parsed(RmaDetail, rmaRows)
  const rows = details
    .filter((r) => {
      if (q.storeId && r.storeId !== q.storeId) return false
      // As the server: no refund is linked to an RMA there yet, so nothing is "refund pending".
      if (q.status === 'RefundPending') return false
      if (q.status && r.status !== q.status) return false
      if (q.from && (r.returnRequestDate ?? '') < q.from) return false
      if (q.to && (r.returnRequestDate ?? '').slice(0, 10) > q.to) return false
      if (q.orderId && !contains(r.amazonOrderId, q.orderId)) return false
      if (q.tracking && !contains(r.trackingId, q.tracking)) return false
      if (q.rmaNumber && !contains(r.orderSourceRmaId, q.rmaNumber) && String(r.id) !== q.rmaNumber) return false
      if (q.sku && !r.items.some((i) => contains(i.sku, q.sku!) || contains(i.sourceSku, q.sku!))) return false
      return true
    })
    .map((r) => RmaRow.parse(r))
  const key = (r: z.output<typeof RmaRow>): string | number =>
    q.sortBy === 'id'
      ? r.id
      : q.sortBy === 'returnRequestDate'
        ? (r.returnRequestDate ?? '')
        : q.sortBy === 'status'
          ? r.status
          : r.amazonOrderId
  const dir = q.sortDir === 'asc' ? 1 : -1
  rows.sort((a, b) => {
    const x = key(a)
    const y = key(b)
    return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.id - b.id) * dir
  })
  return { rows: page(rows, q), total: rows.length }
}

export function rmaGetFrom(rmaRows: unknown[]): Output<'rmas.get'> | null {
  return parsed(RmaDetail, rmaRows)[0] ?? null
}

// ------------------------------------------------------------------------------------ holds

/**
 * Holds as team/server/holds.ts lists them (by what is due first). A hold the server's order sync
 * recorded without its full row is skipped until its next change carries the row.
 */
export function holdsListFrom(holdRows: unknown[], q: In<'holds.list'>): Output<'holds.list'> {
  const all = parsed(HoldRow, holdRows)
    .filter((h) => !q.storeId || h.storeId === q.storeId)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id - b.id)
  const decided = (h: z.output<typeof HoldRow>) => h.status === 'accepted' || h.status === 'declined'
  const rows = all.filter((h) =>
    q.view === 'all' ? true : q.view === 'decided' ? decided(h) : q.view === 'open' ? h.status === 'open' : h.status === 'follow-up'
  )
  return {
    rows,
    counts: {
      open: all.filter((h) => h.status === 'open').length,
      followUp: all.filter((h) => h.status === 'follow-up').length,
      decided: all.filter(decided).length
    }
  }
}

// ----------------------------------------------------------------------------------- orders

export function ordersListFrom(orderRows: unknown[], q: Input<'orders.list'> & { page: number; pageSize: number }): Output<'orders.list'> {
  const rows = parsed(OrderSummary, orderRows)
    .filter(
      (o) =>
        (!q.storeId || o.storeId === q.storeId) &&
        (!q.status || o.status === q.status || o.localStatus === q.status) &&
        (!q.search || contains(o.amazonOrderId, q.search))
    )
    .sort((a, b) => (b.purchaseDate ?? '').localeCompare(a.purchaseDate ?? '') || a.amazonOrderId.localeCompare(b.amazonOrderId))
  return { rows: page(rows, q), total: rows.length }
}
