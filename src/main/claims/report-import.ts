/**
 * Removal order detail, removal shipment detail and replacement reports -> claim_removal_orders,
 * claim_removal_shipments, claim_replacements: the file says which it is (its header). One
 * synchronous transaction; a preview is the same code rolled back, so it can't disagree with
 * the import. Re-importing the same file, or a download whose window overlaps one before,
 * changes nothing:
 * - a removal order line is keyed by order, FNSKU and disposition; a line whose last-updated-date
 *   is newer replaces the stored one (the order progressed), an equal or older one is unchanged;
 * - a removal shipment line has no id of its own: keyed, like ledger rows, by the hash of its
 *   cells plus the occurrence of those cells in the file;
 * - a replacement is keyed by replacement order and SKU.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { ClaimReportImportSummary } from '../../shared/contract/claims'
import { openFbaReport } from '../amazon/reports/fba-inventory'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import { inTransaction } from '../db/transaction'

export type ReportImportRequest = {
  storeId: string
  source: Source
  fileName: string
  charset?: string | null
  commit: boolean
  detailLimit: number
}

class Rollback extends Error {}

export async function importFbaReport(
  sqlite: Database.Database,
  clock: Clock,
  req: ReportImportRequest
): Promise<ClaimReportImportSummary> {
  const report = await openFbaReport(req.source, { file: req.fileName, charset: req.charset ?? null })
  const now = clock.now().toISOString()
  const rejected: ClaimReportImportSummary['rejected'] = []
  let rejectedCount = 0
  let read = 0
  const sums = new Map<string, number>()
  const add = (column: string, n: number) => sums.set(column, (sums.get(column) ?? 0) + n)
  let from: string | null = null
  let to: string | null = null
  const span = (at: string) => {
    if (from === null || at < from) from = at
    if (to === null || at > to) to = at
  }
  // Parsed into memory first (these reports are small next to the ledger), then written at once.
  const writes: (() => 'inserted' | 'updated' | 'unchanged')[] = []
  const base = { storeId: req.storeId, sourceFile: req.fileName, now }

  if (report.kind === 'removalOrders') {
    const get = sqlite.prepare(
      'SELECT updated_at AS updatedAt FROM claim_removal_orders WHERE store_id = ? AND order_id = ? AND fnsku = ? AND disposition = ?'
    )
    const upsert = sqlite.prepare(
      `INSERT INTO claim_removal_orders (store_id, order_id, fnsku, disposition, sku, requested_at, order_type, service_speed, order_status,
         updated_at, requested, cancelled, disposed, shipped, in_process, fee_minor, currency, source_file, source_line, created_at)
       VALUES (@storeId, @orderId, @fnsku, @disposition, @sku, @requestedAt, @orderType, @serviceSpeed, @orderStatus,
         @updatedAt, @requested, @cancelled, @disposed, @shipped, @inProcess, @feeMinor, @currency, @sourceFile, @line, @now)
       ON CONFLICT (store_id, order_id, fnsku, disposition) DO UPDATE SET sku = excluded.sku, requested_at = excluded.requested_at,
         order_type = excluded.order_type, service_speed = excluded.service_speed, order_status = excluded.order_status,
         updated_at = excluded.updated_at, requested = excluded.requested, cancelled = excluded.cancelled, disposed = excluded.disposed,
         shipped = excluded.shipped, in_process = excluded.in_process, fee_minor = excluded.fee_minor, currency = excluded.currency,
         source_file = excluded.source_file, source_line = excluded.source_line`
    )
    for await (const r of report.rows) {
      read++
      if (r.kind === 'rejected') {
        rejectedCount++
        if (rejected.length < req.detailLimit) rejected.push({ line: r.line, column: r.column, reason: r.reason })
        continue
      }
      const o = r.row
      add('requested-quantity', o.requested)
      add('cancelled-quantity', o.cancelled)
      add('disposed-quantity', o.disposed)
      add('shipped-quantity', o.shipped)
      add('in-process-quantity', o.inProcess)
      span(o.requestedAt)
      writes.push(() => {
        const prev = get.get(req.storeId, o.orderId, o.fnsku, o.disposition) as { updatedAt: string } | undefined
        if (prev && prev.updatedAt >= o.updatedAt) return 'unchanged'
        upsert.run({ ...base, ...o, line: r.line })
        return prev ? 'updated' : 'inserted'
      })
    }
  } else if (report.kind === 'removalShipments') {
    const insert = sqlite.prepare(
      `INSERT INTO claim_removal_shipments (store_id, row_key, order_id, requested_at, shipped_at, sku, fnsku, disposition, quantity, carrier,
         tracking_number, removal_order_type, source_file, source_line, created_at)
       VALUES (@storeId, @key, @orderId, @requestedAt, @shippedAt, @sku, @fnsku, @disposition, @quantity, @carrier,
         @trackingNumber, @removalOrderType, @sourceFile, @line, @now)
       ON CONFLICT (store_id, row_key) DO NOTHING`
    )
    const seen = new Map<string, number>()
    for await (const r of report.rows) {
      read++
      if (r.kind === 'rejected') {
        rejectedCount++
        if (rejected.length < req.detailLimit) rejected.push({ line: r.line, column: r.column, reason: r.reason })
        continue
      }
      const hash = createHash('sha1').update(r.content).digest('hex')
      const n = (seen.get(hash) ?? 0) + 1
      seen.set(hash, n)
      const s = r.row
      add('shipped-quantity', s.quantity)
      span(s.shippedAt)
      writes.push(() => (insert.run({ ...base, ...s, key: `${hash}#${n}`, line: r.line }).changes > 0 ? 'inserted' : 'unchanged'))
    }
  } else {
    const insert = sqlite.prepare(
      `INSERT INTO claim_replacements (store_id, replacement_order_id, sku, original_order_id, shipped_at, asin, fulfillment_center,
         original_fulfillment_center, quantity, reason_code, source_file, source_line, created_at)
       VALUES (@storeId, @replacementOrderId, @sku, @originalOrderId, @shippedAt, @asin, @fulfillmentCenter,
         @originalFulfillmentCenter, @quantity, @reasonCode, @sourceFile, @line, @now)
       ON CONFLICT (store_id, replacement_order_id, sku) DO NOTHING`
    )
    for await (const r of report.rows) {
      read++
      if (r.kind === 'rejected') {
        rejectedCount++
        if (rejected.length < req.detailLimit) rejected.push({ line: r.line, column: r.column, reason: r.reason })
        continue
      }
      const x = r.row
      add('quantity', x.quantity)
      span(x.shippedAt)
      writes.push(() => (insert.run({ ...base, ...x, line: r.line }).changes > 0 ? 'inserted' : 'unchanged'))
    }
  }

  const counts = { inserted: 0, updated: 0, unchanged: 0 }
  try {
    inTransaction(sqlite, () => {
      for (const w of writes) counts[w()]++
      if (!req.commit) throw new Rollback()
    })
  } catch (e) {
    if (!(e instanceof Rollback)) throw e
  }
  return {
    file: req.fileName,
    kind: report.kind,
    reportType: report.reportType,
    encoding: report.encoding,
    rows: read,
    ...counts,
    rejectedCount,
    rejected,
    quantities: [...sums].map(([column, quantity]) => ({ column, quantity })),
    from,
    to,
    committed: req.commit
  }
}
