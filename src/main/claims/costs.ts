/**
 * Manufacturing costs per SKU from a CSV (`sku, cost, currency, from-date`; tab-separated works
 * too), in one transaction; a preview is the same code rolled back. Columns by name; a bad row is
 * rejected with its line and reason, the others are kept. Re-importing the same file changes nothing.
 */
import type Database from 'better-sqlite3'
import type { CostImportSummary } from '../../shared/contract/claims'
import { parseMinor } from '../../shared/money'
import { KNOWN_CURRENCIES, parseReportDate } from '../amazon/reports/reimbursements'
import { openTsv, widthProblem, type Source } from '../amazon/reports/tabular'
import { AppError } from '../errors'
import { inTransaction } from '../db/transaction'

const REQUIRED = ['sku', 'cost', 'currency', 'from-date'] as const
class Rollback extends Error {}

export type CostRow = { sku: string; costMinor: number; currency: string; fromDate: string }

/** Writes one cost; answers whether anything changed. */
export function upsertCost(sqlite: Database.Database, storeId: string, c: CostRow, now: string): 'inserted' | 'updated' | 'unchanged' {
  const cur = sqlite
    .prepare('SELECT cost_minor AS costMinor, currency FROM claim_costs WHERE store_id = ? AND sku = ? AND from_date = ?')
    .get(storeId, c.sku, c.fromDate) as { costMinor: number; currency: string } | undefined
  if (cur && cur.costMinor === c.costMinor && cur.currency === c.currency) return 'unchanged'
  sqlite
    .prepare(
      `INSERT INTO claim_costs (store_id, sku, from_date, cost_minor, currency, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, sku, from_date) DO UPDATE SET cost_minor = excluded.cost_minor, currency = excluded.currency, updated_at = excluded.updated_at`
    )
    .run(storeId, c.sku, c.fromDate, c.costMinor, c.currency, now)
  return cur ? 'updated' : 'inserted'
}

export async function importCosts(
  sqlite: Database.Database,
  req: { storeId: string; source: Source; fileName: string; commit: boolean; detailLimit: number; now: string }
): Promise<CostImportSummary> {
  const tsv = await openTsv(req.source, { file: req.fileName })
  const missing = REQUIRED.filter((c) => !tsv.columns.has(c))
  if (missing.length)
    throw new AppError(
      'VALIDATION',
      `${req.fileName}: line ${tsv.headerLine}: this is not a manufacturing cost file: the header lacks ${missing.map((m) => `"${m}"`).join(', ')} (expected the columns sku, cost, currency, from-date).`,
      { line: tsv.headerLine, missing }
    )
  const col = (k: string) => tsv.columns.get(k)!
  const width = tsv.header.length
  const good: CostRow[] = []
  const rejected: { line: number; reason: string }[] = []
  let rejectedCount = 0
  let rows = 0
  const reject = (line: number, reason: string) => {
    rejectedCount++
    if (rejected.length < req.detailLimit) rejected.push({ line, reason })
  }
  for await (const { line, cells } of tsv.rows) {
    rows++
    const w = widthProblem(cells.length, width)
    if (w) {
      reject(line, w)
      continue
    }
    const v = (k: string) => (cells[col(k)] ?? '').trim()
    const sku = v('sku')
    const currency = v('currency').toUpperCase()
    const fromDate = v('from-date')
    if (!sku) reject(line, 'sku is empty')
    else if (!KNOWN_CURRENCIES.has(currency)) reject(line, `currency '${v('currency')}' is not a currency of an Amazon marketplace`)
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(fromDate) || !parseReportDate(fromDate))
      reject(line, `from-date '${fromDate}' is not a date (expected YYYY-MM-DD)`)
    else {
      const costMinor = parseMinor(v('cost'), currency)
      if (costMinor === null || costMinor < 0)
        reject(line, `cost '${v('cost')}' is not an amount in ${currency} (a plain number with a dot, at most the currency's decimals)`)
      else good.push({ sku, costMinor, currency, fromDate })
    }
  }
  const counts = { inserted: 0, updated: 0, unchanged: 0 }
  try {
    inTransaction(sqlite, () => {
      for (const c of good) counts[upsertCost(sqlite, req.storeId, c, req.now)]++
      if (!req.commit) throw new Rollback()
    })
  } catch (e) {
    if (!(e instanceof Rollback)) throw e
  }
  return { file: req.fileName, rows, ...counts, rejectedCount, rejected, committed: req.commit }
}
