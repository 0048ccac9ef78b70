import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { stores } from './core'

/**
 * Cases (issue #16): what the seller files in Seller Central from one or several claim findings.
 * Findings are computed on read (claims/), so a case keeps each finding's id AND a snapshot of its
 * facts at creation (`findings_json`): the case text stays what was filed even when the finder
 * later changes or closes the finding.
 */
export const cases = sqliteTable(
  'cases',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    /** draft | filed | waiting | paid | partlyPaid | denied | reopened */
    state: text().notNull(),
    /** Amazon's Case ID, pasted by the user when filing. */
    amazonCaseId: text(),
    /** JSON array of the findings' snapshots (ClaimFinding as it was at creation). */
    findingsJson: text().notNull(),
    /** Units the findings claim (sum of their quantities at creation). */
    quantity: integer().notNull(),
    /** Estimated value at creation, when every finding had one in the same currency. */
    currency: text(),
    valueMinor: integer(),
    /** Paid so far by matched reimbursements (net of reversals), in `currency` of the payments. */
    paidMinor: integer().notNull().default(0),
    paidCurrency: text(),
    paidQuantity: integer().notNull().default(0),
    /** The earliest window deadline of its findings at creation. */
    closesAt: text(),
    createdAt: text().notNull(),
    filedAt: text(),
    deniedAt: text(),
    updatedAt: text().notNull()
  },
  (t) => [index('cases_store_state_idx').on(t.storeId, t.state), uniqueIndex('cases_amazon_case_uq').on(t.storeId, t.amazonCaseId)]
)

/** One row per finding a case covers (the finding's stable id), so the Claims screen finds a finding's case. */
export const caseFindings = sqliteTable(
  'case_findings',
  {
    caseId: integer()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    findingId: text().notNull(),
    fnsku: text(),
    amazonOrderId: text(),
    quantity: integer().notNull()
  },
  (t) => [uniqueIndex('case_findings_uq').on(t.caseId, t.findingId), index('case_findings_finding_idx').on(t.findingId)]
)

/** Every state change of a case: when, who or what (user, auto-match, cli), and its details. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    caseId: integer()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    at: text().notNull(),
    fromState: text(),
    toState: text().notNull(),
    /** user | autoMatch | cli | demo */
    actor: text().notNull(),
    /** The reimbursement that paid or reversed it (store's reimbursement id), when the matcher did it. */
    reimbursementId: text(),
    note: text()
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)]
)

/**
 * The reimbursement lines matched to a case: one row per reimbursement row (its id in the
 * reimbursements table), so matching twice never pays twice. A reversal is its own row (negative).
 */
export const casePayments = sqliteTable(
  'case_payments',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    caseId: integer()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    reimbursementRowId: integer().notNull(),
    reimbursementId: text().notNull(),
    /** caseId: Amazon's case id on the line; item: same FNSKU/order and quantity after filing; reversal. */
    matchedBy: text().notNull(),
    reimbursedAt: text().notNull(),
    currency: text().notNull(),
    amountMinor: integer().notNull(),
    quantity: integer().notNull(),
    createdAt: text().notNull()
  },
  (t) => [uniqueIndex('case_payments_row_uq').on(t.reimbursementRowId)]
)

/**
 * Evidence files: stored once per content under the app's data folder (`case-evidence/<sha256>`),
 * `case_evidence_files` the content, `case_evidence` which case has which file under which name.
 */
export const caseEvidenceFiles = sqliteTable('case_evidence_files', {
  sha256: text().primaryKey(),
  size: integer().notNull(),
  storedAt: text().notNull()
})

export const caseEvidence = sqliteTable(
  'case_evidence',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    caseId: integer()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    sha256: text()
      .notNull()
      .references(() => caseEvidenceFiles.sha256),
    name: text().notNull(),
    addedAt: text().notNull()
  },
  (t) => [uniqueIndex('case_evidence_uq').on(t.caseId, t.sha256)]
)
