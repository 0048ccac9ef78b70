/**
 * Parsers for the FBA reports the claims finder reads besides the ledger, recognised by their
 * header (not by file name), streaming:
 * - GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA (removal order detail),
 * - GET_FBA_FULFILLMENT_REMOVAL_SHIPMENT_DETAIL_DATA (removal shipment detail),
 * - GET_FBA_FULFILLMENT_CUSTOMER_SHIPMENT_REPLACEMENT_DATA (replacements).
 * Column lists: SP-API docs "FBA Removals reports attributes" and "FBA Customer Concessions
 * reports attributes" [AZ28]. Columns are matched by name (case, spaces, underscores and hyphens
 * ignored, so Seller Central's "Order ID" reads as "order-id"). A header that is none of them
 * rejects the file saying what it looks like; a bad row is rejected with its line, its column
 * and what was expected, and the rest of the file is read.
 */
import { parseMinor } from '../../../shared/money'
import { AppError } from '../../errors'
import { parseReportDate } from './reimbursements'
import { flatten, openTsv, widthProblem, type Encoding, type Source } from './tabular'

export const REMOVAL_ORDER_REPORT_TYPE = 'GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA'
export const REMOVAL_SHIPMENT_REPORT_TYPE = 'GET_FBA_FULFILLMENT_REMOVAL_SHIPMENT_DETAIL_DATA'
export const REPLACEMENT_REPORT_TYPE = 'GET_FBA_FULFILLMENT_CUSTOMER_SHIPMENT_REPLACEMENT_DATA'

export const REMOVAL_ORDER_COLUMNS = [
  'request-date',
  'order-id',
  'order-type',
  'service-speed',
  'order-status',
  'last-updated-date',
  'sku',
  'fnsku',
  'disposition',
  'requested-quantity',
  'cancelled-quantity',
  'disposed-quantity',
  'shipped-quantity',
  'in-process-quantity',
  'removal-fee',
  'currency'
] as const
export const REMOVAL_SHIPMENT_COLUMNS = [
  'request-date',
  'order-id',
  'shipment-date',
  'sku',
  'fnsku',
  'disposition',
  'shipped-quantity',
  'carrier',
  'tracking-number',
  'removal-order-type'
] as const
export const REPLACEMENT_COLUMNS = [
  'shipment-date',
  'sku',
  'asin',
  'fulfillment-center-id',
  'original-fulfillment-center-id',
  'quantity',
  'replacement-reason-code',
  'replacement-amazon-order-id',
  'original-amazon-order-id'
] as const

export type FbaReportKind = 'removalOrders' | 'removalShipments' | 'replacements'

export type RemovalOrderRecord = {
  requestedAt: string
  orderId: string
  orderType: string
  serviceSpeed: string | null
  orderStatus: string
  updatedAt: string
  sku: string | null
  fnsku: string
  disposition: string
  requested: number
  cancelled: number
  disposed: number
  shipped: number
  inProcess: number
  feeMinor: number | null
  currency: string | null
}
export type RemovalShipmentRecord = {
  requestedAt: string | null
  orderId: string
  shippedAt: string
  sku: string | null
  fnsku: string
  disposition: string | null
  quantity: number
  carrier: string | null
  trackingNumber: string | null
  removalOrderType: string | null
}
export type ReplacementRecord = {
  shippedAt: string
  sku: string
  asin: string | null
  fulfillmentCenter: string | null
  originalFulfillmentCenter: string | null
  quantity: number
  reasonCode: string | null
  replacementOrderId: string
  originalOrderId: string
}
type RecordOf = { removalOrders: RemovalOrderRecord; removalShipments: RemovalShipmentRecord; replacements: ReplacementRecord }

export type FbaRejected = { kind: 'rejected'; line: number; column: string | null; reason: string }
export type FbaParsed<K extends FbaReportKind> = { kind: 'row'; line: number; row: RecordOf[K]; content: string } | FbaRejected

