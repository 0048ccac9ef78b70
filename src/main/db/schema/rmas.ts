import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'
import { orders } from './orders'

/**
 * RMAs created from Amazon merchant returns reports (or by hand later). One per
 * (store, Amazon RMA ID): a later report for the same return updates it in place.
 */
export const rmas = sqliteTable(
  'rmas',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    amazonOrderId: text().notNull(),
    /** "Order source RMA #": Amazon's RMA ID. */
    orderSourceRmaId: text().notNull(),
    merchantRmaId: text(),
    /** Ours: Open -> Received -> Refunded -> Closed. */
    status: text({ enum: ['Open', 'Received', 'Refunded', 'Closed'] }).notNull(),
    /** Ours: always Refund for Amazon returns. */
    resolution: text().notNull(),
    /** Amazon's side, as last reported. */
    returnRequestStatus: text().notNull(),
    returnRequestDate: text(),
    orderDate: text(),
    amazonResolution: text(),
    returnType: text(),
    returnless: integer({ mode: 'boolean' }).notNull().default(false),
    trackingId: text(),
    carrier: text(),
    labelType: text(),
    labelPaidBy: text(),
    currency: text(),
    labelCostMinor: integer(),
    orderAmountMinor: integer(),
    refundedAmountMinor: integer(),
    /** Where the last report data came from. */
    source: text({ enum: ['mfn-flat', 'mfn-xml', 'manual', 'download'] }).notNull(),
    sourceFile: text(),
    sourceLine: integer(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [
    uniqueIndex('rmas_store_source_rma_uq').on(t.storeId, t.orderSourceRmaId),
    index('rmas_store_status_idx').on(t.storeId, t.status, t.returnRequestDate),
    // Filters on order id, tracking and SKU are substring searches (LIKE '%…%'), which no index serves.
    index('rmas_order_idx').on(t.orderId)
  ]
)

export const rmaItems = sqliteTable(
  'rma_items',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    rmaId: integer()
      .notNull()
      .references(() => rmas.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    /** The SKU as reported; differs from `sku` when a kit parent was expanded into components. */
    sourceSku: text().notNull(),
    /** Kit parent SKU when this item is a component. */
    parentSku: text(),
    asin: text(),
    itemName: text(),
    quantity: integer().notNull(),
    reason: text(),
    currency: text(),
    refundAmountMinor: integer(),
    receivedQuantity: integer().notNull().default(0),
    condition: text(),
    receivedAt: text(),
    sourceLine: integer(),
    /** The report cells not already stored in columns (header -> cell), as read. */
    raw: text({ mode: 'json' }).$type<Record<string, string>>()
  },
  (t) => [index('rma_items_rma_idx').on(t.rmaId)]
)

export const rmaNotes = sqliteTable(
  'rma_notes',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    rmaId: integer()
      .notNull()
      .references(() => rmas.id, { onDelete: 'cascade' }),
    /** tracking | user | system */
    kind: text().notNull(),
    body: text().notNull(),
    createdAt: text().notNull()
  },
  (t) => [index('rma_notes_rma_idx').on(t.rmaId)]
)

export const rmaHistory = sqliteTable(
  'rma_history',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    rmaId: integer()
      .notNull()
      .references(() => rmas.id, { onDelete: 'cascade' }),
    /** created | status | report-update | received | refund-requested */
    event: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    detail: text(),
    at: text().notNull()
  },
  (t) => [index('rma_history_rma_idx').on(t.rmaId)]
)

/** Kit definitions per store: a parent SKU is returned as its components. */
export const kits = sqliteTable(
  'kits',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    parentSku: text().notNull(),
    componentSku: text().notNull(),
    quantity: integer().notNull(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [uniqueIndex('kits_store_parent_component_uq').on(t.storeId, t.parentSku, t.componentSku)]
)

/**
 * FBA customer returns (Amazon received the unit at its fulfillment center): informational, kept
 * for the order's history; they never create RMAs (see rmas/rma-rules.ts).
 */
export const fbaCustomerReturns = sqliteTable(
  'fba_customer_returns',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    amazonOrderId: text().notNull(),
    returnDate: text().notNull(),
    sku: text().notNull(),
    asin: text(),
    fnsku: text(),
    productName: text(),
    quantity: integer().notNull(),
    fulfillmentCenterId: text(),
    disposition: text(),
    reason: text(),
    status: text(),
    licensePlateNumber: text().notNull().default(''),
    customerComments: text(),
    sourceFile: text(),
    sourceLine: integer(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [
    uniqueIndex('fba_customer_returns_uq').on(t.storeId, t.amazonOrderId, t.sku, t.returnDate, t.licensePlateNumber),
    index('fba_customer_returns_order_idx').on(t.storeId, t.amazonOrderId)
  ]
)

/**
 * Every receipt of returned units, one row per item and receipt: when, how many, in what
 * condition, and how (a scan at the Receive screen, with the code scanned, or the RMA's form).
 * `rma_items.received_quantity` / `condition` / `received_at` hold the sum and the latest only.
 */
export const rmaReceipts = sqliteTable(
  'rma_receipts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    rmaId: integer()
      .notNull()
      .references(() => rmas.id, { onDelete: 'cascade' }),
    itemId: integer()
      .notNull()
      .references(() => rmaItems.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    condition: text().notNull(),
    via: text({ enum: ['form', 'scan'] }).notNull(),
    /** The code scanned to find the RMA (scan only). */
    scannedCode: text(),
    receivedAt: text().notNull()
  },
  (t) => [index('rma_receipts_rma_idx').on(t.rmaId), index('rma_receipts_at_idx').on(t.receivedAt)]
)

/**
 * Units that arrived with no open RMA to receive them on: recorded with what was scanned, for
 * follow-up (an RMA not imported yet, a wrong item, a return the buyer sent without asking).
 */
export const unexpectedReturns = sqliteTable(
  'unexpected_returns',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The store the person was working in, when one was chosen. */
    storeId: text().references(() => stores.id, { onDelete: 'cascade' }),
    /** The first code scanned (e.g. the label's tracking number). */
    code: text().notNull(),
    /** Every code scanned for this parcel, in order. */
    codes: text({ mode: 'json' }).$type<string[]>().notNull(),
    quantity: integer().notNull(),
    condition: text().notNull(),
    note: text(),
    /** open (to follow up) | resolved */
    status: text({ enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    receivedAt: text().notNull()
  },
  (t) => [index('unexpected_returns_status_idx').on(t.status, t.receivedAt)]
)
