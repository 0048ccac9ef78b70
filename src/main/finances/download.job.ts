/**
 * Scheduled download of Amazon's settlement reports (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2).
 *
 * Amazon generates settlement reports itself, one per settlement period; they cannot be requested
 * with createReport. The job lists them with getReports (type, DONE, created since the last
 * successful run minus a day, never more than the 90 days getReports serves: sp-api-notes §2),
 * and imports each one not imported yet (by its reportId) through the very same parser and import
 * as a file, so a settlement imported from a file first adds nothing when it is downloaded.
 * Runs through the shared Scheduler (catch-up after sleep or offline; a failed run is retried).
 */
import type { DownloadedDocument } from '../amazon/spapi/client'
import type { GetReportsQuery, GetReportsResponse, ReportDocument } from '../amazon/spapi/types'
import { SETTLEMENT_REPORT_TYPE } from '../amazon/reports/settlement'
import type { Clock } from '../clock'
import type { JobDefinition } from '../jobs/scheduler'
import type { JobRunsService } from '../jobs/runs'
import type { SettlementsService } from './service'

export const SETTLEMENT_DOWNLOAD_JOB = 'settlements.download'
/** Every 6 hours: Amazon closes a settlement every ~14 days; the report appears within a day. */
export const SETTLEMENT_DOWNLOAD_INTERVAL_MS = 6 * 3600_000
const DAY = 86_400_000
/** getReports serves reports created in the last 90 days (reports_2021-06-30.json, createdSince). */
const MAX_LOOKBACK_MS = 90 * DAY

export type SettlementReportClient = {
  getReports(q: GetReportsQuery | { nextToken: string }): Promise<GetReportsResponse>
  getReportDocument(reportDocumentId: string): Promise<ReportDocument>
  download(doc: { url: string; compressionAlgorithm?: string }): Promise<DownloadedDocument>
}

/** Pure: from when to list settlement reports on this run. */
export function listSince(now: Date, lastSuccessStartedAt: string | null): Date {
  const floor = now.getTime() - MAX_LOOKBACK_MS + 60_000
  const from = lastSuccessStartedAt ? new Date(lastSuccessStartedAt).getTime() - DAY : floor
  return new Date(Math.max(from, floor))
}

export function settlementDownloadJob(deps: {
  clock: Clock
  jobs: JobRunsService
  settlements: SettlementsService
  clientFor: (storeId: string) => Promise<SettlementReportClient>
}): JobDefinition {
  return {
    name: SETTLEMENT_DOWNLOAD_JOB,
    intervalMs: SETTLEMENT_DOWNLOAD_INTERVAL_MS,
    retryMs: 30 * 60_000,
    enabled: () => true,
    run: async (ctx) => {
      const now = deps.clock.now()
      const since = listSince(now, deps.jobs.lastSuccess(SETTLEMENT_DOWNLOAD_JOB, ctx.storeId)?.startedAt ?? null)
      const client = await deps.clientFor(ctx.storeId)
      ctx.progress(0, null, 'listing settlement reports')
      const reports: GetReportsResponse['reports'] = []
      let page = await client.getReports({
        reportTypes: [SETTLEMENT_REPORT_TYPE],
        processingStatuses: ['DONE'],
        createdSince: since.toISOString(),
        pageSize: 100
      })
      reports.push(...page.reports)
      while (page.nextToken) {
        if (ctx.signal.aborted) throw new Error('stopped')
        page = await client.getReports({ nextToken: page.nextToken })
        reports.push(...page.reports)
      }
      // Oldest first, so settlements arrive in the order Amazon closed them.
      const todo = reports
        .filter((r) => r.reportDocumentId && !deps.settlements.hasReport(ctx.storeId, r.reportId))
        .sort((a, b) => a.createdTime.localeCompare(b.createdTime))
      let inserted = 0
      const ids: string[] = []
      for (const [i, r] of todo.entries()) {
        if (ctx.signal.aborted) throw new Error('stopped')
        ctx.progress(i, todo.length, `settlement report ${r.reportId}`)
        const doc = await client.download(await client.getReportDocument(r.reportDocumentId!))
        const s = await deps.settlements.importReport({
          storeId: ctx.storeId,
          source: doc.body,
          charset: doc.charset,
          fileName: `${SETTLEMENT_REPORT_TYPE} ${r.reportId}`,
          commit: true,
          via: 'download',
          reportId: r.reportId
        })
        inserted += s.inserted
        ids.push(s.settlementId)
      }
      ctx.progress(todo.length, todo.length)
      return todo.length === 0
        ? `no new settlement reports since ${since.toISOString().slice(0, 10)}`
        : `${todo.length} settlement report(s) imported (settlements ${ids.join(', ')}), ${inserted} new lines`
    }
  }
}
