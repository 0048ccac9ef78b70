/**
 * The audits' rules, pure (no IO): a recovery service's statement lines checked against the
 * reimbursements Amazon paid, and pre-order losses paid below the seller's manufacturing cost.
 */
import type { AuditedLine, BelowCostRow, DiscrepancyKind } from '../../shared/contract/audits'
import { DISCREPANCY_KINDS } from '../../shared/contract/audits'
import { totalsByCurrency, type Money } from '../../shared/money'
import { MANUFACTURING_COST_VALUATION } from '../../shared/rules'
import type { AuditReimbursement } from '../reimbursements/service'

export type { AuditReimbursement }

/** A statement line as the service billed it. */
export type StatementLine = {
  statementId: number
  fileName: string
  line: number
  caseId: string | null
  reimbursementId: string | null
  amount: Money
  fee: Money
}

const isReversal = (r: AuditReimbursement) => r.reasonCategory === 'ReimbursementCancellation' || r.originalReimbursementId !== null

/** Lookups over a store's reimbursements: paid lines by reimbursement id and by case id; reversals by the id they reverse. */
export function indexReimbursements(rows: AuditReimbursement[]) {
  const byId = new Map<string, AuditReimbursement[]>()
  const byCase = new Map<string, AuditReimbursement[]>()
  const reversalsOf = new Map<string, AuditReimbursement[]>()
  for (const r of rows) {
    if (isReversal(r)) {
      if (r.originalReimbursementId) reversalsOf.set(r.originalReimbursementId, [...(reversalsOf.get(r.originalReimbursementId) ?? []), r])
      continue
    }
    byId.set(r.reimbursementId, [...(byId.get(r.reimbursementId) ?? []), r])
    if (r.caseId) byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r])
  }
  return { byId, byCase, reversalsOf }
}
export type ReimbursementIndex = ReturnType<typeof indexReimbursements>

/** The key a charge is counted under for "charged twice": the reimbursement id, else the case id. */
const chargeKey = (l: Pick<StatementLine, 'reimbursementId' | 'caseId'>) =>
  l.reimbursementId ? `r:${l.reimbursementId}` : l.caseId ? `c:${l.caseId}` : null

/**
 * Audits `lines` (one statement, in file order). `earlier` are the lines of statements imported
 * before it (any service, same store), in import order: a reimbursement charged there (or on an
 * earlier line of this statement) is charged twice here.
 *
 * What Amazon paid for a line: the lines of its reimbursement id (else every reimbursement with its
 * case id), reversals excluded, summed. A line checks out when that sum equals its amount in the
 * same currency, the reimbursement carries a case id (someone filed it), nothing reversed it and
 * it was not charged before. A disputed line's whole fee is at stake.
 */
export function auditLines(lines: StatementLine[], earlier: StatementLine[], idx: ReimbursementIndex): AuditedLine[] {
  const first = new Map<string, StatementLine>()
  for (const l of earlier) {
    const k = chargeKey(l)
    if (k && !first.has(k)) first.set(k, l)
  }
  return lines.map((l) => {
    const kinds = new Set<DiscrepancyKind>()
    const paidLines = (l.reimbursementId ? idx.byId.get(l.reimbursementId) : l.caseId ? idx.byCase.get(l.caseId) : undefined) ?? []
    let paid: AuditedLine['paid'] = null
    if (paidLines.length === 0) kinds.add('notFound')
    else {
      const currency = paidLines[0]!.currency
      const mixed = paidLines.some((r) => r.currency !== currency)
      const amountMinor = paidLines.reduce((s, r) => s + r.amountTotalMinor, 0)
      const ids = [...new Set(paidLines.map((r) => r.reimbursementId))]
      const reversals = ids.flatMap((id) => idx.reversalsOf.get(id) ?? [])
      const reversedMinor = reversals.reduce((s, r) => s + r.amountTotalMinor, 0)
      const caseId = paidLines.find((r) => r.caseId)?.caseId ?? null
      paid = {
        reimbursementIds: ids,
        caseId,
        amount: { amountMinor, currency },
        reversed: reversals.length ? { amountMinor: reversedMinor, currency } : null,
        reimbursedAt: paidLines.map((r) => r.reimbursedAt).sort()[0]!
      }
      if (mixed || currency !== l.amount.currency || amountMinor !== l.amount.amountMinor) kinds.add('amountDiffers')
      if (!caseId) kinds.add('noCase')
      if (reversals.length) kinds.add('reversed')
    }
    const k = chargeKey(l)
    const before = k ? first.get(k) : undefined
    if (k && !before) first.set(k, l)
    if (before) kinds.add('duplicate')
    const ordered = DISCREPANCY_KINDS.filter((x) => kinds.has(x))
    return {
      line: l.line,
      caseId: l.caseId,
      reimbursementId: l.reimbursementId,
      amount: l.amount,
      fee: l.fee,
      kinds: ordered,
      feeAtStake: ordered.length ? l.fee : null,
      paid,
      duplicateOf: before ? { statementId: before.statementId, fileName: before.fileName, line: before.line } : null
    }
  })
}

