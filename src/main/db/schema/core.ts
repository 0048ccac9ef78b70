import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Seller accounts. Secrets (LWA client secret, refresh token) live in the keychain only. */
export const stores = sqliteTable('stores', {
  id: text().primaryKey(),
  name: text().notNull(),
  region: text({ enum: ['NA', 'EU', 'FE'] }).notNull(),
  /** Null for a file-only store (no SP-API registration): everything it does goes through files. */
  sellerId: text(),
  marketplaceIds: text({ mode: 'json' }).$type<string[]>().notNull(),
  /** Null for a file-only store; set together with the keychain secrets when API access is added. */
  lwaClientId: text(),
  isDemo: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: text().notNull(),
  updatedAt: text().notNull()
})

/** Per-store Sellercloud-style settings; one row per store, removed with it. */
export const storeSettings = sqliteTable('store_settings', {
  storeId: text()
    .primaryKey()
    .references(() => stores.id, { onDelete: 'cascade' }),
  downloadRmaReport: integer({ mode: 'boolean' }).notNull().default(false),
  allowOverRefund: integer({ mode: 'boolean' }).notNull().default(false),
  allowZeroInventoryOnCancel: integer({ mode: 'boolean' }).notNull().default(false),
  noRmaForReturnlessRefunds: integer({ mode: 'boolean' }).notNull().default(false),
  allowCancelWithoutAmazon: integer({ mode: 'boolean' }).notNull().default(false),
  queueRefundsAndCancellations: integer({ mode: 'boolean' }).notNull().default(false),
  queueAutoSubmit: integer({ mode: 'boolean' }).notNull().default(false),
  /** Receiving an RMA in full queues its refund (needs queueRefundsAndCancellations). */
  refundOnReceipt: integer({ mode: 'boolean' }).notNull().default(false),
  updatedAt: text().notNull()
})

/**
 * The SP-API operations each store's client has called, and when last (recorded by the client;
 * the start-up deprecation check reads it: src/main/amazon/spapi/deprecations.ts).
 */
export const storeApiOperations = sqliteTable(
  'store_api_operations',
  {
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    operation: text().notNull(),
    lastCalledAt: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.storeId, t.operation] })]
)

/** One row per job run (sync, import, batch submit): the status line and catch-up read it. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    storeId: text().references(() => stores.id, { onDelete: 'cascade' }),
    status: text({ enum: ['running', 'succeeded', 'failed'] }).notNull(),
    startedAt: text().notNull(),
    finishedAt: text(),
    message: text(),
    cursor: text()
  },
  (t) => [index('job_runs_name_store_idx').on(t.name, t.storeId, t.startedAt)]
)

export const appMeta = sqliteTable('app_meta', {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: text()
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
})
