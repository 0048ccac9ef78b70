/**
 * Claims: the inventory ledger import, the refund events the finder reads, and the findings.
 *
 * Findings are not stored: they are computed from the imported data every time they are asked
 * for (finder.ts, pure), so re-running after new reports changes them in place and never
 * duplicates one; a finding that Amazon then reimburses keeps its id and turns to status
 * `reimbursed`, with the reimbursement lines as evidence. Each finding's id is stable for the same event.
 *
 * The finder's refund input is the `RefundSource` port: today this service's own refund events
 * (claim_refund_events, filled from Finances listTransactions by the download job); the
 * settlement import can be added to `refundSources` in services.ts with one line.
 */
import { findingsInBackground } from './findings-thread'
import type { Logger } from '../log'
import type { z } from 'zod'
import type {
  ClaimFinding,
  ClaimStatus,
  ClaimsFilter,
  ClaimsList,
  ClaimReportImportSummary,
  ClaimsFileImportSummary,
  ClaimWindow,
  CostImportSummary,
  LedgerImportSummary
} from '../../shared/contract/claims'
import { CLAIM_STATUSES, isClaimable } from '../../shared/contract/claims'
import type { SkuCosts } from '../../shared/contract/claim-costs'
import { totalsByCurrency } from '../../shared/money'
import { claimRulesVersion, RULES, type RulePack } from '../../shared/rules'
import type { Source } from '../amazon/reports/tabular'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { AppError } from '../errors'
import type { DataDomain } from '../../shared/events'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import { recogniseFile } from '../imports/recognise'
import type { JobRunsService } from '../jobs/runs'
import type { ReimbursementsService } from '../reimbursements/service'
import type { RmasService } from '../rmas/service'
import type { StoresService } from '../stores/service'
import {
  findClaims,
  type InboundItemInput,
  type LedgerInput,
  type RefundEvent,
  type RemovalOrderInput,
  type RemovalShipmentInput,
  type ReplacementInput
} from './finder'
import { importCosts, upsertCost, type CostRow } from './costs'
import { importLedger } from './ledger-import'
import { findingsCsv, matchesFilter } from './export'
import { importFbaReport } from './report-import'

/** An inbound shipment item as the Fulfillment Inbound API gives it (claims download job). */
export type InboundItemRecord = {
  shipmentId: string
  shipmentName: string | null
  shipmentStatus: string
  destinationFc: string | null
  sku: string | null
  fnsku: string
  quantityShipped: number
  quantityReceived: number
}

export type { RefundEvent } from './finder'

/** Where refunds come from: each source answers a store's refund events. */
export interface RefundSource {
  refundsFor(storeId: string): RefundEvent[]
}

type Deps = {
  db: Db
  clock: Clock
  events: EventBus
  files: FileStaging
  jobs: JobRunsService
  stores: StoresService
  reimbursements: Pick<ReimbursementsService, 'forClaims'>
  rmas: Pick<RmasService, 'fbaReturnsForClaims'>
  /** Extra refund sources besides this service's own refund events (e.g. the settlement import). */
  refundSources?: RefundSource[]
  /** The rule pack (tests pass a changed one). */
  rules?: RulePack
  /** The database file: with it (and the bundled worker), findings are computed off the main thread (ready()). */
  dbFile?: string
  log?: Logger
  /** Where the bundled worker is (tests point at out/main); the bundle's own folder by default. */
  workerBundleDir?: string
}

/** The reports of other screens, as a refusal names them. */
const OTHER_REPORTS: Record<'reimbursements' | 'returns' | 'settlement' | 'orders' | 'listings' | 'adjustmentsReport', string> = {
  reimbursements: 'an FBA reimbursements report (Reimbursements)',
  returns: 'a customer returns report (Returns)',
  settlement: 'a settlement report (Finances)',
  orders: 'an order report (Orders)',
  listings: 'a listings report (Catalog)',
  adjustmentsReport: 'an Adjustments processing report (Queue)'
}

