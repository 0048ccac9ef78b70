/**
 * Scheduled download of the Unshipped Orders report (GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING,
 * a restricted report: the client fetches its document with a restricted data token) every hour
 * per store, through the shared Scheduler (catch-up after sleep/offline, retry after failure).
 * The document goes through the very same parser and import as a manual file, so the same hold
 * rules apply (orders/upsert.ts) and re-reading it changes nothing.
 *
 * The Orders API sync (sync.job.ts) already sees buyer-cancel requests; this report is the second
 * source the issue asks for and the one sellers who process orders from reports rely on. When a
 * report lacks the optional buyer-cancel columns the run message says how to switch them on.
 */
import { apiSkipReason } from '../stores/api-access'
import type { FetchReportResult, PollOptions } from '../amazon/spapi/client'
import { UNSHIPPED_ORDERS_REPORT_TYPE } from '../amazon/reports/orders'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import type { JobDefinition } from '../jobs/scheduler'
import type { OrderImportService } from './import'

export const ORDER_REPORT_DOWNLOAD_JOB = 'orders.reportDownload'
export const ORDER_REPORT_DOWNLOAD_INTERVAL_MS = 60 * 60_000
/** The report looks back 38 days at most (sp-api-notes §1.4); ask for 30. */
const LOOKBACK_MS = 30 * 86_400_000

export type OrderReportClient = {
  fetchReport(
    spec: { reportType: string; marketplaceIds: string[]; dataStartTime?: string; dataEndTime?: string },
    opts?: PollOptions
  ): Promise<FetchReportResult>
}

export function orderReportDownloadJob(d: {
  clock: Clock
  stores: { get(id: string): Promise<{ id: string; marketplaceIds: string[]; fileOnly: boolean; hasCredentials: boolean }> }
  importer: OrderImportService
  clientFor: (storeId: string) => Promise<OrderReportClient>
  poll?: PollOptions
}): JobDefinition {
  return {
    name: ORDER_REPORT_DOWNLOAD_JOB,
    intervalMs: ORDER_REPORT_DOWNLOAD_INTERVAL_MS,
    retryMs: 15 * 60_000,
    enabled: () => true,
    run: async (ctx) => {
      const store = await d.stores.get(ctx.storeId)
      const skip = apiSkipReason(store, 'downloaded')
      if (skip) return skip
      const now = d.clock.now()
      ctx.progress(0, null, 'requesting the unshipped orders report')
      const client = await d.clientFor(ctx.storeId)
      const r = await client.fetchReport(
        {
          reportType: UNSHIPPED_ORDERS_REPORT_TYPE,
          marketplaceIds: store.marketplaceIds,
          dataStartTime: new Date(now.getTime() - LOOKBACK_MS).toISOString()
        },
        d.poll
      )
      if (r.kind === 'no-data') return 'no unshipped orders'
      if (r.kind === 'pending')
        throw new AppError('UNAVAILABLE', `Amazon is still preparing unshipped orders report ${r.report.reportId}; will try again`)
      ctx.progress(0, null, 'importing')
      const s = await d.importer.importReport({
        storeId: ctx.storeId,
        source: r.document.body,
        charset: r.document.charset,
        fileName: `${UNSHIPPED_ORDERS_REPORT_TYPE} ${r.report.reportId}`,
        commit: true,
        detailLimit: 50
      })
      if (!s.committed)
        throw new AppError(
          'AMAZON_REJECTED',
          `unshipped orders report ${r.report.reportId}: ${s.rejectedCount} bad rows, nothing imported (first: line ${s.rejected[0]?.line}: ${s.rejected[0]?.reason})`
        )
      const msg = `${s.rows} rows: ${s.inserted} orders new, ${s.updated} updated, ${s.unchanged} unchanged; ${s.held} put On Hold, ${s.flagged} flagged for follow-up`
      return s.cancelColumnsMissing ? `${msg}. ${s.cancelColumnsMissing}` : msg
    }
  }
}

export function registerOrderReportDownloadJob(
  scheduler: { register(job: JobDefinition): void },
  deps: Parameters<typeof orderReportDownloadJob>[0]
): void {
  scheduler.register(orderReportDownloadJob(deps))
}
