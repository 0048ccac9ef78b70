/**
 * The chart tells the truth (issue 12 §4): on a real SQLite file, after importing a report with
 * payments and reversals in the same months, every figure the chart's tooltip shows (month ×
 * reason) equals the table's total for that month and reason — the sum of amount-total of the
 * rows the list returns with that filter — on both summary paths (the per-day sums and the rows).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REASON_CATEGORIES } from '../../../src/shared/contract/reimbursements'
import { buildChartSeries, monthsBetween } from '../../../src/renderer/src/pages/reimbursements/series'
import { makeServices, validStore } from '../../helpers/services'

const HEADER =
  'approval-date\treimbursement-id\tcase-id\tamazon-order-id\treason\tsku\tfnsku\tasin\tproduct-name\tcondition\tcurrency-unit\tamount-per-unit\tamount-total\tquantity-reimbursed-cash\tquantity-reimbursed-inventory\tquantity-reimbursed-total\toriginal-reimbursement-id\toriginal-reimbursement-type'
const row = (day: string, id: string, reason: string, perUnit: string, total: string, qty: number, currency = 'USD', original = '') =>
  `${day}T10:00:00+00:00\t${id}\t\t\t${reason}\tMUG-${id.slice(-2)}\tX00${id.slice(-6)}\tB0${id.slice(-8)}\tMug\tNew\t${currency}\t${perUnit}\t${total}\t${qty}\t0\t${qty}\t${original}\t${original ? 'Cash' : ''}`

const ROWS = [
  row('2025-01-05', '5000000001', 'Lost_Warehouse', '19.74', '1974.00', 100),
  row('2025-01-20', '5000000002', 'Reimbursement_Reversal', '-19.74', '-1974.00', -100, 'USD', '5000000001'),
  row('2025-01-21', '5000000003', 'CustomerReturn', '12.40', '12.40', 1),
  // February: nothing. March: a payment and a reversal of the same reason.
  row('2025-03-02', '5000000004', 'Lost_Warehouse', '1234.56', '2469.12', 2),
  row('2025-03-30', '5000000005', 'Lost_Warehouse', '-5.00', '-5.00', -1),
  row('2025-03-31', '5000000006', 'GeneralAdjustment', '-7.25', '-7.25', -1),
  row('2025-04-01', '5000000007', 'Lost_Warehouse', '9.99', '9.99', 1, 'EUR')
]

let t: ReturnType<typeof makeServices>
afterEach(() => t?.close())

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return `${month}-${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`
}

describe('reimbursements chart series against the service', () => {
  it('every tooltip figure equals the table total for that month and reason; empty months are there', async () => {
    t = makeServices()
    const store = await t.services.stores.create(validStore)
    const file = join(t.dir, 'reimbursements.tsv')
    writeFileSync(file, `${HEADER}\n${ROWS.join('\n')}\n`)
    const imported = await t.services.reimbursements.importFile(
      { storeId: store.id, fileId: t.services.files.register(file).id, detailLimit: 100 },
      true
    )
    expect(imported.rejectedCount).toBe(0)

    for (const extra of [{}, { sku: 'MUG-01' }]) {
      // {} reads the per-day sums; an exact filter reads the rows themselves.
      const filter = { storeId: store.id, from: '2025-01-01', to: '2025-03-31', ...extra }
      const series = buildChartSeries(t.services.reimbursements.summary(filter).months, {
        currency: 'USD',
        categories: REASON_CATEGORIES,
        from: filter.from,
        to: filter.to
      })
      expect(series.months.map((m) => m.month)).toEqual(monthsBetween('2025-01', '2025-03'))
      for (const m of series.months) {
        for (const c of REASON_CATEGORIES) {
          const rows = t.services.reimbursements.list({
            ...filter,
            from: `${m.month}-01`,
            to: lastDay(m.month),
            reasons: [c],
            page: 1,
            pageSize: 500,
            sortBy: 'reimbursedAt',
            sortDir: 'desc'
          }).rows
          const usd = rows.filter((r) => r.currency === 'USD')
          const table = usd.reduce((a, r) => a + r.amountTotalMinor, 0)
          expect({ month: m.month, c, amount: m.cells[c]?.amountMinor ?? 0, count: m.cells[c]?.count ?? 0 }).toEqual({
            month: m.month,
            c,
            amount: table,
            count: usd.length
          })
        }
      }
      if (Object.keys(extra).length === 0) {
        const jan = series.months[0]!
        expect(jan).toMatchObject({ positiveMinor: 197400 + 1240, negativeMinor: -197400, netMinor: 1240 })
        expect(series.months[1]).toMatchObject({ month: '2025-02', count: 0 })
        expect(series.months[2]!.cells.WarehouseLost).toEqual({ amountMinor: 246912 - 500, count: 2 })
      }
    }
  })
})
