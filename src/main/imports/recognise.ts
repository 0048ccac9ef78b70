/**
 * What a report file is, from its content only (first 64 KB: its header line, or the XML root):
 * the same column rules each domain's importer applies, gathered in one place so the watched
 * folder can send a file where it belongs. Never from the file name (Seller Central names every
 * report "<digits>.txt", and users rename downloads).
 */
import iconv from 'iconv-lite'
import type { WatchKind } from '../../shared/contract/import-log'
import { fbaReportKindOf } from '../amazon/reports/fba-inventory'
import { isLedgerHeader } from '../amazon/reports/ledger'
import { isListingsHeader } from '../amazon/reports/listings'
import { detectReturnsFormat, peek } from '../amazon/reports/returns-detect'
import { isSettlementHeader } from '../amazon/reports/settlement'
import { detectEncoding, normalizeHeader, splitCsvLine, splitTsv } from '../amazon/reports/tabular'

export type Recognised = { kind: WatchKind } | { kind: null; looksLike: string }

/** The first non-empty line of a text sample, split into header cells (TSV, or CSV when it has no tab). */
function headerOf(text: string): string[] {
  const first = text.split(/\r?\n|\r/).find((l) => l.trim() !== '') ?? ''
  const csv = !first.includes('\t') && first.includes(',')
  return (csv ? splitCsvLine(first) : splitTsv(first)).map((h) => h.trim()).filter(Boolean)
}

export function recogniseHead(head: Buffer): Recognised {
  if (head.length === 0) return { kind: null, looksLike: 'an empty file' }
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: null, looksLike: 'a gzip-compressed file' }
  if (head[0] === 0x50 && head[1] === 0x4b) return { kind: null, looksLike: 'a ZIP archive or an Excel workbook' }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return { kind: null, looksLike: 'a PDF document' }
  const { encoding } = detectEncoding(head)
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be'
  if (!utf16 && head.subarray(0, 8192).includes(0)) return { kind: null, looksLike: 'binary data, not a text file' }
  const text = iconv.decode(head, encoding).replace(/^\ufeff/, '')
  const trimmed = text.trimStart()
  // Seller Central's processing report of an upload starts with its summary, not a header.
  if (/^Feed Processing Summary/i.test(trimmed) || /^original-record-number\t/i.test(trimmed)) return { kind: 'adjustmentsReport' }
  if (trimmed.startsWith('<')) {
    try {
      detectReturnsFormat(head)
      // An XML file: a returns report only when it has the returns envelope (the importer checks the rest).
      return /<return_details\b/.test(trimmed) ? { kind: 'returns' } : { kind: null, looksLike: 'an XML file that is not a returns report' }
    } catch (e) {
      return { kind: null, looksLike: lookedLike(e) }
    }
  }
  const header = headerOf(trimmed)
  const cols = new Set(header.map(normalizeHeader))
  if (isSettlementHeader(cols)) return { kind: 'settlement' }
  if (cols.has('reimbursement-id') && cols.has('approval-date')) return { kind: 'reimbursements' }
  if (isLedgerHeader(header)) return { kind: 'ledger' }
  if (isListingsHeader(cols)) return { kind: 'listings' }
  // Removal order detail, removal shipment detail, replacements (before orders: they have order ids too).
  const fba = fbaReportKindOf(header)
  if (fba) return { kind: fba }
  // Amazon's order reports (unshipped, all orders): the order import's required columns, and a purchase date.
  if (
    (cols.has('order-id') || cols.has('amazon-order-id')) &&
    cols.has('purchase-date') &&
    cols.has('sku') &&
    (cols.has('quantity-purchased') || cols.has('quantity'))
  )
    return { kind: 'orders' }
  try {
    detectReturnsFormat(head)
    return { kind: 'returns' }
  } catch (e) {
    return { kind: null, looksLike: lookedLike(e) }
  }
}

/**
 * What the returns detector said the file looks like — without any of the file's own text (a
 * first line, column names): the log of a watched folder must not show pieces of files that are
 * not reports (the folder may be the user's downloads).
 */
const lookedLike = (e: unknown): string => {
  const d = (e as { details?: { looksLike?: unknown } }).details
  if (typeof d?.looksLike !== 'string') return 'a file of no report the app knows'
  if (/"/.test(d.looksLike))
    return /^a CSV/.test(d.looksLike)
      ? 'a CSV file of no report the app knows'
      : /^a tab-separated/.test(d.looksLike)
        ? 'a tab-separated file of no report the app knows'
        : 'a text file of no report the app knows'
  return d.looksLike
}

/** Reads the first bytes of a file and recognises it. */
export async function recogniseFile(path: string): Promise<Recognised> {
  const { head } = await peek(path)
  return recogniseHead(head)
}
