import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  openReimbursementsReport,
  parseReportDate,
  type ParsedRow,
  type ReimbursementRecord
} from '../../../src/main/amazon/reports/reimbursements'
import { AppError } from '../../../src/main/errors'

const FIX = join(__dirname, '../../fixtures/reimbursements')
const fixture = (name: string) => join(FIX, name)

async function parse(source: string | Buffer, hint: { japanese?: boolean; charset?: string } = {}) {
  const rep = await openReimbursementsReport(source, { file: 'test.tsv', ...hint })
  const out: ParsedRow[] = []
  for await (const r of rep.rows) out.push(r)
  const rows = out.filter((r): r is { kind: 'row'; row: ReimbursementRecord } => r.kind === 'row').map((r) => r.row)
  const rejected = out.filter((r): r is { kind: 'rejected'; line: number; reason: string } => r.kind === 'rejected')
  return { rep, rows, rejected }
}

describe('FBA reimbursements parser', () => {
  it('reads the sample file: 3 typed rows, exact minor units, approval time flagged', async () => {
    const { rep, rows, rejected } = await parse(fixture('sample.tsv'))
    expect(rep.encoding).toBe('utf-8')
    expect(rep.hasReimbursementTime).toBe(false)
    expect(rejected).toEqual([])
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatchObject({
      line: 2,
      approvedAt: '2025-03-04T08:17:52.000Z',
      reimbursedAt: '2025-03-04T08:17:52.000Z',
      timeFromApproval: true,
      reimbursementId: '4582310917',
      caseId: null,
      amazonOrderId: null,
      reason: 'Lost_Warehouse',
      reasonCategory: 'WarehouseLost',
      sku: 'MUG-11OZ-WHT',
      currency: 'USD',
      amountPerUnitMinor: 987,
      amountTotalMinor: 1974,
      quantityCash: 2,
      quantityInventory: 0,
      quantityTotal: 2
    })
    expect(rows[1]).toMatchObject({
      caseId: '17234567891',
      amazonOrderId: '113-4521987-1234501',
      reasonCategory: 'CustomerReturn',
      amountTotalMinor: 1240
    })
    expect(rows[2]).toMatchObject({
      reasonCategory: 'ReimbursementCancellation',
      amountTotalMinor: -987,
      quantityCash: -1,
      quantityTotal: -1,
      originalReimbursementId: '4582310917',
      originalReimbursementType: 'Lost_Warehouse'
    })
    // amount-total sums exactly (no float drift)
    expect(rows.reduce((s, r) => s + r.amountTotalMinor, 0)).toBe(1974 + 1240 - 987)
    // Every cell of Amazon's 18 columns is in a field: no raw copy of the line.
    expect(rows[0]!.raw).toBeNull()
  })

  it('keeps the raw line when the file has columns it does not map (nothing in the file is lost)', async () => {
    const text = readFileSync(fixture('sample.tsv'), 'utf8')
      .split('\n')
      .map((l, i) => (l === '' ? l : `${l}\t${i === 0 ? 'warehouse-note' : `note ${i}`}`))
      .join('\n')
    const { rows } = await parse(Buffer.from(text))
    expect(rows).toHaveLength(3)
    expect(rows[0]!.raw!.split('\t')).toHaveLength(19)
    expect(rows[0]!.raw!.split('\t')[18]).toBe('note 1')
  })

  it('reads a BOM + CRLF file with blank trailing lines the same way', async () => {
    const a = await parse(fixture('sample.tsv'))
    const b = await parse(fixture('bom-crlf.tsv'))
    expect(b.rejected).toEqual([])
    expect(b.rows.map(({ raw: _r, ...x }) => x)).toEqual(a.rows.map(({ raw: _r, ...x }) => x))
  })

  it('decodes a windows-1252 file (Seller Central EU download)', async () => {
    const { rep, rows, rejected } = await parse(fixture('windows-1252.tsv'))
    expect(rep.encoding).toBe('windows-1252')
    expect(rejected).toEqual([])
    expect(rows[0]!.productName).toBe('Tasse à café bleue™ – Größe M')
    expect(rows[1]!.productName).toBe('Tasse rouge (€ édition)')
    expect(rows.map((r) => [r.currency, r.amountTotalMinor])).toEqual([
      ['EUR', 1500],
      ['EUR', 999]
    ])
  })

  it('decodes a Shift_JIS file for Japan; JPY has no minor digits; +09:00 becomes UTC', async () => {
    const { rep, rows, rejected } = await parse(fixture('jp-shift_jis.tsv'), { japanese: true })
    expect(rep.encoding).toBe('shift_jis')
    expect(rejected).toEqual([])
    expect(rows[0]).toMatchObject({
      productName: '陶器マグカップ 白 350ml',
      condition: '新品',
      currency: 'JPY',
      amountPerUnitMinor: 1200,
      amountTotalMinor: 2400,
      approvedAt: '2025-05-10T00:00:00.000Z'
    })
    expect(rows[1]!.productName).toBe('マグカップ 黒「限定版」')
  })

  it('rejects the whole file when required columns are missing, naming them', async () => {
    const e = await openReimbursementsReport(fixture('missing-columns.tsv'), { file: 'missing-columns.tsv' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('VALIDATION')
    expect((e as AppError).message).toContain('currency-unit, amount-total')
    expect((e as AppError).message).toContain('missing-columns.tsv')
    expect((e as AppError).details).toMatchObject({ line: 1, missing: ['currency-unit', 'amount-total'] })
  })

  it('rejects an empty file', async () => {
    await expect(openReimbursementsReport(Buffer.from('\n\n'), { file: 'empty.tsv' })).rejects.toThrow(/empty/)
  })

  it('reports every bad row with its line and reason and keeps the good ones', async () => {
    const { rows, rejected } = await parse(fixture('bad-rows.tsv'))
    // duplicates (lines 7, 8) are the importer's business: the parser sees three good rows with the same key
    expect(rows.map((r) => r.line)).toEqual([2, 7, 8])
    const byLine = Object.fromEntries(rejected.map((r) => [r.line, r.reason]))
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 9, 11, 12])
    expect(byLine[3]).toMatch(/amount-total '19,74' is not an amount in USD/)
    expect(byLine[4]).toMatch(/approval-date '04\/03\/2025' is not a date/)
    expect(byLine[5]).toMatch(/currency-unit 'XYZ'/)
    expect(byLine[6]).toMatch(/has 10 columns, the header has 18/)
    expect(byLine[9]).toMatch(/quantity-reimbursed-cash 'two' is not a whole number/)
    expect(byLine[11]).toMatch(/amount-total '19.745'/)
    expect(byLine[12]).toMatch(/sku is empty/)
  })

  it('flags a truncated last line', async () => {
    const { rows, rejected } = await parse(fixture('truncated.tsv'))
    expect(rows).toHaveLength(2)
    expect(rejected).toHaveLength(1)
    expect(rejected[0]!.line).toBe(4)
    expect(rejected[0]!.reason).toMatch(/cut short/)
  })

  it('matches headers by name in any order and case, and takes a reimbursement time column when present', async () => {
    const text = [
      'Currency-Unit\tAmount-Total\tSku\tReason\tReimbursement-ID\tApproval-Date\treimbursement-date',
      'GBP\t3.10\tA-1\tLost_Outbound\t9\t2025-01-01T00:00:00Z\t2025-01-03T12:00:00Z',
      'GBP\t1\tA-2\tLost_Outbound\t10\t2025-01-01\t'
    ].join('\n')
    const { rows, rejected } = await parse(Buffer.from(text))
    expect(rejected).toEqual([])
    expect(rows[0]).toMatchObject({
      currency: 'GBP',
      amountTotalMinor: 310,
      reimbursedAt: '2025-01-03T12:00:00.000Z',
      approvedAt: '2025-01-01T00:00:00.000Z',
      timeFromApproval: false,
      quantityTotal: 0,
      reasonCategory: 'OutboundLost'
    })
    expect(rows[1]).toMatchObject({ reimbursedAt: '2025-01-01T00:00:00.000Z', timeFromApproval: true, amountTotalMinor: 100 })
  })
})

describe('report dates', () => {
  it('accepts the ISO-8601 forms Amazon uses and converts to UTC', () => {
    expect(parseReportDate('2025-03-04T08:17:52+00:00')).toBe('2025-03-04T08:17:52.000Z')
    expect(parseReportDate('2025-03-04T08:17:52-07:00')).toBe('2025-03-04T15:17:52.000Z')
    expect(parseReportDate('2025-03-04T08:17:52.5Z')).toBe('2025-03-04T08:17:52.500Z')
    expect(parseReportDate('2025-03-04 08:17:52 UTC')).toBe('2025-03-04T08:17:52.000Z')
    expect(parseReportDate('2025-03-04')).toBe('2025-03-04T00:00:00.000Z')
  })
  it('rejects what is not a real date', () => {
    for (const s of ['2025-02-30', '2025-13-01', '04/03/2025', 'yesterday', '2025-03-04T25:00:00Z', ''])
      expect(parseReportDate(s)).toBeNull()
  })
})
