/** Query, totals, chart data, CSV export and order detail over a real SQLite file. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeServices, validStore } from '../../helpers/services'

const FIX = join(__dirname, '../../fixtures/reimbursements')
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

async function setup() {
  const t = makeServices()
  cleanups.push(t.close)
  const a = await t.services.stores.create(validStore)
  const b = await t.services.stores.create({ ...validStore, name: 'Tassen DE', region: 'EU', marketplaceIds: ['A1PA6795UKMFR9'] })
  const call = async <T = never>(channel: string, input: unknown): Promise<T> => {
    const r = await t.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code })
    return r.data as T
  }
  const imp = (name: string, storeId: string) =>
    call('reimbursements.import', { storeId, fileId: t.services.files.register(join(FIX, name)).id })
  await imp('sample.tsv', a.id)
  await imp('update.tsv', a.id)
  await imp('formula-injection.tsv', a.id)
  await imp('windows-1252.tsv', b.id)
  return { t, a, b, call }
}

type List = { rows: Record<string, unknown>[]; total: number; totalCapped: boolean }

describe('reimbursements queries', () => {
  it('pages and sorts on the server', async () => {
    const { call } = await setup()
    const all = await call<List>('reimbursements.list', {})
    expect(all.total).toBe(8)
    expect(all.totalCapped).toBe(false)
    const times = all.rows.map((r) => r.reimbursedAt as string)
    expect(times).toEqual([...times].sort().reverse())
    const p1 = await call<List>('reimbursements.list', { pageSize: 3, page: 1, sortBy: 'amountTotal', sortDir: 'asc' })
    const p2 = await call<List>('reimbursements.list', { pageSize: 3, page: 2, sortBy: 'amountTotal', sortDir: 'asc' })
    expect(p1.rows).toHaveLength(3)
    expect(p1.total).toBe(8)
    const amounts = [...p1.rows, ...p2.rows].map((r) => r.amountTotalMinor as number)
    expect(amounts).toEqual([...amounts].sort((x, y) => x - y))
    expect(amounts[0]).toBe(-987)
  })

  it('filters by store, date range, reason and exact ids', async () => {
    const { call, a, b } = await setup()
    const ids = async (f: object) =>
      (await call<List>('reimbursements.list', { ...f, sortBy: 'reimbursementId', sortDir: 'asc' })).rows.map((r) => r.reimbursementId)
    expect(await ids({ storeId: b.id })).toEqual(['5000000001', '5000000002'])
    expect(await ids({ storeId: a.id, from: '2025-03-05', to: '2025-03-09' })).toEqual(['4587712203', '4591100456'])
    expect(await ids({ to: '2025-03-04' })).toEqual(['4582310917'])
    expect(await ids({ reasons: ['WarehouseLost'] })).toEqual(['4582310917'])
    expect(await ids({ reasons: ['ReimbursementCancellation', 'OutboundLost'] })).toEqual(['4591100456', '4599999999'])
    expect(await ids({ reasons: ['Other'] })).toEqual(['8000000001', '8000000002'])
    expect(await ids({ reimbursementId: '4587712203' })).toEqual(['4587712203'])
    expect(await ids({ orderId: '113-4521987-1234501' })).toEqual(['4587712203'])
    expect(await ids({ sku: 'MUG-11OZ-WHT' })).toEqual(['4582310917', '4591100456'])
    expect(await ids({ asin: 'B0DEUR0002' })).toEqual(['5000000002'])
    expect(await ids({ parentAsin: 'P-MUGS' })).toEqual([])
  })

  it('matches ids and SKUs by case-insensitive prefix, through an index', async () => {
    const { t, call } = await setup()
    const ids = async (f: object) =>
      (await call<List>('reimbursements.list', { ...f, sortBy: 'reimbursementId', sortDir: 'asc' })).rows.map((r) => r.reimbursementId)
    expect(await ids({ sku: 'mug-11oz' })).toEqual(['4582310917', '4591100456'])
    expect(await ids({ sku: 'MUG-11OZ-WHT' })).toEqual(['4582310917', '4591100456'])
    expect(await ids({ sku: 'ug-11' })).toEqual([]) // a prefix, not a substring
    expect(await ids({ reimbursementId: '45877' })).toEqual(['4587712203'])
    expect(await ids({ orderId: '113-4521987' })).toEqual(['4587712203'])
    expect(await ids({ asin: 'b0deur000' })).toEqual(['5000000001', '5000000002'])
    // Each filter alone is an index range, not a scan of the table.
    const plan = (where: string, ...params: string[]) =>
      (
        t.services.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM reimbursements r WHERE ${where}`).all(...params) as {
          detail: string
        }[]
      )
        .map((r) => r.detail)
        .join('; ')
    expect(plan('lower(r.sku) >= ? AND lower(r.sku) < ?', 'mug', 'mug\u{10FFFF}')).toMatch(
      /USING (COVERING )?INDEX reimbursements_sku_lower_idx/
    )
    expect(plan('r.amazon_order_id >= ? AND r.amazon_order_id < ?', '113', '113\u{10FFFF}')).toMatch(
      /USING (COVERING )?INDEX reimbursements_order_idx/
    )
  })

  it('reads title, image, parent ASIN and marketplace from the products catalog when it has the SKU', async () => {
    const { t, call, a } = await setup()
    let row = (await call<List>('reimbursements.list', { reimbursementId: '4587712203' })).rows[0]!
    expect(row).toMatchObject({
      marketplace: null,
      parentAsin: null,
      title: 'Ceramic Mug 15 oz Black',
      imageUrl: null,
      initiatedBy: 'seller',
      storeName: 'Mugs US',
      orderStatus: null
    })
    t.services.sqlite
      .prepare(
        'INSERT INTO products (store_id, sku, asin, parent_asin, title, image_url, marketplace_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run(
        a.id,
        'MUG-15OZ-BLK',
        'B0CXYZ5678',
        'P-MUGS',
        'Mug 15oz (catalog)',
        'https://example.invalid/m.jpg',
        'ATVPDKIKX0DER',
        '2026-01-01T00:00:00Z'
      )
    row = (await call<List>('reimbursements.list', { reimbursementId: '4587712203' })).rows[0]!
    expect(row).toMatchObject({
      marketplace: 'US',
      parentAsin: 'P-MUGS',
      title: 'Mug 15oz (catalog)',
      imageUrl: 'https://example.invalid/m.jpg'
    })
    const byParent = await call<List>('reimbursements.list', { parentAsin: 'P-MUGS' })
    expect(byParent.rows.map((r) => r.reimbursementId).sort()).toEqual(['4587712203', '4599999999'])
    expect((await call<List>('reimbursements.list', { reimbursementId: '4582310917' })).rows[0]).toMatchObject({
      initiatedBy: 'seller',
      caseId: '18888888888'
    })
    expect((await call<List>('reimbursements.list', { reimbursementId: '4591100456' })).rows[0]).toMatchObject({
      initiatedBy: 'amazon',
      timeFromApproval: true
    })
  })

  it('totals per currency equal the sum of amount-total of the filtered rows, exactly', async () => {
    const { call, a } = await setup()
    const s = await call<{
      count: number
      totals: { currency: string; amountMinor: number }[]
      months: { month: string; category: string; currency: string; amountMinor: number }[]
    }>('reimbursements.summary', {})
    // sample after update: 19.80 + 12.40 - 9.87 + 12.40 (new) ; injection: 1.00 - 2.50 ; EUR: 15.00 + 9.99
    expect(s.count).toBe(8)
    expect(s.totals).toEqual([
      { currency: 'EUR', amountMinor: 2499 },
      { currency: 'USD', amountMinor: 1980 + 1240 - 987 + 1240 + 100 - 250 }
    ])
    expect(s.months.filter((m) => m.month === '2025-03' && m.currency === 'USD').map((m) => [m.category, m.amountMinor])).toEqual([
      ['CustomerReturn', 1240],
      ['OutboundLost', 1240],
      ['ReimbursementCancellation', -987],
      ['WarehouseLost', 1980]
    ])
    const only = await call<{ totals: unknown }>('reimbursements.summary', { storeId: a.id, reasons: ['Other'] })
    expect(only.totals).toEqual([{ currency: 'USD', amountMinor: -150 }])
  })

  it('exports exactly the filtered rows as CSV with formula cells escaped', async () => {
    const { call, a } = await setup()
    const e = await call<{ fileName: string; rows: number; csv: string }>('reimbursements.exportCsv', {
      storeId: a.id,
      reasons: ['Other'],
      sortBy: 'reimbursementId',
      sortDir: 'asc'
    })
    expect(e.rows).toBe(2)
    expect(e.fileName).toMatch(/^reimbursements-Mugs_US-2026-11-22\.csv$/)
    const lines = e.csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^store,marketplace,reimbursement-time/)
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(lines[1]).toContain("'+SUM(A1:A9)")
    expect(lines[2]).toContain("'@cmd")
    expect(lines[2]).toContain(`"'-2+3, ""quoted"""`)
    expect(lines[2]).toContain(',-2.50,') // a plain negative amount stays a number
    const all = await call<{ rows: number }>('reimbursements.exportCsv', {})
    expect(all.rows).toBe(8)
  })

  it('order detail: what the store knows about the order and its reimbursements', async () => {
    const { call, a, b } = await setup()
    const d = await call<{
      order: unknown
      reimbursements: { reimbursementId: string }[]
      totals: unknown
      refunds: unknown[]
      returns: unknown[]
    }>('reimbursements.orderDetail', { storeId: a.id, amazonOrderId: '113-4521987-1234501' })
    expect(d.order).toBeNull()
    expect(d.reimbursements.map((r) => r.reimbursementId)).toEqual(['4587712203'])
    expect(d.totals).toEqual([{ currency: 'USD', amountMinor: 1240 }])
    expect(d.refunds).toEqual([])
    expect(d.returns).toEqual([])
    await expect(call('reimbursements.orderDetail', { storeId: b.id, amazonOrderId: '113-4521987-1234501' })).rejects.toMatchObject({
      code: 'NOT_FOUND'
    })
  })

  it('order detail: returns of the order (from a returns report) and its refunds (from the refund queue)', async () => {
    const { t, call, a } = await setup()
    const header = readFileSync(join(__dirname, '../../fixtures/rmas/mfn-returns.tsv'), 'utf8').split('\n')[0]!
    const row = (rma: string, sku: string, qty: number) =>
      `113-4521987-1234501\t10-Jul-2025\t14-Jul-2025\tApproved\t${rma}\t\tAmazonPrePaidLabel\t4.14\tUSD\tUSPS\t9202090339598363834190\tSeller\tN\tN\tB07XYZ1234\t${sku}\tMug\t${qty}\tAMZ-PG-BAD-DESC\tY\tC-Returns\tStandardRefund\t\t\t21.38\t${qty}\t\t\t\t\t\t`
    const file = join(t.dir, 'returns.tsv')
    writeFileSync(file, [header, row('RMA111', 'MUG-11OZ-WHT', 2), row('RMA222', 'MUG-15OZ-BLK', 1)].join('\n') + '\n')
    await call('rmas.import', { storeId: a.id, fileId: t.services.files.register(file).id })
    // A refund entry as the queue writes it (the queue's own tests cover how it gets there).
    const orderId = t.services.sqlite
      .prepare('SELECT id FROM orders WHERE store_id = ? AND amazon_order_id = ?')
      .pluck()
      .get(a.id, '113-4521987-1234501') as string
    t.services.sqlite
      .prepare(
        `INSERT INTO queue_entries (store_id, order_id, kind, status, reason, lines, currency, total_minor, source, queued, created_at, updated_at)
         VALUES (?, ?, 'refund', 'done', 'CustomerReturn', '[]', 'USD', 1240, 'rma', 1, '2025-07-20T10:00:00.000Z', '2025-07-20T10:00:00.000Z')`
      )
      .run(a.id, orderId)
    const d = await call<{ order: { isMinimal: boolean } | null; refunds: unknown[]; returns: unknown[] }>('reimbursements.orderDetail', {
      storeId: a.id,
      amazonOrderId: '113-4521987-1234501'
    })
    expect(d.order).toMatchObject({ isMinimal: true })
    expect(d.returns).toEqual([
      { id: 'RMA111', at: expect.stringMatching(/^2025-07-14/), sku: 'MUG-11OZ-WHT', quantity: 2, status: 'Open' },
      { id: 'RMA222', at: expect.stringMatching(/^2025-07-14/), sku: 'MUG-15OZ-BLK', quantity: 1, status: 'Open' }
    ])
    expect(d.refunds).toEqual([
      { id: expect.any(String), at: '2025-07-20T10:00:00.000Z', amountMinor: 1240, currency: 'USD', status: 'done' }
    ])
  })

  it('rejects bad filter input at the boundary', async () => {
    const { t } = await setup()
    const r = await t.dispatch('reimbursements.list', { from: '2025-13-01' })
    expect(r.ok).toBe(false)
    const r2 = await t.dispatch('reimbursements.list', { reasons: ['Nope'] })
    expect(r2.ok).toBe(false)
  })
})
