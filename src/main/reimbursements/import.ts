/**
 * Reimbursements report -> rows, streamed straight into the table inside ONE transaction.
 *
 * The transaction runs on a dedicated connection to the same database file, opened for the
 * import: the parser is asynchronous (a file or a download streams in), and holding a
 * transaction open across `await`s on the shared connection would let any other write of the
 * app slip into it (and vanish on a rollback). On its own connection the import is isolated:
 * the app keeps reading the committed state (WAL) while the file streams in, and sees all of it
 * at COMMIT or none of it. A preview runs the very same code and rolls back, so preview and
 * import can't disagree. (Another write of the app waits for the import's lock — busy_timeout.)
 *
 * Rows go in batches of multi-row INSERT … ON CONFLICT DO NOTHING (a new line costs
 * a share of one statement); a known line is read back and compared (changed -> UPDATE).
 * In-file duplicates: a line this file already wrote carries this import's id; a known line
 * left unchanged is remembered by its row id. After the rows,
 * reversals are linked to their originals and the import is recorded with the file's SHA-256.
 *
 * Bulk load: when the file is large compared with what the table holds (over twice as many rows:
 * first import, 18-month backfill; not a re-import), the secondary indexes are dropped inside
 * the transaction and rebuilt before COMMIT
 * (sorting once beats a million random B-tree inserts). DDL is transactional in SQLite, so a
 * failure or a preview rolls them back untouched; their definitions are read from sqlite_master
 * and so always match the migrations.
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import Database from 'better-sqlite3'
import type { Money } from '../../shared/money'
import type { ReimbursementImportSummary } from '../../shared/contract/reimbursements'
import { openReimbursementsReport, type ParsedRow, type ReimbursementRecord } from '../amazon/reports/reimbursements'
import type { Clock } from '../clock'
import { lineKey } from './rules'

export type ImportRequest = {
  storeId: string
  /** A file path or a byte stream (a downloaded report document). */
  source: string | Readable
  fileName: string
  charset?: string | null
  japanese?: boolean
  commit: boolean
  detailLimit: number
  via: 'file' | 'sync'
  /** Called every few thousand rows (job progress). */
  onProgress?: (rows: number) => void
}

/** Columns compared to decide "changed" (the line key covers sku, fnsku, reason, order id, original id). */
const COMPARED = [
  ['approved_at', 'approvedAt'],
  ['reimbursed_at', 'reimbursedAt'],
  ['time_from_approval', 'timeFromApproval'],
  ['case_id', 'caseId'],
  ['reason_category', 'reasonCategory'],
  ['asin', 'asin'],
  ['product_name', 'productName'],
  ['condition', 'condition'],
  ['currency', 'currency'],
  ['amount_per_unit_minor', 'amountPerUnitMinor'],
  ['amount_total_minor', 'amountTotalMinor'],
  ['quantity_cash', 'quantityCash'],
  ['quantity_inventory', 'quantityInventory'],
  ['quantity_total', 'quantityTotal'],
  ['original_reimbursement_type', 'originalReimbursementType']
] as const

type Compared = (typeof COMPARED)[number][1]
type Existing = { id: number; importId: number | null; sourceLine: number | null } & Record<Compared, string | number | null>

/** The stored form of a parsed row's compared fields (booleans as 0/1, as SQLite returns them). */
const storedValue = (r: ReimbursementRecord, k: Compared): string | number | null => (k === 'timeFromApproval' ? (r.timeFromApproval ? 1 : 0) : r[k])

const BULK_MIN_ROWS = 100_000
const INSERT_BATCH = 100
const SEEN_ARRAY_MAX = 1 << 26
const INSERT_HEAD = `INSERT INTO reimbursements (store_id, reimbursement_id, line_key, ${COMPARED.map(([c]) => c).join(', ')}, amazon_order_id, reason, sku, fnsku,
  original_reimbursement_id, source, import_id, source_file, source_line, raw, created_at, updated_at) VALUES`
const INSERT_WIDTH = 3 + COMPARED.length + 12
const INSERT_TUPLE = `(${Array.from({ length: INSERT_WIDTH }, () => '?').join(', ')})`
const INSERT_TAIL = 'ON CONFLICT (reimbursement_id, store_id, line_key) DO NOTHING'
const PROGRESS_EVERY = 10_000

