/**
 * Inventory ledger detail file -> claim_ledger_events, in one synchronous transaction (a preview is
 * the same code, rolled back, so it can't disagree with the import).
 *
 * The report has no event id and identical lines can repeat (sp-api-notes §1.5): a row's key is
 * the SHA-1 of its cells plus the occurrence index of those cells in the file ("the 2nd identical
 * line"). Importing the same file again, or a download whose window overlaps one imported before,
 * finds the same keys and inserts nothing (INSERT … ON CONFLICT DO NOTHING).
 *
 * The file is parsed into memory before the transaction (a ledger row is ~200 bytes; 18 months of
 * a large seller fit); rows are inserted with one prepared statement.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { LedgerImportSummary } from '../../shared/contract/claims'
import { openLedgerReport, type LedgerRecord } from '../amazon/reports/ledger'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import { inTransaction } from '../db/transaction'

export type LedgerImportRequest = {
  storeId: string
  source: Source
  fileName: string
  charset?: string | null
  commit: boolean
  detailLimit: number
}

class Rollback extends Error {}

export async function importLedger(sqlite: Database.Database, clock: Clock, req: LedgerImportRequest): Promise<LedgerImportSummary> {
  const report = await openLedgerReport(req.source, { file: req.fileName, charset: req.charset ?? null })
  const rows: (LedgerRecord & { key: string })[] = []
  const rejected: { line: number; reason: string }[] = []
  let rejectedCount = 0
  let read = 0
  const seen = new Map<string, number>()
  const quantities = new Map<string, { eventType: string; reason: string | null; rows: number; quantity: number }>()
  let from: string | null = null
  let to: string | null = null
  for await (const r of report.rows) {
    read++
    if (r.kind === 'rejected') {
      rejectedCount++
      if (rejected.length < req.detailLimit) rejected.push({ line: r.line, reason: r.reason })
      continue
    }
    const row = r.row
    const hash = createHash('sha1').update(row.content).digest('hex')
    const n = (seen.get(hash) ?? 0) + 1
    seen.set(hash, n)
    rows.push({ ...row, key: `${hash}#${n}` })
    const qk = `${row.eventType}\t${row.reason ?? ''}`
    const q = quantities.get(qk) ?? { eventType: row.eventType, reason: row.reason, rows: 0, quantity: 0 }
    q.rows++
    q.quantity += row.quantity
    quantities.set(qk, q)
    if (from === null || row.occurredAt < from) from = row.occurredAt
    if (to === null || row.occurredAt > to) to = row.occurredAt
  }

  const now = clock.now().toISOString()
  const insert = sqlite.prepare(
    `INSERT INTO claim_ledger_events (store_id, row_key, occurred_at, fnsku, asin, sku, title, event_type, reference_id, quantity,
       fulfillment_center, disposition, reason, country, reconciled_quantity, unreconciled_quantity, source_file, source_line, created_at)
     VALUES (@storeId, @key, @occurredAt, @fnsku, @asin, @sku, @title, @eventType, @referenceId, @quantity,
       @fulfillmentCenter, @disposition, @reason, @country, @reconciledQuantity, @unreconciledQuantity, @sourceFile, @line, @now)
     ON CONFLICT (store_id, row_key) DO NOTHING`
  )
  let inserted = 0
  const write = () => {
    for (const r of rows) {
      const { content: _c, ...values } = r
      inserted += insert.run({ ...values, storeId: req.storeId, sourceFile: req.fileName, now }).changes
    }
    if (!req.commit) throw new Rollback()
  }
  try {
    inTransaction(sqlite, write)
  } catch (e) {
    if (!(e instanceof Rollback)) throw e
  }
  return {
    file: req.fileName,
    encoding: report.encoding,
    rows: read,
    inserted,
    unchanged: rows.length - inserted,
    rejectedCount,
    rejected,
    quantities: [...quantities.values()].sort(
      (a, b) => a.eventType.localeCompare(b.eventType) || (a.reason ?? '').localeCompare(b.reason ?? '')
    ),
    from,
    to,
    committed: req.commit
  }
}
