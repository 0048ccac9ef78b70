/**
 * What kind of file is this? Decided from the content (first bytes and header line), never from
 * the file name: users rename downloads, and Seller Central names every report "<digits>.txt".
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { AppError } from '../../errors'
import { detectEncoding, normalizeHeader, splitCsvLine, splitTsv, type Source } from './tabular'
import type { ReturnReportFormat } from './returns-types'

const PEEK = 64 * 1024

/** Reads the first bytes of a source without consuming it; returns a source that still starts at byte 0. */
export async function peek(source: Source): Promise<{ head: Buffer; source: Source }> {
  if (typeof source === 'string') {
    let fd: number
    try {
      fd = openSync(source, 'r')
    } catch (e) {
      throw new AppError('NOT_FOUND', `Cannot open ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
    }
    try {
      const buf = Buffer.alloc(PEEK)
      const n = readSync(fd, buf, 0, PEEK, 0)
      return { head: buf.subarray(0, n), source }
    } finally {
      closeSync(fd)
    }
  }
  if (Buffer.isBuffer(source)) return { head: source.subarray(0, PEEK), source }
  const it = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]()
  const got: Buffer[] = []
  let len = 0
  let done = false
  while (len < PEEK) {
    const n = await it.next()
    if (n.done) {
      done = true
      break
    }
    const b = typeof n.value === 'string' ? Buffer.from(n.value) : n.value
    got.push(b)
    len += b.length
  }
  const head = Buffer.concat(got)
  async function* replay() {
    yield head
    if (done) return
    for (let n = await it.next(); !n.done; n = await it.next()) yield typeof n.value === 'string' ? Buffer.from(n.value) : n.value
  }
  return { head, source: Readable.from(replay(), { objectMode: false }) }
}

export type Detected = { kind: 'xml' } | { kind: ReturnReportFormat }

const MFN_COLUMNS = ['order-id', 'return-request-status', 'amazon-rma-id']
const FBA_COLUMNS = ['return-date', 'sku', 'license-plate-number']

/** Recognisable Amazon reports that are not returns reports: column(s) -> what to call it. */
const LOOKALIKES: { all: string[]; name: string }[] = [
  { all: ['reimbursement-id'], name: 'an FBA reimbursements report' },
  { all: ['settlement-id'], name: 'a settlement report' },
  { all: ['event-type', 'fnsku'], name: 'an inventory ledger report (import it on the Claims screen)' },
  { all: ['order-item-id'], name: 'an orders report' },
  { all: ['amazon-order-id', 'purchase-date'], name: 'an orders report' },
  { all: ['order-id', 'purchase-date'], name: 'an orders report' },
  { all: ['removal-order-id'], name: 'a removal order report' },
  { all: ['seller-sku', 'price'], name: 'a listings (inventory) report' },
  { all: ['adjustment-id'], name: 'an inventory adjustments report' }
]

const list = (names: string[], max = 6) =>
  names
    .slice(0, max)
    .map((n) => `"${n}"`)
    .join(', ') + (names.length > max ? ', …' : '')

/** What the start of a file says about itself (text, not yet parsed). */
export function detectReturnsFormat(head: Buffer, file?: string): Detected {
  const where = file ? `${file}: ` : ''
  const bad = (what: string, extra = '') =>
    new AppError(
      'VALIDATION',
      `${where}this is not a returns report — it looks like ${what}.${extra} Import the merchant returns report (flat file or XML) or the FBA customer returns report from Seller Central > Reports > Return Reports.`,
      { looksLike: what }
    )
  if (head.length === 0) throw new AppError('VALIDATION', `${where}the file is empty.`, { looksLike: 'an empty file' })
  if (head[0] === 0x1f && head[1] === 0x8b) throw bad('a gzip-compressed file', ' Unzip it first.')
  if (head[0] === 0x50 && head[1] === 0x4b) throw bad('a ZIP archive or an Excel workbook (.xlsx)', ' Export it as tab-separated text.')
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw bad('a PDF document')
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw bad('an old Excel workbook (.xls)', ' Export it as tab-separated text.')
  const { encoding } = detectEncoding(head)
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be'
  if (!utf16 && head.subarray(0, 8192).includes(0)) throw bad('binary data, not a text file')
  const text = iconv.decode(head, encoding).replace(/^\ufeff/, '')
  const trimmed = text.trimStart()
  if (trimmed.startsWith('<')) {
    if (/^<!doctype\s+html|^<html/i.test(trimmed)) throw bad('a web page (HTML)')
    return { kind: 'xml' }
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) throw bad('a JSON file')
  const firstLine = trimmed.split(/\r?\n|\r/, 1)[0] ?? ''
  const csv = !firstLine.includes('\t') && firstLine.includes(',')
  const header = (csv ? splitCsvLine(firstLine) : splitTsv(firstLine)).map((h) => h.trim()).filter(Boolean)
  const cols = new Set(header.map(normalizeHeader))
  if (MFN_COLUMNS.every((c) => cols.has(c))) return { kind: 'mfn-flat' }
  if (FBA_COLUMNS.every((c) => cols.has(c)) && (cols.has('order-id') || cols.has('amazon-order-id')))
    return { kind: 'fba-customer-returns' }
  for (const l of LOOKALIKES) if (l.all.every((c) => cols.has(c))) throw bad(l.name)
  if (header.length <= 1) throw bad(`a text file whose first line is "${firstLine.slice(0, 60)}" (no tab-separated header)`)
  const missing = (cols.has('license-plate-number') || cols.has('return-date') ? FBA_COLUMNS : MFN_COLUMNS).filter((c) => !cols.has(c))
  throw bad(`${csv ? 'a CSV' : 'a tab-separated file'} with columns ${list(header)}`, ` Missing ${list(missing)}.`)
}
