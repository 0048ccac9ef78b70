/**
 * The refund / cancel queue on the team server: the commands `orders.refund`, `orders.cancel`,
 * `queue.process`, `queue.reject` and the reads `queue.list`, `queue.batches`.
 *
 * Conflicts between desktops are decided here with the single-seat rules (`orders/rules.ts`):
 * a refund or cancellation locks its order row (`SELECT … FOR UPDATE`) for the rest of its
 * transaction, so two desktops refunding the same order at once are decided one after the other:
 * the second sees the first's queue entry in what is already refunded or queued, and an
 * over-refund is refused with the amounts — never merged. Entries are claimed into batches by a
 * conditional UPDATE (`status = 'queued'`), so an entry is in at most one batch however many
 * `queue.process` commands race. Only the server's submitter (./submitter.ts) sends a batch.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { BatchSummary, CancelInput, QueueEntryRow, RefundInput, contract } from '../../../shared/contract'
import { entryProgress } from '../../../shared/contract/orders'
import type { QueueFilter } from '../../../shared/contract/queue'
import { formatMinor } from '../../../shared/money'
import type { HistoryEntry } from '../../../shared/order-history'
import { FEED_TYPES } from '../../amazon/feeds/xml'
import type { CancelLine, RefundLine } from '../../db/schema/queue'
import { AppError } from '../../errors'
import { LOCAL_CANCELLED, LOCAL_IN_PROCESS } from '../../orders/buyer-cancel-rules'
import { cancelLines, cancelOrderProblem, checkRefund, unitsLeftToShip } from '../../orders/rules'
import { buildFeedDocuments } from '../../queue/feed-builder'
import type { TeamDb, TeamTx } from '../pg/db'
import {
  teamBuyerCancelRequests,
  teamOrderItems,
  teamOrders,
  teamQueueBatchEntries,
  teamQueueBatches,
  teamQueueEntries,
  teamStores
} from '../pg/schema'
import type { ChangeInput } from './changes'
import type { CommandContext } from './ledger'
import {
  TEAM_STORE_SETTINGS,
  addHistory,
  addNote,
  committedRefunds,
  findOrder,
  itemMoneyOf,
  orderChange,
  orderItemsOf,
  storeNames
} from './orders'

type Q = TeamDb | TeamTx
type EntryRow = typeof teamQueueEntries.$inferSelect
type BatchRow = typeof teamQueueBatches.$inferSelect
type ActionResult = z.output<(typeof contract)['orders.refund']['output']>

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null)

// ---------------------------------------------------------------------------- rows

const ENTRY_VIEW: Record<Exclude<QueueFilter['view'], 'all'>, SQL> = {
  queued: sql`e.status = 'queued'`,
  sending: sql`e.status = 'batched' AND b.feed_id IS NULL`,
  sent: sql`(e.status = 'done' OR (e.status = 'batched' AND b.feed_id IS NOT NULL))`,
  failed: sql`e.status IN ('failed', 'uncertain')`,
  rejected: sql`e.status = 'rejected'`,
  local: sql`e.status = 'local'`
}

type RawEntry = {
  id: string | number
  store_id: string
  order_id: string
  amazon_order_id: string
  kind: 'refund' | 'cancel'
  status: QueueEntryRow['status']
  reason: string
  lines: RefundLine[] | CancelLine[]
  currency: string | null
  total_minor: string | number | null
  source: string
  rma_id: string | number | null
  queued: boolean
  batch_id: string | number | null
  note: string | null
  reject_reason: string | null
  result_message: string | null
  created_at: Date | string
  updated_at: Date | string
  feed_document_id: string | null
  feed_id: string | null
  batch_wait_reason: string | null
}
const num = (v: string | number | null): number | null => (v === null ? null : Number(v))
const isoOf = (v: Date | string) => new Date(v).toISOString()

function entryRow(r: RawEntry, names: Map<string, string>): QueueEntryRow {
  return {
    id: Number(r.id),
    storeId: r.store_id,
    storeName: names.get(r.store_id) ?? '',
    orderId: r.order_id,
    amazonOrderId: r.amazon_order_id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    lines: r.lines,
    currency: r.currency,
    totalMinor: num(r.total_minor),
    source: r.source,
    rmaId: num(r.rma_id),
    queued: r.queued,
    batchId: num(r.batch_id),
    feedDocumentId: r.feed_document_id,
    feedId: r.feed_id,
    progress: entryProgress(r.status, r.feed_id),
    note: r.note,
    rejectReason: r.reject_reason,
    resultMessage: r.result_message,
    waitReason: r.batch_wait_reason,
    createdAt: isoOf(r.created_at),
    updatedAt: isoOf(r.updated_at)
  }
}

const ENTRY_SELECT = sql`SELECT e.*, o.amazon_order_id, b.feed_document_id, b.feed_id,
  CASE WHEN e.status = 'batched' THEN b.wait_reason END AS batch_wait_reason
  FROM team_queue_entries e JOIN team_orders o ON o.id = e.order_id LEFT JOIN team_queue_batches b ON b.id = e.batch_id`

async function entryRowsWhere(q: Q, where: SQL, tail: SQL = sql`ORDER BY e.id`): Promise<QueueEntryRow[]> {
  const res = await q.execute<RawEntry>(sql`${ENTRY_SELECT} WHERE ${where} ${tail}`)
  const names = await storeNames(q)
  return res.rows.map((r) => entryRow(r, names))
}

export async function entryRows(q: Q, ids: number[]): Promise<QueueEntryRow[]> {
  if (ids.length === 0) return []
  return entryRowsWhere(
    q,
    sql`e.id IN (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `
    )})`
  )
}

export const entriesForOrder = (q: Q, orderId: string) => entryRowsWhere(q, sql`e.order_id = ${orderId}`)

export function batchSummary(b: BatchRow, storeName: string, ok: number, errors: number): BatchSummary {
  return {
    id: b.id,
    storeId: b.storeId,
    storeName,
    kind: b.kind,
    feedType: b.feedType,
    state: b.state,
    feedDocumentId: b.feedDocumentId,
    feedId: b.feedId,
    processingStatus: b.processingStatus,
    messageCount: b.messageCount,
    okCount: ok,
    errorCount: errors,
    waitReason: b.waitReason,
    error: b.error,
    retryOf: null,
    createdAt: b.createdAt.toISOString(),
    submittedAt: iso(b.submittedAt),
    finishedAt: iso(b.finishedAt)
  }
}

export async function batchSummaries(q: Q, batches: BatchRow[]): Promise<BatchSummary[]> {
  if (batches.length === 0) return []
  const names = await storeNames(q)
  const counts = await q
    .select({
      batchId: teamQueueBatchEntries.batchId,
      ok: sql<number>`count(*) FILTER (WHERE ${teamQueueBatchEntries.result} IN ('ok', 'warning'))::int`,
      errors: sql<number>`count(*) FILTER (WHERE ${teamQueueBatchEntries.result} = 'error')::int`
    })
    .from(teamQueueBatchEntries)
    .where(
      inArray(
        teamQueueBatchEntries.batchId,
        batches.map((b) => b.id)
      )
    )
    .groupBy(teamQueueBatchEntries.batchId)
  const by = new Map(counts.map((c) => [c.batchId, c]))
  return batches.map((b) => batchSummary(b, names.get(b.storeId) ?? '', by.get(b.id)?.ok ?? 0, by.get(b.id)?.errors ?? 0))
}

/** The changes desktops pull when entries (and their orders) changed. */
export async function entryChanges(q: Q, ids: number[]): Promise<ChangeInput[]> {
  const rows = await entryRows(q, ids)
  const out: ChangeInput[] = rows.map((r) => ({ storeId: r.storeId, entity: 'queueEntry', key: String(r.id), op: 'upsert', data: r }))
  for (const orderId of new Set(rows.map((r) => r.orderId))) out.push(await orderChange(q, orderId))
  return out
}