/**
 * The domains whose data the finder reads (reimbursements, FBA returns of rmas/, this domain's
 * reports and costs, the store's name and marketplaces; settlements for a future refund source):
 * a `data.changed` naming one of them drops the memoised findings.
 */
const FINDER_DOMAINS: ReadonlySet<DataDomain> = new Set<DataDomain>(['reimbursements', 'rmas', 'claims', 'settlements', 'stores'])

/** One store's findings as computed at `from`: the same for every instant in [from, until). */
type MemoFindings = { dataVersion: number; from: number; until: number; findings: ClaimFinding[] }

/**
 * The rule pack as the finder sees it, noting the first instant after `now` at which any placed
 * window changes a finding's status (opens, turns urgent, closes): the finder reads `now` only to
 * compare it with these (finder.ts statusAt), so its answer holds until then.
 */
function noteStatusChanges(rules: RulePack, now: number, next: { at: number }): RulePack {
  const tracked = Object.create(rules) as RulePack
  tracked.place = (id, marketplaceId, anchorAt) => {
    const w = rules.place(id, marketplaceId, anchorAt)
    if (w) {
      // statusAt: 'wait' while now < opensAt, 'expiresSoon' from urgentFrom, 'expired' once now > closesAt.
      const opens = Date.parse(w.opensAt)
      const urgent = w.urgentFrom ? Date.parse(w.urgentFrom) : Infinity
      const expires = Date.parse(w.closesAt) + 1
      for (const t of [opens, urgent, expires]) if (t > now && t < next.at) next.at = t
    }
    return w
  }
  return tracked
}

export class ClaimsService {
  /**
   * Findings per store, memoised: the finder reads every reimbursement line of a store (10⁵–10⁶
   * rows, seconds), and the navigation's deadline count asks for them on every refresh. Dropped
   * when a domain the finder reads changes (an event of this process) or another connection wrote
   * the database (SQLite's data_version, e.g. a CLI import while the app runs), and recomputed
   * when the clock passes the next status change of any finding.
   */
  private readonly memo = new Map<string, MemoFindings>()
  /** Bumped whenever the memo is dropped: a worker's answer computed before that is not kept. */
  private generation = 0
  /** Findings being computed on the worker thread, per store. */
  private readonly warming = new Map<string, Promise<void>>()

  constructor(private readonly deps: Deps) {
    deps.events.onAny((name, payload) => {
      if (name !== 'data.changed') return
      if ((payload as { domains: DataDomain[] }).domains.some((d) => FINDER_DOMAINS.has(d))) {
        this.memo.clear()
        this.generation++
      }
    })
  }

  /**
   * Fills the memo for these stores (all by default) on a worker thread (findings-thread.ts), so
   * the synchronous findingsAt() that follows is a memo hit and the main thread — which answers
   * every screen's requests — never spends the seconds the finder takes on a large store. Callers
   * that can wait (the screens' handlers, the notification job) await this first. An answer is
   * kept only if nothing the finder reads changed while it was computed (the generation, and
   * SQLite's data_version for other connections); otherwise findingsAt() computes here, as before.
   * Without a bundled worker (tests in vitest's process) or with a test's rule pack: nothing to do.
   */
  async ready(storeIds?: string[]): Promise<void> {
    if (!this.deps.dbFile || this.deps.dbFile === ':memory:' || this.deps.rules) return
    await Promise.all((storeIds ?? this.deps.stores.ids()).map((id) => this.warm(id)))
  }

  /** SQLite's data_version (changes when another connection commits) and the memo entry still valid at `at`, if any. */
  private memoAt(storeId: string, at: number): { dataVersion: number; fresh: MemoFindings | null } {
    const dataVersion = this.sqlite.pragma('data_version', { simple: true }) as number
    const m = this.memo.get(storeId)
    return { dataVersion, fresh: m && m.dataVersion === dataVersion && at >= m.from && at < m.until ? m : null }
  }

