import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'

/**
 * Amazon's settlements (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2), one row per settlement:
 * its period, deposit date and declared total, and where it came from (a file, or the report
 * Amazon generated and the scheduled download fetched). Money as integer minor units + currency.
 */
export const settlements = sqliteTable(
  'settlements',
  {
    id: integer().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    settlementId: text().notNull(),
    startAt: text(),
    endAt: text(),
    depositAt: text(),
    currency: text().notNull(),
    totalMinor: integer().notNull(),
    /** Sum of the lines (equals totalMinor when the file was whole). */
    linesTotalMinor: integer().notNull(),
    lineCount: integer().notNull(),
    /** The decimal mark the amounts were read with ('.' or ','), and why. */
    decimalMark: text({ enum: ['.', ','] }).notNull(),
    decimalMarkEvidence: text().notNull(),
    source: text({ enum: ['file', 'download'] }).notNull(),
    /** Amazon's reportId when downloaded. */
    reportId: text(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    importedAt: text().notNull()
  },
  (t) => [
    uniqueIndex('settlements_store_settlement_uq').on(t.storeId, t.settlementId),
    index('settlements_report_idx').on(t.storeId, t.reportId)
  ]
)

/**
 * One row per amount line of a settlement. Identity: store + settlement id + line key (a hash of
 * the line's cells and its occurrence number among identical lines), so a re-import of the same
 * settlement adds nothing.
 */
export const settlementLines = sqliteTable(
  'settlement_lines',
  {
    id: integer().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    settlementId: text().notNull(),
    lineKey: text().notNull(),
    transactionType: text().notNull(),
    orderId: text(),
    merchantOrderId: text(),
    adjustmentId: text(),
    shipmentId: text(),
    marketplaceName: text(),
    amountType: text().notNull(),
    amountDescription: text(),
    currency: text().notNull(),
    amountMinor: integer().notNull(),
    fulfillmentId: text(),
    postedAt: text(),
    orderItemCode: text(),
    merchantOrderItemId: text(),
    merchantAdjustmentItemId: text(),
    sku: text(),
    quantity: integer(),
    promotionId: text(),
    sourceLine: integer().notNull()
  },
  (t) => [
    uniqueIndex('settlement_lines_identity_uq').on(t.storeId, t.settlementId, t.lineKey),
    index('settlement_lines_order_idx').on(t.storeId, t.orderId, t.transactionType)
  ]
)
