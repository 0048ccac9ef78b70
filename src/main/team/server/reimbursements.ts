/**
 * Reimbursements on the team server (PostgreSQL): `reimbursements.import` (a command: an uploaded
 * report file → rows), and the reads `reimbursements.list`, `reimbursements.summary` and
 * `reimbursements.exportCsv` in the contract's shapes.
 *
 * Import: the file (by its SHA-256, `files.ts`) is parsed with the desktop's parser
 * (`amazon/reports/reimbursements.ts`) and streamed by COPY into a temporary staging table, then
 * settled with ONE `INSERT … SELECT DISTINCT ON (line) … ON CONFLICT DO UPDATE … WHERE changed`:
 * a new line is inserted, a changed line updated, an unchanged line left alone — so importing the
 * same file again changes nothing. A line the file repeats is counted once and listed (as on the
 * desktop). A line the parser rejects (not a date, not an amount in the currency, …) refuses the
 * whole command with every such line's file, line, column and reason, and nothing is written:
 * the team's copy never holds half a file. Money stays integer minor units (bigint) + currency.
 *
 * Clients' copies: an import records ONE change (`reimbursements.import`, its summary), not a
 * change per row — a million-row report must not travel through the change log. Desktops read
 * the rows through the server (list, summary, export) when online.
 *
 * What the server does not have (yet): the products catalog (marketplace, parent ASIN, image) and
 * the orders' status for a row — those fields are null here, and a parent-ASIN filter matches
 * nothing.
 */