export function auditTotals(lines: AuditedLine[]) {
  return {
    amount: totalsByCurrency(lines.map((l) => l.amount)),
    fee: totalsByCurrency(lines.map((l) => l.fee)),
    feeAtStake: totalsByCurrency(lines.flatMap((l) => (l.feeAtStake ? [l.feeAtStake] : [])))
  }
}

export function kindCounts(lines: AuditedLine[]): Record<DiscrepancyKind, number> {
  const c = Object.fromEntries(DISCREPANCY_KINDS.map((k) => [k, 0])) as Record<DiscrepancyKind, number>
  for (const l of lines) for (const k of l.kinds) c[k]++
  return c
}

/** A manufacturing cost of a SKU from a day (YYYY-MM-DD), as the claims domain keeps it. */
export type CostVersion = { sku: string; fromDate: string; costMinor: number; currency: string }

/** Reimbursement reasons of units lost or damaged before a customer order (warehouse, inbound): valued at manufacturing cost. */
export const PRE_ORDER_LOSS_CATEGORIES = ['WarehouseLost', 'WarehouseDamaged'] as const

/**
 * Reimbursements of pre-order losses paid per unit under the manufacturing cost in force for the
 * SKU on the approval day (the latest version whose from-date is that day or before), from the day
 * Amazon values such losses at manufacturing cost. Only cash units count; a cost in another
 * currency than the payment is not compared (no exchange rates here). Sorted by approval time.
 */
export function belowCost(store: { storeId: string; storeName: string }, rows: AuditReimbursement[], costs: CostVersion[]): BelowCostRow[] {
  const bySku = new Map<string, CostVersion[]>()
  for (const c of costs) bySku.set(c.sku, [...(bySku.get(c.sku) ?? []), c])
  for (const list of bySku.values()) list.sort((a, b) => b.fromDate.localeCompare(a.fromDate))
  const out: BelowCostRow[] = []
  for (const r of rows) {
    if (!(PRE_ORDER_LOSS_CATEGORIES as readonly string[]).includes(r.reasonCategory)) continue
    if (isReversal(r) || r.quantityCash <= 0 || r.amountPerUnitMinor === null) continue
    if (r.approvedAt < MANUFACTURING_COST_VALUATION.effectiveFrom) continue
    const day = r.approvedAt.slice(0, 10)
    const cost = (bySku.get(r.sku) ?? []).find((c) => c.fromDate <= day)
    if (!cost || cost.currency !== r.currency || r.amountPerUnitMinor >= cost.costMinor) continue
    const diff = cost.costMinor - r.amountPerUnitMinor
    out.push({
      ...store,
      reimbursementId: r.reimbursementId,
      caseId: r.caseId,
      sku: r.sku,
      fnsku: r.fnsku,
      reason: r.reason,
      reasonCategory: r.reasonCategory,
      approvedAt: r.approvedAt,
      quantity: r.quantityCash,
      paidPerUnit: { amountMinor: r.amountPerUnitMinor, currency: r.currency },
      costPerUnit: { amountMinor: cost.costMinor, currency: cost.currency },
      costFromDate: cost.fromDate,
      differencePerUnit: { amountMinor: diff, currency: r.currency },
      differenceTotal: { amountMinor: diff * r.quantityCash, currency: r.currency }
    })
  }
  return out.sort((a, b) => a.approvedAt.localeCompare(b.approvedAt) || a.reimbursementId.localeCompare(b.reimbursementId))
}
