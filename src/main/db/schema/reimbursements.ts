import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'

/**
 * FBA reimbursements, one row per report line: keyed by store + reimbursement id + line key
 * (sku, fnsku, reason, order id, original reimbursement id — one reimbursement id can carry
 * several lines). A reversal stays its own row and points at the line it reverses.
 * The raw report line is kept with the file and line it came from.
 */
export const reimbursements = sqliteTable(
  'reimbursements',
  {
    id: integer().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    reimbursementId: text().notNull(),
    lineKey: text().notNull(),
    approvedAt: text().notNull(),
    /** Reimbursement time; the approval time when the report has none (timeFromApproval). */
    reimbursedAt: text().notNull(),
    timeFromApproval: integer({ mode: 'boolean' }).notNull(),
    caseId: text(),
    amazonOrderId: text(),
    reason: text().notNull(),
    reasonCategory: text().notNull(),
    sku: text().notNull(),
    fnsku: text(),
    asin: text(),
    productName: text(),
    condition: text(),
    currency: text().notNull(),
    amountPerUnitMinor: integer(),
    amountTotalMinor: integer().notNull(),
    quantityCash: integer().notNull(),
    quantityInventory: integer().notNull(),
    quantityTotal: integer().notNull(),
    originalReimbursementId: text(),
    originalReimbursementType: text(),
    /** The row this reversal cancels (same store, reimbursement id = originalReimbursementId). */
    originalRowId: integer(),
    source: text({ enum: ['file', 'sync'] }).notNull(),
    importId: integer(),
    sourceFile: text(),
    sourceLine: integer(),
    raw: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull()
  },
  (t) => [
    uniqueIndex('reimbursements_id_store_line_uq').on(t.reimbursementId, t.storeId, t.lineKey),
    index('reimbursements_store_time_idx').on(t.storeId, t.reimbursedAt),
    index('reimbursements_time_idx').on(t.reimbursedAt),
    // Covering for the reason filter: with the time range, store, sort columns and amount inside, a
    // reason filter's page (any sort) and its totals/chart read this index alone, never the table.
    index('reimbursements_category_cover_idx').on(
      t.reasonCategory,
      t.reimbursedAt,
      t.storeId,
      t.currency,
      t.amountTotalMinor,
      t.sku,
      t.reimbursementId
    ),
    index('reimbursements_order_idx').on(t.amazonOrderId),
    index('reimbursements_sku_idx').on(t.sku),
    // The SKU filter is a case-insensitive prefix (reimbursements/service.ts): lower(sku) ranges.
    index('reimbursements_sku_lower_idx').on(sql`lower(${t.sku})`),
    index('reimbursements_asin_idx').on(t.asin),
    index('reimbursements_amount_idx').on(t.amountTotalMinor),
    index('reimbursements_original_idx')
      .on(t.originalReimbursementId)
      .where(sql`original_reimbursement_id IS NOT NULL`),
    // The reversals not linked to their original yet (few or none): what every import's
    // linkReversals() looks at, found without reading the store's other rows (0.7 s on 1M rows).
    index('reimbursements_unlinked_idx')
      .on(t.storeId)
      .where(sql`original_reimbursement_id IS NOT NULL AND original_row_id IS NULL`)
  ]
)

/**
 * Per store, day (UTC, of reimbursedAt), reason category and currency: the sum of amount-total and
 * the row count. Kept by the import in the same transaction as the rows, so totals and the monthly
 * chart for store / reason / date filters never read a million rows.
 */
export const reimbursementDaily = sqliteTable(
  'reimbursement_daily',
  {
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    day: text().notNull(),
    reasonCategory: text().notNull(),
    currency: text().notNull(),
    amountMinor: integer().notNull(),
    rows: integer().notNull()
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day, t.reasonCategory, t.currency] })]
)

/** Every import of a reimbursements file or synced document: its hash answers "already imported". */
export const reimbursementImports = sqliteTable(
  'reimbursement_imports',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    fileName: text().notNull(),
    sha256: text().notNull(),
    encoding: text().notNull(),
    /** The file's header line (cells), so a kept raw line can be read back column by column. */
    header: text({ mode: 'json' }).$type<string[]>().notNull(),
    source: text({ enum: ['file', 'sync'] }).notNull(),
    rows: integer().notNull(),
    inserted: integer().notNull(),
    updated: integer().notNull(),
    unchanged: integer().notNull(),
    rejected: integer().notNull(),
    importedAt: text().notNull()
  },
  (t) => [index('reimbursement_imports_store_sha_idx').on(t.storeId, t.sha256)]
)

/**
 * Report windows of the reimbursements sync: the 18-month backfill and the daily window. A failed
 * window stays 'failed' and is retried on the next run, never skipped.
 */
export const reimbursementSyncWindows = sqliteTable(
  'reimbursement_sync_windows',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    /** UTC instants, ISO. */
    windowStart: text().notNull(),
    windowEnd: text().notNull(),
    status: text({ enum: ['pending', 'done', 'failed'] }).notNull(),
    attempts: integer().notNull().default(0),
    /** A report still processing at Amazon: polled again on the next run instead of requesting a new one. */
    reportId: text(),
    rows: integer(),
    lastError: text(),
    updatedAt: text().notNull()
  },
  (t) => [
    uniqueIndex('reimbursement_sync_windows_uq').on(t.storeId, t.windowStart, t.windowEnd),
    index('reimbursement_sync_windows_status_idx').on(t.storeId, t.status)
  ]
)

/**
 * The product catalog per store (SKU -> ASIN, parent ASIN, title, image, marketplace of the
 * listing). Filled from the All Listings report (file import or scheduled download: listing
 * columns) and, for stores with SP-API access, the Catalog Items API (title, image, parent ASIN:
 * `catalogSyncedAt`). Screens read it and show "—" where it is empty.
 */
export const products = sqliteTable(
  'products',
  {
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    asin: text(),
    parentAsin: text(),
    title: text(),
    imageUrl: text(),
    marketplaceId: text(),
    // From the All Listings report (GET_MERCHANT_LISTINGS_ALL_DATA); null when never imported.
    listingId: text(),
    /** Listing price in minor units of `currency` (the marketplace's). */
    priceMinor: integer(),
    currency: text(),
    quantity: integer(),
    /** `Active`, `Inactive`, `Incomplete` … as Amazon writes it. */
    status: text(),
    /** `DEFAULT` (merchant) or `AMAZON_NA` / `AMAZON_EU` … (FBA). */
    fulfillmentChannel: text(),
    /** When the Catalog Items API last answered for this ASIN (null: not asked yet). */
    catalogSyncedAt: text(),
    updatedAt: text().notNull()
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.sku] }),
    index('products_parent_asin_idx').on(t.parentAsin),
    index('products_store_asin_idx').on(t.storeId, t.asin)
  ]
)
