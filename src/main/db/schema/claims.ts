import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'

/**
 * Inventory ledger detail rows (GET_LEDGER_DETAIL_VIEW_DATA), one per report line. The report has
 * no event id and identical lines can legitimately repeat (sp-api-notes §1.5), so a row is keyed by
 * store + `rowKey`: a hash of its cells plus the occurrence index of that same content within the
 * file — re-importing a file (or an overlapping download) finds the same keys and adds nothing.
 */
export const claimLedgerEvents = sqliteTable(
  'claim_ledger_events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    rowKey: text().notNull(),
    /** UTC ISO: the row's "Date and Time" when present, else its Date at 00:00 UTC. */
    occurredAt: text().notNull(),
    fnsku: text().notNull(),
    asin: text(),
    sku: text(),
    title: text(),
    eventType: text().notNull(),
    referenceId: text(),
    quantity: integer().notNull(),
    fulfillmentCenter: text(),
    disposition: text(),
    reason: text(),
    country: text(),
    reconciledQuantity: integer(),
    unreconciledQuantity: integer(),
    sourceFile: text().notNull(),
    sourceLine: integer().notNull(),
    createdAt: text().notNull()
  },
  (t) => [
    uniqueIndex('claim_ledger_events_key_uq').on(t.storeId, t.rowKey),
    index('claim_ledger_events_fnsku_idx').on(t.storeId, t.fnsku, t.occurredAt)
  ]
)

/**
 * Refund events the finder reads for "customer refunded, item not returned": one row per order,
 * SKU and refund transaction. Filled from Finances listTransactions (source 'finances'); the
 * settlement import can add its own source. Amount positive = money given back to the buyer.
 */
export const claimRefundEvents = sqliteTable(
  'claim_refund_events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    source: text().notNull(),
    /** The source's id of the event (Finances transaction id). */
    sourceRef: text().notNull(),
    amazonOrderId: text().notNull(),
    sku: text().notNull(),
    marketplaceId: text(),
    quantity: integer().notNull(),
    refundedAt: text().notNull(),
    currency: text().notNull(),
    amountMinor: integer().notNull(),
    createdAt: text().notNull()
  },
  (t) => [
    uniqueIndex('claim_refund_events_uq').on(t.storeId, t.source, t.sourceRef, t.sku),
    index('claim_refund_events_order_idx').on(t.storeId, t.amazonOrderId)
  ]
)

/**
 * Manufacturing cost per SKU, from a date: Amazon's valuation basis for units lost or damaged
 * before a customer order since 10 Mar 2025 (claim-rules.md §3.2). Entered by the seller or
 * imported from CSV (`sku, cost, currency, from-date`); the version in force on an event's day applies.
 */
export const claimCosts = sqliteTable(
  'claim_costs',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    /** First day (YYYY-MM-DD, UTC) the cost applies. */
    fromDate: text().notNull(),
    costMinor: integer().notNull(),
    currency: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [uniqueIndex('claim_costs_uq').on(t.storeId, t.sku, t.fromDate)]
)

/**
 * Removal order detail lines (GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA): one per store,
 * removal order, FNSKU and disposition. The report is a snapshot of each order's progress, so a
 * later report replaces the line (the newer last-updated-date wins; an older one changes nothing).
 */
export const claimRemovalOrders = sqliteTable(
  'claim_removal_orders',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    orderId: text().notNull(),
    fnsku: text().notNull(),
    disposition: text().notNull(),
    sku: text(),
    requestedAt: text().notNull(),
    orderType: text().notNull(),
    serviceSpeed: text(),
    orderStatus: text().notNull(),
    /** UTC ISO: the line's last-updated-date. */
    updatedAt: text().notNull(),
    requested: integer().notNull(),
    cancelled: integer().notNull(),
    disposed: integer().notNull(),
    shipped: integer().notNull(),
    inProcess: integer().notNull(),
    feeMinor: integer(),
    currency: text(),
    sourceFile: text().notNull(),
    sourceLine: integer().notNull(),
    createdAt: text().notNull()
  },
  (t) => [uniqueIndex('claim_removal_orders_uq').on(t.storeId, t.orderId, t.fnsku, t.disposition)]
)

/**
 * Removal shipment detail lines (GET_FBA_FULFILLMENT_REMOVAL_SHIPMENT_DETAIL_DATA). Lines have no
 * id of their own and may repeat: keyed like the ledger (hash of the cells + occurrence index).
 */
export const claimRemovalShipments = sqliteTable(
  'claim_removal_shipments',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    rowKey: text().notNull(),
    orderId: text().notNull(),
    requestedAt: text(),
    shippedAt: text().notNull(),
    sku: text(),
    fnsku: text().notNull(),
    disposition: text(),
    quantity: integer().notNull(),
    carrier: text(),
    trackingNumber: text(),
    removalOrderType: text(),
    sourceFile: text().notNull(),
    sourceLine: integer().notNull(),
    createdAt: text().notNull()
  },
  (t) => [
    uniqueIndex('claim_removal_shipments_key_uq').on(t.storeId, t.rowKey),
    index('claim_removal_shipments_order_idx').on(t.storeId, t.orderId)
  ]
)

/** Replacement shipments (GET_FBA_FULFILLMENT_CUSTOMER_SHIPMENT_REPLACEMENT_DATA): one per replacement order and SKU. */
export const claimReplacements = sqliteTable(
  'claim_replacements',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    replacementOrderId: text().notNull(),
    sku: text().notNull(),
    originalOrderId: text().notNull(),
    shippedAt: text().notNull(),
    asin: text(),
    fulfillmentCenter: text(),
    originalFulfillmentCenter: text(),
    quantity: integer().notNull(),
    reasonCode: text(),
    sourceFile: text().notNull(),
    sourceLine: integer().notNull(),
    createdAt: text().notNull()
  },
  (t) => [
    uniqueIndex('claim_replacements_uq').on(t.storeId, t.replacementOrderId, t.sku),
    index('claim_replacements_original_idx').on(t.storeId, t.originalOrderId)
  ]
)

/**
 * Inbound shipment items (Fulfillment Inbound API v0 getShipments + getShipmentItemsByShipmentId):
 * quantity shipped vs received per shipment and FNSKU; a later download replaces the line.
 */
export const claimInboundItems = sqliteTable(
  'claim_inbound_items',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    shipmentId: text().notNull(),
    fnsku: text().notNull(),
    sku: text(),
    shipmentName: text(),
    shipmentStatus: text().notNull(),
    destinationFc: text(),
    quantityShipped: integer().notNull(),
    quantityReceived: integer().notNull(),
    /** Where it came from ("Fulfillment Inbound getShipmentItemsByShipmentId FBA15…"). */
    sourceFile: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [uniqueIndex('claim_inbound_items_uq').on(t.storeId, t.shipmentId, t.fnsku)]
)
