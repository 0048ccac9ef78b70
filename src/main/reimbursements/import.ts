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
 * Rows arrive in chunks of INSERT_BATCH flat tuples (rows.ts), parsed on a worker thread for a
 * large file (parse-parallel.ts: parsing then runs on a second core alongside the inserts) or
 * here. A chunk goes in as one multi-row INSERT … ON CONFLICT DO NOTHING (a new line costs a
 * share of one statement; what is the same for every row is bound once per statement); a known
 * line is read back and compared (changed -> UPDATE). In-file duplicates: a line this file
 * already wrote carries this import's id; a known line left unchanged is remembered by its row
 * id. After the rows, reversals are linked to their originals and the import is recorded with
 * the file's SHA-256.
 *
 * Bulk load: when the file is large compared with what the table holds (over twice as many rows:
 * first import, 18-month backfill; not a re-import), the secondary indexes are dropped inside
 * the transaction and rebuilt before COMMIT (sorting once beats a million random B-tree
 * inserts); when the store has no rows yet the unique line index goes too, and lines the file
 * repeats are found and rejected when it is rebuilt (removeDuplicates). DDL is transactional in
 * SQLite, so a failure or a preview rolls them back untouched; their definitions are read from
 * sqlite_master and so always match the migrations. The COMMIT does not checkpoint the WAL
 * (a gigabyte after a million rows); a worker thread does it afterwards (db/checkpoint.ts).
 *
 * Measured figures and the phases of an import: bench/reimbursements.bench.ts.
 */
import { statSync } from 'node:fs'
import { Readable } from 'node:stream'
import Database from 'better-sqlite3'
import type { Money } from '../../shared/money'
import type { ReimbursementImportSummary } from '../../shared/contract/reimbursements'
import { openReimbursementsReport } from '../amazon/reports/reimbursements'
import { worseText } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import { checkpointWalInBackground } from '../db/checkpoint'
import { rollbackAfter } from '../errors'
import { openReimbursementsInWorker, type ReportHead } from './parse-parallel'
import { chunksOf, COMPARED, hashedBytes, INSERT_BATCH, ROW_WIDTH, T, type Cell, type Chunk, type Compared } from './rows'

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

type Existing = { id: number; importId: number | null; sourceLine: number | null } & Record<Compared, string | number | null>

const BULK_MIN_ROWS = 100_000
/** Files from this size on are parsed on a worker thread (parse-parallel.ts). */
const PARALLEL_BYTES = Number(process.env.SBO_REIMB_PARALLEL_BYTES ?? 4 * 1024 * 1024)
const SEEN_ARRAY_MAX = 1 << 26
const INSERT_HEAD = `INSERT INTO reimbursements (store_id, reimbursement_id, line_key, ${COMPARED.map(([c]) => c).join(', ')}, amazon_order_id, reason, sku, fnsku,
  original_reimbursement_id, source, import_id, source_file, source_line, raw, created_at, updated_at) VALUES`
/** Values bound per row; what is the same for every row of an import is bound once per statement (named). */
const INSERT_TUPLE = `(@store, ?, ?, ${COMPARED.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, @source, @importId, @file, ?, ?, @now, @now)`
const INSERT_TAIL = 'ON CONFLICT (reimbursement_id, store_id, line_key) DO NOTHING'
const UNIQUE_INDEX = 'reimbursements_id_store_line_uq'
const PROGRESS_EVERY = 10_000
/** Free-text columns of COMPARED (name, index) guarded against a worse decoding on update. */
const TEXT_COLUMNS: [string, number][] = ['case_id', 'asin', 'product_name', 'condition', 'original_reimbursement_type'].map((c) => [
  c,
  COMPARED.findIndex(([name]) => name === c)
])