  private warm(storeId: string): Promise<void> {
    const now = this.deps.clock.now()
    const at = now.getTime()
    const { dataVersion, fresh } = this.memoAt(storeId, at)
    if (fresh) return Promise.resolve()
    const running = this.warming.get(storeId)
    if (running) return running
    const generation = this.generation
    const computing = findingsInBackground(
      { dbFile: this.deps.dbFile!, storeId, store: this.deps.stores.basics(storeId), now },
      this.deps.workerBundleDir
    )
    if (!computing) return Promise.resolve()
    const p = computing
      .then((r) => {
        const unchanged = generation === this.generation && this.sqlite.pragma('data_version', { simple: true }) === dataVersion
        if (unchanged) this.memo.set(storeId, { dataVersion, from: at, until: r.until, findings: r.findings })
      })
      .catch((e: unknown) => this.deps.log?.warn('the claims finder failed on its worker thread; computing here', { storeId, error: e }))
      .finally(() => this.warming.delete(storeId))
    this.warming.set(storeId, p)
    return p
  }

  /** Findings and the instant until which they hold (the next status change): the worker's answer. */
  findingsWithWindow(storeId: string, now: Date): { findings: ClaimFinding[]; until: number } {
    const findings = this.findingsAt(storeId, now)
    return { findings, until: this.memo.get(storeId)!.until }
  }

  private get sqlite() {
    return this.deps.db.$client
  }

  // ------------------------------------------------------------------ ledger import
  /** Imports (commit) or previews a ledger report from any source (file, download). */
  async importLedger(opts: {
    storeId: string
    source: Source
    fileName: string
    charset?: string | null
    commit: boolean
    detailLimit?: number
  }): Promise<LedgerImportSummary> {
    this.deps.stores.getSettings(opts.storeId) // NOT_FOUND for an unknown store
    const run = () => importLedger(this.sqlite, this.deps.clock, { ...opts, detailLimit: opts.detailLimit ?? 1000 })
    if (!opts.commit) return run()
    const s = await this.deps.jobs.run(
      'claims.importLedger',
      opts.storeId,
      run,
      (r) => `${r.file}: ${r.inserted} ledger rows new, ${r.unchanged} already here, ${r.rejectedCount} rejected`
    )
    if (s.inserted > 0) this.deps.events.emit('data.changed', { domains: ['claims'] })
    return s
  }

  /** The screen's import of a staged file. */
  async importFile(input: { storeId: string; fileId: string; detailLimit: number }, commit: boolean): Promise<LedgerImportSummary> {
    const f = this.deps.files.get(input.fileId)
    const run = () =>
      this.importLedger({ storeId: input.storeId, source: f.path, fileName: f.name, commit, detailLimit: input.detailLimit })
    return commit ? this.deps.files.consume(input.fileId, run) : run()
  }

  // ------------------------------------------------------------------ removal / replacement reports
  /** Imports (commit) or previews a removal order detail, removal shipment detail or replacement report (recognised by its header). */
  async importReport(opts: {
    storeId: string
    source: Source
    fileName: string
    charset?: string | null
    commit: boolean
    detailLimit?: number
  }): Promise<ClaimReportImportSummary> {
    this.deps.stores.getSettings(opts.storeId)
    const run = () => importFbaReport(this.sqlite, this.deps.clock, { ...opts, detailLimit: opts.detailLimit ?? 1000 })
    if (!opts.commit) return run()
    const s = await this.deps.jobs.run(
      'claims.importReport',
      opts.storeId,
      run,
      (r) =>
        `${r.file} (${r.reportType}): ${r.inserted} new, ${r.updated} updated, ${r.unchanged} already here, ${r.rejectedCount} rejected`
    )
    if (s.inserted + s.updated > 0) this.deps.events.emit('data.changed', { domains: ['claims'] })
    return s
  }

