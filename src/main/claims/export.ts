/**
 * The findings' filter (the screen's, the CLI's) and their CSV export: one row per finding,
 * amounts as exact decimal strings with a currency column, and the source lines that prove it.
 * Pure: no IO. The same file goes to the screen's download and to `claims export`.
 */
import { reimbursedBy, type ClaimEvidence, type ClaimFinding, type ClaimsFilter } from '../../shared/contract/claims'
import { formatMinor } from '../../shared/money'
import { csvLine } from '../reimbursements/rules'

/** Whether a finding passes a filter (the store is chosen before: findings are computed per store). */
export function matchesFilter(f: ClaimFinding, q: ClaimsFilter): boolean {
  if (q.statuses?.length && !q.statuses.includes(f.status)) return false
  if (q.types?.length && !q.types.includes(f.type)) return false
  const sku = q.sku?.trim().toLowerCase()
  if (sku && !(f.sku ?? '').toLowerCase().startsWith(sku)) return false
  const day = f.eventAt.slice(0, 10)
  if (q.from && day < q.from) return false
  if (q.to && day > q.to) return false
  return true
}

export const CLAIMS_CSV_HEADER = [
  'finding-id',
  'store',
  'type',
  'status',
  'sku',
  'fnsku',
  'asin',
  'amazon-order-id',
  'marketplace-id',
  'fulfillment-center',
  'quantity',
  'event-at',
  'claim-from',
  'claim-until',
  'value',
  'currency',
  'value-basis',
  'rule',
  'rule-effective-from',
  'reimbursed-by',
  'source-lines'
] as const

/** One evidence line as text: "ledger.tsv line 2 (event, 3)" or, without a file, "refund tx-1 (event, 1)". */
export function evidenceText(e: ClaimEvidence): string {
  const where = e.sourceFile ? `${e.sourceFile} line ${e.sourceLine ?? '?'}` : `${e.kind} ${e.reference ?? '?'}`
  return `${where} (${e.role}, ${e.quantity})`
}

export function findingCsvRow(f: ClaimFinding): string {
  return csvLine([
    f.id,
    f.storeName,
    f.type,
    f.status,
    f.sku,
    f.fnsku,
    f.asin,
    f.amazonOrderId,
    f.marketplaceId,
    f.fulfillmentCenter,
    f.quantity,
    f.eventAt,
    f.opensAt,
    f.closesAt,
    f.value ? formatMinor(f.value.amountMinor, f.value.currency) : '',
    f.value?.currency ?? '',
    f.valueBasis,
    f.rule.id,
    f.rule.effectiveFrom,
    reimbursedBy(f).join(' '),
    f.evidence.map(evidenceText).join('; ')
  ])
}

/** The CSV file: UTF-8 with a BOM (Excel reads it as UTF-8), CRLF lines, as the reimbursements export. */
export function findingsCsv(findings: readonly ClaimFinding[]): string {
  return `\uFEFF${[csvLine([...CLAIMS_CSV_HEADER]), ...findings.map(findingCsvRow)].join('\r\n')}\r\n`
}
