/**
 * Reimbursements: import (preview/commit), server-side paged query, totals per currency, monthly
 * chart data, CSV export of the filtered set, and what the store knows about one order.
 * Queries are hand-written SQL over prepared statements (cached per shape): the screen's first
 * page must come back in milliseconds on a million rows, so every filter maps onto an index, a
 * large set sorted by a non-time column is paged by walking the sort index (list), and totals and
 * the chart for store / reason / date filters read the per-day sums the import keeps (summary).
 */
import type Database from 'better-sqlite3'
import type { z } from 'zod'
import { MARKETPLACES } from '../../shared/ids'
import type { Money } from '../../shared/money'
import {
  LIST_COUNT_CAP,
  type ReimbursementFilter,
  type ReimbursementImportSummary,
  type ReimbursementListInput,
  type ReimbursementRow,
  type ReimbursementSort,
  type ReimbursementSummary,
  type ReimbursementSyncState,
  type ReasonCategory
} from '../../shared/contract/reimbursements'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import type { JobRunsService } from '../jobs/runs'
import type { Logger } from '../log'
import type { Db } from '../db/client'
import type { OrdersService } from '../orders/service'
import type { QueueService } from '../queue/service'
import type { RmasService } from '../rmas/service'
import type { StoresService } from '../stores/service'
import { ReimbursementsImporter, type ImportRequest } from './import'
import { csvLine, EXPORT_CSV_HEADER, exportCsvRow, initiatedBy } from './rules'

/** A reimbursement line as the audits read it (forAudits): the same shape as audits/audit.ts's input. */
export type AuditReimbursement = {
  reimbursementId: string
  caseId: string | null
  approvedAt: string
  reimbursedAt: string
  reason: string
  reasonCategory: string
  sku: string
  fnsku: string | null
  currency: string
  amountPerUnitMinor: number | null
  amountTotalMinor: number
  quantityCash: number
  originalReimbursementId: string | null
}

/** A reimbursement line as the claims finder reads it (forClaims). */
export type ClaimReimbursement = {
  id: number
  reimbursementId: string
  reimbursedAt: string
  reason: string
  reasonCategory: string
  amazonOrderId: string | null
  sku: string
  fnsku: string | null
  currency: string
  amountPerUnitMinor: number | null
  amountTotalMinor: number
  quantityTotal: number
  originalReimbursementType: string | null
  sourceFile: string | null
  sourceLine: number | null
}

/** A reimbursement line as the cases matcher reads it (forCases). */
export type CaseReimbursement = {
  id: number
  reimbursementId: string
  caseId: string | null
  amazonOrderId: string | null
  sku: string
  fnsku: string | null
  reimbursedAt: string
  currency: string
  amountTotalMinor: number
  quantityTotal: number
  originalReimbursementId: string | null
}

type Filter = z.output<typeof ReimbursementFilter>
type Sort = z.output<typeof ReimbursementSort>
type ListInput = z.output<typeof ReimbursementListInput>

const COUNTRY_OF = new Map(Object.values(MARKETPLACES).flatMap((l) => l.map((m) => [m.id, m.country] as const)))
const JP = 'A1VC38T7YXB528'

const SORT_SQL: Record<Sort['sortBy'], string> = {
  reimbursedAt: 'r.reimbursed_at',
  amountTotal: 'r.amount_total_minor',
  reimbursementId: 'r.reimbursement_id',
  sku: 'r.sku'
}

/** Sort-index walk of list(): its first window (rows of the sort order), its largest window, and the deepest page (offset + size) it is tried for. */
const WALK_FIRST_ROWS = 1000
const WALK_MAX_WINDOW = 40_000
const WALK_MAX_ROWS = 5000

/** Only the store / reason / date filters (columns the sort-index walk reads). */
const coarseOnly = (f: Filter): boolean => !f.reimbursementId && !f.orderId && !f.sku && !f.asin && !f.parentAsin

const dayStart = (d: string) => `${d}T00:00:00.000Z`
const nextDayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString()

