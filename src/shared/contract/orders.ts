import { z } from 'zod'
import { StoreId } from '../ids'
import { FileImportInput } from './imports'
import type { ContractSlice } from './types'

/** Amazon's AdjustmentReason (OrderAdjustment.xsd) — the refund reasons a user can pick. */
export const AdjustmentReason = z.enum([
  'NoInventory',
  'CustomerReturn',
  'GeneralAdjustment',
  'CouldNotShip',
  'DifferentItem',
  'Abandoned',
  'CustomerCancel',
  'PriceError',
  'ProductOutofStock',
  'CustomerAddressIncorrect',
  'Exchange',
  'Other',
  'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid',
  'CarrierCoverageFailure',
  'TransactionRecord',
  'Undeliverable',
  'RefusedDelivery'
])
export type AdjustmentReason = z.infer<typeof AdjustmentReason>

/** Amazon's CancelReason (OrderAcknowledgement.xsd). */
export const CancelReason = z.enum([
  'NoInventory',
  'ShippingAddressUndeliverable',
  'CustomerExchange',
  'BuyerCanceled',
  'GeneralAdjustment',
  'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid',
  'CarrierCoverageFailure',
  'CustomerReturn',
  'MerchandiseNotReceived'
])
export type CancelReason = z.infer<typeof CancelReason>

/** The price components a refund line can carry (line totals, not unit prices). */
export const RefundComponentType = z.enum([
  'Principal',
  'Shipping',
  'Tax',
  'ShippingTax',
  'GiftWrap',
  'GiftWrapTax',
  'Goodwill',
  'ReturnShipping',
  'Other'
])
export type RefundComponentType = z.infer<typeof RefundComponentType>

const AmazonOrderId = z
  .string()
  .trim()
  .regex(/^\w{3}-\w{7}-\w{7}$/, 'an Amazon order id looks like 123-1234567-1234567')
const Minor = z.number().int().min(0).max(1e13)

export const OrderRef = z.object({ storeId: StoreId, amazonOrderId: AmazonOrderId }).strict()

export const OrderSummary = z.object({
  id: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  amazonOrderId: z.string(),
  status: z.string().nullable(),
  localStatus: z.string().nullable(),
  shippingStatus: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  currency: z.string().nullable(),
  orderTotalMinor: z.number().int().nullable(),
  cancelledAt: z.string().nullable(),
  isMinimal: z.boolean(),
  followUp: z.string().nullable(),
  onHold: z.boolean(),
  itemCount: z.number().int()
})
export type OrderSummary = z.infer<typeof OrderSummary>

export const OrderItemView = z.object({
  id: z.string(),
  orderItemId: z.string().nullable(),
  sku: z.string(),
  asin: z.string().nullable(),
  title: z.string().nullable(),
  quantityOrdered: z.number().int(),
  quantityShipped: z.number().int(),
  quantityCancelled: z.number().int(),
  currency: z.string().nullable(),
  itemPriceMinor: z.number().int().nullable(),
  itemTaxMinor: z.number().int().nullable(),
  shippingPriceMinor: z.number().int().nullable(),
  shippingTaxMinor: z.number().int().nullable(),
  promotionDiscountMinor: z.number().int().nullable(),
  /** Already refunded or waiting in the queue, per component (line totals, minor units). */
  refundedMinor: z.record(z.string(), z.number().int()),
  /** What is left to refund per component before the over-refund guard trips. */
  refundableMinor: z.record(z.string(), z.number().int()),
  buyerRequestedCancel: z.boolean(),
  buyerCancelReason: z.string().nullable(),
  physicalQuantity: z.number().int().nullable()
})
export type OrderItemView = z.infer<typeof OrderItemView>

export const QueueEntryKind = z.enum(['refund', 'cancel'])
export const QueueEntryStatus = z.enum(['queued', 'batched', 'done', 'failed', 'uncertain', 'rejected', 'local'])
export type QueueEntryStatus = z.infer<typeof QueueEntryStatus>

/**
 * Where an entry stands as far as Amazon is concerned (derived from the entry and its batch,
 * never stored): `sending` = in a batch Amazon has not received yet (uploading, waiting for the
 * network or the feed type's next slot); `sent` = Amazon received the feed (it has a Batch ID)
 * and is processing it; `done` = Amazon's processing report confirmed it.
 */