export class ReimbursementsImporter {
  private queue: Promise<unknown> = Promise.resolve()
  /** Milliseconds since the import began, at the end of each phase of the last import (bench/ prints them). */
  lastPhases: [string, number][] = []

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
    // COMMIT must not copy the whole WAL into the database file (a million-row import: ~1 GB,
    // seconds): the import is done when committed; checkpointWalInBackground() does the copy
    // on another thread afterwards.
    conn.pragma('wal_autocheckpoint = 0')
    // Index builds after a bulk load sort a million keys: let SQLite's sorter use a helper thread.
    conn.pragma('threads = 2')
    return { conn, own: true }
  }

  /**
   * The report's header and its rows in chunks: from a worker thread for a large file, else
   * parsed here (a stream, a small file, or no worker available). Both hash the bytes.
   */
  private async open(req: ImportRequest): Promise<OpenReport> {
    const hint = { file: req.fileName, charset: req.charset ?? null, japanese: req.japanese ?? false }
    if (typeof req.source === 'string' && statSync(req.source).size >= PARALLEL_BYTES) {
      // A test that requires the worker path waits for it however slow the machine is.
      const required = process.env.SBO_REIMB_PARALLEL_REQUIRED === '1'
      const parallel = await openReimbursementsInWorker(req.source, hint, required ? 120_000 : undefined)
      if (parallel) return parallel
      // Tests that compare the two paths must know they took the worker one.
      if (required) throw new Error('the reimbursements parser worker did not start')
    }
    const bytes = hashedBytes(req.source)
    try {
      const report = await openReimbursementsReport(bytes.stream, hint)
      // The parser has read every byte once the chunks are done, so the hash is complete then.
      return { ...report, chunks: chunksOf(report.batches), sha256: bytes.sha256, close: bytes.destroy }
    } catch (e) {
      bytes.destroy()
      throw e
    }
  }

  private async runNow(req: ImportRequest): Promise<ReimbursementImportSummary> {
    const report = await this.open(req)
    const { conn, own } = this.connect()
    const run = new ImportRun(req, report, conn, this.deps.clock.now().toISOString())
    try {
      this.lastPhases = run.phases
      run.begin()
      run.prepareBulk()
      run.statements()
      await run.rows()
      const sha256 = report.sha256()
      run.rebuildUniqueIndex()
      run.writeDaily()
      run.phase('unique index')
      run.rebuildIndexes()
      run.phase('indexes')
      run.linkReversals()
      const recorded = run.recordImport(sha256)
      run.phase('links')
      run.end()
      run.phase('commit')
      run.analyze(own)
      run.phase('analyze')
      return run.summary(sha256, recorded)
    } catch (e) {
      // A failed ROLLBACK must not hide why the import stopped (errors.ts rollbackAfter).
      if (run.began && conn.inTransaction) rollbackAfter(e, () => conn.exec('ROLLBACK'))
      run.began = false
      throw e
    } finally {
      if (run.began && conn.inTransaction) conn.exec('ROLLBACK')
      if (own) conn.close()
      report.close()
    }
  }
}

type OpenReport = ReportHead & { chunks: AsyncIterable<Chunk>; sha256(): string; close(): void; waitedMs?: () => number }

type Statements = { get: Database.Statement; insertOne: Database.Statement; insertMany: Database.Statement; update: Database.Statement }

/**
 * One import, from BEGIN to COMMIT (or ROLLBACK): its counters, the reimbursement_daily changes
 * and the in-file duplicate bookkeeping. ReimbursementsImporter.runNow calls the steps in order
 * and owns the connection and the error handling.
 */
class ImportRun {
  readonly phases: [string, number][] = []
  began = false
  private t0 = 0
  private readonly storeId: string
  private importId = 0
  private rejected: { line: number; reason: string }[] = []
  private rejectedCount = 0
  private inserted = 0
  private updated = 0
  private unchanged = 0
  private fromApproval = 0
  private readonly totals = new Map<string, number>()
  /** reimbursement_daily changes: "day|category|currency" -> [amount, rows]. */
  private readonly daily = new Map<string, [number, number]>()
  /** Bound once per statement: what is the same for every row of the import. */
  private constants!: { store: string; source: ImportRequest['via']; importId: number; file: string; now: string }
  /** Definitions of the indexes dropped for a bulk load (recreated before COMMIT). */
  private dropped: string[] = []
  /** The unique line index, when a bulk load into an empty store dropped it. */
  private uniqueSql: string | null = null
  private st!: Statements
  /** Lines of the current chunk its INSERT wrote (a chunk that is not full). */
  private readonly written = new Set<number>()
  // Known lines this file left unchanged: row id -> first line (0 = not seen). A row this file
  // writes carries its import id instead, so only rows older than the import land here.
  private seenLines = new Int32Array(1024)
  private readonly seenSparse = new Map<number, number>() // ids too large for the array (not expected: ids are dense)

