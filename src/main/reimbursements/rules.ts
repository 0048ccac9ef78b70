/**
 * Pure rules of the reimbursements domain: reason categories, the row key, who initiated a
 * reimbursement, CSV escaping. No IO, no clock.
 */
import { REASON_CATEGORIES, type ReasonCategory, type ReimbursementRow } from '../../shared/contract/reimbursements'
import { formatMinor } from '../../shared/money'

export { REASON_CATEGORIES, type ReasonCategory }

// Amazon's reason codes and their categories live with the report parser (Amazon's vocabulary).
export { KNOWN_REASONS, reasonCategory } from '../amazon/reports/reimbursement-reasons'

/** Who asked for it: a case id means the seller (or a service) opened a case; otherwise Amazon paid on its own. */
export const initiatedBy = (caseId: string | null | undefined): 'seller' | 'amazon' =>
  caseId && caseId.trim() !== '' ? 'seller' : 'amazon'

/**
 * One report line within a reimbursement id. A reimbursement id can carry several lines
 * (sp-api-notes §1.1), so the line is identified by what distinguishes them.
 */
export function lineKey(r: {
  sku: string
  fnsku: string | null
  reason: string
  amazonOrderId: string | null
  originalReimbursementId: string | null
}): string {
  return `${r.sku}\u001f${r.fnsku ?? ''}\u001f${r.reason}\u001f${r.amazonOrderId ?? ''}\u001f${r.originalReimbursementId ?? ''}`
}

/**
 * CSV cell: quoted when needed; a cell starting with = + - @ (or TAB/CR) gets a leading ' so a
 * spreadsheet shows it as text instead of running it as a formula (OWASP CSV injection). A plain
 * signed decimal ("-9.87") is not a formula and stays a number, so amounts still add up in Excel.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let s = String(value)
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvLine = (cells: (string | number | boolean | null | undefined)[]): string => cells.map(csvCell).join(',')

/** The export's columns (the desktop's and the team server's CSV are the same file). */
export const EXPORT_CSV_HEADER = [
  'store',
  'marketplace',
  'reimbursement-time',
  'time-source',
  'approval-date',
  'reimbursement-id',
  'case-id',
  'amazon-order-id',
  'reason',
  'reason-category',
  'order-status',
  'sku',
  'fnsku',
  'asin',
  'parent-asin',
  'product-name',
  'condition',
  'currency-unit',
  'amount-per-unit',
  'amount-total',
  'quantity-reimbursed-cash',
  'quantity-reimbursed-inventory',
  'quantity-reimbursed-total',
  'original-reimbursement-id',
  'original-reimbursement-type',
  'initiated-by',
  'source-file',
  'source-line'
] as const

/** One row of the export, in EXPORT_CSV_HEADER's order; amounts as exact decimals. */
export const exportCsvRow = (r: ReimbursementRow): string =>
  csvLine([
    r.storeName,
    r.marketplace ?? '—',
    r.reimbursedAt,
    r.timeFromApproval ? 'approval-date' : 'reimbursement-time',
    r.approvedAt,
    r.reimbursementId,
    r.caseId,
    r.amazonOrderId,
    r.reason,
    r.reasonCategory,
    r.orderStatus,
    r.sku,
    r.fnsku,
    r.asin,
    r.parentAsin,
    r.title,
    r.condition,
    r.currency,
    r.amountPerUnitMinor === null ? null : formatMinor(r.amountPerUnitMinor, r.currency),
    formatMinor(r.amountTotalMinor, r.currency),
    r.quantityCash,
    r.quantityInventory,
    r.quantityTotal,
    r.originalReimbursementId,
    r.originalReimbursementType,
    r.initiatedBy,
    r.sourceFile,
    r.sourceLine
  ])
