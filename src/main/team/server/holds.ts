/**
 * Buyer-cancellation holds on the team server: `holds.list`, `holds.accept`, `holds.decline`.
 *
 * A hold is decided once: the request row is locked (`SELECT … FOR UPDATE`) and must still be
 * open, so two desktops deciding the same hold at once are decided one after the other and the
 * second is refused with who decided it and when. Accept cancels through the queue's cancel path
 * (./queue.ts `cancelCommand`, reason BuyerCanceled) in the same transaction; only the server's
 * submitter sends it to Amazon.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { HoldRow, contract } from '../../../shared/contract'
import { entryProgress, type QueueEntryStatus } from '../../../shared/contract/orders'
import { AppError } from '../../errors'
import { LOCAL_IN_PROCESS, LOCAL_ON_HOLD, acceptBlocker } from '../../orders/buyer-cancel-rules'
import type { TeamDb, TeamTx } from '../pg/db'
import { teamBuyerCancelRequests, teamOrderItems, teamOrders, teamQueueBatches, teamQueueEntries } from '../pg/schema'
import type { CommandContext } from './ledger'
import { addHistory, addNote, orderChange, storeNames } from './orders'
import { cancelCommand } from './queue'

type Q = TeamDb | TeamTx
type HoldDb = typeof teamBuyerCancelRequests.$inferSelect
type ListInput = z.output<(typeof contract)['holds.list']['input']>
type ListOutput = z.output<(typeof contract)['holds.list']['output']>

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null)

async function holdRows(q: Q, holds: HoldDb[]): Promise<HoldRow[]> {
  if (holds.length === 0) return []
  const names = await storeNames(q)
  const orderIds = [...new Set(holds.map((h) => h.orderId))]
  const orders = new Map((await q.select().from(teamOrders).where(inArray(teamOrders.id, orderIds))).map((o) => [o.id, o]))
  const items = await q
    .select()
    .from(teamOrderItems)
    .where(inArray(teamOrderItems.orderId, orderIds))
    .orderBy(asc(teamOrderItems.orderItemId))
  const entryIds = holds.flatMap((h) => (h.queueEntryId !== null ? [h.queueEntryId] : []))
  const entries = new Map(
    (entryIds.length
      ? await q
          .select({
            id: teamQueueEntries.id,
            status: teamQueueEntries.status,
            batchId: teamQueueEntries.batchId,
            message: teamQueueEntries.resultMessage,
            feedId: teamQueueBatches.feedId
          })
          .from(teamQueueEntries)
          .leftJoin(teamQueueBatches, eq(teamQueueBatches.id, teamQueueEntries.batchId))
          .where(inArray(teamQueueEntries.id, entryIds))
      : []
    ).map((e) => [e.id, e])
  )
  return holds.map((h) => {
    const o = orders.get(h.orderId)!
    const wanted = new Set(h.orderItemIds)
    const own = items.filter((i) => i.orderId === h.orderId)
    const chosen = wanted.size > 0 ? own.filter((i) => i.orderItemId && wanted.has(i.orderItemId)) : own
    const e = h.queueEntryId !== null ? entries.get(h.queueEntryId) : undefined
    return {
      id: h.id,
      storeId: h.storeId,
      storeName: names.get(h.storeId) ?? '',
      orderId: h.orderId,
      amazonOrderId: o.amazonOrderId,
      items: chosen.map((i) => ({ orderItemId: i.orderItemId ?? '', sku: i.sku, title: i.title, quantity: i.quantityOrdered })),
      reason: h.reason,
      requestedAt: h.requestedAt.toISOString(),
      dueAt: h.dueAt.toISOString(),
      status: h.status,
      source: h.source,
      orderStatus: o.status,
      shippingStatus: o.shippingStatus,
      localStatus: o.localStatus,
      decidedAt: iso(h.decidedAt),
      decisionNote: h.decisionNote,
      queueEntryId: h.queueEntryId,
      queueEntryStatus: e?.status ?? null,
      cancellation: e
        ? {
            progress: entryProgress(e.status as QueueEntryStatus, e.feedId ?? null),
            batchId: e.batchId,
            feedId: e.feedId ?? null,
            message: e.message
          }
        : null
    }
  })
}

export async function listHolds(db: TeamDb, q: ListInput): Promise<ListOutput> {
  const store = q.storeId ? [eq(teamBuyerCancelRequests.storeId, q.storeId)] : []
  const view: Record<ListInput['view'], SQL | undefined> = {
    open: eq(teamBuyerCancelRequests.status, 'open'),
    'follow-up': and(eq(teamBuyerCancelRequests.status, 'follow-up'), sql`${teamBuyerCancelRequests.decidedAt} IS NULL`),
    decided: inArray(teamBuyerCancelRequests.status, ['accepted', 'declined']),
    all: undefined
  }
  const rows = await db
    .select()
    .from(teamBuyerCancelRequests)
    .where(and(...store, view[q.view]))
    .orderBy(asc(teamBuyerCancelRequests.dueAt), asc(teamBuyerCancelRequests.id))
  const c = await db
    .select({
      open: sql<number>`(count(*) FILTER (WHERE status = 'open'))::int`,
      followUp: sql<number>`(count(*) FILTER (WHERE status = 'follow-up' AND decided_at IS NULL))::int`,
      decided: sql<number>`(count(*) FILTER (WHERE status IN ('accepted', 'declined')))::int`
    })
    .from(teamBuyerCancelRequests)
    .where(and(...store))
  return { rows: await holdRows(db, rows), counts: c[0] ?? { open: 0, followUp: 0, decided: 0 } }
}

/** The hold, locked for this transaction, and still open (else refused: decided once). */
async function openHold(tx: TeamTx, id: number): Promise<{ h: HoldDb; o: typeof teamOrders.$inferSelect }> {
  const [h] = await tx.select().from(teamBuyerCancelRequests).where(eq(teamBuyerCancelRequests.id, id)).for('update')
  if (!h) throw new AppError('NOT_FOUND', `No buyer cancellation request #${id}`)
  const [o] = await tx.select().from(teamOrders).where(eq(teamOrders.id, h.orderId))
  if (h.status !== 'open') {
    const what =
      h.status === 'follow-up'
        ? 'is a follow-up (the order had already shipped), not a hold'
        : `was already ${h.status}${h.decidedBy ? ` by ${h.decidedBy}` : ''}${h.decidedAt ? ` at ${h.decidedAt.toISOString()}` : ''}`
    throw new AppError('CONFLICT', `The cancellation request for order ${o?.amazonOrderId ?? h.orderId} ${what}`)
  }
  return { h, o: o! }
}

