/**
 * More rows than the list's count cap (10,000) and than one insert batch: the paths that only
 * large data takes (the sort-index walk of the list, batched inserts, duplicates far apart).
 * Every page is compared with the plain SQL answer.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LIST_COUNT_CAP } from '../../../src/shared/contract/reimbursements'
import { makeServices, validStore } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

const HEADER =
  'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type'
const REASONS = [
  'Lost_Warehouse',
  'Damaged_Warehouse',
  'CustomerReturn',
  'CustomerServiceIssue',
  'Lost_Outbound',
  'GeneralAdjustment',
  'Reimbursement_Reversal'
]

function line(i: number): string {
  const t = new Date(Date.parse('2025-01-01T00:00:00Z') + i * 3_600_000).toISOString().replace('.000Z', '+00:00')
  const reason = i % 2 === 0 ? 'Lost_Outbound' : REASONS[((i - 1) / 2) % REASONS.length]!
  // Amounts that sort against the reasons (large amounts never Lost_Outbound), so some walks must fall back.
  const amount = reason === 'Lost_Outbound' ? 1 + (i % 7) : 10 + ((i * 37) % 500)
  return `${t}\t${4_100_000_000 + Math.floor(i / 2)}\t\t\t${reason}\tSKU-${(i * 13) % 900}\t\t\tMug\tNew\tUSD\t${amount}.00\t${amount}.${String(i % 100).padStart(2, '0')}\t1\t0\t1\t\t`
}

describe('reimbursements with more rows than the count cap', () => {
  it('imports in batches, catches duplicates far apart, and every list page equals the plain query', async () => {
    const t = makeServices()
    cleanups.push(t.close)
    const a = await t.services.stores.create(validStore)
    const b = await t.services.stores.create({ ...validStore, name: 'Second' })
    const n = 2 * LIST_COUNT_CAP + 4000 // rows of the first file; a third file adds one
    const lines = [HEADER]
    for (let i = 0; i < n; i++) lines.push(line(i))
    lines.push(line(3)) // a duplicate of line 5, thousands of rows later
    const file = join(t.dir, 'large.tsv')
    writeFileSync(file, `${lines.join('\n')}\n`)
    const r = await t.services.reimbursements.importFile(
      { storeId: a.id, fileId: t.services.files.register(file).id, detailLimit: 10 },
      true
    )
    expect(r).toMatchObject({ inserted: n, updated: 0, unchanged: 0, rejectedCount: 1 })
    expect(r.rejected[0]!.reason).toMatch(/duplicate of line 5/)
    const again = await t.services.reimbursements.importFile(
      { storeId: a.id, fileId: t.services.files.register(file).id, detailLimit: 10 },
      true
    )
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: n, rejectedCount: 1 })
    expect(again.rejected[0]!.reason).toMatch(/duplicate of line 5/)
    // Mixed batches: one changed line, one new line amid known ones, and a line repeated with other values.
    const changed = [...lines]
    changed[8] = changed[8]!.replace(/\t1\t0\t1\t\t$/, '\t2\t0\t2\t\t')
    changed.splice(150, 0, line(n + 10))
    changed.push(changed[8]!.replace(/\t2\t0\t2\t\t$/, '\t3\t0\t3\t\t'))
    const file2 = join(t.dir, 'large-changed.tsv')
    writeFileSync(file2, `${changed.join('\n')}\n`)
    const third = await t.services.reimbursements.importFile(
      { storeId: a.id, fileId: t.services.files.register(file2).id, detailLimit: 10 },
      true
    )
    expect(third).toMatchObject({ inserted: 1, updated: 1, unchanged: n - 1, rejectedCount: 2 })
    expect(third.rejected.map((x) => x.reason)).toEqual([
      expect.stringMatching(/duplicate of line 5/),
      expect.stringMatching(/same reimbursement line as line 9 .* different values/)
    ])
    const small = join(t.dir, 'small.tsv')
    writeFileSync(small, `${[HEADER, line(1), line(2)].join('\n')}\n`)
    await t.services.reimbursements.importFile({ storeId: b.id, fileId: t.services.files.register(small).id, detailLimit: 10 }, true)

    // Totals and chart (kept per day by the import) equal the aggregate over the rows, also after the update above.
    const sums: { storeId?: string; reasons?: string[]; from?: string; to?: string }[] = [
      {},
      { storeId: a.id },
      { storeId: b.id, reasons: ['WarehouseLost'] },
      { reasons: ['OutboundLost', 'Other'], from: '2025-02-01', to: '2026-06-30' }
    ]
    for (const f of sums) {
      const w: string[] = []
      const p: unknown[] = []
      if (f.storeId) {
        w.push('store_id = ?')
        p.push(f.storeId)
      }
      if (f.reasons) {
        w.push(`reason_category IN (${f.reasons.map(() => '?').join(', ')})`)
        p.push(...f.reasons)
      }
      if (f.from) {
        w.push('reimbursed_at >= ? AND reimbursed_at < ?')
        p.push(`${f.from}T00:00:00.000Z`, `${f.to}T24`)
      }
      const months = t.services.sqlite
        .prepare(
          `SELECT substr(reimbursed_at, 1, 7) AS month, reason_category AS category, currency, sum(amount_total_minor) AS amountMinor, count(*) AS count
           FROM reimbursements ${w.length ? `WHERE ${w.join(' AND ')}` : ''} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
        )
        .all(...p)
      expect(months.length).toBeGreaterThan(0)
      expect(t.services.reimbursements.summary(f as never).months, JSON.stringify(f)).toEqual(months)
    }

    const col = {
      amountTotal: 'amount_total_minor',
      reimbursementId: 'reimbursement_id',
      sku: 'sku',
      reimbursedAt: 'reimbursed_at'
    } as const
    const filters: { storeId?: string; reasons?: string[]; from?: string; to?: string }[] = [
      { storeId: a.id },
      { storeId: b.id },
      { reasons: ['OutboundLost'] },
      { reasons: ['WarehouseLost', 'CustomerReturn'], storeId: a.id },
      { reasons: ['OutboundLost', 'Other'], storeId: a.id },
      { from: '2025-03-01', to: '2025-09-30' },
      { from: '2025-02-01', to: '2026-06-30' },
      { storeId: a.id, reasons: ['OutboundLost'], from: '2025-02-01', to: '2026-08-31' },
      {}
    ]
    for (const f of filters)
      for (const sortBy of ['amountTotal', 'reimbursementId', 'sku', 'reimbursedAt'] as const)
        for (const sortDir of ['asc', 'desc'] as const)
          for (const [page, pageSize] of [
            [1, 50],
            [3, 100],
            [40, 100]
          ] as const) {
            const got = t.services.reimbursements.list({ ...f, sortBy, sortDir, page, pageSize } as never)
            const w: string[] = []
            const p: unknown[] = []
            if (f.storeId) {
              w.push('store_id = ?')
              p.push(f.storeId)
            }
            if (f.reasons) {
              w.push(`reason_category IN (${f.reasons.map(() => '?').join(', ')})`)
              p.push(...f.reasons)
            }
            if (f.from) {
              w.push('reimbursed_at >= ? AND reimbursed_at < ?')
              p.push(`${f.from}T00:00:00.000Z`, `${f.to}T24`)
            }
            const d = sortDir.toUpperCase()
            const expected = t.services.sqlite
              .prepare(
                `SELECT id FROM reimbursements ${w.length ? `WHERE ${w.join(' AND ')}` : ''} ORDER BY ${col[sortBy]} ${d}, id ${d} LIMIT ? OFFSET ?`
              )
              .pluck()
              .all(...p, pageSize, (page - 1) * pageSize)
            expect(
              got.rows.map((x) => x.id),
              JSON.stringify({ f, sortBy, sortDir, page })
            ).toEqual(expected)
          }
    expect(t.services.reimbursements.list({ storeId: a.id, sortBy: 'sku', sortDir: 'asc', page: 1, pageSize: 50 } as never)).toMatchObject({
      total: LIST_COUNT_CAP,
      totalCapped: true
    })
  })
})
