/**
 * Holds on a real SQLite file: list sorted by what is due first, decline releases the hold with
 * a note (the order can ship), follow-ups, an order shipped meanwhile can't be accepted, and the
 * "12 hours left" notification goes out once per request.
 */
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HoldRow, OrderImportSummary } from '../../../src/shared/contract'
import { HOLD_NOTIFY_JOB } from '../../../src/main/holds/notify.job'
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
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel as never, input as never)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const imp = (path: string) => call<OrderImportSummary>('orders.import', { storeId: store.id, fileId: t.services.files.register(path).id })
  const list = (view = 'open') =>
    call<{ rows: HoldRow[]; counts: { open: number; followUp: number; decided: number } }>('holds.list', { view })
  const q = <T>(sql: string, ...p: unknown[]) => t.services.sqlite.prepare(sql).all(...p) as T[]
  return { t, store, call, imp, list, q }
}

describe('holds', () => {
  it('lists open requests by due time with store, items, reason and counts', async () => {
    const { t, imp, list } = await setup()
    await imp(F('unshipped-with-cancel.tsv'))
    t.clock.advance(3600_000)
    await imp(F('unshipped-one-l-cp1252.tsv')) // order 111's request is seen an hour later
    const r = await list()
    expect(r.counts).toEqual({ open: 3, followUp: 0, decided: 0 })
    expect(r.rows.map((h) => [h.amazonOrderId, h.dueAt])).toEqual([
      ['112-2222222-2222222', '2026-11-24T10:00:00.000Z'],
      ['113-3333333-3333333', '2026-11-24T10:00:00.000Z'],
      ['111-0687106-4490606', '2026-11-24T11:00:00.000Z']
    ])
    expect(r.rows[0]).toMatchObject({
      storeName: 'Mugs US',
      items: [{ orderItemId: '24027839536456', sku: 'MUG-15OZ-BLK', title: 'Ceramic Mug 15 oz Black', quantity: 1 }],
      reason: 'Order Created By Mistake',
      status: 'open',
      localStatus: 'On Hold',
      shippingStatus: 'Unshipped',
      source: 'report'
    })
  })

  it('decline releases the hold with a note: the order can ship, the decision is recorded with its time', async () => {
    const { t, store, call, imp, list, q } = await setup()
    await imp(F('unshipped-with-cancel.tsv'))
    const [first] = (await list()).rows
    expect(t.services.orders.shippable(store.id).map((o) => o.amazonOrderId)).toEqual(['111-0687106-4490606'])
    await expect(call('holds.decline', { id: first!.id, note: '' })).rejects.toMatchObject({ code: 'VALIDATION' })
    t.clock.advance(5 * 60_000)
    const d = await call<HoldRow>('holds.decline', { id: first!.id, note: 'Already packed; buyer agreed by message' })
    expect(d).toMatchObject({
      status: 'declined',
      decidedAt: '2026-11-22T10:05:00.000Z',
      decisionNote: 'Already packed; buyer agreed by message',
      localStatus: 'In Process'
    })
    expect(t.services.orders.shippable(store.id).map((o) => o.amazonOrderId)).toEqual(['111-0687106-4490606', '112-2222222-2222222'])
    const hist = q<{ event: string; at: string }>("SELECT event, at FROM order_history WHERE event = 'buyer-cancel-declined'")
    expect(hist).toEqual([{ event: 'buyer-cancel-declined', at: '2026-11-22T10:05:00.000Z' }])
    expect(q<{ text: string }>("SELECT text FROM order_notes WHERE source = 'user'")).toEqual([
      { text: 'Buyer cancellation request declined: Already packed; buyer agreed by message' }
    ])
    // Decided once: a second decision is refused.
    await expect(call('holds.decline', { id: first!.id, note: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(call('holds.accept', { id: first!.id })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await list()).counts).toEqual({ open: 1, followUp: 0, decided: 1 })
    expect((await list('decided')).rows.map((h) => h.amazonOrderId)).toEqual(['112-2222222-2222222'])
    // Re-importing the report does not put a declined order on hold again.
    const again = await imp(F('unshipped-with-cancel.tsv'))
    expect(again).toMatchObject({ held: 0, unchanged: 3 })
    expect((await list()).counts.open).toBe(1)
  })

  it('a request for an order that shipped meanwhile cannot be accepted', async () => {
    const { t, call, imp, list } = await setup()
    await imp(F('unshipped-with-cancel.tsv'))
    const shipped = join(t.dir, 'shipped.tsv')
    writeFileSync(
      shipped,
      'amazon-order-id\tsku\tquantity\torder-status\titem-status\n112-2222222-2222222\tMUG-15OZ-BLK\t1\tShipped\tShipped\n'
    )
    await imp(shipped)
    const h = (await list()).rows.find((x) => x.amazonOrderId === '112-2222222-2222222')!
    expect(h.shippingStatus).toBe('Shipped')
    await expect(call('holds.accept', { id: h.id })).rejects.toThrow(
      /112-2222222-2222222 can't be cancelled: the order has shipped meanwhile/
    )
  })

  it('follow-ups: a shipped order is flagged, and resolving it clears the flag', async () => {
    const { call, imp, list, q } = await setup()
    await imp(F('all-orders.tsv'))
    await imp(F('unshipped-one-l-cp1252.tsv'))
    const r = await list('follow-up')
    expect(r.counts).toEqual({ open: 2, followUp: 1, decided: 0 })
    expect(r.rows).toHaveLength(1)
    expect(r.rows[0]).toMatchObject({ amazonOrderId: '111-0687106-4490606', status: 'follow-up', shippingStatus: 'Shipped' })
    const done = await call<HoldRow>('holds.resolveFollowUp', { id: r.rows[0]!.id, note: 'Offered a return label' })
    expect(done).toMatchObject({ status: 'follow-up', decisionNote: 'Offered a return label' })
    expect(q<{ follow_up: string | null }>("SELECT follow_up FROM orders WHERE amazon_order_id = '111-0687106-4490606'")).toEqual([
      { follow_up: null }
    ])
    expect((await list()).counts).toEqual({ open: 2, followUp: 0, decided: 1 })
  })

  it('notifies once per request when it passes 12 hours left', async () => {
    const { t, store, imp } = await setup()
    await imp(F('unshipped-with-cancel.tsv'))
    const shown: { key: string; params: Record<string, string>; route?: string }[] = []
    t.services.events.onAny((name, p) => {
      if (name === 'app.notify') shown.push(p as { key: string; params: Record<string, string>; route?: string })
    })
    await t.services.scheduler.runNow(HOLD_NOTIFY_JOB, store.id)
    expect(shown).toEqual([])
    t.clock.set('2026-11-23T22:00:00.000Z') // due 2026-11-24T10:00Z: 12 h left
    await t.services.scheduler.runNow(HOLD_NOTIFY_JOB, store.id)
    expect(shown.map((s) => s.params.orderId).sort()).toEqual(['112-2222222-2222222', '113-3333333-3333333'])
    // The renderer words it in the user's language (holds:notify.dueSoon) and zone.
    expect(shown[0]).toMatchObject({
      key: 'holds:notify.dueSoon',
      route: '#/holds',
      params: { store: 'Mugs US', dueAt: expect.stringMatching(/^2026-11-24T10:00/) }
    })
    t.clock.advance(5 * 60_000)
    await t.services.scheduler.runNow(HOLD_NOTIFY_JOB, store.id)
    expect(shown).toHaveLength(2)
  })
})
