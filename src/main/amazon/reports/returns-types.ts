/**
 * One normalized row of a returns report, whatever the format it came from:
 * - merchant returns flat file (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE, sp-api-notes §1.2)
 * - merchant returns XML (GET_XML_RETURNS_DATA_BY_RETURN_DATE, §1.2): one row per <item_details>
 * - FBA customer returns (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA, §1.3): one row per unit/LPN
 * Values are trimmed; empty cells (Amazon sometimes writes a single space) become null.
 */
import { currencyExponent, parseMinor, type Money } from '../../../shared/money'
import { isUtf8 } from 'node:buffer'
import { normalizeHeader } from './tabular'

export type ReturnReportFormat = 'mfn-flat' | 'mfn-xml' | 'fba-customer-returns'

export const FORMAT_LABELS: Record<ReturnReportFormat, string> = {
  'mfn-flat': 'merchant returns report (flat file)',
  'mfn-xml': 'merchant returns report (XML)',
  'fba-customer-returns': 'FBA customer returns report'
}

export type ReturnRow = {
  format: ReturnReportFormat
  /** Line in the file: the data row (TSV) or the <item_details> start tag (XML). */
  line: number
  /** XML: column of the <item_details> start tag (a whole report may sit on one line). */
  column?: number
  orderId: string
  orderDate: string | null
  amazonRmaId: string | null
  merchantRmaId: string | null
  /** Amazon's "Return request status" as written (Approved, Closed, ...); FBA: its status column. */
  status: string
  /** Return request date (MFN) or return date (FBA): YYYY-MM-DD or a UTC ISO date-time. */
  requestDate: string | null
  sku: string
  asin: string | null
  itemName: string | null
  quantity: number
  reason: string | null
  trackingId: string | null
  carrier: string | null
  labelType: string | null
  labelPaidBy: string | null
  returnType: string | null
  /** Amazon's resolution (StandardRefund, ...); not ours (ours is always Refund). */
  resolution: string | null
  /** See isReturnlessRefund. */
  returnless: boolean
  inPolicy: boolean | null
  isPrime: boolean | null
  aToZClaim: boolean | null
  labelCost: Money | null
  orderAmount: Money | null
  /** Flat file "Refunded Amount": money Amazon or the seller already returned to the buyer (empty until then). */
  refundedAmount: Money | null
  /**
   * XML `item_details/refund_amount`: the refund this item's return resolution gives the buyer,
   * written as soon as the return is approved (it equals the order amount on an approved return
   * not yet delivered, while the flat file's Refunded Amount is still empty). Not money paid.
   */
  refundAmount?: Money | null
  /** FBA customer returns only. */
  fba: {
    fnsku: string | null
    fulfillmentCenterId: string | null
    disposition: string | null
    licensePlateNumber: string | null
    customerComments: string | null
  } | null
  /** The row as read (header name -> cell), for tracing any figure back to the file. */
  raw: Record<string, string>
}

export type ParsedReturn = { kind: 'row'; row: ReturnRow } | { kind: 'rejected'; line: number; reason: string }

export type ReturnsReport = {
  format: ReturnReportFormat
  encoding: string
  /** Why that encoding (tabular.ts detectEncoding; the XML prolog or BOM for XML). */
  encodingEvidence: string
  /** Parsed rows and rejected rows in file order. Rejections of the whole file are thrown (AppError VALIDATION). */
  rows: AsyncGenerator<ParsedReturn>
}

/** Thrown inside a row parser; becomes a { kind: 'rejected' } item with the row's line. */
export class RowError extends Error {}

export const clean = (v: string | undefined | null): string | null => {
  if (v == null) return null
  const t = v.trim()
  return t === '' ? null : t
}

export function parseBool(v: string | null, field: string): boolean | null {
  if (v == null) return null
  const t = v.toLowerCase()
  if (t === 'y' || t === 'yes' || t === 'true') return true
  if (t === 'n' || t === 'no' || t === 'false') return false
  throw new RowError(`${field}: expected Y/N or true/false, got "${v}"`)
}

