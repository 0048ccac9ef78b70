import { describe, expect, it } from 'vitest'
import type { ReimbursementRecord } from '../../../src/main/amazon/reports/reimbursements'
import { lineKey } from '../../../src/main/reimbursements/rules'
import { chunksOf, COMPARED, INSERT_BATCH, pushTuple, ROW_WIDTH, T, type Cell } from '../../../src/main/reimbursements/rows'

const record = (line: number): ReimbursementRecord => ({
  line,
  approvedAt: '2025-03-04T08:17:52.000Z',
  reimbursedAt: '2025-03-05T00:00:00.000Z',
  timeFromApproval: false,
  reimbursementId: `45823109${line}`,
  caseId: '17234567890',
  amazonOrderId: '113-4521987-1234501',
  reason: 'Lost_Warehouse',
  reasonCategory: 'WarehouseLost',
  sku: 'MUG-11OZ',
  fnsku: 'X000ABC123',
  asin: 'B07XYZ1234',
  productName: 'Mug',
  condition: 'NewItem',
  currency: 'USD',
  amountPerUnitMinor: 987,
  amountTotalMinor: 1974,
  quantityCash: 2,
  quantityInventory: 0,
  quantityTotal: 2,
  originalReimbursementId: '4582310000',
  originalReimbursementType: 'Damaged_Warehouse',
  raw: 'a\tb'
})

describe('import row tuples', () => {
  it('lay a record out in the order of COMPARED and T (what the INSERT binds)', () => {
    const r = record(7)
    const out: Cell[] = []
    pushTuple(out, r)
    expect(out).toHaveLength(ROW_WIDTH)
    expect(out[T.id]).toBe(r.reimbursementId)
    expect(out[T.key]).toBe(lineKey(r))
    COMPARED.forEach(([, k], i) => expect(out[T.compared + i]).toBe(k === 'timeFromApproval' ? 0 : r[k]))
    expect([out[T.reimbursedAt], out[T.timeFromApproval], out[T.reasonCategory], out[T.currency], out[T.amountTotal]]).toEqual([
      r.reimbursedAt,
      0,
      'WarehouseLost',
      'USD',
      1974
    ])
    expect([out[T.order], out[T.reason], out[T.sku], out[T.fnsku], out[T.originalId], out[T.line], out[T.raw]]).toEqual([
      r.amazonOrderId,
      r.reason,
      r.sku,
      r.fnsku,
      r.originalReimbursementId,
      7,
      'a\tb'
    ])
  })

  it('chunk rows by INSERT_BATCH in file order, rejected lines with them', async () => {
    async function* batches() {
      yield [
        { kind: 'rejected' as const, line: 2, reason: 'bad' },
        ...Array.from({ length: 150 }, (_, i) => ({ kind: 'row' as const, row: record(i + 3) }))
      ]
      yield [{ kind: 'rejected' as const, line: 153, reason: 'worse' }]
    }
    const chunks = []
    for await (const c of chunksOf(batches())) chunks.push(c)
    expect(chunks.map((c) => [c.n, c.rows.length, c.rejected])).toEqual([
      [INSERT_BATCH, INSERT_BATCH * ROW_WIDTH, [[2, 'bad']]],
      [50, 50 * ROW_WIDTH, [[153, 'worse']]]
    ])
    expect(chunks[1]!.rows[T.line]).toBe(INSERT_BATCH + 3)
  })
})
