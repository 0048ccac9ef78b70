/**
 * Statuses never run ahead of Amazon (issue 12 §2), against the SP-API emulator over real HTTP on
 * a real SQLite file: an RMA is "Refunded" only once the processing report confirmed its refund
 * (until then "Refund queued" / "being sent" / "sent" with its batch); the queue's Sent count
 * holds only entries Amazon received, entries waiting for the network have their own count.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { SELLER } from '../amazon/helpers'
import { setupQueue } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup() {
  const q = await setupQueue()
  cleanups.push(q.close)
  q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
  return q
}

/** An RMA on a shipped emulator order (what a returns report import makes), all its items returned. */
function rmaFor(q: Awaited<ReturnType<typeof setup>>, i: number): number {
  const order = q.shipped[i]!
  const orderId = (q.s.sqlite.prepare('SELECT id FROM orders WHERE amazon_order_id = ?').get(order.id) as { id: string }).id
  const now = new Date().toISOString()
  const r = q.s.sqlite
    .prepare(
      `INSERT INTO rmas (store_id, order_id, amazon_order_id, order_source_rma_id, status, resolution, return_request_status, source, currency, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'Received', 'StandardRefund', 'Approved', 'manual', ?, ?, ?)`
    )
    .run(q.store.id, orderId, order.id, `RMA-${randomUUID().slice(0, 8)}`, order.currency, now, now)
  const rmaId = Number(r.lastInsertRowid)
  for (const it of order.items) {
    q.s.sqlite
      .prepare('INSERT INTO rma_items (rma_id, sku, source_sku, quantity, received_quantity) VALUES (?, ?, ?, ?, ?)')
      .run(rmaId, it.sku, it.sku, it.quantityShipped, it.quantityShipped)
  }
  return rmaId
}

describe('statuses that never run ahead of Amazon', () => {
  it('an RMA shows Refund queued, then being sent (network down), then Refunded only after the processing report', async () => {
    const q = await setup()
    const rmaId = rmaFor(q, 0)
    const d = q.s.rmas.issueRefund(rmaId)
    const entryId = d.refunds[0]!.id
    expect(d.displayStatus).toBe('RefundQueued')
    expect(d.refund).toMatchObject({ progress: 'queued', entryId, batchId: null })
    expect(q.s.rmas.list({ storeId: q.store.id, status: 'Refunded', page: 1, pageSize: 50, sortBy: 'id', sortDir: 'desc' }).total).toBe(0)
    expect(
      q.s.rmas
        .list({ storeId: q.store.id, status: 'RefundPending', page: 1, pageSize: 50, sortBy: 'id', sortDir: 'desc' })
        .rows.map((r) => r.id)
    ).toEqual([rmaId])

    // Processed while Amazon can't be reached: in a batch, not received by Amazon.
    await q.emu.stop()
    const { batches } = q.s.queue.process('refund', { ids: [entryId] })
    const batchId = batches[0]!.id
    await q.engine.kick()
    const waiting = q.s.rmas.get(rmaId)
    expect(waiting.displayStatus).toBe('RefundSending')
    expect(waiting.refund).toMatchObject({ progress: 'sending', batchId, feedId: null })
    const counts = q.s.queue.list({ kind: 'refund', view: 'sent', storeId: q.store.id, page: 1, pageSize: 50 })
    expect(counts.counts).toMatchObject({ queued: 0, sending: 1, sent: 0, all: 1 })
    expect(counts.rows).toEqual([])
    const sendingRows = q.s.queue.list({ kind: 'refund', view: 'sending', storeId: q.store.id, page: 1, pageSize: 50 }).rows
    expect(sendingRows.map((r) => [r.id, r.progress, r.batchId, r.feedId])).toEqual([[entryId, 'sending', batchId, null]])

    await q.emu.start()
    await q.settle([batchId])
    const done = q.s.rmas.get(rmaId)
    expect(q.s.queue.entry(entryId).status).toBe('done')
    expect(done.displayStatus).toBe('Refunded')
    expect(done.refund!.feedId).toMatch(/\S/)
    const after = q.s.queue.list({ kind: 'refund', view: 'sent', storeId: q.store.id, page: 1, pageSize: 50 })
    expect(after.counts).toMatchObject({ sending: 0, sent: 1 })
    expect(after.rows.map((r) => [r.id, r.progress])).toEqual([[entryId, 'done']])
    expect(
      q.s.rmas.list({ storeId: q.store.id, status: 'Refunded', page: 1, pageSize: 50, sortBy: 'id', sortDir: 'desc' }).rows.map((r) => r.id)
    ).toEqual([rmaId])
  })

  it('a refund Amazon refuses leaves the RMA "Refund failed", never Refunded', async () => {
    const q = await setup()
    const rmaId = rmaFor(q, 1)
    const d = q.s.rmas.issueRefund(rmaId)
    // Amazon refuses a refund of an order that is not shipped (as far as Amazon knows).
    q.emu.seller(SELLER.sellerId).orders.find((o) => o.id === q.shipped[1]!.id)!.status = 'Unshipped'
    const { batches } = q.s.queue.process('refund', { ids: [d.refunds[0]!.id] })
    await q.settle([batches[0]!.id])
    expect(q.s.queue.entry(d.refunds[0]!.id).status).toBe('failed')
    const r = q.s.rmas.get(rmaId)
    expect(r.displayStatus).toBe('RefundFailed')
    expect(r.refund).toMatchObject({ progress: 'failed', batchId: batches[0]!.id })
    expect(r.refund!.message).toMatch(/only shipped orders can be refunded/)
  })
})