export const EntryProgress = z.enum(['queued', 'sending', 'sent', 'done', 'failed', 'uncertain', 'rejected', 'local'])
export type EntryProgress = z.infer<typeof EntryProgress>

export function entryProgress(status: QueueEntryStatus, batchFeedId: string | null): EntryProgress {
  if (status === 'batched') return batchFeedId ? 'sent' : 'sending'
  return status
}

export const QueueEntryLine = z.object({
  orderItemId: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  components: z.array(z.object({ type: z.string(), amountMinor: z.number().int() })).optional()
})

export const QueueEntryRow = z.object({
  id: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  orderId: z.string(),
  amazonOrderId: z.string(),
  kind: QueueEntryKind,
  status: QueueEntryStatus,
  reason: z.string(),
  lines: z.array(QueueEntryLine),
  currency: z.string().nullable(),
  totalMinor: z.number().int().nullable(),
  source: z.string(),
  rmaId: z.number().int().nullable(),
  queued: z.boolean(),
  batchId: z.number().int().nullable(),
  /** Document Number and Batch ID of the batch that carried it. */
  feedDocumentId: z.string().nullable(),
  feedId: z.string().nullable(),
  progress: EntryProgress,
  note: z.string().nullable(),
  rejectReason: z.string().nullable(),
  resultMessage: z.string().nullable(),
  /**
   * While the entry's batch waits: why (the engine's reasons, src/main/queue/submission.ts WAIT,
   * e.g. "waiting for Amazon's financial record" = a refund not yet visible in Finances).
   */
  waitReason: z.string().nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type QueueEntryRow = z.infer<typeof QueueEntryRow>

/** `by_hand`: written as Seller Central's Adjustments file for a store without SP-API; waits for its outcome. */
export const BatchState = z.enum([
  'open',
  'document_created',
  'uploaded',
  'submitting',
  'submitted',
  'by_hand',
  'done',
  'failed',
  'uncertain'
])
export type BatchState = z.infer<typeof BatchState>

export const BatchSummary = z.object({
  id: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  kind: QueueEntryKind,
  feedType: z.string(),
  state: BatchState,
  feedDocumentId: z.string().nullable(),
  feedId: z.string().nullable(),
  processingStatus: z.string().nullable(),
  messageCount: z.number().int(),
  okCount: z.number().int(),
  errorCount: z.number().int(),
  /** e.g. "waiting for network", "next slot for this feed type at 14:20" (all reasons: submission.ts WAIT). */
  waitReason: z.string().nullable(),
  error: z.string().nullable(),
  retryOf: z.number().int().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  finishedAt: z.string().nullable()
})
export type BatchSummary = z.infer<typeof BatchSummary>

export const OrderDetail = z.object({
  order: OrderSummary.extend({
    marketplaceId: z.string().nullable(),
    fulfillmentChannel: z.string().nullable(),
    lastUpdateDate: z.string().nullable(),
    source: z.string().nullable(),
    /** False when cancelled, on hold or already shipped: a shipping export leaves it out. */
    canShip: z.boolean()
  }),
  items: z.array(OrderItemView),
  notes: z.array(z.object({ id: z.number().int(), text: z.string(), source: z.string(), createdAt: z.string() })),
  history: z.array(
    z.object({
      id: z.number().int(),
      event: z.string(),
      /** In English (shared/order-history.ts historyEnglish); the only form of rows written before the codes. */
      detail: z.string().nullable(),
      /** The entry as data (shared/order-history.ts); null on older rows. */
      code: z.string().nullable(),
      params: z.record(z.string(), z.unknown()).nullable(),
      /** The team user who did it (team mode), null for the server's own work. */
      actor: z.string().nullable().optional(),
      at: z.string()
    })
  ),
  splits: z.array(
    z.object({
      id: z.number().int(),
      seq: z.number().int(),
      lines: z.array(z.object({ orderItemId: z.string(), quantity: z.number().int() })),
      status: z.enum(['open', 'cancel-pending', 'cancelled']),
      createdAt: z.string()
    })
  ),
  queueEntries: z.array(QueueEntryRow),
  rmas: z.array(z.object({ id: z.number().int(), orderSourceRmaId: z.string(), status: z.string(), createdAt: z.string() })),
  reimbursements: z.array(
    z.object({
      reimbursementId: z.string(),
      reason: z.string().nullable(),
      reimbursedAt: z.string().nullable(),
      currency: z.string(),
      amountTotalMinor: z.number().int(),
      sku: z.string().nullable()
    })
  ),
  /** The buyer's cancellation request (#7), if any. */
  hold: z
    .object({ id: z.number().int(), status: z.string(), reason: z.string().nullable(), requestedAt: z.string(), dueAt: z.string() })
    .nullable(),
  /** The store settings the refund/cancel dialogs honour. */
  settings: z.object({
    allowOverRefund: z.boolean(),
    allowZeroInventoryOnCancel: z.boolean(),
    allowCancelWithoutAmazon: z.boolean(),
    queueRefundsAndCancellations: z.boolean(),
    queueAutoSubmit: z.boolean()
  })
})
export type OrderDetail = z.infer<typeof OrderDetail>

export const OrdersListInput = z
  .object({
    storeId: StoreId.optional(),
    search: z.string().trim().max(80).optional(),
    status: z.string().max(40).optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50)
  })
  .strict()

export const RefundInput = OrderRef.extend({
  reason: AdjustmentReason,
  lines: z
    .array(
      z
        .object({
          orderItemId: z.string().min(1),
          quantity: z.number().int().min(1),
          components: z.array(z.object({ type: RefundComponentType, amountMinor: Minor })).min(1)
        })
        .strict()
    )
    .min(1),
  rmaId: z.number().int().optional(),
  note: z.string().trim().max(2000).optional()
}).strict()
export type RefundInput = z.infer<typeof RefundInput>

export const CancelInput = OrderRef.extend({
  reason: CancelReason,
  /** Default: every item that is not shipped or cancelled yet. */
  orderItemIds: z.array(z.string().min(1)).min(1).optional(),
  /** Cancel exactly the items of this split (partial cancel). */
  splitId: z.number().int().optional(),
  zeroOutInventory: z.boolean().default(false),
  doNotSendToAmazon: z.boolean().default(false),
  note: z.string().trim().max(2000).optional()
}).strict()
export type CancelInput = z.infer<typeof CancelInput>

export const ActionResult = z.object({
  entry: QueueEntryRow,
  /** Set when the entry went out at once (queue off) as a one-entry batch. */
  batch: BatchSummary.nullable(),
  warnings: z.array(z.string())
})

export const OrderImportSummary = z.object({
  format: z.string(),
  /** The encoding the file was read in, and why (byte-order mark, valid UTF-8, …). */
  encoding: z.string().optional(),
  encodingEvidence: z.string().optional(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Buyer-cancellation requests: orders put On Hold, and shipped orders flagged for follow-up. */
  held: z.number().int(),
  flagged: z.number().int(),
  /** Set when the file has no buyer-cancellation columns: how to switch them on. */
  cancelColumnsMissing: z.string().nullable(),
  rejected: z.array(z.object({ line: z.number().int(), column: z.string().optional(), reason: z.string() })),
  rejectedCount: z.number().int(),
  committed: z.boolean()
})
export type OrderImportSummary = z.infer<typeof OrderImportSummary>

export const orders = {
  'orders.list': { input: OrdersListInput, output: z.object({ rows: z.array(OrderSummary), total: z.number().int() }) },
  'orders.get': { input: OrderRef, output: OrderDetail },
  'orders.refund': { input: RefundInput, output: ActionResult },
  'orders.cancel': { input: CancelInput, output: ActionResult },
  'orders.split': {
    input: OrderRef.extend({
      lines: z.array(z.object({ orderItemId: z.string().min(1), quantity: z.number().int().min(1) }).strict()).min(1)
    }).strict(),
    output: OrderDetail
  },
  'orders.addNote': { input: OrderRef.extend({ text: z.string().trim().min(1).max(2000) }).strict(), output: OrderDetail },
  'orders.previewImport': { input: FileImportInput, output: OrderImportSummary },
  'orders.import': { input: FileImportInput, output: OrderImportSummary }
} as const satisfies ContractSlice
