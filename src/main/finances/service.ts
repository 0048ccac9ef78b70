/**
 * Settlements: Amazon's settlement V2 flat files (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2),
 * imported from a file (screen or CLI) or by the scheduled download (download.job.ts), and read
 * back as settlements with their totals and as each order's refunds (refund date, amount, fees) —
 * the refund source of the claims finder (`refundsByOrder`).
 *
 * An import parses the whole file first (amazon/reports/settlement.ts: a bad amount refuses the
 * file with line and column, nothing is written), then writes the settlement and its lines in one
 * transaction on the shared connection (no await inside it: a settlement is small). Identity:
 * store + settlement id for the settlement, + line key for a line (its cells' hash and occurrence
 * number), so importing the same settlement again — from a file or the download — adds nothing.
 * A preview runs the same statements and rolls back.
 */
import type { Readable } from 'node:stream'
import type { Settlement, SettlementImportSummary, SettlementRefund } from '../../shared/contract/finances'
import type { Money } from '../../shared/money'
import { parseSettlementReport, type SettlementReport } from '../amazon/reports/settlement'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import type { JobRunsService } from '../jobs/runs'
import type { StoresService } from '../stores/service'

const JP = 'A1VC38T7YXB528'

export type SettlementImportRequest = {
  storeId: string
  source: string | Buffer | Readable
  fileName: string
  charset?: string | null
  commit: boolean
  via: 'file' | 'download'
  reportId?: string | null
}

type SettlementRow = {
  storeId: string
  settlementId: string
  startAt: string | null
  endAt: string | null
  depositAt: string | null
  currency: string
  totalMinor: number
  linesTotalMinor: number
  lineCount: number
  source: 'file' | 'download'
  reportId: string | null
  fileName: string
  importedAt: string
}

/** Amount types that are what the buyer got back (the rest of a refund's lines are fees). */
const REFUND_AMOUNT_TYPES = new Set(['itemprice', 'promotion'])