  constructor(
    private readonly req: ImportRequest,
    private readonly report: OpenReport,
    private readonly conn: Database.Database,
    private readonly now: string
  ) {
    this.storeId = req.storeId
  }

  phase(name: string): void {
    this.phases.push([name, Math.round(performance.now() - this.t0)])
  }

  private reject(line: number, reason: string): void {
    this.rejectedCount++
    if (this.rejected.length < this.req.detailLimit) this.rejected.push({ line, reason })
  }

  private addDaily(at: string, category: string, currency: string, amount: number, rows: number): void {
    const k = `${at.slice(0, 10)}|${category}|${currency}`
    const d = this.daily.get(k)
    if (d) {
      d[0] += amount
      d[1] += rows
    } else this.daily.set(k, [amount, rows])
  }

  /** BEGIN IMMEDIATE and the import's record (its figures are filled in by recordImport). */
  begin(): void {
    const { conn, req } = this
    this.t0 = performance.now()
    conn.exec('BEGIN IMMEDIATE')
    this.began = true
    this.importId = Number(
      conn
        .prepare(
          `INSERT INTO reimbursement_imports (store_id, file_name, sha256, encoding, header, source, rows, inserted, updated, unchanged, rejected, imported_at)
           VALUES (?, ?, '', ?, ?, ?, 0, 0, 0, 0, 0, ?)`
        )
        .run(this.storeId, req.fileName, this.report.encoding, JSON.stringify(this.report.header), req.via, this.now).lastInsertRowid
    )
    this.constants = { store: this.storeId, source: req.via, importId: this.importId, file: req.fileName, now: this.now }
  }

  /** Bulk load: estimate the rows from the file size, compare with the table, drop indexes. */
  prepareBulk(): void {
    const { conn, req } = this
    const size = typeof req.source === 'string' ? statSync(req.source).size : 0
    const estimatedRows = size / 150
    // (SBO_REIMB_BULK_MIN_ROWS: tests take the bulk path with small files.)
    const bulkMinRows = Number(process.env.SBO_REIMB_BULK_MIN_ROWS ?? BULK_MIN_ROWS)
    const existingRows =
      estimatedRows >= bulkMinRows ? (conn.prepare('SELECT count(*) FROM reimbursements').pluck().get() as number) : Infinity
    const bulk = estimatedRows >= bulkMinRows && estimatedRows > 2 * existingRows
    // In a bulk load into a store with no rows yet the line key's unique index goes too: no row in
    // the table can match a line of this file, and maintaining it costs a sixth of the import.
    // Lines repeated within the file are then found when it is rebuilt (removeDuplicates).
    const storeEmpty = bulk && conn.prepare('SELECT 1 FROM reimbursements WHERE store_id = ? LIMIT 1').get(this.storeId) === undefined
    const indexes = bulk
      ? (conn
          .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reimbursements' AND sql IS NOT NULL")
          .all() as { name: string; sql: string }[])
      : []
    const uniqueSql = storeEmpty ? (indexes.find((ix) => ix.name === UNIQUE_INDEX)?.sql ?? null) : null
    this.uniqueSql = uniqueSql
    this.dropped = indexes
      .filter((ix) => (ix.name === UNIQUE_INDEX ? uniqueSql !== null : !ix.sql.startsWith('CREATE UNIQUE')))
      .map((ix) => {
        conn.exec(`DROP INDEX "${ix.name}"`)
        return ix.sql
      })
  }

  /** The per-row statements (without ON CONFLICT when the unique index is gone). */
  statements(): void {
    const { conn } = this
    const tail = this.uniqueSql ? '' : INSERT_TAIL
    this.st = {
      get: conn.prepare(
        `SELECT id, import_id AS importId, source_line AS sourceLine, ${COMPARED.map(([c, k]) => `${c} AS ${k}`).join(', ')} FROM reimbursements WHERE reimbursement_id = ? AND store_id = ? AND line_key = ?`
      ),
      insertOne: conn.prepare(`${INSERT_HEAD} ${INSERT_TUPLE} ${tail}`),
      insertMany: conn.prepare(`${INSERT_HEAD} ${Array.from({ length: INSERT_BATCH }, () => INSERT_TUPLE).join(', ')} ${tail}`),
      update: conn.prepare(
        `UPDATE reimbursements SET ${COMPARED.map(([c]) => `${c} = ?`).join(', ')}, source = ?, import_id = ?, source_file = ?, source_line = ?, raw = ?, updated_at = ? WHERE id = ?`
      )
    }
  }