  /** The screen's import of a staged removal/replacement report. */
  async importReportFile(
    input: { storeId: string; fileId: string; detailLimit: number },
    commit: boolean
  ): Promise<ClaimReportImportSummary> {
    const f = this.deps.files.get(input.fileId)
    const run = () =>
      this.importReport({ storeId: input.storeId, source: f.path, fileName: f.name, commit, detailLimit: input.detailLimit })
    return commit ? this.deps.files.consume(input.fileId, run) : run()
  }

  /**
   * The Claims screen's one drop zone and `claims import-report`: any claims report, recognised by
   * its content (the watched folder's recogniser), imported (commit) or previewed by its importer.
   */
  async importAnyFile(input: { storeId: string; fileId: string; detailLimit: number }, commit: boolean): Promise<ClaimsFileImportSummary> {
    const f = this.deps.files.get(input.fileId)
    const r = await recogniseFile(f.path)
    if (r.kind === 'ledger') return { kind: 'ledger', ...(await this.importFile(input, commit)) }
    if (r.kind === 'removalOrders' || r.kind === 'removalShipments' || r.kind === 'replacements')
      return this.importReportFile(input, commit)
    throw new AppError(
      'VALIDATION',
      `${f.name}: this is not an inventory ledger, removal order detail, removal shipment detail or replacement report: ${
        r.kind === null ? `it looks like ${r.looksLike}` : `it is ${OTHER_REPORTS[r.kind]}, imported on its own screen`
      }.`
    )
  }

  /** Records inbound shipment items (a later state of the same shipment and FNSKU replaces the line); answers how many changed. */
  recordInboundItems(storeId: string, items: InboundItemRecord[], sourceFile: string): number {
    const now = this.deps.clock.now().toISOString()
    const upsert = this.sqlite.prepare(
      `INSERT INTO claim_inbound_items (store_id, shipment_id, fnsku, sku, shipment_name, shipment_status, destination_fc,
         quantity_shipped, quantity_received, source_file, updated_at)
       VALUES (@storeId, @shipmentId, @fnsku, @sku, @shipmentName, @shipmentStatus, @destinationFc, @quantityShipped, @quantityReceived, @sourceFile, @now)
       ON CONFLICT (store_id, shipment_id, fnsku) DO UPDATE SET sku = excluded.sku, shipment_name = excluded.shipment_name,
         shipment_status = excluded.shipment_status, destination_fc = excluded.destination_fc, quantity_shipped = excluded.quantity_shipped,
         quantity_received = excluded.quantity_received, source_file = excluded.source_file, updated_at = excluded.updated_at
       WHERE shipment_status IS NOT excluded.shipment_status OR quantity_shipped IS NOT excluded.quantity_shipped
         OR quantity_received IS NOT excluded.quantity_received OR sku IS NOT excluded.sku`
    )
    let changed = 0
    this.sqlite.transaction(() => {
      for (const it of items) changed += upsert.run({ ...it, storeId, sourceFile: `${sourceFile} ${it.shipmentId}`, now }).changes
    })()
    if (changed > 0) this.deps.events.emit('data.changed', { domains: ['claims'] })
    return changed
  }

  // ------------------------------------------------------------------ manufacturing costs
  /** Imports (commit) or previews a staged cost CSV (`sku, cost, currency, from-date`). */
  async importCostsFile(input: { storeId: string; fileId: string; detailLimit: number }, commit: boolean): Promise<CostImportSummary> {
    this.deps.stores.getSettings(input.storeId)
    const f = this.deps.files.get(input.fileId)
    const run = async () => {
      const s = await importCosts(this.sqlite, {
        storeId: input.storeId,
        source: f.path,
        fileName: f.name,
        commit,
        detailLimit: input.detailLimit,
        now: this.deps.clock.now().toISOString()
      })
      if (commit && s.inserted + s.updated > 0) this.deps.events.emit('data.changed', { domains: ['claims'] })
      return s
    }
    return commit ? this.deps.files.consume(input.fileId, run) : run()
  }

