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