export class SettlementsService {
  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      events: EventBus
      files: FileStaging
      jobs: JobRunsService
      stores: StoresService
    }
  ) {}

  private get sqlite() {
    return this.deps.db.$client
  }

  /** A staged file (Imports screen, CLI): preview (commit false) or import, recorded as a job run. */
  async importFile(input: { storeId: string; fileId: string }, commit: boolean): Promise<SettlementImportSummary> {
    const store = this.deps.stores.basics(input.storeId)
    const f = this.deps.files.get(input.fileId)
    const req: SettlementImportRequest = { storeId: store.id, source: f.path, fileName: f.name, commit, via: 'file' }
    if (!commit) return this.importReport(req)
    return this.deps.files.consume(input.fileId, () =>
      this.deps.jobs.run(
        'settlements.import',
        store.id,
        () => this.importReport(req),
        (r) => `${f.name}: settlement ${r.settlementId}, ${r.inserted} new lines, ${r.unchanged} already imported`
      )
    )
  }

  /** Parses and writes one settlement file (a staged file or a downloaded document). */
  async importReport(req: SettlementImportRequest): Promise<SettlementImportSummary> {
    const store = this.deps.stores.basics(req.storeId)
    const report = await parseSettlementReport(req.source, {
      file: req.fileName,
      charset: req.charset ?? null,
      japanese: store.marketplaceIds.includes(JP),
      marketplaceIds: store.marketplaceIds
    })
    const now = this.deps.clock.now().toISOString()
    const summary = this.write(store.id, report, req, now)
    if (req.commit && summary.inserted > 0) this.deps.events.emit('data.changed', { domains: ['settlements'] })
    return summary
  }

  private write(storeId: string, r: SettlementReport, req: SettlementImportRequest, now: string): SettlementImportSummary {
    const db = this.sqlite
    const linesTotal = r.totals[0]?.amountMinor ?? 0
    let inserted = 0
    let previous: { at: string; file: string } | null = null
    const run = () => {
      const known = db
        .prepare(
          'SELECT imported_at AS at, file_name AS file, total_minor AS total, currency FROM settlements WHERE store_id = ? AND settlement_id = ?'
        )
        .get(storeId, r.settlementId) as { at: string; file: string; total: number; currency: string } | undefined
      if (known && (known.total !== r.declaredTotal.amountMinor || known.currency !== r.currency))
        throw new AppError(
          'CONFLICT',
          `${req.fileName}: settlement ${r.settlementId} was imported on ${known.at} (${known.file}) with total ${known.total} ${known.currency} (minor units); this file says ${r.declaredTotal.amountMinor} ${r.currency}. Nothing was imported.`
        )
      previous = known ? { at: known.at, file: known.file } : null
      const insertLine = db.prepare(
        `INSERT INTO settlement_lines (store_id, settlement_id, line_key, transaction_type, order_id, merchant_order_id, adjustment_id, shipment_id,
           marketplace_name, amount_type, amount_description, currency, amount_minor, fulfillment_id, posted_at, order_item_code,
           merchant_order_item_id, merchant_adjustment_item_id, sku, quantity, promotion_id, source_line)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (store_id, settlement_id, line_key) DO NOTHING`
      )
      for (const l of r.lines) {
        const res = insertLine.run(
          storeId,
          r.settlementId,
          l.lineKey,
          l.transactionType,
          l.orderId,
          l.merchantOrderId,
          l.adjustmentId,
          l.shipmentId,
          l.marketplaceName,
          l.amountType,
          l.amountDescription,
          r.currency,
          l.amountMinor,
          l.fulfillmentId,
          l.postedAt,
          l.orderItemCode,
          l.merchantOrderItemId,
          l.merchantAdjustmentItemId,
          l.sku,
          l.quantity,
          l.promotionId,
          l.line
        )
        inserted += res.changes
      }
      if (!known)
        db.prepare(
          `INSERT INTO settlements (store_id, settlement_id, start_at, end_at, deposit_at, currency, total_minor, lines_total_minor, line_count,
             decimal_mark, decimal_mark_evidence, source, report_id, file_name, sha256, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        ).run(
          storeId,
          r.settlementId,
          r.startAt,
          r.endAt,
          r.depositAt,
          r.currency,
          r.declaredTotal.amountMinor,
          linesTotal,
          r.lines.length,
          r.decimalMark,
          r.decimalMarkEvidence,
          req.via,
          req.reportId ?? null,
          req.fileName,
          r.sha256,
          now
        )
      else if (req.reportId)
        db.prepare('UPDATE settlements SET report_id = coalesce(report_id, ?) WHERE store_id = ? AND settlement_id = ?').run(
          req.reportId,
          storeId,
          r.settlementId
        )
      if (known && inserted > 0)
        // The same settlement with lines it lacked (an earlier file was cut): the figures follow the lines.
        db.prepare(
          `UPDATE settlements SET lines_total_minor = (SELECT coalesce(sum(amount_minor), 0) FROM settlement_lines WHERE store_id = ? AND settlement_id = ?),
             line_count = (SELECT count(*) FROM settlement_lines WHERE store_id = ? AND settlement_id = ?) WHERE store_id = ? AND settlement_id = ?`
        ).run(storeId, r.settlementId, storeId, r.settlementId, storeId, r.settlementId)
    }
    if (req.commit) db.transaction(run).immediate()
    else {
      // A preview: the same statements, rolled back.
      const preview = db.transaction(() => {
        run()
        throw new PreviewRollback('preview')
      })
      try {
        preview()
      } catch (e) {
        if (!(e instanceof PreviewRollback)) throw e
      }
    }
    return {
      file: req.fileName,
      encoding: r.encoding,
      sha256: r.sha256,
      settlementId: r.settlementId,
      startAt: r.startAt,
      endAt: r.endAt,
      depositAt: r.depositAt,
      currency: r.currency,
      decimalMark: r.decimalMark,
      decimalMarkEvidence: r.decimalMarkEvidence,
      declaredTotal: r.declaredTotal,
      totals: r.totals,
      balanced: r.balanced,
      lines: r.lines.length,
      inserted,
      unchanged: r.lines.length - inserted,
      alreadyImported: previous,
      committed: req.commit
    }
  }

  /** Whether this Amazon report was imported into the store already (the download skips it). */
  hasReport(storeId: string, reportId: string): boolean {
    return (
      this.sqlite.prepare('SELECT 1 FROM settlements WHERE store_id = ? AND report_id = ? LIMIT 1').get(storeId, reportId) !== undefined
    )
  }

  /** Settlements, newest deposit first (all stores, or one). */
  list(storeId?: string): Settlement[] {
    const rows = this.sqlite
      .prepare(
        `SELECT store_id AS storeId, settlement_id AS settlementId, start_at AS startAt, end_at AS endAt, deposit_at AS depositAt, currency,
           total_minor AS totalMinor, lines_total_minor AS linesTotalMinor, line_count AS lineCount, source, report_id AS reportId,
           file_name AS fileName, imported_at AS importedAt
         FROM settlements WHERE (? IS NULL OR store_id = ?) ORDER BY coalesce(deposit_at, end_at, imported_at) DESC, id DESC`
      )
      .all(storeId ?? null, storeId ?? null) as SettlementRow[]
    return rows.map((r) => ({
      storeId: r.storeId,
      settlementId: r.settlementId,
      startAt: r.startAt,
      endAt: r.endAt,
      depositAt: r.depositAt,
      total: { currency: r.currency, amountMinor: r.totalMinor },
      linesTotal: { currency: r.currency, amountMinor: r.linesTotalMinor },
      lines: r.lineCount,
      source: r.source,
      reportId: r.reportId,
      fileName: r.fileName,
      importedAt: r.importedAt
    }))
  }

  /**
   * An order's refunds as the settlements record them: one per (settlement, adjustment id, posted
   * instant), oldest first, with what went back to the buyer (ItemPrice and Promotion amounts) and
   * the fees on it (every other amount: Commission returned, RefundCommission charged, …). For the
   * claims finder: the refund date starts the refunded-but-not-returned window.
   */
  refundsByOrder(storeId: string, orderId: string): SettlementRefund[] {
    this.deps.stores.basics(storeId) // NOT_FOUND for an unknown store
    const lines = this.sqlite
      .prepare(
        `SELECT settlement_id AS settlementId, adjustment_id AS adjustmentId, posted_at AS postedAt, currency, amount_type AS amountType,
           amount_description AS amountDescription, sku, amount_minor AS amountMinor
         FROM settlement_lines WHERE store_id = ? AND order_id = ? AND transaction_type = 'Refund'
         ORDER BY coalesce(posted_at, ''), settlement_id, id`
      )
      .all(storeId, orderId.trim()) as {
      settlementId: string
      adjustmentId: string | null
      postedAt: string | null
      currency: string
      amountType: string
      amountDescription: string | null
      sku: string | null
      amountMinor: number
    }[]
    const refunds = new Map<string, SettlementRefund>()
    const add = (m: Money, n: number) => {
      m.amountMinor += n
    }
    for (const l of lines) {
      const key = `${l.settlementId}\u0000${l.adjustmentId ?? ''}\u0000${l.postedAt ?? ''}\u0000${l.currency}`
      let r = refunds.get(key)
      if (!r) {
        r = {
          settlementId: l.settlementId,
          adjustmentId: l.adjustmentId,
          refundedAt: l.postedAt,
          currency: l.currency,
          amount: { currency: l.currency, amountMinor: 0 },
          fees: { currency: l.currency, amountMinor: 0 },
          net: { currency: l.currency, amountMinor: 0 },
          lines: []
        }
        refunds.set(key, r)
      }
      add(REFUND_AMOUNT_TYPES.has(l.amountType.toLowerCase()) ? r.amount : r.fees, l.amountMinor)
      add(r.net, l.amountMinor)
      r.lines.push({
        amountType: l.amountType,
        amountDescription: l.amountDescription,
        sku: l.sku,
        amount: { currency: l.currency, amountMinor: l.amountMinor }
      })
    }
    return [...refunds.values()]
  }
}

/** Thrown inside a preview's transaction so better-sqlite3 rolls it back. */
class PreviewRollback extends Error {}
