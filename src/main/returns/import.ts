/**
 * Returns report -> RMAs, in two phases so memory stays bounded and the write is one transaction:
 * 1. Stream: the parser's rows go into a TEMP table (per connection, never migrated, on disk),
 *    in small batches. Nothing the user sees is written.
 * 2. Apply: one synchronous transaction reads the staged rows grouped by Amazon RMA ID, asks the
 *    pure rules (rma-rules.ts) what each group does, and writes it. A preview runs the very same
 *    code and rolls back, so the preview can't disagree with the import.
 * The transaction is synchronous (better-sqlite3), so no other work on this connection can slip
 * into it; imports are serialized because they share the staging table.
 *
 * The apply loop uses prepared SQL statements rather than drizzle's builder: it runs ~8 statements
 * per return and the bench (200,000 rows < 5 s) needs them prepared once.
 */
import type Database from 'better-sqlite3'
import type { ImportSummary } from '../../shared/contract/rmas'
import { openReturnsReport, type ReturnRow } from '../amazon/reports/returns'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import {
  FBA_SKIP_REASON,
  INITIAL_STATUS,
  planRma,
  RESOLUTION,
  type ExistingRma,
  type KitComponent,
  type NewItem,
  type RmaFields,
  type Skip
} from './rma-rules'
import { BatchedInsert } from './batched-insert'
import { timeOrderedId } from './order-id'

export type ImportOptions = {
  storeId: string
  source: Source
  /** Shown in messages and kept on the RMA (source file). */
  fileName: string
  /** Charset from an HTTP Content-Type (scheduled download). */
  charset?: string | null
  commit: boolean
  detailLimit: number
  noRmaForReturnlessRefunds: boolean
  /** mfn-flat/mfn-xml from the file; 'download' for the scheduled job. */
  via?: 'file' | 'download'
}

class Rollback extends Error {}

const STAGE = 'rma_import_stage_v2'
const BATCH = 5000

export class ReturnsImporter {
  private prepared: ReturnType<ReturnsImporter['prepare']> | null = null

  constructor(private readonly deps: { sqlite: Database.Database; clock: Clock }) {}