async function holdChanges(ctx: CommandContext, h: HoldDb): Promise<void> {
  const [row] = await holdRows(ctx.tx, [h])
  await ctx.record([
    { storeId: h.storeId, entity: 'hold', key: String(h.id), op: 'upsert', data: row },
    await orderChange(ctx.tx, h.orderId)
  ])
}

export async function acceptHold(input: { id: number; note?: string }, ctx: CommandContext): Promise<HoldRow> {
  const { tx, now } = ctx
  const { h, o } = await openHold(tx, input.id)
  const blocker = acceptBlocker({ shippingStatus: o.shippingStatus, cancelledAt: o.cancelledAt?.toISOString() ?? null, status: o.status })
  if (blocker) throw new AppError('CONFLICT', `Order ${o.amazonOrderId} can't be cancelled: ${blocker}.`)
  const result = await cancelCommand(
    {
      storeId: h.storeId,
      amazonOrderId: o.amazonOrderId,
      reason: 'BuyerCanceled',
      ...(h.orderItemIds.length > 0 ? { orderItemIds: h.orderItemIds } : {}),
      zeroOutInventory: false,
      doNotSendToAmazon: false,
      ...(input.note ? { note: input.note } : {})
    },
    ctx,
    { source: 'hold', holdId: h.id }
  )
  const [updated] = await tx
    .update(teamBuyerCancelRequests)
    .set({
      status: 'accepted',
      decidedAt: now,
      decidedBy: ctx.actor.name,
      decisionNote: input.note ?? null,
      queueEntryId: result.entry.id,
      updatedAt: now
    })
    .where(and(eq(teamBuyerCancelRequests.id, h.id), eq(teamBuyerCancelRequests.status, 'open')))
    .returning()
  await addHistory(
    tx,
    o.id,
    'buyer-cancel-accepted',
    { code: 'hold-accepted', params: { entryId: result.entry.id, reason: 'BuyerCanceled', note: input.note ?? null } },
    ctx.actor.name,
    now
  )
  await holdChanges(ctx, updated!)
  return (await holdRows(tx, [updated!]))[0]!
}

export async function declineHold(input: { id: number; note: string }, ctx: CommandContext): Promise<HoldRow> {
  const { tx, now } = ctx
  const { h, o } = await openHold(tx, input.id)
  const [updated] = await tx
    .update(teamBuyerCancelRequests)
    .set({ status: 'declined', decidedAt: now, decidedBy: ctx.actor.name, decisionNote: input.note, updatedAt: now })
    .where(and(eq(teamBuyerCancelRequests.id, h.id), eq(teamBuyerCancelRequests.status, 'open')))
    .returning()
  await tx
    .update(teamOrders)
    .set({ localStatus: LOCAL_IN_PROCESS, updatedAt: now })
    .where(and(eq(teamOrders.id, o.id), eq(teamOrders.localStatus, LOCAL_ON_HOLD)))
  await addNote(tx, o.id, `Buyer cancellation request declined: ${input.note}`, 'user', now)
  await addHistory(tx, o.id, 'buyer-cancel-declined', { code: 'hold-declined', params: { note: input.note } }, ctx.actor.name, now)
  await holdChanges(ctx, updated!)
  return (await holdRows(tx, [updated!]))[0]!
}
