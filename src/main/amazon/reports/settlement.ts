/**
 * Parser for GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2, the settlement report "Flat File V2" —
 * since 11 Nov 2026 the only settlement report Amazon still generates (the flat-file V1 and XML
 * ones were removed: ../shared/amazon/api-changes.md, developer-docs changelog
 * "update-removal-of-xml-settlement-report-and-flat-file-settlement-report-date-changed-to-
 * november-11-2026").
 *
 * Layout (tab-separated, header line, no quoting; public copies of real files agree on it):
 *   settlement-id, settlement-start-date, settlement-end-date, deposit-date, total-amount,
 *   currency, transaction-type, order-id, merchant-order-id, adjustment-id, shipment-id,
 *   marketplace-name, amount-type, amount-description, amount, fulfillment-id, posted-date,
 *   posted-date-time, order-item-code, merchant-order-item-id, merchant-adjustment-item-id, sku,
 *   quantity-purchased, promotion-id
 * The first data line is the settlement's summary (id, period, deposit date, total-amount,
 * currency; no transaction); every other line is one amount of one transaction (an order's
 * Principal, its Commission, a refund's Principal, a fee, …) with its own `amount`.
 *
 * Amounts are written in the marketplace's local number format ("95,00" on amazon.de,
 * "1,234.50" on amazon.com). The decimal mark is decided ONCE for the whole file, from the
 * marketplace names of its lines (else the caller's marketplace, else the currency when it
 * implies one) — never guessed per value — and every amount is then parsed strictly
 * (shared/money.ts parseLocaleMinor). Any bad amount, date or structure rejects the whole file
 * with file, line, column and what was expected: a settlement is one accounting unit, and a part
 * of it would give wrong totals.
 *
 * The whole file is read into memory: a settlement covers about two weeks (a busy seller's has a
 * few ten thousand lines), and the decimal mark must be known before the first amount is read.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { marketplaceOfSalesChannel, MARKETPLACES } from '../../../shared/ids'
import { parseLocaleMinor, type DecimalMark, type Money } from '../../../shared/money'
import { AppError } from '../../errors'
import { parseReportDate } from './reimbursements'
import { openTsv, widthProblem, type Encoding, type Source } from './tabular'

export const SETTLEMENT_REPORT_TYPE = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2'

export const SETTLEMENT_COLUMNS = [
  'settlement-id',
  'settlement-start-date',
  'settlement-end-date',
  'deposit-date',
  'total-amount',
  'currency',
  'transaction-type',
  'order-id',
  'merchant-order-id',
  'adjustment-id',
  'shipment-id',
  'marketplace-name',
  'amount-type',
  'amount-description',
  'amount',
  'fulfillment-id',
  'posted-date',
  'posted-date-time',
  'order-item-code',
  'merchant-order-item-id',
  'merchant-adjustment-item-id',
  'sku',
  'quantity-purchased',
  'promotion-id'
] as const

/** Without these the file is not a settlement V2 flat file (the others may be absent). */
export const SETTLEMENT_REQUIRED = ['settlement-id', 'total-amount', 'currency', 'transaction-type', 'amount-type', 'amount'] as const

/** How the content says "this is a settlement V2 file" (importers of other reports use it to name what they were given). */
export const isSettlementHeader = (normalizedColumns: ReadonlySet<string>): boolean =>
  SETTLEMENT_REQUIRED.every((c) => normalizedColumns.has(c))

/**
 * The decimal mark each marketplace's reports use ("95,00" on amazon.de). Countries whose
 * conventions write a decimal comma — the euro marketplaces except Ireland, Sweden, Poland,
 * Turkey, Brazil — and a dot elsewhere. Source: Amazon's settlement notice says amounts are in
 * "the marketplace's local number format" (api-changes.md); the per-country conventions are
 * CLDR's (decimal symbol of de, fr, it, es, nl, nl-BE, sv, pl, tr, pt-BR vs en-*, ja, ar-*).
 * UNCONFIRMED against real files for MX, ZA, EG, SA, AE, IN, SG (dot assumed, as in CLDR for the
 * languages Amazon uses there).
 */
const COMMA_COUNTRIES = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'SE', 'PL', 'TR', 'BR'])
const COUNTRY_OF = new Map(Object.values(MARKETPLACES).flatMap((l) => l.map((m) => [m.id, m] as const)))

export const decimalMarkOfMarketplace = (marketplaceId: string): DecimalMark | null => {
  const m = COUNTRY_OF.get(marketplaceId)
  return m ? (COMMA_COUNTRIES.has(m.country) ? ',' : '.') : null
}

