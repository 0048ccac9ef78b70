/**
 * Cases (issue #16): a case is made from one or several claim findings (claims/, computed on
 * read), keeps a snapshot of them, its lifecycle (every change in `case_events`), its evidence
 * files (stored once per content under the app's data folder) and the reimbursements that paid it.
 *
 * The matcher (`match`) runs whenever reimbursements change (services.ts listens to the event
 * bus for `data.changed: reimbursements`, which both the file import and the sync emit after
 * their commit). It is idempotent: each reimbursement row is matched at most once
 * (`case_payments` is unique per row), so running it again changes nothing.
 */
import { createHash, randomUUID } from 'node:crypto'
import { chmodSync, createReadStream, existsSync, mkdirSync, copyFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { ClaimFinding } from '../../shared/contract/claims'
import {
  CASE_STATES,
  CASE_TRANSITIONS,
  type CaseDetail,
  type CaseEvent,
  type CaseState,
  type CaseSummary,
  type OrderTimelineItem
} from '../../shared/contract/cases'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import type { Logger } from '../log'
import type { ReimbursementsService } from '../reimbursements/service'
import type { RmasService } from '../rmas/service'
import type { StoresService } from '../stores/service'
import { caseText } from './text'

export type CaseActor = CaseEvent['actor']

type Deps = {
  db: Db
  clock: Clock
  events: EventBus
  log: Logger
  files: FileStaging
  stores: Pick<StoresService, 'basics' | 'names'>
  /** The claims finder's findings of a store, now (a port: claims/ stands beside cases/). */
  findings: (storeId: string) => ClaimFinding[]
  reimbursements: Pick<ReimbursementsService, 'forCases' | 'orderDetail'>
  rmas: Pick<RmasService, 'fbaReturnsForOrder'>
  /** Where evidence files are kept, one file per content (`<sha256>`). */
  evidenceDir: string
  /**
   * Desktop only: opens a file in the system's app for its type (Electron's shell.openPath: ''
   * on success, else the reason). Without it, cases.openEvidence answers NOT_IMPLEMENTED.
   */
  openPath?: (path: string) => Promise<string>
  /** Where a file is copied under its own name to be opened (default: <tmp>/seller-back-office-evidence). */
  openDir?: string
}

type CaseRow = {
  id: number
  storeId: string
  state: CaseState
  amazonCaseId: string | null
  findingsJson: string
  quantity: number
  currency: string | null
  valueMinor: number | null
  paidMinor: number
  paidCurrency: string | null
  paidQuantity: number
  closesAt: string | null
  createdAt: string
  filedAt: string | null
  deniedAt: string | null
  updatedAt: string
}

const CASE_COLUMNS = `id, store_id AS storeId, state, amazon_case_id AS amazonCaseId, findings_json AS findingsJson, quantity, currency,
  value_minor AS valueMinor, paid_minor AS paidMinor, paid_currency AS paidCurrency, paid_quantity AS paidQuantity,
  closes_at AS closesAt, created_at AS createdAt, filed_at AS filedAt, denied_at AS deniedAt, updated_at AS updatedAt`

/** States the matcher pays from (a draft was never filed: Amazon cannot be paying it). */
const MATCHABLE: readonly CaseState[] = ['filed', 'waiting', 'partlyPaid', 'reopened', 'denied', 'paid']

const norm = (s: string | null) => (s ?? '').trim().toUpperCase()

export class CasesService {
  constructor(private readonly deps: Deps) {}

  private get sqlite() {
    return this.deps.db.$client
  }

  private row(id: number): CaseRow {
    const r = this.sqlite.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?`).get(id) as CaseRow | undefined
    if (!r) throw new AppError('NOT_FOUND', `Case ${id} does not exist`)
    return r
  }

  private summary(r: CaseRow, names: Map<string, string>): CaseSummary {
    const findings = JSON.parse(r.findingsJson) as ClaimFinding[]
    const evidenceCount = (this.sqlite.prepare('SELECT count(*) AS n FROM case_evidence WHERE case_id = ?').get(r.id) as { n: number }).n
    return {
      id: r.id,
      storeId: r.storeId,
      storeName: names.get(r.storeId) ?? '',
      state: r.state,
      amazonCaseId: r.amazonCaseId,
      findingIds: findings.map((f) => f.id),
      types: [...new Set(findings.map((f) => f.type))],
      quantity: r.quantity,
      value: r.currency !== null && r.valueMinor !== null ? { currency: r.currency, amountMinor: r.valueMinor } : null,
      paid: r.paidCurrency !== null ? { currency: r.paidCurrency, amountMinor: r.paidMinor } : null,
      paidQuantity: r.paidQuantity,
      closesAt: r.closesAt,
      createdAt: r.createdAt,
      filedAt: r.filedAt,
      updatedAt: r.updatedAt,
      evidenceCount
    }
  }

  // ------------------------------------------------------------------ read
  list(q: { storeId?: string; states?: CaseState[] } = {}): { cases: CaseSummary[]; counts: Record<CaseState, number> } {
    const rows = this.sqlite
      .prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE (@store IS NULL OR store_id = @store) ORDER BY updated_at DESC, id DESC`)
      .all({ store: q.storeId ?? null }) as CaseRow[]
    const counts = Object.fromEntries(CASE_STATES.map((s) => [s, 0])) as Record<CaseState, number>
    for (const r of rows) counts[r.state]++
    const names = this.deps.stores.names()
    return {
      cases: rows.filter((r) => !q.states?.length || q.states.includes(r.state)).map((r) => this.summary(r, names)),
      counts
    }
  }

  get(id: number): CaseDetail {
    const r = this.row(id)
    const names = this.deps.stores.names()
    const findings = JSON.parse(r.findingsJson) as ClaimFinding[]
    const events = this.sqlite
      .prepare(
        `SELECT id, at, from_state AS fromState, to_state AS toState, actor, reimbursement_id AS reimbursementId, note
         FROM case_events WHERE case_id = ? ORDER BY at, id`
      )
      .all(id) as CaseEvent[]
    const payments = (
      this.sqlite
        .prepare(
          `SELECT reimbursement_id AS reimbursementId, matched_by AS matchedBy, reimbursed_at AS reimbursedAt, currency,
             amount_minor AS amountMinor, quantity FROM case_payments WHERE case_id = ? ORDER BY reimbursed_at, id`
        )
        .all(id) as {
        reimbursementId: string
        matchedBy: 'caseId' | 'item' | 'reversal'
        reimbursedAt: string
        currency: string
        amountMinor: number
        quantity: number
      }[]
    ).map(({ currency, amountMinor, ...p }) => ({ ...p, amount: { currency, amountMinor } }))
    const evidence = this.sqlite
      .prepare(
        `SELECT e.id, e.name, e.sha256, f.size, e.added_at AS addedAt FROM case_evidence e JOIN case_evidence_files f ON f.sha256 = e.sha256
         WHERE e.case_id = ? ORDER BY e.added_at, e.id`
      )
      .all(id) as CaseDetail['evidence']
    return {
      ...this.summary(r, names),
      findings,
      text: caseText(findings, { storeName: names.get(r.storeId) ?? r.storeId }),
      events,
      payments,
      evidence,
      reopenUntil: null
    }
  }

  /** Each finding's latest case (the Claims screen's column). */
  forFindings(findingIds: string[]): { findingId: string; caseId: number; state: CaseState }[] {
    if (findingIds.length === 0) return []
    const wanted = new Set(findingIds)
    const rows = this.sqlite
      .prepare(
        `SELECT f.finding_id AS findingId, c.id AS caseId, c.state FROM case_findings f JOIN cases c ON c.id = f.case_id ORDER BY c.id`
      )
      .all() as { findingId: string; caseId: number; state: CaseState }[]
    const latest = new Map<string, { findingId: string; caseId: number; state: CaseState }>()
    for (const r of rows) if (wanted.has(r.findingId)) latest.set(r.findingId, r)
    return [...latest.values()]
  }

  // ------------------------------------------------------------------ write
  private record(
    caseId: number,
    from: CaseState | null,
    to: CaseState,
    actor: CaseActor,
    at: string,
    extra: { reimbursementId?: string; note?: string } = {}
  ) {
    this.sqlite
      .prepare('INSERT INTO case_events (case_id, at, from_state, to_state, actor, reimbursement_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(caseId, at, from, to, actor, extra.reimbursementId ?? null, extra.note ?? null)
  }

  private changed() {
    this.deps.events.emit('data.changed', { domains: ['cases'] })
  }

  /** A draft case from findings of one store (by their ids, as the finder gives them now). */
  create(input: { storeId: string; findingIds: string[] }, actor: CaseActor = 'user'): CaseDetail {
    this.deps.stores.basics(input.storeId) // NOT_FOUND for an unknown store
    const all = new Map(this.deps.findings(input.storeId).map((f) => [f.id, f]))
    const missing = input.findingIds.filter((id) => !all.has(id))
    if (missing.length)
      throw new AppError(
        'NOT_FOUND',
        `No finding ${missing.join(', ')} in this store now (run "claims list --store ${input.storeId}" for the ids)`
      )
    const findings = [...new Set(input.findingIds)].map((id) => all.get(id)!)
    const quantity = findings.reduce((s, f) => s + f.quantity, 0)
    const currencies = new Set(findings.map((f) => f.value?.currency ?? null))
    const oneCurrency = currencies.size === 1 && !currencies.has(null) ? [...currencies][0]! : null
    const valueMinor = oneCurrency ? findings.reduce((s, f) => s + f.value!.amountMinor, 0) : null
    const closesAt = findings.map((f) => f.closesAt).sort()[0] ?? null
    const now = this.deps.clock.now().toISOString()
    const id = this.sqlite.transaction(() => {
      const caseId = Number(
        this.sqlite
          .prepare(
            `INSERT INTO cases (store_id, state, findings_json, quantity, currency, value_minor, closes_at, created_at, updated_at)
             VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(input.storeId, JSON.stringify(findings), quantity, oneCurrency, valueMinor, closesAt, now, now).lastInsertRowid
      )
      const ins = this.sqlite.prepare(
        'INSERT INTO case_findings (case_id, finding_id, fnsku, amazon_order_id, quantity) VALUES (?, ?, ?, ?, ?)'
      )
      for (const f of findings) ins.run(caseId, f.id, f.fnsku, f.amazonOrderId, f.quantity)
      this.record(caseId, null, 'draft', actor, now)
      return caseId
    })()
    this.changed()
    return this.get(id)
  }

  /** A person's lifecycle step (CASE_TRANSITIONS); filing needs Amazon's Case ID. */
  setState(
    input: { id: number; state: CaseState; amazonCaseId?: string; note?: string },
    actor: CaseActor = 'user',
    at?: string
  ): CaseDetail {
    const r = this.row(input.id)
    if (!CASE_TRANSITIONS[r.state].includes(input.state))
      throw new AppError(
        'CONFLICT',
        `Case ${r.id} is ${r.state}: it cannot become ${input.state} (allowed: ${CASE_TRANSITIONS[r.state].join(', ') || 'none'})`
      )
    const amazonCaseId = input.amazonCaseId?.trim() || null
    if (input.state === 'filed' && !amazonCaseId && !r.amazonCaseId)
      throw new AppError('VALIDATION', "Filing a case needs Amazon's Case ID (the number Seller Central shows after you submit it)")
    if (amazonCaseId) {
      const other = this.sqlite
        .prepare('SELECT id FROM cases WHERE store_id = ? AND amazon_case_id = ? AND id <> ?')
        .get(r.storeId, amazonCaseId, r.id) as { id: number } | undefined
      if (other) throw new AppError('CONFLICT', `Amazon Case ID ${amazonCaseId} is already case ${other.id}`)
    }
    const now = at ?? this.deps.clock.now().toISOString()
    this.sqlite.transaction(() => {
      this.sqlite
        .prepare(
          `UPDATE cases SET state = ?, amazon_case_id = coalesce(?, amazon_case_id), updated_at = ?,
             filed_at = CASE WHEN ? = 'filed' THEN ? ELSE filed_at END,
             denied_at = CASE WHEN ? = 'denied' THEN ? ELSE denied_at END WHERE id = ?`
        )
        .run(input.state, amazonCaseId, now, input.state, now, input.state, now, r.id)
      this.record(r.id, r.state, input.state, actor, now, { note: input.note })
    })()
    this.changed()
    // Amazon may have paid before the Case ID was typed in: match at once.
    if (input.state === 'filed') this.match(r.storeId)
    return this.get(r.id)
  }

  /**
   * Adds an evidence file from staging (picked, dropped, or a path from the CLI). The content is
   * copied once into the evidence folder under its SHA-256; the same content added again (to this
   * or another case) is not stored again. The staged copy is released afterwards.
   */
  async addEvidence(input: { id: number; fileId: string }): Promise<CaseDetail> {
    const r = this.row(input.id)
    const f = this.deps.files.get(input.fileId)
    return this.deps.files.consume(input.fileId, async () => {
      const hash = createHash('sha256')
      await pipeline(createReadStream(f.path), hash)
      const sha256 = hash.digest('hex')
      mkdirSync(this.deps.evidenceDir, { recursive: true, mode: 0o700 })
      const target = join(this.deps.evidenceDir, sha256)
      if (!existsSync(target)) {
        // Copy to a temporary name, then rename: a crash never leaves a half file under the hash.
        const tmp = join(this.deps.evidenceDir, `.${sha256}.${randomUUID()}.part`)
        try {
          copyFileSync(f.path, tmp)
          renameSync(tmp, target)
        } finally {
          rmSync(tmp, { force: true })
        }
      }
      const now = this.deps.clock.now().toISOString()
      this.sqlite.transaction(() => {
        this.sqlite
          .prepare('INSERT INTO case_evidence_files (sha256, size, stored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
          .run(sha256, f.size, now)
        this.sqlite
          .prepare('INSERT INTO case_evidence (case_id, sha256, name, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
          .run(r.id, sha256, f.name, now)
        this.sqlite.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, r.id)
      })()
      this.changed()
      return this.get(r.id)
    })
  }

  /** The stored file of an evidence entry (for opening it). */
  evidencePath(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('VALIDATION', 'Not an evidence file hash')
    return join(this.deps.evidenceDir, sha256)
  }

  /**
   * An evidence file of a case, by the case's id and the evidence entry's id (both from the
   * database: no path from the caller ever reaches the file system): where it is stored, the name
   * it was added under, its size. NOT_FOUND for an id that is not this case's evidence.
   */
  evidenceFile(ref: { id: number; evidenceId: number }): { path: string; name: string; size: number; sha256: string } {
    const e = this.sqlite
      .prepare(
        `SELECT e.name, e.sha256, f.size FROM case_evidence e JOIN case_evidence_files f ON f.sha256 = e.sha256
         WHERE e.id = ? AND e.case_id = ?`
      )
      .get(ref.evidenceId, ref.id) as { name: string; sha256: string; size: number } | undefined
    if (!e) throw new AppError('NOT_FOUND', `Case ${ref.id} has no evidence file ${ref.evidenceId}.`)
    const path = this.evidencePath(e.sha256)
    if (!existsSync(path))
      throw new AppError('NOT_FOUND', `The stored copy of "${e.name}" is missing from the evidence folder (${this.deps.evidenceDir}).`)
    return { path, name: e.name, size: e.size, sha256: e.sha256 }
  }

  /**
   * Desktop: opens an evidence file with the system's app. The stored file is named by its hash
   * (no extension, so no app would be chosen for it): a read-only copy under the name it was added
   * with is opened instead, in a folder of its own per content, so a viewer that saves never
   * changes the evidence.
   */
  async openEvidence(ref: { id: number; evidenceId: number }): Promise<{ opened: true }> {
    const open = this.deps.openPath
    if (!open) throw new AppError('NOT_IMPLEMENTED', 'Opening a file is done by the desktop app; in the browser, the file is downloaded.')
    const e = this.evidenceFile(ref)
    const dir = join(this.deps.openDir ?? join(tmpdir(), 'seller-back-office-evidence'), e.sha256)
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const copy = join(dir, safeFileName(e.name))
    if (!existsSync(copy)) {
      copyFileSync(e.path, copy)
      chmodSync(copy, 0o400)
    }
    const failure = await open(copy)
    if (failure) throw new AppError('UNAVAILABLE', `Could not open "${e.name}": ${failure}`)
    return { opened: true }
  }

  // ------------------------------------------------------------------ automatic matching
  /**
   * Pays, part-pays and reopens cases from the reimbursements (all stores, or one). A line that
   * names a case's Amazon Case ID pays that case; a line without a case id for one of a filed
   * case's FNSKUs or orders, dated on or after the filing and for no more units than are still
   * owed, pays it too; a reversal of a line that paid a case reopens it. Idempotent.
   * Answers how many lines were matched.
   */
  match(storeId?: string): number {
    const storeIds = storeId
      ? [storeId]
      : (this.sqlite.prepare(`SELECT DISTINCT store_id AS s FROM cases WHERE state <> 'draft'`).all() as { s: string }[]).map((x) => x.s)
    let matched = 0
    for (const s of storeIds) matched += this.matchStore(s)
    if (matched > 0) this.changed()
    return matched
  }

  private matchStore(storeId: string): number {
    const open = (
      this.sqlite
        .prepare(
          `SELECT ${CASE_COLUMNS} FROM cases WHERE store_id = ? AND state IN (${MATCHABLE.map(() => '?').join(', ')}) ORDER BY filed_at, id`
        )
        .all(storeId, ...MATCHABLE) as CaseRow[]
    ).map((c) => ({
      ...c,
      items: this.sqlite.prepare('SELECT fnsku, amazon_order_id AS orderId FROM case_findings WHERE case_id = ?').all(c.id) as {
        fnsku: string | null
        orderId: string | null
      }[]
    }))
    if (open.length === 0) return 0
    const paidIds = this.sqlite
      .prepare(
        `SELECT p.reimbursement_id AS rid, p.case_id AS caseId FROM case_payments p JOIN cases c ON c.id = p.case_id WHERE c.store_id = ? AND p.matched_by <> 'reversal'`
      )
      .all(storeId) as { rid: string; caseId: number }[]
    const paidBy = new Map(paidIds.map((p) => [p.rid, p.caseId]))
    const since = open.map((c) => c.filedAt ?? c.createdAt).sort()[0]!
    const lines = this.deps.reimbursements.forCases(storeId, {
      caseIds: [...new Set(open.map((c) => c.amazonCaseId).filter((x): x is string => x !== null))],
      fnskus: [...new Set(open.flatMap((c) => c.items.map((i) => i.fnsku)).filter((x): x is string => x !== null))],
      orderIds: [...new Set(open.flatMap((c) => c.items.map((i) => i.orderId)).filter((x): x is string => x !== null))],
      since,
      reversalsOf: [...paidBy.keys()]
    })
    const taken = new Set(
      (this.sqlite.prepare('SELECT reimbursement_row_id AS id FROM case_payments').all() as { id: number }[]).map((x) => x.id)
    )
    const byId = new Map(open.map((c) => [c.id, c]))
    let matched = 0
    const now = this.deps.clock.now().toISOString()
    const pay = this.sqlite.prepare(
      `INSERT INTO case_payments (case_id, reimbursement_row_id, reimbursement_id, matched_by, reimbursed_at, currency, amount_minor, quantity, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
    )
    this.sqlite.transaction(() => {
      for (const line of lines) {
        if (taken.has(line.id)) continue
        let target: (typeof open)[number] | undefined
        let matchedBy: 'caseId' | 'item' | 'reversal'
        const reversed = line.originalReimbursementId ? paidBy.get(line.originalReimbursementId) : undefined
        if (reversed !== undefined && (line.quantityTotal <= 0 || line.amountTotalMinor <= 0)) {
          target = byId.get(reversed)
          matchedBy = 'reversal'
        } else if (line.caseId && line.quantityTotal >= 0) {
          target = open.find((c) => c.state !== 'paid' && norm(c.amazonCaseId) === norm(line.caseId))
          matchedBy = 'caseId'
        } else {
          target = open.find(
            (c) =>
              !['paid', 'denied'].includes(c.state) &&
              c.filedAt !== null &&
              line.reimbursedAt >= c.filedAt &&
              line.quantityTotal > 0 &&
              line.quantityTotal <= c.quantity - c.paidQuantity &&
              c.items.some((i) => (i.fnsku !== null && i.fnsku === line.fnsku) || (i.orderId !== null && i.orderId === line.amazonOrderId))
          )
          matchedBy = 'item'
        }
        if (!target) continue
        const amount = matchedBy === 'reversal' ? -Math.abs(line.amountTotalMinor) : line.amountTotalMinor
        const quantity = matchedBy === 'reversal' ? -Math.abs(line.quantityTotal) : line.quantityTotal
        if (
          pay.run(target.id, line.id, line.reimbursementId, matchedBy, line.reimbursedAt, line.currency, amount, quantity, now).changes ===
          0
        )
          continue
        taken.add(line.id)
        matched++
        if (matchedBy !== 'reversal') paidBy.set(line.reimbursementId, target.id)
        const paidQuantity = target.paidQuantity + quantity
        const paidMinor = (target.paidCurrency === null || target.paidCurrency === line.currency ? target.paidMinor : 0) + amount
        const state: CaseState = matchedBy === 'reversal' ? 'reopened' : paidQuantity >= target.quantity ? 'paid' : 'partlyPaid'
        this.sqlite
          .prepare('UPDATE cases SET state = ?, paid_minor = ?, paid_currency = ?, paid_quantity = ?, updated_at = ? WHERE id = ?')
          .run(state, paidMinor, line.currency, paidQuantity, now, target.id)
        this.record(target.id, target.state, state, 'autoMatch', now, {
          reimbursementId: line.reimbursementId,
          note:
            matchedBy === 'reversal'
              ? `reversal of ${line.originalReimbursementId}`
              : `matched by ${matchedBy === 'caseId' ? 'Case ID' : 'FNSKU/order and quantity'}`
        })
        Object.assign(target, { state, paidMinor, paidQuantity, paidCurrency: line.currency })
      }
    })()
    return matched
  }

  // ------------------------------------------------------------------ one order timeline
  /** RMAs, FBA returns, refunds, reimbursements and case events of one order, in time order. */
  orderTimeline(storeId: string, amazonOrderId: string): OrderTimelineItem[] {
    this.deps.stores.basics(storeId)
    const items: OrderTimelineItem[] = []
    const base = { sku: null, quantity: null, amount: null, caseId: null, status: null }
    let detail: ReturnType<ReimbursementsService['orderDetail']> | null = null
    try {
      detail = this.deps.reimbursements.orderDetail(storeId, amazonOrderId)
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e
    }
    if (detail) {
      for (const r of detail.returns)
        if (r.at) items.push({ ...base, at: r.at, kind: 'rma', reference: r.id, status: r.status, sku: r.sku, quantity: r.quantity })
      for (const r of detail.refunds)
        items.push({
          ...base,
          at: r.at,
          kind: 'refund',
          reference: r.id,
          status: r.status,
          amount: r.currency ? { currency: r.currency, amountMinor: r.amountMinor } : null
        })
      for (const r of detail.reimbursements)
        items.push({
          ...base,
          at: r.reimbursedAt,
          kind: 'reimbursement',
          reference: r.reimbursementId,
          status: r.reasonCategory,
          sku: r.sku,
          quantity: r.quantityTotal,
          amount: { currency: r.currency, amountMinor: r.amountTotalMinor }
        })
    }
    for (const r of this.deps.rmas.fbaReturnsForOrder(storeId, amazonOrderId))
      items.push({
        ...base,
        at: r.returnDate,
        kind: 'return',
        reference: String(r.id),
        status: r.disposition,
        sku: r.sku,
        quantity: r.quantity
      })
    const caseEvents = this.sqlite
      .prepare(
        `SELECT e.at, e.to_state AS state, c.id AS caseId, c.amazon_case_id AS amazonCaseId FROM case_events e
         JOIN cases c ON c.id = e.case_id
         WHERE c.store_id = ? AND c.id IN (SELECT case_id FROM case_findings WHERE amazon_order_id = ?) ORDER BY e.at, e.id`
      )
      .all(storeId, amazonOrderId) as { at: string; state: CaseState; caseId: number; amazonCaseId: string | null }[]
    for (const e of caseEvents)
      items.push({ ...base, at: e.at, kind: 'case', reference: e.amazonCaseId ?? `#${e.caseId}`, status: e.state, caseId: e.caseId })
    return items.sort((a, b) => a.at.localeCompare(b.at))
  }
}

/** A stored name as a file name of one folder: no folder part, no control characters; "evidence" if nothing is left. */
export function safeFileName(name: string): string {
  const clean = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .trim()
  return clean === '' || clean === '.' || clean === '..' ? 'evidence' : clean
}
