/**
 * Seller Central's bulk refund upload, for a store without SP-API (pure: no database).
 *
 * Orders › Upload Order Related Files › Adjustments takes a tab-delimited text file saved from
 * Amazon's Adjustments template, and answers each upload with a processing report. Sources:
 * Seller Central help "Issue multiple refunds at once" (itemID 661, read on the .sg, .de, .nl and
 * .ae sites, 2026-12-03): the field names, "amounts are aggregates of the quantity, not unit
 * prices", "positive amounts are refunded to the buyer", "2 digits (required) to the right of the
 * decimal point. Do not use commas", "hyphens in order-id are required", "delete the promotion
 * fields if you are not offering promotions", and the five reason codes below.
 *
 * What the help page does NOT document, and how this file handles it:
 * - The `currency` column is not in the glossary excerpt we could read; it is in the template's
 *   public copies (and without it an amount has no currency). We write it.
 * - The processing report's layout is not on that page. We read the flat-file feed processing
 *   report seen in public code (`Feed Processing Summary:`, `Number of records processed`,
 *   `Number of records successful`, then `original-record-number, order-id, order-item-id,
 *   error-code, error-type, error-message`) and refuse anything else, line and column named.
 * - No order-cancellation file is documented on that page: cancellations of a file-only store
 *   are not written as a file (queue/service.ts refuses them with a message).
 * Written by hand: no library knows this Amazon format.
 */
import { currencyExponent, formatMinor } from '../../shared/money'
import type { RefundLine } from '../db/schema/queue'
import { AppError } from '../errors'

/** Not an Amazon feed type: the batch's `feed_type` for a file uploaded by hand. */
export const ADJUSTMENTS_FILE_TYPE = 'SELLER_CENTRAL_ADJUSTMENTS_FILE'

/** The reason codes the Adjustments file accepts (help itemID 661, read 2026-12-03). */
export const FILE_ADJUSTMENT_REASONS = ['NoInventory', 'CustomerReturn', 'GeneralAdjustment', 'CouldNotShip', 'DifferentItem'] as const

/** Our refund components -> the file's columns (promotion columns are left out, as the help page says). */
const COLUMN_OF: Record<string, string> = {
  Principal: 'item-price-adj',
  Tax: 'item-tax-adj',
  Shipping: 'shipping-price-adj',
  ShippingTax: 'shipping-tax-adj',
  GiftWrap: 'gift-wrap-price-adj',
  GiftWrapTax: 'gift-wrap-tax-adj'
}
export const ADJUSTMENTS_COLUMNS = [
  'order-id',
  'order-item-id',
  'adjustment-reason-code',
  'currency',
  'item-price-adj',
  'item-tax-adj',
  'shipping-price-adj',
  'shipping-tax-adj',
  'gift-wrap-price-adj',
  'gift-wrap-tax-adj'
] as const

export type FileEntry = { id: number; amazonOrderId: string; reason: string; currency: string | null; lines: RefundLine[] }
export type FileRow = { entryId: number; orderId: string; orderItemId: string }

/** Why this entry cannot go into an Adjustments file, or null. */
export function fileProblem(e: FileEntry): string | null {
  if (!(FILE_ADJUSTMENT_REASONS as readonly string[]).includes(e.reason))
    return `refund request #${e.id} has the reason ${e.reason}; Seller Central's Adjustments file accepts ${FILE_ADJUSTMENT_REASONS.join(', ')}`
  if (!e.currency) return `refund request #${e.id} has no currency`
  if (currencyExponent(e.currency) > 2)
    return `refund request #${e.id}: ${e.currency} has more than 2 decimals, which the file cannot carry`
  for (const l of e.lines)
    for (const c of l.components)
      if (c.amountMinor !== 0 && !COLUMN_OF[c.type])
        return `refund request #${e.id} refunds ${c.type} on item ${l.orderItemId}, which has no column in the Adjustments file`
  return null
}