/** The mark a currency implies on its own: only when every marketplace using it agrees (EUR does not: Ireland). */
export function decimalMarkOfCurrency(currency: string): DecimalMark | null {
  const marks = new Set(
    Object.values(MARKETPLACES)
      .flat()
      .filter((m) => m.currency === currency)
      .map((m) => decimalMarkOfMarketplace(m.id))
  )
  return marks.size === 1 ? [...marks][0]! : null
}

export type SettlementLine = {
  line: number
  /** Stable identity of the line within its settlement: hash of its cells + occurrence number. */
  lineKey: string
  transactionType: string
  orderId: string | null
  merchantOrderId: string | null
  adjustmentId: string | null
  shipmentId: string | null
  marketplaceName: string | null
  amountType: string
  amountDescription: string | null
  amountMinor: number
  fulfillmentId: string | null
  /** UTC ISO instant (posted-date-time, else posted-date at midnight UTC); null when the line has neither. */
  postedAt: string | null
  orderItemCode: string | null
  merchantOrderItemId: string | null
  merchantAdjustmentItemId: string | null
  sku: string | null
  quantity: number | null
  promotionId: string | null
}

export type SettlementProblem = { line: number; column: number; columnName: string; reason: string }

export type SettlementReport = {
  encoding: Encoding
  encodingEvidence: string
  header: string[]
  settlementId: string
  startAt: string | null
  endAt: string | null
  depositAt: string | null
  currency: string
  /** total-amount of the summary line. */
  declaredTotal: Money
  decimalMark: DecimalMark
  /** Why this mark, in words (shown with the import result). */
  decimalMarkEvidence: string
  marketplaceNames: string[]
  lines: SettlementLine[]
  /** Sum of the lines' amounts per currency (one currency per settlement), to the cent. */
  totals: Money[]
  /** Whether the lines add up to the declared total. */
  balanced: boolean
  sha256: string
}

const DOTTED = /^(\d{2})\.(\d{2})\.(\d{4})(?:[ T](.*))?$/

/**
 * A settlement date: ISO forms ("2026-03-13 20:21:38 UTC", "2026-03-13T20:21:38+00:00",
 * "2026-03-13") and the day-first dotted form some EU downloads use ("13.03.2026 20:21:38 UTC").
 * Slash forms are refused: "03/04/2026" is 3 April or 4 March depending on the marketplace.
 */
export function parseSettlementDate(text: string): string | null {
  const t = text.trim()
  const m = DOTTED.exec(t)
  if (m) return parseReportDate(`${m[3]}-${m[2]}-${m[1]}${m[4] ? ` ${m[4]}` : ''}`)
  return parseReportDate(t)
}

const INT = /^[+-]?\d+$/