  /** Sets one SKU's cost from a day; answers whether it changed. */
  setCost(input: CostRow & { storeId: string }): boolean {
    this.deps.stores.getSettings(input.storeId)
    const { storeId, ...c } = input
    const changed = upsertCost(this.sqlite, storeId, c, this.deps.clock.now().toISOString()) !== 'unchanged'
    if (changed) this.deps.events.emit('data.changed', { domains: ['claims'] })
    return changed
  }

  private costsFor(storeId: string): CostRow[] {
    return this.sqlite
      .prepare('SELECT sku, from_date AS fromDate, cost_minor AS costMinor, currency FROM claim_costs WHERE store_id = ?')
      .all(storeId) as CostRow[]
  }

  /** A store's cost versions (every SKU, every from-date): the audits' below-cost check reads them. */
  costVersions(storeId: string): CostRow[] {
    return this.costsFor(storeId)
  }

  /** The Costs screen and `costs list`: each SKU with its versions, newest first. */
  listCosts(filter: { storeId?: string; sku?: string } = {}): SkuCosts[] {
    const names = this.deps.stores.names()
    const rows = this.sqlite
      .prepare(
        `SELECT store_id AS storeId, sku, from_date AS fromDate, cost_minor AS costMinor, currency, updated_at AS updatedAt FROM claim_costs
         WHERE (? IS NULL OR store_id = ?) AND (? IS NULL OR lower(sku) LIKE lower(?) || '%')
         ORDER BY store_id, sku COLLATE NOCASE, from_date DESC`
      )
      .all(filter.storeId ?? null, filter.storeId ?? null, filter.sku || null, filter.sku || null) as (CostRow & {
      storeId: string
      updatedAt: string
    })[]
    const out: SkuCosts[] = []
    for (const r of rows) {
      let last = out[out.length - 1]
      if (!last || last.storeId !== r.storeId || last.sku !== r.sku) {
        last = { storeId: r.storeId, storeName: names.get(r.storeId) ?? r.storeId, sku: r.sku, versions: [] }
        out.push(last)
      }
      last.versions.push({ fromDate: r.fromDate, cost: { amountMinor: r.costMinor, currency: r.currency }, updatedAt: r.updatedAt })
    }
    return out
  }

  /** Removes one cost version; answers whether there was one. */
  removeCost(input: { storeId: string; sku: string; fromDate: string }): boolean {
    const removed =
      this.sqlite
        .prepare('DELETE FROM claim_costs WHERE store_id = ? AND sku = ? AND from_date = ?')
        .run(input.storeId, input.sku, input.fromDate).changes > 0
    if (removed) this.deps.events.emit('data.changed', { domains: ['claims'] })
    return removed
  }

  // ------------------------------------------------------------------ refund events
  /**
   * Records refund events (idempotent per store, source, source id and SKU); answers how many were new.
   * The settlement import may call this with source 'settlement' instead of being a RefundSource.
   */
  recordRefunds(storeId: string, events: RefundEvent[]): number {
    const now = this.deps.clock.now().toISOString()
    const insert = this.sqlite.prepare(
      `INSERT INTO claim_refund_events (store_id, source, source_ref, amazon_order_id, sku, marketplace_id, quantity, refunded_at, currency, amount_minor, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, source, source_ref, sku) DO NOTHING`
    )
    let added = 0
    this.sqlite.transaction(() => {
      for (const e of events)
        added += insert.run(
          storeId,
          e.source,
          e.sourceRef,
          e.amazonOrderId,
          e.sku,
          e.marketplaceId,
          e.quantity,
          e.refundedAt,
          e.amount.currency,
          e.amount.amountMinor,
          now
        ).changes
    })()
    if (added > 0) this.deps.events.emit('data.changed', { domains: ['claims'] })
    return added
  }

