/**
 * Scheduled download of what the claims finder reads from Amazon, for stores with SP-API
 * credentials (the demo store talks to the emulator):
 * - the inventory ledger detail report (GET_LEDGER_DETAIL_VIEW_DATA), through the same parser and
 *   import as a file (idempotent: the overlap of two windows adds nothing);
 * - refunds from Finances listTransactions (postedAfter the window start), as refund events.
 *
 * Window: 18 months back on the first run (the ledger's history, sp-api-notes §1.5), then from
 * the start of the last successful run minus two days of overlap (late postings) to now.
 */
import type { FetchReportResult } from '../amazon/spapi/client'
import type { FinancesTransaction, ListTransactionsQuery } from '../amazon/spapi/types'
import { LEDGER_REPORT_TYPE } from '../amazon/reports/ledger'
import { parseMinor } from '../../shared/money'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import type { JobDefinition } from '../jobs/scheduler'
import type { JobRunsService } from '../jobs/runs'
import type { StoresService } from '../stores/service'
import type { RefundEvent } from './finder'
import type { ClaimsService } from './service'

export const CLAIMS_DOWNLOAD_JOB = 'claims.download'
export const CLAIMS_DOWNLOAD_INTERVAL_MS = 12 * 3600_000
const DAY = 86_400_000
const FIRST_RUN_DAYS = 548
const OVERLAP_DAYS = 2

export type ClaimsClient = {
  fetchReport(spec: {
    reportType: string
    marketplaceIds: string[]
    dataStartTime?: string
    dataEndTime?: string
  }): Promise<FetchReportResult>
  listTransactions(q: ListTransactionsQuery): Promise<FinancesTransaction[]>
}

/** Pure: the window of this run. */
export function claimsWindow(now: Date, lastSuccessStartedAt: string | null): { start: Date; end: Date } {
  const start = lastSuccessStartedAt ? Date.parse(lastSuccessStartedAt) - OVERLAP_DAYS * DAY : now.getTime() - FIRST_RUN_DAYS * DAY
  return { start: new Date(start), end: now }
}

/**
 * Pure: the refund events of Finances transactions — one per refunded item of a `Refund`
 * transaction fulfilled by Amazon (items whose context says MFN are left out: no FBA claim).
 * Amounts are negative in Finances (money leaving the seller); the event's amount is positive.
 * Finances gives no refunded quantity: the item's quantityShipped, else 1.
 */
export function refundEventsOf(transactions: FinancesTransaction[]): RefundEvent[] {
  const out: RefundEvent[] = []
  for (const t of transactions) {
    if (t.transactionType !== 'Refund' || !t.transactionId || !t.postedDate) continue
    const orderId = t.relatedIdentifiers?.find((r) => r.relatedIdentifierName === 'ORDER_ID')?.relatedIdentifierValue
    if (!orderId) continue
    for (const item of t.items ?? []) {
      const ctx = item.contexts?.find((c) => c.contextType === 'ProductContext')
      if (!ctx?.sku || ctx.fulfillmentNetwork === 'MFN') continue
      const currency = item.totalAmount?.currencyCode
      const value = item.totalAmount?.currencyAmount
      if (!currency || value === undefined) continue
      // JSON numbers of exact decimals (e.g. -12.4): String() gives back the decimal text.
      const minor = parseMinor(String(value), currency)
      if (minor === null) continue
      out.push({
        amazonOrderId: orderId,
        sku: ctx.sku,
        quantity: ctx.quantityShipped && ctx.quantityShipped > 0 ? ctx.quantityShipped : 1,
        refundedAt: new Date(t.postedDate).toISOString(),
        amount: { amountMinor: -minor, currency },
        source: 'finances',
        sourceRef: t.transactionId,
        marketplaceId: t.marketplaceDetails?.marketplaceId ?? t.sellingPartnerMetadata?.marketplaceId ?? null
      })
    }
  }
  return out
}

export function claimsDownloadJob(deps: {
  clock: Clock
  stores: StoresService
  jobs: JobRunsService
  claims: ClaimsService
  clientFor: (storeId: string) => Promise<ClaimsClient>
}): JobDefinition {
  return {
    name: CLAIMS_DOWNLOAD_JOB,
    intervalMs: CLAIMS_DOWNLOAD_INTERVAL_MS,
    retryMs: 30 * 60_000,
    enabled: () => true,
    run: async (ctx) => {
      const store = await deps.stores.get(ctx.storeId)
      if (!store.hasCredentials) return 'not downloaded: the store has no SP-API credentials yet'
      const { start, end } = claimsWindow(deps.clock.now(), deps.jobs.lastSuccess(CLAIMS_DOWNLOAD_JOB, ctx.storeId)?.startedAt ?? null)
      const client = await deps.clientFor(ctx.storeId)
      ctx.progress(0, 2, 'requesting the inventory ledger')
      const r = await client.fetchReport({
        reportType: LEDGER_REPORT_TYPE,
        marketplaceIds: store.marketplaceIds,
        dataStartTime: start.toISOString(),
        dataEndTime: end.toISOString()
      })
      if (r.kind === 'pending')
        throw new AppError('UNAVAILABLE', `Amazon is still preparing ledger report ${r.report.reportId}; will try again`)
      let ledger = 'no ledger rows'
      if (r.kind === 'done') {
        const s = await deps.claims.importLedger({
          storeId: ctx.storeId,
          source: r.document.body,
          charset: r.document.charset,
          fileName: `${LEDGER_REPORT_TYPE} ${r.report.reportId}`,
          commit: true,
          detailLimit: 50
        })
        ledger = `${s.inserted} ledger rows new, ${s.unchanged} already here, ${s.rejectedCount} rejected`
      }
      ctx.progress(1, 2, 'reading refunds')
      const transactions = await client.listTransactions({ postedAfter: start.toISOString() })
      const added = deps.claims.recordRefunds(ctx.storeId, refundEventsOf(transactions))
      return `${ledger}; ${added} refunds new`
    }
  }
}

export function registerClaimsDownloadJob(
  scheduler: { register(job: JobDefinition): void },
  deps: Parameters<typeof claimsDownloadJob>[0]
): void {
  scheduler.register(claimsDownloadJob(deps))
}
