/** The settlement V2 flat file: one fixture per number format, totals to the cent, strict amounts. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSettlementDate, parseSettlementReport } from '../../../../src/main/amazon/reports/settlement'
import { isAppError } from '../../../../src/main/errors'

const fixture = (name: string) => join(__dirname, '../../../fixtures/settlements', name)
const parse = (name: string, marketplaceIds?: string[]) => parseSettlementReport(fixture(name), { file: name, marketplaceIds })

async function rejection(p: Promise<unknown>) {
  try {
    await p
  } catch (e) {
    if (isAppError(e)) return e
    throw e
  }
  throw new Error('expected the file to be refused')
}

describe('settlement V2 flat file', () => {
  it('US: dot decimals with thousands commas; totals per currency to the cent, equal to total-amount', async () => {
    const r = await parse('settlement-us.tsv')
    expect(r).toMatchObject({
      settlementId: '11110001',
      currency: 'USD',
      decimalMark: '.',
      startAt: '2026-11-01T00:00:00.000Z',
      endAt: '2026-11-15T00:00:00.000Z',
      depositAt: '2026-11-17T00:00:00.000Z',
      declaredTotal: { currency: 'USD', amountMinor: 107390 },
      totals: [{ currency: 'USD', amountMinor: 107390 }],
      balanced: true,
      marketplaceNames: ['Amazon.com']
    })
    expect(r.lines).toHaveLength(9)
    expect(r.lines[0]).toMatchObject({
      line: 3,
      transactionType: 'Order',
      amountType: 'ItemPrice',
      amountDescription: 'Principal',
      amountMinor: 123450,
      quantity: 1
    })
    const refund = r.lines.filter((l) => l.transactionType === 'Refund')
    expect(refund.map((l) => l.amountMinor)).toEqual([-2999, -240, 450, -90])
    expect(refund[0]).toMatchObject({
      orderId: '113-2222222-2222222',
      adjustmentId: 'amzn1.adj.US0001',
      postedAt: '2026-11-09T08:30:00.000Z'
    })
  })

  it('DE: comma decimals ("95,00", "1.234,50"), dotted dates, a summary line without trailing cells', async () => {
    const r = await parse('settlement-de.tsv')
    expect(r).toMatchObject({ currency: 'EUR', decimalMark: ',', declaredTotal: { amountMinor: 104325 }, balanced: true })
    expect(r.totals).toEqual([{ currency: 'EUR', amountMinor: 104325 }])
    expect(r.lines.map((l) => l.amountMinor)).toEqual([9500, -1425, -322, 123450, -18518, -9500, 1425, -285])
    expect(r.lines[5]!.postedAt).toBe('2026-11-10T09:45:00.000Z')
    expect(r.decimalMarkEvidence).toContain('Amazon.de')
  })

  it('FR: comma decimals, ISO dates with offset, a negative settlement', async () => {
    const r = await parse('settlement-fr.tsv')
    expect(r).toMatchObject({ currency: 'EUR', decimalMark: ',', balanced: true, startAt: '2026-11-01T00:00:00.000Z' })
    expect(r.totals).toEqual([{ currency: 'EUR', amountMinor: -394 }])
  })

  it('JP: no decimals (JPY), thousands commas allowed', async () => {
    const r = await parse('settlement-jp.tsv')
    expect(r).toMatchObject({ currency: 'JPY', decimalMark: '.', balanced: true })
    expect(r.totals).toEqual([{ currency: 'JPY', amountMinor: 10926 }])
    expect(r.lines.find((l) => l.sku === 'KETTLE-JP' && l.amountType === 'ItemPrice')!.amountMinor).toBe(12800)
  })

  it('a malformed amount refuses the file with file, line and column', async () => {
    const e = await rejection(parse('settlement-de-bad-amount.tsv'))
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toContain('settlement-de-bad-amount.tsv')
    expect(e.message).toContain("line 6, column 15 (amount): '12.50' is not an amount in this file's number format")
    expect(e.details).toMatchObject({ problems: [{ line: 6, column: 15, columnName: 'amount' }] })
  })

  it('the same line identity on every read; identical lines get distinct keys', async () => {
    const a = await parse('settlement-de.tsv')
    const b = await parse('settlement-de.tsv')
    expect(a.lines.map((l) => l.lineKey)).toEqual(b.lines.map((l) => l.lineKey))
    expect(new Set(a.lines.map((l) => l.lineKey)).size).toBe(a.lines.length)
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/)
    const twice = Buffer.from(
      [
        'settlement-id\ttotal-amount\tcurrency\ttransaction-type\tmarketplace-name\tamount-type\tamount',
        '9\t-2,00\tEUR\t\t\t\t',
        '9\t\t\tOther\tAmazon.fr\tFee\t-1,00',
        '9\t\t\tOther\tAmazon.fr\tFee\t-1,00'
      ].join('\n')
    )
    const r = await parseSettlementReport(twice, { file: 'twice.tsv' })
    expect(r.lines.map((l) => l.lineKey.split('#')[1])).toEqual(['1', '2'])
    expect(r.balanced).toBe(true)
  })

  it('decides the decimal mark once per file, never per value: an ambiguous or foreign-format value is refused', async () => {
    const file = (amount: string, mp = 'Amazon.de', cur = 'EUR') =>
      Buffer.from(
        [
          'settlement-id\ttotal-amount\tcurrency\ttransaction-type\tmarketplace-name\tamount-type\tamount',
          `5\t0\t${cur}\t\t\t\t`,
          `5\t\t\tOrder\t${mp}\tItemPrice\t${amount}`
        ].join('\n')
      )
    const ambiguous = await rejection(parseSettlementReport(file('1.234'), { file: 'amb.tsv' }))
    expect(ambiguous.message).toContain("line 3, column 7 (amount): '1.234' is ambiguous")
    const dotInDe = await rejection(parseSettlementReport(file('1,234.50'), { file: 'x.tsv' }))
    expect(dotInDe.message).toContain("'1,234.50' is not an amount")
    const commaInUs = await rejection(parseSettlementReport(file('95,00', 'Amazon.com', 'USD'), { file: 'y.tsv' }))
    expect(commaInUs.message).toContain("'95,00' is not an amount in this file's number format (decimal mark '.'")
    // No marketplace name and EUR (Ireland writes a dot): the store's marketplace decides, or the file is refused.
    const bare = (amount: string) =>
      Buffer.from(
        [
          'settlement-id\ttotal-amount\tcurrency\ttransaction-type\tamount-type\tamount',
          `6\t${amount}\tEUR\t\t\t`,
          `6\t\t\tOther\tFee\t${amount}`
        ].join('\n')
      )
    const unknown = await rejection(parseSettlementReport(bare('95,00'), { file: 'z.tsv' }))
    expect(unknown.message).toContain('cannot tell the number format')
    const de = await parseSettlementReport(bare('95,00'), { file: 'z.tsv', marketplaceIds: ['A1PA6795UKMFR9'] })
    expect(de.totals).toEqual([{ currency: 'EUR', amountMinor: 9500 }])
  })

  it('is recognised by content: another report is refused with what is missing', async () => {
    const e = await rejection(
      parseSettlementReport(join(__dirname, '../../../fixtures/reports/fba-reimbursements.tsv'), { file: 'fba-reimbursements.tsv' })
    )
    expect(e.message).toContain('this is not a settlement report')
    const v1 = Buffer.from(
      [
        'settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tprice-type\tprice-amount\titem-related-fee-type\titem-related-fee-amount',
        '6016502941\t2015-12-02T03:27:08+00:00\t2015-12-16T03:27:08+00:00\t2015-12-18T03:27:08+00:00\t10.00\tUSD\t\t\t\t\t\t'
      ].join('\n')
    )
    const old = await rejection(parseSettlementReport(v1, { file: 'v1.txt' }))
    expect(old.message).toContain('the old settlement flat file (V1')
  })

  it('reads settlement dates in ISO and dotted forms; refuses slash dates (day and month order differ by marketplace)', () => {
    expect(parseSettlementDate('2026-03-13 20:21:38 UTC')).toBe('2026-03-13T20:21:38.000Z')
    expect(parseSettlementDate('13.03.2026 20:21:38 UTC')).toBe('2026-03-13T20:21:38.000Z')
    expect(parseSettlementDate('2026-03-13')).toBe('2026-03-13T00:00:00.000Z')
    expect(parseSettlementDate('03/04/2026')).toBeNull()
    expect(parseSettlementDate('31.02.2026')).toBeNull()
  })
})