export type FbaReport = {
  [K in FbaReportKind]: {
    kind: K
    reportType: string
    encoding: Encoding
    header: string[]
    headerLine: number
    rows: AsyncGenerator<FbaParsed<K>>
  }
}[FbaReportKind]

const compact = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
const INT = /^[+-]?\d+$/

/** What identifies each report in a header (compacted names), most specific first. */
const SIGNATURES: { kind: FbaReportKind; reportType: string; needs: string[] }[] = [
  { kind: 'replacements', reportType: REPLACEMENT_REPORT_TYPE, needs: ['replacementamazonorderid', 'originalamazonorderid'] },
  { kind: 'removalOrders', reportType: REMOVAL_ORDER_REPORT_TYPE, needs: ['orderid', 'requestedquantity', 'orderstatus'] },
  { kind: 'removalShipments', reportType: REMOVAL_SHIPMENT_REPORT_TYPE, needs: ['orderid', 'shipmentdate', 'trackingnumber'] }
]
/** Columns without which a row of each report means nothing. */
const REQUIRED: Record<FbaReportKind, string[]> = {
  removalOrders: ['request-date', 'order-id', 'order-type', 'order-status', 'fnsku', 'requested-quantity', 'shipped-quantity'],
  removalShipments: ['order-id', 'shipment-date', 'fnsku', 'shipped-quantity'],
  replacements: ['shipment-date', 'sku', 'quantity', 'replacement-amazon-order-id', 'original-amazon-order-id']
}

/** The report a header belongs to, or null. */
export function fbaReportKindOf(header: string[]): FbaReportKind | null {
  const cols = new Set(header.map(compact))
  return SIGNATURES.find((s) => s.needs.every((n) => cols.has(n)))?.kind ?? null
}

/** Thrown for a row: the column and what was wrong. */
class CellError extends Error {
  constructor(
    readonly column: string,
    readonly reason: string
  ) {
    super(`${column} ${reason}`)
  }
}

