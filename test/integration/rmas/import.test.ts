/** RMAs from returns reports on a real SQLite file through the contract (dispatch), no mocks. */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummary, RmaDetail } from '../../../src/shared/contract/rmas'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures/rmas')

let t: ReturnType<typeof makeServices>
let storeId: string

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await t.dispatch(channel, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
  return r.data as T
}
const stage = (file: string) => t.services.files.register(join(FIX, file)).id
const importFile = (file: string, sid = storeId) => call<ImportSummary>('rmas.import', { storeId: sid, fileId: stage(file) })
const preview = (file: string) => call<ImportSummary>('rmas.previewImport', { storeId, fileId: stage(file) })
const count = (table: string) => t.services.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number
const byRma = async (rma: string) => {
  const list = await call<{ rows: { id: number }[] }>('rmas.list', { storeId, rmaNumber: rma })
  expect(list.rows).toHaveLength(1)
  return call<RmaDetail>('rmas.get', { id: list.rows[0]!.id })
}

beforeEach(async () => {
  t = makeServices()
  storeId = (await t.services.stores.create(validStore)).id
})
afterEach(() => t.close())

describe('import of the merchant returns flat file', () => {
  it("lists each RMA with its own SKUs and quantities (not another RMA's items)", async () => {
    await importFile('mfn-returns.tsv')
    const list = await call<{ rows: { orderSourceRmaId: string; skus: string[]; quantity: number; receivedQuantity: number }[] }>(
      'rmas.list',
      {
        storeId
      }
    )
    for (const row of list.rows) {
      const d = await byRma(row.orderSourceRmaId)
      expect(row.skus.sort()).toEqual([...new Set(d.items.map((i) => i.sku))].sort())
      expect(row.quantity).toBe(d.items.reduce((n, i) => n + i.quantity, 0))
    }
    expect(list.rows.length).toBeGreaterThan(1)
  })

  it('creates RMAs for Approved rows with resolution Refund, status Open, RMA # kept, tracking note, linked minimal order', async () => {
    const s = await importFile('mfn-returns.tsv')
    expect(s).toMatchObject({
      format: 'mfn-flat',
      rows: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      ordersCreated: 2,
      rejectedCount: 0,
      committed: true
    })
    expect(s.skipped).toEqual([{ line: 4, code: 'not_approved', reason: 'return request status is Closed, not Approved' }])
    const d = await byRma('DfqRyqfBRRMA')
    expect(d).toMatchObject({
      status: 'Open',
      resolution: 'Refund',
      orderSourceRmaId: 'DfqRyqfBRRMA',
      amazonOrderId: '113-6277818-1234567',
      returnRequestStatus: 'Approved',
      trackingId: '9202090339598363834190',
      orderIsMinimal: true,
      sourceFile: 'mfn-returns.tsv',
      sourceLine: 2
    })
    expect(d.items.map((i) => [i.sku, i.quantity, i.receivedQuantity])).toEqual([['NECK-925-16', 1, 0]])
    expect(d.notes.map((n) => [n.kind, n.body])).toEqual([['tracking', 'Return label tracking number: 9202090339598363834190 (USPS)']])
    expect(d.history.map((h) => [h.event, h.fromStatus, h.toStatus, h.at])).toEqual([['created', null, 'Open', '2026-11-22T10:00:00.000Z']])
    const order = t.services.orders.detail(storeId, '113-6277818-1234567')
    expect(order.order).toMatchObject({ isMinimal: true, id: d.orderId })
  })

  it('links to an order the store already knows instead of creating one', async () => {
    const known = t.services.orders.ensure(storeId, '114-1234567-7654321', undefined, { isMinimal: false, status: 'Shipped' })
    const s = await importFile('mfn-returns.tsv')
    expect(s.ordersCreated).toBe(1)
    expect((await byRma('Dx7KpQm2RRMA')).orderId).toBe(known.id)
  })

  it('re-importing the same file changes nothing', async () => {
    await importFile('mfn-returns.tsv')
    const before = ['rmas', 'rma_items', 'rma_notes', 'rma_history', 'orders'].map(count)
    const again = await importFile('mfn-returns.tsv')
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, ordersCreated: 0 })
    expect(['rmas', 'rma_items', 'rma_notes', 'rma_history', 'orders'].map(count)).toEqual(before)
  })

  it('a later report for the same return updates status and tracking in place', async () => {
    await importFile('mfn-returns.tsv')
    t.clock.advance(86_400_000)
    const s = await importFile('mfn-returns-later.tsv')
    expect(s).toMatchObject({ created: 0, updated: 1, unchanged: 1, skippedCount: 0 })
    expect(count('rmas')).toBe(2)
    const d = await byRma('DfqRyqfBRRMA')
    expect(d).toMatchObject({
      status: 'Open',
      returnRequestStatus: 'Closed',
      trackingId: '1Z999AA10999999999',
      carrier: 'UPS',
      refundedAmountMinor: 2138
    })
    expect(d.notes.map((n) => n.body)).toEqual([
      'Return label tracking number: 9202090339598363834190 (USPS)',
      'Return label tracking number: 1Z999AA10999999999 (UPS)'
    ])
    expect(d.history.at(-1)).toMatchObject({ event: 'report-update', at: '2026-11-23T10:00:00.000Z' })
    expect(d.history.at(-1)!.detail).toMatch(/Amazon status: Approved → Closed; tracking: 9202090339598363834190 → 1Z999AA10999999999/)
    expect((await importFile('mfn-returns-later.tsv')).updated).toBe(0)
  })

  it('preview shows new/updated/skipped/rejected and writes nothing', async () => {
    await importFile('mfn-returns.tsv')
    const before = ['rmas', 'rma_items', 'rma_notes', 'rma_history', 'orders', 'order_history', 'job_runs'].map(count)
    const p = await preview('mfn-returns-later.tsv')
    expect(p).toMatchObject({ committed: false, updated: 1, unchanged: 1 })
    expect(p.sample).toEqual([
      {
        action: 'update',
        orderSourceRmaId: 'DfqRyqfBRRMA',
        amazonOrderId: '113-6277818-1234567',
        skus: [],
        detail: expect.stringMatching(/^Amazon status/)
      }
    ])
    expect(['rmas', 'rma_items', 'rma_notes', 'rma_history', 'orders', 'order_history', 'job_runs'].map(count)).toEqual(before)
    expect((await byRma('DfqRyqfBRRMA')).returnRequestStatus).toBe('Approved')
  })
})