import { Readable } from 'node:stream'
import { sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import {
  LIST_COUNT_CAP,
  type ReasonCategory,
  type ReimbursementFilter,
  type ReimbursementImportSummary,
  type ReimbursementListInput,
  type ReimbursementRow,
  type ReimbursementSort,
  type ReimbursementSummary
} from '../../../shared/contract/reimbursements'
import type { FileImportInput } from '../../../shared/contract/imports'
import type { Money } from '../../../shared/money'
import { openReimbursementsReport, type ReimbursementRecord } from '../../amazon/reports/reimbursements'
import { AppError } from '../../errors'
import { csvLine, EXPORT_CSV_HEADER, exportCsvRow, initiatedBy, lineKey } from '../../reimbursements/rules'
import type { TeamDb, TeamTx } from '../pg/db'
import { teamReimbursementImports } from '../pg/schema'
import { copyInto, copyLine } from './copy'
import { readFile } from './files'
import type { CommandContext } from './ledger'
import { getStore } from './stores'
import type { TeamDomain } from './types'

type Filter = z.output<typeof ReimbursementFilter>
type Sort = z.output<typeof ReimbursementSort>
type ListInput = z.output<typeof ReimbursementListInput>
type ImportInput = z.output<typeof FileImportInput>

const JP = 'A1VC38T7YXB528'
const STAGE = 'reimbursement_stage'

/** Staging columns, in COPY order (the parsed record as the table stores it, plus the file line). */
const STAGE_COLUMNS = [
  ['line', 'integer'],
  ['reimbursement_id', 'text'],
  ['line_key', 'text'],
  ['approved_at', 'timestamptz'],
  ['reimbursed_at', 'timestamptz'],
  ['time_from_approval', 'boolean'],
  ['case_id', 'text'],
  ['amazon_order_id', 'text'],
  ['reason', 'text'],
  ['reason_category', 'text'],
  ['sku', 'text'],
  ['fnsku', 'text'],
  ['asin', 'text'],
  ['product_name', 'text'],
  ['condition', 'text'],
  ['currency', 'text'],
  ['amount_per_unit_minor', 'bigint'],
  ['amount_total_minor', 'bigint'],
  ['quantity_cash', 'integer'],
  ['quantity_inventory', 'integer'],
  ['quantity_total', 'integer'],
  ['original_reimbursement_id', 'text'],
  ['original_reimbursement_type', 'text'],
  ['raw', 'text']
] as const

/** Columns compared to decide "changed" (the line key covers sku, fnsku, reason, order id, original id), as on the desktop (reimbursements/rows.ts). */
const COMPARED = [
  'approved_at',
  'reimbursed_at',
  'time_from_approval',
  'case_id',
  'reason_category',
  'asin',
  'product_name',
  'condition',
  'currency',
  'amount_per_unit_minor',
  'amount_total_minor',
  'quantity_cash',
  'quantity_inventory',
  'quantity_total',
  'original_reimbursement_type'
] as const

/** The record as a staging line (COPY text format). */
function stageLine(r: ReimbursementRecord): string {
  return copyLine([
    r.line,
    r.reimbursementId,
    lineKey(r),
    r.approvedAt,
    r.reimbursedAt,
    r.timeFromApproval,
    r.caseId,
    r.amazonOrderId,
    r.reason,
    r.reasonCategory,
    r.sku,
    r.fnsku,
    r.asin,
    r.productName,
    r.condition,
    r.currency,
    r.amountPerUnitMinor,
    r.amountTotalMinor,
    r.quantityCash,
    r.quantityInventory,
    r.quantityTotal,
    r.originalReimbursementId,
    r.originalReimbursementType,
    r.raw
  ])
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')

/** The 1-based column a rejection reason names (its first word is the column's name), or null. */
function columnOf(header: string[], reason: string): { column: number; name: string } | null {
  const r = norm(reason)
  let best: { column: number; name: string } | null = null
  header.forEach((h, i) => {
    const n = norm(h)
    if (n && (r.startsWith(`${n}-`) || r === n) && (!best || n.length > norm(best.name).length)) best = { column: i + 1, name: h }
  })
  return best
}

/**
 * The file in 64 KiB blocks, as the desktop reads a file (reimbursements/rows.ts hashedBytes): the
 * parser yields the rows of one block at a time, so only a block's rows are alive at once.
 */
function* blocksOf(bytes: Buffer): Generator<Buffer> {
  for (let o = 0; o < bytes.length; o += 1 << 16) yield bytes.subarray(o, Math.min(bytes.length, o + (1 << 16)))
}

export type RejectedLine = { line: number; column: number | null; columnName: string | null; reason: string }

/** Phases of the last import (ms since it began) — the bench prints them. */
export const lastImportPhases: [string, number][] = []

export async function importReimbursements(input: ImportInput, ctx: Pick<CommandContext, 'tx' | 'actor' | 'commandId' | 'now' | 'record'>) {
  const { tx } = ctx
  const t0 = performance.now()
  lastImportPhases.length = 0
  const phase = (name: string) => lastImportPhases.push([name, Math.round(performance.now() - t0)])
  const store = await getStore(tx, input.storeId)
  const file = await readFile(tx, input.fileId)
  const report = await openReimbursementsReport(Readable.from(blocksOf(file.bytes)), {
    file: file.name,
    japanese: store.marketplaceIds.includes(JP)
  })
  phase('read file')

  await tx.execute(sql.raw(`CREATE TEMP TABLE ${STAGE} (${STAGE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DROP`))
  const rejected: RejectedLine[] = []
  let rejectedCount = 0
  let staged = 0
  let fromApproval = 0
  const totals = new Map<string, number>()
  async function* blocks(): AsyncGenerator<string> {
    for await (const batch of report.batches) {
      let text = ''
      for (const item of batch) {
        if (item.kind === 'rejected') {
          rejectedCount++
          if (rejected.length < Math.max(input.detailLimit, 1)) {
            const col = columnOf(report.header, item.reason)
            rejected.push({ line: item.line, column: col?.column ?? null, columnName: col?.name ?? null, reason: item.reason })
          }
          continue
        }
        // After a bad line nothing will be written: keep reading only to list every bad line.
        if (rejectedCount > 0) continue
        const r = item.row
        text += stageLine(r)
        staged++
        if (r.timeFromApproval) fromApproval++
        totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.amountTotalMinor)
      }
      if (text) yield text
    }
  }
  await copyInto(tx, `${STAGE} (${STAGE_COLUMNS.map(([c]) => c).join(', ')})`, blocks())
  phase('copy')

  if (rejectedCount > 0) {
    const first = rejected[0]!
    const where = (r: RejectedLine) => `line ${r.line}${r.column ? `, column ${r.column} (${r.columnName})` : ''}`
    throw new AppError(
      'VALIDATION',
      `${file.name}: ${rejectedCount === 1 ? 'a line' : `${rejectedCount} lines`} cannot be imported, so nothing was imported. ${where(first)}: ${first.reason}${rejectedCount > 1 ? ` (and ${rejectedCount - 1} more)` : ''}. Correct the file and import it again.`,
      { file: file.name, rejectedCount, rejected }
    )
  }

  const now = ctx.now.toISOString()
  const [imp] = await tx
    .insert(teamReimbursementImports)
    .values({
      storeId: store.id,
      fileName: file.name,
      sha256: input.fileId.toLowerCase(),
      encoding: report.encoding,
      header: report.header,
      rows: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      commandId: ctx.commandId,
      importedBy: ctx.actor.userId,
      importedAt: ctx.now
    })
    .returning({ id: teamReimbursementImports.id })
  const importId = imp!.id

  // Lines the file repeats: counted once (the first is kept), listed as on the desktop. Only
  // looked for when there are any (a hash aggregate, cheaper than the window query below).
  const dupLines: { line: number; reason: string }[] = []
  let dupCount = 0
  const [hasDup] = (
    await tx.execute<{ d: boolean }>(
      sql.raw(`SELECT EXISTS (SELECT 1 FROM ${STAGE} GROUP BY reimbursement_id, line_key HAVING count(*) > 1) AS d`)
    )
  ).rows
  if (hasDup?.d) {
    const cmp = COMPARED.join(', ')
    const dups = (
      await tx.execute<{
        line: number
        first_line: number
        same: boolean
        reimbursement_id: string
        sku: string
        currency: string
        amount: string
        tfa: boolean
      }>(
        sql.raw(`WITH d AS (
          SELECT line, reimbursement_id, sku, currency, amount_total_minor AS amount, time_from_approval AS tfa,
            first_value(line) OVER w AS first_line,
            md5(row(${cmp})::text) = first_value(md5(row(${cmp})::text)) OVER w AS same
          FROM ${STAGE} WINDOW w AS (PARTITION BY reimbursement_id, line_key ORDER BY line))
        DELETE FROM ${STAGE} s USING d WHERE s.line = d.line AND d.line <> d.first_line
        RETURNING d.line, d.first_line, d.same, d.reimbursement_id, d.sku, d.currency, d.amount::text AS amount, d.tfa`)
      )
    ).rows.sort((a, b) => a.line - b.line)
    for (const d of dups) {
      dupCount++
      staged--
      totals.set(d.currency, totals.get(d.currency)! - Number(d.amount))
      if (d.tfa) fromApproval--
      if (dupLines.length < input.detailLimit)
        dupLines.push({
          line: d.line,
          reason: d.same
            ? `duplicate of line ${d.first_line} (reimbursement-id ${d.reimbursement_id}, sku ${d.sku}): counted once`
            : `same reimbursement line as line ${d.first_line} (reimbursement-id ${d.reimbursement_id}, sku ${d.sku}) but different values: line ${d.first_line} was kept`
        })
    }
    phase('duplicates')
  }

  const cols = STAGE_COLUMNS.map(([c]) => c).filter((c) => c !== 'line')
  const settled = (
    await tx.execute<{ inserted: string; updated: string }>(
      sql.raw(`WITH up AS (
        INSERT INTO reimbursements AS r (store_id, ${cols.join(', ')}, import_id, source_file, source_line, created_at, updated_at)
        SELECT ${lit(store.id)}, ${cols.join(', ')}, ${importId}, ${lit(file.name)}, line, ${lit(now)}, ${lit(now)}
        FROM ${STAGE} ORDER BY reimbursement_id, line_key
        ON CONFLICT (store_id, reimbursement_id, line_key) DO UPDATE SET
          ${COMPARED.map((c) => `${c} = excluded.${c}`).join(', ')}, raw = excluded.raw,
          import_id = excluded.import_id, source_file = excluded.source_file, source_line = excluded.source_line, updated_at = excluded.updated_at
        WHERE (${COMPARED.map((c) => `r.${c}`).join(', ')}) IS DISTINCT FROM (${COMPARED.map((c) => `excluded.${c}`).join(', ')})
        RETURNING (xmax = 0) AS ins)
      SELECT count(*) FILTER (WHERE ins) AS inserted, count(*) FILTER (WHERE NOT ins) AS updated FROM up`)
    )
  ).rows[0]!
  const inserted = Number(settled.inserted)
  const updated = Number(settled.updated)
  const unchanged = staged - inserted - updated
  phase('settle')

  // Each reversal points to its original (the same rule as the desktop's import).
  if (inserted + updated > 0)
    await tx.execute(sql`UPDATE reimbursements AS x SET original_row_id = (
        SELECT o.id FROM reimbursements o
        WHERE o.store_id = x.store_id AND o.reimbursement_id = x.original_reimbursement_id AND o.id <> x.id
        ORDER BY (o.sku = x.sku) DESC, (o.reason = x.original_reimbursement_type) DESC, o.id LIMIT 1)
      WHERE x.store_id = ${store.id} AND x.original_reimbursement_id IS NOT NULL AND x.original_row_id IS NULL`)
  phase('links')

  const [previous] = (
    await tx.execute<{ at: Date; file: string }>(
      sql`SELECT imported_at AS at, file_name AS file FROM reimbursement_imports
          WHERE store_id = ${store.id} AND sha256 = ${input.fileId.toLowerCase()} AND id <> ${importId} ORDER BY id LIMIT 1`
    )
  ).rows
  const rows = staged + dupCount
  await tx.execute(
    sql`UPDATE reimbursement_imports SET rows = ${rows}, inserted = ${inserted}, updated = ${updated}, unchanged = ${unchanged}, rejected = ${dupCount} WHERE id = ${importId}`
  )
  const summary: ReimbursementImportSummary = {
    file: file.name,
    encoding: report.encoding,
    ...(report.encodingEvidence ? { encodingEvidence: report.encodingEvidence } : {}),
    sha256: input.fileId.toLowerCase(),
    alreadyImported: previous ? { at: new Date(previous.at).toISOString(), file: previous.file } : null,
    rows,
    inserted,
    updated,
    unchanged,
    rejectedCount: dupCount,
    rejected: dupLines,
    timeFromApproval: fromApproval,
    totals: [...totals.entries()]
      .filter(([, v]) => staged > 0 || v !== 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amountMinor]): Money => ({ currency, amountMinor })),
    committed: true
  }
  // One change per import, not per row (see the file comment).
  const { rejected: _listed, ...brief } = summary
  await ctx.record([
    {
      storeId: store.id,
      entity: 'reimbursements.import',
      key: String(importId),
      op: 'upsert',
      data: { id: importId, ...brief, importedAt: now, importedBy: ctx.actor.name }
    }
  ])
  phase('recorded')
  return summary
}

