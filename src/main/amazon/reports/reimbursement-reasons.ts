/** Amazon's reimbursement reason codes and the category the screen filters by (Amazon's vocabulary, no IO). */
import type { ReasonCategory } from '../../../shared/contract/reimbursements'

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
