/**
 * Flat-file returns reports: columns are matched by normalized name (sp-api-notes §1: "match
 * headers by name, not position"), extra or missing optional columns are tolerated, a bad row is
 * rejected with its line and the import goes on.
 *
 * The reader is push-based (feed byte chunks, get parsed rows back) so the same code serves a
 * synchronous read of a file or buffer (the import reads and writes in one synchronous
 * transaction, see rmas/import.ts) and an asynchronous stream. Decoding, line splitting, the
 * header and cell splitting behave exactly like the shared streaming reader (tabular.ts
 * readLines + openTsv): encoding detected on the first >= 64 KiB as read, BOM dropped, LF/CRLF,
 * blank lines skipped, first non-empty line is the header, comma-separated when the header has
 * commas and no tab, an invalid UTF-8 byte later on is an error with its line.
 */
import iconv from 'iconv-lite'
import { AppError } from '../../errors'
import {
  detectEncoding,
  lineEnd,
  normalizeHeader,
  splitCsvLine,
  splitTsv,
  utf8DecodeError,
  widthProblem,
  type Encoding,
  type TsvFile
} from './tabular'
import {
  clean,
  isReturnlessRefund,
  parseBool,
  parseMoney,
  parseQuantity,
  parseReportDate,
  RowError,
  Utf8Stream,
  type ParsedReturn,
  type ReturnRow
} from './returns-types'

type Columns = { header: string[]; columns: Map<string, number> }
type RowFn = (line: number, cells: string[]) => ParsedReturn

const SAMPLE = 65536

/** Columns a row can't do without (normalized names; alternatives in one entry). */
const MFN_REQUIRED = [['order-id'], ['amazon-rma-id'], ['return-request-status'], ['merchant-sku', 'sku'], ['return-quantity']]
const FBA_REQUIRED = [['order-id', 'amazon-order-id'], ['return-date'], ['sku'], ['quantity']]

function required(v: string | null, field: string): string {
  if (v == null) throw new RowError(`${field} is empty`)
  return v
}

/** The row as read (header name -> trimmed non-empty cell). */
function rawOf(header: string[], cells: string[]): Record<string, string> {
  const raw: Record<string, string> = {}
  const n = header.length
  for (let i = 0; i < n; i++) {
    const v = cells[i]
    if (v === undefined) continue
    const t = v.trim()
    if (t !== '') raw[header[i]!] = t
  }
  return raw
}

/** Column index of the first name present (normalized), or -1. */
function col(c: Columns, ...names: string[]): number {
  for (const n of names) {
    const i = c.columns.get(n)
    if (i !== undefined) return i
  }
  return -1
}

const cell = (cells: string[], i: number): string | null => (i < 0 ? null : clean(cells[i]))

/** GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE (32 columns, sp-api-notes §1.2). */
function mfnFlatRows(c: Columns): RowFn {
  const I = {
    currency: col(c, 'currency-code'),
    resolution: col(c, 'resolution'),
    returnType: col(c, 'return-type'),
    labelType: col(c, 'label-type'),
    orderId: col(c, 'order-id'),
    orderDate: col(c, 'order-date'),
    rma: col(c, 'amazon-rma-id'),
    merchantRma: col(c, 'merchant-rma-id'),
    status: col(c, 'return-request-status'),
    requestDate: col(c, 'return-request-date'),
    sku: col(c, 'merchant-sku', 'sku'),
    asin: col(c, 'asin'),
    itemName: col(c, 'item-name'),
    quantity: col(c, 'return-quantity'),
    reason: col(c, 'return-reason'),
    tracking: col(c, 'tracking-id'),
    carrier: col(c, 'return-carrier'),
    paidBy: col(c, 'label-to-be-paid-by'),
    inPolicy: col(c, 'in-policy'),
    isPrime: col(c, 'is-prime'),
    aToZ: col(c, 'a-to-z-claim'),
    labelCost: col(c, 'label-cost'),
    orderAmount: col(c, 'order-amount'),
    refunded: col(c, 'refunded-amount')
  }
  const header = c.header
  return (line, cells) => {
    try {
      const currency = cell(cells, I.currency)
      const resolution = cell(cells, I.resolution)
      const returnType = cell(cells, I.returnType)
      const labelType = cell(cells, I.labelType)
      const row: ReturnRow = {
        format: 'mfn-flat',
        line,
        orderId: required(cell(cells, I.orderId), 'Order ID'),
        orderDate: parseReportDate(cell(cells, I.orderDate), 'Order date'),
        amazonRmaId: required(cell(cells, I.rma), 'Amazon RMA ID'),
        merchantRmaId: cell(cells, I.merchantRma),
        status: required(cell(cells, I.status), 'Return request status'),
        requestDate: parseReportDate(cell(cells, I.requestDate), 'Return request date'),
        sku: required(cell(cells, I.sku), 'Merchant SKU'),
        asin: cell(cells, I.asin),
        itemName: cell(cells, I.itemName),
        quantity: parseQuantity(cell(cells, I.quantity), 'Return quantity'),
        reason: cell(cells, I.reason),
        trackingId: cell(cells, I.tracking),
        carrier: cell(cells, I.carrier),
        labelType,
        labelPaidBy: cell(cells, I.paidBy),
        returnType,
        resolution,
        returnless: isReturnlessRefund({ resolution, returnType, labelType }),
        inPolicy: parseBool(cell(cells, I.inPolicy), 'In policy'),
        isPrime: parseBool(cell(cells, I.isPrime), 'Is prime'),
        aToZClaim: parseBool(cell(cells, I.aToZ), 'A-to-Z Claim'),
        labelCost: parseMoney(cell(cells, I.labelCost), currency, 'Label cost'),
        orderAmount: parseMoney(cell(cells, I.orderAmount), currency, 'Order Amount'),
        refundedAmount: parseMoney(cell(cells, I.refunded), currency, 'Refunded Amount'),
        fba: null,
        raw: rawOf(header, cells)
      }
      return { kind: 'row', row }
    } catch (e) {
      if (e instanceof RowError) return { kind: 'rejected', line, reason: e.message }
      throw e
    }
  }
}

