/**
 * Audits (issue #16, "Audits"): a recovery service's statement checked line by line against the
 * reimbursements Amazon paid, and reimbursements of pre-order losses paid below the seller's
 * manufacturing cost. Money is integer minor units + currency; totals are per currency, exact.
 */
import { z } from 'zod'
import { Currency, Money } from '../money'
import { StoreId } from '../ids'
import type { ContractSlice } from './types'

/** The fields of a statement line a column can be mapped to. */
export const STATEMENT_FIELDS = ['caseId', 'reimbursementId', 'amount', 'fee', 'currency'] as const
export const StatementField = z.enum(STATEMENT_FIELDS)
export type StatementField = z.infer<typeof StatementField>

/**
 * How a service's statement reads: which column holds each field (by header name), the decimal
 * mark of its amounts, and the currency when the file has no currency column. Remembered per
 * service name.
 */
export const StatementMapping = z
  .object({
    columns: z.partialRecord(StatementField, z.string().min(1).max(200)),
    decimalMark: z.enum(['.', ',']).default('.'),
    /** The currency of every line when no column is mapped to `currency`. */
    currency: Currency.nullable().default(null)
  })
  .strict()
export type StatementMapping = z.infer<typeof StatementMapping>

/**
 * notFound: no reimbursement with that id (or case id) in the store;
 * amountDiffers: the statement's amount is not what Amazon paid;
 * noCase: charged on a reimbursement Amazon made on its own (it carries no case id);
 * reversed: charged on a reimbursement Amazon later reversed (took back);
 * duplicate: the same reimbursement charged on an earlier line (this statement or an earlier one).
 */
export const DISCREPANCY_KINDS = ['notFound', 'amountDiffers', 'noCase', 'reversed', 'duplicate'] as const
export const DiscrepancyKind = z.enum(DISCREPANCY_KINDS)
export type DiscrepancyKind = z.infer<typeof DiscrepancyKind>

export const ServiceName = z.string().trim().min(1).max(100)

export const AuditedLine = z.object({
  /** The file's line number. */
  line: z.number().int(),
  caseId: z.string().nullable(),
  reimbursementId: z.string().nullable(),
  amount: Money,
  fee: Money,
  /** Empty: the line checks out. */
  kinds: z.array(DiscrepancyKind),
  /** The fee of a disputed line (what the service should not have charged); null when the line checks out. */
  feeAtStake: Money.nullable(),
  /** What Amazon's records say about the reimbursement the line names (null: not found). */
  paid: z
    .object({
      reimbursementIds: z.array(z.string()),
      caseId: z.string().nullable(),
      amount: Money,
      /** What later reversals took back (negative), or null. */
      reversed: Money.nullable(),
      reimbursedAt: z.string()
    })
    .nullable(),
  /** Where the same reimbursement was charged first (kind duplicate). */
  duplicateOf: z.object({ statementId: z.number().int(), fileName: z.string(), line: z.number().int() }).nullable()
})
export type AuditedLine = z.infer<typeof AuditedLine>

export const AuditTotals = z.object({
  /** Sum of the statement's amounts, of its fees, and of the fees of disputed lines — per currency. */
  amount: z.array(Money),
  fee: z.array(Money),
  feeAtStake: z.array(Money)
})

export const StatementRejectedLine = z.object({ line: z.number().int(), column: z.string().nullable(), reason: z.string() })

export const StatementInfo = z.object({
  id: z.number().int(),
  storeId: z.string(),
  storeName: z.string(),
  service: z.string(),
  fileName: z.string(),
  importedAt: z.string(),
  lines: z.number().int(),
  disputed: z.number().int(),
  feeAtStake: z.array(Money)
})
export type StatementInfo = z.infer<typeof StatementInfo>

export const StatementAudit = z.object({
  /** null in a preview (nothing stored). */
  statement: StatementInfo.nullable(),
  file: z.string(),
  service: z.string(),
  /** The file's header and the mapping used (given, remembered for the service, or guessed from the header). */
  header: z.array(z.string()),
  mapping: StatementMapping,
  mappingSource: z.enum(['given', 'remembered', 'guessed']),
  /** Fields the mapping still lacks (amount, fee, an id column, a currency): nothing is audited until it is complete. */
  missing: z.array(z.string()),
  rows: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(StatementRejectedLine),
  lines: z.array(AuditedLine),
  counts: z.record(DiscrepancyKind, z.number().int()),
  disputed: z.number().int(),
  totals: AuditTotals,
  /** The same file was imported for this store and service before: that statement is answered. */
  alreadyImported: z.boolean(),
  committed: z.boolean()
})
export type StatementAudit = z.infer<typeof StatementAudit>

export const StatementFileInput = z
  .object({
    storeId: StoreId,
    fileId: z.string().min(1),
    service: ServiceName,
    /** Absent: the service's remembered mapping, else one guessed from the header. */
    mapping: StatementMapping.optional(),
    detailLimit: z.number().int().min(0).max(1_000_000).default(1000)
  })
  .strict()

export const StatementQuery = z
  .object({ statementId: z.number().int().positive(), kinds: z.array(DiscrepancyKind).max(DISCREPANCY_KINDS.length).optional() })
  .strict()

export const BelowCostRow = z.object({
  storeId: z.string(),
  storeName: z.string(),
  reimbursementId: z.string(),
  caseId: z.string().nullable(),
  sku: z.string(),
  fnsku: z.string().nullable(),
  /** Amazon's raw reason code (Lost_Warehouse, Damaged_Inbound, …) and its category. */
  reason: z.string(),
  reasonCategory: z.string(),
  approvedAt: z.string(),
  /** Units paid in cash. */
  quantity: z.number().int(),
  paidPerUnit: Money,
  costPerUnit: Money,
  /** The first day of the cost version in force on the approval day. */
  costFromDate: z.string(),
  differencePerUnit: Money,
  differenceTotal: Money
})
export type BelowCostRow = z.infer<typeof BelowCostRow>

export const BelowCostList = z.object({ rows: z.array(BelowCostRow), totals: z.array(Money), valuationFrom: z.string() })

const CsvOut = z.object({ fileName: z.string(), rows: z.number().int(), csv: z.string() })

export const audits = {
  'audits.mapping': {
    input: z.object({ service: ServiceName }).strict(),
    output: z.object({ service: z.string(), mapping: StatementMapping.nullable() })
  },
  'audits.services': { input: z.object({}).strict(), output: z.array(z.string()) },
  'audits.previewStatement': { input: StatementFileInput, output: StatementAudit },
  'audits.importStatement': { input: StatementFileInput, output: StatementAudit },
  'audits.statements': { input: z.object({ storeId: StoreId.optional() }).strict(), output: z.array(StatementInfo) },
  'audits.statement': { input: StatementQuery, output: StatementAudit },
  'audits.exportStatement': { input: StatementQuery, output: CsvOut },
  'audits.removeStatement': {
    input: z.object({ statementId: z.number().int().positive() }).strict(),
    output: z.object({ removed: z.boolean() })
  },
  'audits.belowCost': { input: z.object({ storeId: StoreId.optional() }).strict(), output: BelowCostList },
  'audits.exportBelowCost': { input: z.object({ storeId: StoreId.optional() }).strict(), output: CsvOut }
} as const satisfies ContractSlice
