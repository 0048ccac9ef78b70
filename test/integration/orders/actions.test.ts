/**
 * Order actions through the real dispatch, against the SP-API emulator: refund with the
 * over-refund guard, cancel with zero-out and do-not-send, split then cancel, the order marked
 * unshippable and released again when a queued cancellation is rejected.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { setupQueue } from '../queue/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
async function setup() {
  const q = await setupQueue()
  cleanups.push(q.close)
  const call = async (channel: string, input: unknown) => {
    const r = await q.t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as never
  }
  return { ...q, call }
}

describe('order actions', () => {
  it('refund: goes out at once with the queue off, counts as refunded, and the guard stops a second full refund', async () => {
    const q = await setup()
    const o = q.shipped[0]!
    const item = o.items[0]!
    const ref = { storeId: q.store.id, amazonOrderId: o.id }
    const before = (await q.call('orders.get', ref)) as { items: { orderItemId: string; refundableMinor: Record<string, number> }[] }
    expect(before.items[0]!.refundableMinor.Principal).toBe(item.priceMinor)
    const r = (await q.call('orders.refund', {
      ...ref,
      reason: 'CustomerReturn',
      lines: [
        {
          orderItemId: item.orderItemId,
          quantity: 1,
          components: [
            { type: 'Principal', amountMinor: item.priceMinor },
            { type: 'Tax', amountMinor: item.taxMinor }
          ]
        }
      ]
    })) as {
      entry: { id: number; status: string; totalMinor: number }
      batch: { id: number } | null
    }
    expect(r.entry.totalMinor).toBe(item.priceMinor + item.taxMinor)
    expect(r.batch).not.toBeNull()
    await q.settle([r.batch!.id])
    expect(q.s.queue.entry(r.entry.id).status).toBe('done')
    const after = (await q.call('orders.get', ref)) as {
      items: { refundedMinor: Record<string, number>; refundableMinor: Record<string, number> }[]
      history: { event: string }[]
    }
    expect(after.items[0]!.refundedMinor).toEqual({ Principal: item.priceMinor, Tax: item.taxMinor })
    expect(after.items[0]!.refundableMinor.Principal).toBe(0)
    expect(after.history.map((h) => h.event)).toEqual(expect.arrayContaining(['refund-requested', 'refund-confirmed']))
    // The same refund again is more than was paid: refused, nothing queued.
    const again = {
      ...ref,
      reason: 'CustomerReturn',
      lines: [{ orderItemId: item.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: 100 }] }]
    }
    await expect(q.call('orders.refund', again)).rejects.toThrow(/More than was paid.*Allow to over-refund/)
    // With "Allow to over-refund" on it goes through with a warning.
    q.s.stores.updateSettings(q.store.id, { allowOverRefund: true, queueRefundsAndCancellations: true })
    const warned = (await q.call('orders.refund', again)) as { warnings: string[]; entry: { status: string }; batch: unknown }
    expect(warned.warnings[0]).toMatch(/Over-refund/)
    expect(warned.entry.status).toBe('queued')
    expect(warned.batch).toBeNull()
  })

  it('refund of an unshipped item is refused: cancel it instead', async () => {
    const q = await setup()
    const o = q.unshipped[0]!
    await expect(
      q.call('orders.refund', {
        storeId: q.store.id,
        amazonOrderId: o.id,
        reason: 'CustomerReturn',
        lines: [{ orderItemId: o.items[0]!.orderItemId, quantity: 1, components: [{ type: 'Principal', amountMinor: 1 }] }]
      })
    ).rejects.toThrow(/not shipped.*cancel/)
  })

  it('cancel marks the order unshippable; a rejected cancellation releases it', async () => {
    const q = await setup()
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const ref = { storeId: q.store.id, amazonOrderId: q.unshipped[0]!.id }
    const r = (await q.call('orders.cancel', { ...ref, reason: 'NoInventory' })) as {
      entry: { id: number; status: string; lines: unknown[] }
    }
    expect(r.entry.status).toBe('queued')
    expect(r.entry.lines).toHaveLength(q.unshipped[0]!.items.length)
    let d = (await q.call('orders.get', ref)) as { order: { canShip: boolean; localStatus: string } }
    expect(d.order).toMatchObject({ canShip: false, localStatus: 'Cancelled' })
    expect(q.s.orders.shippable(q.store.id).some((x) => x.amazonOrderId === ref.amazonOrderId)).toBe(false)
    await q.call('queue.reject', { kind: 'cancel', selection: { ids: [r.entry.id] }, reason: 'customer changed mind' })
    d = (await q.call('orders.get', ref)) as { order: { canShip: boolean; localStatus: string } }
    expect(d.order).toMatchObject({ canShip: true, localStatus: 'In Process' })
    // Shipped orders can't be cancelled.
    await expect(q.call('orders.cancel', { storeId: q.store.id, amazonOrderId: q.shipped[0]!.id, reason: 'NoInventory' })).rejects.toThrow(
      /shipped.*refund instead/
    )
  })

  it('zero out inventory and do-not-send follow the store settings', async () => {
    const q = await setup()
    const o = q.unshipped[0]!
    const ref = { storeId: q.store.id, amazonOrderId: o.id }
    await expect(q.call('orders.cancel', { ...ref, reason: 'NoInventory', zeroOutInventory: true })).rejects.toThrow(
      /does not allow zeroing out/
    )
    await expect(q.call('orders.cancel', { ...ref, reason: 'NoInventory', doNotSendToAmazon: true })).rejects.toThrow(
      /does not allow cancelling without telling Amazon/
    )
    q.s.stores.updateSettings(q.store.id, { allowZeroInventoryOnCancel: true, allowCancelWithoutAmazon: true })
    await expect(q.call('orders.cancel', { ...ref, reason: 'CustomerExchange', zeroOutInventory: true })).rejects.toThrow(/No Stock/)
    const r = (await q.call('orders.cancel', { ...ref, reason: 'NoInventory', zeroOutInventory: true, doNotSendToAmazon: true })) as {
      entry: { status: string }
      batch: unknown
    }
    expect(r.entry.status).toBe('local')
    expect(r.batch).toBeNull()
    const d = (await q.call('orders.get', ref)) as { order: { canShip: boolean }; items: { physicalQuantity: number | null }[] }
    expect(d.order.canShip).toBe(false)
    expect(d.items.every((i) => i.physicalQuantity === 0)).toBe(true)
    expect(q.emu.createdFeeds()).toHaveLength(0)
  })

  it('split, then cancel the split; a split holding only part of an item is refused', async () => {
    const q = await setup()
    // A local order with two items, 3 and 1 units, not shipped.
    const orderId = randomUUID()
    const now = new Date().toISOString()
    q.s.sqlite
      .prepare(
        "INSERT INTO orders (id, store_id, amazon_order_id, status, local_status, shipping_status, currency, is_minimal, created_at, updated_at) VALUES (?, ?, '112-0000001-0000001', 'Unshipped', 'In Process', 'Unshipped', 'USD', 0, ?, ?)"
      )
      .run(orderId, q.store.id, now, now)
    const ins = q.s.sqlite.prepare(
      'INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor) VALUES (?, ?, ?, ?, ?, 0, ?, ?)'
    )
    ins.run(randomUUID(), orderId, '11111111111111', 'MUG-A', 3, 'USD', 3000)
    ins.run(randomUUID(), orderId, '22222222222222', 'MUG-B', 1, 'USD', 1000)
    const ref = { storeId: q.store.id, amazonOrderId: '112-0000001-0000001' }
    await expect(q.call('orders.split', { ...ref, lines: [{ orderItemId: '11111111111111', quantity: 4 }] })).rejects.toThrow(
      /3 can be split off/
    )
    let d = (await q.call('orders.split', { ...ref, lines: [{ orderItemId: '22222222222222', quantity: 1 }] })) as {
      splits: { id: number; seq: number; status: string }[]
    }
    expect(d.splits).toMatchObject([{ seq: 1, status: 'open' }])
    d = (await q.call('orders.split', { ...ref, lines: [{ orderItemId: '11111111111111', quantity: 1 }] })) as typeof d
    const [whole, partial] = d.splits
    await expect(q.call('orders.cancel', { ...ref, reason: 'NoInventory', splitId: partial!.id })).rejects.toThrow(
      /Amazon cancels whole order items/
    )
    q.s.stores.updateSettings(q.store.id, { queueRefundsAndCancellations: true })
    const r = (await q.call('orders.cancel', { ...ref, reason: 'NoInventory', splitId: whole!.id })) as {
      entry: { lines: { orderItemId: string; quantity: number }[] }
    }
    expect(r.entry.lines).toEqual([{ orderItemId: '22222222222222', sku: 'MUG-B', quantity: 1 }])
    d = (await q.call('orders.get', ref)) as typeof d
    expect(d.splits.find((s) => s.id === whole!.id)!.status).toBe('cancel-pending')
  })
})