/** "12.40", "150.00" (JPY: the file requires two decimals), exact. */
export function fileAmount(amountMinor: number, currency: string): string {
  const s = formatMinor(amountMinor, currency)
  const e = currencyExponent(currency)
  return e === 2 ? s : e === 0 ? `${s}.00` : `${s}0`
}

/**
 * The file: a header row, then one row per refunded order item. Entries that cannot be written
 * throw (the caller checks `fileProblem` first). One row per (order-id, order-item-id): the
 * caller keeps an entry that repeats a pair for a later file, so every report row maps to one
 * entry.
 */
export function buildAdjustmentsFile(entries: FileEntry[]): { content: string; rows: FileRow[] } {
  const out = [ADJUSTMENTS_COLUMNS.join('\t')]
  const rows: FileRow[] = []
  for (const e of entries) {
    const problem = fileProblem(e)
    if (problem) throw new AppError('VALIDATION', problem)
    for (const l of e.lines) {
      const amounts: Record<string, number> = {}
      for (const c of l.components)
        if (c.amountMinor !== 0) amounts[COLUMN_OF[c.type]!] = (amounts[COLUMN_OF[c.type]!] ?? 0) + c.amountMinor
      const cells = ADJUSTMENTS_COLUMNS.map((col) => {
        if (col === 'order-id') return e.amazonOrderId
        if (col === 'order-item-id') return l.orderItemId
        if (col === 'adjustment-reason-code') return e.reason
        if (col === 'currency') return e.currency!
        return fileAmount(amounts[col] ?? 0, e.currency!)
      })
      for (const c of cells)
        if (/[\t\r\n]/.test(c)) throw new AppError('VALIDATION', `refund request #${e.id}: a tab or line break in "${c}"`)
      out.push(cells.join('\t'))
      rows.push({ entryId: e.id, orderId: e.amazonOrderId, orderItemId: l.orderItemId })
    }
  }
  return { content: `${out.join('\r\n')}\r\n`, rows }
}

/** The rows of a file we wrote (the batch's stored content), in order. */
export function rowsOfFile(content: string, entryOfRow: (orderId: string, orderItemId: string) => number | undefined): FileRow[] {
  return content
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => {
      const [orderId = '', orderItemId = ''] = l.split('\t')
      return { entryId: entryOfRow(orderId, orderItemId) ?? -1, orderId, orderItemId }
    })
}

export type ReportRow = {
  line: number
  recordNumber: number | null
  orderId: string
  orderItemId: string
  errorCode: string
  level: 'error' | 'warning'
  message: string
}
export type ProcessingReport = { processed: number; successful: number; rows: ReportRow[] }

/** error-type as Seller Central writes it, in the languages seen (en, de, fr). */
const LEVELS: Record<string, 'error' | 'warning'> = {
  error: 'error',
  fehler: 'error',
  erreur: 'error',
  warning: 'warning',
  warnung: 'warning',
  avertissement: 'warning'
}

const bad = (file: string, line: number, column: number, what: string) =>
  new AppError('VALIDATION', `${file}, line ${line}, column ${column}: ${what}`, { file, line, column })

