/**
 * Audits (issue #16): a recovery service's statement imported through the user's column mapping
 * (remembered per service) and checked against the reimbursements; reimbursements of pre-order
 * losses paid below the seller's manufacturing cost.
 *
 * The statement's lines are stored as billed; the audit is computed on every read (audit.ts,
 * pure), so a reversal or a reimbursement that arrives later changes the answer in place.
 * Reimbursements and costs are read through their owners' services (ports given by services.ts).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import {
  DISCREPANCY_KINDS,
  StatementMapping,
  type AuditedLine,
  type BelowCostRow,
  type DiscrepancyKind,
  type StatementAudit,
  type StatementInfo
} from '../../shared/contract/audits'
import { formatMinor, totalsByCurrency, type Money } from '../../shared/money'
import { MANUFACTURING_COST_VALUATION } from '../../shared/rules'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import type { FileStaging } from '../files'
import { csvLine } from '../reimbursements/rules'
import type { StoresService } from '../stores/service'
import {
  auditLines,
  auditTotals,
  belowCost,
  indexReimbursements,
  kindCounts,
  type AuditReimbursement,
  type CostVersion,
  type StatementLine
} from './audit'
import { guessMapping, missingFields, readStatement, readStatementHeader } from './statement'

type Deps = {
  db: Db
  clock: Clock
  events: EventBus
  files: FileStaging
  stores: Pick<StoresService, 'basics' | 'ids' | 'names'>
  /** A store's reimbursement lines (ReimbursementsService.forAudits). */
  reimbursements: { forAudits(storeId: string): AuditReimbursement[] }
  /** A store's manufacturing cost versions (the claims domain's costs). */
  costs: { costVersions(storeId: string): CostVersion[] }
}

/** "Acme  Recovery" and "acme recovery" are one service. */
export const serviceKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase()

/** Plain English for each kind, in the CSV export (the screen has its own words, en and zh-CN). */
const KIND_TEXT: Record<DiscrepancyKind, string> = {
  notFound: 'no such reimbursement',
  amountDiffers: 'amount differs from what Amazon paid',
  noCase: 'Amazon paid on its own (no case)',
  reversed: 'Amazon later reversed it',
  duplicate: 'charged twice'
}

type StatementRow = { id: number; storeId: string; service: string; fileName: string; importedAt: string; rows: number }

export type StatementSourceInput = {
  storeId: string
  service: string
  source: string | Buffer
  fileName: string
  mapping?: StatementMapping
  commit: boolean
  detailLimit?: number
}

export class AuditsService {
  constructor(private readonly deps: Deps) {}

  private get sqlite() {
    return this.deps.db.$client
  }

  // ------------------------------------------------------------------ mappings
  /** The mapping remembered for a service, or null. */
  mapping(service: string): StatementMapping | null {
    const row = this.sqlite.prepare('SELECT mapping FROM audit_service_mappings WHERE service_key = ?').get(serviceKey(service)) as
      { mapping: string } | undefined
    return row ? StatementMapping.parse(JSON.parse(row.mapping)) : null
  }

  /** The services with a remembered mapping, by name. */
  services(): string[] {
    return (
      this.sqlite.prepare('SELECT service FROM audit_service_mappings ORDER BY service COLLATE NOCASE').all() as { service: string }[]
    ).map((r) => r.service)
  }

  private rememberMapping(service: string, mapping: StatementMapping): void {
    this.sqlite
      .prepare(
        `INSERT INTO audit_service_mappings (service_key, service, mapping, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (service_key) DO UPDATE SET service = excluded.service, mapping = excluded.mapping, updated_at = excluded.updated_at`
      )
      .run(serviceKey(service), service.trim(), JSON.stringify(mapping), this.deps.clock.now().toISOString())
  }

  // ------------------------------------------------------------------ statements
  /** The screen's and the CLI's import (commit) or preview of a staged statement file. */
  async statementFile(
    input: { storeId: string; fileId: string; service: string; mapping?: StatementMapping; detailLimit: number },
    commit: boolean
  ): Promise<StatementAudit> {
    const f = this.deps.files.get(input.fileId)
    const run = () => this.statementSource({ ...input, source: f.path, fileName: f.name, commit })
    return commit ? this.deps.files.consume(input.fileId, run) : run()
  }