  /** Every chunk of the file, settled in file order, with progress every PROGRESS_EVERY lines. */
  async rows(): Promise<void> {
    const { req, report } = this
    let seenRows = 0
    let progressAt = PROGRESS_EVERY
    for await (const chunk of report.chunks) {
      for (const [line, reason] of chunk.rejected) this.reject(line, reason)
      this.settle(chunk)
      seenRows += chunk.n + chunk.rejected.length
      if (seenRows >= progressAt) {
        req.onProgress?.(seenRows)
        progressAt = seenRows + PROGRESS_EVERY
      }
    }
    req.onProgress?.(seenRows)
    this.phase('rows')
    if (report.waitedMs) this.phases.push(['(waited for the parser)', report.waitedMs()])
  }

  /**
   * A chunk goes in as one multi-row INSERT … ON CONFLICT DO NOTHING; then it is settled in file
   * order: a line it wrote is new, any other (a known line, or a duplicate of a line earlier in
   * this file) is compared with what the table holds. The same outcome, line by line, as one
   * INSERT per row.
   */
  private settle({ rows, n }: Chunk): void {
    const { st, written, importId } = this
    // All new (the usual first import): every row of the chunk is written. Otherwise each row is
    // read back: written by this very line (this import's id and line) means new.
    const full = n === INSERT_BATCH
    const allNew = full && st.insertMany.run(this.constants, rows).changes === INSERT_BATCH
    written.clear()
    if (!full)
      for (let k = 0; k < n; k++) {
        if (st.insertOne.run(this.constants, rows.slice(k * ROW_WIDTH, (k + 1) * ROW_WIDTH)).changes === 1)
          written.add(rows[k * ROW_WIDTH + T.line] as number)
      }
    for (let o = 0; o < n * ROW_WIDTH; o += ROW_WIDTH) {
      const line = rows[o + T.line] as number
      const currency = rows[o + T.currency] as string
      const amount = rows[o + T.amountTotal] as number
      const existing = allNew || written.has(line) ? null : (st.get.get(rows[o + T.id], this.storeId, rows[o + T.key]) as Existing)
      if (!existing || (full && existing.importId === importId && existing.sourceLine === line)) {
        this.inserted++
        this.addDaily(rows[o + T.reimbursedAt] as string, rows[o + T.reasonCategory] as string, currency, amount, 1)
      } else if (!this.settleKnown(existing, rows, o, line)) continue
      if (rows[o + T.timeFromApproval] === 1) this.fromApproval++
      this.totals.set(currency, (this.totals.get(currency) ?? 0) + amount)
    }
  }

  /**
   * A line the table already holds: a duplicate within this file (rejected), changed (updated,
   * unless the new text is a worse reading of the stored one: rejected) or unchanged.
   * False when the line was rejected.
   */
  private settleKnown(existing: Existing, rows: Cell[], o: number, line: number): boolean {
    const { req } = this
    // Written by this file already (inserted/updated above), or seen earlier in this file unchanged: a duplicate line.
    const firstLine = existing.importId === this.importId ? existing.sourceLine : this.seenBefore(existing.id, line)
    if (firstLine !== null) {
      const id = rows[o + T.id] as string
      const sku = rows[o + T.sku] as string
      this.reject(
        line,
        sameValues(existing, rows, o)
          ? `duplicate of line ${firstLine} (reimbursement-id ${id}, sku ${sku}): counted once`
          : `same reimbursement line as line ${firstLine} (reimbursement-id ${id}, sku ${sku}) but different values: line ${firstLine} was kept`
      )
      return false
    }
    if (sameValues(existing, rows, o)) {
      this.unchanged++
      return true
    }
    const worse = this.worseReading(existing, rows, o)
    if (worse) {
      this.reject(line, worse)
      return false
    }
    this.st.update.run(
      ...rows.slice(o + T.compared, o + T.compared + COMPARED.length),
      req.via,
      this.importId,
      req.fileName,
      line,
      rows[o + T.raw],
      this.now,
      existing.id
    )
    this.addDaily(
      existing.reimbursedAt as string,
      existing.reasonCategory as string,
      existing.currency as string,
      -(existing.amountTotalMinor as number),
      -1
    )
    this.addDaily(
      rows[o + T.reimbursedAt] as string,
      rows[o + T.reasonCategory] as string,
      rows[o + T.currency] as string,
      rows[o + T.amountTotal] as number,
      1
    )
    this.updated++
    return true
  }

