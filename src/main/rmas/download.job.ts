/**
 * Scheduled download of the merchant returns report for stores with "Download and process RMA
 * report from Amazon" on. Runs through the shared Scheduler, so it catches up after the app was
 * closed, asleep or offline (a failed run — OFFLINE, THROTTLED — is retried after retryMs).
 *
 * Window: from the start of the last successful run minus one day of overlap (imports are
 * idempotent, so the overlap costs nothing and covers late-arriving returns) to now; never more
 * than 60 days back (Amazon's limit for this report, sp-api-notes §1.2); 30 days on the first run.
 * The document goes through the very same parser and import as a manual file (source 'download').
 *
 * Written against the SP-API client's interface (src/main/amazon/spapi/client.ts fetchReport):
 * the composition root passes `clientFor(storeId)` when the SP-API factory is wired in
 * (see registerRmaDownloadJob); until then the job is not registered.
 */
import { apiSkipReason } from '../stores/api-access'
import type { FetchReportResult } from '../amazon/spapi/client'
import type { Clock } from '../clock'
import { AppError } from '../errors'
import type { JobDefinition } from '../jobs/scheduler'
import type { JobRunsService } from '../jobs/runs'
import type { StoresService } from '../stores/service'
import type { RmasService } from './service'

export const RMA_DOWNLOAD_JOB = 'rmas.download'
/** Every 4 hours (shown in the UI through jobs.schedule). */
export const RMA_DOWNLOAD_INTERVAL_MS = 4 * 3600_000
export const RMA_REPORT_TYPE = 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE'
const DAY = 86_400_000

export type ReportClient = {
  fetchReport(spec: {
    reportType: string
    marketplaceIds: string[]
    dataStartTime?: string
    dataEndTime?: string
  }): Promise<FetchReportResult>
}

/** Pure: the report window for this run. */
export function downloadWindow(now: Date, lastSuccessStartedAt: string | null): { start: Date; end: Date } {
  const floor = now.getTime() - 60 * DAY + 60_000
  const from = lastSuccessStartedAt ? new Date(lastSuccessStartedAt).getTime() - DAY : now.getTime() - 30 * DAY
  return { start: new Date(Math.max(from, floor)), end: now }
}

export function rmaDownloadJob(deps: {
  clock: Clock
  stores: StoresService
  jobs: JobRunsService
  rmas: RmasService
  clientFor: (storeId: string) => Promise<ReportClient>
}): JobDefinition {
  return {
    name: RMA_DOWNLOAD_JOB,
    intervalMs: RMA_DOWNLOAD_INTERVAL_MS,
    retryMs: 15 * 60_000,
    enabled: (storeId) => {
      try {
        return deps.stores.getSettings(storeId).downloadRmaReport
      } catch {
        return false
      }
    },
    run: async (ctx) => {
      const store = await deps.stores.get(ctx.storeId)
      const skip = apiSkipReason(store, 'downloaded')
      if (skip) return skip
      const now = deps.clock.now()
      const { start, end } = downloadWindow(now, deps.jobs.lastSuccess(RMA_DOWNLOAD_JOB, ctx.storeId)?.startedAt ?? null)
      ctx.progress(0, null, 'requesting the returns report')
      const client = await deps.clientFor(ctx.storeId)
      const r = await client.fetchReport({
        reportType: RMA_REPORT_TYPE,
        marketplaceIds: store.marketplaceIds,
        dataStartTime: start.toISOString(),
        dataEndTime: end.toISOString()
      })
      if (r.kind === 'no-data') return `no returns between ${start.toISOString().slice(0, 10)} and ${end.toISOString().slice(0, 10)}`
      if (r.kind === 'pending')
        throw new AppError('UNAVAILABLE', `Amazon is still preparing returns report ${r.report.reportId}; will try again`)
      ctx.progress(0, null, 'importing')
      const s = await deps.rmas.importReport({
        storeId: ctx.storeId,
        source: r.document.body,
        charset: r.document.charset,
        fileName: `${RMA_REPORT_TYPE} ${r.report.reportId}`,
        commit: true,
        via: 'download',
        detailLimit: 50
      })
      return `${s.created} RMAs created, ${s.updated} updated, ${s.skippedCount} skipped, ${s.rejectedCount} rejected`
    }
  }
}

/** Registers the job; call from the composition root once the SP-API factory exists. */
export function registerRmaDownloadJob(
  scheduler: { register(job: JobDefinition): void },
  deps: Parameters<typeof rmaDownloadJob>[0]
): void {
  scheduler.register(rmaDownloadJob(deps))
}
