/**
 * Scheduled download of what the claims finder reads from Amazon, for stores with SP-API
 * credentials (the demo store talks to the emulator):
 * - the inventory ledger detail report (GET_LEDGER_DETAIL_VIEW_DATA), through the same parser and
 *   import as a file (idempotent: the overlap of two windows adds nothing);
 * - refunds from Finances listTransactions (postedAfter the window start), as refund events;
 * - the removal order detail (requested from 90 days before the window: an order's progress is
 *   reported on its request date's line), removal shipment detail and replacement reports, through
 *   the same import as a file (report-import.ts);
 * - the FBA customer returns report, through the returns import (rmas), when the job has it;
 * - inbound shipments (Fulfillment Inbound v0 getShipments, statuses CLOSED/RECEIVING) and their
 *   items, quantity shipped vs received, when the client has the operations.
 *
 * Window: 18 months back on the first run (the ledger's history, sp-api-notes §1.5), then from
 * the start of the last successful run minus two days of overlap (late postings) to now.
 */
import type { FetchReportResult } from '../amazon/spapi/client'
import type { FinancesTransaction, InboundShipmentInfo, InboundShipmentItem, ListTransactionsQuery } from '../amazon/spapi/types'
import { REMOVAL_ORDER_REPORT_TYPE, REMOVAL_SHIPMENT_REPORT_TYPE, REPLACEMENT_REPORT_TYPE } from '../amazon/reports/fba-inventory'
import { LEDGER_REPORT_TYPE } from '../amazon/reports/ledger'
import { parseMinor } from '../../shared/money'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import type { JobDefinition } from '../jobs/scheduler'
import type { JobRunsService } from '../jobs/runs'
import type { StoresService } from '../stores/service'
import type { RefundEvent } from './finder'
import type { RmasService } from '../rmas/service'
import type { ClaimsService } from './service'

export const FBA_RETURNS_REPORT_TYPE = 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA'
/** Removal orders progress for weeks after their request: ask for this much before the window. */
const REMOVAL_LOOKBACK_DAYS = 90

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
  /** Fulfillment Inbound v0 (absent: inbound shipments are not downloaded). */
  listInboundShipments?(q: { marketplaceId: string; statuses: string[] }): Promise<InboundShipmentInfo[]>
  getShipmentItems?(shipmentId: string, marketplaceId: string): Promise<InboundShipmentItem[]>
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
  /** The FBA customer returns import (absent: that report is not downloaded here). */
  rmas?: Pick<RmasService, 'importReport'>
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
      ctx.progress(0, 7, 'requesting the inventory ledger')
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
      ctx.progress(1, 7, 'reading refunds')
      const transactions = await client.listTransactions({ postedAfter: start.toISOString() })
      const added = deps.claims.recordRefunds(ctx.storeId, refundEventsOf(transactions))
      const parts = [ledger, `${added} refunds new`]

      // Removal and replacement reports, through the file import.
      const reports = [
        { type: REMOVAL_ORDER_REPORT_TYPE, from: new Date(start.getTime() - REMOVAL_LOOKBACK_DAYS * DAY), label: 'removal orders' },
        { type: REMOVAL_SHIPMENT_REPORT_TYPE, from: start, label: 'removal shipments' },
        { type: REPLACEMENT_REPORT_TYPE, from: start, label: 'replacements' }
      ]
      for (const [i, spec] of reports.entries()) {
        ctx.progress(2 + i, 7, `requesting ${spec.label}`)
        const doc = await client.fetchReport({
          reportType: spec.type,
          marketplaceIds: store.marketplaceIds,
          dataStartTime: spec.from.toISOString(),
          dataEndTime: end.toISOString()
        })
        if (doc.kind === 'pending')
          throw new AppError('UNAVAILABLE', `Amazon is still preparing ${spec.type} report ${doc.report.reportId}; will try again`)
        if (doc.kind !== 'done') continue
        const s = await deps.claims.importReport({
          storeId: ctx.storeId,
          source: doc.document.body,
          charset: doc.document.charset,
          fileName: `${spec.type} ${doc.report.reportId}`,
          commit: true,
          detailLimit: 50
        })
        parts.push(`${spec.label}: ${s.inserted} new, ${s.updated} updated`)
      }

      if (deps.rmas) {
        ctx.progress(5, 7, 'requesting FBA customer returns')
        const doc = await client.fetchReport({
          reportType: FBA_RETURNS_REPORT_TYPE,
          marketplaceIds: store.marketplaceIds,
          dataStartTime: start.toISOString(),
          dataEndTime: end.toISOString()
        })
        if (doc.kind === 'pending')
          throw new AppError(
            'UNAVAILABLE',
            `Amazon is still preparing ${FBA_RETURNS_REPORT_TYPE} report ${doc.report.reportId}; will try again`
          )
        if (doc.kind === 'done') {
          const s = await deps.rmas.importReport({
            storeId: ctx.storeId,
            source: doc.document.body,
            charset: doc.document.charset,
            fileName: `${FBA_RETURNS_REPORT_TYPE} ${doc.report.reportId}`,
            commit: true,
            detailLimit: 50,
            via: 'download'
          })
          parts.push(`FBA returns: ${s.stored} stored`)
        }
      }

      if (client.listInboundShipments && client.getShipmentItems) {
        ctx.progress(6, 7, 'reading inbound shipments')
        const marketplaceId = store.marketplaceIds[0]!
        const shipments = await client.listInboundShipments({ marketplaceId, statuses: ['CLOSED', 'RECEIVING'] })
        let changed = 0
        for (const sh of shipments) {
          if (!sh.ShipmentId) continue
          const items = await client.getShipmentItems(sh.ShipmentId, marketplaceId)
          changed += deps.claims.recordInboundItems(
            ctx.storeId,
            items
              .filter((it) => it.FulfillmentNetworkSKU)
              .map((it) => ({
                shipmentId: sh.ShipmentId!,
                shipmentName: sh.ShipmentName ?? null,
                shipmentStatus: sh.ShipmentStatus ?? 'UNKNOWN',
                destinationFc: sh.DestinationFulfillmentCenterId ?? null,
                sku: it.SellerSKU,
                fnsku: it.FulfillmentNetworkSKU!,
                quantityShipped: it.QuantityShipped,
                quantityReceived: it.QuantityReceived ?? 0
              })),
            'Fulfillment Inbound getShipmentItemsByShipmentId'
          )
        }
        parts.push(`inbound: ${shipments.length} shipments, ${changed} items changed`)
      }
      return parts.join('; ')
    }
  }
}

export function registerClaimsDownloadJob(
  scheduler: { register(job: JobDefinition): void },
  deps: Parameters<typeof claimsDownloadJob>[0]
): void {
  scheduler.register(claimsDownloadJob(deps))
}
