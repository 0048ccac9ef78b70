/**
 * Amazon's codes (and a few of our own) that reach a screen, by kind. Each has a label in every
 * language of the renderer (`i18n/locales/<lng>/words.json`, key `<kind>.<code>`); a code not
 * listed here is still shown in words (the renderer's `humanizeCode`), with the raw value in a
 * tooltip. `test/unit/renderer/code-labels.test.ts` checks every listed code has both labels.
 *
 * Amazon publishes no enumeration for most of these (sp-api-notes §1.2, §1.3): the lists are the
 * values seen in Amazon's documents and public code, and what the emulator writes.
 */

/** Merchant returns report "Return Reason" / XML `return_reason_code` (sp-api-notes §1.2). */
export const RETURN_REASON_CODES = [
  'AMZ-PG-BAD-DESC',
  'AMZ-PG-APP-TOO-SMALL',
  'AMZ-PG-APP-TOO-LARGE',
  'AMZ-PG-WJ-TOO-SMALL',
  'AMZ-PG-WJ-TOO-LARGE',
  'AMZ-PG-MISORDERED',
  'AMZ-PG-BETTER-PRICE',
  'AMZ-PG-NOT-COMPATIBLE',
  'CR-DAMAGED_BY_CARRIER',
  'CR-DAMAGED_BY_FC',
  'CR-UNWANTED_ITEM',
  'CR-DEFECTIVE',
  'CR-MISSING_PARTS',
  'CR-SWITCHEROO',
  'CR-NOT_AS_DESCRIBED',
  'CR-ORDERED_WRONG_ITEM',
  'CR-QUALITY_UNACCEPTABLE',
  'CR-EXTRA_ITEM',
  'CR-NOT_COMPATIBLE',
  'CR-UNAUTHORIZED_PURCHASE',
  'CR-FOUND_BETTER_PRICE',
  'CR-MISSED_ESTIMATED_DELIVERY',
  'CR-NO_REASON_GIVEN',
  'CR-OTHER'
] as const

/** Merchant returns report "Label type". */
export const LABEL_TYPES = ['AmazonPrePaidLabel', 'AmazonUnPaidLabel', 'SelfShipped', 'NoLabel'] as const

/** Merchant returns report "Label to be paid by". */
export const LABEL_PAID_BY = ['Seller', 'Customer', 'Amazon'] as const

/** Merchant returns report "Return request status". */
export const RETURN_REQUEST_STATUSES = ['Approved', 'Authorized', 'Closed', 'Pending', 'Rejected', 'Cancelled'] as const

/** Merchant returns report "Resolution" (Amazon's resolution, not ours). */
export const RETURN_RESOLUTIONS = ['StandardRefund', 'Replacement', 'ReturnlessRefund', 'Exchange'] as const

/** Merchant returns report "Return type". */
export const RETURN_TYPES = ['C-Returns', 'SafeT', 'Returnless'] as const

/** FBA customer returns `detailed-disposition` (sp-api-notes §1.3). */
export const FBA_DISPOSITIONS = [
  'SELLABLE',
  'DEFECTIVE',
  'CUSTOMER_DAMAGED',
  'CARRIER_DAMAGED',
  'DAMAGED',
  'EXPIRED',
  'DISTRIBUTOR_DAMAGED'
] as const

/** FBA customer returns `reason` (sp-api-notes §1.3). */
export const FBA_RETURN_REASONS = [
  'UNWANTED_ITEM',
  'NOT_AS_DESCRIBED',
  'DEFECTIVE',
  'NOT_COMPATIBLE',
  'ORDERED_WRONG_ITEM',
  'DAMAGED_BY_CARRIER',
  'DAMAGED_BY_FC',
  'MISSING_PARTS',
  'QUALITY_UNACCEPTABLE',
  'FOUND_BETTER_PRICE',
  'SWITCHEROO',
  'UNDELIVERABLE_REFUSED',
  'UNDELIVERABLE_UNKNOWN'
] as const

/** A batch's feed type: Amazon's two order feeds and our by-hand Seller Central file. */
export const FEED_TYPE_CODES = [
  'POST_PAYMENT_ADJUSTMENT_DATA',
  'POST_ORDER_ACKNOWLEDGEMENT_DATA',
  'SELLER_CENTRAL_ADJUSTMENTS_FILE'
] as const

/** Report types whose documents become source files of RMAs and imports. */
export const REPORT_TYPE_CODES = [
  'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
  'GET_XML_RETURNS_DATA_BY_RETURN_DATE',
  'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA',
  'GET_FBA_REIMBURSEMENTS_DATA',
  'GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING',
  'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL',
  'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL',
  'GET_LEDGER_DETAIL_VIEW_DATA',
  'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2'
] as const

/** Amazon's feed processing status (Feeds API `getFeed` processingStatus). */
export const FEED_PROCESSING_STATUSES = ['IN_QUEUE', 'IN_PROGRESS', 'DONE', 'CANCELLED', 'FATAL'] as const

/** An order's fulfillment channel (Orders API / order reports). */
export const FULFILLMENT_CHANNELS = ['MFN', 'AFN'] as const

/** Where an order record came from last (`orders.source`). */
export const ORDER_SOURCES = ['api', 'report', 'minimal', 'csv', 'manual', 'returns-report'] as const

/** Every kind of code with a label map; `words:<kind>.<code>` in the renderer. */
export const CODE_KINDS = {
  returnReason: RETURN_REASON_CODES,
  labelType: LABEL_TYPES,
  labelPaidBy: LABEL_PAID_BY,
  returnStatus: RETURN_REQUEST_STATUSES,
  resolution: RETURN_RESOLUTIONS,
  returnType: RETURN_TYPES,
  disposition: FBA_DISPOSITIONS,
  fbaReason: FBA_RETURN_REASONS,
  feedType: FEED_TYPE_CODES,
  reportType: REPORT_TYPE_CODES,
  feedStatus: FEED_PROCESSING_STATUSES,
  fulfillmentChannel: FULFILLMENT_CHANNELS,
  orderSource: ORDER_SOURCES
} as const
export type CodeKind = keyof typeof CODE_KINDS
