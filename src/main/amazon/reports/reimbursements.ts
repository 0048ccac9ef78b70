/**
 * Parser for GET_FBA_REIMBURSEMENTS_DATA (the FBA Reimbursements report), streaming.
 *
 * Columns are matched by name (case-insensitive, "-"/"_"/space alike; sp-api-notes §1), so extra
 * or reordered columns are fine. A header without a required column rejects the whole file with
 * a message naming every missing column. Every other problem rejects only its row, with the line
 * number and the reason; the caller decides what to do with the good rows.
 *
 * Money is parsed exactly into integer minor units (shared/money.ts); dates are any ISO-8601
 * form Amazon uses (with offset, Z or none = UTC; date only = midnight UTC) and are stored as UTC
 * ISO strings. The report has an approval date but no separate reimbursement time; when a file
 * carries one (reimbursement-date / reimbursement-time) it wins, otherwise the approval time is
 * used and the row says so (`timeFromApproval`).
 */
import { MARKETPLACES } from '../../../shared/ids'
import { currencyExponent, parseMinor } from '../../../shared/money'
import type { ReasonCategory } from '../../../shared/contract/reimbursements'
import { AppError } from '../../errors'
import { reasonCategory } from './reimbursement-reasons'
import { flatten, openTsv, widthProblem, type Encoding, type Source } from './tabular'

export const REPORT_TYPE = 'GET_FBA_REIMBURSEMENTS_DATA'

/** The 18 columns Amazon documents, in order (sp-api-notes §1.1). */
export const REIMBURSEMENT_COLUMNS = [
  'approval-date',
  'reimbursement-id',
  'case-id',
  'amazon-order-id',
  'reason',
  'sku',
  'fnsku',
  'asin',
  'product-name',
  'condition',
  'currency-unit',
  'amount-per-unit',
  'amount-total',
  'quantity-reimbursed-cash',
  'quantity-reimbursed-inventory',
  'quantity-reimbursed-total',
  'original-reimbursement-id',
  'original-reimbursement-type'
] as const

/** Without these a row means nothing; the others may be absent (older or trimmed downloads). */
export const REQUIRED_COLUMNS = ['approval-date', 'reimbursement-id', 'reason', 'sku', 'currency-unit', 'amount-total'] as const

const REIMBURSEMENT_TIME_COLUMNS = ['reimbursement-date', 'reimbursement-time', 'reimbursed-date']

/** Currencies of Amazon marketplaces; anything else in currency-unit is a bad row. */
export const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Object.values(MARKETPLACES).flatMap((l) => l.map((m) => m.currency)))

export type ReimbursementRecord = {
  line: number
  approvedAt: string
  reimbursedAt: string
  timeFromApproval: boolean
  reimbursementId: string
  caseId: string | null
  amazonOrderId: string | null
  reason: string
  reasonCategory: ReasonCategory
  sku: string
  fnsku: string | null
  asin: string | null
  productName: string | null
  condition: string | null
  currency: string
  amountPerUnitMinor: number | null
  amountTotalMinor: number
  quantityCash: number
  quantityInventory: number
  quantityTotal: number
  originalReimbursementId: string | null
  originalReimbursementType: string | null
  /**
   * The row as read, cells joined by TAB (the header is kept once per import) — only when the
   * file has columns this parser does not map to fields (a column Amazon added, a seller's own),
   * so nothing in the file is lost; otherwise null: every cell is in a field already, and a
   * million copies of the line would cost a quarter of the table and of the import time.
   */
  raw: string | null
}

export type ParsedRow = { kind: 'row'; row: ReimbursementRecord } | { kind: 'rejected'; line: number; reason: string }

export type ReimbursementsReport = {
  encoding: Encoding
  encodingEvidence: string
  header: string[]
  headerLine: number
  /** Whether the file has its own reimbursement-time column. */
  hasReimbursementTime: boolean
  /** Rows of each decoded block of the file. Use either `batches` or `rows`, not both. */
  batches: AsyncGenerator<ParsedRow[]>
  rows: AsyncGenerator<ParsedRow>
}

const validDays = new Map<string, boolean>()
const FAST_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\+00:00|Z)$/

/** Fast path for Amazon's usual form (2025-03-04T08:17:52+00:00); anything else goes to parseReportDate. */
function parseTime(text: string): string | null {
  const m = FAST_TIME.exec(text)
  if (m) {
    const day = m[1]!
    let ok = validDays.get(day)
    if (ok === undefined) {
      ok = parseReportDate(day) !== null
      if (validDays.size < 100_000) validDays.set(day, ok)
    }
    return ok ? `${text.slice(0, 19)}.000Z` : null
  }
  return parseReportDate(text)
}

