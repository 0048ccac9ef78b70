import { z } from 'zod'
import { StoreId } from '../ids'
import { FileImportInput } from './imports'
import { EntryProgress, QueueEntryRow } from './orders'
import type { ContractSlice } from './types'

export const RmaStatus = z.enum(['Open', 'Received', 'Refunded', 'Closed'])
export type RmaStatus = z.infer<typeof RmaStatus>

export const ReturnReportFormat = z.enum(['mfn-flat', 'mfn-xml', 'fba-customer-returns'])
export const SkipCode = z.enum(['not_approved', 'returnless', 'unknown_order', 'duplicate_row', 'fba_informational'])

/** Conditions a warehouse records when it receives a returned item. */
export const ItemCondition = z.enum(['sellable', 'open_box', 'damaged', 'defective', 'wrong_item', 'missing_parts'])
export type ItemCondition = z.infer<typeof ItemCondition>

const IsoDay = z.iso.date()

/**
 * What the screen shows. An RMA is "Refunded" only when Amazon confirmed its refund (the queue
 * entry is done by the feed's processing report) — or when a person set it so by hand. Until
 * then its refund shows where it is: queued here, being sent, sent (Amazon processing), failed,
 * uncertain or rejected.
 */
export const RmaDisplayStatus = z.enum([
  'Open',
  'Received',
  'RefundQueued',
  'RefundSending',
  'RefundSent',
  'RefundFailed',
  'RefundUncertain',
  'RefundRejected',
  'Refunded',
  'Closed'
])
export type RmaDisplayStatus = z.infer<typeof RmaDisplayStatus>

/** The RMA's refund as the queue knows it (the latest request that was not rejected, else the latest). */
export const RmaRefundState = z.object({
  progress: EntryProgress,
  entryId: z.number().int(),
  /** Our batch number (links to the batch) and Amazon's Batch ID (feed id), once known. */
  batchId: z.number().int().nullable(),
  feedId: z.string().nullable(),
  message: z.string().nullable()
})
export type RmaRefundState = z.infer<typeof RmaRefundState>

const PROGRESS_STATUS: Record<EntryProgress, RmaDisplayStatus> = {
  queued: 'RefundQueued',
  sending: 'RefundSending',
  sent: 'RefundSent',
  done: 'Refunded',
  failed: 'RefundFailed',
  uncertain: 'RefundUncertain',
  rejected: 'RefundRejected',
  local: 'RefundQueued'
}

export function rmaDisplayStatus(status: RmaStatus, refund: Pick<RmaRefundState, 'progress'> | null): RmaDisplayStatus {
  if (status !== 'Refunded' || !refund) return status
  return PROGRESS_STATUS[refund.progress]
}

/** List filter: the stored workflow status, "Refunded" meaning confirmed by Amazon, or a refund on its way. */
export const RmaListStatus = z.enum(['Open', 'Received', 'RefundPending', 'Refunded', 'Closed'])
export type RmaListStatus = z.infer<typeof RmaListStatus>

export const RmaListInput = z
  .object({
    storeId: StoreId.optional(),
    status: RmaListStatus.optional(),
    /** Return request date range, inclusive (YYYY-MM-DD). */
    from: IsoDay.optional(),
    to: IsoDay.optional(),
    orderId: z.string().trim().max(40).optional(),
    /** Our RMA # or Amazon's (order source RMA #). */
    rmaNumber: z.string().trim().max(40).optional(),
    sku: z.string().trim().max(80).optional(),
    tracking: z.string().trim().max(80).optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
    sortBy: z.enum(['id', 'returnRequestDate', 'status', 'amazonOrderId']).default('id'),
    sortDir: z.enum(['asc', 'desc']).default('desc')
  })
  .strict()

/**
 * A returned product as the screens show it: the catalog's title and image (the products table:
 * All Listings report, Catalog Items API) by store and SKU, else ASIN; the title falls back to the
 * returns report's item name. Absent where there is no catalog (the team server).
 */
export const RmaProduct = z.object({ title: z.string().nullable(), imageUrl: z.string().nullable() })
export type RmaProduct = z.infer<typeof RmaProduct>

export const RmaRow = z.object({
  id: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  amazonOrderId: z.string(),
  orderSourceRmaId: z.string(),
  status: RmaStatus,
  returnRequestStatus: z.string(),
  returnRequestDate: z.string().nullable(),
  trackingId: z.string().nullable(),
  carrier: z.string().nullable(),
  returnless: z.boolean(),
  skus: z.array(z.string()),
  /** The first item's product (the list shows one per row). */
  product: RmaProduct.nullable().optional(),
  quantity: z.number().int(),
  receivedQuantity: z.number().int(),
  currency: z.string().nullable(),
  refundedAmountMinor: z.number().int().nullable(),
  refund: RmaRefundState.nullable(),
  displayStatus: RmaDisplayStatus,
  createdAt: z.string(),
  updatedAt: z.string()
})
export type RmaRow = z.infer<typeof RmaRow>