export function parseQuantity(v: string | null, field: string): number {
  if (v == null) throw new RowError(`${field} is empty`)
  if (!/^\d+$/.test(v)) throw new RowError(`${field}: expected a whole number, got "${v}"`)
  const n = Number.parseInt(v, 10)
  if (n < 1 || n > 1_000_000) throw new RowError(`${field}: expected 1 or more, got "${v}"`)
  return n
}

export function parseMoney(v: string | null, currency: string | null, field: string): Money | null {
  if (v == null) return null
  if (!currency) throw new RowError(`${field} "${v}" has no currency (the currency code column is empty)`)
  if (!/^[A-Z]{3}$/.test(currency)) throw new RowError(`currency code: expected an ISO code like USD, got "${currency}"`)
  // Fast path for the common "12.40" shape (exact integer arithmetic on the digits); big.js otherwise.
  const m = currencyExponent(currency) === 2 ? /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(v) : null
  if (m) {
    const n = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
    return { amountMinor: m[1] ? -n : n, currency }
  }
  const minor = parseMinor(v, currency)
  if (minor === null) throw new RowError(`${field}: expected an amount like 12.40, got "${v}"`)
  return { amountMinor: minor, currency }
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 }
const pad = (n: number) => String(n).padStart(2, '0')

function ymd(y: number, m: number, d: number, field: string, v: string): string {
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d)
    throw new RowError(`${field}: "${v}" is not a real date`)
  return `${y}-${pad(m)}-${pad(d)}`
}

/**
 * Dates as Amazon writes them (sp-api-notes §1.2, §1.6): ISO-8601 date-times with Z or an offset
 * (XML, FBA) -> UTC ISO; DD-Mon-YYYY (flat file, "10-Jul-2025"), DD-MM-YYYY (Seller Central help
 * for the FBA download), YYYY-MM-DD and MM/DD/YYYY -> YYYY-MM-DD.
 */
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

export function parseReportDate(v: string | null, field: string): string | null {
  if (v == null) return null
  // Fast path for the XML report's form, 2025-07-14T12:44:17Z (same result as the general branch below).
  if (v.length === 20 && v.charCodeAt(19) === 90 && ISO_Z.test(v)) {
    // A plainly valid instant is already in the output form (what Date.parse + toISOString give);
    // anything unusual (day past the month's end, 24:00, leap second) takes the general route.
    const mo = Number(v.slice(5, 7))
    const d = Number(v.slice(8, 10))
    if (
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= 28 &&
      Number(v.slice(11, 13)) <= 23 &&
      Number(v.slice(14, 16)) <= 59 &&
      Number(v.slice(17, 19)) <= 59
    )
      return `${v.slice(0, 19)}.000Z`
    const t = Date.parse(v)
    if (Number.isNaN(t)) throw new RowError(`${field}: "${v}" is not a real date`)
    return new Date(t).toISOString()
  }
  let m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(v)
  if (m) {
    const mon = MONTHS[m[2]!.toLowerCase()]
    if (!mon) throw new RowError(`${field}: unknown month in "${v}"`)
    return ymd(Number(m[3]), mon, Number(m[1]), field, v)
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), field, v)
  m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(v)
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1]), field, v)
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v)
  if (m) return ymd(Number(m[3]), Number(m[1]), Number(m[2]), field, v)
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?( UTC)?$/.test(v)) {
    const norm = v
      .replace(' UTC', 'Z')
      .replace(' ', 'T')
      .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
    const t = Date.parse(/Z|[+-]\d{2}:\d{2}$/.test(norm) ? norm : `${norm}Z`)
    if (Number.isNaN(t)) throw new RowError(`${field}: "${v}" is not a real date`)
    return new Date(t).toISOString()
  }
  throw new RowError(`${field}: expected a date like 14-Jul-2025 or 2025-07-14T12:44:17Z, got "${v}"`)
}

