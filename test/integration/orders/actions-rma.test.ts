/**
 * RMA "Issue refund" through the order actions, on a real SQLite file (queue on: no network):
 * one refund entry and the RMA Refunded in the same transaction; a refund already made for the
 * RMA from the order page blocks a second one; a refused refund leaves the RMA untouched.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RmaDetail } from '../../../src/shared/contract/rmas'
import { makeServices, validStore } from '../../helpers/services'

let t: ReturnType<typeof makeServices>
let storeId: string

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await t.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
  return r.data as T
}
const entries = () => t.services.sqlite.prepare("SELECT count(*) FROM queue_entries WHERE kind = 'refund'").pluck().get() as number

async function rmaOnShippedOrder(qty: number) {
  await call('rmas.import', { storeId, fileId: t.services.files.register(join(__dirname, '../../fixtures/rmas/mfn-returns.tsv')).id })
  const list = await call<{ rows: { id: number }[] }>('rmas.list', { storeId, rmaNumber: 'DfqRyqfBRRMA' })
  const d = await call<RmaDetail>('rmas.get', { id: list.rows[0]!.id })
  // What order sync fills in: shipped, the item with its Amazon id and line prices.
  t.services.sqlite
    .prepare("UPDATE orders SET status = 'Shipped', shipping_status = 'Shipped', currency = 'USD', is_minimal = 0 WHERE id = ?")
    .run(d.orderId)
  t.services.sqlite
    .prepare(
      "INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, '11111111111111', 'NECK-925-16', ?, ?, 'USD', ?, ?)"
    )
    .run(`${d.orderId}-1`, d.orderId, qty, qty, 2999 * qty, 247 * qty)
  return d
}

beforeEach(async () => {
  t = makeServices()
  storeId = (await t.services.stores.create(validStore)).id
  t.services.stores.updateSettings(storeId, { queueRefundsAndCancellations: true })
})
afterEach(() => t.close())

describe('RMA issue refund', () => {
  it('creates exactly one queued entry; the second click is refused', async () => {
    const d = await rmaOnShippedOrder(3)
    const d1 = await call<RmaDetail>('rmas.issueRefund', { id: d.id })
    expect(d1.status).toBe('Refunded')
    // One of three units: a third of the line, rounded down.
    expect(d1.refunds).toMatchObject([{ status: 'queued', rmaId: d.id, source: 'rma', totalMinor: 2999 + 247 }])
    expect(d1.history.at(-1)).toMatchObject({
      event: 'refund-requested',
      toStatus: 'Refunded',
      detail: `refund request #${d1.refunds[0]!.id} (added to the refund queue)`
    })
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(entries()).toBe(1)
    const order = await call<{ history: { event: string }[]; queueEntries: { id: number }[] }>('orders.get', {
      storeId,
      amazonOrderId: d.amazonOrderId
    })
    expect(order.queueEntries.map((e) => e.id)).toEqual([d1.refunds[0]!.id])
    expect(order.history.map((h) => h.event)).toContain('refund-requested')
  })

  it('a refund for the RMA already made from the order page blocks it', async () => {
    const d = await rmaOnShippedOrder(1)
    await call('orders.refund', {
      storeId,
      amazonOrderId: d.amazonOrderId,
      reason: 'CustomerReturn',
      rmaId: d.id,
      lines: [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor: 500 }] }]
    })
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toThrow(/already requested/)
    expect((await call<RmaDetail>('rmas.get', { id: d.id })).status).toBe('Open')
    expect(entries()).toBe(1)
  })

  it('a refund the over-refund guard stops leaves the RMA Open, with no history and no entry', async () => {
    const d = await rmaOnShippedOrder(1)
    // Everything was refunded from the order page already (not for this RMA).
    await call('orders.refund', {
      storeId,
      amazonOrderId: d.amazonOrderId,
      reason: 'GeneralAdjustment',
      lines: [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor: 2999 }] }]
    })
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toThrow(
      /More than was paid.*NECK-925-16 Principal: paid 29.99 USD, already refunded or queued 29.99 USD, requested 29.99 USD/
    )
    const after = await call<RmaDetail>('rmas.get', { id: d.id })
    expect(after.status).toBe('Open')
    expect(after.history.map((h) => h.event)).toEqual(['created'])
    expect(after.refunds).toEqual([])
    expect(entries()).toBe(1)
  })
})

describe('RMA issue refund after the queue', () => {
  it('a rejected refund (never sent) may be issued again; while one is live or failed it may not', async () => {
    const d = await rmaOnShippedOrder(1)
    const d1 = await call<RmaDetail>('rmas.issueRefund', { id: d.id })
    await call('queue.reject', { kind: 'refund', selection: { ids: [d1.refunds[0]!.id] }, reason: 'wrong amount' })
    const d2 = await call<RmaDetail>('rmas.issueRefund', { id: d.id })
    expect(d2.status).toBe('Refunded')
    expect(d2.refunds.map((e) => e.status)).toEqual(['rejected', 'queued'])
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toThrow(/already requested/)
    // A failed entry is retried from the queue, never replaced by a new one.
    t.services.sqlite.prepare("UPDATE queue_entries SET status = 'failed' WHERE id = ?").run(d2.refunds[1]!.id)
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toThrow(/failed at Amazon: retry it from the queue/)
    expect(entries()).toBe(2)
  })
})