/** A row as read from the reimbursements tables; the store name and order status come from their owners (withOwners). */
type BaseRow = Omit<DbRow, 'storeName' | 'orderStatus'>

type DbRow = {
  id: number
  storeId: string
  storeName: string
  marketplaceId: string | null
  reimbursedAt: string
  timeFromApproval: number
  approvedAt: string
  reimbursementId: string
  caseId: string | null
  amazonOrderId: string | null
  reason: string
  reasonCategory: string
  orderStatus: string | null
  sku: string
  fnsku: string | null
  asin: string | null
  parentAsin: string | null
  title: string | null
  imageUrl: string | null
  condition: string | null
  currency: string
  amountPerUnitMinor: number | null
  amountTotalMinor: number
  quantityCash: number
  quantityInventory: number
  quantityTotal: number
  originalReimbursementId: string | null
  originalReimbursementType: string | null
  originalRowId: number | null
  source: 'file' | 'sync'
  sourceFile: string | null
  sourceLine: number | null
}

const ROW_COLUMNS = `r.id, r.store_id AS storeId, p.marketplace_id AS marketplaceId, r.reimbursed_at AS reimbursedAt,
  r.time_from_approval AS timeFromApproval, r.approved_at AS approvedAt, r.reimbursement_id AS reimbursementId, r.case_id AS caseId,
  r.amazon_order_id AS amazonOrderId, r.reason, r.reason_category AS reasonCategory, r.sku, r.fnsku,
  coalesce(r.asin, p.asin) AS asin, p.parent_asin AS parentAsin, coalesce(p.title, r.product_name) AS title, p.image_url AS imageUrl,
  r.condition, r.currency, r.amount_per_unit_minor AS amountPerUnitMinor, r.amount_total_minor AS amountTotalMinor,
  r.quantity_cash AS quantityCash, r.quantity_inventory AS quantityInventory, r.quantity_total AS quantityTotal,
  r.original_reimbursement_id AS originalReimbursementId, r.original_reimbursement_type AS originalReimbursementType,
  r.original_row_id AS originalRowId, r.source, r.source_file AS sourceFile, r.source_line AS sourceLine`

const ROW_JOINS = `LEFT JOIN products p ON p.store_id = r.store_id AND p.sku = r.sku`

/** CSV export: rows whose store name and order status are looked up together. */
const EXPORT_CHUNK = 2000

function toRow(d: DbRow): ReimbursementRow {
  return {
    ...d,
    marketplace: d.marketplaceId ? (COUNTRY_OF.get(d.marketplaceId) ?? d.marketplaceId) : null,
    timeFromApproval: d.timeFromApproval === 1,
    reasonCategory: d.reasonCategory as ReasonCategory,
    initiatedBy: initiatedBy(d.caseId)
  }
}

export type ReimbursementsDeps = {
  db: Db
  stores: StoresService
  orders: OrdersService
  queue: QueueService
  rmas: RmasService
  clock: Clock
  events: EventBus
  log: Logger
  files: FileStaging
  jobs: JobRunsService
}

/** Above every string that starts with a prefix, in SQLite's BINARY order (UTF-8 bytes): U+10FFFF. */
const PREFIX_END = '\u{10FFFF}'
const asciiUpper = (s: string) => s.replace(/[a-z]+/g, (c) => c.toUpperCase())
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase())

export class ReimbursementsService {
  readonly importer: ReimbursementsImporter
  private readonly stmts = new Map<string, Database.Statement>()

