import { describe, expect, it } from 'vitest'
import { REASON_CATEGORIES } from '../../../src/shared/contract/reimbursements'
import { csvCell, csvLine, initiatedBy, KNOWN_REASONS, lineKey, reasonCategory } from '../../../src/main/reimbursements/rules'

describe('reason categories', () => {
  // Every raw reason in sp-api-notes §1.1 (GET_FBA_REIMBURSEMENTS_DATA, values seen in public code) plus Lost_Outbound.
  const documented: [string, string][] = [
    ['Lost_Warehouse', 'WarehouseLost'],
    ['Damaged_Warehouse', 'WarehouseDamaged'],
    ['Lost_Inbound', 'WarehouseLost'],
    ['Damaged_Inbound', 'WarehouseDamaged'],
    ['CustomerReturn', 'CustomerReturn'],
    ['CustomerServiceIssue', 'CustomerServiceIssue'],
    ['GeneralAdjustment', 'Other'],
    ['ReturnAdjustment', 'CustomerReturn'],
    ['FeeCorrection', 'Other'],
    ['Reimbursement_Reversal', 'ReimbursementCancellation'],
    ['Lost_Outbound', 'OutboundLost']
  ]
  it.each(documented)('%s -> %s', (raw, cat) => expect(reasonCategory(raw)).toBe(cat))

  it('maps every known raw reason to one of the seven categories', () => {
    for (const raw of Object.keys(KNOWN_REASONS)) expect(REASON_CATEGORIES).toContain(reasonCategory(raw))
    for (const [raw] of documented) expect(Object.keys(KNOWN_REASONS)).toContain(raw)
  })

  it('reads the online wording and odd spacing/case the same way', () => {
    expect(reasonCategory('Damaged: Warehouse')).toBe('WarehouseDamaged')
    expect(reasonCategory('Lost: Warehouse')).toBe('WarehouseLost')
    expect(reasonCategory('lost_warehouse')).toBe('WarehouseLost')
    expect(reasonCategory(' Customer Service Issue ')).toBe('CustomerServiceIssue')
    expect(reasonCategory('Reimbursement Reversal')).toBe('ReimbursementCancellation')
  })

  it('sends anything unknown (or empty) to Other', () => {
    expect(reasonCategory('SomethingAmazonAddsNextYear')).toBe('Other')
    expect(reasonCategory('')).toBe('Other')
  })
})

describe('initiated by', () => {
  it('is the seller when a case id exists, Amazon otherwise', () => {
    expect(initiatedBy('17234567891')).toBe('seller')
    expect(initiatedBy(null)).toBe('amazon')
    expect(initiatedBy('  ')).toBe('amazon')
  })
})

describe('line key', () => {
  it('tells apart lines of one reimbursement id and ignores amounts', () => {
    const a = { sku: 'A', fnsku: 'X1', reason: 'Lost_Warehouse', amazonOrderId: null, originalReimbursementId: null }
    expect(lineKey(a)).not.toBe(lineKey({ ...a, sku: 'B' }))
    expect(lineKey(a)).not.toBe(lineKey({ ...a, originalReimbursementId: '1' }))
    expect(lineKey(a)).toBe(lineKey({ ...a }))
  })
})

describe('CSV cells', () => {
  it('escapes formula starters = + - @ with a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@cmd')).toBe("'@cmd")
    expect(csvCell('\tx')).toBe("'\tx")
  })
  it('keeps plain signed decimals as numbers and quotes separators', () => {
    expect(csvCell('-9.87')).toBe('-9.87')
    expect(csvCell(-1)).toBe('-1')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell(null)).toBe('')
    expect(csvLine(['a', 1, null, '=x'])).toBe("a,1,,'=x")
  })
})