  /** The first line of this file that left known row `id` unchanged, or null (and `line` is remembered). */
  private seenBefore(id: number, line: number): number | null {
    if (id >= SEEN_ARRAY_MAX) {
      const first = this.seenSparse.get(id)
      if (first !== undefined) return first
      this.seenSparse.set(id, line)
      return null
    }
    if (id >= this.seenLines.length) {
      const grown = new Int32Array(Math.max(id + 1, this.seenLines.length * 2))
      grown.set(this.seenLines)
      this.seenLines = grown
    }
    const first = this.seenLines[id]!
    if (first !== 0) return first
    this.seenLines[id] = line
    return null
  }

  /**
   * Text a changed line would replace with a worse reading of it (mojibake, replacement
   * characters): the line is rejected and the stored text kept (never garbage over good data).
   */
  private worseReading(existing: Existing, rows: Cell[], o: number): string | null {
    const { report } = this
    for (const [column, i] of TEXT_COLUMNS) {
      const prev = existing[COMPARED[i]![1]] as string | null
      const next = rows[o + T.compared + i] as string | null
      if (worseText(prev, next))
        return `${column.replace(/_/g, '-')} '${next}' would replace the stored '${prev}' with a garbled reading of the same text (the file was read as ${report.encoding}${report.encodingEvidence ? `: ${report.encodingEvidence}` : ''}); the stored line was kept. Save the file as UTF-8 and import it again.`
    }
    return null
  }

  /** The unique line index, if a bulk load dropped it; lines the file repeats are removed first. */
  rebuildUniqueIndex(): void {
    const { conn, uniqueSql } = this
    if (!uniqueSql) return
    try {
      conn.exec(uniqueSql)
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e
      this.removeDuplicates()
      conn.exec(uniqueSql)
    }
  }

  /**
   * Bulk load without the unique index: a line the file repeats was inserted again. Each repeat
   * is rejected exactly as the per-row path rejects it (the first line is kept), and taken out
   * of the counts. Only this import's rows can repeat (the store had none).
   */
  private removeDuplicates(): void {
    const { conn } = this
    conn.exec(`CREATE INDEX reimbursements_import_dup_tmp ON reimbursements (reimbursement_id, store_id, line_key)`)
    const groups = conn
      .prepare(
        'SELECT group_concat(id) FROM reimbursements WHERE store_id = ? GROUP BY reimbursement_id, store_id, line_key HAVING count(*) > 1'
      )
      .pluck()
      .all(this.storeId) as string[]
    const byId = conn.prepare(
      `SELECT id, source_line AS sourceLine, sku, reimbursement_id AS reimbursementId, ${COMPARED.map(([c, k]) => `${c} AS ${k}`).join(', ')} FROM reimbursements WHERE id = ?`
    )
    const del = conn.prepare('DELETE FROM reimbursements WHERE id = ?')
    for (const g of groups) {
      const [firstId, ...repeats] = g
        .split(',')
        .map(Number)
        .sort((a, b) => a - b)
      const first = byId.get(firstId) as Existing
      for (const id of repeats) {
        const d = byId.get(id) as Existing & { sku: string; reimbursementId: string }
        const same = COMPARED.every(([, c]) => first[c] === d[c])
        this.reject(
          d.sourceLine!,
          same
            ? `duplicate of line ${first.sourceLine} (reimbursement-id ${d.reimbursementId}, sku ${d.sku}): counted once`
            : `same reimbursement line as line ${first.sourceLine} (reimbursement-id ${d.reimbursementId}, sku ${d.sku}) but different values: line ${first.sourceLine} was kept`
        )
        del.run(id)
        this.uncount(d)
      }
    }
    conn.exec('DROP INDEX reimbursements_import_dup_tmp')
  }

  /** Takes a removed repeat out of the counts, the daily changes and the totals. */
  private uncount(d: Existing): void {
    this.inserted--
    const amount = d.amountTotalMinor as number
    this.addDaily(d.reimbursedAt as string, d.reasonCategory as string, d.currency as string, -amount, -1)
    this.totals.set(d.currency as string, this.totals.get(d.currency as string)! - amount)
    if (d.timeFromApproval === 1) this.fromApproval--
  }