export async function parseSettlementReport(
  source: Source,
  hint: { file: string; charset?: string | null; japanese?: boolean; marketplaceIds?: string[]; maxProblems?: number }
): Promise<SettlementReport> {
  const hash = createHash('sha256')
  const hashed = hashSource(source, hash)
  const tsv = await openTsv(hashed, { file: hint.file, charset: hint.charset ?? null, japanese: hint.japanese ?? false })
  const where = `${hint.file}: `
  const cols = new Set(tsv.columns.keys())
  if (!isSettlementHeader(cols)) {
    // The V1 flat file (price-type/price-amount, item-related-fee-type/-amount … instead of
    // amount-type/amount): Amazon stopped generating it on 11 Nov 2026.
    if (cols.has('settlement-id') && cols.has('price-type') && cols.has('item-related-fee-type'))
      throw new AppError(
        'VALIDATION',
        `${where}line ${tsv.headerLine}: this is the old settlement flat file (V1: price-type, item-related-fee-type columns), which Amazon removed on 11 November 2026. Download the "Flat File V2" settlement report instead (Seller Central > Reports > Payments > All Statements).`,
        { line: tsv.headerLine, looksLike: 'settlement flat file V1' }
      )
    const missing = SETTLEMENT_REQUIRED.filter((c) => !cols.has(c))
    throw new AppError(
      'VALIDATION',
      `${where}line ${tsv.headerLine}: this is not a settlement report (V2 flat file): missing column(s) ${missing.map((c) => `"${c}"`).join(', ')}. Import the "Flat File V2" settlement report from Seller Central > Reports > Payments > All Statements.`,
      { line: tsv.headerLine, missing }
    )
  }
  const col = (name: string) => tsv.columns.get(name) ?? -1
  const width = tsv.header.length
  const rows: { line: number; cells: string[] }[] = []
  const problems: SettlementProblem[] = []
  const max = hint.maxProblems ?? 50
  const problem = (line: number, name: string, reason: string) => {
    if (problems.length < max) problems.push({ line, column: col(name) + 1, columnName: name, reason })
  }
  for await (const r of tsv.rows) {
    const w = widthProblem(r.cells.length, width)
    // The summary line is often written with fewer cells than the header (trailing tabs dropped).
    if (w && r.cells.length > width) {
      problems.push({ line: r.line, column: width + 1, columnName: '(end of line)', reason: w })
      continue
    }
    rows.push({ line: r.line, cells: r.cells })
  }
  const get = (cells: string[], name: string): string => {
    const i = col(name)
    return i >= 0 && i < cells.length ? cells[i]!.trim() : ''
  }
  const opt = (cells: string[], name: string): string | null => get(cells, name) || null

  // The summary line: the one with a total-amount and no transaction.
  const summary = rows.find((r) => get(r.cells, 'total-amount') !== '' && get(r.cells, 'transaction-type') === '')
  if (!summary)
    throw new AppError(
      'VALIDATION',
      `${where}no summary line (a line with settlement-id, total-amount and currency and no transaction-type): the file is cut or not a settlement report.`,
      { line: tsv.headerLine + 1 }
    )
  const settlementId = get(summary.cells, 'settlement-id')
  const currency = get(summary.cells, 'currency').toUpperCase()
  if (!settlementId) problem(summary.line, 'settlement-id', 'the summary line has no settlement-id')
  if (!/^[A-Z]{3}$/.test(currency))
    problem(summary.line, 'currency', `'${get(summary.cells, 'currency')}' is not an ISO 4217 currency code`)
  for (const r of rows) {
    const id = get(r.cells, 'settlement-id')
    if (id !== settlementId)
      problem(r.line, 'settlement-id', `settlement-id '${id}' differs from the summary line's '${settlementId}' (one settlement per file)`)
    const c = get(r.cells, 'currency').toUpperCase()
    if (c && c !== currency) problem(r.line, 'currency', `currency '${c}' differs from the summary line's '${currency}'`)
  }
  if (problems.length > 0) throw rejection(hint.file, problems)

  // The decimal mark, once for the file.
  const names = [...new Set(rows.map((r) => get(r.cells, 'marketplace-name')).filter(Boolean))]
  const mark = decideMark(names, hint.marketplaceIds ?? [], currency, hint.file)

  const money = (r: { line: number; cells: string[] }, name: string): number | null => {
    const v = parseLocaleMinor(get(r.cells, name), currency, mark.mark)
    if (v.ok) return v.amountMinor
    problem(r.line, name, `${v.reason}; ${mark.evidence}`)
    return null
  }
  const date = (r: { line: number; cells: string[] }, name: string): string | null => {
    const v = get(r.cells, name)
    if (!v) return null
    const d = parseSettlementDate(v)
    if (d === null) problem(r.line, name, `'${v}' is not a date (expected e.g. 2026-03-13 20:21:38 UTC, 2026-03-13 or 13.03.2026)`)
    return d
  }

  const declared = money(summary, 'total-amount')
  const startAt = date(summary, 'settlement-start-date')
  const endAt = date(summary, 'settlement-end-date')
  const depositAt = date(summary, 'deposit-date')
  const lines: SettlementLine[] = []
  const occurrences = new Map<string, number>()
  let sum = 0
  for (const r of rows) {
    if (r === summary) continue
    const w = widthProblem(r.cells.length, width)
    if (w) {
      problem(r.line, '(end of line)', w)
      continue
    }
    const transactionType = get(r.cells, 'transaction-type')
    const amountType = get(r.cells, 'amount-type')
    if (!transactionType)
      problem(r.line, 'transaction-type', 'a transaction line without a transaction-type (only the first line is a summary)')
    const amount = money(r, 'amount')
    const postedTime = get(r.cells, 'posted-date-time')
    // posted-date-time is the instant; posted-date only when the file has no time for the line.
    const postedAt = postedTime ? date(r, 'posted-date-time') : date(r, 'posted-date')
    const q = get(r.cells, 'quantity-purchased')
    if (q && !INT.test(q)) problem(r.line, 'quantity-purchased', `'${q}' is not a whole number`)
    if (amount === null) continue
    sum += amount
    const content = r.cells.map((c) => c.trim()).join('\t')
    const digest = createHash('sha256').update(content).digest('base64url').slice(0, 22)
    const n = (occurrences.get(digest) ?? 0) + 1
    occurrences.set(digest, n)
    lines.push({
      line: r.line,
      lineKey: `${digest}#${n}`,
      transactionType,
      orderId: opt(r.cells, 'order-id'),
      merchantOrderId: opt(r.cells, 'merchant-order-id'),
      adjustmentId: opt(r.cells, 'adjustment-id'),
      shipmentId: opt(r.cells, 'shipment-id'),
      marketplaceName: opt(r.cells, 'marketplace-name'),
      amountType,
      amountDescription: opt(r.cells, 'amount-description'),
      amountMinor: amount,
      fulfillmentId: opt(r.cells, 'fulfillment-id'),
      postedAt,
      orderItemCode: opt(r.cells, 'order-item-code'),
      merchantOrderItemId: opt(r.cells, 'merchant-order-item-id'),
      merchantAdjustmentItemId: opt(r.cells, 'merchant-adjustment-item-id'),
      sku: opt(r.cells, 'sku'),
      quantity: q && INT.test(q) ? Number.parseInt(q, 10) : null,
      promotionId: opt(r.cells, 'promotion-id')
    })
  }
  if (problems.length > 0 || declared === null) throw rejection(hint.file, problems)
  if (!Number.isSafeInteger(sum)) throw new AppError('VALIDATION', `${where}the amounts add up to more than can be counted exactly.`)
  return {
    encoding: tsv.encoding,
    encodingEvidence: tsv.encodingEvidence,
    header: tsv.header,
    settlementId,
    startAt,
    endAt,
    depositAt,
    currency,
    declaredTotal: { currency, amountMinor: declared },
    decimalMark: mark.mark,
    decimalMarkEvidence: mark.evidence,
    marketplaceNames: names,
    lines,
    totals: lines.length > 0 ? [{ currency, amountMinor: sum === 0 ? 0 : sum }] : [],
    balanced: sum === declared,
    sha256: hash.digest('hex')
  }
}