export const RmaItem = z.object({
  id: z.number().int(),
  sku: z.string(),
  sourceSku: z.string(),
  parentSku: z.string().nullable(),
  asin: z.string().nullable(),
  itemName: z.string().nullable(),
  quantity: z.number().int(),
  reason: z.string().nullable(),
  currency: z.string().nullable(),
  refundAmountMinor: z.number().int().nullable(),
  receivedQuantity: z.number().int(),
  condition: z.string().nullable(),
  receivedAt: z.string().nullable(),
  sourceLine: z.number().int().nullable(),
  product: RmaProduct.nullable().optional()
})

export const RmaNote = z.object({ id: z.number().int(), kind: z.string(), body: z.string(), createdAt: z.string() })
export const RmaHistoryEntry = z.object({
  id: z.number().int(),
  event: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  detail: z.string().nullable(),
  at: z.string()
})
export const RmaDetail = RmaRow.extend({
  orderId: z.string(),
  merchantRmaId: z.string().nullable(),
  resolution: z.string(),
  amazonResolution: z.string().nullable(),
  returnType: z.string().nullable(),
  orderDate: z.string().nullable(),
  labelType: z.string().nullable(),
  labelPaidBy: z.string().nullable(),
  labelCostMinor: z.number().int().nullable(),
  orderAmountMinor: z.number().int().nullable(),
  source: z.string(),
  sourceFile: z.string().nullable(),
  sourceLine: z.number().int().nullable(),
  orderIsMinimal: z.boolean(),
  /** What "Issue refund" would pay now (shown in its confirm dialog); null when the order lacks the items' prices. */
  refundQuote: z.object({ amountMinor: z.number().int(), currency: z.string() }).nullable().optional(),
  items: z.array(RmaItem),
  notes: z.array(RmaNote),
  history: z.array(RmaHistoryEntry),
  /** Refund entries of the refund/cancel queue issued from this RMA. */
  refunds: z.array(QueueEntryRow),
  /** FBA customer returns for the same order (informational). */
  fbaReturns: z.array(
    z.object({
      returnDate: z.string(),
      sku: z.string(),
      quantity: z.number().int(),
      disposition: z.string().nullable(),
      status: z.string().nullable(),
      licensePlateNumber: z.string()
    })
  )
})
export type RmaDetail = z.infer<typeof RmaDetail>

export const ImportSummary = z.object({
  file: z.string(),
  format: ReturnReportFormat,
  encoding: z.string(),
  /** Why that encoding was chosen (byte-order mark, valid UTF-8, declared charset, …). */
  encodingEvidence: z.string().optional(),
  /** Data rows read (not counting the header). */
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** FBA customer returns kept for order history (new or changed). */
  stored: z.number().int(),
  ordersCreated: z.number().int(),
  skippedCount: z.number().int(),
  skipped: z.array(z.object({ line: z.number().int(), column: z.number().int().optional(), code: SkipCode, reason: z.string() })),
  rejectedCount: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** A few of the RMAs that would be (preview) or were created/updated. */
  sample: z.array(
    z.object({
      action: z.enum(['create', 'update']),
      orderSourceRmaId: z.string(),
      amazonOrderId: z.string(),
      skus: z.array(z.string()),
      detail: z.string().nullable()
    })
  ),
  committed: z.boolean()
})
export type ImportSummary = z.infer<typeof ImportSummary>

const ImportInput = FileImportInput

export const Kit = z.object({
  id: z.number().int(),
  storeId: z.string(),
  parentSku: z.string(),
  componentSku: z.string(),
  quantity: z.number().int(),
  updatedAt: z.string()
})
export type Kit = z.infer<typeof Kit>

/** Which field of an RMA a scanned code matched. */
export const ScanMatchedBy = z.enum(['tracking', 'rmaId', 'orderId', 'sku', 'asin', 'fnsku', 'upc'])
export type ScanMatchedBy = z.infer<typeof ScanMatchedBy>

/** A scanned code: what a USB/Bluetooth scanner types (no control characters), trimmed. */
const ScanCode = z
  .string()
  .trim()
  .min(2, 'A scanned code has at least 2 characters')
  .max(120)
  .regex(/^[\x21-\x7e]+$/, 'A scanned code is printable ASCII without spaces')

export const ScanMatch = z.object({
  rmaId: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  amazonOrderId: z.string(),
  orderSourceRmaId: z.string(),
  status: RmaStatus,
  trackingId: z.string().nullable(),
  matchedBy: ScanMatchedBy,
  /** The items a product code matched (empty when the code named the whole RMA). */
  itemIds: z.array(z.number().int()),
  items: z.array(
    z.object({
      id: z.number().int(),
      sku: z.string(),
      asin: z.string().nullable(),
      itemName: z.string().nullable(),
      quantity: z.number().int(),
      receivedQuantity: z.number().int(),
      condition: z.string().nullable()
    })
  )
})
export type ScanMatch = z.infer<typeof ScanMatch>

