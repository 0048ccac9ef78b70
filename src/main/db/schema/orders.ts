import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'

/**
 * Amazon orders as this store knows them. A row may be "minimal" (created because a return or a
 * reimbursement names an order we have not synced yet); order sync fills it in later.
 */
export const orders = sqliteTable(
  'orders',
  {
    id: text().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    amazonOrderId: text().notNull(),
    marketplaceId: text(),
    /** Amazon OrderStatus: Pending, Unshipped, PartiallyShipped, Shipped, Canceled, Unfulfillable, InvoiceUnconfirmed, PendingAvailability */
    status: text(),
    /** Local workflow status (e.g. In Process, On Hold); null until the order is worked on here. */
    localStatus: text(),
    /** Unshipped | PartiallyShipped | Shipped */
    shippingStatus: text(),
    fulfillmentChannel: text(),
    purchaseDate: text(),
    lastUpdateDate: text(),
    currency: text(),
    orderTotalMinor: integer(),
    /** Cancelled here or at Amazon: a cancelled order can't ship. */
    cancelledAt: text(),
    isMinimal: integer({ mode: 'boolean' }).notNull().default(false),
    /** Needs a person to look at it (e.g. the buyer asked to cancel after it shipped); null = nothing to do. */
    followUp: text(),
    /** Where the order record came from last: api | report | minimal. */
    source: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [uniqueIndex('orders_store_amazon_id_uq').on(t.storeId, t.amazonOrderId), index('orders_status_idx').on(t.storeId, t.status)]
)

export const orderItems = sqliteTable(
  'order_items',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    orderItemId: text(),
    sku: text().notNull(),
    asin: text(),
    title: text(),
    quantityOrdered: integer().notNull().default(0),
    quantityShipped: integer().notNull().default(0),
    currency: text(),
    itemPriceMinor: integer(),
    itemTaxMinor: integer(),
    shippingPriceMinor: integer(),
    shippingTaxMinor: integer(),
    promotionDiscountMinor: integer(),
    buyerRequestedCancel: integer({ mode: 'boolean' }).notNull().default(false),
    buyerCancelReason: text(),
    /** Units cancelled at Amazon or locally (a cancelled unit can't ship or be refunded twice). */
    quantityCancelled: integer().notNull().default(0)
  },
  (t) => [uniqueIndex('order_items_order_item_uq').on(t.orderId, t.orderItemId, t.sku), index('order_items_sku_idx').on(t.sku)]
)

export const orderNotes = sqliteTable(
  'order_notes',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    text: text().notNull(),
    /** Where the note came from: user, rma, buyer-cancel, system */
    source: text().notNull(),
    createdAt: text().notNull()
  },
  (t) => [index('order_notes_order_idx').on(t.orderId)]
)

export const orderHistory = sqliteTable(
  'order_history',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    event: text().notNull(),
    detail: text(),
    at: text().notNull()
  },
  (t) => [index('order_history_order_idx').on(t.orderId)]
)

/**
 * Physical stock per SKU, only as far as this app changes it ("Zero out inventory" on a cancel
 * with reason No Stock sets it to 0). Null quantity = never counted here.
 */
export const inventory = sqliteTable(
  'inventory',
  {
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    physicalQuantity: integer(),
    updatedAt: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.storeId, t.sku] })]
)

/**
 * Partial cancel: items/quantities split off an order into a child ("split #n") that can then be
 * cancelled on its own. Amazon cancels whole order items, so a cancellation is only sent for
 * items whose every remaining unit is in the split.
 */
export const orderSplits = sqliteTable(
  'order_splits',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    lines: text({ mode: 'json' }).$type<{ orderItemId: string; quantity: number }[]>().notNull(),
    /** open | cancel-pending | cancelled */
    status: text({ enum: ['open', 'cancel-pending', 'cancelled'] }).notNull(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [uniqueIndex('order_splits_order_seq_uq').on(t.orderId, t.seq)]
)

/**
 * Buyer-requested cancellations (#7): one per order. Detected from order reports or the Orders
 * API; the seller must answer within two days of `requestedAt`.
 */
export const buyerCancelRequests = sqliteTable(
  'buyer_cancel_requests',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** Order item ids the buyer asked to cancel. */
    orderItemIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    reason: text(),
    /** When the request was made (Orders API LastUpdateDate) or first seen (reports carry no time). */
    requestedAt: text().notNull(),
    /** requestedAt + 48 h, UTC. */
    dueAt: text().notNull(),
    /** open: on hold, waiting for an answer; follow-up: already shipped, flagged; accepted; declined */
    status: text({ enum: ['open', 'follow-up', 'accepted', 'declined'] }).notNull(),
    /** api | report */
    source: text().notNull(),
    decidedAt: text(),
    decisionNote: text(),
    /** The cancellation queue entry an Accept created. */
    queueEntryId: integer(),
    /** When the "12 hours left" desktop notification was shown. */
    notifiedAt: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [
    uniqueIndex('buyer_cancel_requests_order_uq').on(t.orderId),
    index('buyer_cancel_requests_status_idx').on(t.storeId, t.status, t.dueAt)
  ]
)