export async function batchChanges(q: Q, ids: number[]): Promise<ChangeInput[]> {
  if (ids.length === 0) return []
  const rows = await q.select().from(teamQueueBatches).where(inArray(teamQueueBatches.id, ids))
  return (await batchSummaries(q, rows)).map((b) => ({
    storeId: b.storeId,
    entity: 'queueBatch',
    key: String(b.id),
    op: 'upsert',
    data: b
  }))
}

// ---------------------------------------------------------------------------- refund / cancel

/** Orders without Amazon's order item ids (a minimal record) cannot be refunded or cancelled yet. */
function requireItemIds(amazonOrderId: string, items: { orderItemId: string | null }[], what: 'refund' | 'cancel') {
  if (items.length === 0 || items.every((i) => !i.orderItemId))
    throw new AppError('VALIDATION', `Order ${amazonOrderId} has no Amazon order item ids yet: let the server sync orders, then ${what} it`)
}

/**
 * Issue a refund: per item, amounts by component, checked with `checkRefund` against what was paid
 * minus what is already refunded or queued — read under the order's row lock.
 */
export async function refundCommand(input: RefundInput, ctx: CommandContext): Promise<ActionResult> {
  const { tx, now } = ctx
  const o = await findOrder(tx, input.storeId, input.amazonOrderId, true)
  const items = await orderItemsOf(tx, o.id)
  requireItemIds(o.amazonOrderId, items, 'refund')
  const currency = o.currency ?? items.find((i) => i.currency)?.currency ?? null
  if (!currency) throw new AppError('VALIDATION', `Order ${o.amazonOrderId} has no currency yet: let the server sync orders first`)
  const fmt = (m: number) => `${formatMinor(m, currency)} ${currency}`
  const problems = checkRefund(items.map(itemMoneyOf), await committedRefunds(tx, o.id), input.lines, fmt)
  const hard = problems.filter((p) => !p.overRefund)
  if (hard.length) throw new AppError('VALIDATION', hard.map((p) => p.message).join('; '), { problems: hard })
  const over = problems.filter((p) => p.overRefund)
  if (over.length && !TEAM_STORE_SETTINGS.allowOverRefund) {
    throw new AppError(
      'CONFLICT',
      `Refused: more than was paid for order ${o.amazonOrderId} — ${over.map((p) => p.message).join('; ')}. Another refund of this order may have been queued meanwhile; look at the order again before refunding.`,
      { problems: over }
    )
  }
  const lines: RefundLine[] = input.lines.map((l) => ({
    orderItemId: l.orderItemId,
    sku: items.find((i) => i.orderItemId === l.orderItemId)!.sku,
    quantity: l.quantity,
    components: l.components.filter((c) => c.amountMinor > 0)
  }))
  const total = lines.reduce((a, l) => a + l.components.reduce((b, c) => b + c.amountMinor, 0), 0)
  const [e] = await tx
    .insert(teamQueueEntries)
    .values({
      storeId: o.storeId,
      orderId: o.id,
      kind: 'refund',
      status: 'queued',
      reason: input.reason,
      lines,
      currency,
      totalMinor: total,
      source: input.rmaId !== undefined ? 'rma' : 'order',
      rmaId: input.rmaId ?? null,
      note: input.note ?? null,
      commandId: ctx.commandId,
      createdBy: ctx.actor.name,
      createdAt: now,
      updatedAt: now
    })
    .returning()
  await addHistory(
    tx,
    o.id,
    'refund-requested',
    { code: 'refund-requested', params: { entryId: e!.id, amountMinor: total, currency, reason: input.reason } },
    ctx.actor.name,
    now
  )
  await ctx.record(await entryChanges(tx, [e!.id]))
  return { entry: (await entryRows(tx, [e!.id]))[0]!, batch: null, warnings: [] }
}