/** A SQL string literal (values that are the same for every row of the INSERT … SELECT, from trusted places: store id, file name, time). */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`

// ------------------------------------------------------------------ reads

const SORT_SQL: Record<Sort['sortBy'], string> = {
  reimbursedAt: 'r.reimbursed_at',
  amountTotal: 'r.amount_total_minor',
  reimbursementId: 'r.reimbursement_id',
  sku: 'r.sku'
}
const ALL_REASONS = 7

const dayStart = (d: string) => `${d}T00:00:00.000Z`
const nextDayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString()

function where(f: Filter): SQL {
  const w: SQL[] = []
  if (f.storeId) w.push(sql`r.store_id = ${f.storeId}`)
  if (f.from) w.push(sql`r.reimbursed_at >= ${dayStart(f.from)}::timestamptz`)
  if (f.to) w.push(sql`r.reimbursed_at < ${nextDayStart(f.to)}::timestamptz`)
  if (f.reasons && f.reasons.length > 0 && f.reasons.length < ALL_REASONS)
    w.push(
      sql`r.reason_category IN (${sql.join(
        f.reasons.map((r) => sql`${r}`),
        sql`, `
      )})`
    )
  if (f.reimbursementId) w.push(sql`r.reimbursement_id = ${f.reimbursementId}`)
  if (f.orderId) w.push(sql`r.amazon_order_id = ${f.orderId}`)
  if (f.sku) w.push(sql`r.sku = ${f.sku}`)
  if (f.asin) w.push(sql`r.asin = ${f.asin}`)
  // No products catalog on the server: no row is known to have a parent ASIN.
  if (f.parentAsin) w.push(sql`false`)
  return w.length ? sql`WHERE ${sql.join(w, sql` AND `)}` : sql``
}

const orderBy = (s: Sort): SQL => {
  const dir = s.sortDir === 'asc' ? 'ASC' : 'DESC'
  return sql.raw(`ORDER BY ${SORT_SQL[s.sortBy]} ${dir}, r.id ${dir}`)
}

type DbRow = {
  id: string
  store_id: string
  store_name: string | null
  reimbursed_at: Date
  time_from_approval: boolean
  approved_at: Date
  reimbursement_id: string
  case_id: string | null
  amazon_order_id: string | null
  reason: string
  reason_category: string
  sku: string
  fnsku: string | null
  asin: string | null
  product_name: string | null
  condition: string | null
  currency: string
  amount_per_unit_minor: string | null
  amount_total_minor: string
  quantity_cash: number
  quantity_inventory: number
  quantity_total: number
  original_reimbursement_id: string | null
  original_reimbursement_type: string | null
  original_row_id: string | null
  source_file: string | null
  source_line: number | null
}

const ROW_SELECT = sql.raw(`SELECT r.id, r.store_id, s.name AS store_name, r.reimbursed_at, r.time_from_approval, r.approved_at,
  r.reimbursement_id, r.case_id, r.amazon_order_id, r.reason, r.reason_category, r.sku, r.fnsku, r.asin, r.product_name, r.condition,
  r.currency, r.amount_per_unit_minor, r.amount_total_minor, r.quantity_cash, r.quantity_inventory, r.quantity_total,
  r.original_reimbursement_id, r.original_reimbursement_type, r.original_row_id, r.source_file, r.source_line
  FROM reimbursements r LEFT JOIN team_stores s ON s.id = r.store_id`)

const num = (v: string | number | null): number | null => (v === null ? null : Number(v))

function toRow(d: DbRow): ReimbursementRow {
  return {
    id: Number(d.id),
    storeId: d.store_id,
    storeName: d.store_name ?? '',
    marketplace: null,
    reimbursedAt: new Date(d.reimbursed_at).toISOString(),
    timeFromApproval: d.time_from_approval,
    approvedAt: new Date(d.approved_at).toISOString(),
    reimbursementId: d.reimbursement_id,
    caseId: d.case_id,
    amazonOrderId: d.amazon_order_id,
    reason: d.reason,
    reasonCategory: d.reason_category as ReasonCategory,
    orderStatus: null,
    sku: d.sku,
    fnsku: d.fnsku,
    asin: d.asin,
    parentAsin: null,
    title: d.product_name,
    imageUrl: null,
    condition: d.condition,
    currency: d.currency,
    amountPerUnitMinor: num(d.amount_per_unit_minor),
    amountTotalMinor: Number(d.amount_total_minor),
    quantityCash: d.quantity_cash,
    quantityInventory: d.quantity_inventory,
    quantityTotal: d.quantity_total,
    originalReimbursementId: d.original_reimbursement_id,
    originalReimbursementType: d.original_reimbursement_type,
    originalRowId: num(d.original_row_id),
    initiatedBy: initiatedBy(d.case_id),
    source: 'file',
    sourceFile: d.source_file,
    sourceLine: d.source_line
  }
}

export async function listReimbursements(
  db: TeamDb | TeamTx,
  q: ListInput
): Promise<{ rows: ReimbursementRow[]; total: number; totalCapped: boolean }> {
  const w = where(q)
  const [{ n }] = (
    await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM reimbursements r ${w} LIMIT ${LIST_COUNT_CAP + 1}) c`)
  ).rows as [{ n: string }]
  const counted = Number(n)
  const rows = (
    await db.execute<DbRow>(sql`${ROW_SELECT} ${w} ${orderBy(q)} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`)
  ).rows.map(toRow)
  return { rows, total: Math.min(counted, LIST_COUNT_CAP), totalCapped: counted > LIST_COUNT_CAP }
}

