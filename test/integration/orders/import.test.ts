/**
 * Order report import on a real SQLite file: holds (Unshipped + In Process only), reason in the
 * notes, shipped orders flagged not held, idempotent re-import, all-or-nothing with bad rows,
 * preview = import without writing, missing cancel columns explained; the CLI over the same code.
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
  const imp = async (file: string, commit = true) => {
    const f = t.services.files.register(F(file))
    const r = await t.dispatch(commit ? 'orders.import' : 'orders.previewImport', { storeId: store.id, fileId: f.id })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.data as OrderImportSummary
  }
  const q = <T>(sql: string, ...p: unknown[]) => t.services.sqlite.prepare(sql).all(...p) as T[]
  const order = (id: string) =>
    q<{ id: string; status: string; shipping_status: string; local_status: string; follow_up: string | null; source: string }>(
      'SELECT * FROM orders WHERE amazon_order_id = ?',
      id
    )[0]
  return { t, store, imp, q, order }
}

describe('order report import', () => {
  it('puts unshipped orders with a buyer cancel request On Hold, once', async () => {
    const { t, imp, q, order } = await setup()
    const preview = await imp('unshipped-with-cancel.tsv', false)
    expect(preview).toMatchObject({
      format: 'unshipped-orders',
      rows: 3,
      inserted: 3,
      held: 2,
      flagged: 0,
      committed: false,
      rejectedCount: 0,
      cancelColumnsMissing: null
    })
    expect(q('SELECT * FROM orders')).toEqual([])

    const s = await imp('unshipped-with-cancel.tsv')
    expect(s).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0, held: 2, flagged: 0, committed: true })
    expect(order('111-0687106-4490606')).toMatchObject({
      status: 'Unshipped',
      shipping_status: 'Unshipped',
      local_status: 'In Process',
      source: 'report'
    })
    expect(order('112-2222222-2222222')).toMatchObject({ local_status: 'On Hold' })
    const holds = q<{ status: string; requested_at: string; due_at: string; source: string; reason: string; order_item_ids: string }>(
      'SELECT * FROM buyer_cancel_requests ORDER BY id'
    )
    expect(holds).toHaveLength(2)
    // Reports carry no request time: the time the file was read stands in.
    expect(holds[0]).toMatchObject({
      status: 'open',
      source: 'report',
      reason: 'Order Created By Mistake',
      requested_at: '2026-11-22T10:00:00.000Z',
      due_at: '2026-11-24T10:00:00.000Z',
      order_item_ids: '["24027839536456"]'
    })
    const notes = q<{ text: string; source: string }>("SELECT text, source FROM order_notes WHERE source = 'buyer-cancel' ORDER BY id")
    expect(notes.map((n) => n.text)).toEqual([
      'Buyer requested cancellation: Order Created By Mistake',
      'Buyer requested cancellation: Need to change shipping address'
    ])

    // Re-importing the same file (even a day later) changes nothing.
    t.clock.advance(86_400_000)
    const again = await imp('unshipped-with-cancel.tsv')
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, held: 0, flagged: 0, committed: true })
    expect(q('SELECT id FROM buyer_cancel_requests')).toHaveLength(2)
    expect(q("SELECT id FROM order_notes WHERE source = 'buyer-cancel'")).toHaveLength(2)
    expect(q<{ requested_at: string }>('SELECT requested_at FROM buyer_cancel_requests ORDER BY id')[0]!.requested_at).toBe(
      '2026-11-22T10:00:00.000Z'
    )
    // The same rows in another spelling/encoding are the same data: order 111 now has a request too.
    const other = await imp('unshipped-one-l-cp1252.tsv')
    expect(other).toMatchObject({ held: 1, committed: true })
    expect(order('111-0687106-4490606')).toMatchObject({ local_status: 'On Hold' })
  })

  it('flags an order that already shipped for follow-up instead of holding it', async () => {
    const { imp, q, order } = await setup()
    const a = await imp('all-orders.tsv')
    expect(a).toMatchObject({ format: 'all-orders', rows: 4, inserted: 3, committed: true })
    expect(a.cancelColumnsMissing).toMatch(/Add or remove order report columns.*Buyer Requested Cancel/)
    expect(order('111-0687106-4490606')).toMatchObject({ status: 'Shipped', shipping_status: 'Shipped', local_status: 'Completed' })
    expect(order('115-5555555-5555555')).toMatchObject({ status: 'Canceled', local_status: 'Cancelled' })
    const items = q<{ sku: string; item_price_minor: number; quantity_ordered: number }>(
      "SELECT i.sku, i.item_price_minor, i.quantity_ordered FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.amazon_order_id = '114-4444444-4444444' ORDER BY sku"
    )
    expect(items).toEqual([
      { sku: 'MUG-15OZ-BLK', item_price_minor: 2598, quantity_ordered: 2 },
      { sku: 'NECK-925-16', item_price_minor: 4900, quantity_ordered: 1 }
    ])
    // An older unshipped-orders report with a cancel request for the now shipped order 111.
    const s = await imp('unshipped-one-l-cp1252.tsv')
    expect(s).toMatchObject({ held: 2, flagged: 1, committed: true })
    const o = order('111-0687106-4490606')!
    expect(o).toMatchObject({ status: 'Shipped', shipping_status: 'Shipped', local_status: 'Completed' })
    expect(o.follow_up).toBe('Buyer requested cancellation after the order shipped: Commandé par erreur')
    expect(q<{ status: string }>('SELECT status FROM buyer_cancel_requests WHERE order_id = ?', o.id)).toEqual([{ status: 'follow-up' }])
    // The item the all-orders report knew by SKU got its order item id from the other report.
    expect(q<{ n: number }>('SELECT count(*) AS n FROM order_items WHERE order_id = ?', o.id)[0]!.n).toBe(1)
  })

  it('imports nothing from a file with bad rows and lists them', async () => {
    const { imp, q } = await setup()
    const s = await imp('unshipped-bad-rows.tsv')
    expect(s.committed).toBe(false)
    expect(s.rejectedCount).toBe(3)
    expect(s.rejected[0]).toEqual({
      line: 2,
      column: 'quantity-purchased',
      reason: '"one" is not a quantity (expected a whole number of units)'
    })
    expect(q('SELECT * FROM orders')).toEqual([])
  })

  it('imports orders from a file without the cancel columns and says how to switch them on', async () => {
    const { imp, q } = await setup()
    const s = await imp('unshipped-no-cancel-columns.tsv')
    expect(s).toMatchObject({ inserted: 3, held: 0, committed: true })
    expect(s.cancelColumnsMissing).toMatch(
      /Seller Central: Orders > Order Reports > "Add or remove order report columns" > turn on "Buyer Requested Cancel"/
    )
    expect(q('SELECT * FROM buyer_cancel_requests')).toEqual([])
  })
})
