/**
 * Issue #22 on a real SQLite file: every order-report layout the importer accepts gives the order
 * a status the hold rules use (a buyer's cancellation request holds it and `orders shippable`
 * leaves it out); item statuses of the all-orders report (Shipped, Unshipped, Pending, Cancelled)
 * set shipped/cancelled quantities, what is refundable and the order's status; the shippable list
 * counts every item; the marketplace comes from `sales-channel`.
 */
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { OrderImportSummary } from '../../../src/shared/contract'
import { makeServices, validStore } from '../../helpers/services'

const F = (n: string) => resolve(__dirname, '../../fixtures/orders', n)
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup() {
  const t = makeServices({ now: '2026-11-22T10:00:00.000Z' })
  cleanups.push(t.close)
  const store = await t.services.stores.create({
    ...validStore,
    secrets: { lwaClientSecret: 'amzn1.oa2-cs.v1.abcdefabcdef', refreshToken: 'Atzr|abcdefabcdef' }
  })
  const imp = async (file: string) => {
    const f = t.services.files.register(F(file))
    const r = await t.dispatch('orders.import', { storeId: store.id, fileId: f.id })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.data as OrderImportSummary
  }
  const q = <T>(sql: string, ...p: unknown[]) => t.services.sqlite.prepare(sql).all(...p) as T[]
  const order = (id: string) =>
    q<{
      id: string
      status: string | null
      shipping_status: string
      local_status: string | null
      marketplace_id: string | null
      cancelled_at: string | null
    }>('SELECT * FROM orders WHERE amazon_order_id = ?', id)[0]!
  const shippable = () => t.services.orders.shippable(store.id)
  return { t, store, imp, q, order, shippable }
}

describe('buyer cancellation in every accepted layout', () => {
  it('order report (with prices): the flagged order is held and not shippable; the others are', async () => {
    const { imp, order, shippable, q } = await setup()
    const s = await imp('order-report-with-cancel.tsv')
    expect(s).toMatchObject({
      format: 'order-report',
      rows: 5,
      inserted: 3,
      held: 1,
      flagged: 0,
      committed: true,
      cancelColumnsMissing: null
    })
    expect(order('121-1111111-1111111')).toMatchObject({ status: 'Unshipped', shipping_status: 'Unshipped', local_status: 'On Hold' })
    expect(q('SELECT status, reason FROM buyer_cancel_requests')).toEqual([{ status: 'open', reason: 'Order Created By Mistake' }])
    const list = shippable()
    expect(list.map((o) => o.amazonOrderId).sort()).toEqual(['122-2222222-2222222', '303-3333333-3333333'])
    // Several items per order are counted (the count compared two columns of order_items before).
    expect(Object.fromEntries(list.map((o) => [o.amazonOrderId, o.itemCount]))).toEqual({
      '122-2222222-2222222': 3,
      '303-3333333-3333333': 1
    })
  })

  it('order report: sales-channel sets the marketplace', async () => {
    const { imp, order } = await setup()
    await imp('order-report-with-cancel.tsv')
    expect(order('122-2222222-2222222').marketplace_id).toBe('ATVPDKIKX0DER')
    expect(order('303-3333333-3333333').marketplace_id).toBe('A1PA6795UKMFR9')
  })

  it('unshipped-orders report: the flagged orders are held and not shippable', async () => {
    const { imp, order, shippable } = await setup()
    const s = await imp('unshipped-with-cancel.tsv')
    expect(s).toMatchObject({ format: 'unshipped-orders', held: 2 })
    expect(order('112-2222222-2222222')).toMatchObject({ local_status: 'On Hold', marketplace_id: 'ATVPDKIKX0DER' })
    expect(shippable().map((o) => o.amazonOrderId)).toEqual(['111-0687106-4490606'])
  })

  it('all-orders report with the cancel columns: Unshipped and Pending flagged orders are held and not shippable', async () => {
    const { imp, order, shippable } = await setup()
    const s = await imp('all-orders-with-cancel.tsv')
    expect(s).toMatchObject({ format: 'all-orders', held: 2, flagged: 0, committed: true })
    expect(order('131-1111111-1111111')).toMatchObject({ status: 'Unshipped', local_status: 'On Hold' })
    expect(order('132-2222222-2222222')).toMatchObject({ status: 'Pending', local_status: 'On Hold' })
    expect(shippable()).toEqual([])
  })
})

