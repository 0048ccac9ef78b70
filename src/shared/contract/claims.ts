/**
 * Claims (issue #15): what Amazon still owes the seller, found from the seller's own reports
 * (inventory ledger, FBA customer returns, reimbursements, refunds), each finding with the window
 * of the rule pack and the source lines it was found from.
 */
import { z } from 'zod'
import { Money } from '../money'
import { StoreId } from '../ids'
import { FileImportInput } from './imports'
import type { ContractSlice } from './types'

export const CLAIM_TYPES = [
  'fcLost',
  'fcDamaged',
  'customerReturn',
  // claimsdata: returns damaged by Amazon/the carrier, replacements whose original never came
  // back, removal orders short or lost, inbound shipments received short.
  'returnDamaged',
  'replacementNotReturned',
  'removalShortage',
  'inboundShortage'
] as const
export const ClaimType = z.enum(CLAIM_TYPES)
export type ClaimType = z.infer<typeof ClaimType>

/**
 * wait: before the earliest date Amazon expects a claim (it may still pay by itself);
 * claimNow: inside the window; expiresSoon: inside the window's last days (the rule's urgentBefore);
 * expired: the deadline passed; reimbursed: Amazon reimbursed every unit still owed (the finding
 * closed itself: its evidence names the reimbursements, `reimbursedBy`). Not money to claim.
 * A finding whose units were all found again (not paid) is no finding at all.
 */
export const CLAIM_STATUSES = ['wait', 'claimNow', 'expiresSoon', 'expired', 'reimbursed'] as const
export const ClaimStatus = z.enum(CLAIM_STATUSES)
export type ClaimStatus = z.infer<typeof ClaimStatus>

/** One line a finding was found from, or was netted against. */
export const ClaimEvidence = z.object({
  /**
   * ledger: inventory ledger row; reimbursement; return: FBA customer return; refund: refund event;
   * replacement: replacement shipment; removalOrder / removalShipment: removal order detail and
   * removal shipment detail lines; inbound: an inbound shipment item (shipped vs received).
   */
  kind: z.enum(['ledger', 'reimbursement', 'return', 'refund', 'replacement', 'removalOrder', 'removalShipment', 'inbound']),
  /**
   * event: the loss/damage/refund itself; found, reimbursed, returned: what was netted against it;
   * shipped: units a removal shipment line shows shipped; received: units an inbound shipment received.
   */
  role: z.enum(['event', 'found', 'reimbursed', 'returned', 'shipped', 'received']),
  at: z.string(),
  /** Units this line counts for this finding (positive; a reversal gives units back: negative). */
  quantity: z.number().int(),
  /** The line's own id (ledger reference id, reimbursement id, order id, refund transaction id). */
  reference: z.string().nullable(),
  /** Adjustment reason code, reimbursement reason, return disposition. */
  detail: z.string().nullable(),
  /** Where it came from: a file name or report document ("GET_LEDGER_DETAIL_VIEW_DATA <id>"), and the line. */
  sourceFile: z.string().nullable(),
  sourceLine: z.number().int().nullable()
})
export type ClaimEvidence = z.infer<typeof ClaimEvidence>

export const ClaimFinding = z.object({
  /** Stable across runs: the same event gives the same id (re-running the finder never duplicates). */
  id: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  type: ClaimType,
  sku: z.string().nullable(),
  fnsku: z.string().nullable(),
  asin: z.string().nullable(),
  amazonOrderId: z.string().nullable(),
  marketplaceId: z.string().nullable(),
  fulfillmentCenter: z.string().nullable(),
  /** Units still owed, after found units, returns and reimbursements. */
  quantity: z.number().int(),
  /** The event the window counts from (reported lost/damaged, refunded). */
  eventAt: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: ClaimStatus,
  /** The rule pack's rule and version (effectiveFrom) that placed the window, and its sources. */
  rule: z.object({ id: z.string(), effectiveFrom: z.string(), sources: z.array(z.string()), note: z.string().nullable() }),
  /** Estimated value; null when the app knows no basis for this SKU. */
  value: Money.nullable(),
  /**
   * manufacturingCost: the seller's cost in force on the event's day (losses before a customer
   * order since 10 Mar 2025); lastReimbursement: Amazon's latest per-unit amount for the SKU;
   * refund: the refunded amount.
   */
  valueBasis: z.enum(['manufacturingCost', 'lastReimbursement', 'refund']).nullable(),
  evidence: z.array(ClaimEvidence)
})
export type ClaimFinding = z.infer<typeof ClaimFinding>

/**
 * The reimbursement ids that netted a finding's units, first paid first. A reversal (negative
 * units, its own id) takes back the units last netted, as the finder nets them.
 */
export function reimbursedBy(f: Pick<ClaimFinding, 'evidence'>): string[] {
  const paid: { id: string; units: number }[] = []
  for (const e of f.evidence) {
    if (e.kind !== 'reimbursement') continue
    if (e.quantity > 0) paid.push({ id: e.reference ?? '?', units: e.quantity })
    let back = -e.quantity
    for (let i = paid.length - 1; i >= 0 && back > 0; i--) {
      const n = Math.min(paid[i]!.units, back)
      paid[i]!.units -= n
      back -= n
    }
  }
  return [...new Set(paid.filter((p) => p.units > 0).map((p) => p.id))]
}

