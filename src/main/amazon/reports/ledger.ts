/**
 * Parser for GET_LEDGER_DETAIL_VIEW_DATA (Inventory Ledger, detailed view), streaming.
 *
 * The SP-API document is tab-separated; Seller Central's download is a quoted CSV with spaced
 * headers ("Event Type", "Unreconciled Quantity"), and the attribute list in the SP-API docs
 * writes them joined ("EventType", "UnreconciledQuantity"): columns are matched by name with case,
 * spaces, hyphens and underscores ignored (sp-api-notes §1.5). `Date` is MM/DD/YYYY; `Date and
 * Time` (when the file has it) carries the instant with its offset (2025-07-16T04:12:33-0700).
 * A header without a required column rejects the file naming every missing column; every other
 * problem rejects only its row, with the line and the reason.
 */
import { AppError } from '../../errors'
import { parseReportDate } from './reimbursements'
import { flatten, openTsv, widthProblem, type Encoding, type Source } from './tabular'

export const LEDGER_REPORT_TYPE = 'GET_LEDGER_DETAIL_VIEW_DATA'

/** Column names of the ledger, compacted (lowercase, no spaces/hyphens/underscores). */
const COLUMNS = {
  date: 'date',
  fnsku: 'fnsku',
  asin: 'asin',
  msku: 'msku',
  title: 'title',
  eventType: 'eventtype',
  referenceId: 'referenceid',
  quantity: 'quantity',
  fc: 'fulfillmentcenter',
  disposition: 'disposition',
  reason: 'reason',
  country: 'country',
  reconciled: 'reconciledquantity',
  unreconciled: 'unreconciledquantity',
  dateTime: 'dateandtime'
} as const

/** Without these a ledger row means nothing. */
export const LEDGER_REQUIRED = ['date', 'fnsku', 'eventtype', 'quantity'] as const

const compact = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '')

/** True when a header (cells) is an inventory ledger detail report's. */
export function isLedgerHeader(header: string[]): boolean {
  const cols = new Set(header.map(compact))
  return LEDGER_REQUIRED.every((c) => cols.has(c))
}

export type LedgerRecord = {
  line: number
  /** UTC ISO instant. */
  occurredAt: string
  fnsku: string
  asin: string | null
  sku: string | null
  title: string | null
  eventType: string
  referenceId: string | null
  quantity: number
  fulfillmentCenter: string | null
  disposition: string | null
  reason: string | null
  country: string | null
  reconciledQuantity: number | null
  unreconciledQuantity: number | null
  /** The row's cells joined by TAB: the content its key is made from. */
  content: string
}

export type LedgerParsedRow = { kind: 'row'; row: LedgerRecord } | { kind: 'rejected'; line: number; reason: string }

export type LedgerReport = {
  encoding: Encoding
  encodingEvidence: string
  header: string[]
  headerLine: number
  rows: AsyncGenerator<LedgerParsedRow>
}

const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const INT = /^[+-]?\d+$/
/** "2025-07-16T04:12:33-0700": ISO with a compact offset, which parseReportDate reads too. */

/** MM/DD/YYYY -> midnight UTC of that day, or null. */
export function parseLedgerDate(text: string): string | null {
  const m = MDY.exec(text.trim())
  if (m) return parseReportDate(`${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`)
  // Some exports write ISO dates.
  return parseReportDate(text)
}

export async function openLedgerReport(
  source: Source,
  hint: { file?: string; charset?: string | null; japanese?: boolean } = {}
): Promise<LedgerReport> {
  const tsv = await openTsv(source, hint)
  const where = hint.file ? `${hint.file}: ` : ''
  const index = new Map<string, number>()
  tsv.header.forEach((h, i) => {
    const k = compact(h)
    if (!index.has(k)) index.set(k, i)
  })
  const missing = LEDGER_REQUIRED.filter((c) => !index.has(c))
  if (missing.length > 0)
    throw new AppError(
      'VALIDATION',
      `${where}line ${tsv.headerLine}: this is not an inventory ledger detail report (GET_LEDGER_DETAIL_VIEW_DATA): the header lacks ${missing
        .map((m) => `"${m}"`)
        .join(', ')}. Download it from Seller Central > Reports > Fulfillment > Inventory Ledger > Detailed view.`,
      { line: tsv.headerLine, missing }
    )
  const col = (k: string) => index.get(k) ?? -1
  const c = Object.fromEntries(Object.entries(COLUMNS).map(([k, v]) => [k, col(v)])) as Record<keyof typeof COLUMNS, number>
  const name = (i: number) => tsv.header[i] ?? ''
  const width = tsv.header.length
  const cell = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '')
  const opt = (cells: string[], i: number) => cell(cells, i) || null

  function parse(cells: string[], line: number): LedgerRecord | string {
    const wide = widthProblem(cells.length, width)
    if (wide) return wide
    const fnsku = cell(cells, c.fnsku)
    if (!fnsku) return `${name(c.fnsku)} is empty`
    const eventType = cell(cells, c.eventType)
    if (!eventType) return `${name(c.eventType)} is empty`
    const qText = cell(cells, c.quantity)
    if (!INT.test(qText)) return `${name(c.quantity)} '${qText}' is not a whole number`
    let occurredAt: string | null = null
    const dtText = cell(cells, c.dateTime)
    if (dtText) {
      occurredAt = parseReportDate(dtText)
      if (!occurredAt) return `${name(c.dateTime)} '${dtText}' is not a date and time (expected e.g. 2025-07-16T04:12:33-0700)`
    } else {
      const dText = cell(cells, c.date)
      occurredAt = parseLedgerDate(dText)
      if (!occurredAt) return dText ? `${name(c.date)} '${dText}' is not a date (expected MM/DD/YYYY)` : `${name(c.date)} is empty`
    }
    const optInt = (i: number): number | null | string => {
      const v = cell(cells, i)
      if (v === '') return null
      return INT.test(v) ? Number.parseInt(v, 10) : `${name(i)} '${v}' is not a whole number`
    }
    const reconciled = optInt(c.reconciled)
    if (typeof reconciled === 'string') return reconciled
    const unreconciled = optInt(c.unreconciled)
    if (typeof unreconciled === 'string') return unreconciled
    return {
      line,
      occurredAt,
      fnsku,
      asin: opt(cells, c.asin),
      sku: opt(cells, c.msku),
      title: opt(cells, c.title),
      eventType,
      referenceId: opt(cells, c.referenceId),
      quantity: Number.parseInt(qText, 10),
      fulfillmentCenter: opt(cells, c.fc),
      disposition: opt(cells, c.disposition),
      reason: opt(cells, c.reason),
      country: opt(cells, c.country),
      reconciledQuantity: reconciled,
      unreconciledQuantity: unreconciled,
      content: cells.map((x) => x.trim()).join('\t')
    }
  }

  async function* batches(): AsyncGenerator<LedgerParsedRow[]> {
    for await (const block of tsv.batches) {
      yield block.map(({ line, cells }) => {
        const r = parse(cells, line)
        return typeof r === 'string' ? { kind: 'rejected' as const, line, reason: r } : { kind: 'row' as const, row: r }
      })
    }
  }
  return {
    encoding: tsv.encoding,
    encodingEvidence: tsv.encodingEvidence,
    header: tsv.header,
    headerLine: tsv.headerLine,
    rows: flatten(batches())
  }
}
