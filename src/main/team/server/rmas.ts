/**
 * RMAs on the team server: `rmas.import` (a returns report uploaded to `team_files`),
 * `rmas.receive`, the reads `rmas.list` / `rmas.get`, and the scheduled download of the returns
 * report for each team store. A repository over the SAME rules as single-seat
 * (src/main/rmas/rma-rules.ts: planRma, planReceive) and the same parsers
 * (src/main/amazon/reports/returns.ts); only the storage differs (PostgreSQL, see
 * team/pg/schema/rmas.ts).
 *
 * Import: the file is parsed whole first (a file the parser refuses throws VALIDATION with file,
 * line and column; the ledger's savepoint keeps nothing), rows are grouped by Amazon RMA ID in
 * the order their first row appears (as single-seat's staging fallback does), each group goes
 * through planRma against what the store already has, and the new rows go into temporary staging
 * tables with COPY and from there into the tables with `insert … on conflict`, so a report
 * imported again (or by two people at once — imports of one store are serialised by an advisory
 * lock) creates nothing twice.
 *
 * Every RMA a command or the download touches is recorded in the change log with its detail (the
 * `rmas.get` shape), so a desktop can keep a local copy and read it offline.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { z } from 'zod'
import {
  rmaDisplayStatus,
  rmas as rmasContract,
  type ImportSummary,
  type RmaDetail,
  type RmaRow,
  type RmaStatus
} from '../../../shared/contract/rmas'
import { openReturnsReportSync, rawExtras, type ReturnRow } from '../../amazon/reports/returns'
import { worseText } from '../../amazon/reports/tabular'
import { AppError } from '../../errors'
import { downloadWindow, RMA_DOWNLOAD_INTERVAL_MS, RMA_REPORT_TYPE, type ReportClient } from '../../rmas/download.job'
import {
  FBA_SKIP_REASON,
  INITIAL_STATUS,
  planReceive,
  planRma,
  receiptDetail,
  REPORT_UPDATABLE_FIELDS,
  RESOLUTION,
  type ExistingRma,
  type KitComponent,
  type NewItem,
  type RmaFields,
  type Skip
} from '../../rmas/rma-rules'
import type { TeamDb, TeamTx } from '../pg/db'
import { recordChanges, type ChangeInput } from './changes'
import type { CommandContext } from './ledger'
import type { TeamDomain, TeamJobDeps, TeamJobs } from './types'

type Q = Pick<pg.PoolClient, 'query'>
type ImportInput = z.output<(typeof rmasContract)['rmas.import']['input']>
type ReceiveInput = z.output<(typeof rmasContract)['rmas.receive']['input']>
type ListInput = z.output<(typeof rmasContract)['rmas.list']['input']>

/**
 * The pg connection under a drizzle transaction (or savepoint), for COPY and the bulk SQL. drizzle
 * has no COPY; its node-postgres session keeps the checked-out client as `client`.
 */
function clientOf(tx: TeamTx): pg.PoolClient {
  const client = (tx as unknown as { session?: { client?: pg.PoolClient } }).session?.client
  if (!client || typeof client.query !== 'function') throw new AppError('INTERNAL', 'no PostgreSQL connection under this transaction')
  return client
}

/** COPY text format (PostgreSQL docs, "COPY — File Formats — Text Format"): \N is null; \, tab, CR, LF escaped. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N'
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

function* copyLines(rows: readonly unknown[][]): Generator<string> {
  let buf = ''
  for (const r of rows) {
    buf += r.map(copyField).join('\t') + '\n'
    if (buf.length >= 1 << 16) {
      yield buf
      buf = ''
    }
  }
  if (buf) yield buf
}

/** A temporary staging table (dropped at commit, or with a rolled-back savepoint) filled by COPY. */
async function stage(client: pg.PoolClient, table: string, columns: [string, string][], rows: readonly unknown[][]): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS pg_temp.${table}`)
  await client.query(`CREATE TEMP TABLE ${table} (${columns.map(([n, t]) => `${n} ${t}`).join(', ')}) ON COMMIT DROP`)
  if (rows.length === 0) return
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map(([n]) => n).join(', ')}) FROM STDIN`))
  await pipeline(Readable.from(copyLines(rows)), stream)
}

/**
 * The bytes of an uploaded file: `team_files.content` keeps them base64-encoded (the server's
 * upload, team/server/files.ts), so a report in any encoding comes back byte for byte and the
 * parser decides the encoding as on the desktop.
 */
export const fileBytes = (content: string): Buffer => Buffer.from(content, 'base64')

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString())

// ---------------------------------------------------------------- reading RMAs

type RmaDbRow = {
  id: string | number
  store_id: string
  store_name: string
  amazon_order_id: string
  order_source_rma_id: string
  merchant_rma_id: string | null
  status: RmaStatus
  resolution: string
  return_request_status: string
  return_request_date: string | null
  order_date: string | null
  amazon_resolution: string | null
  return_type: string | null
  returnless: boolean
  tracking_id: string | null
  carrier: string | null
  label_type: string | null
  label_paid_by: string | null
  currency: string | null
  label_cost_minor: string | number | null
  order_amount_minor: string | number | null
  refunded_amount_minor: string | number | null
  source: string
  source_file: string | null
  source_line: number | null
  created_at: Date
  updated_at: Date
}
const num = (v: string | number | null): number | null => (v === null ? null : Number(v))

const RMA_COLUMNS = `r.id, r.store_id, s.name AS store_name, r.amazon_order_id, r.order_source_rma_id, r.merchant_rma_id, r.status,
  r.resolution, r.return_request_status, r.return_request_date, r.order_date, r.amazon_resolution, r.return_type, r.returnless,
  r.tracking_id, r.carrier, r.label_type, r.label_paid_by, r.currency, r.label_cost_minor, r.order_amount_minor,
  r.refunded_amount_minor, r.source, r.source_file, r.source_line, r.created_at, r.updated_at`