/**
 * Cancel an order (or some of its items): marks it at once so it cannot ship while the
 * cancellation waits; the queue releases it again when the cancellation is rejected or refused.
 */
export async function cancelCommand(
  input: CancelInput,
  ctx: CommandContext,
  origin: { source: 'order' | 'hold'; holdId?: number } = { source: 'order' }
): Promise<ActionResult> {
  const { tx, now } = ctx
  if (input.splitId !== undefined) throw new AppError('VALIDATION', 'Splits are not served by the team server yet; cancel whole items.')
  if (input.zeroOutInventory)
    throw new AppError('VALIDATION', 'The team server keeps no inventory: zeroing it out on cancel is not offered.')
  if (input.doNotSendToAmazon && !TEAM_STORE_SETTINGS.allowCancelWithoutAmazon)
    throw new AppError('VALIDATION', 'Cancelling without telling Amazon is not offered by the team server.')
  const o = await findOrder(tx, input.storeId, input.amazonOrderId, true)
  const items = await orderItemsOf(tx, o.id)
  requireItemIds(o.amazonOrderId, items, 'cancel')
  const money = items.map(itemMoneyOf)
  const blocked = cancelOrderProblem({ amazonOrderId: o.amazonOrderId, status: o.status, shippingStatus: o.shippingStatus }, money, true)
  if (blocked) throw new AppError('VALIDATION', blocked)
  // A cancellation already on its way for this order (another desktop's): refused, never doubled.
  const [live] = await tx
    .select({ id: teamQueueEntries.id })
    .from(teamQueueEntries)
    .where(
      and(
        eq(teamQueueEntries.orderId, o.id),
        eq(teamQueueEntries.kind, 'cancel'),
        inArray(teamQueueEntries.status, ['queued', 'batched', 'uncertain'])
      )
    )
  const planned = cancelLines(o.amazonOrderId, money, input.orderItemIds)
  if (planned.problem !== undefined) {
    throw new AppError(
      live ? 'CONFLICT' : 'VALIDATION',
      live ? `${planned.problem} (cancellation request #${live.id} is on its way)` : planned.problem
    )
  }
  const lines = planned.lines
  const [e] = await tx
    .insert(teamQueueEntries)
    .values({
      storeId: o.storeId,
      orderId: o.id,
      kind: 'cancel',
      status: 'queued',
      reason: input.reason,
      lines,
      currency: o.currency,
      totalMinor: null,
      source: origin.source,
      holdId: origin.holdId ?? null,
      note: input.note ?? null,
      commandId: ctx.commandId,
      createdBy: ctx.actor.name,
      createdAt: now,
      updatedAt: now
    })
    .returning()
  const left = unitsLeftToShip(money, lines)
  for (const l of lines)
    await tx
      .update(teamOrderItems)
      .set({ quantityCancelled: sql`least(${teamOrderItems.quantityOrdered}, ${teamOrderItems.quantityCancelled} + ${l.quantity})` })
      .where(and(eq(teamOrderItems.orderId, o.id), eq(teamOrderItems.orderItemId, l.orderItemId)))
  await tx
    .update(teamOrders)
    .set(left === 0 ? { cancelledAt: now, localStatus: LOCAL_CANCELLED, updatedAt: now } : { cancelledAt: now, updatedAt: now })
    .where(eq(teamOrders.id, o.id))
  const what = `${lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')} (${input.reason})`
  await addHistory(
    tx,
    o.id,
    'cancel-requested',
    {
      code: 'cancel-requested',
      params: {
        entryId: e!.id,
        lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        reason: input.reason,
        local: false,
        inventoryZeroed: false,
        left
      }
    },
    ctx.actor.name,
    now
  )
  await addNote(tx, o.id, `Do not ship — cancellation requested (request #${e!.id}), not yet confirmed by Amazon: ${what}`, 'system', now)
  if (input.note) await addNote(tx, o.id, input.note, 'user', now)
  await ctx.record(await entryChanges(tx, [e!.id]))
  return { entry: (await entryRows(tx, [e!.id]))[0]!, batch: null, warnings: [] }
}