export class ReimbursementsImporter {
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: { sqlite: Database.Database; clock: Clock }) {}

  run(req: ImportRequest): Promise<ReimbursementImportSummary> {
    const next = this.queue.then(() => this.runNow(req))
    this.queue = next.catch(() => undefined)
    return next
  }

  /** A connection of its own for the import's transaction (the shared one for an in-memory database, as in some tests). */
  private connect(): { conn: Database.Database; own: boolean } {
    const main = this.deps.sqlite
    if (main.memory || main.name === '' || main.name === ':memory:') return { conn: main, own: false }
    const conn = new Database(main.name)
    conn.pragma('busy_timeout = 5000')
    conn.pragma('synchronous = NORMAL')
    conn.pragma('foreign_keys = ON')
    // A small page cache: the import appends, and the peak RSS of a million-row import stays well
    // under its budget (a larger cache measured no faster).
    conn.pragma('cache_size = -8000')
    return { conn, own: true }
  }

  private async runNow(req: ImportRequest): Promise<ReimbursementImportSummary> {
    const hash = createHash('sha256')
    const bytes = typeof req.source === 'string' ? createReadStream(req.source, { highWaterMark: 1 << 20 }) : req.source
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk)
        cb(null, chunk)
      }
    })
    bytes.on('error', (e: Error) => hashing.destroy(e))
    let report: Awaited<ReturnType<typeof openReimbursementsReport>>
    try {
      report = await openReimbursementsReport(bytes.pipe(hashing), { file: req.fileName, charset: req.charset ?? null, japanese: req.japanese ?? false })
    } catch (e) {
      bytes.destroy()
      throw e
    }

    const { conn, own } = this.connect()
    const storeId = req.storeId
    const now = this.deps.clock.now().toISOString()
    const rejected: { line: number; reason: string }[] = []
    let rejectedCount = 0
    const reject = (line: number, reason: string) => {
      rejectedCount++
      if (rejected.length < req.detailLimit) rejected.push({ line, reason })
    }
    let inserted = 0
    let updated = 0
    let unchanged = 0
    let fromApproval = 0
    const totals = new Map<string, number>()
    /** reimbursement_daily changes: "day|category|currency" -> [amount, rows]. */
    const daily = new Map<string, [number, number]>()
    const addDaily = (at: string, category: string, currency: string, amount: number, rows: number) => {
      const k = `${at.slice(0, 10)}|${category}|${currency}`
      const d = daily.get(k)
      if (d) {
        d[0] += amount
        d[1] += rows
      } else daily.set(k, [amount, rows])
    }
    let began = false
    try {
      conn.exec('BEGIN IMMEDIATE')
      began = true
      const importId = Number(
        conn
          .prepare(
            `INSERT INTO reimbursement_imports (store_id, file_name, sha256, encoding, header, source, rows, inserted, updated, unchanged, rejected, imported_at)
             VALUES (?, ?, '', ?, ?, ?, 0, 0, 0, 0, 0, ?)`
          )
          .run(storeId, req.fileName, report.encoding, JSON.stringify(report.header), req.via, now).lastInsertRowid
      )

      // Bulk load: estimate the rows from the file size and compare with the table.
      const size = typeof req.source === 'string' ? statSync(req.source).size : 0
      const estimatedRows = size / 150
      const existingRows = estimatedRows >= BULK_MIN_ROWS ? (conn.prepare('SELECT count(*) FROM reimbursements').pluck().get() as number) : Infinity
      const dropped: string[] =
        estimatedRows >= BULK_MIN_ROWS && estimatedRows > 2 * existingRows
          ? (conn
              .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reimbursements' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
              .all() as { name: string; sql: string }[]).map((ix) => {
              conn.exec(`DROP INDEX "${ix.name}"`)
              return ix.sql
            })
          : []

      const st = {
        get: conn.prepare(
          `SELECT id, import_id AS importId, source_line AS sourceLine, ${COMPARED.map(([c, k]) => `${c} AS ${k}`).join(', ')} FROM reimbursements WHERE reimbursement_id = ? AND store_id = ? AND line_key = ?`
        ),
        insertOne: conn.prepare(`${INSERT_HEAD} ${INSERT_TUPLE} ${INSERT_TAIL}`),
        insertMany: conn.prepare(`${INSERT_HEAD} ${Array.from({ length: INSERT_BATCH }, () => INSERT_TUPLE).join(', ')} ${INSERT_TAIL}`),
        update: conn.prepare(
          `UPDATE reimbursements SET ${COMPARED.map(([c]) => `${c} = ?`).join(', ')}, source = ?, import_id = ?, source_file = ?, source_line = ?, raw = ?, updated_at = ? WHERE id = ?`
        )
      }

      let seenRows = 0
      // Rows go in INSERT_BATCH at a time (one multi-row INSERT … ON CONFLICT DO NOTHING); then the
      // batch is settled in file order: a line it wrote is new, any other (a known line, or a
      // duplicate of a line earlier in this file) is compared with what the table holds.
      // The same outcome, line by line, as one INSERT per row.
      const batch: ParsedRow[] = []
      const params: unknown[] = []
      const insertParams = (r: ReimbursementRecord, key: string, values: (string | number | null)[]) =>
        params.push(storeId, r.reimbursementId, key, ...values, r.amazonOrderId, r.reason, r.sku, r.fnsku, r.originalReimbursementId, req.via, importId, req.fileName, r.line, r.raw, now, now)
      const written = new Set<number>()
      // Known lines this file left unchanged: row id -> first line (0 = not seen). A row this file
      // writes carries its import id instead, so only rows older than the import land here.
      let seenLines = new Int32Array(1024)
      const seenSparse = new Map<number, number>() // ids too large for the array (not expected: ids are dense)
      const seenBefore = (id: number, line: number): number | null => {
        if (id >= SEEN_ARRAY_MAX) {
          const first = seenSparse.get(id)
          if (first !== undefined) return first
          seenSparse.set(id, line)
          return null
        }
        if (id >= seenLines.length) {
          const grown = new Int32Array(Math.max(id + 1, seenLines.length * 2))
          grown.set(seenLines)
          seenLines = grown
        }
        const first = seenLines[id]!
        if (first !== 0) return first
        seenLines[id] = line
        return null
      }
      const keys: string[] = []
      const vals: (string | number | null)[][] = []
      const settle = () => {
        // All new (the usual first import): every row of the batch is written. Otherwise each row is
        // read back: written by this very line (this import's id and line) means new.
        const full = keys.length === INSERT_BATCH
        const allNew = full && st.insertMany.run(params).changes === INSERT_BATCH
        written.clear()
        if (!full)
          for (let i = 0, k = 0; i < batch.length; i++) {
            const item = batch[i]!
            if (item.kind !== 'row') continue
            if (st.insertOne.run(params.slice(k * INSERT_WIDTH, (k + 1) * INSERT_WIDTH)).changes === 1) written.add(item.row.line)
            k++
          }
        let k = 0
        for (const item of batch) {
          if (item.kind === 'rejected') {
            reject(item.line, item.reason)
            continue
          }
          const r = item.row
          const key = keys[k]!
          const values = vals[k++]!
          const existing = allNew || written.has(r.line) ? null : (st.get.get(r.reimbursementId, storeId, key) as Existing)
          if (!existing || (full && existing.importId === importId && existing.sourceLine === r.line)) {
            inserted++
            addDaily(r.reimbursedAt, r.reasonCategory, r.currency, r.amountTotalMinor, 1)
          } else {
            // Written by this file already (inserted/updated above), or seen earlier in this file unchanged: a duplicate line.
            const firstLine = existing.importId === importId ? existing.sourceLine : seenBefore(existing.id, r.line)
            if (firstLine !== null) {
              const same = COMPARED.every(([, c], i) => existing[c] === values[i])
              reject(
                r.line,
                same
                  ? `duplicate of line ${firstLine} (reimbursement-id ${r.reimbursementId}, sku ${r.sku}): counted once`
                  : `same reimbursement line as line ${firstLine} (reimbursement-id ${r.reimbursementId}, sku ${r.sku}) but different values: line ${firstLine} was kept`
              )
              continue
            }
            if (COMPARED.some(([, c], i) => existing[c] !== values[i])) {
              st.update.run(...values, req.via, importId, req.fileName, r.line, r.raw, now, existing.id)
              addDaily(existing.reimbursedAt as string, existing.reasonCategory as string, existing.currency as string, -(existing.amountTotalMinor as number), -1)
              addDaily(r.reimbursedAt, r.reasonCategory, r.currency, r.amountTotalMinor, 1)
              updated++
            } else unchanged++
          }
          if (r.timeFromApproval) fromApproval++
          totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.amountTotalMinor)
        }
        batch.length = 0
        params.length = 0
        keys.length = 0
        vals.length = 0
      }
      for await (const item of report.rows) {
        if (++seenRows % PROGRESS_EVERY === 0) req.onProgress?.(seenRows)
        batch.push(item)
        if (item.kind === 'row') {
          const r = item.row
          const key = lineKey(r)
          const values = COMPARED.map(([, c]) => storedValue(r, c))
          keys.push(key)
          vals.push(values)
          insertParams(r, key, values)
        }
        if (keys.length === INSERT_BATCH || batch.length >= 4 * INSERT_BATCH) settle()
      }
      settle()
      req.onProgress?.(seenRows)
      // The parser has read every byte by now, so the hash is complete.
      const sha256 = hash.digest('hex')
      const dailyUpsert = conn.prepare(
        `INSERT INTO reimbursement_daily (store_id, day, reason_category, currency, amount_minor, rows) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET amount_minor = amount_minor + excluded.amount_minor, rows = rows + excluded.rows`
      )
      for (const [k, [amount, n]] of daily) {
        const [day, category, currency] = k.split('|') as [string, string, string]
        dailyUpsert.run(storeId, day, category, currency, amount, n)
      }
      conn.prepare('DELETE FROM reimbursement_daily WHERE store_id = ? AND rows = 0').run(storeId)
      for (const sql of dropped) conn.exec(sql)
      conn
        .prepare(
          `UPDATE reimbursements AS x SET original_row_id = (
             SELECT o.id FROM reimbursements o
             WHERE o.reimbursement_id = x.original_reimbursement_id AND o.store_id = x.store_id AND o.id <> x.id
             ORDER BY (o.sku = x.sku) DESC, (o.reason = x.original_reimbursement_type) DESC, o.id LIMIT 1)
           WHERE x.store_id = ? AND x.original_reimbursement_id IS NOT NULL AND x.original_row_id IS NULL`
        )
        .run(storeId)
      const previous =
        (conn.prepare('SELECT imported_at AS at, file_name AS file FROM reimbursement_imports WHERE store_id = ? AND sha256 = ? AND id <> ? ORDER BY id LIMIT 1').get(storeId, sha256, importId) as
          | { at: string; file: string }
          | undefined) ?? null
      const rows = inserted + updated + unchanged + rejectedCount
      conn
        .prepare('UPDATE reimbursement_imports SET sha256 = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?')
        .run(sha256, rows, inserted, updated, unchanged, rejectedCount, importId)
      conn.exec(req.commit ? 'COMMIT' : 'ROLLBACK')
      began = false
      // Fresh statistics after a bulk load, so the planner picks the sort index vs the filter index
      // well (sampled: analysis_limit keeps ANALYZE to a fraction of a second on a million rows).
      if (req.commit && (dropped.length > 0 || inserted > 50_000)) {
        conn.pragma('analysis_limit = 1000')
        conn.exec('ANALYZE reimbursements')
      }
      rejected.sort((a, b) => a.line - b.line)
      return {
        file: req.fileName,
        encoding: report.encoding,
        sha256,
        alreadyImported: previous,
        rows,
        inserted,
        updated,
        unchanged,
        rejectedCount,
        rejected,
        timeFromApproval: fromApproval,
        totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]): Money => ({ currency, amountMinor })),
        committed: req.commit
      }
    } finally {
      if (began) conn.exec('ROLLBACK')
      if (own) conn.close()
      bytes.destroy()
    }
  }
}

/** A Buffer or string as a one-shot stream (tests, synced documents already in memory). */
export const streamOf = (data: Buffer | string): Readable => Readable.from([typeof data === 'string' ? Buffer.from(data) : data])
