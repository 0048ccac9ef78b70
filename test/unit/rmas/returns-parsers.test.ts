import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { openReturnsReport, type ParsedReturn, type ReturnRow } from '../../../src/main/amazon/reports/returns'
import { isReturnlessRefund, parseReportDate } from '../../../src/main/amazon/reports/returns-types'

const FIX = join(__dirname, '../../fixtures/rmas')
const OTHER = join(__dirname, '../../fixtures/reports')

async function read(source: Parameters<typeof openReturnsReport>[0], hint?: Parameters<typeof openReturnsReport>[1]) {
  const r = await openReturnsReport(source, hint)
  const items: ParsedReturn[] = []
  for await (const x of r.rows) items.push(x)
  const rows = items.filter((x): x is { kind: 'row'; row: ReturnRow } => x.kind === 'row').map((x) => x.row)
  const rejected = items.filter((x) => x.kind === 'rejected')
  return { format: r.format, encoding: r.encoding, rows, rejected }
}

async function failure(
  source: Parameters<typeof openReturnsReport>[0],
  hint?: Parameters<typeof openReturnsReport>[1]
): Promise<{ message: string; details: unknown }> {
  try {
    await read(source, hint)
  } catch (e) {
    return { message: (e as Error).message, details: (e as { details?: unknown }).details }
  }
  throw new Error('expected the file to be rejected')
}

describe('merchant returns flat file (sample)', () => {
  it('reads every column by name into a normalized row', async () => {
    const r = await read(join(FIX, 'mfn-returns.tsv'))
    expect(r.format).toBe('mfn-flat')
    expect(r.rows).toHaveLength(3)
    const [a, b, c] = r.rows as [ReturnRow, ReturnRow, ReturnRow]
    expect(a).toMatchObject({
      line: 2,
      orderId: '113-6277818-1234567',
      orderDate: '2025-07-10',
      requestDate: '2025-07-14',
      amazonRmaId: 'DfqRyqfBRRMA',
      status: 'Approved',
      sku: 'NECK-925-16',
      asin: 'B0DFN2HN9N',
      quantity: 1,
      reason: 'AMZ-PG-WJ-TOO-SMALL',
      trackingId: '9202090339598363834190',
      carrier: 'USPS',
      labelType: 'AmazonPrePaidLabel',
      resolution: 'StandardRefund',
      returnless: false,
      inPolicy: true,
      isPrime: false,
      labelCost: { amountMinor: 414, currency: 'USD' },
      orderAmount: { amountMinor: 2138, currency: 'USD' },
      refundedAmount: null,
      merchantRmaId: null
    })
    expect(a.raw['Amazon RMA ID']).toBe('DfqRyqfBRRMA')
    expect(b.refundedAmount).toEqual({ amountMinor: 1240, currency: 'USD' })
    expect(c).toMatchObject({ status: 'Closed', merchantRmaId: 'RMA-1042', quantity: 2, aToZClaim: true })
  })

  it('handles CRLF, a BOM, Windows-1252 text and a stream source', async () => {
    const text = readFileSync(join(FIX, 'mfn-returns.tsv'), 'utf8')
      .replace('Sterling Silver Necklace', 'Collier argent “Größe”')
      .replace(/\n/g, '\r\n')
    const cp = await read(Readable.from([iconv.encode(text, 'windows-1252')]))
    expect(cp.encoding).toBe('windows-1252')
    expect(cp.rows[0]!.itemName).toBe('Collier argent “Größe” 16-18 in')
    const bom = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))
    expect(bom.rows).toHaveLength(3)
    expect(bom.rows[2]!.line).toBe(4)
  })

  it('rejects a bad row with its line and reason and goes on', async () => {
    const r = await read(join(FIX, 'mfn-returns-rules.tsv'))
    expect(r.rows.map((x) => x.amazonRmaId)).toEqual(['KitRMA0001', 'NoRetRMA002', 'PendRMA0003', 'WebRMA00004'])
    expect(r.rejected).toEqual([{ kind: 'rejected', line: 6, reason: 'Return quantity: expected a whole number, got "two"' }])
  })
})