  private prepare() {
    const s = this.deps.sqlite
    s.exec(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (seq INTEGER PRIMARY KEY, grp TEXT NOT NULL, line INTEGER NOT NULL, data TEXT NOT NULL, raw TEXT NOT NULL)`)
    s.exec(`CREATE INDEX IF NOT EXISTS temp.${STAGE}_grp ON ${STAGE} (grp, seq)`)
    return {
      stageInsert: s.prepare(`INSERT INTO ${STAGE} (grp, line, data, raw) VALUES (?, ?, ?, ?)`),
      stagePage: s.prepare(`SELECT seq, grp, data, raw FROM ${STAGE} WHERE (grp, seq) > (?, ?) ORDER BY grp, seq LIMIT ${BATCH}`),
      stageClear: s.prepare(`DELETE FROM ${STAGE}`),
      kits: s.prepare('SELECT parent_sku AS parentSku, component_sku AS componentSku, quantity FROM kits WHERE store_id = ? ORDER BY id'),
      rma: s.prepare(
        `SELECT id, return_request_status AS returnRequestStatus, tracking_id AS trackingId, carrier, label_type AS labelType,
                label_paid_by AS labelPaidBy, return_type AS returnType, amazon_resolution AS amazonResolution,
                return_request_date AS returnRequestDate, merchant_rma_id AS merchantRmaId,
                refunded_amount_minor AS refundedAmountMinor, currency
         FROM rmas WHERE store_id = ? AND order_source_rma_id = ?`
      ),
      itemSkus: s.prepare('SELECT source_sku AS s FROM rma_items WHERE rma_id = ?').pluck(),
      trackingNotes: s.prepare("SELECT body FROM rma_notes WHERE rma_id = ? AND kind = 'tracking'").pluck(),
      order: s.prepare('SELECT id FROM orders WHERE store_id = ? AND amazon_order_id = ?').pluck(),
      // Mirrors OrdersService.ensure (minimal order + its history row) with prepared statements.
      orderInsert: s.prepare('INSERT INTO orders (id, store_id, amazon_order_id, purchase_date, is_minimal, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)'),
      orderHistory: new BatchedInsert(s, 'INSERT INTO order_history (order_id, event, detail, at) VALUES', "(?, 'created', 'minimal record (order not synced yet)', ?)"),
      rmaInsert: s.prepare(
        `INSERT INTO rmas (store_id, order_id, amazon_order_id, order_source_rma_id, merchant_rma_id, status, resolution,
           return_request_status, return_request_date, order_date, amazon_resolution, return_type, returnless, tracking_id, carrier,
           label_type, label_paid_by, currency, label_cost_minor, order_amount_minor, refunded_amount_minor, source, source_file,
           source_line, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ),
      // Written in batches (see BatchedInsert): nothing in the import reads them back for an RMA
      // it created or updated in the same run (each RMA is one group), and they are flushed before
      // the transaction ends.
      itemInsert: new BatchedInsert(
        s,
        'INSERT INTO rma_items (rma_id, sku, source_sku, parent_sku, asin, item_name, quantity, reason, currency, refund_amount_minor, received_quantity, source_line, raw) VALUES',
        '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)'
      ),
      noteInsert: new BatchedInsert(s, 'INSERT INTO rma_notes (rma_id, kind, body, created_at) VALUES', '(?, ?, ?, ?)'),
      historyInsert: new BatchedInsert(s, 'INSERT INTO rma_history (rma_id, event, from_status, to_status, detail, at) VALUES', '(?, ?, ?, ?, ?, ?)'),
      fbaUpsert: s.prepare(
        `INSERT INTO fba_customer_returns (store_id, amazon_order_id, return_date, sku, asin, fnsku, product_name, quantity,
           fulfillment_center_id, disposition, reason, status, license_plate_number, customer_comments, source_file, source_line, created_at, updated_at)
         VALUES (@storeId, @orderId, @returnDate, @sku, @asin, @fnsku, @productName, @quantity, @fc, @disposition, @reason, @status,
           @lpn, @comments, @sourceFile, @sourceLine, @now, @now)
         ON CONFLICT (store_id, amazon_order_id, sku, return_date, license_plate_number) DO UPDATE SET
           quantity = excluded.quantity, disposition = excluded.disposition, status = excluded.status, reason = excluded.reason,
           customer_comments = excluded.customer_comments, fulfillment_center_id = excluded.fulfillment_center_id, updated_at = excluded.updated_at
         WHERE quantity IS NOT excluded.quantity OR disposition IS NOT excluded.disposition OR status IS NOT excluded.status
           OR reason IS NOT excluded.reason OR customer_comments IS NOT excluded.customer_comments
           OR fulfillment_center_id IS NOT excluded.fulfillment_center_id`
      )
    }
  }

  private get st() {
    return (this.prepared ??= this.prepare())
  }

  private queue: Promise<unknown> = Promise.resolve()

  /** Imports (or previews) one file. Imports run one at a time. */
  run(opts: ImportOptions): Promise<ImportSummary> {
    const next = this.queue.then(() => this.runNow(opts))
    this.queue = next.catch(() => undefined)
    return next
  }