export async function reimbursementsSummary(db: TeamDb | TeamTx, f: Filter): Promise<z.output<typeof ReimbursementSummary>> {
  const groups = (
    await db.execute<{ month: string; category: string; currency: string; amount: string; count: string }>(
      sql`SELECT to_char(r.reimbursed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, r.reason_category AS category, r.currency,
            sum(r.amount_total_minor)::text AS amount, count(*) AS count
          FROM reimbursements r ${where(f)} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
    )
  ).rows.map((g) => ({
    month: g.month,
    category: g.category as ReasonCategory,
    currency: g.currency,
    amountMinor: Number(g.amount),
    count: Number(g.count)
  }))
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

/** The CSV header of the desktop's export (reimbursements/service.ts), so both files read the same. */
const EXPORT_CHUNK = 5000

export async function exportReimbursementsCsv(
  db: TeamDb,
  q: Filter & Sort,
  now: Date = new Date()
): Promise<{ fileName: string; rows: number; csv: string }> {
  const lines = [csvLine([...EXPORT_CSV_HEADER])]
  let rows = 0
  // Read in pages so a large export does not hold every database row and its CSV at once.
  for (let offset = 0; ; offset += EXPORT_CHUNK) {
    const page = (await db.execute<DbRow>(sql`${ROW_SELECT} ${where(q)} ${orderBy(q)} LIMIT ${EXPORT_CHUNK} OFFSET ${offset}`)).rows
    for (const d of page) {
      lines.push(exportCsvRow(toRow(d)))
    }
    rows += page.length
    if (page.length < EXPORT_CHUNK) break
  }
  const stamp = now.toISOString().slice(0, 10)
  const scope = q.storeId ? `-${(await getStore(db, q.storeId)).name.replace(/[^\w.-]+/g, '_')}` : ''
  // As the desktop's export: a BOM so spreadsheet programs read UTF-8, CRLF lines.
  return { fileName: `reimbursements${scope}-${stamp}.csv`, rows, csv: `\uFEFF${lines.join('\r\n')}\r\n` }
}

export const reimbursementsDomain: TeamDomain = {
  name: 'reimbursements',
  commands: {
    'reimbursements.import': (input, ctx) => importReimbursements(input as ImportInput, ctx)
  },
  reads: {
    'reimbursements.list': (input, { db }) => listReimbursements(db, input as ListInput),
    'reimbursements.summary': (input, { db }) => reimbursementsSummary(db, input as Filter),
    'reimbursements.exportCsv': (input, { db }) => exportReimbursementsCsv(db, input as Filter & Sort)
  }
}