/**
 * found: at least one Open RMA with units still to receive (`matches` are those);
 * alreadyReceived: the code names RMAs, none of them waiting for units (`matches` are those);
 * notFound: nothing.
 */
export const ScanOutcome = z.enum(['found', 'alreadyReceived', 'notFound'])
export type ScanOutcome = z.infer<typeof ScanOutcome>

export const ScanLookup = z.object({ code: z.string(), outcome: ScanOutcome, matches: z.array(ScanMatch) })
export type ScanLookup = z.infer<typeof ScanLookup>

/** What "refund on receipt" did for this receipt. */
export const ReceiptRefund = z.object({
  /** off: the setting is off; waiting: units still to come; queued: entry added; failed: not added (message says why). */
  status: z.enum(['off', 'waiting', 'queued', 'failed']),
  entryId: z.number().int().nullable(),
  message: z.string().nullable()
})
export type ReceiptRefund = z.infer<typeof ReceiptRefund>

export const RmaReceipt = z.object({
  id: z.number().int(),
  rmaId: z.number().int(),
  orderSourceRmaId: z.string(),
  itemId: z.number().int(),
  sku: z.string(),
  quantity: z.number().int(),
  condition: ItemCondition,
  via: z.enum(['form', 'scan']),
  scannedCode: z.string().nullable(),
  receivedAt: z.string()
})
export type RmaReceipt = z.infer<typeof RmaReceipt>

export const UnexpectedReturn = z.object({
  id: z.number().int(),
  storeId: z.string().nullable(),
  code: z.string(),
  codes: z.array(z.string()),
  quantity: z.number().int(),
  condition: ItemCondition,
  note: z.string().nullable(),
  status: z.enum(['open', 'resolved']),
  receivedAt: z.string()
})
export type UnexpectedReturn = z.infer<typeof UnexpectedReturn>

const Sku = z.string().trim().min(1, 'SKU is required').max(80)

export const rmas = {
  'rmas.list': { input: RmaListInput, output: z.object({ rows: z.array(RmaRow), total: z.number().int() }) },
  'rmas.get': { input: z.object({ id: z.number().int() }).strict(), output: RmaDetail },
  'rmas.previewImport': { input: ImportInput, output: ImportSummary },
  'rmas.import': { input: ImportInput, output: ImportSummary },
  'rmas.receive': {
    input: z
      .object({
        id: z.number().int(),
        items: z.array(z.object({ itemId: z.number().int(), quantity: z.number().int().min(1), condition: ItemCondition }).strict()).min(1),
        /** Received at the Receive screen: the code that found the RMA. */
        scannedCode: ScanCode.optional()
      })
      .strict(),
    output: RmaDetail.extend({ receipts: z.array(RmaReceipt), refundOnReceipt: ReceiptRefund })
  },
  'rmas.issueRefund': { input: z.object({ id: z.number().int() }).strict(), output: RmaDetail },
  'rmas.setStatus': { input: z.object({ id: z.number().int(), status: RmaStatus }).strict(), output: RmaDetail },
  'rmas.addNote': { input: z.object({ id: z.number().int(), body: z.string().trim().min(1).max(2000) }).strict(), output: RmaDetail },
  'rmas.kitsList': { input: z.object({ storeId: StoreId }).strict(), output: z.array(Kit) },
  'rmas.kitsSave': {
    input: z.object({ storeId: StoreId, parentSku: Sku, componentSku: Sku, quantity: z.number().int().min(1).max(10_000) }).strict(),
    output: Kit
  },
  'rmas.kitsRemove': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ removed: z.boolean() }) },
  'rmas.kitsImport': {
    input: z.object({ storeId: StoreId, fileId: z.string().min(1) }).strict(),
    output: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.array(z.object({ line: z.number().int(), reason: z.string() }))
    })
  },
  'rmas.scanLookup': { input: z.object({ storeId: StoreId.optional(), code: ScanCode }).strict(), output: ScanLookup },
  'rmas.receipts': {
    input: z.object({ since: z.iso.datetime().optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(RmaReceipt)
  },
  'rmas.recordUnexpected': {
    input: z
      .object({
        storeId: StoreId.optional(),
        codes: z.array(ScanCode).min(1).max(50),
        quantity: z.number().int().min(1).max(10_000),
        condition: ItemCondition,
        note: z.string().trim().max(2000).optional()
      })
      .strict(),
    output: UnexpectedReturn
  },
  'rmas.unexpectedList': {
    input: z.object({ status: z.enum(['open', 'resolved']).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(UnexpectedReturn)
  },
  'rmas.resolveUnexpected': {
    input: z.object({ id: z.number().int(), note: z.string().trim().max(2000).optional() }).strict(),
    output: UnexpectedReturn
  }
} as const satisfies ContractSlice
