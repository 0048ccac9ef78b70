/**
 * Returns report -> RMAs, in one synchronous transaction per file (better-sqlite3), so no other
 * work on this connection can slip into it and a preview (the same code, rolled back) can't
 * disagree with the import.
 *
 * The file is read synchronously in 1 MiB chunks inside that transaction (memory stays bounded;
 * a stream source, e.g. the scheduled download, is first spooled to a temporary file). A file of
 * PARALLEL_BYTES or more is parsed on a worker thread (returns-parallel.ts) while this thread
 * writes; same parser, same rows. Rows are grouped by Amazon RMA ID and each group goes through
 * the pure rules (rma-rules.ts) and is written as soon as it is complete:
 * - Streaming: a return's rows are adjacent in Amazon's reports, so a group is complete when the
 *   next RMA ID starts. Nothing is staged.
 * - Fallback: if an RMA ID shows up again after its group was written (rows not adjacent, e.g.
 *   concatenated reports), the transaction is rolled back and the file is read again through a
 *   TEMP staging table, ordered so that each group is whole. Groups are applied in the order their
 *   first row appears in the file either way, so both ways give the same result.
 * Imports are serialized (they share the staging table and the per-run statements).
 *
 * The writes use prepared SQL statements rather than drizzle's builder (the bench imports
 * 200,000 rows in ~5 s). Values that are the same for every row of a run (store, timestamp, file
 * name, source) are SQL literals in statements prepared per run: binding a parameter costs about
 * as much as inserting the row with better-sqlite3. For the same reason the "created" history rows
 * of new orders and RMAs are written at the end with one INSERT … SELECT each, and a store with no
 * RMAs/orders yet (its first import) skips the per-return lookups.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import type Database from 'better-sqlite3'
import type { ImportSummary } from '../../shared/contract/rmas'
import { openReturnsReportSync, rawExtras, type ReturnRow, type ReturnsReportSync } from '../amazon/reports/returns'
import { extrasFromWorker, openReturnsReportInWorker } from '../amazon/reports/returns-parallel'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import type { OrdersService } from '../orders/service'
import { checkpointWalInBackground } from '../db/checkpoint'
import { inTransaction } from '../db/transaction'
import { normalizeHeader, worseText } from '../amazon/reports/tabular'

/** Report cells the deadlines read from rma_items.raw (rmas/deadlines.ts), normalized header names. */
const DEADLINE_CELLS = new Set(['return-delivery-date', 'a-to-z-claim'])
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
/** An RMA ID came back after its group was written: redo the file through the staging table. */
class NotAdjacent extends Error {}

const STAGE = 'rma_import_stage_v3'
const BATCH = 5000
/** Files from this size on are parsed on a worker thread (see returns-parallel.ts). */
const PARALLEL_BYTES = Number(process.env.SBO_RMA_PARALLEL_BYTES ?? 4 * 1024 * 1024)