function decideMark(names: string[], marketplaceIds: string[], currency: string, file: string): { mark: DecimalMark; evidence: string } {
  const byName = new Map<string, DecimalMark>()
  for (const n of names) {
    const id = marketplaceOfSalesChannel(n)
    const m = id ? decimalMarkOfMarketplace(id) : null
    if (m) byName.set(n, m)
  }
  const marks = new Set(byName.values())
  if (marks.size > 1)
    throw new AppError(
      'VALIDATION',
      `${file}: the file mixes marketplaces with different number formats (${[...byName].map(([n, m]) => `${n}: '${m}'`).join(', ')}); one settlement has one format. Import each marketplace's settlement file on its own.`
    )
  if (marks.size === 1) {
    const mark = [...marks][0]!
    return { mark, evidence: `marketplace ${[...byName.keys()].join(', ')} writes '${mark}' as decimal mark` }
  }
  const sameCurrency = marketplaceIds.filter((id) => COUNTRY_OF.get(id)?.currency === currency)
  const storeMarks = new Set(sameCurrency.map(decimalMarkOfMarketplace).filter((m): m is DecimalMark => m !== null))
  if (storeMarks.size === 1) {
    const mark = [...storeMarks][0]!
    return { mark, evidence: `the store's ${currency} marketplace writes '${mark}' as decimal mark` }
  }
  const byCurrency = decimalMarkOfCurrency(currency)
  if (byCurrency) return { mark: byCurrency, evidence: `every ${currency} marketplace writes '${byCurrency}' as decimal mark` }
  throw new AppError(
    'VALIDATION',
    `${file}: cannot tell the number format (decimal '.' or ','): no line names a known marketplace and ${currency} is used by marketplaces that write it differently. Import it for a store whose marketplaces settle in ${currency}.`
  )
}

function rejection(file: string, problems: SettlementProblem[]): AppError {
  const first = problems
    .slice(0, 5)
    .map((p) => `line ${p.line}, column ${p.column} (${p.columnName}): ${p.reason}`)
    .join('; ')
  return new AppError(
    'VALIDATION',
    `${file}: ${problems.length === 1 ? 'a line is' : `${problems.length}${problems.length >= 50 ? '+' : ''} lines are`} not as expected, nothing was imported — ${first}${problems.length > 5 ? '; …' : ''}`,
    { file, problems }
  )
}

/** The source as a stream of Buffers that feeds the hash as it goes (a path is opened by openTsv). */
function hashSource(source: Source, hash: ReturnType<typeof createHash>): Source {
  if (Buffer.isBuffer(source)) {
    hash.update(source)
    return source
  }
  if (typeof source === 'string') {
    // Read once here for the hash and the parse (settlements are small).
    return fileWithHash(source, hash)
  }
  async function* tap() {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      hash.update(b)
      yield b
    }
  }
  return Readable.from(tap(), { objectMode: false })
}

function fileWithHash(path: string, hash: ReturnType<typeof createHash>): Source {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw new AppError('NOT_FOUND', `Cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  hash.update(bytes)
  return bytes
}