  /** This service's own refund events of a store (the default RefundSource). */
  refundsFor(storeId: string): RefundEvent[] {
    return (
      this.sqlite
        .prepare(
          `SELECT amazon_order_id AS amazonOrderId, sku, quantity, refunded_at AS refundedAt, currency, amount_minor AS amountMinor,
             source, source_ref AS sourceRef, marketplace_id AS marketplaceId
           FROM claim_refund_events WHERE store_id = ? ORDER BY refunded_at, id`
        )
        .all(storeId) as (Omit<RefundEvent, 'amount'> & { currency: string; amountMinor: number })[]
    ).map(({ currency, amountMinor, ...e }) => ({ ...e, amount: { currency, amountMinor } }))
  }

  // ------------------------------------------------------------------ findings
  private ledgerFor(storeId: string): LedgerInput[] {
    return this.sqlite
      .prepare(
        `SELECT id, occurred_at AS occurredAt, fnsku, sku, asin, event_type AS eventType, reference_id AS referenceId, quantity,
           fulfillment_center AS fulfillmentCenter, reason, country, unreconciled_quantity AS unreconciledQuantity,
           source_file AS sourceFile, source_line AS sourceLine
         FROM claim_ledger_events WHERE store_id = ? AND lower(replace(event_type, ' ', '')) = 'adjustments' ORDER BY occurred_at, id`
      )
      .all(storeId) as LedgerInput[]
  }

  private removalOrdersFor(storeId: string): RemovalOrderInput[] {
    return this.sqlite
      .prepare(
        `SELECT id, order_id AS orderId, requested_at AS requestedAt, order_type AS orderType, order_status AS orderStatus,
           updated_at AS updatedAt, sku, fnsku, disposition, requested, cancelled, disposed, shipped, in_process AS inProcess,
           source_file AS sourceFile, source_line AS sourceLine
         FROM claim_removal_orders WHERE store_id = ? ORDER BY updated_at, id`
      )
      .all(storeId) as RemovalOrderInput[]
  }

  private removalShipmentsFor(storeId: string): RemovalShipmentInput[] {
    return this.sqlite
      .prepare(
        `SELECT id, order_id AS orderId, shipped_at AS shippedAt, sku, fnsku, quantity, carrier, tracking_number AS trackingNumber,
           source_file AS sourceFile, source_line AS sourceLine
         FROM claim_removal_shipments WHERE store_id = ? ORDER BY shipped_at, id`
      )
      .all(storeId) as RemovalShipmentInput[]
  }

  private replacementsFor(storeId: string): ReplacementInput[] {
    return this.sqlite
      .prepare(
        `SELECT id, shipped_at AS shippedAt, sku, asin, quantity, reason_code AS reasonCode, replacement_order_id AS replacementOrderId,
           original_order_id AS originalOrderId, fulfillment_center AS fulfillmentCenter, source_file AS sourceFile, source_line AS sourceLine
         FROM claim_replacements WHERE store_id = ? ORDER BY shipped_at, id`
      )
      .all(storeId) as ReplacementInput[]
  }

  /** Inbound items with the shipment's first ledger receipt (the ledger's Receipts rows carry the shipment id as Reference ID). */
  private inboundItemsFor(storeId: string): InboundItemInput[] {
    return this.sqlite
      .prepare(
        `SELECT i.id, i.shipment_id AS shipmentId, i.shipment_status AS shipmentStatus, i.sku, i.fnsku, i.quantity_shipped AS quantityShipped,
           i.quantity_received AS quantityReceived, i.destination_fc AS fulfillmentCenter, i.source_file AS sourceFile, NULL AS sourceLine,
           (SELECT min(l.occurred_at) FROM claim_ledger_events l
             WHERE l.store_id = i.store_id AND l.reference_id = i.shipment_id AND lower(replace(l.event_type, ' ', '')) = 'receipts') AS receivedAt
         FROM claim_inbound_items i WHERE i.store_id = ? ORDER BY i.shipment_id, i.fnsku`
      )
      .all(storeId) as InboundItemInput[]
  }

  /** Every finding of one store, as of now (soonest deadline first). */
  findForStore(storeId: string): Promise<ClaimFinding[]> {
    return Promise.resolve(this.findingsAt(storeId, this.deps.clock.now()))
  }