/**
 * GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA (13 columns, sp-api-notes §1.3). The Seller Central
 * download names the order column "amazon-order-id" on some pages; both are accepted.
 */
function fbaRows(c: Columns): RowFn {
  const g = (cells: string[], ...names: string[]) => cell(cells, col(c, ...names))
  return (line, cells) => {
    try {
      const row: ReturnRow = {
        format: 'fba-customer-returns',
        line,
        orderId: required(g(cells, 'order-id', 'amazon-order-id'), 'order-id'),
        orderDate: null,
        amazonRmaId: null,
        merchantRmaId: null,
        status: g(cells, 'status') ?? '',
        requestDate: parseReportDate(required(g(cells, 'return-date'), 'return-date'), 'return-date'),
        sku: required(g(cells, 'sku'), 'sku'),
        asin: g(cells, 'asin'),
        itemName: g(cells, 'product-name'),
        quantity: parseQuantity(g(cells, 'quantity'), 'quantity'),
        reason: g(cells, 'reason'),
        trackingId: null,
        carrier: null,
        labelType: null,
        labelPaidBy: null,
        returnType: null,
        resolution: null,
        returnless: false,
        inPolicy: null,
        isPrime: null,
        aToZClaim: null,
        labelCost: null,
        orderAmount: null,
        refundedAmount: null,
        fba: {
          fnsku: g(cells, 'fnsku'),
          fulfillmentCenterId: g(cells, 'fulfillment-center-id'),
          disposition: g(cells, 'detailed-disposition'),
          licensePlateNumber: g(cells, 'license-plate-number'),
          customerComments: g(cells, 'customer-comments')
        },
        raw: rawOf(c.header, cells)
      }
      return { kind: 'row', row }
    } catch (e) {
      if (e instanceof RowError) return { kind: 'rejected', line, reason: e.message }
      throw e
    }
  }
}

/**
 * Push/pull parser for a flat-file returns report: push(chunk) bytes, then next() returns the
 * rows one at a time (undefined: push more, or end()). Rows are made only when asked for, so a
 * consumer that handles each row before the next keeps few objects alive. `encoding` is known
 * once >= 64 KiB (or everything) has been pushed.
 */
export class TsvReturnsParser {
  encoding: Encoding | null = null
  encodingEvidence = ''
  /** LF (CRLF too) or, in a file without LF, a lone CR. */
  private eol: '\n' | '\r' = '\n'
  private head: Buffer[] = []
  private headLen = 0
  private utf8: Utf8Stream | null = null
  private conv: ReturnType<typeof iconv.getDecoder> | null = null
  /** Decoded text not yet split; lines are taken from `at`. */
  private s = ''
  private at = 0
  private ended = false
  private lineNo = 0
  private skipBom = false
  private split: (text: string) => string[] = splitTsv
  private columns: Columns | null = null
  private rowFn: RowFn | null = null
  private readonly where: string

  constructor(
    private readonly kind: 'mfn-flat' | 'fba-customer-returns',
    private readonly hint: { charset?: string | null; file?: string } = {}
  ) {
    this.where = hint.file ? `${hint.file}: ` : ''
  }

