/**
 * Reimbursements (issue #4): FBA reimbursements synced from Amazon or imported from report
 * files, paged/sorted/filtered on the server, totals per currency, CSV export, order detail.
 */
import { z } from 'zod'
import { Money } from '../money'
import { StoreId } from '../ids'
import { FileImportInput } from './imports'
import type { ContractSlice } from './types'

/** The screen's reason filter; every raw Amazon reason maps to one (main/reimbursements/rules.ts). */
export const REASON_CATEGORIES = [
  'CustomerServiceIssue',
  'ReimbursementCancellation',
  'WarehouseLost',
  'OutboundLost',
  'WarehouseDamaged',
  'CustomerReturn',
  'Other'
] as const
export const ReasonCategory = z.enum(REASON_CATEGORIES)
export type ReasonCategory = z.infer<typeof ReasonCategory>

const Day = z.iso.date()
const Exact = z.string().trim().min(1).max(100)

export const ReimbursementFilter = z
  .object({
    storeId: StoreId.optional(),
    /** Reimbursement time range, inclusive, by UTC calendar day (YYYY-MM-DD). */
    from: Day.optional(),
    to: Day.optional(),
    reasons: z.array(ReasonCategory).max(REASON_CATEGORIES.length).optional(),
    reimbursementId: Exact.optional(),
    orderId: Exact.optional(),
    sku: Exact.optional(),
    asin: Exact.optional(),
    parentAsin: Exact.optional()
  })
  .strict()
export type ReimbursementFilter = z.infer<typeof ReimbursementFilter>

export const REIMBURSEMENT_SORT_COLUMNS = ['reimbursedAt', 'amountTotal', 'reimbursementId', 'sku'] as const
export const ReimbursementSort = z.object({
  sortBy: z.enum(REIMBURSEMENT_SORT_COLUMNS).default('reimbursedAt'),
  sortDir: z.enum(['asc', 'desc']).default('desc')
})

export const ReimbursementListInput = ReimbursementFilter.extend({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
  ...ReimbursementSort.shape
}).strict()

/** list counts matching rows up to this many (counting a million rows costs more than the page itself). */
export const LIST_COUNT_CAP = 10_000

export const ReimbursementRow = z.object({
  id: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  /** Country code of the marketplace (from the SKU's listing in the products catalog); null = unknown ("—"). */
  marketplace: z.string().nullable(),
  /** Reimbursement time (UTC ISO). */
  reimbursedAt: z.string(),
  /** True when the report had no reimbursement time and the approval time stands in for it. */
  timeFromApproval: z.boolean(),
  approvedAt: z.string(),
  reimbursementId: z.string(),
  caseId: z.string().nullable(),
  amazonOrderId: z.string().nullable(),
  /** Amazon's raw reason, e.g. Lost_Warehouse. */
  reason: z.string(),
  reasonCategory: ReasonCategory,
  /** Amazon order status when the store knows the order; null otherwise. */
  orderStatus: z.string().nullable(),
  sku: z.string(),
  fnsku: z.string().nullable(),
  asin: z.string().nullable(),
  parentAsin: z.string().nullable(),
  title: z.string().nullable(),
  imageUrl: z.string().nullable(),
  condition: z.string().nullable(),
  currency: z.string(),
  amountPerUnitMinor: z.number().int().nullable(),
  amountTotalMinor: z.number().int(),
  quantityCash: z.number().int(),
  quantityInventory: z.number().int(),
  quantityTotal: z.number().int(),
  originalReimbursementId: z.string().nullable(),
  originalReimbursementType: z.string().nullable(),
  /** Row id of the reimbursement this reversal cancels, when the store has it. */
  originalRowId: z.number().int().nullable(),
  initiatedBy: z.enum(['seller', 'amazon']),
  source: z.enum(['file', 'sync']),
  sourceFile: z.string().nullable(),
  sourceLine: z.number().int().nullable()
})
export type ReimbursementRow = z.infer<typeof ReimbursementRow>

export const ReimbursementSummary = z.object({
  count: z.number().int(),
  /** Sum of amount-total per currency for the whole filtered set (sorted by currency). */
  totals: z.array(Money),
  /** Chart data: per month (YYYY-MM, UTC), reason category and currency. */
  months: z.array(
    z.object({ month: z.string(), category: ReasonCategory, currency: z.string(), amountMinor: z.number().int(), count: z.number().int() })
  )
})

export const ReimbursementRejectedRow = z.object({ line: z.number().int(), reason: z.string() })

export const ReimbursementImportSummary = z.object({
  file: z.string(),
  encoding: z.string(),
  /** Why that encoding was chosen (byte-order mark, valid UTF-8, declared charset, …). */
  encodingEvidence: z.string().optional(),
  sha256: z.string(),
  /** The same bytes were imported into this store before. */
  alreadyImported: z.object({ at: z.string(), file: z.string() }).nullable(),
  /** Data rows read (not counting the header or blank lines). */
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(ReimbursementRejectedRow),
  /** The report had no reimbursement time column/value on this many rows: approval time used. */
  timeFromApproval: z.number().int(),
  /** amount-total of the accepted rows, per currency. */
  totals: z.array(Money),
  committed: z.boolean()
})
export type ReimbursementImportSummary = z.infer<typeof ReimbursementImportSummary>

const ImportInput = FileImportInput

export const ReimbursementSyncState = z.object({
  storeId: z.string(),
  windows: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  /** Oldest and newest day covered by successful windows. */
  coveredFrom: z.string().nullable(),
  coveredTo: z.string().nullable(),
  lastError: z.string().nullable()
})

export const reimbursements = {
  'reimbursements.list': {
    input: ReimbursementListInput,
    output: z.object({
      rows: z.array(ReimbursementRow),
      /** Rows matching the filter, counted up to LIST_COUNT_CAP (the exact count comes with the summary). */
      total: z.number().int(),
      totalCapped: z.boolean()
    })
  },
  'reimbursements.summary': { input: ReimbursementFilter, output: ReimbursementSummary },
  'reimbursements.exportCsv': {
    input: ReimbursementFilter.extend(ReimbursementSort.shape).strict(),
    output: z.object({ fileName: z.string(), rows: z.number().int(), csv: z.string() })
  },
  'reimbursements.previewImport': { input: ImportInput, output: ReimbursementImportSummary },
  'reimbursements.import': { input: ImportInput, output: ReimbursementImportSummary },
  'reimbursements.orderDetail': {
    input: z.object({ storeId: StoreId, amazonOrderId: Exact }).strict(),
    output: z.object({
      amazonOrderId: z.string(),
      storeId: z.string(),
      order: z
        .object({
          status: z.string().nullable(),
          purchaseDate: z.string().nullable(),
          marketplaceId: z.string().nullable(),
          isMinimal: z.boolean(),
          currency: z.string().nullable(),
          orderTotalMinor: z.number().int().nullable()
        })
        .nullable(),
      reimbursements: z.array(ReimbursementRow),
      totals: z.array(Money),
      /** Refunds this app queued or sent for the order (queue entries; status as in the queue). */
      refunds: z.array(
        z.object({ id: z.string(), at: z.string(), amountMinor: z.number().int(), currency: z.string(), status: z.string() })
      ),
      /** Returned items of the order's RMAs (id = the Amazon RMA ID; status = the RMA's). */
      returns: z.array(
        z.object({ id: z.string(), at: z.string().nullable(), sku: z.string(), quantity: z.number().int(), status: z.string() })
      )
    })
  },
  'reimbursements.syncStatus': { input: z.object({ storeId: StoreId }).strict(), output: ReimbursementSyncState }
} as const satisfies ContractSlice
