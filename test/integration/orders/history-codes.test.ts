/**
 * The order history as data (issue 7): refund, cancel, reject, hold and RMA actions write each
 * history line with its code and parameters (money in minor units + currency, ids, reason codes,
 * ISO instants) next to its English sentence — on a real SQLite file, order sync and the queue
 * against the SP-API emulator over real HTTP. The order page's read (`orders.get`) carries them.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { OrderDetail } from '../../../src/shared/contract/orders'
import type { RmaDetail } from '../../../src/shared/contract/rmas'
import { historyEnglish, type HistoryEntry } from '../../../src/shared/order-history'
import { ORDER_SYNC_JOB } from '../../../src/main/orders/sync.job'
import { setupQueue } from '../queue/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

type Q = Awaited<ReturnType<typeof setupQueue>>
async function setup(): Promise<Q> {
  const q = await setupQueue()
  cleanups.push(q.close)
  return q
}
async function call<T>(q: Q, channel: string, input: unknown): Promise<T> {
  const r = await q.t.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
  return r.data as T
}
const history = (q: Q, amazonOrderId: string) =>
  call<OrderDetail>(q, 'orders.get', { storeId: q.store.id, amazonOrderId }).then((d) => d.history)
const last = async (q: Q, amazonOrderId: string, event: string) => (await history(q, amazonOrderId)).filter((h) => h.event === event).at(-1)
/** Every line has a code and params, and its English sentence is the one its code + params make. */
async function allStructured(q: Q, amazonOrderId: string) {
  for (const h of await history(q, amazonOrderId)) {
    expect(h.code, `${h.event}: ${h.detail}`).toBeTruthy()
    expect(h.params, h.event).not.toBeNull()
    expect(h.detail).toBe(historyEnglish({ code: h.code, params: h.params } as HistoryEntry))
  }
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

describe('order history lines carry a code and params', () => {
  it('refund from the order page, then rejected', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const o = q.shipped[0]!
    const i = o.items[0]!
    const r = await call<{ entry: { id: number } }>(q, 'orders.refund', {
      storeId: q.store.id,
      amazonOrderId: o.id,
      reason: 'CustomerReturn',
      lines: [{ orderItemId: i.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: 250 }] }]
    })
    expect(await last(q, o.id, 'refund-requested')).toMatchObject({
      code: 'refund-requested',
      params: { entryId: r.entry.id, amountMinor: 250, currency: o.currency, reason: 'CustomerReturn' }
    })
    await call(q, 'queue.reject', { kind: 'refund', selection: { ids: [r.entry.id] }, reason: 'asked twice' })
    expect(await last(q, o.id, 'refund-rejected')).toMatchObject({
      code: 'request-rejected',
      params: { kind: 'refund', entryId: r.entry.id, reason: 'asked twice' }
    })
    await allStructured(q, o.id)
  })

  it('cancel from the order page, sent to Amazon and confirmed', async () => {
    const q = await setup()
    const o = q.unshipped[0]!
    const r = await call<{ entry: { id: number }; batch: { id: number } | null }>(q, 'orders.cancel', {
      storeId: q.store.id,
      amazonOrderId: o.id,
      reason: 'NoInventory'
    })
    expect(await last(q, o.id, 'cancel-requested')).toMatchObject({
      code: 'cancel-requested',
      params: {
        entryId: r.entry.id,
        reason: 'NoInventory',
        local: false,
        inventoryZeroed: false,
        left: 0,
        lines: o.items.map((x) => ({ sku: x.sku, quantity: x.quantity }))
      }
    })
    await q.settle([r.batch!.id])
    const confirmed = await last(q, o.id, 'cancel-confirmed')
    expect(confirmed).toMatchObject({ code: 'batch-result', params: { batchId: r.batch!.id } })
    expect(confirmed!.params!.feedId).toEqual(expect.any(String))
    await allStructured(q, o.id)
  })

  it('a buyer-cancel hold, accepted', async () => {
    const q = await setup()
    q.s.sqlite.prepare('DELETE FROM orders').run()
    await q.s.scheduler.runNow(ORDER_SYNC_JOB, q.store.id)
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const h = q.s.holds.list({ view: 'open' }).rows[0]!
    const held = await last(q, h.amazonOrderId, 'buyer-cancel-hold')
    expect(held).toMatchObject({ code: 'hold' })
    expect(held!.params!.dueAt).toMatch(ISO)
    const accepted = q.s.holds.accept(h.id, 'buyer asked twice')
    expect(await last(q, h.amazonOrderId, 'buyer-cancel-accepted')).toMatchObject({
      code: 'hold-accepted',
      params: { entryId: accepted.queueEntryId, reason: 'BuyerCanceled', note: 'buyer asked twice' }
    })
    expect(await last(q, h.amazonOrderId, 'cancel-requested')).toMatchObject({
      code: 'cancel-requested',
      params: { entryId: accepted.queueEntryId, reason: 'BuyerCanceled' }
    })
    const created = (await history(q, h.amazonOrderId))[0]!
    expect(created).toMatchObject({ event: 'created', code: 'synced', params: {} })
    await allStructured(q, h.amazonOrderId)
  })

  it('an RMA refund, and the minimal orders an RMA import creates', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    await call(q, 'rmas.import', {
      storeId: q.store.id,
      fileId: q.s.files.register(join(__dirname, '../../fixtures/rmas/mfn-returns.tsv')).id
    })
    const list = await call<{ rows: { id: number }[] }>(q, 'rmas.list', { storeId: q.store.id, rmaNumber: 'DfqRyqfBRRMA' })
    const d = await call<RmaDetail>(q, 'rmas.get', { id: list.rows[0]!.id })
    expect((await history(q, d.amazonOrderId))[0]).toMatchObject({ event: 'created', code: 'minimal', params: {} })
    q.s.sqlite
      .prepare("UPDATE orders SET status = 'Shipped', shipping_status = 'Shipped', currency = 'USD', is_minimal = 0 WHERE id = ?")
      .run(d.orderId)
    q.s.sqlite
      .prepare(
        "INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, '11111111111111', 'NECK-925-16', 1, 1, 'USD', 2999, 247)"
      )
      .run(`${d.orderId}-1`, d.orderId)
    const refunded = await call<RmaDetail>(q, 'rmas.issueRefund', { id: d.id })
    expect(await last(q, d.amazonOrderId, 'refund-requested')).toMatchObject({
      code: 'refund-requested',
      params: { entryId: refunded.refunds[0]!.id, amountMinor: 2999 + 247, currency: 'USD' }
    })
    await allStructured(q, d.amazonOrderId)
  })
})