const squash = (v: string | null) => (v ?? '').toLowerCase().replace(/[^a-z]/g, '')

/**
 * Returnless refund ("refund without return"): the buyer keeps the item, nothing comes back.
 * Rule: the word "returnless" in Resolution, Return type or Label type, compared without case,
 * spaces or punctuation ("Returnless refund", "ReturnlessRefund", "RETURNLESS_REFUND").
 * Source: Seller Central's Manage Returns calls these "Returnless refund" (resolution); the exact
 * report value is UNCONFIRMED in sp-api-notes §1.2 (only "StandardRefund" was observed), so we
 * look for the word in the three columns that describe how the return is resolved. We do NOT treat
 * "no label" / AmazonUnPaidLabel as returnless: the buyer may still ship the item at their cost.
 */
export function isReturnlessRefund(r: { resolution: string | null; returnType: string | null; labelType: string | null }): boolean {
  return [r.resolution, r.returnType, r.labelType].some((v) => squash(v).includes('returnless'))
}

/**
 * Report columns stored in typed columns of rmas / rma_items (normalized header names; the XML
 * element names normalize to the same).
 */
const STORED_COLUMNS = new Set([
  'order-id',
  'order-date',
  'amazon-rma-id',
  'merchant-rma-id',
  'return-request-status',
  'return-request-date',
  'merchant-sku',
  'sku',
  'asin',
  'item-name',
  'return-quantity',
  'return-reason',
  'return-reason-code',
  'tracking-id',
  'return-carrier',
  'label-type',
  'label-to-be-paid-by',
  'return-type',
  'resolution',
  'label-cost',
  'order-amount',
  'refunded-amount',
  'refund-amount',
  'currency-code'
])
const storedKey = new Map<string, boolean>()

/**
 * What rma_items.raw keeps of a row: the cells not stored in typed columns (in policy, prime,
 * A-to-Z claim, invoice, SafeT, category, ...) as JSON, or null when there are none. With the
 * RMA's source file and the item's source line this traces an item back to the file without
 * storing every cell twice.
 */
export function rawExtras(raw: Record<string, string>): string | null {
  let out: Record<string, string> | null = null
  for (const k in raw) {
    let stored = storedKey.get(k)
    if (stored === undefined) {
      stored = STORED_COLUMNS.has(normalizeHeader(k))
      if (storedKey.size < 1000) storedKey.set(k, stored)
    }
    if (!stored) (out ??= {})[k] = raw[k]!
  }
  return out ? JSON.stringify(out) : null
}

/**
 * Strict streaming UTF-8 decoding (what TextDecoder('utf-8', { fatal: true }) does with
 * { stream: true }, about twice as fast on large files): throws on invalid bytes; a sequence cut
 * at the end of a chunk waits for the next one. Unlike TextDecoder it keeps a leading BOM (the
 * callers drop it).
 */
export class Utf8Stream {
  private carry: Buffer | null = null

  /** The bytes of a character cut by the end of the last chunk, held back for the next one. */
  pending(): Buffer {
    return this.carry ?? Buffer.alloc(0)
  }

  decode(chunk: Buffer, final: boolean): string {
    let b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk
    this.carry = null
    if (!final) {
      // Hold back an incomplete last sequence (lead byte + fewer continuation bytes than it needs).
      let i = b.length - 1
      let k = 0
      while (i >= 0 && k < 3 && (b[i]! & 0xc0) === 0x80) {
        i--
        k++
      }
      if (i >= 0) {
        const lead = b[i]!
        const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
        if (need > 1 && b.length - i < need) {
          this.carry = Buffer.from(b.subarray(i))
          b = b.subarray(0, i)
        }
      }
    }
    if (!isUtf8(b)) throw new TypeError('The encoded data was not valid for encoding utf-8')
    return b.toString('utf8')
  }
}
