/**
 * Partial cancels and minimal orders, on a real SQLite file with the queue on (no network): a
 * partial cancel holds the order back until Amazon answers (kept local, the rest ships at once),
 * a partly shipped order is never cancelled at Amazon (it would refund the whole order), a split
 * whose items were cancelled another way is refused, a minimal order can be neither refunded nor
 * cancelled.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { makeServices, validStore } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

type Detail = {
  notes: { text: string; source: string }[]
  order: { canShip: boolean; localStatus: string | null; cancelledAt: string | null }
  splits: { id: number; status: string }[]
  items: { orderItemId: string; quantityCancelled: number }[]
  history: { event: string; detail: string | null }[]
}

async function setup() {
  const t = makeServices()
  cleanups.push(t.close)
  const store = await t.services.stores.create(validStore)
  t.services.stores.updateSettings(store.id, { queueRefundsAndCancellations: true })
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const addOrder = (
    amazonOrderId: string,
    items: { id: string | null; sku: string; qty: number; shipped?: number }[],
    o: { minimal?: boolean } = {}
  ) => {
    const id = randomUUID()
    const now = '2026-11-22T09:00:00.000Z'
    t.services.sqlite
      .prepare(
        "INSERT INTO orders (id, store_id, amazon_order_id, status, local_status, shipping_status, currency, is_minimal, created_at, updated_at) VALUES (?, ?, ?, 'Unshipped', 'In Process', 'Unshipped', 'USD', ?, ?, ?)"
      )
      .run(id, store.id, amazonOrderId, o.minimal ? 1 : 0, now, now)
    const ins = t.services.sqlite.prepare(
      'INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    for (const i of items) ins.run(randomUUID(), id, i.id, i.sku, i.qty, i.shipped ?? 0, 'USD', 1000 * i.qty, 80 * i.qty)
    return { storeId: store.id, amazonOrderId }
  }
  return { t, store, call, addOrder }
}

describe('partial cancels', () => {
  it('a split cancel holds the order back (not Cancelled) until Amazon answers; cancelling what is left marks it cancelled', async () => {
    const { call, addOrder, t } = await setup()
    const ref = addOrder('113-0000001-0000001', [
      { id: '11111111111111', sku: 'MUG-A', qty: 2 },
      { id: '22222222222222', sku: 'MUG-B', qty: 1 }
    ])
    const s = await call<Detail>('orders.split', { ...ref, lines: [{ orderItemId: '22222222222222', quantity: 1 }] })
    await call('orders.cancel', { ...ref, reason: 'NoInventory', splitId: s.splits[0]!.id })
    let d = await call<Detail>('orders.get', ref)
    // A shipment confirmed before Amazon gets the cancellation would refund the entire order.
    expect(d.order).toMatchObject({ canShip: false, localStatus: 'In Process' })
    expect(d.order.cancelledAt).not.toBeNull()
    expect(d.items.map((i) => i.quantityCancelled)).toEqual([0, 1])
    expect(d.history.at(-1)!.detail).toMatch(/2 unit\(s\) left to ship once Amazon confirms/)
    expect(d.notes).toMatchObject([
      {
        source: 'system',
        text: expect.stringMatching(
          /^Do not ship — cancellation requested \(request #\d+\), not yet confirmed by Amazon: 1 × MUG-B \(NoInventory\)$/
        )
      }
    ])
    expect(t.services.orders.shippable(ref.storeId).map((o) => o.amazonOrderId)).not.toContain(ref.amazonOrderId)
    // The default cancellation takes what is left (MUG-A), not MUG-B a second time.
    const r = await call<{ entry: { lines: { orderItemId: string; quantity: number }[] } }>('orders.cancel', {
      ...ref,
      reason: 'NoInventory'
    })
    expect(r.entry.lines).toMatchObject([{ orderItemId: '11111111111111', quantity: 2 }])
    d = await call<Detail>('orders.get', ref)
    expect(d.order).toMatchObject({ canShip: false, localStatus: 'Cancelled' })
    expect(t.services.orders.shippable(ref.storeId).map((o) => o.amazonOrderId)).not.toContain(ref.amazonOrderId)
    await expect(call('orders.cancel', { ...ref, reason: 'NoInventory' })).rejects.toThrow(/no unshipped item left to cancel/)
  })

  it('a split whose items were cancelled another way is refused (never cancelled twice)', async () => {
    const { call, addOrder, t } = await setup()
    const ref = addOrder('113-0000002-0000002', [
      { id: '11111111111111', sku: 'MUG-A', qty: 2 },
      { id: '22222222222222', sku: 'MUG-B', qty: 1 }
    ])
    const s = await call<Detail>('orders.split', { ...ref, lines: [{ orderItemId: '22222222222222', quantity: 1 }] })
    await call('orders.cancel', { ...ref, reason: 'NoInventory', orderItemIds: ['22222222222222'] })
    await expect(call('orders.cancel', { ...ref, reason: 'NoInventory', splitId: s.splits[0]!.id })).rejects.toThrow(
      /MUG-B has nothing left to cancel/
    )
    const n = (t.services.sqlite.prepare("SELECT count(*) AS n FROM queue_entries WHERE kind = 'cancel'").get() as { n: number }).n
    expect(n).toBe(1)
  })

  it('a partly shipped order is never cancelled at Amazon; kept local, the rest stays shippable', async () => {
    const { call, addOrder, t, store } = await setup()
    const ref = addOrder('113-0000003-0000003', [
      { id: '11111111111111', sku: 'MUG-A', qty: 2, shipped: 1 },
      { id: '22222222222222', sku: 'MUG-B', qty: 2 }
    ])
    await expect(call('orders.cancel', { ...ref, reason: 'NoInventory' })).rejects.toThrow(
      /partly shipped \(MUG-A\): a cancellation sent to Amazon now would refund the entire order/
    )
    const s = await call<Detail>('orders.split', { ...ref, lines: [{ orderItemId: '22222222222222', quantity: 2 }] })
    await expect(call('orders.cancel', { ...ref, reason: 'NoInventory', splitId: s.splits[0]!.id })).rejects.toThrow(
      /would refund the entire order/
    )
    expect(t.services.sqlite.prepare('SELECT count(*) FROM queue_entries').pluck().get()).toBe(0)
    // Cancelled here only (store allows it): nothing goes to Amazon, the rest of MUG-A still ships.
    t.services.stores.updateSettings(store.id, { allowCancelWithoutAmazon: true })
    const r = await call<{ entry: { status: string; lines: { orderItemId: string }[] } }>('orders.cancel', {
      ...ref,
      reason: 'NoInventory',
      doNotSendToAmazon: true
    })
    expect(r.entry).toMatchObject({ status: 'local', lines: [{ orderItemId: '22222222222222' }] })
    const d = await call<Detail>('orders.get', ref)
    expect(d.order).toMatchObject({ canShip: true, localStatus: 'In Process', cancelledAt: null })
    expect(d.splits[0]!.status).toBe('open')
  })

  it('a minimal order (no Amazon order item ids) can be neither refunded nor cancelled: sync first', async () => {
    const { call, addOrder } = await setup()
    const ref = addOrder('113-0000005-0000005', [{ id: null, sku: 'MUG-A', qty: 1, shipped: 1 }], { minimal: true })
    await expect(
      call('orders.refund', {
        ...ref,
        reason: 'CustomerReturn',
        lines: [{ orderItemId: '11111111111111', quantity: 1, components: [{ type: 'Principal', amountMinor: 100 }] }]
      })
    ).rejects.toThrow(/no Amazon order item ids yet \(only a minimal record is known\): sync orders or import the order report first/)
    await expect(call('orders.cancel', { ...ref, reason: 'NoInventory' })).rejects.toThrow(/sync orders or import the order report first/)
  })
})

describe('orders list', () => {
  it('searches by order id or SKU, filters by store and status (Amazon or local), pages, flags holds', async () => {
    const { call, addOrder, t, store } = await setup()
    addOrder('113-0000011-0000011', [{ id: '11111111111111', sku: 'MUG-A', qty: 1 }])
    addOrder('113-0000012-0000012', [{ id: '22222222222222', sku: 'LAMP_1%', qty: 1 }])
    t.services.sqlite.prepare("UPDATE orders SET local_status = 'On Hold' WHERE amazon_order_id = '113-0000012-0000012'").run()
    type List = { rows: { amazonOrderId: string; storeName: string; onHold: boolean; itemCount: number }[]; total: number }
    const all = await call<List>('orders.list', { storeId: store.id })
    expect(all.total).toBe(2)
    expect(all.rows.every((r) => r.storeName === validStore.name && r.itemCount === 1)).toBe(true)
    expect((await call<List>('orders.list', { search: 'MUG' })).rows.map((r) => r.amazonOrderId)).toEqual(['113-0000011-0000011'])
    expect((await call<List>('orders.list', { search: '0000012' })).rows).toMatchObject([
      { amazonOrderId: '113-0000012-0000012', onHold: true }
    ])
    // LIKE wildcards in the search are literal.
    expect((await call<List>('orders.list', { search: '1%' })).rows.map((r) => r.amazonOrderId)).toEqual(['113-0000012-0000012'])
    expect((await call<List>('orders.list', { status: 'On Hold' })).total).toBe(1)
    expect((await call<List>('orders.list', { status: 'Unshipped' })).total).toBe(2)
    const page2 = await call<List>('orders.list', { page: 2, pageSize: 1 })
    expect(page2).toMatchObject({ total: 2 })
    expect(page2.rows).toHaveLength(1)
  })
})