  /**
   * Reads a statement with the given mapping (else the service's remembered one, else one guessed
   * from the header), audits it, and on commit stores it and remembers the mapping for the service.
   * An incomplete mapping audits nothing: a preview answers what is missing, an import is refused.
   */
  async statementSource(input: StatementSourceInput): Promise<StatementAudit> {
    this.deps.stores.basics(input.storeId) // NOT_FOUND for an unknown store
    const bytes = typeof input.source === 'string' ? readFileSync(input.source) : input.source
    const header = await readStatementHeader(bytes, input.fileName)
    const remembered = input.mapping ? null : this.mapping(input.service)
    const mapping = input.mapping ?? remembered ?? guessMapping(header)
    const mappingSource = input.mapping ? 'given' : remembered ? 'remembered' : 'guessed'
    const missing = missingFields(mapping, header)
    const base = { file: input.fileName, service: input.service.trim(), header, mapping, mappingSource, missing } as const
    if (missing.length) {
      if (input.commit)
        throw new AppError(
          'VALIDATION',
          `${input.fileName}: the column mapping for "${input.service}" is incomplete: ${missing.join('; ')}. The file's columns are: ${header.map((h) => `"${h}"`).join(', ')}.`,
          { missing, header }
        )
      return { ...base, ...emptyAudit(), committed: false }
    }
    const read = await readStatement(bytes, input.fileName, mapping)
    const limit = input.detailLimit ?? 1000
    const rejected = read.rejected.slice(0, limit)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const key = serviceKey(input.service)
    const existing = this.sqlite
      .prepare('SELECT id FROM audit_statements WHERE store_id = ? AND service_key = ? AND sha256 = ?')
      .get(input.storeId, key, sha256) as { id: number } | undefined
    if (existing) {
      if (input.commit) this.rememberMapping(input.service, mapping)
      const a = this.statement(existing.id)
      return { ...a, ...base, rows: read.rows, rejectedCount: read.rejected.length, rejected, alreadyImported: true, committed: false }
    }
    if (input.commit && read.lines.length === 0)
      throw new AppError(
        'VALIDATION',
        `${input.fileName}: no line of the statement could be read, nothing imported${read.rejected[0] ? ` (line ${read.rejected[0].line}${read.rejected[0].column ? `, column ${read.rejected[0].column}` : ''}: ${read.rejected[0].reason})` : ''}.`,
        { rejected }
      )
    if (!input.commit) {
      const earlier = this.linesOf(this.statementRows(input.storeId))
      const lines = auditLines(
        read.lines.map((l) => ({ ...l, statementId: 0, fileName: input.fileName })),
        earlier,
        indexReimbursements(this.deps.reimbursements.forAudits(input.storeId))
      )
      return {
        ...base,
        ...summarize(lines),
        rows: read.rows,
        rejectedCount: read.rejected.length,
        rejected,
        alreadyImported: false,
        committed: false
      }
    }
    const now = this.deps.clock.now().toISOString()
    const id = inTransaction(this.sqlite, () => {
      const sid = Number(
        this.sqlite
          .prepare(
            'INSERT INTO audit_statements (store_id, service, service_key, file_name, sha256, rows, rejected, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
          )
          .run(input.storeId, input.service.trim(), key, input.fileName, sha256, read.rows, read.rejected.length, now).lastInsertRowid
      )
      const ins = this.sqlite.prepare(
        `INSERT INTO audit_statement_lines (statement_id, line, case_id, reimbursement_id, amount_minor, currency, fee_minor, fee_currency)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      )
      for (const l of read.lines)
        ins.run(sid, l.line, l.caseId, l.reimbursementId, l.amount.amountMinor, l.amount.currency, l.fee.amountMinor, l.fee.currency)
      this.rememberMapping(input.service, mapping)
      return sid
    })
    this.deps.events.emit('data.changed', { domains: ['audits'] })
    const a = this.statement(id)
    return { ...a, ...base, rows: read.rows, rejectedCount: read.rejected.length, rejected, committed: true }
  }

  private statementRows(storeId?: string): StatementRow[] {
    return this.sqlite
      .prepare(
        `SELECT id, store_id AS storeId, service, file_name AS fileName, imported_at AS importedAt, rows FROM audit_statements
         ${storeId ? 'WHERE store_id = ?' : ''} ORDER BY id`
      )
      .all(...(storeId ? [storeId] : [])) as StatementRow[]
  }

  /** The stored lines of statements, in import order then file order. */
  private linesOf(statements: StatementRow[]): StatementLine[] {
    if (statements.length === 0) return []
    const names = new Map(statements.map((s) => [s.id, s.fileName]))
    const rows = this.sqlite
      .prepare(
        `SELECT statement_id AS statementId, line, case_id AS caseId, reimbursement_id AS reimbursementId, amount_minor AS amountMinor,
           currency, fee_minor AS feeMinor, fee_currency AS feeCurrency
         FROM audit_statement_lines WHERE statement_id IN (${statements.map(() => '?').join(',')}) ORDER BY statement_id, line, id`
      )
      .all(...statements.map((s) => s.id)) as {
      statementId: number
      line: number
      caseId: string | null
      reimbursementId: string | null
      amountMinor: number
      currency: string
      feeMinor: number
      feeCurrency: string
    }[]
    return rows.map((r) => ({
      statementId: r.statementId,
      fileName: names.get(r.statementId)!,
      line: r.line,
      caseId: r.caseId,
      reimbursementId: r.reimbursementId,
      amount: { amountMinor: r.amountMinor, currency: r.currency },
      fee: { amountMinor: r.feeMinor, currency: r.feeCurrency }
    }))
  }

  /** Audits every stored statement of a store, in import order: statement id → its audited lines. */
  private auditStore(storeId: string): Map<number, AuditedLine[]> {
    const statements = this.statementRows(storeId)
    const all = this.linesOf(statements)
    const idx = indexReimbursements(this.deps.reimbursements.forAudits(storeId))
    const out = new Map<number, AuditedLine[]>()
    let earlier: StatementLine[] = []
    for (const s of statements) {
      const mine = all.filter((l) => l.statementId === s.id)
      out.set(s.id, auditLines(mine, earlier, idx))
      earlier = earlier.concat(mine)
    }
    return out
  }

  private info(s: StatementRow, lines: AuditedLine[], names: Map<string, string>): StatementInfo {
    return {
      id: s.id,
      storeId: s.storeId,
      storeName: names.get(s.storeId) ?? s.storeId,
      service: s.service,
      fileName: s.fileName,
      importedAt: s.importedAt,
      lines: lines.length,
      disputed: lines.filter((l) => l.kinds.length).length,
      feeAtStake: auditTotals(lines).feeAtStake
    }
  }

  /** The imported statements (newest first), each with its disputed lines and the fees at stake. */
  statements(storeId?: string): StatementInfo[] {
    const names = this.deps.stores.names()
    const ids = storeId ? [storeId] : [...new Set(this.statementRows().map((s) => s.storeId))]
    const out: StatementInfo[] = []
    for (const id of ids) {
      const audited = this.auditStore(id)
      for (const s of this.statementRows(id)) out.push(this.info(s, audited.get(s.id) ?? [], names))
    }
    return out.sort((a, b) => b.importedAt.localeCompare(a.importedAt) || b.id - a.id)
  }

  private row(statementId: number): StatementRow {
    const s = this.sqlite
      .prepare(
        'SELECT id, store_id AS storeId, service, file_name AS fileName, imported_at AS importedAt, rows FROM audit_statements WHERE id = ?'
      )
      .get(statementId) as StatementRow | undefined
    if (!s) throw new AppError('NOT_FOUND', `No statement ${statementId}`)
    return s
  }

  /**
   * One statement's audit. `kinds` keeps the lines with any of those discrepancies; the counts are
   * of every line, the totals of the lines kept.
   */
  statement(statementId: number, kinds?: DiscrepancyKind[]): StatementAudit {
    const s = this.row(statementId)
    const all = this.auditStore(s.storeId).get(s.id) ?? []
    const lines = kinds?.length ? all.filter((l) => l.kinds.some((k) => kinds.includes(k))) : all
    const mapping = this.mapping(s.service)
    return {
      statement: this.info(s, all, this.deps.stores.names()),
      file: s.fileName,
      service: s.service,
      header: [],
      mapping: mapping ?? { columns: {}, decimalMark: '.', currency: null },
      mappingSource: 'remembered',
      missing: [],
      rows: s.rows,
      rejectedCount: 0,
      rejected: [],
      lines,
      counts: kindCounts(all),
      disputed: all.filter((l) => l.kinds.length).length,
      totals: auditTotals(lines),
      alreadyImported: false,
      committed: true
    }
  }

  /** The disputed lines of a statement (of `kinds`, when given) as CSV, for the service. */
  exportStatement(statementId: number, kinds?: DiscrepancyKind[]): { fileName: string; rows: number; csv: string } {
    const a = this.statement(statementId, kinds)
    const disputed = a.lines.filter((l) => l.kinds.length)
    const m = (v: Money | null) => (v ? formatMinor(v.amountMinor, v.currency) : '')
    const head = csvLine([
      'line',
      'case-id',
      'reimbursement-id',
      'amount',
      'currency',
      'fee',
      'fee-currency',
      'discrepancies',
      'explanation',
      'amazon-paid',
      'amazon-case-id',
      'amazon-reversed',
      'first-charged'
    ])
    const body = disputed.map((l) =>
      csvLine([
        l.line,
        l.caseId,
        l.reimbursementId,
        m(l.amount),
        l.amount.currency,
        m(l.fee),
        l.fee.currency,
        l.kinds.join(' '),
        l.kinds.map((k) => KIND_TEXT[k]).join('; '),
        m(l.paid?.amount ?? null),
        l.paid?.caseId,
        m(l.paid?.reversed ?? null),
        l.duplicateOf ? `${l.duplicateOf.fileName} line ${l.duplicateOf.line}` : ''
      ])
    )
    const base = a.file.replace(/\.[^.]+$/, '')
    return { fileName: `${base}-disputed.csv`, rows: disputed.length, csv: [head, ...body].join('\r\n') + '\r\n' }
  }

  removeStatement(statementId: number): boolean {
    const removed = this.sqlite.prepare('DELETE FROM audit_statements WHERE id = ?').run(statementId).changes > 0
    if (removed) this.deps.events.emit('data.changed', { domains: ['audits'] })
    return removed
  }

  // ------------------------------------------------------------------ below cost
  belowCost(storeId?: string): { rows: BelowCostRow[]; totals: Money[]; valuationFrom: string } {
    const names = this.deps.stores.names()
    const ids = storeId ? [storeId] : this.deps.stores.ids()
    const rows: BelowCostRow[] = []
    for (const id of ids) {
      if (storeId) this.deps.stores.basics(id)
      rows.push(
        ...belowCost(
          { storeId: id, storeName: names.get(id) ?? id },
          this.deps.reimbursements.forAudits(id),
          this.deps.costs.costVersions(id)
        )
      )
    }
    rows.sort((a, b) => a.approvedAt.localeCompare(b.approvedAt) || a.reimbursementId.localeCompare(b.reimbursementId))
    return { rows, totals: totalsByCurrency(rows.map((r) => r.differenceTotal)), valuationFrom: MANUFACTURING_COST_VALUATION.effectiveFrom }
  }

  exportBelowCost(storeId?: string): { fileName: string; rows: number; csv: string } {
    const { rows } = this.belowCost(storeId)
    const m = (v: Money) => formatMinor(v.amountMinor, v.currency)
    const head = csvLine([
      'store',
      'reimbursement-id',
      'case-id',
      'approved',
      'sku',
      'fnsku',
      'reason',
      'quantity',
      'currency',
      'paid-per-unit',
      'cost-per-unit',
      'cost-from',
      'difference-per-unit',
      'difference-total'
    ])
    const body = rows.map((r) =>
      csvLine([
        r.storeName,
        r.reimbursementId,
        r.caseId,
        r.approvedAt,
        r.sku,
        r.fnsku,
        r.reason,
        r.quantity,
        r.paidPerUnit.currency,
        m(r.paidPerUnit),
        m(r.costPerUnit),
        r.costFromDate,
        m(r.differencePerUnit),
        m(r.differenceTotal)
      ])
    )
    return { fileName: 'paid-below-cost.csv', rows: rows.length, csv: [head, ...body].join('\r\n') + '\r\n' }
  }
}

function emptyAudit() {
  return {
    statement: null,
    rows: 0,
    rejectedCount: 0,
    rejected: [],
    lines: [],
    counts: Object.fromEntries(DISCREPANCY_KINDS.map((k) => [k, 0])) as Record<DiscrepancyKind, number>,
    disputed: 0,
    totals: { amount: [], fee: [], feeAtStake: [] },
    alreadyImported: false
  }
}

function summarize(lines: AuditedLine[]) {
  return {
    statement: null,
    lines,
    counts: kindCounts(lines),
    disputed: lines.filter((l) => l.kinds.length).length,
    totals: auditTotals(lines)
  }
}
