/**
 * Deadlines on a real SQLite file through the contract (#17): LatestShipDate / LatestDeliveryDate
 * kept from an order report, the ship-confirm / late-shipment / late-delivery clocks, the return
 * refund clock from a later returns report's delivery date (on the RMA and its order), the A-to-z
 * claim the returns report flags, claims recorded by hand, done items leaving the list, and one
 * notification per item and stage.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ClaimRow, DeadlineItem } from '../../../src/shared/contract/deadlines'
import { makeServices, validStore } from '../../helpers/services'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const ORDER = '112-0000001-0000001'
const ORDER_HEAD = [
  'order-id',
  'order-item-id',
  'purchase-date',
  'sku',
  'quantity-purchased',
  'quantity-shipped',
  'quantity-to-ship',
  'sales-channel',
  'latest-ship-date',
  'latest-delivery-date'
]
const orderReport = (shipped: 0) =>
  [
    ORDER_HEAD.join('\t'),
    [
      ORDER,
      '11111111111111',
      '2026-11-19T15:00:00+00:00',
      'MUG-1',
      '1',
      String(shipped),
      String(1 - shipped),
      'Amazon.com',
      '2026-11-21T07:59:59+00:00',
      '2026-11-27T07:59:59+00:00'
    ].join('\t')
  ].join('\n') + '\n'

const RETURNS_HEAD =
  'Order ID\tOrder date\tReturn request date\tReturn request status\tAmazon RMA ID\tMerchant RMA ID\tLabel type\tLabel cost\tCurrency code\tReturn carrier\tTracking ID\tLabel to be paid by\tA-to-Z Claim\tIs prime\tASIN\tMerchant SKU\tItem Name\tReturn quantity\tReturn Reason\tIn policy\tReturn type\tResolution\tInvoice number\tReturn delivery date\tOrder Amount\tOrder quantity\tSafeT Action reason\tSafeT claim id\tSafeT claim state\tSafeT claim creation time\tSafeT claim reimbursement amount\tRefunded Amount'
const RETURN_ORDER = '113-0000002-0000002'
const returnsReport = (delivered: string, aToZ: 'Y' | 'N') =>
  `${RETURNS_HEAD}\n${RETURN_ORDER}\t01-Nov-2026\t15-Nov-2026\tApproved\tDeadRMA0001\t\tAmazonPrePaidLabel\t4.14\tUSD\tUSPS\t9202090339598360000099\tSeller\t${aToZ}\tN\tB0TEST0001\tMUG-2\tMug\t1\tAMZ-PG-BAD-DESC\tY\tC-Returns\tStandardRefund\t\t${delivered}\t19.74\t1\t\t\t\t\t\t\n`

async function setup() {
  const t = makeServices({ now: '2026-11-22T10:00:00.000Z' })
  cleanups.push(t.close)
  const store = await t.services.stores.create({ ...validStore })
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel as never, input as never)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  let n = 0
  const file = (text: string) => {
    const p = join(t.dir, `f${++n}.tsv`)
    writeFileSync(p, text)
    return t.services.files.register(p).id
  }
  const importOrders = (text: string) => call('orders.import', { storeId: store.id, fileId: file(text) })
  const importReturns = (text: string) =>
    t.services.rmas.importReport({ storeId: store.id, source: Buffer.from(text), fileName: 'returns.tsv', commit: true })
  const list = (input: object = {}) => call<{ now: string; items: DeadlineItem[]; ruleIds: string[] }>('deadlines.list', input)
  return { t, store, call, importOrders, importReturns, list }
}

describe('deadlines', () => {
  it('keeps LatestShipDate / LatestDeliveryDate from an order report and lists the order clocks soonest first', async () => {
    const s = await setup()
    await s.importOrders(orderReport(0))
    const row = s.t.services.sqlite
      .prepare('SELECT latest_ship_date AS a, latest_delivery_date AS b FROM orders WHERE amazon_order_id = ?')
      .get(ORDER)
    expect(row).toEqual({ a: '2026-11-21T07:59:59.000Z', b: '2026-11-27T07:59:59.000Z' })
    const { items } = await s.list()
    expect(items.map((i) => [i.ruleId, i.dueAt, i.stage])).toEqual([
      // Late shipment: LatestShipDate passed a day ago.
      ['order.lateShipment', '2026-11-21T07:59:59.000Z', 'overdue'],
      // Late delivery: in 5 days (warn from 2 days before).
      ['order.lateDelivery', '2026-11-27T07:59:59.000Z', 'ok'],
      // Ship-confirm: Amazon's auto-cancel 7 days after LatestShipDate comes before order + 30 days.
      ['order.shipConfirm', '2026-11-28T07:59:59.000Z', 'ok']
    ])
    expect(items[0]).toMatchObject({
      storeName: validStore.name,
      amazonOrderId: ORDER,
      subject: 'order',
      route: `#/orders/${s.store.id}/${ORDER}`
    })
    expect((await s.list({ withinMs: 5 * 86_400_000 })).items.map((i) => i.ruleId)).toEqual(['order.lateShipment', 'order.lateDelivery'])
    expect((await s.list({ ruleIds: ['order.shipConfirm'] })).items).toHaveLength(1)
    expect(await s.call('deadlines.counts', { until: '2026-11-23T00:00:00.000Z' })).toEqual({ overdue: 1, dueToday: 1 })

    // Shipped: the order's clocks are done and leave the list; its history stays.
    await s.importOrders(
      `amazon-order-id\tpurchase-date\torder-status\tsku\tquantity\titem-status\n${ORDER}\t2026-11-19T15:00:00+00:00\tShipped\tMUG-1\t1\tShipped\n`
    )
    expect((await s.list()).items).toEqual([])
  })

  it('starts the 4-day return refund clock when a later returns report gives the delivery date, and records the flagged A-to-z claim', async () => {
    const s = await setup()
    await s.importReturns(returnsReport('', 'N'))
    expect((await s.list()).items).toEqual([])
    // The same return, now delivered (20 Nov, Pacific time) and flagged A-to-z.
    const summary = await s.importReturns(returnsReport('20-Nov-2026', 'Y'))
    expect(summary.updated).toBe(1)
    const { items } = await s.list()
    expect(items.map((i) => [i.ruleId, i.anchorAt, i.dueAt, i.label])).toEqual([
      ['return.refund', '2026-11-20T08:00:00.000Z', '2026-11-25T08:00:00.000Z', 'DeadRMA0001']
    ])
    const rmaId = Number(items[0]!.subjectId)
    expect(items[0]!.route).toBe(`#/rmas?open=${rmaId}`)
    // Shown on the RMA's order too.
    expect((await s.list({ orderId: items[0]!.orderId! })).items.map((i) => i.key)).toEqual([`return.refund:${rmaId}`])

    expect(s.t.services.deadlines.inferClaims(s.store.id)).toBe(1)
    expect(s.t.services.deadlines.inferClaims(s.store.id)).toBe(0)
    const claims = await s.call<ClaimRow[]>('deadlines.claims', { storeId: s.store.id })
    expect(claims.map((c) => [c.amazonOrderId, c.kind, c.state, c.source])).toEqual([[RETURN_ORDER, 'atoz', 'open', 'returns-report']])

    // Refunded: the clock leaves the list.
    s.t.services.sqlite.prepare("UPDATE rmas SET status = 'Refunded' WHERE id = ?").run(rmaId)
    expect((await s.list()).items).toEqual([])
  })

  it('runs the A-to-z and SAFE-T clocks of claims recorded by hand, and refuses a claim without the date its clock needs', async () => {
    const s = await setup()
    const base = { storeId: s.store.id, amazonOrderId: '114-0000003-0000003' }
    await expect(s.call('deadlines.recordClaim', { ...base, kind: 'atoz', state: 'granted' })).rejects.toThrow(/granted needs grantedAt/)
    await s.call('deadlines.recordClaim', {
      ...base,
      kind: 'atoz',
      state: 'info-requested',
      infoRequestedAt: '2026-11-21T12:00:00Z',
      claimType: 'Item not received'
    })
    let items = (await s.list()).items
    expect(items.map((i) => [i.ruleId, i.dueAt, i.stage, i.label])).toEqual([
      ['atoz.infoRequest', '2026-11-23T12:00:00.000Z', 'ok', 'Item not received']
    ])
    // Granted: the 30-day appeal window (US calendar days) replaces the answer clock.
    await s.call('deadlines.recordClaim', { ...base, kind: 'atoz', state: 'granted', grantedAt: '2026-11-22T09:00:00Z' })
    await s.call('deadlines.recordClaim', { ...base, kind: 'safet', state: 'open', amazonRefundAt: '2026-10-01T00:00:00Z' })
    items = (await s.list()).items
    expect(items.map((i) => [i.ruleId, i.dueAt])).toEqual([
      ['safet.file', '2026-11-30T00:00:00.000Z'],
      // A minimal order (not synced yet) counts in its store's marketplace: US, Pacific time.
      ['atoz.appeal', '2026-12-23T08:00:00.000Z']
    ])
    const history = s.t.services.sqlite
      .prepare(
        "SELECT detail FROM order_history h JOIN orders o ON o.id = h.order_id WHERE o.amazon_order_id = ? AND event LIKE 'claim-%' ORDER BY h.id"
      )
      .pluck()
      .all(base.amazonOrderId)
    expect(history).toEqual([
      'A-to-z claim recorded: info-requested (manual)',
      'A-to-z claim: info-requested -> granted (manual)',
      'SAFE-T claim recorded: open (manual)'
    ])
  })

  it('notifies each item once per stage, also when asked again', async () => {
    const s = await setup()
    await s.importOrders(orderReport(0))
    const first = s.t.services.deadlines.takeNotifications(s.store.id)
    expect(first.map((i) => [i.ruleId, i.stage])).toEqual([['order.lateShipment', 'overdue']])
    expect(s.t.services.deadlines.takeNotifications(s.store.id)).toEqual([])
  })
})