function toRow(r: RmaDbRow, skus: string[], quantity: number, received: number): RmaRow {
  // The refund/cancel queue is the orders domain's on the server: no refund state is linked here yet.
  return {
    id: Number(r.id),
    storeId: r.store_id,
    storeName: r.store_name,
    amazonOrderId: r.amazon_order_id,
    orderSourceRmaId: r.order_source_rma_id,
    status: r.status,
    returnRequestStatus: r.return_request_status,
    returnRequestDate: r.return_request_date,
    trackingId: r.tracking_id,
    carrier: r.carrier,
    returnless: r.returnless,
    skus,
    quantity,
    receivedQuantity: received,
    currency: r.currency,
    refundedAmountMinor: num(r.refunded_amount_minor),
    refund: null,
    displayStatus: rmaDisplayStatus(r.status, null),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString()
  }
}

type HistoryEntry = RmaDetail['history'][number] & { actor: string | null; issuedAt: string | null }
type Item = RmaDetail['items'][number] & { receivedBy: string | null }

/** Details of RMAs by id (the `rmas.get` shape), in a few queries whatever the count. */
export async function rmaDetails(q: Q, ids: readonly number[]): Promise<Map<number, RmaDetail>> {
  const out = new Map<number, RmaDetail>()
  if (ids.length === 0) return out
  const rows = (
    await q.query<RmaDbRow>(
      `SELECT ${RMA_COLUMNS} FROM team_rmas r JOIN team_stores s ON s.id = r.store_id WHERE r.id = ANY($1::bigint[]) ORDER BY r.id`,
      [ids]
    )
  ).rows
  const items = new Map<number, Item[]>()
  for (const i of (
    await q.query<{
      id: string
      rma_id: string
      sku: string
      source_sku: string
      parent_sku: string | null
      asin: string | null
      item_name: string | null
      quantity: number
      reason: string | null
      currency: string | null
      refund_amount_minor: string | null
      received_quantity: number
      condition: string | null
      received_at: Date | null
      received_by: string | null
      source_line: number | null
    }>(
      `SELECT id, rma_id, sku, source_sku, parent_sku, asin, item_name, quantity, reason, currency, refund_amount_minor,
              received_quantity, condition, received_at, received_by, source_line
       FROM team_rma_items WHERE rma_id = ANY($1::bigint[]) ORDER BY id`,
      [ids]
    )
  ).rows) {
    const l = items.get(Number(i.rma_id)) ?? []
    l.push({
      id: Number(i.id),
      sku: i.sku,
      sourceSku: i.source_sku,
      parentSku: i.parent_sku,
      asin: i.asin,
      itemName: i.item_name,
      quantity: i.quantity,
      reason: i.reason,
      currency: i.currency,
      refundAmountMinor: num(i.refund_amount_minor),
      receivedQuantity: i.received_quantity,
      condition: i.condition,
      receivedAt: iso(i.received_at),
      receivedBy: i.received_by,
      sourceLine: i.source_line
    })
    items.set(Number(i.rma_id), l)
  }
  const notes = new Map<number, RmaDetail['notes']>()
  for (const n of (
    await q.query<{ id: string; rma_id: string; kind: string; body: string; created_at: Date }>(
      'SELECT id, rma_id, kind, body, created_at FROM team_rma_notes WHERE rma_id = ANY($1::bigint[]) ORDER BY id',
      [ids]
    )
  ).rows) {
    const l = notes.get(Number(n.rma_id)) ?? []
    l.push({ id: Number(n.id), kind: n.kind, body: n.body, createdAt: n.created_at.toISOString() })
    notes.set(Number(n.rma_id), l)
  }
  const history = new Map<number, HistoryEntry[]>()
  for (const h of (
    await q.query<{
      id: string
      rma_id: string
      event: string
      from_status: string | null
      to_status: string | null
      detail: string | null
      at: Date
      actor: string | null
      issued_at: Date | null
    }>(
      `SELECT id, rma_id, event, from_status, to_status, detail, at, actor, issued_at
       FROM team_rma_history WHERE rma_id = ANY($1::bigint[]) ORDER BY id`,
      [ids]
    )
  ).rows) {
    const l = history.get(Number(h.rma_id)) ?? []
    l.push({
      id: Number(h.id),
      event: h.event,
      fromStatus: h.from_status,
      toStatus: h.to_status,
      detail: h.detail,
      at: h.at.toISOString(),
      actor: h.actor,
      issuedAt: iso(h.issued_at)
    })
    history.set(Number(h.rma_id), l)
  }
  const fba = new Map<string, RmaDetail['fbaReturns']>()
  if (rows.length > 0) {
    for (const f of (
      await q.query<{
        store_id: string
        amazon_order_id: string
        return_date: string
        sku: string
        quantity: number
        disposition: string | null
        status: string | null
        license_plate_number: string
      }>(
        `SELECT store_id, amazon_order_id, return_date, sku, quantity, disposition, status, license_plate_number
         FROM team_fba_customer_returns
         WHERE (store_id, amazon_order_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
         ORDER BY return_date, id`,
        [rows.map((r) => r.store_id), rows.map((r) => r.amazon_order_id)]
      )
    ).rows) {
      const k = `${f.store_id}\u0000${f.amazon_order_id}`
      const l = fba.get(k) ?? []
      l.push({
        returnDate: f.return_date,
        sku: f.sku,
        quantity: f.quantity,
        disposition: f.disposition,
        status: f.status,
        licensePlateNumber: f.license_plate_number
      })
      fba.set(k, l)
    }
  }
  for (const r of rows) {
    const id = Number(r.id)
    const its = items.get(id) ?? []
    out.set(id, {
      ...toRow(
        r,
        [...new Set(its.map((i) => i.sku))],
        its.reduce((s, i) => s + i.quantity, 0),
        its.reduce((s, i) => s + i.receivedQuantity, 0)
      ),
      // Orders are the orders domain's on the server: the RMA knows its order by Amazon's id.
      orderId: r.amazon_order_id,
      merchantRmaId: r.merchant_rma_id,
      resolution: r.resolution,
      amazonResolution: r.amazon_resolution,
      returnType: r.return_type,
      orderDate: r.order_date,
      labelType: r.label_type,
      labelPaidBy: r.label_paid_by,
      labelCostMinor: num(r.label_cost_minor),
      orderAmountMinor: num(r.order_amount_minor),
      source: r.source,
      sourceFile: r.source_file,
      sourceLine: r.source_line,
      orderIsMinimal: true,
      items: its,
      notes: notes.get(id) ?? [],
      history: history.get(id) ?? [],
      refunds: [],
      fbaReturns: fba.get(`${r.store_id}\u0000${r.amazon_order_id}`) ?? []
    })
  }
  return out
}