export async function openFbaReport(source: Source, hint: { file?: string; charset?: string | null } = {}): Promise<FbaReport> {
  const tsv = await openTsv(source, hint)
  const where = hint.file ? `${hint.file}: ` : ''
  const kind = fbaReportKindOf(tsv.header)
  if (!kind) {
    const cols = new Set(tsv.header.map(compact))
    const looks =
      cols.has('eventtype') && cols.has('fnsku')
        ? ' It looks like an inventory ledger report: import it as a ledger.'
        : cols.has('reimbursementid')
          ? ' It looks like a reimbursements report.'
          : cols.has('detaileddisposition')
            ? ' It looks like an FBA customer returns report.'
            : ''
    throw new AppError(
      'VALIDATION',
      `${where}line ${tsv.headerLine}: this is not a removal order detail, removal shipment detail or replacement report: the header has none of their columns (e.g. "order-id" with "requested-quantity", "order-id" with "tracking-number", or "replacement-amazon-order-id").${looks}`,
      { line: tsv.headerLine }
    )
  }
  const sig = SIGNATURES.find((s) => s.kind === kind)!
  const index = new Map<string, number>()
  tsv.header.forEach((h, i) => {
    const k = compact(h)
    if (!index.has(k)) index.set(k, i)
  })
  const missing = REQUIRED[kind].filter((c) => !index.has(compact(c)))
  if (missing.length > 0)
    throw new AppError(
      'VALIDATION',
      `${where}line ${tsv.headerLine}: this ${sig.reportType} file lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}.`,
      { line: tsv.headerLine, missing }
    )
  const width = tsv.header.length

  function parse(cells: string[]): RecordOf[FbaReportKind] {
    const at = (name: string) => index.get(compact(name)) ?? -1
    const text = (name: string) => {
      const i = at(name)
      return i >= 0 ? (cells[i] ?? '').trim() : ''
    }
    const opt = (name: string) => text(name) || null
    const req = (name: string) => {
      const v = text(name)
      if (!v) throw new CellError(name, 'is empty')
      return v
    }
    const int = (name: string, required: boolean) => {
      const v = text(name)
      if (v === '' && !required) return 0
      if (!INT.test(v)) throw new CellError(name, v === '' ? 'is empty (expected a whole number)' : `'${v}' is not a whole number`)
      const n = Number.parseInt(v, 10)
      if (n < 0) throw new CellError(name, `'${v}' is negative (expected a quantity of 0 or more)`)
      return n
    }
    const date = (name: string) => {
      const v = req(name)
      const d = parseReportDate(v)
      if (!d) throw new CellError(name, `'${v}' is not a date (expected e.g. 2025-07-16T04:12:33-07:00)`)
      return d
    }
    if (kind === 'removalOrders') {
      const currency = opt('currency')
      const feeText = text('removal-fee')
      let feeMinor: number | null = null
      if (feeText) {
        if (!currency || !/^[A-Z]{3}$/.test(currency))
          throw new CellError('currency', `'${currency ?? ''}' is not a currency code (the removal fee needs one)`)
        feeMinor = parseMinor(feeText, currency)
        if (feeMinor === null) throw new CellError('removal-fee', `'${feeText}' is not an amount in ${currency}`)
      }
      return {
        requestedAt: date('request-date'),
        orderId: req('order-id'),
        orderType: req('order-type'),
        serviceSpeed: opt('service-speed'),
        orderStatus: req('order-status'),
        updatedAt: text('last-updated-date') ? date('last-updated-date') : date('request-date'),
        sku: opt('sku'),
        fnsku: req('fnsku'),
        disposition: text('disposition'),
        requested: int('requested-quantity', true),
        cancelled: int('cancelled-quantity', false),
        disposed: int('disposed-quantity', false),
        shipped: int('shipped-quantity', true),
        inProcess: int('in-process-quantity', false),
        feeMinor,
        currency
      }
    }
    if (kind === 'removalShipments')
      return {
        requestedAt: text('request-date') ? date('request-date') : null,
        orderId: req('order-id'),
        shippedAt: date('shipment-date'),
        sku: opt('sku'),
        fnsku: req('fnsku'),
        disposition: opt('disposition'),
        quantity: int('shipped-quantity', true),
        carrier: opt('carrier'),
        trackingNumber: opt('tracking-number'),
        removalOrderType: opt('removal-order-type')
      }
    return {
      shippedAt: date('shipment-date'),
      sku: req('sku'),
      asin: opt('asin'),
      fulfillmentCenter: opt('fulfillment-center-id'),
      originalFulfillmentCenter: opt('original-fulfillment-center-id'),
      quantity: int('quantity', true),
      reasonCode: opt('replacement-reason-code'),
      replacementOrderId: req('replacement-amazon-order-id'),
      originalOrderId: req('original-amazon-order-id')
    }
  }

  async function* batches(): AsyncGenerator<FbaParsed<FbaReportKind>[]> {
    for await (const block of tsv.batches)
      yield block.map(({ line, cells }): FbaParsed<FbaReportKind> => {
        const wide = widthProblem(cells.length, width)
        if (wide) return { kind: 'rejected', line, column: null, reason: `the line ${wide}` }
        try {
          return { kind: 'row', line, row: parse(cells), content: cells.map((c) => c.trim()).join('\t') }
        } catch (e) {
          if (!(e instanceof CellError)) throw e
          const name = tsv.header[index.get(compact(e.column)) ?? -1] ?? e.column
          return { kind: 'rejected', line, column: name, reason: `${name} ${e.reason}` }
        }
      })
  }
  return {
    kind,
    reportType: sig.reportType,
    encoding: tsv.encoding,
    header: tsv.header,
    headerLine: tsv.headerLine,
    rows: flatten(batches())
  } as FbaReport
}