/**
 * A cancellation that will not happen (rejected here, or refused by Amazon): its units become
 * cancellable again, and the order may ship unless another cancellation still stands; a hold it
 * came from opens again.
 */
export async function releaseCancel(tx: TeamTx, e: EntryRow, why: string, entry: HistoryEntry, now: Date): Promise<void> {
  for (const l of e.lines as CancelLine[])
    await tx
      .update(teamOrderItems)
      .set({ quantityCancelled: sql`greatest(0, ${teamOrderItems.quantityCancelled} - ${l.quantity})` })
      .where(and(eq(teamOrderItems.orderId, e.orderId), eq(teamOrderItems.orderItemId, l.orderItemId)))
  const [other] = await tx
    .select({ id: teamQueueEntries.id })
    .from(teamQueueEntries)
    .where(
      and(
        eq(teamQueueEntries.orderId, e.orderId),
        eq(teamQueueEntries.kind, 'cancel'),
        inArray(teamQueueEntries.status, ['queued', 'batched', 'done', 'uncertain', 'local']),
        sql`${teamQueueEntries.id} <> ${e.id}`
      )
    )
  if (!other) {
    const [o] = await tx.select().from(teamOrders).where(eq(teamOrders.id, e.orderId))
    await tx
      .update(teamOrders)
      .set({
        cancelledAt: null,
        localStatus: o?.localStatus === LOCAL_CANCELLED ? LOCAL_IN_PROCESS : (o?.localStatus ?? null),
        updatedAt: now
      })
      .where(eq(teamOrders.id, e.orderId))
  }
  if (e.holdId !== null)
    await tx
      .update(teamBuyerCancelRequests)
      .set({ status: 'open', decidedAt: null, decidedBy: null, updatedAt: now })
      .where(and(eq(teamBuyerCancelRequests.id, e.holdId), eq(teamBuyerCancelRequests.status, 'accepted')))
  await addNote(tx, e.orderId, `Cancellation request #${e.id} will not happen: ${why}`, 'system', now)
  await addHistory(tx, e.orderId, 'cancel-released', entry, null, now)
}

