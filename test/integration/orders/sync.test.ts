/**
 * Order sync over real HTTP against the SP-API emulator: orders + items with amounts in minor
 * units, buyer-cancel requests put unshipped orders On Hold (once), a new request shows up on the
 * next run, and a second run with nothing new changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ORDER_SYNC_JOB, registerOrderSyncJob, syncFrom } from '../../../src/main/orders/sync.job'
import { ORDER_REPORT_DOWNLOAD_JOB, registerOrderReportDownloadJob } from '../../../src/main/orders/report-download.job'
import { makeServices } from '../../helpers/services'
import { connectEmulatorStore, SELLER } from '../amazon/helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const NOW = '2026-11-22T10:00:00.000Z'

async function setup() {
  const speedUp = 200
  const t = makeServices({ now: NOW })
  cleanups.push(t.close)
  const real0 = Date.now()
  const { emu, store, factory, close } = await connectEmulatorStore(t, {
    speedUp,
    emu: { seed: 7, now: () => t.clock.now().getTime() + (Date.now() - real0), anchor: new Date('2026-11-22T00:00:00Z') }
  })
  cleanups.push(close)
  registerOrderSyncJob(t.services.scheduler, {
    db: t.services.db,
    clock: t.clock,
    events: t.services.events,
    orders: t.services.orders,
    jobs: t.services.jobs,
    stores: t.services.stores,
    clientFor: (id) => factory.forStore(id)
  })
  registerOrderReportDownloadJob(t.services.scheduler, {
    clock: t.clock,
    stores: t.services.stores,
    importer: t.services.orderImport,
    clientFor: (id) => factory.forStore(id),
    poll: { intervalMs: 10, maxPolls: 400 }
  })
  const q = <T>(sql: string, ...p: unknown[]) => t.services.sqlite.prepare(sql).all(...p) as T[]
  return { t, emu, store, q, data: emu.seller(SELLER.sellerId) }
}

describe('syncFrom (pure)', () => {
  it('reaches 30 days back on the first run, then the last success minus an hour', () => {
    expect(syncFrom(new Date(NOW), null)).toBe('2026-10-23T10:00:00.000Z')
    expect(syncFrom(new Date(NOW), '2026-11-22T09:45:00.000Z')).toBe('2026-11-22T08:45:00.000Z')
    // Never later than 2 minutes ago.
    expect(syncFrom(new Date(NOW), '2026-11-22T11:00:00.000Z')).toBe('2026-11-22T09:58:00.000Z')
  })
})

describe('order sync against the emulator', () => {
  it('stores orders and items with amounts, holds buyer-cancel requests once, picks up new requests', async () => {
    const { t, emu, store, q, data } = await setup()
    const events: string[] = []
    t.services.events.onAny((name) => events.push(name))
    await t.services.scheduler.runNow(ORDER_SYNC_JOB, store.id)
    const since = Date.parse(NOW) - 30 * 86_400_000
    const expected = data.orders.filter((o) => Date.parse(o.lastUpdateDate) >= since)
    const rows = q<{
      amazon_order_id: string
      status: string
      shipping_status: string
      local_status: string
      is_minimal: number
      source: string
      order_total_minor: number | null
      currency: string
    }>('SELECT * FROM orders WHERE store_id = ?', store.id)
    expect(rows.length).toBe(expected.length)
    expect(rows.every((r) => r.is_minimal === 0 && r.source === 'api')).toBe(true)
    // Amounts per item in minor units, exactly as Amazon has them.
    for (const o of expected.slice(0, 10)) {
      const items = q<{
        order_item_id: string
        item_price_minor: number
        item_tax_minor: number
        shipping_price_minor: number
        quantity_shipped: number
      }>('SELECT i.* FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.amazon_order_id = ?', o.id)
      expect(items.length).toBe(o.items.length)
      for (const e of o.items) {
        const i = items.find((x) => x.order_item_id === e.orderItemId)!
        expect(i).toMatchObject({
          item_price_minor: e.priceMinor,
          item_tax_minor: e.taxMinor,
          shipping_price_minor: e.shippingMinor,
          quantity_shipped: e.quantityShipped
        })
      }
      const r = rows.find((x) => x.amazon_order_id === o.id)!
      expect(r.shipping_status).toBe(o.status === 'Shipped' ? 'Shipped' : 'Unshipped')
    }
    // The three seeded unshipped orders with a buyer cancel request are On Hold, with the reason in the notes.
    const withRequest = data.orders.filter((o) => o.status === 'Unshipped' && o.items.some((i) => i.buyerCancel))
    expect(withRequest.length).toBe(3)
    const holds = q<{
      amazon_order_id: string
      status: string
      requested_at: string
      due_at: string
      reason: string
      order_item_ids: string
      local_status: string
    }>('SELECT h.*, o.amazon_order_id, o.local_status FROM buyer_cancel_requests h JOIN orders o ON o.id = h.order_id ORDER BY h.id')
    expect(holds.map((h) => h.amazon_order_id).sort()).toEqual(withRequest.map((o) => o.id).sort())
    for (const h of holds) {
      const o = withRequest.find((x) => x.id === h.amazon_order_id)!
      expect(h).toMatchObject({ status: 'open', local_status: 'On Hold', reason: o.items[0]!.buyerCancel!.reason })
      expect(h.requested_at).toBe(new Date(o.lastUpdateDate).toISOString())
      expect(Date.parse(h.due_at) - Date.parse(h.requested_at)).toBe(48 * 3600_000)
      expect(JSON.parse(h.order_item_ids)).toEqual([o.items[0]!.orderItemId])
    }
    const notes = q<{ text: string }>("SELECT text FROM order_notes WHERE source = 'buyer-cancel'")
    expect(notes.length).toBe(3)
    // Other unshipped orders are In Process.
    const otherUnshipped = data.orders.filter((o) => o.status === 'Unshipped' && !o.items.some((i) => i.buyerCancel))
    for (const o of otherUnshipped) expect(rows.find((r) => r.amazon_order_id === o.id)?.local_status).toBe('In Process')
    expect(events).toContain('job.progress')
    expect(t.services.jobs.lastSuccess(ORDER_SYNC_JOB, store.id)?.message).toMatch(/3 put On Hold/)

    // 15 minutes later nothing changed at Amazon: a second run changes nothing (no extra notes/holds).
    t.clock.advance(15 * 60_000)
    await t.services.scheduler.catchUp()
    expect(t.services.jobs.lastSuccess(ORDER_SYNC_JOB, store.id)?.message).toMatch(/0 new, 0 updated/)
    expect(q<{ n: number }>("SELECT count(*) AS n FROM order_notes WHERE source = 'buyer-cancel'")[0]!.n).toBe(3)
    expect(q<{ n: number }>('SELECT count(*) AS n FROM buyer_cancel_requests')[0]!.n).toBe(3)

    // A buyer asks to cancel another unshipped order: the next run puts it On Hold.
    const target = otherUnshipped[0]!
    emu.requestBuyerCancel(SELLER.sellerId, target.id, 'Found a better price')
    t.clock.advance(15 * 60_000)
    await t.services.scheduler.catchUp()
    expect(t.services.jobs.lastSuccess(ORDER_SYNC_JOB, store.id)?.message).toMatch(/1 put On Hold/)
    const h = q<{ status: string; reason: string; requested_at: string; local_status: string }>(
      'SELECT h.status, h.reason, h.requested_at, o.local_status FROM buyer_cancel_requests h JOIN orders o ON o.id = h.order_id WHERE o.amazon_order_id = ?',
      target.id
    )
    expect(h).toEqual([
      {
        status: 'open',
        reason: 'Found a better price',
        requested_at: new Date(target.lastUpdateDate).toISOString(),
        local_status: 'On Hold'
      }
    ])
  })

  it('fills a minimal order (created by a return) with the API data', async () => {
    const { t, store, q, data } = await setup()
    const o = data.orders.find((x) => x.status === 'Shipped' && Date.parse(x.lastUpdateDate) > Date.parse(NOW) - 20 * 86_400_000)!
    t.services.orders.ensure(store.id, o.id)
    await t.services.scheduler.runNow(ORDER_SYNC_JOB, store.id)
    const r = q<{ is_minimal: number; status: string; shipping_status: string; n: number }>(
      'SELECT o.is_minimal, o.status, o.shipping_status, (SELECT count(*) FROM order_items WHERE order_id = o.id) AS n FROM orders o WHERE amazon_order_id = ?',
      o.id
    )[0]!
    expect(r).toEqual({ is_minimal: 0, status: 'Shipped', shipping_status: 'Shipped', n: o.items.length })
  })

  it('the scheduled unshipped-orders report (restricted, Cp1252) holds the same orders; the API sync then adds nothing', async () => {
    const { t, store, q, data } = await setup()
    await t.services.scheduler.runNow(ORDER_REPORT_DOWNLOAD_JOB, store.id)
    const unshipped = data.orders.filter((o) => o.status === 'Unshipped' && o.channel === 'MFN')
    expect(t.services.jobs.lastSuccess(ORDER_REPORT_DOWNLOAD_JOB, store.id)?.message).toMatch(
      new RegExp(`${unshipped.length} orders new, 0 updated, 0 unchanged; 3 put On Hold`)
    )
    const holds = q<{ amazon_order_id: string; source: string }>(
      'SELECT o.amazon_order_id, h.source FROM buyer_cancel_requests h JOIN orders o ON o.id = h.order_id'
    )
    expect(holds.map((h) => h.amazon_order_id).sort()).toEqual(
      data.orders
        .filter((o) => o.status === 'Unshipped' && o.items.some((i) => i.buyerCancel))
        .map((o) => o.id)
        .sort()
    )
    // The report has no prices; the API sync fills them in and adds no second request or note.
    await t.services.scheduler.runNow(ORDER_SYNC_JOB, store.id)
    expect(q('SELECT id FROM buyer_cancel_requests')).toHaveLength(3)
    expect(q("SELECT id FROM order_notes WHERE source = 'buyer-cancel'")).toHaveLength(3)
    // The report had no request time (reading time stood in); the API's earlier LastUpdateDate replaces it.
    for (const h of q<{ amazon_order_id: string; source: string; requested_at: string; due_at: string }>(
      'SELECT o.amazon_order_id, h.source, h.requested_at, h.due_at FROM buyer_cancel_requests h JOIN orders o ON o.id = h.order_id'
    )) {
      const e = data.orders.find((x) => x.id === h.amazon_order_id)!
      expect(h).toMatchObject({ source: 'api', requested_at: new Date(e.lastUpdateDate).toISOString() })
      expect(Date.parse(h.due_at) - Date.parse(h.requested_at)).toBe(48 * 3600_000)
    }
    const o = unshipped[0]!
    const item = q<{ item_price_minor: number | null }>(
      'SELECT i.item_price_minor FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.amazon_order_id = ? AND i.order_item_id = ?',
      o.id,
      o.items[0]!.orderItemId
    )
    expect(item).toEqual([{ item_price_minor: o.items[0]!.priceMinor }])
    // Reading the report again changes nothing.
    t.clock.advance(2 * 3600_000)
    await t.services.scheduler.runNow(ORDER_REPORT_DOWNLOAD_JOB, store.id)
    expect(t.services.jobs.lastSuccess(ORDER_REPORT_DOWNLOAD_JOB, store.id)?.message).toMatch(
      /0 orders new, 0 updated, \d+ unchanged; 0 put On Hold/
    )
  })
})
