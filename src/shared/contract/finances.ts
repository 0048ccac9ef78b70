/**
 * Finances: Amazon's settlements (the settlement V2 flat file, imported from a file or downloaded
 * on a schedule), their totals per currency, and each order's refunds with their dates and fees
 * (what the claims finder needs: a refund date starts the refunded-not-returned clock).
 * Also the SP-API deprecation warnings of the status line (`app.deprecations`).
 */
import { z } from 'zod'
import { StoreId } from '../ids'
import { Money } from '../money'
import type { ContractSlice } from './types'
import { FileImportInput } from './imports'

export const SettlementImportSummary = z.object({
  file: z.string(),
  encoding: z.string(),
  sha256: z.string(),
  settlementId: z.string(),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  depositAt: z.string().nullable(),
  currency: z.string(),
  /** The decimal mark the amounts were read with, and why (the marketplace that writes it). */
  decimalMark: z.enum(['.', ',']),
  decimalMarkEvidence: z.string(),
  /** total-amount of the summary line. */
  declaredTotal: Money,
  /** Sum of the lines' amounts, per currency, to the cent. */
  totals: z.array(Money),
  /** Whether the lines add up to the declared total. */
  balanced: z.boolean(),
  lines: z.number().int(),
  inserted: z.number().int(),
  unchanged: z.number().int(),
  /** This settlement was imported into this store before (at, file). */
  alreadyImported: z.object({ at: z.string(), file: z.string() }).nullable(),
  committed: z.boolean()
})
export type SettlementImportSummary = z.infer<typeof SettlementImportSummary>

export const Settlement = z.object({
  storeId: z.string(),
  settlementId: z.string(),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  depositAt: z.string().nullable(),
  total: Money,
  linesTotal: Money,
  lines: z.number().int(),
  source: z.enum(['file', 'download']),
  reportId: z.string().nullable(),
  fileName: z.string(),
  importedAt: z.string()
})
export type Settlement = z.infer<typeof Settlement>

/** One refund of an order as the settlements record it (one adjustment, posted at one instant). */
export const SettlementRefund = z.object({
  settlementId: z.string(),
  adjustmentId: z.string().nullable(),
  /** When Amazon posted the refund (UTC ISO). */
  refundedAt: z.string().nullable(),
  currency: z.string(),
  /** What went back to the buyer: the ItemPrice and Promotion amounts (negative for a refund). */
  amount: Money,
  /** Fees on the refund: ItemFees and other amounts (Commission returned, RefundCommission charged, …). */
  fees: Money,
  /** amount + fees: what the refund cost the seller in this settlement. */
  net: Money,
  lines: z.array(z.object({ amountType: z.string(), amountDescription: z.string().nullable(), sku: z.string().nullable(), amount: Money }))
})
export type SettlementRefund = z.infer<typeof SettlementRefund>

export const DeprecationWarning = z.object({
  storeId: z.string(),
  storeName: z.string(),
  operation: z.string(),
  api: z.string(),
  apiVersion: z.string(),
  replacement: z.string(),
  /** Amazon's removal date (YYYY-MM-DD). */
  removalDate: z.string(),
  daysLeft: z.number().int(),
  source: z.string()
})
export type DeprecationWarning = z.infer<typeof DeprecationWarning>

export const finances = {
  'settlements.previewImport': { input: FileImportInput, output: SettlementImportSummary },
  'settlements.import': { input: FileImportInput, output: SettlementImportSummary },
  'settlements.list': { input: z.object({ storeId: StoreId.optional() }).strict(), output: z.array(Settlement) },
  'settlements.refundsByOrder': {
    input: z.object({ storeId: StoreId, orderId: z.string().trim().min(1).max(100) }).strict(),
    output: z.array(SettlementRefund)
  },
  /** Operations a store still uses within 90 days of Amazon removing them (the status line). */
  'app.deprecations': { input: z.object({}).strict(), output: z.array(DeprecationWarning) }
} as const satisfies ContractSlice