describe('the RMA rules, end to end', () => {
  it('kit expansion, returnless (setting off), non-Approved skipped, unknown order, rejected row', async () => {
    await call('rmas.kitsSave', { storeId, parentSku: 'GIFT-SET', componentSku: 'MUG-11OZ-WHT', quantity: 2 })
    await call('rmas.kitsSave', { storeId, parentSku: 'GIFT-SET', componentSku: 'COASTER-4PK', quantity: 1 })
    const s = await importFile('mfn-returns-rules.tsv')
    expect(s).toMatchObject({ created: 2, rejectedCount: 1 })
    expect(s.skipped.map((k) => [k.line, k.code])).toEqual([
      [4, 'not_approved'],
      [5, 'unknown_order']
    ])
    expect(s.rejected).toEqual([{ line: 6, reason: 'Return quantity: expected a whole number, got "two"' }])
    const kit = await byRma('KitRMA0001')
    expect(kit.items.map((i) => [i.sku, i.quantity, i.parentSku])).toEqual([
      ['MUG-11OZ-WHT', 4, 'GIFT-SET'],
      ['COASTER-4PK', 2, 'GIFT-SET']
    ])
    expect((await byRma('NoRetRMA002')).returnless).toBe(true)
  })

  it('"Do not create RMA for returnless refunds" on: the returnless row is skipped with the reason', async () => {
    await call('settings.update', { storeId, patch: { noRmaForReturnlessRefunds: true } })
    const p = await preview('mfn-returns-rules.tsv')
    expect(p.skipped.find((k) => k.line === 3)).toEqual({
      line: 3,
      code: 'returnless',
      reason: 'returnless refund, and the store setting "Do not create RMA for Amazon returnless refunds" is on'
    })
    const s = await importFile('mfn-returns-rules.tsv')
    expect(s.created).toBe(1)
    expect((await call<{ total: number }>('rmas.list', { storeId, rmaNumber: 'NoRetRMA002' })).total).toBe(0)
  })

  it('kits are per store', async () => {
    const other = (await t.services.stores.create({ ...validStore, name: 'Other' })).id
    await call('rmas.kitsSave', { storeId: other, parentSku: 'GIFT-SET', componentSku: 'MUG-11OZ-WHT', quantity: 2 })
    await importFile('mfn-returns-rules.tsv')
    expect((await byRma('KitRMA0001')).items.map((i) => i.sku)).toEqual(['GIFT-SET'])
  })
})