describe('merchant returns XML', () => {
  it('reads the sample into the same row shape', async () => {
    const r = await read(join(FIX, 'mfn-returns.xml'))
    expect(r.format).toBe('mfn-xml')
    expect(r.rows).toHaveLength(1)
    expect(r.rows[0]).toMatchObject({
      line: 7,
      orderId: '113-6277818-1234567',
      amazonRmaId: 'DfqRyqfBRRMA',
      status: 'Approved',
      requestDate: '2025-07-14T12:44:17.000Z',
      sku: 'MUG-11OZ-WHT',
      quantity: 1,
      trackingId: '9202090339598363834190',
      carrier: 'USPS',
      aToZClaim: false,
      isPrime: false,
      // refund_amount: the refund due for the item, not a refund made (issue #22).
      refundedAmount: null,
      refundAmount: { amountMinor: 987, currency: 'USD' },
      labelCost: { amountMinor: 414, currency: 'USD' }
    })
  })

  it('gives one row per item_details, decodes entities and CDATA, rejects bad items with their line', async () => {
    const r = await read(join(FIX, 'mfn-returns-multi.xml'))
    expect(r.rows.map((x) => [x.line, x.amazonRmaId, x.sku, x.quantity])).toEqual([
      [8, 'MultiRMA001', 'MUG-SAUCER', 1],
      [14, 'MultiRMA001', 'SPOON-1', 3],
      [29, 'AuthRMA0002', 'MUG-11OZ-WHT', 1]
    ])
    expect(r.rows[0]!.itemName).toBe('Mug & Saucer “Deluxe”')
    expect(r.rows[1]!.itemName).toBe('Spoon <silver>')
    expect(r.rows[0]!.requestDate).toBe('2025-08-03T07:30:00.000Z')
    expect(r.rejected).toEqual([
      { kind: 'rejected', line: 39, reason: '<item_details> at column 7: return_quantity: expected a whole number, got "-1"' }
    ])
  })

  it('parses across chunk boundaries the same way (1-byte chunks)', async () => {
    const bytes = readFileSync(join(FIX, 'mfn-returns-multi.xml'))
    const chunks = [...bytes].map((b) => Buffer.from([b]))
    const r = await read(Readable.from(chunks))
    expect(r.rows.map((x) => [x.line, x.sku, x.itemName])).toEqual((await read(bytes)).rows.map((x) => [x.line, x.sku, x.itemName]))
  })

  it('refuses a DTD (external entity) with a clear error', async () => {
    const f = await failure(join(FIX, 'dtd.xml'), { file: 'dtd.xml' })
    expect(f.message).toMatch(/^dtd\.xml: XML with a DTD or entity declaration is refused \(line 2, column 1\)/)
    const bare = await failure(Buffer.from('<AmazonEnvelope><Message><!ENTITY x "y"></Message></AmazonEnvelope>'))
    expect(bare.message).toMatch(/DTD or entity declaration is refused/)
  })

  it('refuses undefined entities (no DTD means only the five predefined ones)', async () => {
    const f = await failure(
      Buffer.from('<?xml version="1.0"?>\n<AmazonEnvelope>\n<Message><return_details>&xxe;</return_details></Message></AmazonEnvelope>')
    )
    expect(f.message).toMatch(/line 3, column 26: undefined entity &xxe;/)
  })

  it('reports malformed XML with line and column', async () => {
    const f = await failure(join(FIX, 'malformed.xml'), { file: 'malformed.xml' })
    expect(f.message).toBe(
      'malformed.xml: malformed XML at line 8, column 5: expected </return_details> (opened at line 5, column 5) but found </return_detail>'
    )
    expect(f.details).toEqual({ line: 8, column: 5 })
    const cut = await failure(Buffer.from('<?xml version="1.0"?>\n<AmazonEnvelope>\n  <Message>\n    <return_details>'))
    expect(cut.message).toMatch(/line 4, column 21: the file ends before <\/return_details> \(opened at line 4, column 5\)/)
    const amp = await failure(Buffer.from('<AmazonEnvelope>\n<Message>Tom & Jerry</Message></AmazonEnvelope>'))
    expect(amp.message).toMatch(/line 2, column 14: "&" must be written as &amp;/)
    const two = await failure(Buffer.from('<AmazonEnvelope/>\n<AmazonEnvelope/>'))
    expect(two.message).toMatch(/line 2, column 1: a second root element/)
  })

  it('names other XML documents for what they are', async () => {
    expect((await failure(Buffer.from('<?xml version="1.0"?><rss><channel/></rss>'))).message).toMatch(
      /looks like an XML file with root element <rss>/
    )
    expect(
      (await failure(Buffer.from('<?xml version="1.0"?><AmazonEnvelope><MessageType>OrderAdjustment</MessageType></AmazonEnvelope>')))
        .message
    ).toMatch(/message type "OrderAdjustment"/)
  })
})

describe('FBA customer returns', () => {
  it('reads the sample; amazon-order-id is accepted too', async () => {
    const r = await read(join(FIX, 'fba-customer-returns.tsv'))
    expect(r.format).toBe('fba-customer-returns')
    expect(r.rows).toHaveLength(3)
    expect(r.rows[1]).toMatchObject({
      line: 3,
      orderId: '111-9876543-2222222',
      requestDate: '2025-09-15T18:22:10.000Z',
      sku: 'MUG-15OZ-BLK',
      quantity: 1,
      reason: 'DEFECTIVE',
      status: 'Unit returned to inventory',
      amazonRmaId: null,
      fba: {
        fnsku: 'X001GHIJKL',
        fulfillmentCenterId: 'SBD1',
        disposition: 'CUSTOMER_DAMAGED',
        licensePlateNumber: 'LPNHV987654321',
        customerComments: 'Handle cracked on arrival'
      }
    })
    const renamed = readFileSync(join(FIX, 'fba-customer-returns.tsv'), 'utf8').replace('\torder-id\t', '\tamazon-order-id\t')
    expect((await read(Buffer.from(renamed))).rows[0]!.orderId).toBe('113-2355691-4739435')
  })
})