  /**
   * Every finding of one store as of `now`. Synchronous: all the finder's inputs are read from
   * SQLite synchronously, so the Deadlines screen's source (deadlines.ts) can call it directly.
   */
  findingsAt(storeId: string, now: Date): ClaimFinding[] {
    const at = now.getTime()
    const { dataVersion, fresh } = this.memoAt(storeId, at)
    if (fresh) return fresh.findings.slice()
    const next = { at: Infinity }
    const findings = this.computeFindings(storeId, now, noteStatusChanges(this.rules, at, next))
    this.memo.set(storeId, { dataVersion, from: at, until: next.at, findings })
    return findings.slice()
  }

  private computeFindings(storeId: string, now: Date, rules: RulePack): ClaimFinding[] {
    const store = this.deps.stores.basics(storeId)
    const refunds = [this, ...(this.deps.refundSources ?? [])].flatMap((s) => s.refundsFor(storeId))
    return findClaims({
      storeId,
      storeName: store.name,
      marketplaceIds: store.marketplaceIds,
      ledger: this.ledgerFor(storeId),
      reimbursements: this.deps.reimbursements.forClaims(storeId),
      returns: this.deps.rmas.fbaReturnsForClaims(storeId),
      refunds,
      costs: this.costsFor(storeId),
      replacements: this.replacementsFor(storeId),
      removalOrders: this.removalOrdersFor(storeId),
      removalShipments: this.removalShipmentsFor(storeId),
      inboundItems: this.inboundItemsFor(storeId),
      now,
      rules
    })
  }

  /** The rule pack the finder places windows with. */
  get rules(): RulePack {
    return this.deps.rules ?? RULES
  }

  /** Every store's id (for sources that answer all stores). */
  storeIds(): string[] {
    return this.deps.stores.ids()
  }

  /**
   * The Claims screen: findings by filter (store, status, type, SKU prefix, event dates), soonest
   * deadline first, with the counts per status and the money to claim per currency (reimbursed
   * and expired findings are not money to claim).
   */
  async list(filter: ClaimsFilter = {}): Promise<z.output<typeof ClaimsList>> {
    await this.ready(filter.storeId ? [filter.storeId] : undefined)
    const storeIds = filter.storeId ? [filter.storeId] : this.deps.stores.ids()
    const all: ClaimFinding[] = []
    for (const id of storeIds) all.push(...(await this.findForStore(id)))
    const findings = all
      .filter((f) => matchesFilter(f, filter))
      .sort((a, b) => a.closesAt.localeCompare(b.closesAt) || a.id.localeCompare(b.id))
    const counts = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])) as Record<ClaimStatus, number>
    for (const f of findings) counts[f.status]++
    const valued = (s: (f: ClaimFinding) => boolean) => totalsByCurrency(findings.filter((f) => s(f) && f.value).map((f) => f.value!))
    return {
      findings,
      openTotals: valued((f) => isClaimable(f.status)),
      expiringTotals: valued((f) => f.status === 'expiresSoon'),
      counts,
      asOf: this.deps.clock.now().toISOString(),
      rulesVersion: claimRulesVersion(this.rules)
    }
  }

  /** The filtered findings as CSV (export.ts): one row per finding, soonest deadline first. */
  async exportCsv(filter: ClaimsFilter = {}): Promise<{ fileName: string; rows: number; csv: string }> {
    const { findings, asOf } = await this.list(filter)
    return { fileName: `claims-${asOf.slice(0, 10)}.csv`, rows: findings.length, csv: findingsCsv(findings) }
  }

  /** The claim windows (for the Deadlines screen): one per finding, soonest deadline first. */
  async windows(storeId?: string): Promise<ClaimWindow[]> {
    const { findings } = await this.list(storeId ? { storeId } : {})
    return findings.map((f) => ({
      findingId: f.id,
      storeId: f.storeId,
      type: f.type,
      opensAt: f.opensAt,
      closesAt: f.closesAt,
      status: f.status,
      value: f.value
    }))
  }
}