// ---------------------------------------------------------------------------- process / reject

type ProcessInput = z.output<(typeof contract)['queue.process']['input']>
type RejectInput = z.output<(typeof contract)['queue.reject']['input']>

function filterWhere(f: Pick<QueueFilter, 'storeId' | 'kind' | 'search'>, view: QueueFilter['view'] | null): SQL {
  const w: SQL[] = [sql`e.kind = ${f.kind}`]
  if (view && view !== 'all') w.push(ENTRY_VIEW[view])
  if (f.storeId) w.push(sql`e.store_id = ${f.storeId}`)
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    w.push(sql`(o.amazon_order_id ILIKE ${like} OR e.note ILIKE ${like} OR e.lines::text ILIKE ${like})`)
  }
  return sql.join(w, sql` AND `)
}

async function selectedIds(tx: TeamTx, kind: 'refund' | 'cancel', sel: ProcessInput['selection']): Promise<number[]> {
  if ('ids' in sel) return sel.ids
  if (sel.filter.kind !== kind) throw new AppError('VALIDATION', `The filter is for ${sel.filter.kind} entries, not ${kind}`)
  const res = await tx.execute<{ id: string }>(
    sql`SELECT e.id FROM team_queue_entries e JOIN team_orders o ON o.id = e.order_id LEFT JOIN team_queue_batches b ON b.id = e.batch_id WHERE ${filterWhere(sel.filter, sel.filter.view)}`
  )
  return res.rows.map((r) => Number(r.id))
}

/** Claims queued entries (conditional UPDATE: each entry into one batch only), one batch per store and feed document. */
export async function processCommand(
  input: ProcessInput,
  ctx: CommandContext
): Promise<z.output<(typeof contract)['queue.process']['output']>> {
  const { tx, now } = ctx
  const ids = await selectedIds(tx, input.kind, input.selection)
  if (ids.length === 0) return { batches: [], skipped: 0 }
  const claimed = await tx
    .update(teamQueueEntries)
    .set({ status: 'batched', updatedAt: now })
    .where(and(inArray(teamQueueEntries.id, ids), eq(teamQueueEntries.kind, input.kind), eq(teamQueueEntries.status, 'queued')))
    .returning()
  const byStore = new Map<string, EntryRow[]>()
  for (const e of claimed.sort((a, b) => a.id - b.id)) byStore.set(e.storeId, [...(byStore.get(e.storeId) ?? []), e])
  const batchIds: number[] = []
  for (const [storeId, entries] of byStore) {
    const [store] = await tx.select().from(teamStores).where(eq(teamStores.id, storeId))
    if (!store?.sellerId)
      throw new AppError('VALIDATION', `Team store ${storeId} has no seller id: an admin sets it (stores add … --seller-id)`)
    const orders = await tx
      .select({ id: teamOrders.id, amazonOrderId: teamOrders.amazonOrderId })
      .from(teamOrders)
      .where(inArray(teamOrders.id, [...new Set(entries.map((e) => e.orderId))]))
    const amazon = new Map(orders.map((o) => [o.id, o.amazonOrderId]))
    const docs = buildFeedDocuments(
      input.kind,
      store.sellerId,
      entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        amazonOrderId: amazon.get(e.orderId)!,
        reason: e.reason,
        currency: e.currency,
        lines: e.lines
      }))
    )
    for (const d of docs) {
      const [b] = await tx
        .insert(teamQueueBatches)
        .values({
          storeId,
          kind: input.kind,
          feedType: FEED_TYPES[input.kind],
          state: 'open',
          content: d.content,
          contentBytes: d.bytes,
          messageCount: d.entries.length,
          createdAt: now,
          updatedAt: now
        })
        .returning()
      await tx
        .insert(teamQueueBatchEntries)
        .values(d.entries.map((x) => ({ batchId: b!.id, entryId: x.entryId, messageId: x.messageId, result: 'pending' as const })))
      await tx
        .update(teamQueueEntries)
        .set({ batchId: b!.id })
        .where(
          inArray(
            teamQueueEntries.id,
            d.entries.map((x) => x.entryId)
          )
        )
      batchIds.push(b!.id)
    }
  }
  await ctx.record([
    ...(await entryChanges(
      tx,
      claimed.map((e) => e.id)
    )),
    ...(await batchChanges(tx, batchIds))
  ])
  const batches = batchIds.length
    ? await tx.select().from(teamQueueBatches).where(inArray(teamQueueBatches.id, batchIds)).orderBy(asc(teamQueueBatches.id))
    : []
  return { batches: await batchSummaries(tx, batches), skipped: ids.length - claimed.length }
}

