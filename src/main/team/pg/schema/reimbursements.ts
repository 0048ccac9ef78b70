/**
 * FBA reimbursements on the team server: one row per report line, keyed as on the desktop by
 * store + reimbursement id + line key (sku, fnsku, reason, order id, original reimbursement id —
 * `reimbursements/rules.ts` lineKey). Money is integer minor units (bigint) with its currency.
 * Rows arrive by COPY into a staging table and one INSERT … SELECT … ON CONFLICT
 * (`team/server/reimbursements.ts`), so a re-import of the same file changes nothing.
 */
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const teamReimbursements = pgTable(
  'reimbursements',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text().notNull(),
    reimbursementId: text().notNull(),
    lineKey: text().notNull(),
    approvedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** Reimbursement time; the approval time when the report has none (timeFromApproval). */
    reimbursedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    timeFromApproval: boolean().notNull(),
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
    amountPerUnitMinor: bigint({ mode: 'number' }),
    amountTotalMinor: bigint({ mode: 'number' }).notNull(),
    quantityCash: integer().notNull(),
    quantityInventory: integer().notNull(),
    quantityTotal: integer().notNull(),
    originalReimbursementId: text(),
    originalReimbursementType: text(),
    /** The row this reversal cancels (same store, reimbursement id = originalReimbursementId). */
    originalRowId: bigint({ mode: 'number' }),
    importId: bigint({ mode: 'number' }),
    sourceFile: text(),
    sourceLine: integer(),
    /** The line as read, only when the file had columns the parser does not map (nothing is lost). */
    raw: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull()
  },
  (t) => [
    uniqueIndex('reimbursements_store_id_line_uq').on(t.storeId, t.reimbursementId, t.lineKey),
    index('reimbursements_store_time_idx').on(t.storeId, t.reimbursedAt),
    index('reimbursements_time_idx').on(t.reimbursedAt),
    index('reimbursements_order_idx').on(t.amazonOrderId),
    index('reimbursements_sku_idx').on(t.sku),
    index('reimbursements_original_idx').on(t.storeId, t.originalReimbursementId)
  ]
)

/** Every import of a reimbursements file on the server: its figures, and the hash that answers "already imported". */
export const teamReimbursementImports = pgTable(
  'reimbursement_imports',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    storeId: text().notNull(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    encoding: text().notNull(),
    header: jsonb().$type<string[]>().notNull(),
    rows: integer().notNull(),
    inserted: integer().notNull(),
    updated: integer().notNull(),
    unchanged: integer().notNull(),
    rejected: integer().notNull(),
    /** The command that imported it (the ledger's id). */
    commandId: uuid(),
    importedBy: bigint({ mode: 'number' }),
    importedAt: timestamp({ withTimezone: true }).notNull()
  },
  (t) => [index('reimbursement_imports_store_sha_idx').on(t.storeId, t.sha256)]
)
