/**
 * A-to-z / SAFE-T claims from a CSV (tab-separated works too), #17. Columns by name (README,
 * Deadlines): order-id, kind (atoz | safet), state, and optionally type, filed, amount, currency,
 * info-requested, granted, amazon-refund, note. Each row is checked as the screen's form is (the
 * same contract, the same rules of `OrderClaimsService.record`); a bad row is rejected with its
 * line, column and what was expected, the others are kept. A row equal to the claim already
 * recorded changes nothing, so re-importing the same file adds nothing and writes no history.
 * A preview writes nothing.
 */
import type { z } from 'zod'
import { ClaimInput, type ClaimRow, type ClaimsImportSummary } from '../../shared/contract/deadlines'
import { parseMinor } from '../../shared/money'
import { openTsv, widthProblem, type Source } from '../amazon/reports/tabular'
import { AppError } from '../errors'

const REQUIRED = ['order-id', 'kind', 'state'] as const
/** CSV column → the contract's field. */
const FIELDS: Record<string, string> = {
  'order-id': 'amazonOrderId',
  kind: 'kind',
  state: 'state',
  type: 'claimType',
  filed: 'filedAt',
  'info-requested': 'infoRequestedAt',
  granted: 'grantedAt',
  'amazon-refund': 'amazonRefundAt',
  note: 'note'
}
const COLUMN_OF: Record<string, string> = Object.fromEntries(Object.entries(FIELDS).map(([c, f]) => [f, c]))

type Input = z.output<typeof ClaimInput>

/** What the import needs of the claims service (claims.ts; declared here so the two files do not import each other). */
export type ClaimsStore = {
  list(q: { storeId: string }): ClaimRow[]
  record(input: Input, source: 'csv'): ClaimRow
}

/** Whether recording `i` would change nothing on `c`. */
function same(c: ClaimRow, i: Input): boolean {
  const iso = (s: string | undefined) => (s === undefined ? null : new Date(s).toISOString())
  return (
    c.state === i.state &&
    c.claimType === (i.claimType ?? null) &&
    c.filedAt === iso(i.filedAt) &&
    c.infoRequestedAt === iso(i.infoRequestedAt) &&
    c.grantedAt === iso(i.grantedAt) &&
    c.amazonRefundAt === iso(i.amazonRefundAt) &&
    c.amountMinor === (i.amountMinor ?? null) &&
    c.currency === (i.currency?.toUpperCase() ?? null) &&
    c.note === (i.note ?? null)
  )
}

/** The checks `record` makes besides the contract, with the column they concern. */
function ruleProblem(i: Input): { column: string; reason: string } | null {
  if ((i.amountMinor === undefined) !== (i.currency === undefined))
    return { column: i.amountMinor === undefined ? 'amount' : 'currency', reason: 'amount and currency go together: give both or neither' }
  if (i.state === 'info-requested' && !i.infoRequestedAt)
    return { column: 'info-requested', reason: 'state info-requested needs the instant Amazon asked' }
  if (i.state === 'granted' && !i.grantedAt) return { column: 'granted', reason: 'state granted needs the instant Amazon granted it' }
  if (i.kind === 'safet' && !i.amazonRefundAt)
    return { column: 'amazon-refund', reason: 'a SAFE-T claim needs the instant Amazon refunded the buyer (its 60 days start there)' }
  return null
}

export async function importClaimsCsv(
  claims: ClaimsStore,
  req: { storeId: string; source: Source; fileName: string; commit: boolean; detailLimit: number }
): Promise<ClaimsImportSummary> {
  const tsv = await openTsv(req.source, { file: req.fileName })
  const missing = REQUIRED.filter((c) => !tsv.columns.has(c))
  if (missing.length)
    throw new AppError(
      'VALIDATION',
      `${req.fileName}: line ${tsv.headerLine}: this is not a claims file: the header lacks ${missing.map((m) => `"${m}"`).join(', ')} (expected order-id, kind, state and optionally type, filed, amount, currency, info-requested, granted, amazon-refund, note).`,
      { line: tsv.headerLine, missing }
    )
  const width = tsv.header.length
  const rejected: ClaimsImportSummary['rejected'] = []
  let rejectedCount = 0
  let rows = 0
  const reject = (line: number, column: string | null, reason: string) => {
    rejectedCount++
    if (rejected.length < req.detailLimit) rejected.push({ line, column, reason })
  }
  const good: { line: number; input: Input }[] = []
  for await (const { line, cells } of tsv.rows) {
    rows++
    const w = widthProblem(cells.length, width)
    if (w) {
      reject(line, null, w)
      continue
    }
    const v = (k: string) => {
      const i = tsv.columns.get(k)
      return i === undefined ? '' : (cells[i] ?? '').trim()
    }
    const raw: Record<string, unknown> = { storeId: req.storeId }
    for (const [col, field] of Object.entries(FIELDS)) if (v(col) !== '') raw[field] = v(col)
    const currency = v('currency').toUpperCase()
    if (currency) raw.currency = currency
    if (v('amount') !== '') {
      const minor = currency ? parseMinor(v('amount'), currency) : null
      if (minor === null) {
        reject(
          line,
          'amount',
          `'${v('amount')}' is not an amount${currency ? ` in ${currency}` : ' (give its currency)'} (a plain number with a dot, e.g. 24.99)`
        )
        continue
      }
      raw.amountMinor = minor
    }
    const parsed = ClaimInput.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const field = String(issue.path[0] ?? '')
      const column = COLUMN_OF[field] ?? (field === 'currency' ? 'currency' : null)
      reject(line, column, `'${column ? v(column) : ''}': ${issue.message}`)
      continue
    }
    const problem = ruleProblem(parsed.data)
    if (problem) {
      reject(line, problem.column, problem.reason)
      continue
    }
    good.push({ line, input: parsed.data })
  }
  const counts = { inserted: 0, updated: 0, unchanged: 0 }
  // The claims already recorded, by order and kind (a later row of the same file updates an earlier one).
  const known = new Map(claims.list({ storeId: req.storeId }).map((c) => [`${c.amazonOrderId}|${c.kind}`, c]))
  for (const { input } of good) {
    const k = `${input.amazonOrderId}|${input.kind}`
    const cur = known.get(k)
    if (cur && same(cur, input)) {
      counts.unchanged++
      continue
    }
    counts[cur ? 'updated' : 'inserted']++
    if (req.commit) known.set(k, claims.record(input, 'csv'))
    else known.set(k, { ...(cur ?? ({} as ClaimRow)), ...input, claimType: input.claimType ?? null } as ClaimRow)
  }
  return { file: req.fileName, rows, ...counts, rejectedCount, rejected, committed: req.commit }
}
