/**
 * RMAs on the team server (PostgreSQL): the same records as SQLite's `rmas`, `rma_items`,
 * `rma_notes`, `rma_history`, `kits` and `fba_customer_returns` (src/main/db/schema), decided by
 * the same pure rules (src/main/rmas/rma-rules.ts). Money is integer minor units + currency.
 * The server does not create orders here (orders are the orders domain's tables): an RMA keeps
 * its Amazon order id.
 */
import { sql } from 'drizzle-orm'
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { teamStores } from './core'

export const teamRmas = pgTable(
  'team_rmas',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text()
      .notNull()
      .references(() => teamStores.id),
    amazonOrderId: text().notNull(),
    /** Amazon's RMA ID (Sellercloud's "Order source RMA #"). */
    orderSourceRmaId: text().notNull(),
    merchantRmaId: text(),
    status: text({ enum: ['Open', 'Received', 'Refunded', 'Closed'] }).notNull(),
    resolution: text().notNull(),
    returnRequestStatus: text().notNull(),
    returnRequestDate: text(),
    orderDate: text(),
    amazonResolution: text(),
    returnType: text(),
    returnless: boolean().notNull().default(false),
    trackingId: text(),
    carrier: text(),
    labelType: text(),
    labelPaidBy: text(),
    currency: text(),
    labelCostMinor: bigint({ mode: 'number' }),
    orderAmountMinor: bigint({ mode: 'number' }),
    refundedAmountMinor: bigint({ mode: 'number' }),
    /** mfn-flat, mfn-xml or download. */
    source: text().notNull(),
    sourceFile: text(),
    sourceLine: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull()
  },
  (t) => [
    // What makes a re-import of the same report idempotent (insert … on conflict).
    unique('team_rmas_store_rma_uq').on(t.storeId, t.orderSourceRmaId),
    index('team_rmas_order_idx').on(t.storeId, t.amazonOrderId),
    index('team_rmas_status_idx').on(t.status)
  ]
)

export const teamRmaItems = pgTable(
  'team_rma_items',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    rmaId: bigint({ mode: 'number' })
      .notNull()
      .references(() => teamRmas.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    sourceSku: text().notNull(),
    parentSku: text(),
    asin: text(),
    itemName: text(),
    quantity: integer().notNull(),
    reason: text(),
    currency: text(),
    refundAmountMinor: bigint({ mode: 'number' }),
    receivedQuantity: integer().notNull().default(0),
    condition: text(),
    /** The server's clock when the last receipt was applied. */
    receivedAt: timestamp({ withTimezone: true }),
    receivedBy: text(),
    sourceLine: integer(),
    raw: jsonb().$type<Record<string, string>>()
  },
  (t) => [index('team_rma_items_rma_idx').on(t.rmaId), index('team_rma_items_sku_idx').on(t.sku)]
)

export const teamRmaNotes = pgTable(
  'team_rma_notes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    rmaId: bigint({ mode: 'number' })
      .notNull()
      .references(() => teamRmas.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull()
  },
  (t) => [index('team_rma_notes_rma_idx').on(t.rmaId)]
)

/** What happened to an RMA, by whom, when (the server's clock) and when the user acted (the client's). */
export const teamRmaHistory = pgTable(
  'team_rma_history',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    rmaId: bigint({ mode: 'number' })
      .notNull()
      .references(() => teamRmas.id, { onDelete: 'cascade' }),
    event: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    detail: text(),
    at: timestamp({ withTimezone: true }).notNull(),
    /** The team user who acted (null: the server's own scheduled download). */
    actor: text(),
    commandId: uuid(),
    /** The client's clock when the user acted (kept for history; never used to decide). */
    issuedAt: timestamp({ withTimezone: true })
  },
  (t) => [index('team_rma_history_rma_idx').on(t.rmaId)]
)

/** Kit definitions per store: a returned parent SKU becomes its components (rma-rules.ts expandKit). */
export const teamKits = pgTable(
  'team_kits',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text()
      .notNull()
      .references(() => teamStores.id),
    parentSku: text().notNull(),
    componentSku: text().notNull(),
    quantity: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [unique('team_kits_uq').on(t.storeId, t.parentSku, t.componentSku)]
)

/** FBA customer returns: kept for the order's history, never RMAs (rma-rules.ts FBA_SKIP_REASON). */
export const teamFbaCustomerReturns = pgTable(
  'team_fba_customer_returns',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text()
      .notNull()
      .references(() => teamStores.id),
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
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull()
  },
  (t) => [unique('team_fba_returns_uq').on(t.storeId, t.amazonOrderId, t.sku, t.returnDate, t.licensePlateNumber)]
)

/**
 * The RMA settings of a team store (SQLite keeps them on `stores`). No row = the defaults:
 * returnless refunds create RMAs (as single-seat's default), and the server downloads the
 * returns report on its schedule (the server is the only one that talks to Amazon).
 */
export const teamRmaSettings = pgTable('team_rma_settings', {
  storeId: text()
    .primaryKey()
    .references(() => teamStores.id),
  noRmaForReturnlessRefunds: boolean().notNull().default(false),
  downloadRmaReport: boolean().notNull().default(true),
  /** Start of the last successful scheduled download (the next window overlaps it by a day). */
  lastDownloadStartedAt: timestamp({ withTimezone: true }),
  lastDownloadMessage: text(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .default(sql`now()`)
})