const FAST_AMOUNT = /^(-?)(\d{1,12})(?:\.(\d+))?$/

/**
 * Fast path for plain amounts ("19.74", "-9.87"): integer arithmetic on at most 15 digits, exact.
 * Anything unusual (more decimals than the currency has, exponents, "+") goes to parseMinor.
 */
function toMinor(text: string, currency: string): number | null {
  const m = FAST_AMOUNT.exec(text)
  const e = currencyExponent(currency)
  if (m && (m[3] === undefined || m[3].length <= e)) {
    const frac = (m[3] ?? '').padEnd(e, '0')
    const v = Number.parseInt(m[2]!, 10) * 10 ** e + (frac ? Number.parseInt(frac, 10) : 0)
    return m[1] === '-' ? (v === 0 ? 0 : -v) : v
  }
  return parseMinor(text, currency)
}

const categoryCache = new Map<string, ReasonCategory>()
const categoryOf = (raw: string): ReasonCategory => {
  let c = categoryCache.get(raw)
  if (c === undefined) {
    c = reasonCategory(raw)
    if (categoryCache.size < 10_000) categoryCache.set(raw, c)
  }
  return c
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i

/** Parses an ISO-8601 date/time into a UTC ISO string, or null when it is not one (or not a real date). */
export function parseReportDate(text: string): string | null {
  const m = ISO.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m
  const year = +y!,
    month = +mo!,
    day = +d!,
    hour = +h,
    min = +mi,
    sec = +s
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) return null
  let offsetMin = 0
  if (/^[+-]/.test(zone)) {
    const z = zone.replace(':', '')
    const oh = +z.slice(1, 3),
      om = z.length > 3 ? +z.slice(3, 5) : 0
    if (oh > 14 || om > 59) return null
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const ms = frac ? Math.floor(+`0.${frac}` * 1000) : 0
  const local = Date.UTC(year, month - 1, day, hour, min, sec, ms)
  const check = new Date(local)
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null // 2025-02-30
  return new Date(local - offsetMin * 60_000).toISOString()
}

const INT = /^[+-]?\d+$/

const cell = (cells: string[], i: number): string => (i >= 0 ? cells[i]!.trim() : '')
const optional = (cells: string[], i: number): string | null => {
  const v = cell(cells, i)
  return v === '' ? null : v
}
/** A whole number; empty = 0; null when it is not one. */
const quantity = (cells: string[], i: number): number | null => {
  const v = cell(cells, i)
  if (v === '') return 0
  return INT.test(v) ? Number.parseInt(v, 10) : null
}

/**
 * Opens a reimbursements report. Throws AppError VALIDATION when the file can't be a
 * reimbursements report (empty, required columns missing); rows come out parsed or rejected.
 */
export async function openReimbursementsReport(
  source: Source,
  hint: { file?: string; charset?: string | null; japanese?: boolean } = {}
): Promise<ReimbursementsReport> {
  const tsv = await openTsv(source, hint)
  const where = hint.file ? `${hint.file}: ` : ''
  const missing = REQUIRED_COLUMNS.filter((c) => !tsv.columns.has(c))
  if (missing.length > 0) {
    const looksLike = tsv.header.length <= 1 ? ' It does not look like a tab-separated report.' : ''
    throw new AppError(
      'VALIDATION',
      `${where}line ${tsv.headerLine}: this is not an FBA reimbursements report: the header lacks ${missing.length === 1 ? 'the required column' : 'the required columns'} ${missing.join(', ')}.${looksLike}`,
      { line: tsv.headerLine, missing }
    )
  }
  const col = (name: string) => tsv.columns.get(name) ?? -1
  const c = {
    approval: col('approval-date'),
    id: col('reimbursement-id'),
    caseId: col('case-id'),
    order: col('amazon-order-id'),
    reason: col('reason'),
    sku: col('sku'),
    fnsku: col('fnsku'),
    asin: col('asin'),
    name: col('product-name'),
    condition: col('condition'),
    currency: col('currency-unit'),
    perUnit: col('amount-per-unit'),
    total: col('amount-total'),
    qCash: col('quantity-reimbursed-cash'),
    qInv: col('quantity-reimbursed-inventory'),
    qTotal: col('quantity-reimbursed-total'),
    origId: col('original-reimbursement-id'),
    origType: col('original-reimbursement-type'),
    time: REIMBURSEMENT_TIME_COLUMNS.map(col).find((i) => i >= 0) ?? -1
  }
  const width = tsv.header.length
  const mapped = new Set(Object.values(c))
  const keepRaw = tsv.header.some((_, i) => !mapped.has(i))

  const timeHeader = c.time >= 0 ? tsv.header[c.time]! : ''

  /** One row -> a record or the reason it is rejected (a string). No closures per row: this runs a million times. */
  function parseCells(cells: string[], line: number): ReimbursementRecord | string {
    if (cells.length !== width) return widthProblem(cells.length, width)!
    const reimbursementId = cell(cells, c.id)
    if (reimbursementId === '') return 'reimbursement-id is empty'
    const sku = cell(cells, c.sku)
    if (sku === '') return 'sku is empty'
    const approvalText = cell(cells, c.approval)
    const approvedAt = parseTime(approvalText)
    if (!approvedAt)
      return approvalText === ''
        ? 'approval-date is empty'
        : `approval-date '${approvalText}' is not a date (expected ISO-8601, e.g. 2025-03-04T08:17:52+00:00)`
    let reimbursedAt = approvedAt
    let timeFromApproval = true
    const timeText = cell(cells, c.time)
    if (timeText !== '') {
      const t = parseTime(timeText)
      if (!t) return `${timeHeader} '${timeText}' is not a date (expected ISO-8601)`
      reimbursedAt = t
      timeFromApproval = false
    }
    const currencyText = cell(cells, c.currency)
    const currency = currencyText.toUpperCase()
    if (!KNOWN_CURRENCIES.has(currency))
      return currencyText === '' ? 'currency-unit is empty' : `currency-unit '${currencyText}' is not a currency of an Amazon marketplace`
    const totalText = cell(cells, c.total)
    const amountTotalMinor = toMinor(totalText, currency)
    if (amountTotalMinor === null)
      return totalText === ''
        ? 'amount-total is empty'
        : `amount-total '${totalText}' is not an amount in ${currency} (a plain number with a dot, at most the currency's decimals)`
    const perUnitText = cell(cells, c.perUnit)
    const amountPerUnitMinor = perUnitText === '' ? null : toMinor(perUnitText, currency)
    if (perUnitText !== '' && amountPerUnitMinor === null) return `amount-per-unit '${perUnitText}' is not an amount in ${currency}`
    const qCash = quantity(cells, c.qCash)
    if (qCash === null) return `quantity-reimbursed-cash '${cell(cells, c.qCash)}' is not a whole number`
    const qInv = quantity(cells, c.qInv)
    if (qInv === null) return `quantity-reimbursed-inventory '${cell(cells, c.qInv)}' is not a whole number`
    const qTotal = cell(cells, c.qTotal) === '' ? qCash + qInv : quantity(cells, c.qTotal)
    if (qTotal === null) return `quantity-reimbursed-total '${cell(cells, c.qTotal)}' is not a whole number`
    const reason = cell(cells, c.reason)
    return {
      line,
      approvedAt,
      reimbursedAt,
      timeFromApproval,
      reimbursementId,
      caseId: optional(cells, c.caseId),
      amazonOrderId: optional(cells, c.order),
      reason,
      reasonCategory: categoryOf(reason),
      sku,
      fnsku: optional(cells, c.fnsku),
      asin: optional(cells, c.asin),
      productName: optional(cells, c.name),
      condition: optional(cells, c.condition),
      currency,
      amountPerUnitMinor,
      amountTotalMinor,
      quantityCash: qCash,
      quantityInventory: qInv,
      quantityTotal: qTotal,
      originalReimbursementId: optional(cells, c.origId),
      originalReimbursementType: optional(cells, c.origType),
      raw: keepRaw ? cells.join('\t') : null
    }
  }

  async function* batches(): AsyncGenerator<ParsedRow[]> {
    for await (const block of tsv.batches) {
      const out: ParsedRow[] = []
      for (const { line, cells } of block) {
        const r = parseCells(cells, line)
        out.push(typeof r === 'string' ? { kind: 'rejected', line, reason: r } : { kind: 'row', row: r })
      }
      yield out
    }
  }
  const b = batches()
  return {
    encoding: tsv.encoding,
    encodingEvidence: tsv.encodingEvidence,
    header: tsv.header,
    headerLine: tsv.headerLine,
    hasReimbursementTime: c.time >= 0,
    batches: b,
    rows: flatten(b)
  }
}
