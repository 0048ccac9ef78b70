/**
 * Reading a recovery service's statement (CSV or tab-separated, any of the encodings the report
 * reader knows) through the user's column mapping. Money is parsed strictly in the mapping's
 * decimal mark (`parseLocaleMinor`: never guessed per value); a bad cell rejects its line with
 * the line, the column and what was expected, and the other lines are kept.
 */
import type { StatementField, StatementMapping } from '../../shared/contract/audits'
import { parseLocaleMinor, type Money } from '../../shared/money'
import { KNOWN_CURRENCIES } from '../amazon/reports/reimbursements'
import { normalizeHeader, openTsv, widthProblem, type Source } from '../amazon/reports/tabular'

/** Header words that name each field in the statements we have seen; only a first guess the user confirms. */
const GUESS: Record<StatementField, string[]> = {
  caseId: ['case-id', 'case', 'case-number', 'case-no', 'amazon-case-id'],
  reimbursementId: ['reimbursement-id', 'reimbursement', 'reimb-id', 'reimbursement-number'],
  amount: ['amount', 'reimbursed-amount', 'amount-reimbursed', 'recovered', 'recovered-amount', 'amount-recovered', 'reimbursement-amount'],
  fee: ['fee', 'fees', 'commission', 'service-fee', 'our-fee', 'fee-amount'],
  currency: ['currency', 'currency-code', 'ccy']
}

/** A mapping guessed from the header (the first column whose normalized name is a known word). */
export function guessMapping(header: string[]): StatementMapping {
  const norm = header.map(normalizeHeader)
  const columns: StatementMapping['columns'] = {}
  for (const [field, words] of Object.entries(GUESS) as [StatementField, string[]][]) {
    const i = norm.findIndex((h) => words.includes(h))
    if (i >= 0) columns[field] = header[i]!
  }
  return { columns, decimalMark: '.', currency: null }
}

/** What the mapping still lacks for this header, in words (empty: complete). */
export function missingFields(m: StatementMapping, header: string[]): string[] {
  const norm = new Set(header.map(normalizeHeader))
  const out: string[] = []
  for (const [field, col] of Object.entries(m.columns) as [StatementField, string][])
    if (!norm.has(normalizeHeader(col))) out.push(`column "${col}" (mapped to ${field}) is not in the file`)
  if (!m.columns.amount) out.push('amount')
  if (!m.columns.fee) out.push('fee')
  if (!m.columns.caseId && !m.columns.reimbursementId) out.push('caseId or reimbursementId')
  if (!m.columns.currency && !m.currency) out.push('currency (a column, or one currency for the whole file)')
  return out
}

export type ParsedLine = { line: number; caseId: string | null; reimbursementId: string | null; amount: Money; fee: Money }
export type Rejected = { line: number; column: string | null; reason: string }

export async function readStatementHeader(source: Source, fileName: string): Promise<string[]> {
  const tsv = await openTsv(source, { file: fileName })
  // Read to the end so the file is closed (a statement is small).
  for await (const _ of tsv.batches);
  return tsv.header
}

/**
 * Reads every line of a statement with a complete mapping (missingFields empty). Answers the
 * header, the good lines and the rejected ones (all of them: a statement is small).
 */
export async function readStatement(
  source: Source,
  fileName: string,
  m: StatementMapping
): Promise<{ header: string[]; rows: number; lines: ParsedLine[]; rejected: Rejected[] }> {
  const tsv = await openTsv(source, { file: fileName })
  const colOf = (f: StatementField): { index: number; name: string } | null => {
    const name = m.columns[f]
    if (!name) return null
    const index = tsv.header.findIndex((h) => normalizeHeader(h) === normalizeHeader(name))
    return index >= 0 ? { index, name: tsv.header[index]! } : null
  }
  const cols = {
    caseId: colOf('caseId'),
    reimbursementId: colOf('reimbursementId'),
    amount: colOf('amount')!,
    fee: colOf('fee')!,
    currency: colOf('currency')
  }
  const lines: ParsedLine[] = []
  const rejected: Rejected[] = []
  let rows = 0
  for await (const { line, cells } of tsv.rows) {
    rows++
    const w = widthProblem(cells.length, tsv.header.length)
    if (w) {
      rejected.push({ line, column: null, reason: w })
      continue
    }
    const cell = (c: { index: number } | null) => (c ? (cells[c.index] ?? '').trim() : '')
    const caseId = cell(cols.caseId) || null
    const reimbursementId = cell(cols.reimbursementId) || null
    if (!caseId && !reimbursementId) {
      const names = [cols.reimbursementId?.name, cols.caseId?.name].filter(Boolean).map((n) => `"${n}"`)
      rejected.push({
        line,
        column: names.join(' / '),
        reason: 'neither a reimbursement id nor a case id: the line names nothing to check'
      })
      continue
    }
    let currency = m.currency ?? ''
    if (cols.currency) {
      const raw = cell(cols.currency)
      currency = raw.toUpperCase()
      if (!KNOWN_CURRENCIES.has(currency)) {
        rejected.push({
          line,
          column: cols.currency.name,
          reason: `'${raw}' is not a currency of an Amazon marketplace (expected a code such as USD, EUR)`
        })
        continue
      }
    }
    const money = (c: { index: number; name: string }, what: string): Money | Rejected => {
      const r = parseLocaleMinor(cell(c), currency, m.decimalMark)
      if (!r.ok) return { line, column: c.name, reason: `the ${what}: ${r.reason}` }
      return { amountMinor: r.amountMinor, currency }
    }
    const amount = money(cols.amount, 'amount')
    if ('reason' in amount) {
      rejected.push(amount)
      continue
    }
    const fee = money(cols.fee, 'fee')
    if ('reason' in fee) {
      rejected.push(fee)
      continue
    }
    if (fee.amountMinor < 0) {
      rejected.push({
        line,
        column: cols.fee.name,
        reason: `the fee '${cell(cols.fee)}' is below zero (expected what the service charged)`
      })
      continue
    }
    lines.push({ line, caseId, reimbursementId, amount, fee })
  }
  return { header: tsv.header, rows, lines, rejected }
}