/** SQL string literal. */
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`

/** 52-bit hash of a string (two FNV-1a variants): the staging fallback's group order. */
function hash52(s: string): number {
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff)
}

/**
 * Strings seen, kept as two 32-bit hashes each in an open-addressing table: membership for
 * 200,000 RMA IDs without keeping the strings (slices of the file's text) alive, and without
 * boxing a number per entry. A collision only makes a new string look seen, which costs the
 * caller a slower route, never a wrong result.
 */
export class SeenSet {
  private a = new Int32Array(1 << 12)
  private b = new Int32Array(1 << 12)
  private used = new Uint8Array(1 << 12)
  private n = 0

  /** Adds s; true when it (or a string with the same hashes) was there already. */
  add(s: string): boolean {
    let a = 0x811c9dc5 | 0
    let b = 0x01000193 | 0
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
    }
    if ((this.n + 1) * 2 > this.used.length) this.grow()
    return this.put(a, b)
  }

  private put(a: number, b: number): boolean {
    const mask = this.used.length - 1
    for (let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) {
        this.used[i] = 1
        this.a[i] = a
        this.b[i] = b
        this.n++
        return false
      }
      if (this.a[i] === a && this.b[i] === b) return true
    }
  }

  private grow(): void {
    const { a, b, used } = this
    this.a = new Int32Array(used.length * 2)
    this.b = new Int32Array(used.length * 2)
    this.used = new Uint8Array(used.length * 2)
    this.n = 0
    for (let i = 0; i < used.length; i++) if (used[i]) this.put(a[i]!, b[i]!)
  }
}

async function spool(stream: Readable): Promise<{ file: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sbo-returns-'))
  const file = join(dir, 'report')
  try {
    await pipeline(stream, createWriteStream(file))
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  return { file, dir }
}

export class ReturnsImporter {
  private prepared: ReturnType<ReturnsImporter['prepare']> | null = null

  constructor(private readonly deps: { sqlite: Database.Database; clock: Clock; orders: OrdersService }) {}

  /** Statements that do not depend on the run. */
  private prepare() {
    const s = this.deps.sqlite
    s.exec(
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (seq INTEGER PRIMARY KEY, first INTEGER NOT NULL, grp TEXT NOT NULL, data TEXT NOT NULL, raw TEXT NOT NULL)`
    )
    s.exec(`CREATE INDEX IF NOT EXISTS temp.${STAGE}_order ON ${STAGE} (first, grp, seq)`)
    // Free text a later report would replace with a garbled reading of it (wrong encoding) is kept.
    s.function('sbo_worse_text', { deterministic: true }, (prev: unknown, next: unknown) =>
      worseText(prev as string | null, next as string | null) ? 1 : 0
    )
    return {
      stageInsert: s.prepare(`INSERT INTO ${STAGE} (seq, first, grp, data, raw) VALUES (?, ?, ?, ?, ?)`),
      stagePage: s.prepare(
        `SELECT seq, first, grp, data, raw FROM ${STAGE} WHERE (first, grp, seq) > (?, ?, ?) ORDER BY first, grp, seq LIMIT ${BATCH}`
      ),
      stageClear: s.prepare(`DELETE FROM ${STAGE}`),
      kits: s.prepare('SELECT parent_sku AS parentSku, component_sku AS componentSku, quantity FROM kits WHERE store_id = ? ORDER BY id'),
      itemSkus: s.prepare('SELECT source_sku AS s FROM rma_items WHERE rma_id = ?').pluck(),
      // Merges report cells into an RMA's items' raw cells; no write when they are already there.
      refreshCells: s.prepare(
        "UPDATE rma_items SET raw = json_patch(coalesce(raw, '{}'), ?) WHERE rma_id = ? AND source_sku = ? AND raw IS NOT json_patch(coalesce(raw, '{}'), ?)"
      ),
      trackingNotes: s.prepare("SELECT body FROM rma_notes WHERE rma_id = ? AND kind = 'tracking'").pluck(),
      updates: new Map<string, Database.Statement>()
    }
  }

  /** Statements with this run's constants as literals. */
  private prepareRun(storeId: string, now: string, fileName: string, source: string) {
    const s = this.deps.sqlite
    const S = lit(storeId)
    const NOW = lit(now)
    const FILE = lit(fileName)
    return {
      rma: s.prepare(
        `SELECT id, return_request_status AS returnRequestStatus, tracking_id AS trackingId, carrier, label_type AS labelType,
                label_paid_by AS labelPaidBy, return_type AS returnType, amazon_resolution AS amazonResolution,
                return_request_date AS returnRequestDate, merchant_rma_id AS merchantRmaId,
                refunded_amount_minor AS refundedAmountMinor, currency
         FROM rmas WHERE store_id = ${S} AND order_source_rma_id = ?`
      ),
      anyRma: s.prepare(`SELECT 1 FROM rmas WHERE store_id = ${S} LIMIT 1`).pluck(),
      // The store's orders: looked up and created (minimal record + its history row, as
      // OrdersService.ensure) through the orders domain's prepared statements, in this transaction.
      orders: this.deps.orders.bulkMinimal(storeId, now),
      // History rows of what this run created, written at the end in one statement each (rows
      // made past the high-water marks taken when the run started; nothing else writes meanwhile).
      rmaMark: s.prepare('SELECT coalesce(max(id), 0) FROM rmas').pluck(),
      rmaInsert: s.prepare(
        `INSERT INTO rmas (store_id, order_id, amazon_order_id, order_source_rma_id, merchant_rma_id, status, resolution,
           return_request_status, return_request_date, order_date, amazon_resolution, return_type, returnless, tracking_id, carrier,
           label_type, label_paid_by, currency, label_cost_minor, order_amount_minor, refunded_amount_minor, source, source_file,
           source_line, created_at, updated_at)
         VALUES (${S}, ?, ?, ?, ?, ${lit(INITIAL_STATUS)}, ${lit(RESOLUTION)}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${lit(source)}, ${FILE}, ?, ${NOW}, ${NOW})`
      ),
      // Written in batches (see BatchedInsert): nothing in the import reads them back for an RMA
      // it created or updated in the same run (each RMA is one group), and they are flushed before
      // the transaction ends.
      itemInsert: new BatchedInsert(
        s,
        'INSERT INTO rma_items (rma_id, sku, source_sku, parent_sku, asin, item_name, quantity, reason, currency, refund_amount_minor, received_quantity, source_line, raw) VALUES',
        '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)'
      ),
      noteInsert: new BatchedInsert(s, 'INSERT INTO rma_notes (rma_id, kind, body, created_at) VALUES', `(?, 'tracking', ?, ${NOW})`),
      createdHistory: s.prepare(
        `INSERT INTO rma_history (rma_id, event, from_status, to_status, detail, at)
         SELECT id, 'created', NULL, ${lit(INITIAL_STATUS)}, ${lit(`from ${fileName}, line `)} || source_line, ${NOW} FROM rmas WHERE id > ? ORDER BY id`
      ),
      updateHistory: s.prepare(
        `INSERT INTO rma_history (rma_id, event, from_status, to_status, detail, at) VALUES (?, 'report-update', NULL, NULL, ?, ${NOW})`
      ),
      touch: s.prepare(`UPDATE rmas SET updated_at = ${NOW} WHERE id = ?`),
      fbaUpsert: s.prepare(
        `INSERT INTO fba_customer_returns (store_id, amazon_order_id, return_date, sku, asin, fnsku, product_name, quantity,
           fulfillment_center_id, disposition, reason, status, license_plate_number, customer_comments, source_file, source_line, created_at, updated_at)
         VALUES (@storeId, @orderId, @returnDate, @sku, @asin, @fnsku, @productName, @quantity, @fc, @disposition, @reason, @status,
           @lpn, @comments, @sourceFile, @sourceLine, @now, @now)
         ON CONFLICT (store_id, amazon_order_id, sku, return_date, license_plate_number) DO UPDATE SET
           quantity = excluded.quantity, disposition = excluded.disposition, status = excluded.status, reason = excluded.reason,
           customer_comments = CASE WHEN sbo_worse_text(customer_comments, excluded.customer_comments) THEN customer_comments ELSE excluded.customer_comments END, fulfillment_center_id = excluded.fulfillment_center_id, updated_at = excluded.updated_at
         WHERE quantity IS NOT excluded.quantity OR disposition IS NOT excluded.disposition OR status IS NOT excluded.status
           OR reason IS NOT excluded.reason OR (customer_comments IS NOT excluded.customer_comments AND NOT sbo_worse_text(customer_comments, excluded.customer_comments))
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
    const src = opts.source
    if (typeof src === 'string' || Buffer.isBuffer(src)) return this.runSync(opts, src)
    const spooled = await spool(src)
    try {
      return this.runSync(opts, spooled.file)
    } finally {
      rmSync(spooled.dir, { recursive: true, force: true })
    }
  }

  private runSync(opts: ImportOptions, source: string | Buffer): ImportSummary {
    try {
      return this.attempt(opts, source, false)
    } catch (e) {
      if (!(e instanceof NotAdjacent)) throw e
      return this.attempt(opts, source, true)
    }
  }

  /** One read of the file in one transaction; `staged`: through the staging table (rows of a return not adjacent). */
  private attempt(opts: ImportOptions, source: string | Buffer, staged: boolean): ImportSummary {
    const hint = { file: opts.fileName, charset: opts.charset ?? null }
    // A large file is parsed on a worker thread (another core) while this thread writes.
    const large = !staged && typeof source === 'string' && (statSync(source, { throwIfNoEntry: false })?.size ?? 0) >= PARALLEL_BYTES
    const report: ReturnsReportSync = (large ? openReturnsReportInWorker(source, hint) : null) ?? openReturnsReportSync(source, hint)
    try {
      return this.importRows(opts, report, staged)
    } finally {
      report.close()
    }
  }

  private importRows(opts: ImportOptions, report: ReturnsReportSync, staged: boolean): ImportSummary {
    const st = this.st
    const s = this.deps.sqlite
    const summary: ImportSummary = {
      file: opts.fileName,
      format: report.format,
      encoding: report.encoding,
      encodingEvidence: report.encodingEvidence,
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

    const now = this.deps.clock.now().toISOString()
    const storeId = opts.storeId
    const source$ = opts.via === 'download' ? 'download' : report.format === 'mfn-xml' ? 'mfn-xml' : 'mfn-flat'
    const run = this.prepareRun(storeId, now, opts.fileName, source$)
    const batched = [run.itemInsert, run.noteInsert]
    const kits = new Map<string, KitComponent[]>()
    for (const k of st.kits.all(storeId) as { parentSku: string; componentSku: string; quantity: number }[]) {
      const l = kits.get(k.parentSku) ?? []
      l.push({ componentSku: k.componentSku, quantity: k.quantity })
      kits.set(k.parentSku, l)
    }
    const sample = (
      action: 'create' | 'update',
      f: { orderSourceRmaId: string; amazonOrderId: string },
      items: NewItem[],
      detail: string | null
    ) => {
      if (summary.sample.length < 20)
        summary.sample.push({
          action,
          orderSourceRmaId: f.orderSourceRmaId,
          amazonOrderId: f.amazonOrderId,
          skus: [...new Set(items.map((i) => i.sku))],
          detail
        })
    }

    // A store with no RMAs / no orders yet (its first import, e.g. the 18-month backfill) needs no
    // lookups: an RMA ID occurs in one group per run (see streaming), and an order this run
    // created is remembered by a hash of its Amazon id (a collision only costs a lookup).
    const fresh = { rmas: false, orders: false }
    const ordersCreated = new SeenSet()
    const ensureOrder = (amazonOrderId: string, orderDate: string | null): string => {
      if (!fresh.orders || ordersCreated.add(amazonOrderId)) {
        const id = run.orders.find(amazonOrderId)
        if (id) return id
      }
      // Time-ordered (UUIDv7 layout, see order-id.ts) so the orders key index is appended to;
      // OrdersService.ensure uses random UUIDs: both are 36-char UUID text.
      const newId = timeOrderedId()
      run.orders.insertMinimal(newId, amazonOrderId, orderDate)
      summary.ordersCreated++
      return newId
    }
    // rma_items.raw: the cells not stored in typed columns (see rawExtras).
    const extrasOf = (raw: Record<string, string>) => {
      const e = extrasFromWorker(raw)
      return e !== undefined ? e : rawExtras(raw)
    }
    const insertItems = (rmaId: number, items: NewItem[]) => {
      for (const i of items)
        run.itemInsert.add(
          rmaId,
          i.sku,
          i.sourceSku,
          i.parentSku,
          i.asin,
          i.itemName,
          i.quantity,
          i.reason,
          i.currency,
          i.refundAmountMinor,
          i.sourceLine,
          extrasOf(i.raw)
        )
    }

    // #17: the cells the deadlines read from rma_items.raw ("Return delivery date", "A-to-Z Claim")
    // arrive in a later report than the one that created the RMA; they are refreshed on the items.
    const refreshDeadlineCells = (rmaId: number, rows: ReturnRow[]): boolean => {
      let changed = false
      for (const r of rows) {
        const patch: Record<string, string> = {}
        // A row the worker parsed carries its cells as the extras string (see returns-parallel.ts).
        const fromWorker = extrasFromWorker(r.raw)
        const cells = fromWorker === undefined ? r.raw : fromWorker ? (JSON.parse(fromWorker) as Record<string, string>) : {}
        for (const [k, v] of Object.entries(cells)) if (DEADLINE_CELLS.has(normalizeHeader(k))) patch[k] = v
        if (Object.keys(patch).length === 0) continue
        const json = JSON.stringify(patch)
        changed = st.refreshCells.run(json, rmaId, r.sku, json).changes > 0 || changed
      }
      return changed
    }

    const applyGroup = (rows: ReturnRow[]) => {
      const key = rows[0]!.amazonRmaId!
      const ex = fresh.rmas ? undefined : (run.rma.get(key) as (ExistingRma['fields'] & { id: number }) | undefined)
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
          // Positional, in the column order of the INSERT (cheaper to bind than named parameters).
          run.rmaInsert.run(
            orderId,
            f.amazonOrderId,
            f.orderSourceRmaId,
            f.merchantRmaId,
            f.returnRequestStatus,
            f.returnRequestDate,
            f.orderDate,
            f.amazonResolution,
            f.returnType,
            f.returnless ? 1 : 0,
            f.trackingId,
            f.carrier,
            f.labelType,
            f.labelPaidBy,
            f.currency,
            f.labelCostMinor,
            f.orderAmountMinor,
            f.refundedAmountMinor,
            f.sourceLine
          ).lastInsertRowid
        )
        insertItems(rmaId, plan.items)
        for (const n of plan.notes) run.noteInsert.add(rmaId, n)
        summary.created++
        sample('create', f, plan.items, null)
      } else if (plan.action === 'update') {
        const id = existing!.id
        const sets = Object.keys(plan.changes)
        if (sets.length > 0) {
          const sig = sets.join(',')
          let upd = st.updates.get(sig)
          if (!upd) {
            const cols = sets.map((k) => `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = @${k}`).join(', ')
            upd = s.prepare(`UPDATE rmas SET ${cols}, source_file = @sourceFile, updated_at = @now WHERE id = @id`)
            if (st.updates.size < 200) st.updates.set(sig, upd)
          }
          upd.run({ ...plan.changes, sourceFile: opts.fileName, now, id })
        } else run.touch.run(id)
        insertItems(id, plan.addItems)
        for (const n of plan.notes) run.noteInsert.add(id, n)
        run.updateHistory.run(id, `${plan.detail} (from ${opts.fileName})`)
        summary.updated++
        sample('update', { orderSourceRmaId: key, amazonOrderId: rows[0]!.orderId }, plan.addItems, plan.detail)
      } else if (plan.action === 'unchanged') {
        if (refreshDeadlineCells(existing!.id, rows)) {
          run.updateHistory.run(existing!.id, `return delivery date / A-to-z flag updated (from ${opts.fileName})`)
          summary.updated++
        } else summary.unchanged++
      }
      if (plan.action === 'update') refreshDeadlineCells(existing!.id, rows)
    }

    const applyFba = (r: ReturnRow) => {
      const res = run.fbaUpsert.run({
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

    /** Reads the file: rejected rows into the summary, parsed rows to `row`. */
    const readAll = (row: (r: ReturnRow) => void) => {
      for (const item of report.rows) {
        summary.rows++
        if (item.kind === 'rejected') {
          summary.rejectedCount++
          if (summary.rejected.length < opts.detailLimit) summary.rejected.push({ line: item.line, reason: item.reason })
          continue
        }
        row(item.row)
      }
    }

    /** Streaming: apply each group when the next RMA ID starts. */
    const streaming = () => {
      const seen = new SeenSet()
      let group: ReturnRow[] = []
      let key: string | null = null
      readAll((row) => {
        if (row.format === 'fba-customer-returns') return applyFba(row)
        const k = row.amazonRmaId ?? ''
        if (k !== key) {
          if (group.length > 0) applyGroup(group)
          // Seen before (or a hash collision, which only costs the slower route).
          if (seen.add(k)) throw new NotAdjacent()
          key = k
          group = []
        }
        group.push(row)
      })
      if (group.length > 0) applyGroup(group)
    }

    /** Staged: every row into the TEMP table keyed by the position of its group's first row, then applied group by group. */
    const viaStage = () => {
      st.stageClear.run()
      const first = new Map<number, number>()
      let seq = 0
      readAll((r) => {
        seq++
        const grp = r.format === 'fba-customer-returns' ? '' : (r.amazonRmaId ?? '')
        let f = seq
        if (grp !== '') {
          const h = hash52(grp)
          const known = first.get(h)
          if (known === undefined) first.set(h, seq)
          else f = known
        }
        st.stageInsert.run(seq, f, grp, JSON.stringify({ ...r, raw: null }), JSON.stringify(r.raw))
      })
      let last: [number, string, number] = [-1, '', -1]
      let group: ReturnRow[] = []
      for (;;) {
        const page = st.stagePage.all(...last) as { seq: number; first: number; grp: string; data: string; raw: string }[]
        if (page.length === 0) break
        for (const p of page) {
          const row = JSON.parse(p.data) as ReturnRow
          row.raw = JSON.parse(p.raw) as Record<string, string>
          if (row.format === 'fba-customer-returns') applyFba(row)
          else {
            if (group.length > 0 && group[0]!.amazonRmaId !== row.amazonRmaId) {
              applyGroup(group)
              group = []
            }
            group.push(row)
          }
        }
        const l = page[page.length - 1]!
        last = [l.first, l.grp, l.seq]
      }
      if (group.length > 0) applyGroup(group)
    }

    const apply = () =>
      inTransaction(s, () => {
        fresh.rmas = run.anyRma.get() === undefined
        fresh.orders = !run.orders.any()
        const marks = { orders: run.orders.mark(), rmas: run.rmaMark.get() as number }
        if (staged) viaStage()
        else streaming()
        for (const b of batched) b.flush()
        run.orders.writeCreatedHistory(marks.orders)
        run.createdHistory.run(marks.rmas)
        summary.skipped.sort((a, b) => a.line - b.line)
        if (!opts.commit) throw new Rollback()
      })
    const cache = s.pragma('cache_size', { simple: true }) as number
    const autocheckpoint = s.pragma('wal_autocheckpoint', { simple: true }) as number
    // A 200k-row import touches index pages all over; with the default 2 MB page cache they are
    // evicted and re-read/spilled mid-transaction. 64 MB for the duration of the import, then back.
    s.pragma('cache_size = -65536')
    // Nor does its COMMIT copy the WAL into the database file (hundreds of MB): a worker thread
    // does that right after (db/checkpoint.ts).
    s.pragma('wal_autocheckpoint = 0')
    try {
      apply()
      summary.committed = true
    } catch (e) {
      if (!(e instanceof Rollback)) throw e
    } finally {
      s.pragma(`cache_size = ${cache}`)
      s.pragma(`wal_autocheckpoint = ${autocheckpoint}`)
      if (summary.committed && !s.memory && summary.created + summary.updated > 10_000) void checkpointWalInBackground(s.name)
      for (const b of batched) b.discard()
      if (staged) st.stageClear.run()
    }
    return summary
  }
}