  /** The reimbursement_daily changes, and days left with no rows removed. */
  writeDaily(): void {
    const { conn, storeId } = this
    const dailyUpsert = conn.prepare(
      `INSERT INTO reimbursement_daily (store_id, day, reason_category, currency, amount_minor, rows) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET amount_minor = amount_minor + excluded.amount_minor, rows = rows + excluded.rows`
    )
    for (const [k, [amount, n]] of this.daily) {
      const [day, category, currency] = k.split('|') as [string, string, string]
      dailyUpsert.run(storeId, day, category, currency, amount, n)
    }
    conn.prepare('DELETE FROM reimbursement_daily WHERE store_id = ? AND rows = 0').run(storeId)
  }

  /** The other indexes a bulk load dropped. */
  rebuildIndexes(): void {
    for (const sql of this.dropped) if (sql !== this.uniqueSql) this.conn.exec(sql)
  }

  /** Each reversal row points to its original. */
  linkReversals(): void {
    this.conn
      .prepare(
        `UPDATE reimbursements AS x SET original_row_id = (
           SELECT o.id FROM reimbursements o
           WHERE o.reimbursement_id = x.original_reimbursement_id AND o.store_id = x.store_id AND o.id <> x.id
           ORDER BY (o.sku = x.sku) DESC, (o.reason = x.original_reimbursement_type) DESC, o.id LIMIT 1)
         WHERE x.store_id = ? AND x.original_reimbursement_id IS NOT NULL AND x.original_row_id IS NULL`
      )
      .run(this.storeId)
  }

  /** The import's figures and hash into its record; an earlier import of the same file, if any. */
  recordImport(sha256: string): { previous: { at: string; file: string } | null; rows: number } {
    const { conn, storeId, importId } = this
    const previous =
      (conn
        .prepare(
          'SELECT imported_at AS at, file_name AS file FROM reimbursement_imports WHERE store_id = ? AND sha256 = ? AND id <> ? ORDER BY id LIMIT 1'
        )
        .get(storeId, sha256, importId) as { at: string; file: string } | undefined) ?? null
    const rows = this.inserted + this.updated + this.unchanged + this.rejectedCount
    conn
      .prepare('UPDATE reimbursement_imports SET sha256 = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?')
      .run(sha256, rows, this.inserted, this.updated, this.unchanged, this.rejectedCount, importId)
    return { previous, rows }
  }

  /** COMMIT, or ROLLBACK for a preview. */
  end(): void {
    this.conn.exec(this.req.commit ? 'COMMIT' : 'ROLLBACK')
    this.began = false
  }

  /** After COMMIT: fresh statistics after a bulk load, and the WAL checkpoint on another thread. */
  analyze(own: boolean): void {
    const { conn, req } = this
    // Fresh statistics after a bulk load, so the planner picks the sort index vs the filter index
    // well (sampled: analysis_limit keeps ANALYZE to a fraction of a second on a million rows).
    if (req.commit && (this.dropped.length > 0 || this.inserted > 50_000)) {
      conn.pragma('analysis_limit = 1000')
      conn.exec('ANALYZE reimbursements')
    }
    if (own && req.commit && this.inserted + this.updated > 10_000) void checkpointWalInBackground(conn.name)
  }

  summary(sha256: string, { previous, rows }: { previous: { at: string; file: string } | null; rows: number }): ReimbursementImportSummary {
    const { req, report } = this
    this.rejected.sort((a, b) => a.line - b.line)
    return {
      file: req.fileName,
      encoding: report.encoding,
      ...(report.encodingEvidence ? { encodingEvidence: report.encodingEvidence } : {}),
      sha256,
      alreadyImported: previous,
      rows,
      inserted: this.inserted,
      updated: this.updated,
      unchanged: this.unchanged,
      rejectedCount: this.rejectedCount,
      rejected: this.rejected,
      timeFromApproval: this.fromApproval,
      totals: [...this.totals.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amountMinor]): Money => ({ currency, amountMinor })),
      committed: req.commit
    }
  }
}

const sameValues = (existing: Existing, rows: Cell[], o: number) => COMPARED.every(([, c], i) => existing[c] === rows[o + T.compared + i])

/** A Buffer or string as a one-shot stream (tests, synced documents already in memory). */
export const streamOf = (data: Buffer | string): Readable => Readable.from([typeof data === 'string' ? Buffer.from(data) : data])