  constructor(private readonly deps: ReimbursementsDeps) {
    this.importer = new ReimbursementsImporter({ sqlite: deps.db.$client, clock: deps.clock })
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql)
    if (!s) {
      s = this.deps.db.$client.prepare(sql)
      if (this.stmts.size > 200) this.stmts.clear()
      this.stmts.set(sql, s)
    }
    return s
  }

  private store(storeId: string): { id: string; name: string; marketplaceIds: string[] } {
    return this.deps.stores.basics(storeId) // NOT_FOUND for an unknown store
  }

  /**
   * The store name (stores) and order status (orders) of these rows, asked of their owners for
   * these rows only (a page, a chunk of the export), one lookup per store.
   */
  private withOwners(rows: BaseRow[], names: Map<string, string> = this.deps.stores.names()): DbRow[] {
    const orderIds = new Map<string, string[]>()
    for (const r of rows) {
      if (r.amazonOrderId === null) continue
      const l = orderIds.get(r.storeId)
      if (l) l.push(r.amazonOrderId)
      else orderIds.set(r.storeId, [r.amazonOrderId])
    }
    const status = new Map<string, Map<string, { status: string | null }>>()
    for (const [storeId, ids] of orderIds) status.set(storeId, this.deps.orders.byAmazonIds(storeId, ids))
    // The keys in the order the joined SELECT gave them (JSON output, e.g. the CLI's, stays the same).
    return rows.map(
      ({
        id,
        storeId,
        marketplaceId,
        reimbursedAt,
        timeFromApproval,
        approvedAt,
        reimbursementId,
        caseId,
        amazonOrderId,
        reason,
        reasonCategory,
        ...rest
      }) => ({
        id,
        storeId,
        storeName: names.get(storeId) ?? '',
        marketplaceId,
        reimbursedAt,
        timeFromApproval,
        approvedAt,
        reimbursementId,
        caseId,
        amazonOrderId,
        reason,
        reasonCategory,
        orderStatus: amazonOrderId === null ? null : (status.get(storeId)?.get(amazonOrderId)?.status ?? null),
        ...rest
      })
    )
  }

  // ------------------------------------------------------------------ import
  /** Imports (commit) or previews a staged file. A rejected file throws VALIDATION naming what is wrong. */
  async importFile(input: { storeId: string; fileId: string; detailLimit: number }, commit: boolean): Promise<ReimbursementImportSummary> {
    const store = this.store(input.storeId)
    const f = this.deps.files.get(input.fileId)
    const req: Omit<ImportRequest, 'onProgress'> = {
      storeId: store.id,
      source: f.path,
      fileName: f.name,
      japanese: store.marketplaceIds.includes(JP),
      commit,
      detailLimit: input.detailLimit,
      via: 'file'
    }
    if (!commit) return this.importer.run(req)
    // Committed: the staged copy is deleted at once.
    return this.deps.files.consume(input.fileId, () =>
      this.deps.jobs.run(
        'reimbursements.import',
        store.id,
        async (runId) => {
          const r = await this.importer.run({
            ...req,
            onProgress: (done) =>
              this.deps.events.emit('job.progress', {
                jobId: String(runId),
                name: 'reimbursements.import',
                storeId: store.id,
                done,
                total: null,
                message: f.name
              })
          })
          if (r.inserted + r.updated > 0) this.deps.events.emit('data.changed', { domains: ['reimbursements'] })
          return r
        },
        (r) => `${f.name}: ${r.inserted} new, ${r.updated} changed, ${r.unchanged} unchanged, ${r.rejectedCount} rejected`
      )
    )
  }

  // ------------------------------------------------------------------ queries
  private where(f: Filter): { sql: string; params: unknown[]; needsProducts: boolean } {
    const w: string[] = []
    const p: unknown[] = []
    if (f.storeId) {
      w.push('r.store_id = ?')
      p.push(f.storeId)
    }
    if (f.from) {
      w.push('r.reimbursed_at >= ?')
      p.push(dayStart(f.from))
    }
    if (f.to) {
      w.push('r.reimbursed_at < ?')
      p.push(nextDayStart(f.to))
    }
    if (f.reasons && f.reasons.length > 0 && f.reasons.length < 7) {
      w.push(`r.reason_category IN (${f.reasons.map(() => '?').join(', ')})`)
      p.push(...f.reasons)
    }
    // Id and SKU filters are case-insensitive prefixes ("mug" finds "MUG-11OZ"), each an index
    // range: Amazon's ids are upper-case letters and digits, so the typed text is upper-cased onto
    // the plain indexes; SKUs are any case, so they go through the lower(sku) expression index.
    // Only ASCII letters fold, as SQLite's lower() does without ICU.
    const prefix = (column: string, text: string) => {
      w.push(`${column} >= ? AND ${column} < ?`)
      p.push(text, text + PREFIX_END)
    }
    if (f.reimbursementId) prefix('r.reimbursement_id', asciiUpper(f.reimbursementId))
    if (f.orderId) prefix('r.amazon_order_id', asciiUpper(f.orderId))
    if (f.sku) prefix('lower(r.sku)', asciiLower(f.sku))
    if (f.asin) prefix('r.asin', asciiUpper(f.asin))
    let needsProducts = false
    if (f.parentAsin) {
      // The IN list lets SQLite use the sku index; the join keeps the store match exact.
      const parent = asciiUpper(f.parentAsin)
      w.push('r.sku IN (SELECT sku FROM products WHERE parent_asin = ?) AND pf.parent_asin = ?')
      p.push(parent, parent)
      needsProducts = true
    }
    return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params: p, needsProducts }
  }

  private fromClause(needsProducts: boolean): string {
    return needsProducts ? 'reimbursements r JOIN products pf ON pf.store_id = r.store_id AND pf.sku = r.sku' : 'reimbursements r'
  }

  private orderBy(s: Sort): string {
    const dir = s.sortDir === 'asc' ? 'ASC' : 'DESC'
    return `ORDER BY ${SORT_SQL[s.sortBy]} ${dir}, r.id ${dir}`
  }

  list(q: ListInput): { rows: ReimbursementRow[]; total: number; totalCapped: boolean } {
    const w = this.where(q)
    const from = this.fromClause(w.needsProducts)
    const order = this.orderBy(q)
    // The count first (capped): it tells whether the filtered set is small (then its filter index
    // and a sort are cheap) or large (then walking the sort index finds a page in a few rows).
    const counted = (
      this.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} ${w.sql} LIMIT ${LIST_COUNT_CAP + 1})`).get(...w.params) as { n: number }
    ).n
    const page = (ids: string, params: unknown[]): DbRow[] =>
      // CROSS JOIN pins the join order (SQLite never reorders it): the page's ids drive the lookups,
      // otherwise the planner may scan the whole store and probe the page (a 50x slower plan).
      this.withOwners(
        this.stmt(
          `WITH page AS (${ids}) SELECT ${ROW_COLUMNS} FROM page CROSS JOIN reimbursements r ON r.id = page.id ${ROW_JOINS} ${order}`
        ).all(...params) as BaseRow[]
      )
    let rows: DbRow[] | null = null
    const need = q.page * q.pageSize
    if (counted > LIST_COUNT_CAP && q.sortBy !== 'reimbursedAt' && w.sql !== '' && coarseOnly(q) && need <= WALK_MAX_ROWS) {
      // A large set sorted by amount / reimbursement id / SKU: the planner would take the store or
      // reason index and sort a few hundred thousand rows. Instead read the first rows of the sort
      // index and filter them: when they hold `need` matches, those are exactly the first `need`
      // of the whole set (any later match sorts after all of them). A window that holds a few
      // matches tells how far to read; one with none falls back to the plan below.
      let window = Math.max(WALK_FIRST_ROWS, 2 * need)
      for (let attempt = 0; attempt < 2 && window <= WALK_MAX_WINDOW; attempt++) {
        const ids = this.stmt(
          `SELECT r.id FROM (SELECT r.id, r.store_id, r.reason_category, r.reimbursed_at, ${SORT_SQL[q.sortBy]} FROM reimbursements r ${order} LIMIT ?) r ${w.sql} ${order} LIMIT ?`
        )
          .pluck()
          .all(window, ...w.params, need) as number[]
        if (ids.length === need) {
          rows = page('SELECT value AS id FROM json_each(?)', [JSON.stringify(ids.slice(need - q.pageSize))])
          break
        }
        if (ids.length === 0) break
        window = Math.ceil((window * need * 1.5) / ids.length)
      }
    }
    rows ??= page(`SELECT r.id FROM ${from} ${w.sql} ${order} LIMIT ? OFFSET ?`, [...w.params, q.pageSize, (q.page - 1) * q.pageSize])
    return { rows: rows.map(toRow), total: Math.min(counted, LIST_COUNT_CAP), totalCapped: counted > LIST_COUNT_CAP }
  }

  summary(f: Filter): z.output<typeof ReimbursementSummary> {
    type Group = { month: string; category: ReasonCategory; currency: string; amountMinor: number; count: number }
    let groups: Group[]
    if (coarseOnly(f)) {
      // Store / reason / date filters: the per-day sums the import keeps (reimbursement_daily).
      const w: string[] = []
      const p: unknown[] = []
      if (f.storeId) {
        w.push('store_id = ?')
        p.push(f.storeId)
      }
      if (f.from) {
        w.push('day >= ?')
        p.push(f.from)
      }
      if (f.to) {
        w.push('day <= ?')
        p.push(f.to)
      }
      if (f.reasons && f.reasons.length > 0 && f.reasons.length < 7) {
        w.push(`reason_category IN (${f.reasons.map(() => '?').join(', ')})`)
        p.push(...f.reasons)
      }
      groups = this.stmt(
        `SELECT substr(day, 1, 7) AS month, reason_category AS category, currency, sum(amount_minor) AS amountMinor, sum(rows) AS count
         FROM reimbursement_daily ${w.length ? `WHERE ${w.join(' AND ')}` : ''} GROUP BY 1, 2, 3 HAVING sum(rows) <> 0 ORDER BY 1, 2, 3`
      ).all(...p) as Group[]
    } else {
      const w = this.where(f)
      groups = this.stmt(
        `SELECT substr(r.reimbursed_at, 1, 7) AS month, r.reason_category AS category, r.currency, sum(r.amount_total_minor) AS amountMinor, count(*) AS count
         FROM ${this.fromClause(w.needsProducts)} ${w.sql} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
      ).all(...w.params) as Group[]
    }
    const totals = new Map<string, number>()
    let count = 0
    for (const g of groups) {
      totals.set(g.currency, (totals.get(g.currency) ?? 0) + g.amountMinor)
      count += g.count
    }
    return {
      count,
      totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor })),
      months: groups
    }
  }

  /** Every filtered row (no paging) as CSV, in the screen's sort order. */
  exportCsv(q: Filter & Sort): { fileName: string; rows: number; csv: string } {
    const w = this.where(q)
    const sql = `SELECT ${ROW_COLUMNS} FROM ${this.fromClause(w.needsProducts)} ${ROW_JOINS} ${w.sql} ${this.orderBy(q)}`
    const lines: string[] = [csvLine([...EXPORT_CSV_HEADER])]
    const names = this.deps.stores.names()
    let chunk: BaseRow[] = []
    const flush = () => {
      for (const d of this.withOwners(chunk, names)) {
        lines.push(exportCsvRow(toRow(d)))
      }
      chunk = []
    }
    for (const d of this.stmt(sql).iterate(...w.params) as Iterable<BaseRow>) {
      chunk.push(d)
      if (chunk.length >= EXPORT_CHUNK) flush()
    }
    flush()
    const stamp = this.deps.clock.now().toISOString().slice(0, 10)
    const scope = q.storeId ? `-${this.store(q.storeId).name.replace(/[^\w.-]+/g, '_')}` : ''
    return { fileName: `reimbursements${scope}-${stamp}.csv`, rows: lines.length - 1, csv: `\uFEFF${lines.join('\r\n')}\r\n` }
  }

  /** What the store knows about one order: the order record (if synced or created by another report) and its reimbursements. */
  orderDetail(storeId: string, amazonOrderId: string) {
    this.store(storeId)
    const o = this.deps.orders.find(storeId, amazonOrderId)
    const order = o
      ? {
          status: o.status,
          purchaseDate: o.purchaseDate,
          marketplaceId: o.marketplaceId,
          isMinimal: o.isMinimal,
          currency: o.currency,
          orderTotalMinor: o.orderTotalMinor
        }
      : null
    const rows = this.withOwners(
      this.stmt(
        `SELECT ${ROW_COLUMNS} FROM reimbursements r ${ROW_JOINS} WHERE r.store_id = ? AND r.amazon_order_id = ? ORDER BY r.reimbursed_at, r.id`
      ).all(storeId, amazonOrderId) as BaseRow[]
    ).map(toRow)
    if (!order && rows.length === 0) throw new AppError('NOT_FOUND', `Order ${amazonOrderId} is not known for this store`)
    const totals = new Map<string, number>()
    for (const r of rows) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.amountTotalMinor)
    return {
      amazonOrderId,
      storeId,
      order,
      reimbursements: rows,
      totals: [...totals.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amountMinor]): Money => ({ currency, amountMinor })),
      // Refunds this app created for the order (the refund queue), whatever became of them.
      refunds: o ? this.deps.queue.refundsForOrder(o.id).map((e) => ({ ...e, currency: e.currency ?? o.currency ?? '' })) : [],
      // Returns: one line per RMA item, the RMA by its Amazon RMA ID.
      returns: this.deps.rmas.returnLinesForOrder(storeId, amazonOrderId)
    }
  }

  syncStatus(storeId: string): z.output<typeof ReimbursementSyncState> {
    this.store(storeId)
    const r = this.stmt(
      `SELECT count(*) AS windows, coalesce(sum(status = 'done'), 0) AS done, coalesce(sum(status = 'failed'), 0) AS failed,
              coalesce(sum(status = 'pending'), 0) AS pending,
              min(CASE WHEN status = 'done' THEN window_start END) AS coveredFrom, max(CASE WHEN status = 'done' THEN window_end END) AS coveredTo
       FROM reimbursement_sync_windows WHERE store_id = ?`
    ).get(storeId) as Omit<z.output<typeof ReimbursementSyncState>, 'storeId' | 'lastError'>
    const err = this.stmt(
      `SELECT last_error AS e FROM reimbursement_sync_windows WHERE store_id = ? AND status = 'failed' ORDER BY updated_at DESC LIMIT 1`
    ).get(storeId) as { e: string | null } | undefined
    return { storeId, ...r, lastError: err?.e ?? null }
  }

  // --- for other domains (rmas: the Receive screen's scans) ---

  /**
   * The catalog's SKUs for a scanned product code: the product table's SKU or ASIN, and the ASINs
   * Amazon named in reimbursements (with their SKU). Neither source carries a UPC or an FNSKU
   * index, so those codes are found only where the RMAs' own data has them.
   */
  skusForCode(code: string, storeId: string | null): { storeId: string; sku: string; matchedBy: 'sku' | 'asin' }[] {
    const rows = this.stmt(
      `SELECT DISTINCT store_id AS storeId, sku, CASE WHEN upper(sku) = upper(@c) THEN 'sku' ELSE 'asin' END AS matchedBy
       FROM products WHERE (upper(sku) = upper(@c) OR upper(asin) = upper(@c)) AND (@store IS NULL OR store_id = @store)
       UNION
       SELECT DISTINCT store_id, sku, 'asin' FROM reimbursements WHERE asin = upper(@c) AND (@store IS NULL OR store_id = @store)
       LIMIT 50`
    ).all({ c: code, store: storeId }) as { storeId: string; sku: string; matchedBy: 'sku' | 'asin' }[]
    return rows
  }

  // --- for other domains (claims) ---

  /**
   * A store's reimbursement lines the claims finder nets against: warehouse lost/damaged, customer
   * returns, and the reversals of any of them (negative quantities), oldest first.
   */
  forClaims(storeId: string): ClaimReimbursement[] {
    return reimbursementsForClaims(this.deps.db.$client, storeId)
  }

  // --- for other domains (cases: the matcher) ---

  /**
   * A store's reimbursement lines a case may be paid or reversed by: those naming one of the
   * Amazon Case IDs, those for one of the FNSKUs or orders (on or after `since`), and the reversals
   * of the given reimbursement ids. Oldest first.
   */
  forCases(
    storeId: string,
    q: { caseIds: string[]; fnskus: string[]; orderIds: string[]; since: string; reversalsOf: string[] }
  ): CaseReimbursement[] {
    const list = (n: number) => (n === 0 ? 'NULL' : Array.from({ length: n }, () => '?').join(', '))
    return this.deps.db.$client
      .prepare(
        `SELECT id, reimbursement_id AS reimbursementId, case_id AS caseId, amazon_order_id AS amazonOrderId, sku, fnsku,
           reimbursed_at AS reimbursedAt, currency, amount_total_minor AS amountTotalMinor, quantity_total AS quantityTotal,
           original_reimbursement_id AS originalReimbursementId
         FROM reimbursements
         WHERE store_id = ? AND (case_id IN (${list(q.caseIds.length)})
           OR (reimbursed_at >= ? AND (fnsku IN (${list(q.fnskus.length)}) OR amazon_order_id IN (${list(q.orderIds.length)})))
           OR original_reimbursement_id IN (${list(q.reversalsOf.length)}))
         ORDER BY reimbursed_at, id`
      )
      .all(storeId, ...q.caseIds, q.since, ...q.fnskus, ...q.orderIds, ...q.reversalsOf) as CaseReimbursement[]
  }

  /** Every line of a store as the audits read it (statement audit, paid below cost): reversals included. */
  forAudits(storeId: string): AuditReimbursement[] {
    return this.stmt(
      `SELECT reimbursement_id AS reimbursementId, case_id AS caseId, approved_at AS approvedAt, reimbursed_at AS reimbursedAt, reason,
         reason_category AS reasonCategory, sku, fnsku, currency, amount_per_unit_minor AS amountPerUnitMinor,
         amount_total_minor AS amountTotalMinor, quantity_cash AS quantityCash, original_reimbursement_id AS originalReimbursementId
       FROM reimbursements WHERE store_id = ? ORDER BY reimbursed_at, id`
    ).all(storeId) as AuditReimbursement[]
  }

  // --- for other domains (holds/order actions) ---

  /** The reimbursements of an order (the order detail's list), by date. */
  forOrder(
    storeId: string,
    amazonOrderId: string
  ): {
    reimbursementId: string
    reason: string | null
    reimbursedAt: string | null
    currency: string
    amountTotalMinor: number
    sku: string | null
  }[] {
    return (
      this.stmt(
        'SELECT reimbursement_id, reason, reimbursed_at, currency, amount_total_minor, sku FROM reimbursements WHERE store_id = ? AND amazon_order_id = ? ORDER BY reimbursed_at'
      ).all(storeId, amazonOrderId) as {
        reimbursement_id: string
        reason: string | null
        reimbursed_at: string | null
        currency: string
        amount_total_minor: number
        sku: string | null
      }[]
    ).map((r) => ({
      reimbursementId: r.reimbursement_id,
      reason: r.reason,
      reimbursedAt: r.reimbursed_at,
      currency: r.currency,
      amountTotalMinor: r.amount_total_minor,
      sku: r.sku
    }))
  }
}

/** ReimbursementsService.forClaims on any connection (the claims finder's worker thread reads on its own). */
export function reimbursementsForClaims(sqlite: Database.Database, storeId: string): ClaimReimbursement[] {
  return sqlite
    .prepare(
      `SELECT id, reimbursement_id AS reimbursementId, reimbursed_at AS reimbursedAt, reason, reason_category AS reasonCategory,
         amazon_order_id AS amazonOrderId, sku, fnsku, currency, amount_per_unit_minor AS amountPerUnitMinor,
         amount_total_minor AS amountTotalMinor, quantity_total AS quantityTotal,
         original_reimbursement_type AS originalReimbursementType, source_file AS sourceFile, source_line AS sourceLine
       FROM reimbursements
       WHERE store_id = ? AND (reason_category IN ('WarehouseLost', 'WarehouseDamaged', 'CustomerReturn', 'ReimbursementCancellation'))
       ORDER BY reimbursed_at, id`
    )
    .all(storeId) as ClaimReimbursement[]
}
