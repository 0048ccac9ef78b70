import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
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
    buyerCancelReason: text()
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