export async function rejectCommand(input: RejectInput, ctx: CommandContext): Promise<{ rejected: number }> {
  const { tx, now } = ctx
  const ids = await selectedIds(tx, input.kind, input.selection)
  if (ids.length === 0) return { rejected: 0 }
  const rejected = await tx
    .update(teamQueueEntries)
    .set({ status: 'rejected', rejectReason: input.reason, updatedAt: now })
    .where(and(inArray(teamQueueEntries.id, ids), eq(teamQueueEntries.kind, input.kind), eq(teamQueueEntries.status, 'queued')))
    .returning()
  for (const e of rejected) {
    if (e.kind === 'cancel')
      await releaseCancel(
        tx,
        e,
        `rejected by ${ctx.actor.name}: ${input.reason}`,
        { code: 'request-rejected', params: { kind: 'cancel', entryId: e.id, reason: input.reason, by: ctx.actor.name } },
        now
      )
    else
      await addHistory(
        tx,
        e.orderId,
        'refund-rejected',
        { code: 'request-rejected', params: { kind: 'refund', entryId: e.id, reason: input.reason } },
        ctx.actor.name,
        now
      )
  }
  await ctx.record(
    await entryChanges(
      tx,
      rejected.map((e) => e.id)
    )
  )
  return { rejected: rejected.length }
}

// ---------------------------------------------------------------------------- reads

type ListInput = z.output<(typeof contract)['queue.list']['input']>
type ListOutput = z.output<(typeof contract)['queue.list']['output']>

export async function listQueue(db: TeamDb, q: ListInput): Promise<ListOutput> {
  const base = filterWhere(q, null)
  const where = filterWhere(q, q.view)
  const FROM = sql`FROM team_queue_entries e JOIN team_orders o ON o.id = e.order_id LEFT JOIN team_queue_batches b ON b.id = e.batch_id`
  const views = Object.keys(ENTRY_VIEW) as (keyof typeof ENTRY_VIEW)[]
  const c = await db.execute<Record<string, number>>(
    sql`SELECT count(*)::int AS "all", ${sql.join(
      views.map((v) => sql`(count(*) FILTER (WHERE ${ENTRY_VIEW[v]}))::int AS ${sql.identifier(v)}`),
      sql`, `
    )} ${FROM} WHERE ${base}`
  )
  const counts = c.rows[0]!
  const t = await db.execute<{ total: number }>(sql`SELECT count(*)::int AS total ${FROM} WHERE ${where}`)
  const totals = await db.execute<{ currency: string; amount: string }>(
    sql`SELECT e.currency, sum(e.total_minor)::bigint AS amount ${FROM} WHERE ${where} AND e.kind = 'refund' AND e.currency IS NOT NULL GROUP BY e.currency ORDER BY e.currency`
  )
  const rows = await entryRowsWhere(db, where, sql`ORDER BY e.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`)
  return {
    rows,
    total: t.rows[0]!.total,
    totals: totals.rows.map((r) => ({ currency: r.currency, amountMinor: Number(r.amount) })),
    counts: {
      queued: counts.queued ?? 0,
      sending: counts.sending ?? 0,
      sent: counts.sent ?? 0,
      failed: counts.failed ?? 0,
      rejected: counts.rejected ?? 0,
      local: counts.local ?? 0,
      all: counts.all ?? 0
    }
  }
}

type BatchesInput = z.output<(typeof contract)['queue.batches']['input']>

export async function listBatches(db: TeamDb, q: BatchesInput): Promise<z.output<(typeof contract)['queue.batches']['output']>> {
  const where = q.storeId ? eq(teamQueueBatches.storeId, q.storeId) : undefined
  const [total] = await db.select({ n: count() }).from(teamQueueBatches).where(where)
  const rows = await db
    .select()
    .from(teamQueueBatches)
    .where(where)
    .orderBy(desc(teamQueueBatches.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
  return { rows: await batchSummaries(db, rows), total: total?.n ?? 0 }
}
