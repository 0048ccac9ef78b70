/**
 * Orders on the team server (PostgreSQL): what order sync from the Orders API writes and what the
 * refund / cancel rules read. The same columns as SQLite's `src/main/db/schema/orders.ts`, so the
 * pure rules (`orders/rules.ts`, `orders/buyer-cancel-rules.ts`) run on either. Money is integer
 * minor units of the row's currency; instants are timestamptz.
 */
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { teamStores } from './core'

export const teamOrders = pgTable(
  'team_orders',
  {
    id: text().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => teamStores.id, { onDelete: 'cascade' }),
    amazonOrderId: text().notNull(),
    marketplaceId: text(),
    /** Amazon OrderStatus. */
    status: text(),
    /** In Process | On Hold | Cancelled | Completed (orders/buyer-cancel-rules.ts). */
    localStatus: text(),
    shippingStatus: text(),
    fulfillmentChannel: text(),
    purchaseDate: timestamp({ withTimezone: true }),
    lastUpdateDate: timestamp({ withTimezone: true }),
    currency: text(),
    orderTotalMinor: bigint({ mode: 'number' }),
    cancelledAt: timestamp({ withTimezone: true }),
    isMinimal: boolean().notNull().default(false),
    followUp: text(),
    source: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('team_orders_store_amazon_uq').on(t.storeId, t.amazonOrderId), index('team_orders_purchase_idx').on(t.purchaseDate)]
)

export const teamOrderItems = pgTable(
  'team_order_items',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => teamOrders.id, { onDelete: 'cascade' }),
    orderItemId: text(),
    sku: text().notNull(),
    asin: text(),
    title: text(),
    quantityOrdered: integer().notNull().default(0),
    quantityShipped: integer().notNull().default(0),
    quantityCancelled: integer().notNull().default(0),
    currency: text(),
    itemPriceMinor: bigint({ mode: 'number' }),
    itemTaxMinor: bigint({ mode: 'number' }),
    shippingPriceMinor: bigint({ mode: 'number' }),
    shippingTaxMinor: bigint({ mode: 'number' }),
    promotionDiscountMinor: bigint({ mode: 'number' }),
    buyerRequestedCancel: boolean().notNull().default(false),
    buyerCancelReason: text()
  },
  (t) => [index('team_order_items_order_idx').on(t.orderId)]
)

export const teamOrderHistory = pgTable(
  'team_order_history',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orderId: text()
      .notNull()
      .references(() => teamOrders.id, { onDelete: 'cascade' }),
    event: text().notNull(),
    /** The entry in English (shared/order-history.ts historyEnglish). */
    detail: text(),
    /** The entry as data (shared/order-history.ts): a code and its parameters; null on rows written before. */
    code: text(),
    params: jsonb().$type<Record<string, unknown>>(),
    /** Who did it (team user name), null for the server's own work (sync, submitter). */
    actor: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('team_order_history_order_idx').on(t.orderId)]
)

export const teamOrderNotes = pgTable(
  'team_order_notes',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orderId: text()
      .notNull()
      .references(() => teamOrders.id, { onDelete: 'cascade' }),
    text: text().notNull(),
    source: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('team_order_notes_order_idx').on(t.orderId)]
)

/** Buyer-cancellation requests (holds, #7): at most one per order. */
export const teamBuyerCancelRequests = pgTable(
  'team_buyer_cancel_requests',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text()
      .notNull()
      .references(() => teamStores.id, { onDelete: 'cascade' }),
    orderId: text()
      .notNull()
      .references(() => teamOrders.id, { onDelete: 'cascade' }),
    orderItemIds: jsonb().$type<string[]>().notNull(),
    reason: text(),
    requestedAt: timestamp({ withTimezone: true }).notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: ['open', 'accepted', 'declined', 'follow-up'] }).notNull(),
    source: text().notNull(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: text(),
    decisionNote: text(),
    queueEntryId: bigint({ mode: 'number' }),
    notifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('team_buyer_cancel_order_uq').on(t.orderId), index('team_buyer_cancel_status_idx').on(t.storeId, t.status)]
)

/** Order sync bookkeeping per store: where the next run starts (orders/sync.job.ts `syncFrom`). */
export const teamOrderSyncs = pgTable('team_order_syncs', {
  storeId: text()
    .primaryKey()
    .references(() => teamStores.id, { onDelete: 'cascade' }),
  lastSuccessStartedAt: timestamp({ withTimezone: true }),
  lastResult: text(),
  lastError: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
})
