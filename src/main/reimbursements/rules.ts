/**
 * Pure rules of the reimbursements domain: reason categories, the row key, who initiated a
 * reimbursement, CSV escaping. No IO, no clock.
 */
import { REASON_CATEGORIES, type ReasonCategory } from '../../shared/contract/reimbursements'

export { REASON_CATEGORIES, type ReasonCategory }

/**
 * Raw `reason` values of GET_FBA_REIMBURSEMENTS_DATA and the category the screen filters by.
 * Amazon publishes no enumeration (sp-api-notes §1.1: values seen in public code); the online
 * report shows the same reasons as "Damaged: Warehouse" etc., so matching ignores case, spaces,
 * underscores, hyphens and colons. Anything not listed is "Other" (the raw value is kept).
 *
 * Choices worth knowing: inbound loss/damage (Lost_Inbound, Damaged_Inbound, MissingFromInbound)
 * happens while the fulfillment center receives the shipment, so it counts as warehouse
 * lost/damaged; ReturnAdjustment is return-related, so Customer Return.
 */
export const KNOWN_REASONS: Record<string, ReasonCategory> = {
  Lost_Warehouse: 'WarehouseLost',
  Lost_Inbound: 'WarehouseLost',
  MissingFromInbound: 'WarehouseLost',
  Damaged_Warehouse: 'WarehouseDamaged',
  Damaged_Inbound: 'WarehouseDamaged',
  Lost_Outbound: 'OutboundLost',
  CustomerReturn: 'CustomerReturn',
  ReturnAdjustment: 'CustomerReturn',
  CustomerServiceIssue: 'CustomerServiceIssue',
  CS_Error: 'CustomerServiceIssue',
  Reimbursement_Reversal: 'ReimbursementCancellation',
  ReimbursementReversal: 'ReimbursementCancellation',
  ReimbursementCancellation: 'ReimbursementCancellation',
  GeneralAdjustment: 'Other',
  FeeCorrection: 'Other'
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-:]+/g, '')
const BY_SQUASHED = new Map(Object.entries(KNOWN_REASONS).map(([k, v]) => [squash(k), v]))
// The online report's wording ("Damaged: Warehouse", "Lost: Warehouse") puts the place second.
for (const [k, v] of Object.entries(KNOWN_REASONS)) {
  const m = /^(Lost|Damaged)_(\w+)$/.exec(k)
  if (m) BY_SQUASHED.set(squash(`${m[2]}${m[1]}`), v)
}

export function reasonCategory(rawReason: string): ReasonCategory {
  return BY_SQUASHED.get(squash(rawReason)) ?? 'Other'
}

/** Who asked for it: a case id means the seller (or a service) opened a case; otherwise Amazon paid on its own. */
export const initiatedBy = (caseId: string | null | undefined): 'seller' | 'amazon' => (caseId && caseId.trim() !== '' ? 'seller' : 'amazon')

/**
 * One report line within a reimbursement id. A reimbursement id can carry several lines
 * (sp-api-notes §1.1), so the line is identified by what distinguishes them.
 */
export function lineKey(r: { sku: string; fnsku: string | null; reason: string; amazonOrderId: string | null; originalReimbursementId: string | null }): string {
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