/** Parses the flat-file processing report of an upload; anything unexpected is refused with its place. */
export function parseProcessingReport(text: string, file = 'processing report'): ProcessingReport {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  let processed: number | null = null
  let successful: number | null = null
  let header: string[] | null = null
  const rows: ReportRow[] = []
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    const n = i + 1
    if (raw.trim() === '') continue
    const cells = raw.split('\t')
    if (!header) {
      const label =
        cells
          .find((c) => c.trim() !== '')
          ?.trim()
          .toLowerCase() ?? ''
      const value = cells
        .slice(1)
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .at(-1)
      if (label.startsWith('feed processing summary')) continue
      if (label.startsWith('number of records processed') || label.startsWith('number of records successful')) {
        if (!value || !/^\d+$/.test(value)) throw bad(file, n, cells.length, `expected a count after "${label}"`)
        if (label.startsWith('number of records processed')) processed = Number(value)
        else successful = Number(value)
        continue
      }
      if (cells.map((c) => c.trim().toLowerCase()).includes('error-type')) {
        header = cells.map((c) => c.trim().toLowerCase())
        for (const need of ['order-id', 'order-item-id', 'error-type'])
          if (!header.includes(need)) throw bad(file, n, 1, `the header has no ${need} column`)
        continue
      }
      throw bad(
        file,
        n,
        1,
        'expected the "Feed Processing Summary" of an Adjustments upload (records processed, records successful) and its header row'
      )
    }
    const at = (name: string) => header!.indexOf(name)
    const cell = (name: string) => (at(name) >= 0 ? (cells[at(name)] ?? '').trim() : '')
    const type = cell('error-type')
    const level = LEVELS[type.toLowerCase()]
    if (!level) throw bad(file, n, at('error-type') + 1, `error-type "${type}" is neither Error nor Warning`)
    const rec = cell('original-record-number')
    rows.push({
      line: n,
      recordNumber: /^\d+$/.test(rec) ? Number(rec) : null,
      orderId: cell('order-id'),
      orderItemId: cell('order-item-id'),
      errorCode: cell('error-code'),
      level,
      message: cell('error-message')
    })
  }
  if (processed === null) throw bad(file, 1, 1, 'no "Number of records processed" line: this is not a processing report')
  if (successful === null) throw bad(file, 1, 1, 'no "Number of records successful" line: this is not a processing report')
  return { processed, successful, rows }
}

export type EntryOutcome = { entryId: number; outcome: 'done' | 'failed' | 'uncertain'; message: string | null }

/**
 * Each entry's outcome from the report: all its rows accepted -> done; all refused -> failed;
 * some of each -> uncertain (Amazon applied part of it: a person decides, nothing is resent).
 * Refuses a report that does not fit the file (another upload's report).
 */
export function outcomesFromReport(fileRows: FileRow[], report: ProcessingReport, file = 'processing report'): EntryOutcome[] {
  if (report.processed !== fileRows.length)
    throw new AppError(
      'VALIDATION',
      `${file}: Amazon processed ${report.processed} record(s), the file of this batch has ${fileRows.length} row(s) — is it the report of another upload?`
    )
  const issues = new Map<number, ReportRow[]>()
  for (const r of report.rows) {
    let idx = fileRows.findIndex((f) => f.orderId === r.orderId && f.orderItemId === r.orderItemId)
    if (idx < 0 && !r.orderId && !r.orderItemId && r.recordNumber !== null && r.recordNumber >= 1 && r.recordNumber <= fileRows.length)
      idx = r.recordNumber - 1
    if (idx < 0) throw bad(file, r.line, 1, `order ${r.orderId} item ${r.orderItemId} is not in this batch's file`)
    issues.set(idx, [...(issues.get(idx) ?? []), r])
  }
  const errors = [...issues.values()].filter((l) => l.some((r) => r.level === 'error')).length
  if (report.successful !== fileRows.length - errors)
    throw new AppError(
      'VALIDATION',
      `${file}: ${report.successful} record(s) successful but ${errors} of ${fileRows.length} have errors — the report does not add up`
    )
  const byEntry = new Map<number, { ok: number; failed: number; messages: string[] }>()
  fileRows.forEach((f, i) => {
    const acc = byEntry.get(f.entryId) ?? { ok: 0, failed: 0, messages: [] }
    const rs = issues.get(i) ?? []
    if (rs.some((r) => r.level === 'error')) acc.failed++
    else acc.ok++
    for (const r of rs)
      acc.messages.push(`${f.orderItemId}: ${r.level === 'error' ? 'error' : 'warning'} ${r.errorCode} ${r.message}`.trim())
    byEntry.set(f.entryId, acc)
  })
  return [...byEntry.entries()].map(([entryId, a]) => ({
    entryId,
    outcome: a.failed === 0 ? 'done' : a.ok === 0 ? 'failed' : 'uncertain',
    message:
      a.failed > 0 && a.ok > 0
        ? `Amazon applied ${a.ok} row(s) and refused ${a.failed}: check Seller Central — ${a.messages.join('; ')}`
        : a.messages.length
          ? a.messages.join('; ')
          : null
  }))
}