describe('format detection from content', () => {
  it('ignores the file name', async () => {
    const r = await read(readFileSync(join(FIX, 'mfn-returns.xml')), { file: 'returns.txt' })
    expect(r.format).toBe('mfn-xml')
  })

  it('names what a wrong file looks like', async () => {
    const cases: [Buffer | string, RegExp][] = [
      [join(OTHER, 'fba-reimbursements.tsv'), /looks like an FBA reimbursements report/],
      [Buffer.from('order-id\torder-item-id\tpurchase-date\tsku\n1\t2\t3\t4\n'), /looks like an orders report/],
      [Buffer.from('Date\tFNSKU\tASIN\tMSKU\tEvent Type\n'), /looks like an inventory ledger report/],
      [Buffer.from('name,price,colour\nmug,1,red\n'), /looks like a CSV with columns "name", "price", "colour"/],
      [Buffer.from('a\tb\n'), /looks like a tab-separated file with columns "a", "b"\. Missing "order-id"/],
      [Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff]), /binary data, not a text file/],
      [Buffer.from([0x1f, 0x8b, 0x08, 0x00]), /gzip-compressed file\. Unzip it first/],
      [Buffer.from('PK\u0003\u0004xl/workbook.xml'), /ZIP archive or an Excel workbook/],
      [Buffer.from('%PDF-1.7\n'), /PDF document/],
      [Buffer.from('<!DOCTYPE html><html><body>Sign in</body></html>'), /web page \(HTML\)/],
      [Buffer.from('{"returns": []}'), /JSON file/]
    ]
    for (const [src, re] of cases) expect((await failure(src)).message).toMatch(re)
    expect((await failure(Buffer.alloc(0))).message).toMatch(/the file is empty/)
  })
})

describe('small rules of the row parsers', () => {
  it('parses the date formats Amazon uses', () => {
    expect(parseReportDate('10-Jul-2025', 'd')).toBe('2025-07-10')
    expect(parseReportDate('14-07-2025', 'd')).toBe('2025-07-14')
    expect(parseReportDate('07/16/2025', 'd')).toBe('2025-07-16')
    expect(parseReportDate('2025-09-14T07:03:57+00:00', 'd')).toBe('2025-09-14T07:03:57.000Z')
    expect(parseReportDate('2026-07-06T00:00:00-0700', 'd')).toBe('2026-07-06T07:00:00.000Z')
    expect(() => parseReportDate('31-Feb-2025', 'd')).toThrow(/not a real date/)
    expect(() => parseReportDate('yesterday', 'd')).toThrow(/expected a date/)
  })

  it('detects returnless refunds by the word in resolution, return type or label type', () => {
    expect(isReturnlessRefund({ resolution: 'Returnless refund', returnType: null, labelType: null })).toBe(true)
    expect(isReturnlessRefund({ resolution: 'ReturnlessRefund', returnType: null, labelType: null })).toBe(true)
    expect(isReturnlessRefund({ resolution: null, returnType: 'RETURNLESS_REFUND', labelType: null })).toBe(true)
    expect(isReturnlessRefund({ resolution: 'StandardRefund', returnType: 'C-Returns', labelType: 'AmazonUnPaidLabel' })).toBe(false)
  })
})

describe('Utf8Stream (strict streaming UTF-8)', () => {
  it('decodes like TextDecoder whatever the chunking, and refuses invalid bytes', async () => {
    const { Utf8Stream } = await import('../../../src/main/amazon/reports/returns-types')
    const bytes = Buffer.from('a€b𝄞c “Größe” 日本語 end', 'utf8')
    for (let size = 1; size <= 7; size++) {
      const d = new Utf8Stream()
      let out = ''
      for (let i = 0; i < bytes.length; i += size) out += d.decode(bytes.subarray(i, i + size), false)
      out += d.decode(Buffer.alloc(0), true)
      expect(out).toBe(bytes.toString('utf8'))
    }
    expect(() => new Utf8Stream().decode(Buffer.from([0x61, 0xff, 0x62]), false)).toThrow()
    const cut = new Utf8Stream()
    expect(cut.decode(Buffer.from([0x61, 0xe2, 0x82]), false)).toBe('a')
    expect(() => cut.decode(Buffer.alloc(0), true)).toThrow()
  })
})

describe('invalid UTF-8 in a returns report', () => {
  it('names the line, column and byte (past the encoding sample, as a file is read)', async () => {
    const [header, row] = readFileSync(join(__dirname, '../../fixtures/rmas/mfn-returns.tsv'), 'utf8').split('\n') as [string, string]
    const good = Buffer.from([header, ...Array.from({ length: 600 }, () => row)].join('\n') + '\n') // > 64 KiB
    const bad = Buffer.concat([good, Buffer.from(row.slice(0, 10)), Buffer.from([0xc3, 0x28]), Buffer.from('\n')])
    const f = await failure(Readable.from([good.subarray(0, 70_000), bad.subarray(70_000)]), { file: 'r.tsv' })
    expect(f.message).toMatch(/r\.tsv: line 602, column 11: byte 0xc3 is not valid UTF-8/)
    expect(f.details).toEqual({ line: 602, column: 11 })
  })
})
