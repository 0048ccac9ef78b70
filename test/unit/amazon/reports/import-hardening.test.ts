/**
 * Report files found by fuzzing the importers (issue 12 §3), parser by parser: each case is a
 * file in test/fixtures/imports. Every one of these failed on the code before the fix (checked
 * against the previous commit: a crash, a silent wrong reading, or a wrong position).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { openOrderReport, type OrderReportParsed } from '../../../../src/main/amazon/reports/orders'
import { openReimbursementsReport, type ParsedRow } from '../../../../src/main/amazon/reports/reimbursements'
import { openReturnsReport, type ParsedReturn } from '../../../../src/main/amazon/reports/returns'
import { detectEncoding, worseText } from '../../../../src/main/amazon/reports/tabular'
import { parseMinor } from '../../../../src/shared/money'

const FIX = join(__dirname, '../../../fixtures/imports')
const fx = (name: string) => join(FIX, name)

async function reimbursements(source: string | Readable) {
  const r = await openReimbursementsReport(source, { file: 'r.tsv' })
  const items: ParsedRow[] = []
  for await (const x of r.rows) items.push(x)
  return {
    encoding: r.encoding,
    evidence: r.encodingEvidence,
    rows: items.flatMap((x) => (x.kind === 'row' ? [x.row] : [])),
    rejected: items.filter((x) => x.kind === 'rejected')
  }
}
async function returns(source: string | Readable | Buffer) {
  const r = await openReturnsReport(source, { file: 'ret' })
  const items: ParsedReturn[] = []
  for await (const x of r.rows) items.push(x)
  return {
    encoding: r.encoding,
    rows: items.flatMap((x) => (x.kind === 'row' ? [x.row] : [])),
    rejected: items.filter((x) => x.kind === 'rejected')
  }
}
async function orders(source: string) {
  const r = await openOrderReport(source, { file: 'o.tsv' })
  const items: OrderReportParsed[] = []
  for await (const x of r.rows) items.push(x)
  return { rows: items.flatMap((x) => (x.kind === 'row' ? [x.row] : [])), rejected: items.filter((x) => x.kind === 'rejected') }
}
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected the file to be refused')
}

describe('a leading + on an amount', () => {
  it('is an amount for the one money parser, which never throws', () => {
    expect(parseMinor('+5.00', 'USD')).toBe(500)
    expect(parseMinor('+0', 'USD')).toBe(0)
    expect(parseMinor('-0.00', 'USD')).toBe(0)
    for (const bad of ['+', '-', '+-1', '++1', '+.', '.', '+1e3', '1.2.3', ' + 5']) expect(() => parseMinor(bad, 'USD')).not.toThrow()
    for (const bad of ['+', '-', '+-1', '++1', '+.', '.', '+1e3']) expect(parseMinor(bad, 'USD')).toBeNull()
  })
  it('is read by all three importers (was an INTERNAL crash in big.js)', async () => {
    const r = await reimbursements(fx('reimbursements-plus.tsv'))
    expect(r.rejected).toEqual([])
    expect(r.rows[0]).toMatchObject({ amountPerUnitMinor: 987, amountTotalMinor: 1974 })
    const ret = await returns(fx('returns-plus.tsv'))
    expect(ret.rejected).toEqual([])
    expect(ret.rows[0]).toMatchObject({
      labelCost: { amountMinor: 414, currency: 'USD' },
      orderAmount: { amountMinor: 2138, currency: 'USD' }
    })
    const o = await orders(fx('orders-plus.tsv'))
    expect(o.rejected).toEqual([])
    expect(o.rows[0]).toMatchObject({ itemPriceMinor: 1299 })
  })
})

describe('encoding decided on evidence', () => {
  it('a UTF-8 file with one invalid byte stays UTF-8 and is refused at that byte (was: the whole file read as windows-1252)', async () => {
    const sample = readFileSync(fx('reimbursements-utf8-one-bad-byte.tsv'))
    expect(detectEncoding(sample)).toMatchObject({
      encoding: 'utf-8',
      evidence: expect.stringMatching(/UTF-8 \(\d+ UTF-8 characters, 1 invalid byte\)/)
    })
    expect(await failure(reimbursements(fx('reimbursements-utf8-one-bad-byte.tsv')))).toMatch(
      /^r\.tsv: line 3, column \d+: byte 0xfc is not valid UTF-8/
    )
  })
  it('says which encoding and why; windows-1252 and GB18030 only on their evidence', async () => {
    const utf8 = await reimbursements(fx('reimbursements-utf8-names.tsv'))
    expect([utf8.encoding, utf8.evidence]).toEqual(['utf-8', 'valid UTF-8'])
    expect(utf8.rows.map((r) => r.productName)).toEqual(['Tasse en céramique – blanc', 'Kaffeebecher für Büro', '马克杯 陶瓷 白色'])
    const cp = await reimbursements(fx('reimbursements-cp1252.tsv'))
    expect(cp.encoding).toBe('windows-1252')
    expect(cp.evidence).toMatch(/not UTF-8/)
    expect(cp.rows.map((r) => r.productName)).toEqual(['Tasse en céramique – blanc', 'Kaffeebecher für Büro', 'Mug blanc'])
    const gb = await reimbursements(fx('reimbursements-gb18030.tsv'))
    expect([gb.encoding, gb.evidence]).toEqual(['gb18030', 'not UTF-8; reads as Chinese text (GB18030)'])
    expect(gb.rows[2]!.productName).toBe('马克杯 陶瓷 白色')
  })
  it('a file cut inside a multi-byte character names the line and the cut bytes (was: byte 0x00)', async () => {
    const m = await failure(reimbursements(fx('reimbursements-cut-char.tsv')))
    expect(m).toMatch(/^r\.tsv: line 4, column \d+: the file ends in the middle of a UTF-8 character \(bytes 0xe9\): it was cut short/)
    expect(m).not.toMatch(/0x00/)
    // The same in a returns flat file and in the XML report.
    const tsv = Buffer.concat([readFileSync(join(FIX, '../rmas/mfn-returns.tsv')), Buffer.from([0xe2, 0x80])])
    expect(await failure(returns(tsv))).toMatch(/line 5, column 1: the file ends in the middle of a UTF-8 character \(bytes 0xe2 0x80\)/)
    expect(await failure(returns(fx('returns-cut-char.xml')))).toMatch(
      /ret: line 8, column \d+: the file ends in the middle of a UTF-8 character \(bytes 0xe2\)/
    )
  })
  it('a bad byte right after a block boundary is named (was: 0x00 when the block began mid-character)', async () => {
    const head = readFileSync(fx('reimbursements-utf8-names.tsv'))
    // A 2-byte character cut by the block boundary, its second byte replaced by an ASCII letter.
    const bytes = Buffer.concat([head.subarray(0, head.length - 5), Buffer.from([0xc3]), Buffer.from('Xab\n')])
    const split = () => Readable.from([bytes.subarray(0, head.length - 4), bytes.subarray(head.length - 4)])
    const m = await failure(reimbursements(split()))
    expect(m).toMatch(/line 4, column \d+: byte 0xc3 is not valid UTF-8/)
    // The same message as when the bytes come in one block.
    expect(await failure(reimbursements(Readable.from([bytes])))).toBe(m)
  })
  it('an XML error names its real line (was: "after 1 lines" wherever it was)', async () => {
    expect(await failure(returns(fx('returns-bad-byte.xml')))).toMatch(/^ret: line 8, column 23: byte 0xff is not valid UTF-8/)
  })
  it('UTF-16 XML is read, with a BOM or with only its declaration', async () => {
    for (const f of ['returns-utf16-bom.xml', 'returns-utf16be-decl.xml']) {
      const r = await returns(fx(f))
      expect(
        r.rows.map((x) => x.amazonRmaId),
        f
      ).toEqual(['DfqRyqfBRRMA'])
      expect(r.encoding, f).toMatch(/^utf-16/)
    }
  })
})

describe('line ends and XML namespaces', () => {
  it('CR-only line ends are read as lines (was: 0 rows)', async () => {
    expect((await reimbursements(fx('reimbursements-cr.tsv'))).rows).toHaveLength(3)
    expect((await returns(fx('returns-cr.tsv'))).rows).toHaveLength(3)
    expect((await orders(fx('orders-cr.tsv'))).rows.length).toBeGreaterThan(0)
  })
  it('namespace-prefixed XML reads like the plain report (was: 0 rows)', async () => {
    const plain = await returns(join(FIX, '../rmas/mfn-returns.xml'))
    const ns = await returns(fx('returns-ns.xml'))
    expect(ns.rows.length).toBeGreaterThan(0)
    expect(ns.rows.map(({ raw: _r, ...x }) => x)).toEqual(plain.rows.map(({ raw: _r, ...x }) => x))
  })
})

describe('rows with too few cells and mangled headers', () => {
  it('a truncated last row is rejected with its line, in the returns and order importers (was: imported with columns missing)', async () => {
    const r = await returns(fx('returns-truncated.tsv'))
    expect(r.rows).toHaveLength(2)
    expect(r.rejected).toEqual([
      { kind: 'rejected', line: 4, reason: expect.stringMatching(/^the line has 20 columns, the header has 32: the line is cut short/) }
    ])
    const o = await orders(fx('orders-truncated.tsv'))
    const last = readFileSync(fx('orders-truncated.tsv'), 'utf8').trimEnd().split('\n').length
    expect(o.rejected).toEqual([{ kind: 'rejected', line: last, reason: expect.stringMatching(/cut short/) }])
  })
  it('a header without required columns refuses the file naming them (was: every row rejected)', async () => {
    expect(await failure(returns(fx('returns-mangled-header.tsv')))).toMatch(
      /line 1: the header lacks the required columns merchant-sku or sku, return-quantity/
    )
    expect(await failure(orders(fx('orders-mangled-header.tsv')))).toMatch(
      /the header lacks the required columns quantity-purchased \(or quantity\), currency \(the file has amounts\)/
    )
  })
})

describe('worseText', () => {
  it('is true only for a garbled reading of the same text', () => {
    expect(worseText('Tasse en céramique', 'Tasse en cÃ©ramique')).toBe(true)
    expect(worseText('Café', 'Caf\ufffd')).toBe(true)
    expect(worseText('马克杯', Buffer.from('马克杯').toString('latin1'))).toBe(false) // latin1 is not one of the readings (C1 controls)
    expect(worseText('Café', 'Café au lait')).toBe(false)
    expect(worseText('Mug', 'Mug 2')).toBe(false)
    expect(worseText(null, 'x')).toBe(false)
    expect(worseText('CafÃ©', 'Café')).toBe(false) // a better reading may replace a worse one
  })
})

describe('"0 rows, success" only for a file without rows', () => {
  it('an empty returns envelope is 0 rows; one with data in unknown elements is refused', async () => {
    const empty =
      '<?xml version="1.0"?><AmazonEnvelope><Header><DocumentVersion>1.00</DocumentVersion></Header><MessageType>Returns-Report</MessageType></AmazonEnvelope>'
    expect((await returns(Buffer.from(empty))).rows).toEqual([])
    const other =
      '<?xml version="1.0"?>\n<AmazonEnvelope>\n<MessageType>Returns-Report</MessageType>\n<Message><ReturnDetails><order_id>113-6277818-1234567</order_id></ReturnDetails></Message></AmazonEnvelope>'
    expect(await failure(returns(Buffer.from(other)))).toMatch(/^ret: line 4: the XML has no <return_details> but has <ReturnDetails>/)
  })
})