/** Records each RMA's detail in the change log (chunked: one INSERT has at most 65,535 parameters). */
async function recordRmas(q: Q, ids: readonly number[], record: (c: ChangeInput[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < ids.length; i += 2000) {
    const details = await rmaDetails(q, ids.slice(i, i + 2000))
    await record([...details.values()].map((d) => ({ storeId: d.storeId, entity: 'rma', key: String(d.id), op: 'upsert', data: d })))
  }
}

/** LIKE pattern for "contains", the user's wildcards escaped (as single-seat's `contains`). */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export async function listRmas(q: Q, input: ListInput): Promise<{ rows: RmaRow[]; total: number }> {
  const where: string[] = []
  const params: unknown[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (input.storeId) where.push(`r.store_id = ${p(input.storeId)}`)
  // No refund is linked to an RMA on the server yet (see toRow): Refunded is the stored status, and
  // nothing is on its way.
  if (input.status === 'RefundPending') where.push('false')
  else if (input.status) where.push(`r.status = ${p(input.status)}`)
  if (input.from) where.push(`r.return_request_date >= ${p(input.from)}`)
  if (input.to) where.push(`substr(r.return_request_date, 1, 10) <= ${p(input.to)}`)
  if (input.orderId) where.push(`r.amazon_order_id ILIKE ${p(containsPattern(input.orderId))}`)
  if (input.tracking) where.push(`r.tracking_id ILIKE ${p(containsPattern(input.tracking))}`)
  if (input.rmaNumber) {
    const byId = /^\d+$/.test(input.rmaNumber) && input.rmaNumber.length < 16 ? ` OR r.id = ${p(Number(input.rmaNumber))}` : ''
    where.push(`(r.order_source_rma_id ILIKE ${p(containsPattern(input.rmaNumber))}${byId})`)
  }
  if (input.sku) {
    const pat = p(containsPattern(input.sku))
    where.push(`EXISTS (SELECT 1 FROM team_rma_items i WHERE i.rma_id = r.id AND (i.sku ILIKE ${pat} OR i.source_sku ILIKE ${pat}))`)
  }
  const cond = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const total = Number((await q.query<{ n: string }>(`SELECT count(*) AS n FROM team_rmas r ${cond}`, params)).rows[0]!.n)
  const sort = { id: 'r.id', returnRequestDate: 'r.return_request_date', status: 'r.status', amazonOrderId: 'r.amazon_order_id' }[
    input.sortBy
  ]
  const dir = input.sortDir === 'asc' ? 'ASC' : 'DESC'
  const rows = (
    await q.query<RmaDbRow & { skus: string[] | null; quantity: string; received: string }>(
      `SELECT ${RMA_COLUMNS},
         (SELECT array_agg(DISTINCT i.sku ORDER BY i.sku) FROM team_rma_items i WHERE i.rma_id = r.id) AS skus,
         (SELECT coalesce(sum(i.quantity), 0) FROM team_rma_items i WHERE i.rma_id = r.id) AS quantity,
         (SELECT coalesce(sum(i.received_quantity), 0) FROM team_rma_items i WHERE i.rma_id = r.id) AS received
       FROM team_rmas r JOIN team_stores s ON s.id = r.store_id ${cond}
       ORDER BY ${sort} ${dir} NULLS LAST, r.id DESC
       LIMIT ${p(input.pageSize)} OFFSET ${p((input.page - 1) * input.pageSize)}`,
      params
    )
  ).rows
  return { rows: rows.map((r) => toRow(r, r.skus ?? [], Number(r.quantity), Number(r.received))), total }
}

// ---------------------------------------------------------------- import

export type ImportReturnsOptions = {
  storeId: string
  bytes: Buffer
  fileName: string
  /** Charset from an HTTP Content-Type (the scheduled download). */
  charset?: string | null
  via: 'file' | 'download'
  detailLimit: number
  now: Date
  /** Who: a team user's name, or null for the server's scheduled download. */
  actor: string | null
  commandId: string | null
  issuedAt: Date | null
  record: (changes: ChangeInput[]) => Promise<void>
}

/** Imports a returns report for a team store inside `tx`. Throws AppError (VALIDATION, NOT_FOUND) for a refused file. */
export async function importReturns(tx: TeamTx, o: ImportReturnsOptions): Promise<ImportSummary> {
  const client = clientOf(tx)
  const store = (await client.query<{ id: string }>('SELECT id FROM team_stores WHERE id = $1', [o.storeId])).rows[0]
  if (!store) throw new AppError('NOT_FOUND', `No team store ${o.storeId}`)
  // One import per store at a time: the plans below are made against what the store has.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('team_rmas.import'), hashtext($1))", [o.storeId])
  const settings = (
    await client.query<{ no_rma_for_returnless_refunds: boolean }>(
      'SELECT no_rma_for_returnless_refunds FROM team_rma_settings WHERE store_id = $1',
      [o.storeId]
    )
  ).rows[0]
  const noRmaForReturnlessRefunds = settings?.no_rma_for_returnless_refunds ?? false

  // Parse the whole file before writing anything: a refused file throws here.
  const report = openReturnsReportSync(o.bytes, { file: o.fileName, charset: o.charset ?? null })
  const summary: ImportSummary = {
    file: o.fileName,
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
  const groups = new Map<string, ReturnRow[]>()
  const fbaRows: ReturnRow[] = []
  try {
    for (const item of report.rows) {
      summary.rows++
      if (item.kind === 'rejected') {
        summary.rejectedCount++
        if (summary.rejected.length < o.detailLimit) summary.rejected.push({ line: item.line, reason: item.reason })
        continue
      }
      const r = item.row
      if (r.format === 'fba-customer-returns') fbaRows.push(r)
      else {
        const k = r.amazonRmaId ?? ''
        const g = groups.get(k)
        if (g) g.push(r)
        else groups.set(k, [r])
      }
    }
  } finally {
    report.close()
  }
  const skips: Skip[] = []

  // What the store already has for these RMA IDs (locked: a receipt waits for this import).
  const keys = [...groups.keys()]
  const existingRows = (
    await client.query<ExistingRma['fields'] & { id: string; orderSourceRmaId: string }>(
      `SELECT id, order_source_rma_id AS "orderSourceRmaId", return_request_status AS "returnRequestStatus", tracking_id AS "trackingId",
              carrier, label_type AS "labelType", label_paid_by AS "labelPaidBy", return_type AS "returnType",
              amazon_resolution AS "amazonResolution", return_request_date AS "returnRequestDate", merchant_rma_id AS "merchantRmaId",
              refunded_amount_minor AS "refundedAmountMinor", currency
       FROM team_rmas WHERE store_id = $1 AND order_source_rma_id = ANY($2::text[]) FOR UPDATE`,
      [o.storeId, keys]
    )
  ).rows
  const existing = new Map<string, ExistingRma>()
  for (const e of existingRows) {
    const { id, orderSourceRmaId, ...fields } = e
    existing.set(orderSourceRmaId, {
      id: Number(id),
      fields: { ...fields, refundedAmountMinor: num(fields.refundedAmountMinor) },
      itemSourceSkus: new Set(),
      trackingNotes: new Set()
    })
  }
  if (existing.size > 0) {
    const byId = new Map([...existing.values()].map((e) => [e.id, e]))
    const ids = [...byId.keys()]
    for (const i of (
      await client.query<{ rma_id: string; s: string }>(
        'SELECT rma_id, source_sku AS s FROM team_rma_items WHERE rma_id = ANY($1::bigint[])',
        [ids]
      )
    ).rows)
      (byId.get(Number(i.rma_id))!.itemSourceSkus as Set<string>).add(i.s)
    for (const n of (
      await client.query<{ rma_id: string; body: string }>(
        "SELECT rma_id, body FROM team_rma_notes WHERE rma_id = ANY($1::bigint[]) AND kind = 'tracking'",
        [ids]
      )
    ).rows)
      (byId.get(Number(n.rma_id))!.trackingNotes as Set<string>).add(n.body)
  }
  const kits = new Map<string, KitComponent[]>()
  for (const k of (
    await client.query<{ parent_sku: string; component_sku: string; quantity: number }>(
      'SELECT parent_sku, component_sku, quantity FROM team_kits WHERE store_id = $1 ORDER BY id',
      [o.storeId]
    )
  ).rows) {
    const l = kits.get(k.parent_sku) ?? []
    l.push({ componentSku: k.component_sku, quantity: k.quantity })
    kits.set(k.parent_sku, l)
  }

  // The same rules as single-seat, group by group in file order.
  const creates: { rma: RmaFields; items: NewItem[]; notes: string[] }[] = []
  const updates: { id: number; key: string; changes: Partial<RmaFields>; detail: string; addItems: NewItem[]; notes: string[] }[] = []
  const sample = (
    action: 'create' | 'update',
    orderSourceRmaId: string,
    amazonOrderId: string,
    items: NewItem[],
    detail: string | null
  ) => {
    if (summary.sample.length < 20)
      summary.sample.push({ action, orderSourceRmaId, amazonOrderId, skus: [...new Set(items.map((i) => i.sku))], detail })
  }
  for (const [key, rows] of groups) {
    const ex = existing.get(key) ?? null
    const plan = planRma(rows, { existing: ex, noRmaForReturnlessRefunds, kits })
    skips.push(...plan.skipped)
    if (plan.action === 'create') {
      creates.push({ rma: plan.rma, items: plan.items, notes: plan.notes })
      sample('create', plan.rma.orderSourceRmaId, plan.rma.amazonOrderId, plan.items, null)
    } else if (plan.action === 'update') {
      updates.push({ id: ex!.id, key, changes: plan.changes, detail: plan.detail, addItems: plan.addItems, notes: plan.notes })
      sample('update', key, rows[0]!.orderId, plan.addItems, plan.detail)
    } else if (plan.action === 'unchanged') summary.unchanged++
  }

  const now = o.now
  const source = o.via === 'download' ? 'download' : summary.format === 'mfn-xml' ? 'mfn-xml' : 'mfn-flat'
  const who = [o.actor, o.commandId, o.issuedAt] as const

  // New RMAs: COPY into staging, then insert … on conflict (store, Amazon RMA ID) do nothing.
  await stage(
    client,
    'team_rma_stage',
    [
      ['ord', 'integer'],
      ['amazon_order_id', 'text'],
      ['order_source_rma_id', 'text'],
      ['merchant_rma_id', 'text'],
      ['return_request_status', 'text'],
      ['return_request_date', 'text'],
      ['order_date', 'text'],
      ['amazon_resolution', 'text'],
      ['return_type', 'text'],
      ['returnless', 'boolean'],
      ['tracking_id', 'text'],
      ['carrier', 'text'],
      ['label_type', 'text'],
      ['label_paid_by', 'text'],
      ['currency', 'text'],
      ['label_cost_minor', 'bigint'],
      ['order_amount_minor', 'bigint'],
      ['refunded_amount_minor', 'bigint'],
      ['source_line', 'integer']
    ],
    creates.map(({ rma: f }, i) => [
      i,
      f.amazonOrderId,
      f.orderSourceRmaId,
      f.merchantRmaId,
      f.returnRequestStatus,
      f.returnRequestDate,
      f.orderDate,
      f.amazonResolution,
      f.returnType,
      f.returnless,
      f.trackingId,
      f.carrier,
      f.labelType,
      f.labelPaidBy,
      f.currency,
      f.labelCostMinor,
      f.orderAmountMinor,
      f.refundedAmountMinor,
      f.sourceLine
    ])
  )
  const createdRows = creates.length
    ? (
        await client.query<{ id: string; key: string }>(
          `INSERT INTO team_rmas (store_id, amazon_order_id, order_source_rma_id, merchant_rma_id, status, resolution, return_request_status,
             return_request_date, order_date, amazon_resolution, return_type, returnless, tracking_id, carrier, label_type, label_paid_by,
             currency, label_cost_minor, order_amount_minor, refunded_amount_minor, source, source_file, source_line, created_at, updated_at)
           SELECT $1, amazon_order_id, order_source_rma_id, merchant_rma_id, $2, $3, return_request_status, return_request_date, order_date,
             amazon_resolution, return_type, returnless, tracking_id, carrier, label_type, label_paid_by, currency, label_cost_minor,
             order_amount_minor, refunded_amount_minor, $4, $5, source_line, $6, $6
           FROM team_rma_stage ORDER BY ord
           ON CONFLICT (store_id, order_source_rma_id) DO NOTHING
           RETURNING id, order_source_rma_id AS key`,
          [o.storeId, INITIAL_STATUS, RESOLUTION, source, o.fileName, now]
        )
      ).rows
    : []
  // The RMA each new row belongs to: its key in this store (a key another import created meanwhile is not here).
  const rmaIdOf = new Map(createdRows.map((r) => [r.key, Number(r.id)]))
  const created = [...rmaIdOf.values()]
  summary.created = created.length

  // Reported changes of RMAs the store has: the same columns single-seat updates.
  // Column names of the fields planRma may change (a fixed list: never a name from the file).
  const COLUMN = new Map<string, string>(REPORT_UPDATABLE_FIELDS.map((k) => [k, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]))
  for (const u of updates) {
    const sets = Object.entries(u.changes).filter(([k]) => COLUMN.has(k))
    const params: unknown[] = [u.id, now]
    const cols = sets.map(([k, v]) => {
      params.push(v)
      return `${COLUMN.get(k)!} = $${params.length}`
    })
    if (cols.length > 0) {
      params.push(o.fileName)
      cols.push(`source_file = $${params.length}`)
    }
    await client.query(`UPDATE team_rmas SET ${[...cols, 'updated_at = $2'].join(', ')} WHERE id = $1`, params)
    await client.query(
      `INSERT INTO team_rma_history (rma_id, event, detail, at, actor, command_id, issued_at) VALUES ($1, 'report-update', $2, $3, $4, $5, $6)`,
      [u.id, `${u.detail} (from ${o.fileName})`, now, ...who]
    )
  }
  summary.updated = updates.length

  // Items and tracking notes of new RMAs and items added to known ones, by COPY, joined on the RMA ID.
  for (const u of updates) rmaIdOf.set(u.key, u.id)
  const applied = [...created, ...updates.map((u) => u.id)]
  const itemRows: unknown[][] = []
  const noteRows: unknown[][] = []
  const addItems = (key: string, items: NewItem[]) => {
    const rmaId = rmaIdOf.get(key)
    if (rmaId !== undefined)
      for (const i of items)
        itemRows.push([
          itemRows.length,
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
          rawExtras(i.raw)
        ])
  }
  const addNotes = (key: string, notes: string[]) => {
    const rmaId = rmaIdOf.get(key)
    if (rmaId !== undefined) for (const n of notes) noteRows.push([noteRows.length, rmaId, n])
  }
  for (const c of creates) {
    addItems(c.rma.orderSourceRmaId, c.items)
    addNotes(c.rma.orderSourceRmaId, c.notes)
  }
  for (const u of updates) {
    addItems(u.key, u.addItems)
    addNotes(u.key, u.notes)
  }
  if (itemRows.length > 0) {
    await stage(
      client,
      'team_rma_item_stage',
      [
        ['seq', 'integer'],
        ['rma_id', 'bigint'],
        ['sku', 'text'],
        ['source_sku', 'text'],
        ['parent_sku', 'text'],
        ['asin', 'text'],
        ['item_name', 'text'],
        ['quantity', 'integer'],
        ['reason', 'text'],
        ['currency', 'text'],
        ['refund_amount_minor', 'bigint'],
        ['source_line', 'integer'],
        ['raw', 'jsonb']
      ],
      itemRows
    )
    await client.query(
      `INSERT INTO team_rma_items (rma_id, sku, source_sku, parent_sku, asin, item_name, quantity, reason, currency, refund_amount_minor,
         received_quantity, source_line, raw)
       SELECT rma_id, sku, source_sku, parent_sku, asin, item_name, quantity, reason, currency, refund_amount_minor, 0, source_line, raw
       FROM team_rma_item_stage ORDER BY seq`
    )
  }
  if (noteRows.length > 0) {
    await stage(
      client,
      'team_rma_note_stage',
      [
        ['seq', 'integer'],
        ['rma_id', 'bigint'],
        ['body', 'text']
      ],
      noteRows
    )
    await client.query(
      `INSERT INTO team_rma_notes (rma_id, kind, body, created_at)
       SELECT rma_id, 'tracking', body, $1 FROM team_rma_note_stage ORDER BY seq`,
      [now]
    )
  }
  if (created.length > 0)
    await client.query(
      `INSERT INTO team_rma_history (rma_id, event, from_status, to_status, detail, at, actor, command_id, issued_at)
       SELECT id, 'created', NULL, $2, $3 || source_line, $4, $5, $6, $7 FROM team_rmas WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [created, INITIAL_STATUS, `from ${o.fileName}, line `, now, ...who]
    )

  // FBA customer returns: kept for the order's history, never RMAs.
  const fba = await storeFbaReturns(client, o, fbaRows)
  summary.stored = fba.stored
  // RMAs of orders whose FBA returns changed: their detail (fbaReturns) changed too.
  const recorded = new Set(applied)
  if (fba.orders.length > 0)
    for (const r of (
      await client.query<{ id: string }>('SELECT id FROM team_rmas WHERE store_id = $1 AND amazon_order_id = ANY($2::text[]) ORDER BY id', [
        o.storeId,
        fba.orders
      ])
    ).rows)
      if (!recorded.has(Number(r.id))) applied.push(Number(r.id))
  for (const r of fbaRows) skips.push({ line: r.line, code: 'fba_informational', reason: FBA_SKIP_REASON })

  skips.sort((a, b) => a.line - b.line)
  summary.skippedCount = skips.length
  summary.skipped = skips.slice(0, o.detailLimit)
  await recordRmas(client, applied, o.record)
  summary.committed = true
  return summary
}

/** Upserts FBA customer returns; returns how many were new or changed (as single-seat's fbaUpsert). */
async function storeFbaReturns(
  client: pg.PoolClient,
  o: ImportReturnsOptions,
  rows: ReturnRow[]
): Promise<{ stored: number; orders: string[] }> {
  if (rows.length === 0) return { stored: 0, orders: [] }
  const keyOf = (orderId: string, sku: string, date: string | null, lpn: string) => JSON.stringify([orderId, sku, date, lpn])
  type Known = {
    amazon_order_id: string
    sku: string
    return_date: string
    license_plate_number: string
    quantity: number
    disposition: string | null
    status: string | null
    reason: string | null
    customer_comments: string | null
    fulfillment_center_id: string | null
  }
  const known = new Map<string, Known>()
  for (const k of (
    await client.query<Known>(
      `SELECT amazon_order_id, sku, return_date, license_plate_number, quantity, disposition, status, reason, customer_comments,
              fulfillment_center_id
       FROM team_fba_customer_returns WHERE store_id = $1 AND amazon_order_id = ANY($2::text[])`,
      [o.storeId, [...new Set(rows.map((r) => r.orderId))]]
    )
  ).rows)
    known.set(keyOf(k.amazon_order_id, k.sku, k.return_date, k.license_plate_number), k)
  const out = new Map<string, unknown[]>()
  let stored = 0
  for (const r of rows) {
    const lpn = r.fba?.licensePlateNumber ?? ''
    const key = keyOf(r.orderId, r.sku, r.requestDate, lpn)
    const prev = known.get(key)
    // Free text a later report would replace with a garbled reading of it is kept (single-seat's sbo_worse_text).
    const comments =
      prev && worseText(prev.customer_comments, r.fba?.customerComments ?? null)
        ? prev.customer_comments
        : (r.fba?.customerComments ?? null)
    const next = {
      quantity: r.quantity,
      disposition: r.fba?.disposition ?? null,
      status: r.status || null,
      reason: r.reason,
      customer_comments: comments,
      fulfillment_center_id: r.fba?.fulfillmentCenterId ?? null
    }
    if (prev && (Object.keys(next) as (keyof typeof next)[]).every((k) => prev[k] === next[k])) continue
    stored++
    known.set(key, {
      ...(prev ?? { amazon_order_id: r.orderId, sku: r.sku, return_date: r.requestDate ?? '', license_plate_number: lpn }),
      ...next
    })
    out.set(key, [
      r.orderId,
      r.requestDate,
      r.sku,
      r.asin,
      r.fba?.fnsku ?? null,
      r.itemName,
      next.quantity,
      next.fulfillment_center_id,
      next.disposition,
      next.reason,
      next.status,
      lpn,
      comments,
      r.line
    ])
  }
  if (out.size === 0) return { stored: 0, orders: [] }
  await stage(
    client,
    'team_fba_return_stage',
    [
      ['amazon_order_id', 'text'],
      ['return_date', 'text'],
      ['sku', 'text'],
      ['asin', 'text'],
      ['fnsku', 'text'],
      ['product_name', 'text'],
      ['quantity', 'integer'],
      ['fulfillment_center_id', 'text'],
      ['disposition', 'text'],
      ['reason', 'text'],
      ['status', 'text'],
      ['license_plate_number', 'text'],
      ['customer_comments', 'text'],
      ['source_line', 'integer']
    ],
    [...out.values()]
  )
  await client.query(
    `INSERT INTO team_fba_customer_returns (store_id, amazon_order_id, return_date, sku, asin, fnsku, product_name, quantity,
       fulfillment_center_id, disposition, reason, status, license_plate_number, customer_comments, source_file, source_line, created_at, updated_at)
     SELECT $1, amazon_order_id, return_date, sku, asin, fnsku, product_name, quantity, fulfillment_center_id, disposition, reason, status,
       license_plate_number, customer_comments, $2, source_line, $3, $3 FROM team_fba_return_stage
     ON CONFLICT (store_id, amazon_order_id, sku, return_date, license_plate_number) DO UPDATE SET
       quantity = excluded.quantity, disposition = excluded.disposition, status = excluded.status, reason = excluded.reason,
       customer_comments = excluded.customer_comments, fulfillment_center_id = excluded.fulfillment_center_id, updated_at = excluded.updated_at`,
    [o.storeId, o.fileName, o.now]
  )
  return { stored, orders: [...new Set([...out.values()].map((r) => r[0] as string))] }
}

// ---------------------------------------------------------------- commands

async function issuedAtOf(q: Q, commandId: string): Promise<Date | null> {
  return (await q.query<{ issued_at: Date }>('SELECT issued_at FROM team_commands WHERE id = $1', [commandId])).rows[0]?.issued_at ?? null
}

async function importCommand(input: unknown, ctx: CommandContext): Promise<ImportSummary> {
  const i = input as ImportInput
  const client = clientOf(ctx.tx)
  const f = (
    await client.query<{ name: string; content: string }>('SELECT name, content FROM team_files WHERE sha256 = $1', [
      i.fileId.toLowerCase()
    ])
  ).rows[0]
  if (!f) throw new AppError('NOT_FOUND', `No uploaded file ${i.fileId}: upload it first (PUT /v1/files/<sha256>)`)
  return importReturns(ctx.tx, {
    storeId: i.storeId,
    bytes: fileBytes(f.content),
    fileName: f.name,
    via: 'file',
    detailLimit: i.detailLimit,
    now: ctx.now,
    actor: ctx.actor.name,
    commandId: ctx.commandId,
    issuedAt: await issuedAtOf(client, ctx.commandId),
    record: ctx.record
  })
}

/**
 * Receiving (single-seat's RmasService.receive on PostgreSQL): the RMA row is locked first, so two
 * receipts of the same RMA from two machines are decided one after the other by planReceive
 * (over-receipt refused; an RMA past Received refused). Who and the server's time are kept on the
 * items and in the history, with the client's issuedAt.
 */
async function receiveCommand(input: unknown, ctx: CommandContext): Promise<RmaDetail> {
  const { id, items: lines } = input as ReceiveInput
  const client = clientOf(ctx.tx)
  const r = (
    await client.query<{ store_id: string; status: RmaStatus }>('SELECT store_id, status FROM team_rmas WHERE id = $1 FOR UPDATE', [id])
  ).rows[0]
  if (!r) throw new AppError('NOT_FOUND', `No RMA #${id}`)
  const items = (
    await client.query<{ id: string; sku: string; quantity: number; received_quantity: number }>(
      'SELECT id, sku, quantity, received_quantity FROM team_rma_items WHERE rma_id = $1 ORDER BY id',
      [id]
    )
  ).rows.map((i) => ({ id: Number(i.id), sku: i.sku, quantity: i.quantity, receivedQuantity: i.received_quantity }))
  const plan = planReceive(r.status, items, lines)
  if ('error' in plan) throw new AppError('CONFLICT', plan.error, { rmaId: id, status: r.status })
  for (const l of lines)
    await client.query(
      'UPDATE team_rma_items SET received_quantity = $2, condition = $3, received_at = $4, received_by = $5 WHERE id = $1',
      [l.itemId, plan.received.get(l.itemId)!, l.condition, ctx.now, ctx.actor.name]
    )
  const what = receiptDetail(lines, items)
  await client.query(
    `INSERT INTO team_rma_history (rma_id, event, from_status, to_status, detail, at, actor, command_id, issued_at)
     VALUES ($1, 'received', $2, $3, $4, $5, $6, $7, $8)`,
    [id, r.status, plan.moveTo ?? r.status, what, ctx.now, ctx.actor.name, ctx.commandId, await issuedAtOf(client, ctx.commandId)]
  )
  await client.query('UPDATE team_rmas SET status = coalesce($2, status), updated_at = $3 WHERE id = $1', [id, plan.moveTo, ctx.now])
  const detail = (await rmaDetails(client, [id])).get(id)!
  await ctx.record([{ storeId: r.store_id, entity: 'rma', key: String(id), op: 'upsert', data: detail }])
  return detail
}

// ---------------------------------------------------------------- the scheduled download

/**
 * Downloads the merchant returns report of one team store and imports it (source 'download'),
 * in one transaction with the window's bookkeeping. The window is single-seat's (downloadWindow:
 * from the last successful run minus a day, at most 60 days back, 30 on the first run).
 */
export async function downloadReturnsForStore(
  db: TeamDb,
  storeId: string,
  ctx: { now: () => Date; spApi: (storeId: string) => Promise<ReportClient> }
): Promise<string> {
  const store = (await db.$client.query<{ marketplace_ids: string[] }>('SELECT marketplace_ids FROM team_stores WHERE id = $1', [storeId]))
    .rows[0]
  if (!store) throw new AppError('NOT_FOUND', `No team store ${storeId}`)
  const last = (
    await db.$client.query<{ last_download_started_at: Date | null }>(
      'SELECT last_download_started_at FROM team_rma_settings WHERE store_id = $1',
      [storeId]
    )
  ).rows[0]?.last_download_started_at
  const startedAt = ctx.now()
  const { start, end } = downloadWindow(startedAt, last ? last.toISOString() : null)
  const client = await ctx.spApi(storeId)
  const r = await client.fetchReport({
    reportType: RMA_REPORT_TYPE,
    marketplaceIds: store.marketplace_ids,
    dataStartTime: start.toISOString(),
    dataEndTime: end.toISOString()
  })
  if (r.kind === 'pending')
    throw new AppError('UNAVAILABLE', `Amazon is still preparing returns report ${r.report.reportId}; will try again`)
  const bytes = r.kind === 'done' ? Buffer.concat(await r.document.body.toArray()) : null
  return db.transaction(async (tx) => {
    let message = `no returns between ${start.toISOString().slice(0, 10)} and ${end.toISOString().slice(0, 10)}`
    if (r.kind === 'done') {
      const s = await importReturns(tx, {
        storeId,
        bytes: bytes!,
        charset: r.document.charset,
        fileName: `${RMA_REPORT_TYPE} ${r.report.reportId}`,
        via: 'download',
        detailLimit: 50,
        now: ctx.now(),
        actor: null,
        commandId: null,
        issuedAt: null,
        record: (c) => recordChanges(tx, c, null)
      })
      message = `${s.created} RMAs created, ${s.updated} updated, ${s.skippedCount} skipped, ${s.rejectedCount} rejected`
    }
    await clientOf(tx).query(
      `INSERT INTO team_rma_settings (store_id, last_download_started_at, last_download_message, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (store_id) DO UPDATE SET last_download_started_at = excluded.last_download_started_at,
         last_download_message = excluded.last_download_message, updated_at = excluded.updated_at`,
      [storeId, startedAt, message, ctx.now()]
    )
    return message
  })
}

/** One pass over every team store with the download on; one store's failure does not stop the others. */
export async function downloadReturnsForAllStores(
  deps: Pick<TeamJobDeps, 'db' | 'clock' | 'spApi' | 'log'>,
  due: (store: { id: string; lastDownloadStartedAt: Date | null }) => boolean = () => true
): Promise<{ done: string[]; failed: string[] }> {
  const stores = (
    await deps.db.$client.query<{ id: string; last: Date | null }>(
      `SELECT s.id, t.last_download_started_at AS last FROM team_stores s LEFT JOIN team_rma_settings t ON t.store_id = s.id
       WHERE coalesce(t.download_rma_report, true) ORDER BY s.id`
    )
  ).rows
  const done: string[] = []
  const failed: string[] = []
  for (const { id, last } of stores) {
    if (!due({ id, lastDownloadStartedAt: last })) continue
    try {
      done.push(
        `${id}: ${await downloadReturnsForStore(deps.db, id, { now: () => deps.clock.now(), spApi: (s) => deps.spApi.forStore(s) })}`
      )
    } catch (e) {
      deps.log.warn('returns report download failed', { storeId: id, error: e })
      failed.push(`${id}: ${e instanceof AppError ? `${e.code}: ${e.message}` : 'unexpected error'}`)
    }
  }
  return { done, failed }
}

/** How often the scheduler looks for a store whose download is due (the download itself runs every 4 hours). */
const CHECK_EVERY_MS = 60_000
const RETRY_MS = 15 * 60_000

/**
 * The scheduled returns download: on start (so a server that was down catches up) and then every
 * minute it downloads for each store whose last successful download started 4 hours ago or more
 * (single-seat's interval); a store whose download failed is tried again after 15 minutes.
 * `runNow` runs one pass for every enabled store at once. Stop waits for a pass in progress.
 */
export function rmaDownloadJobs(deps: TeamJobDeps): TeamJobs & { runNow(): Promise<{ done: string[]; failed: string[] }> } {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> | null = null
  let stopped = true
  const failedAt = new Map<string, number>()
  const due = (s: { id: string; lastDownloadStartedAt: Date | null }) => {
    const now = deps.clock.now().getTime()
    const failed = failedAt.get(s.id)
    if (failed !== undefined && now - failed < RETRY_MS) return false
    return s.lastDownloadStartedAt === null || now - s.lastDownloadStartedAt.getTime() >= RMA_DOWNLOAD_INTERVAL_MS
  }
  const pass = async (when: typeof due) => {
    const r = await downloadReturnsForAllStores(deps, when)
    const now = deps.clock.now().getTime()
    for (const d of r.done) failedAt.delete(d.slice(0, d.indexOf(': ')))
    for (const f of r.failed) failedAt.set(f.slice(0, f.indexOf(': ')), now)
    if (r.done.length + r.failed.length > 0) deps.log.info('returns report download', r)
    return r
  }
  const loop = () => {
    const p = pass(due)
      .catch((e: unknown) => deps.log.error('returns report download pass failed', { error: e }))
      .finally(() => {
        if (running === p) running = null
        if (!stopped) timer = setTimeout(loop, CHECK_EVERY_MS)
      })
    running = p
  }
  return {
    start() {
      if (!stopped) return
      stopped = false
      loop()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running
    },
    runNow: () => pass(() => true)
  }
}

// ---------------------------------------------------------------- the domain

export const rmasDomain: TeamDomain = {
  name: 'rmas',
  commands: {
    'rmas.import': importCommand,
    'rmas.receive': receiveCommand
  },
  reads: {
    'rmas.list': async (input, { db }) => listRmas(db.$client, rmasContract['rmas.list'].input.parse(input)),
    'rmas.get': async (input, { db }) => {
      const { id } = rmasContract['rmas.get'].input.parse(input)
      const d = (await rmaDetails(db.$client, [id])).get(id)
      if (!d) throw new AppError('NOT_FOUND', `No RMA #${id}`)
      return d
    }
  },
  jobs: rmaDownloadJobs
}