/** Whether a finding is money to claim (counted in the totals): not expired, not reimbursed. */
export const isClaimable = (s: ClaimStatus): boolean => s !== 'expired' && s !== 'reimbursed'

export const ClaimsFilter = z
  .object({
    storeId: StoreId.optional(),
    statuses: z.array(ClaimStatus).max(CLAIM_STATUSES.length).optional(),
    types: z.array(ClaimType).max(CLAIM_TYPES.length).optional(),
    /** SKU prefix, case-insensitive. */
    sku: z.string().trim().max(200).optional(),
    /** Event date range, days (YYYY-MM-DD, UTC), both ends included. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional()
  })
  .strict()
export type ClaimsFilter = z.infer<typeof ClaimsFilter>

export const ClaimsList = z.object({
  /** Soonest deadline first. */
  findings: z.array(ClaimFinding),
  /** Value of the findings still to claim (not expired, not reimbursed) per currency. */
  openTotals: z.array(Money),
  /** Value of findings whose deadline is within the rule's last days. */
  expiringTotals: z.array(Money),
  counts: z.record(ClaimStatus, z.number().int()),
  /** The instant the statuses were computed for. */
  asOf: z.string(),
  /** The version of the claim rule pack the windows were placed with (shown on the screen). */
  rulesVersion: z.string()
})

/** A claim window, for the Deadlines screen: one per finding. */
export const ClaimWindow = z.object({
  findingId: z.string(),
  storeId: z.string(),
  type: ClaimType,
  opensAt: z.string(),
  closesAt: z.string(),
  status: ClaimStatus,
  value: Money.nullable()
})
export type ClaimWindow = z.infer<typeof ClaimWindow>

export const LedgerImportSummary = z.object({
  file: z.string(),
  encoding: z.string(),
  /** Data rows read (header and blank lines not counted). */
  rows: z.number().int(),
  inserted: z.number().int(),
  /** Rows the store already had (a re-import, or an overlapping download). */
  unchanged: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** The file's quantities per event type and adjustment reason (sum of Quantity; exact). */
  quantities: z.array(
    z.object({ eventType: z.string(), reason: z.string().nullable(), rows: z.number().int(), quantity: z.number().int() })
  ),
  from: z.string().nullable(),
  to: z.string().nullable(),
  committed: z.boolean()
})
export type LedgerImportSummary = z.infer<typeof LedgerImportSummary>

/**
 * An import of a removal order detail, removal shipment detail or replacement report (recognised
 * by its header): what it is, what it would add or change, and every rejected line with its column.
 */
export const ClaimReportImportSummary = z.object({
  file: z.string(),
  kind: z.enum(['removalOrders', 'removalShipments', 'replacements']),
  reportType: z.string(),
  encoding: z.string(),
  rows: z.number().int(),
  inserted: z.number().int(),
  /** Lines that replace an older state of the same line (a removal order's progress). */
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), column: z.string().nullable(), reason: z.string() })),
  /** The file's quantities, exact sums per column ("requested-quantity", "shipped-quantity", "quantity"…). */
  quantities: z.array(z.object({ column: z.string(), quantity: z.number().int() })),
  from: z.string().nullable(),
  to: z.string().nullable(),
  committed: z.boolean()
})
export type ClaimReportImportSummary = z.infer<typeof ClaimReportImportSummary>

/**
 * An import through the Claims screen's one drop zone (and `claims import-report`): any of the
 * claims reports, recognised by content in main — `kind` says which.
 */
export const ClaimsFileImportSummary = z.union([LedgerImportSummary.extend({ kind: z.literal('ledger') }), ClaimReportImportSummary])
export type ClaimsFileImportSummary = z.infer<typeof ClaimsFileImportSummary>

export const CostImportSummary = z.object({
  file: z.string(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  committed: z.boolean()
})
export type CostImportSummary = z.infer<typeof CostImportSummary>

export const SetCostInput = z
  .object({
    storeId: StoreId,
    sku: z.string().trim().min(1).max(200),
    /** Minor units of `currency`. */
    costMinor: z.number().int().min(0),
    currency: z.string().regex(/^[A-Z]{3}$/),
    fromDate: z.iso.date()
  })
  .strict()

export const claims = {
  'claims.list': { input: ClaimsFilter, output: ClaimsList },
  /** The filtered findings as CSV (one row per finding); the caller saves it (renderer download, CLI file). */
  'claims.exportCsv': {
    input: ClaimsFilter,
    output: z.object({ fileName: z.string(), rows: z.number().int(), csv: z.string() })
  },
  'claims.importLedger': { input: FileImportInput, output: LedgerImportSummary },
  'claims.previewCostsImport': { input: FileImportInput, output: CostImportSummary },
  'claims.importCosts': { input: FileImportInput, output: CostImportSummary },
  'claims.setCost': { input: SetCostInput, output: z.object({ changed: z.boolean() }) },
  // Removal order/shipment detail and replacement reports (one channel: the file says which it is).
  'claims.importReport': { input: FileImportInput, output: ClaimReportImportSummary },
  // Any claims report (ledger, removal order/shipment detail, replacements): recognised by content.
  'claims.previewFileImport': { input: FileImportInput, output: ClaimsFileImportSummary },
  'claims.importFile': { input: FileImportInput, output: ClaimsFileImportSummary }
} as const satisfies ContractSlice
