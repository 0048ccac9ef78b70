import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'

/**
 * How a recovery service's statement reads (which column is the case id, the reimbursement id,
 * the amount, the fee, the currency; the decimal mark): mapped once by the user, remembered per
 * service. `serviceKey` is the name folded to lower case and single spaces.
 */
export const auditServiceMappings = sqliteTable('audit_service_mappings', {
  serviceKey: text().primaryKey(),
  service: text().notNull(),
  /** JSON of the contract's StatementMapping. */
  mapping: text().notNull(),
  updatedAt: text().notNull()
})

/** One imported statement of a service for a store; the same file (sha256) is imported once. */
export const auditStatements = sqliteTable(
  'audit_statements',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    service: text().notNull(),
    serviceKey: text().notNull(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    rows: integer().notNull(),
    rejected: integer().notNull(),
    importedAt: text().notNull()
  },
  (t) => [uniqueIndex('audit_statements_file_uq').on(t.storeId, t.serviceKey, t.sha256)]
)

/**
 * A statement's lines as the service billed them (money in minor units + currency). The audit
 * against the reimbursements is computed when asked for, so a reversal that arrives later shows.
 */
export const auditStatementLines = sqliteTable(
  'audit_statement_lines',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    statementId: integer()
      .notNull()
      .references(() => auditStatements.id, { onDelete: 'cascade' }),
    line: integer().notNull(),
    caseId: text(),
    reimbursementId: text(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    feeMinor: integer().notNull(),
    feeCurrency: text().notNull()
  },
  (t) => [
    index('audit_statement_lines_statement_idx').on(t.statementId, t.line),
    index('audit_statement_lines_reimbursement_idx').on(t.reimbursementId)
  ]
)