describe('XML and FBA reports', () => {
  it('imports the XML sample; a multi-item return becomes one RMA with its items', async () => {
    expect(await importFile('mfn-returns.xml')).toMatchObject({ format: 'mfn-xml', created: 1 })
    const s = await importFile('mfn-returns-multi.xml')
    expect(s).toMatchObject({ created: 1, rejectedCount: 1 })
    expect(s.skipped).toEqual([{ line: 29, code: 'not_approved', reason: 'return request status is Authorized, not Approved' }])
    const d = await byRma('MultiRMA001')
    expect(d.items.map((i) => [i.sku, i.quantity, i.itemName, i.refundAmountMinor])).toEqual([
      ['MUG-SAUCER', 1, 'Mug & Saucer “Deluxe”', 1450],
      ['SPOON-1', 3, 'Spoon <silver>', 600]
    ])
    // refund_amount is the refund due per item, not money already refunded (issue #22); dates are days.
    expect(d).toMatchObject({
      refundedAmountMinor: null,
      currency: 'USD',
      orderAmountMinor: 3250,
      returnRequestDate: '2025-08-03',
      source: 'mfn-xml'
    })
    expect((await importFile('mfn-returns-multi.xml')).unchanged).toBe(1)
  })

  it('the same return in TSV then XML is one RMA', async () => {
    await importFile('mfn-returns.tsv')
    const s = await importFile('mfn-returns.xml')
    expect(s.created).toBe(0)
    expect(count('rmas')).toBe(2)
  })

  it('FBA customer returns create no RMA: kept for the order history, skipped with the reason', async () => {
    const s = await importFile('fba-customer-returns.tsv')
    expect(s).toMatchObject({ format: 'fba-customer-returns', created: 0, stored: 3, skippedCount: 3 })
    expect(s.skipped[0]).toMatchObject({ code: 'fba_informational', reason: expect.stringMatching(/Amazon handles FBA returns/) })
    expect(count('rmas')).toBe(0)
    expect(count('fba_customer_returns')).toBe(3)
    expect((await importFile('fba-customer-returns.tsv')).stored).toBe(0)
  })

  it('a later FBA report never replaces a customer comment with a garbled reading of it (issue 12 §3)', async () => {
    const comment = () =>
      t.services.sqlite
        .prepare("SELECT customer_comments FROM fba_customer_returns WHERE license_plate_number = 'LPNHV987654321'")
        .pluck()
        .get()
    await importFile('../imports/fba-returns-comments.tsv')
    expect(comment()).toBe('Anse fêlée à l’arrivée')
    // The same rows with the comment garbled (UTF-8 once read as windows-1252 and saved again).
    await importFile('../imports/fba-returns-comments-mojibake.tsv')
    expect(comment()).toBe('Anse fêlée à l’arrivée')
  })

  it('a wrong, malformed or DTD file is rejected whole and nothing is written', async () => {
    for (const [file, re] of [
      ['malformed.xml', /malformed XML at line 8, column 5/],
      ['dtd.xml', /DTD or entity declaration is refused/],
      ['kits.csv', /not a returns report — it looks like a CSV with columns "parent SKU", "component SKU", "quantity"/]
    ] as const) {
      await expect(importFile(file)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(re) })
    }
    expect(count('rmas') + count('orders')).toBe(0)
    expect(t.services.jobs.recent(1)[0]).toMatchObject({ name: 'rmas.import', status: 'failed' })
  })

  it('an unknown store is NOT_FOUND', async () => {
    await expect(importFile('mfn-returns.tsv', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

/** What order sync would fill in: the order shipped, its items with Amazon ids and line prices. */
function shipOrder(orderId: string, items: { sku: string; itemId: string; qty: number; price: number; tax: number }[]) {
  t.services.sqlite
    .prepare("UPDATE orders SET status = 'Shipped', shipping_status = 'Shipped', currency = 'USD', is_minimal = 0 WHERE id = ?")
    .run(orderId)
  for (const i of items) {
    t.services.sqlite
      .prepare(
        'INSERT INTO order_items (id, order_id, order_item_id, sku, quantity_ordered, quantity_shipped, currency, item_price_minor, item_tax_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run(`${orderId}-${i.itemId}`, orderId, i.itemId, i.sku, i.qty, i.qty, 'USD', i.price, i.tax)
  }
}

describe('working an RMA', () => {
  it('receive (quantity + condition) -> Received, issue refund -> refund request + Refunded, close -> Closed; history per change', async () => {
    await importFile('mfn-returns-multi.xml')
    const d0 = await byRma('MultiRMA001')
    const [mug, spoon] = d0.items as [RmaDetail['items'][0], RmaDetail['items'][0]]
    t.clock.advance(60_000)
    const d1 = await call<RmaDetail>('rmas.receive', { id: d0.id, items: [{ itemId: spoon.id, quantity: 2, condition: 'sellable' }] })
    expect(d1.status).toBe('Open')
    expect(d1.items[1]).toMatchObject({ receivedQuantity: 2, condition: 'sellable', receivedAt: '2026-11-22T10:01:00.000Z' })
    const d2 = await call<RmaDetail>('rmas.receive', {
      id: d0.id,
      items: [
        { itemId: spoon.id, quantity: 1, condition: 'sellable' },
        { itemId: mug.id, quantity: 1, condition: 'damaged' }
      ]
    })
    expect(d2.status).toBe('Received')
    await expect(call('rmas.receive', { id: d0.id, items: [{ itemId: mug.id, quantity: 1, condition: 'damaged' }] })).rejects.toMatchObject(
      { code: 'VALIDATION' }
    )

    t.clock.advance(60_000)
    // The XML's refund_amount ($20.50) is what the return refunds, not a refund made: not refused
    // as "already refunded" (the order is only a minimal record, so it needs the order's items first).
    await expect(call('rmas.issueRefund', { id: d0.id })).rejects.toThrow(/sync orders/)
    await expect(call('rmas.setStatus', { id: d0.id, status: 'Open' })).rejects.toMatchObject({ code: 'VALIDATION' })
    const d4 = await call<RmaDetail>('rmas.setStatus', { id: d0.id, status: 'Closed' })
    expect(d4.history.map((h) => [h.event, h.fromStatus, h.toStatus])).toEqual([
      ['created', null, 'Open'],
      ['received', 'Open', 'Open'],
      ['received', 'Open', 'Received'],
      ['status', 'Received', 'Closed']
    ])
    const d5 = await call<RmaDetail>('rmas.addNote', { id: d0.id, body: 'Box crushed' })
    expect(d5.notes.at(-1)).toMatchObject({ kind: 'user', body: 'Box crushed' })
  })

  it('issue refund: one refund entry (Principal + Tax of the returned units) for the queue, once', async () => {
    await importFile('mfn-returns.tsv')
    const d = await byRma('DfqRyqfBRRMA')
    // The order is only a minimal record until orders are synced: no item ids or prices to refund.
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toThrow(/sync orders/)
    shipOrder(d.orderId, [{ sku: 'NECK-925-16', itemId: '11111111111111', qty: 2, price: 5980, tax: 494 }])
    t.clock.advance(60_000)
    const d1 = await call<RmaDetail>('rmas.issueRefund', { id: d.id })
    expect(d1.status).toBe('Refunded')
    expect(d1.refunds).toHaveLength(1)
    // One of two units returned: half the line, rounded down; queue off -> a one-entry batch.
    expect(d1.refunds[0]).toMatchObject({
      kind: 'refund',
      reason: 'CustomerReturn',
      rmaId: d.id,
      totalMinor: 2990 + 247,
      status: 'batched',
      queued: false
    })
    expect(d1.refunds[0]!.lines).toEqual([
      {
        orderItemId: '11111111111111',
        sku: 'NECK-925-16',
        quantity: 1,
        components: [
          { type: 'Principal', amountMinor: 2990 },
          { type: 'Tax', amountMinor: 247 }
        ]
      }
    ])
    expect(d1.history.at(-1)).toMatchObject({ event: 'refund-requested', toStatus: 'Refunded' })
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('a store that queues refunds gets a queued entry', async () => {
    await call('settings.update', { storeId, patch: { queueRefundsAndCancellations: true } })
    await importFile('mfn-returns.tsv')
    const d = await byRma('DfqRyqfBRRMA')
    shipOrder(d.orderId, [{ sku: 'NECK-925-16', itemId: '11111111111111', qty: 1, price: 5980, tax: 494 }])
    expect((await call<RmaDetail>('rmas.issueRefund', { id: d.id })).refunds[0]).toMatchObject({ status: 'queued', totalMinor: 5980 + 494 })
  })
})

describe('returns report fields (issue #22)', () => {
  it('XML: an Approved return not yet delivered, refund_amount = order amount, can be refunded', async () => {
    const s = await importFile('mfn-returns-one-line.xml')
    expect(s).toMatchObject({ format: 'mfn-xml', created: 1, rejectedCount: 1 })
    const d = await byRma('OneLineRMA01')
    expect(d).toMatchObject({
      returnRequestStatus: 'Approved',
      refundedAmountMinor: null,
      orderAmountMinor: 987,
      returnRequestDate: '2020-11-12',
      orderDate: '2020-11-10'
    })
    // The same <item_details> twice (quantity 1 each, order quantity 1) is one unit, not two.
    expect(d.items.map((i) => [i.sku, i.quantity, i.refundAmountMinor])).toEqual([['MUG-11OZ-WHT', 1, 987]])
    shipOrder(d.orderId, [{ sku: 'MUG-11OZ-WHT', itemId: '22222222222222', qty: 1, price: 899, tax: 88 }])
    const d1 = await call<RmaDetail>('rmas.issueRefund', { id: d.id })
    expect(d1.status).toBe('Refunded')
    expect(d1.refunds[0]).toMatchObject({ totalMinor: 899 + 88 })
  })

  it('XML skips and rejections name a real position (the whole report is on line 1)', async () => {
    const s = await importFile('mfn-returns-one-line.xml')
    expect(s.skipped).toEqual([
      {
        line: 1,
        column: 610,
        code: 'duplicate_row',
        reason:
          'this <item_details> (MUG-11OZ-WHT, quantity 1) repeats the one at line 1, column 281 in the same return OneLineRMA01: counted once'
      }
    ])
    expect(s.rejected).toEqual([{ line: 1, reason: '<item_details> at column 1649: return_quantity: expected 1 or more, got "0"' }])
  })

  it('flat file: "Refunded Amount" is money already refunded and blocks a second refund from the RMA', async () => {
    await importFile('mfn-returns.tsv')
    await importFile('mfn-returns-later.tsv')
    const d = await byRma('DfqRyqfBRRMA')
    expect(d).toMatchObject({ refundedAmountMinor: 2138, returnRequestDate: '2025-07-14', orderDate: '2025-07-10' })
    shipOrder(d.orderId, [{ sku: 'NECK-925-16', itemId: '11111111111111', qty: 1, price: 1900, tax: 238 }])
    await expect(call('rmas.issueRefund', { id: d.id })).rejects.toThrow(/already refunded.*pay twice/)
  })

  it('the same return from the flat file and the XML has one date shape (the day)', async () => {
    await importFile('mfn-returns.tsv')
    const tsv = await byRma('DfqRyqfBRRMA')
    expect(tsv.returnRequestDate).toBe('2025-07-14')
    await importFile('mfn-returns.xml')
    const both = await byRma('DfqRyqfBRRMA')
    expect([both.returnRequestDate, both.orderDate]).toEqual(['2025-07-14', '2025-07-10'])
    const shapes = t.services.sqlite.prepare('SELECT DISTINCT length(return_request_date) AS n FROM rmas').pluck().all()
    expect(shapes).toEqual([10])
  })
})

describe('list filters and kits import', () => {
  it('filters by status, date, order id, RMA #, SKU, tracking; pages server-side', async () => {
    await importFile('mfn-returns.tsv')
    await importFile('mfn-returns-multi.xml')
    const list = (q: object) => call<{ rows: { orderSourceRmaId: string }[]; total: number }>('rmas.list', { storeId, ...q })
    const ids = async (q: object) => (await list(q)).rows.map((r) => r.orderSourceRmaId).sort()
    expect((await list({})).total).toBe(3)
    expect(await ids({ orderId: '7654321' })).toEqual(['Dx7KpQm2RRMA'])
    expect(await ids({ sku: 'spoon' })).toEqual(['MultiRMA001'])
    expect(await ids({ tracking: 'TBA' })).toEqual(['MultiRMA001'])
    expect(await ids({ from: '2025-07-12', to: '2025-07-14' })).toEqual(['DfqRyqfBRRMA'])
    expect(await ids({ from: '2025-08-03', to: '2025-08-03' })).toEqual(['MultiRMA001'])
    expect(await ids({ sku: '%' })).toEqual([])
    expect(await ids({ status: 'Received' })).toEqual([])
    const p1 = await list({ pageSize: 2, page: 1 })
    const p2 = await list({ pageSize: 2, page: 2 })
    expect([p1.rows.length, p2.rows.length, p1.total]).toEqual([2, 1, 3])
    const first = (await list({ pageSize: 1, sortBy: 'id', sortDir: 'asc' })).rows[0]!
    expect(first.orderSourceRmaId).toBe('DfqRyqfBRRMA')
    expect(await ids({ rmaNumber: '1' })).toContain('DfqRyqfBRRMA')
  })

  it('imports kits from CSV with per-line rejections, idempotently', async () => {
    const fileId = stage('kits.csv')
    const r = await call<{ created: number; rejected: { line: number; reason: string }[] }>('rmas.kitsImport', { storeId, fileId })
    expect(r).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: [
        { line: 4, reason: "a kit can't contain itself (BROKEN)" },
        { line: 5, reason: 'quantity: expected a whole number from 1 to 10000, got "zero"' }
      ]
    })
    expect(await call('rmas.kitsImport', { storeId, fileId: stage('kits.csv') })).toMatchObject({ created: 0, unchanged: 2 })
    const kits = await call<{ id: number; parentSku: string; componentSku: string; quantity: number }[]>('rmas.kitsList', { storeId })
    expect(kits.map((k) => [k.parentSku, k.componentSku, k.quantity])).toEqual([
      ['GIFT-SET', 'COASTER-4PK', 1],
      ['GIFT-SET', 'MUG-11OZ-WHT', 2]
    ])
    expect(await call('rmas.kitsRemove', { id: kits[0]!.id })).toEqual({ removed: true })
    await expect(call('rmas.kitsSave', { storeId, parentSku: 'A', componentSku: 'A', quantity: 1 })).rejects.toMatchObject({
      code: 'VALIDATION'
    })
  })
})
