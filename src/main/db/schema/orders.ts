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
    /** Amazon's LatestShipDate / LatestDeliveryDate (Orders API, order reports): the late-shipment and late-delivery clocks (#17). */
    latestShipDate: text(),
    latestDeliveryDate: text(),
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
    /** The entry in English (shared/order-history.ts historyEnglish): the CLI and logs read this. */
    detail: text(),
    /** The entry as data (shared/order-history.ts): a code and its parameters as JSON; null on rows written before. */
    code: text(),
    params: text({ mode: 'json' }).$type<Record<string, unknown>>(),
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

/**
 * A-to-z Guarantee and SAFE-T claims on an order (#17). Amazon has no API for them: the seller
 * records a claim by hand or from a CSV, or it is inferred from the returns report's A-to-Z column.
 * The deadlines come from the rule pack (`atoz.*`, `safet.file`), anchored on the dates here.
 */
export const orderClaims = sqliteTable(
  'order_claims',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** atoz: an A-to-z Guarantee claim by the buyer; safet: the seller's SAFE-T claim for Amazon's refund. */
    kind: text({ enum: ['atoz', 'safet'] }).notNull(),
    /** The claim's reason as Amazon names it (e.g. "Item not received"); free text. */
    claimType: text(),
    filedAt: text(),
    currency: text(),
    amountMinor: integer(),
    state: text({ enum: ['open', 'info-requested', 'granted', 'denied', 'withdrawn', 'appealed', 'filed'] }).notNull(),
    /** Amazon asked for information (the 48 h / 72 h clock). */
    infoRequestedAt: text(),
    /** Amazon granted the claim (the 30-day appeal clock). */
    grantedAt: text(),
    /** Amazon refunded the buyer on the seller's behalf (the 60-day SAFE-T clock). */
    amazonRefundAt: text(),
    /** manual | csv | returns-report */
    source: text({ enum: ['manual', 'csv', 'returns-report'] }).notNull(),
    note: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [uniqueIndex('order_claims_order_kind_uq').on(t.orderId, t.kind), index('order_claims_store_state_idx').on(t.storeId, t.state)]
)