  private detect(): void {
    const sample = Buffer.concat(this.head)
    const { encoding, bom, evidence } = detectEncoding(sample, { charset: this.hint.charset ?? null })
    this.encoding = encoding
    this.encodingEvidence = evidence
    this.eol = lineEnd(sample, encoding)
    this.skipBom = bom
    this.utf8 = encoding === 'utf-8' ? new Utf8Stream() : null
    this.conv = this.utf8 ? null : iconv.getDecoder(encoding)
    const head = this.head
    this.head = []
    for (const b of head) this.append(b, false)
  }

  private append(buf: Buffer, final: boolean): void {
    let text: string
    const pending = this.utf8 ? this.utf8.pending() : null
    try {
      text = this.utf8 ? this.utf8.decode(buf, final) : final ? this.conv!.write(buf) + (this.conv!.end() ?? '') : this.conv!.write(buf)
    } catch {
      throw utf8DecodeError(this.where, this.lineNo, this.s.slice(this.at), pending ?? Buffer.alloc(0), buf, final, this.eol)
    }
    let s = this.at < this.s.length ? this.s.slice(this.at) + text : text
    if (this.skipBom && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
      this.skipBom = false
    }
    this.s = s
    this.at = 0
  }

  push(chunk: Buffer): void {
    if (this.encoding === null) {
      this.head.push(chunk)
      this.headLen += chunk.length
      if (this.headLen >= SAMPLE) this.detect()
      return
    }
    this.append(chunk, false)
  }

  end(): void {
    if (this.encoding === null) this.detect()
    this.append(Buffer.alloc(0), true)
    this.ended = true
  }

  /** The next row, or undefined when more input is needed (or, after end(), when there is none). */
  next(): ParsedReturn | undefined {
    if (this.encoding === null) return undefined
    const s = this.s
    for (;;) {
      const start = this.at
      let text: string
      const nl = s.indexOf(this.eol, start)
      if (nl >= 0) {
        let end = nl
        if (end > start && this.eol === '\n' && s.charCodeAt(end - 1) === 13) end--
        text = s.slice(start, end)
        this.at = nl + 1
      } else if (this.ended && start < s.length) {
        text = s.charCodeAt(s.length - 1) === 13 ? s.slice(start, -1) : s.slice(start)
        this.at = s.length
      } else {
        if (this.ended && !this.columns) throw new AppError('VALIDATION', `${this.where}the file is empty (no header line).`, { line: 1 })
        return undefined
      }
      this.lineNo++
      if (text.trim() === '') continue
      if (this.rowFn) {
        const cells = this.split(text)
        const width = widthProblem(cells.length, this.columns!.header.length)
        if (width) return { kind: 'rejected', line: this.lineNo, reason: `the line ${width}` }
        return this.rowFn(this.lineNo, cells)
      }
      this.header(text)
    }
  }

  private header(text: string): void {
    if (!text.includes('\t') && text.includes(',')) this.split = splitCsvLine
    const header = this.split(text).map((h) => h.trim())
    const columns = new Map<string, number>()
    header.forEach((h, i) => {
      const k = normalizeHeader(h)
      if (!columns.has(k)) columns.set(k, i)
    })
    this.columns = { header, columns }
    // Columns without which every row would be rejected: a header that lacks one (mangled,
    // renamed) refuses the file, naming them, instead of rejecting each row for an empty cell.
    const need = this.kind === 'mfn-flat' ? MFN_REQUIRED : FBA_REQUIRED
    const missing = need.filter((names) => !names.some((n) => columns.has(n))).map((names) => names.join(' or '))
    if (missing.length > 0)
      throw new AppError(
        'VALIDATION',
        `${this.where}line ${this.lineNo}: the header lacks ${missing.length === 1 ? 'the required column' : 'the required columns'} ${missing.join(', ')} (found ${header.length} columns: ${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}).`,
        { line: this.lineNo, missing }
      )
    this.rowFn = this.kind === 'mfn-flat' ? mfnFlatRows(this.columns) : fbaRows(this.columns)
  }
}

/** GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE rows from an opened TSV (kept for callers of tabular.openTsv). */
export async function* parseMfnFlat(file: TsvFile): AsyncGenerator<ParsedReturn> {
  const f = mfnFlatRows(file)
  for await (const { line, cells } of file.rows) yield f(line, cells)
}

/** GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA rows from an opened TSV. */
export async function* parseFbaCustomerReturns(file: TsvFile): AsyncGenerator<ParsedReturn> {
  const f = fbaRows(file)
  for await (const { line, cells } of file.rows) yield f(line, cells)
}