describe('all-orders item statuses', () => {
  it('maps Shipped, Unshipped, Pending and Cancelled items: quantities, refundable amount, order status', async () => {
    const { t, store, imp, order, q } = await setup()
    const s = await imp('all-orders-item-statuses.tsv')
    expect(s).toMatchObject({ format: 'all-orders', rows: 6, inserted: 5, committed: true, rejectedCount: 0 })
    const items = (id: string) =>
      q<{ sku: string; quantity_ordered: number; quantity_shipped: number; quantity_cancelled: number }>(
        'SELECT i.sku, i.quantity_ordered, i.quantity_shipped, i.quantity_cancelled FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.amazon_order_id = ? ORDER BY i.sku',
        id
      )
    const refundable = (id: string) =>
      Object.fromEntries(
        t.services.orderActions.get({ storeId: store.id, amazonOrderId: id }).items.map((i) => [i.sku, i.refundableMinor.Total])
      )

    // Shipped item + Cancelled item in a Shipped order.
    expect(items('141-1111111-1111111')).toEqual([
      { sku: 'MUG-11OZ-WHT', quantity_ordered: 2, quantity_shipped: 2, quantity_cancelled: 0 },
      { sku: 'MUG-15OZ-BLK', quantity_ordered: 1, quantity_shipped: 0, quantity_cancelled: 1 }
    ])
    expect(order('141-1111111-1111111')).toMatchObject({ status: 'Shipped', shipping_status: 'Shipped', local_status: 'Completed' })
    expect(refundable('141-1111111-1111111')).toEqual({ 'MUG-11OZ-WHT': 2598 + 214, 'MUG-15OZ-BLK': 0 })

    // Unshipped.
    expect(items('142-2222222-2222222')).toEqual([{ sku: 'MUG-11OZ-WHT', quantity_ordered: 1, quantity_shipped: 0, quantity_cancelled: 0 }])
    expect(order('142-2222222-2222222')).toMatchObject({
      status: 'Unshipped',
      shipping_status: 'Unshipped',
      local_status: 'In Process',
      cancelled_at: null
    })
    expect(refundable('142-2222222-2222222')).toEqual({ 'MUG-11OZ-WHT': 1299 + 107 })

    // Pending: not shipped, not cancelled, not shippable yet.
    expect(items('143-3333333-3333333')).toEqual([{ sku: 'MUG-11OZ-WHT', quantity_ordered: 1, quantity_shipped: 0, quantity_cancelled: 0 }])
    expect(order('143-3333333-3333333')).toMatchObject({ status: 'Pending', shipping_status: 'Unshipped', cancelled_at: null })
    expect(refundable('143-3333333-3333333')).toEqual({ 'MUG-11OZ-WHT': 1299 + 107 })

    // Cancelled order, cancelled item: nothing to refund, not live.
    expect(items('144-4444444-4444444')).toEqual([{ sku: 'NECK-925-16', quantity_ordered: 1, quantity_shipped: 0, quantity_cancelled: 1 }])
    expect(order('144-4444444-4444444')).toMatchObject({ status: 'Canceled', local_status: 'Cancelled' })
    expect(refundable('144-4444444-4444444')).toEqual({ 'NECK-925-16': 0 })

    // Every item cancelled while the order column still says Pending: the order is cancelled.
    expect(items('145-5555555-5555555')).toEqual([{ sku: 'NECK-925-16', quantity_ordered: 1, quantity_shipped: 0, quantity_cancelled: 1 }])
    expect(order('145-5555555-5555555')).toMatchObject({ status: 'Canceled', local_status: 'Cancelled' })
    expect(refundable('145-5555555-5555555')).toEqual({ 'NECK-925-16': 0 })

    const shippable = t.services.orders.shippable(store.id).map((o) => o.amazonOrderId)
    expect(shippable).toEqual(['142-2222222-2222222'])
  })

  it('rejects an item status it does not know, naming line and column', async () => {
    const { t, store } = await setup()
    const { writeFileSync, mkdtempSync, readFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(resolve(tmpdir(), 'sbo-items-'))
    const file = resolve(dir, 'bad.tsv')
    writeFileSync(file, readFileSync(F('all-orders-item-statuses.tsv'), 'utf8').replace('\tUnshipped\t1\tUSD', '\tBackordered\t1\tUSD'))
    const f = t.services.files.register(file)
    const r = await t.dispatch('orders.import', { storeId: store.id, fileId: f.id })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    const s = r.data as OrderImportSummary
    expect(s.committed).toBe(false)
    expect(s.rejected).toEqual([
      { line: 4, column: 'item-status', reason: '"Backordered" is not an item status (expected Shipped, Unshipped, Pending or Cancelled)' }
    ])
  })
})

describe('a report never moves an order back', () => {
  it('an order report read after the order was partly shipped keeps PartiallyShipped', async () => {
    const { t, imp, order } = await setup()
    await imp('order-report-with-cancel.tsv')
    t.services.sqlite.prepare("UPDATE orders SET status = 'PartiallyShipped' WHERE amazon_order_id = '122-2222222-2222222'").run()
    t.services.sqlite.prepare("UPDATE order_items SET quantity_shipped = 1 WHERE order_item_id = '52027839536457'").run()
    const s = await imp('order-report-with-cancel.tsv')
    expect(s).toMatchObject({ committed: true })
    expect(order('122-2222222-2222222')).toMatchObject({ status: 'PartiallyShipped', shipping_status: 'PartiallyShipped' })
  })
})
