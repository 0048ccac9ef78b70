/**
 * Never twice, across machines — the team server's queue on a real PostgreSQL against the SP-API
 * emulator: two desktops refunding the same order at once (one applied, one refused, one refund at
 * Amazon), a resent command (a duplicate, nothing new), a stale lease holder (fenced off), holds
 * decided once, and order sync from the Orders API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, count, eq } from 'drizzle-orm'
import { teamBuyerCancelRequests, teamLeases, teamOrders, teamQueueBatches, teamQueueEntries } from '../../../src/main/team/pg/schema'
import { upsertTeamOrder } from '../../../src/main/team/server/orders'
import { fromApi } from '../../../src/main/orders/sync.job'
import { listQueue } from '../../../src/main/team/server/queue'
import { LeaseLost } from '../../../src/main/team/server/submitter'
import { ordersQueueDomain } from '../../../src/main/team/server/submitter'
import { contract } from '../../../src/shared/contract'
import { SELLER } from '../amazon/helpers'
import { setupTeamQueue, STORE, submitterFor } from './queue-helpers'

let t: Awaited<ReturnType<typeof setupTeamQueue>>
beforeAll(async () => {
  t = await setupTeamQueue()
  await t.sync()
}, 120_000)
afterAll(async () => t?.close())

const entriesOf = async (amazonOrderId: string) => {
  const [o] = await t.db.select().from(teamOrders).where(eq(teamOrders.amazonOrderId, amazonOrderId))
  return t.db.select().from(teamQueueEntries).where(eq(teamQueueEntries.orderId, o!.id))
}

describe('team queue on PostgreSQL', () => {
  it("syncs the store's orders from the Orders API, and serves them in the contract's shapes", async () => {
    const [n] = await t.db.select({ n: count() }).from(teamOrders).where(eq(teamOrders.storeId, STORE))
    expect(n!.n).toBeGreaterThan(0)
    const list = await ordersQueueDomain.reads['orders.list']({ storeId: STORE, page: 1, pageSize: 5 }, { db: t.db })
    expect(contract['orders.list'].output.safeParse(list).success).toBe(true)
    const detail = await ordersQueueDomain.reads['orders.get']({ storeId: STORE, amazonOrderId: t.shipped[0]!.id }, { db: t.db })
    const parsed = contract['orders.get'].output.safeParse(detail)
    expect(parsed.success, JSON.stringify(parsed.error)).toBe(true)
    // A second sync changes nothing.
    const again = await t.sync()
    expect(again.inserted + again.updated).toBe(0)
  })

  it('two desktops refunding the same order at once: one applied, one refused; Amazon gets one refund', async () => {
    const order = t.shipped[0]!
    const input = t.refundInput(order)
    const outcomes = await Promise.all([t.send(t.alice, 'orders.refund', input), t.send(t.bob, 'orders.refund', input)])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['applied', 'refused'])
    const refused = outcomes.find((o) => o.status === 'refused')!
    expect(refused.error).toMatchObject({ code: 'CONFLICT' })
    expect(refused.error!.message).toMatch(/more than was paid/)
    expect(await entriesOf(order.id)).toHaveLength(1)

    const processed = await t.send(t.alice, 'queue.process', {
      kind: 'refund',
      selection: { filter: { kind: 'refund', view: 'queued', storeId: STORE } }
    })
    expect(processed.status).toBe('applied')
    const sub = submitterFor(t.db, t.factory)
    await sub.settle({ deadlineMs: 120_000 })
    const [entry] = await entriesOf(order.id)
    expect(entry!.status).toBe('done')
    expect(t.received(order.id)).toBe(1)
    expect(t.emu.refunds({ orderId: order.id })).toHaveLength(order.items.length)
    const q = await listQueue(t.db, { kind: 'refund', view: 'sent', page: 1, pageSize: 50 })
    expect(contract['queue.list'].output.safeParse(q).success).toBe(true)
    expect(q.rows.map((r) => r.amazonOrderId)).toContain(order.id)
    // The order history as data on the server too (issue 7): code + params, the actor apart.
    const d = await ordersQueueDomain.reads['orders.get']({ storeId: STORE, amazonOrderId: order.id }, { db: t.db })
    const requested = d.history.find((h) => h.event === 'refund-requested')!
    expect(requested).toMatchObject({ code: 'refund-requested', params: { entryId: entry!.id, amountMinor: entry!.totalMinor } })
    expect(requested.actor).toEqual(expect.any(String))
    expect(d.history.find((h) => h.event === 'refund-confirmed')).toMatchObject({
      code: 'batch-result',
      params: { batchId: entry!.batchId }
    })
  }, 180_000)

  it('a resent command answers its stored outcome and adds nothing', async () => {
    const order = t.shipped[1]!
    const input = t.refundInput(order)
    const first = await t.send(t.alice, 'orders.refund', input)
    expect(first).toMatchObject({ status: 'applied', duplicate: false })
    const again = await t.send(t.alice, 'orders.refund', input, first.id)
    expect(again).toMatchObject({ status: 'applied', duplicate: true })
    expect(again.result).toEqual(first.result)
    expect(await entriesOf(order.id)).toHaveLength(1)
  })

  it('fences a stale lease holder: its writes change nothing and it stops', async () => {
    // A batch to drive.
    const order = t.shipped[2]!
    const queued = await t.send(t.alice, 'orders.refund', t.refundInput(order))
    expect(queued.status).toBe('applied')
    const entryId = (queued.result as { entry: { id: number } }).entry.id
    const processed = await t.send(t.alice, 'queue.process', { kind: 'refund', selection: { ids: [entryId] } })
    const batchId = (processed.result as { batches: { id: number }[] }).batches[0]!.id
    const a = submitterFor(t.db, t.factory, { holder: 'server-a', leaseMs: 60_000 })
    const b = submitterFor(t.db, t.factory, { holder: 'server-b', leaseMs: 60_000 })
    const leaseA = (await a.takeLease(STORE, 'POST_PAYMENT_ADJUSTMENT_DATA'))!
    expect(leaseA).not.toBeNull()
    expect(await a.claim(leaseA, batchId)).toBe(true)
    // B cannot take a live lease.
    expect(await b.takeLease(STORE, 'POST_PAYMENT_ADJUSTMENT_DATA')).toBeNull()
    // A pauses (a GC pause, a frozen VM) past its lease; B takes over with the next token.
    await t.db
      .update(teamLeases)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(teamLeases.storeId, STORE))
    const leaseB = (await b.takeLease(STORE, 'POST_PAYMENT_ADJUSTMENT_DATA'))!
    expect(leaseB.token).toBe(leaseA.token + 1)
    // Before B even claimed the batch, A's write is refused (the lease row carries B's token).
    await expect(a.setBatch(leaseA, batchId, { state: 'submitting', submitMark: new Date() })).rejects.toBeInstanceOf(LeaseLost)
    expect(await b.claim(leaseB, batchId)).toBe(true)
    await expect(a.setBatch(leaseA, batchId, { state: 'submitting', submitMark: new Date() })).rejects.toBeInstanceOf(LeaseLost)
    await expect(a.renew(leaseA)).rejects.toBeInstanceOf(LeaseLost)
    // A drive by A stops at once without touching the batch or Amazon.
    const feedsBefore = t.emu.createdFeeds().length
    await expect(a.drive(leaseA, batchId)).rejects.toBeInstanceOf(LeaseLost)
    const [row] = await t.db.select().from(teamQueueBatches).where(eq(teamQueueBatches.id, batchId))
    expect(row).toMatchObject({ state: 'open', leaseToken: leaseB.token, submitMark: null })
    expect(t.emu.createdFeeds().length).toBe(feedsBefore)
    // B finishes it: Amazon receives it once.
    await b.release(leaseB)
    await b.settle({ deadlineMs: 120_000 })
    expect(t.received(order.id)).toBe(1)
  }, 180_000)

  it('decides a hold once: accept and decline at once → one applied, the other refused', async () => {
    const order = t.unshipped[0]!
    const client = await t.factory.forStore(STORE)
    const api = await client.getOrder(order.id)
    const items = await client.getOrderItems(order.id)
    const flagged = items.map((i) => ({
      ...i,
      BuyerRequestedCancel: { IsBuyerRequestedCancel: 'true', BuyerCancelReason: 'changed mind' }
    }))
    await t.db.transaction((tx) => upsertTeamOrder(tx, STORE, fromApi(api!, flagged), new Date()))
    const list = await ordersQueueDomain.reads['holds.list']({ storeId: STORE, view: 'open' }, { db: t.db })
    expect(contract['holds.list'].output.safeParse(list).success).toBe(true)
    const hold = (list as { rows: { id: number; amazonOrderId: string }[] }).rows.find((r) => r.amazonOrderId === order.id)!
    const [acc, dec] = await Promise.all([
      t.send(t.alice, 'holds.accept', { id: hold.id, note: 'ok' }),
      t.send(t.bob, 'holds.decline', { id: hold.id, note: 'already packed' })
    ])
    expect([acc.status, dec.status].sort()).toEqual(['applied', 'refused'])
    const loser = acc.status === 'refused' ? acc : dec
    expect(loser.error).toMatchObject({ code: 'CONFLICT' })
    expect(loser.error!.message).toMatch(/was already (accepted|declined) by (alice|bob)/)
    const again = await t.send(t.alice, 'holds.accept', { id: hold.id })
    expect(again).toMatchObject({ status: 'refused', error: { code: 'CONFLICT' } })
    const [h] = await t.db.select().from(teamBuyerCancelRequests).where(eq(teamBuyerCancelRequests.id, hold.id))
    const cancels = await t.db
      .select()
      .from(teamQueueEntries)
      .where(and(eq(teamQueueEntries.kind, 'cancel'), eq(teamQueueEntries.holdId, hold.id)))
    expect(cancels).toHaveLength(h!.status === 'accepted' ? 1 : 0)
  })

  it("an accepted hold's cancellation goes out through the submitter: Amazon cancels those items once", async () => {
    const list = (await ordersQueueDomain.reads['holds.list']({ storeId: STORE, view: 'open' }, { db: t.db })) as {
      rows: { id: number; amazonOrderId: string }[]
    }
    const hold = list.rows[0]!
    expect(hold, 'order sync put orders with a buyer-cancel request On Hold').toBeDefined()
    const order = t.emu.seller(SELLER.sellerId).orders.find((o) => o.id === hold.amazonOrderId)!
    const accepted = await t.send(t.alice, 'holds.accept', { id: hold.id })
    expect(accepted.status).toBe('applied')
    const cancels = await t.db
      .select()
      .from(teamQueueEntries)
      .where(and(eq(teamQueueEntries.kind, 'cancel'), eq(teamQueueEntries.holdId, hold.id)))
    expect(cancels).toHaveLength(1)
    const processed = await t.send(t.bob, 'queue.process', { kind: 'cancel', selection: { ids: [cancels[0]!.id] } })
    expect(processed.status).toBe('applied')
    await submitterFor(t.db, t.factory).settle({ deadlineMs: 120_000 })
    const [done] = await t.db.select().from(teamQueueEntries).where(eq(teamQueueEntries.id, cancels[0]!.id))
    expect(done!.status).toBe('done')
    expect(t.received(order.id)).toBe(1)
    // The hold names the items the buyer asked to cancel; Amazon cancels exactly those.
    expect(t.emu.cancellations({ orderId: order.id })).toHaveLength(cancels[0]!.lines.length)
    const [o] = await t.db.select().from(teamOrders).where(eq(teamOrders.amazonOrderId, order.id))
    expect(o!.localStatus).not.toBe('On Hold')
  }, 180_000)
})