  private async runNow(opts: ImportOptions): Promise<ImportSummary> {
    const st = this.st
    const s = this.deps.sqlite
    const report = await openReturnsReport(opts.source, { file: opts.fileName, charset: opts.charset ?? null })
    const summary: ImportSummary = {
      file: opts.fileName,
      format: report.format,
      encoding: report.encoding,
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      stored: 0,
      ordersCreated: 0,
      skippedCount: 0,
      skipped: [],
      rejectedCount: 0,
      rejected: [],
      sample: [],
      committed: false
    }
    const skip = (k: Skip) => {
      summary.skippedCount++
      if (summary.skipped.length < opts.detailLimit) summary.skipped.push(k)
    }

    const batched = [st.orderHistory, st.itemInsert, st.noteInsert, st.historyInsert]
    for (const b of batched) b.discard()
    // Phase 1: stage.
    st.stageClear.run()
    try {
      let batch: [string, number, string, string][] = []
      const flush = s.transaction((rows: [string, number, string, string][]) => {
        for (const r of rows) st.stageInsert.run(r[0], r[1], r[2], r[3])
      })
      for await (const item of report.rows) {
        if (item.kind === 'rejected') {
          summary.rows++
          summary.rejectedCount++
          if (summary.rejected.length < opts.detailLimit) summary.rejected.push({ line: item.line, reason: item.reason })
          continue
        }
        summary.rows++
        const r = item.row
        batch.push([r.amazonRmaId ?? '', r.line, JSON.stringify({ ...r, raw: null }), JSON.stringify(r.raw)])
        if (batch.length >= BATCH) {
          flush(batch)
          batch = []
        }
      }
      flush(batch)

      // Phase 2: apply in one transaction.
      const now = this.deps.clock.now().toISOString()
      const storeId = opts.storeId
      const kits = new Map<string, KitComponent[]>()
      for (const k of st.kits.all(storeId) as { parentSku: string; componentSku: string; quantity: number }[]) {
        const l = kits.get(k.parentSku) ?? []
        l.push({ componentSku: k.componentSku, quantity: k.quantity })
        kits.set(k.parentSku, l)
      }
      const source = opts.via === 'download' ? 'download' : report.format === 'mfn-xml' ? 'mfn-xml' : 'mfn-flat'
      const sample = (action: 'create' | 'update', f: { orderSourceRmaId: string; amazonOrderId: string }, items: NewItem[], detail: string | null) => {
        if (summary.sample.length < 20) summary.sample.push({ action, orderSourceRmaId: f.orderSourceRmaId, amazonOrderId: f.amazonOrderId, skus: [...new Set(items.map((i) => i.sku))], detail })
      }

      const ensureOrder = (amazonOrderId: string, orderDate: string | null): string => {
        const id = st.order.get(storeId, amazonOrderId) as string | undefined
        if (id) return id
        // Time-ordered (UUIDv7 layout, see order-id.ts) so the orders key index is appended to;
        // OrdersService.ensure uses random UUIDs: both are 36-char UUID text.
        const newId = timeOrderedId()
        st.orderInsert.run(newId, storeId, amazonOrderId, orderDate, now, now)
        st.orderHistory.add(newId, now)
        summary.ordersCreated++
        return newId
      }
      // The staged JSON of each row's raw columns, reused for rma_items.raw (same text as stringifying it again).
      const rawJson = new WeakMap<object, string>()
      const insertItems = (rmaId: number, items: NewItem[]) => {
        for (const i of items)
          st.itemInsert.add(rmaId, i.sku, i.sourceSku, i.parentSku, i.asin, i.itemName, i.quantity, i.reason, i.currency, i.refundAmountMinor, i.sourceLine, rawJson.get(i.raw) ?? JSON.stringify(i.raw))
      }

      const applyGroup = (rows: ReturnRow[]) => {
        const key = rows[0]!.amazonRmaId!
        const ex = st.rma.get(storeId, key) as (ExistingRma['fields'] & { id: number }) | undefined
        const existing: ExistingRma | null = ex
          ? {
              id: ex.id,
              fields: ex,
              itemSourceSkus: new Set(st.itemSkus.all(ex.id) as string[]),
              trackingNotes: new Set(st.trackingNotes.all(ex.id) as string[])
            }
          : null
        const plan = planRma(rows, { existing, noRmaForReturnlessRefunds: opts.noRmaForReturnlessRefunds, kits })
        for (const k of plan.skipped) skip(k)
        if (plan.action === 'create') {
          const f: RmaFields = plan.rma
          const orderId = ensureOrder(f.amazonOrderId, f.orderDate)
          const rmaId = Number(
            // Positional, in the column order of the INSERT (cheaper to bind than 26 named parameters).
            st.rmaInsert.run(
              storeId, orderId, f.amazonOrderId, f.orderSourceRmaId, f.merchantRmaId, INITIAL_STATUS, RESOLUTION,
              f.returnRequestStatus, f.returnRequestDate, f.orderDate, f.amazonResolution, f.returnType, f.returnless ? 1 : 0, f.trackingId, f.carrier,
              f.labelType, f.labelPaidBy, f.currency, f.labelCostMinor, f.orderAmountMinor, f.refundedAmountMinor, source, opts.fileName,
              f.sourceLine, now, now
            ).lastInsertRowid
          )
          insertItems(rmaId, plan.items)
          for (const n of plan.notes) st.noteInsert.add(rmaId, 'tracking', n, now)
          st.historyInsert.add(rmaId, 'created', null, INITIAL_STATUS, `from ${opts.fileName}, line ${f.sourceLine}`, now)
          summary.created++
          sample('create', f, plan.items, null)
        } else if (plan.action === 'update') {
          const id = existing!.id
          const sets = Object.keys(plan.changes)
          if (sets.length > 0) {
            const cols = sets.map((k) => `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = @${k}`).join(', ')
            s.prepare(`UPDATE rmas SET ${cols}, source_file = @sourceFile, updated_at = @now WHERE id = @id`).run({ ...plan.changes, sourceFile: opts.fileName, now, id })
          } else s.prepare('UPDATE rmas SET updated_at = ? WHERE id = ?').run(now, id)
          insertItems(id, plan.addItems)
          for (const n of plan.notes) st.noteInsert.add(id, 'tracking', n, now)
          st.historyInsert.add(id, 'report-update', null, null, `${plan.detail} (from ${opts.fileName})`, now)
          summary.updated++
          sample('update', { orderSourceRmaId: key, amazonOrderId: rows[0]!.orderId }, plan.addItems, plan.detail)
        } else if (plan.action === 'unchanged') summary.unchanged++
      }

      const applyFba = (r: ReturnRow) => {
        const res = st.fbaUpsert.run({
          storeId,
          orderId: r.orderId,
          returnDate: r.requestDate,
          sku: r.sku,
          asin: r.asin,
          fnsku: r.fba?.fnsku ?? null,
          productName: r.itemName,
          quantity: r.quantity,
          fc: r.fba?.fulfillmentCenterId ?? null,
          disposition: r.fba?.disposition ?? null,
          reason: r.reason,
          status: r.status || null,
          lpn: r.fba?.licensePlateNumber ?? '',
          comments: r.fba?.customerComments ?? null,
          sourceFile: opts.fileName,
          sourceLine: r.line,
          now
        })
        if (res.changes > 0) summary.stored++
        skip({ line: r.line, code: 'fba_informational', reason: FBA_SKIP_REASON })
      }

      const apply = s.transaction(() => {
        let lastGrp = ''
        let lastSeq = -1
        let group: ReturnRow[] = []
        for (;;) {
          const page = st.stagePage.all(lastGrp, lastSeq) as { seq: number; grp: string; data: string; raw: string }[]
          if (page.length === 0) break
          for (const p of page) {
            const row = JSON.parse(p.data) as ReturnRow
            row.raw = JSON.parse(p.raw) as Record<string, string>
            rawJson.set(row.raw, p.raw)
            if (row.format === 'fba-customer-returns') applyFba(row)
            else {
              if (group.length > 0 && group[0]!.amazonRmaId !== row.amazonRmaId) {
                applyGroup(group)
                group = []
              }
              group.push(row)
            }
          }
          const last = page[page.length - 1]!
          lastGrp = last.grp
          lastSeq = last.seq
        }
        if (group.length > 0) applyGroup(group)
        for (const b of batched) b.flush()
        summary.skipped.sort((a, b) => a.line - b.line)
        if (!opts.commit) throw new Rollback()
      })
      const cache = s.pragma('cache_size', { simple: true }) as number
      // A 200k-row import touches index pages all over (orders have random UUID keys); with the
      // default 2 MB page cache they are evicted and re-read/spilled mid-transaction. 64 MB for the
      // duration of the import, then back.
      s.pragma('cache_size = -65536')
      try {
        apply()
        summary.committed = true
      } catch (e) {
        if (!(e instanceof Rollback)) throw e
      } finally {
        s.pragma(`cache_size = ${cache}`)
      }
      return summary
    } finally {
      for (const b of batched) b.discard()
      st.stageClear.run()
    }
  }
}
