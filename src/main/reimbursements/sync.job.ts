/**
 * Daily sync of GET_FBA_REIMBURSEMENTS_DATA per store, through the shared Scheduler: the first run
 * (right after a store is added) backfills 18 months in 30-day windows; then once a day, and at
 * start-up when a day was missed (the Scheduler catches up from its job run records).
 *
 * Every window is a row in reimbursement_sync_windows: pending -> done, or failed with the error.
 * A failed window is retried on the next run (the run itself fails, so the Scheduler retries it
 * after retryMs), never skipped; a report Amazon is still preparing keeps its reportId and is
 * polled again instead of being requested twice. Documents go through the same parser and import
 * as a manual file (source 'sync'). Progress: job.progress events (window n of m).
 *
 * Uses the SP-API client's report API (src/main/amazon/spapi/client.ts fetchReport/resumeReport)
 * through a small interface so the composition root passes `clientFor(storeId)`.
 */
import { apiSkipReason } from '../stores/api-access'
import type { Db } from '../db/client'
import type { FetchReportResult, PollOptions } from '../amazon/spapi/client'
import { REPORT_TYPE } from '../amazon/reports/reimbursements'
import type { Clock } from '../clock'
import { AppError, isAppError } from '../errors'
import type { EventBus } from '../events'
import type { JobDefinition, Scheduler } from '../jobs/scheduler'
import type { ReimbursementsImporter } from './import'
import { planWindows } from './sync-windows'

export const REIMBURSEMENT_SYNC_JOB = 'reimbursements.sync'
export const REIMBURSEMENT_SYNC_INTERVAL_MS = 24 * 3600_000

export type ReimbursementReportClient = {
  fetchReport(
    spec: { reportType: string; marketplaceIds: string[]; dataStartTime?: string; dataEndTime?: string },
    opts?: PollOptions
  ): Promise<FetchReportResult>
  resumeReport(reportId: string, reportType: string, opts?: PollOptions): Promise<FetchReportResult>
}

export type SyncDeps = {
  db: Db
  clock: Clock
  events: EventBus
  importer: ReimbursementsImporter
  stores: { get(id: string): Promise<{ id: string; marketplaceIds: string[]; fileOnly: boolean; hasCredentials: boolean }> }
  clientFor: (storeId: string) => Promise<ReimbursementReportClient>
  poll?: PollOptions
  retryMs?: number
}

type WindowRow = {
  id: number
  windowStart: string
  windowEnd: string
  status: 'pending' | 'done' | 'failed'
  reportId: string | null
  attempts: number
}

/** Errors after which the other windows would fail the same way: stop this run. */
const STOPS_RUN = new Set(['OFFLINE', 'UNAUTHORIZED', 'THROTTLED'])
const JP = 'A1VC38T7YXB528'

export function reimbursementSyncJob(d: SyncDeps): JobDefinition {
  const s = d.db.$client
  const st = {
    coveredTo: s.prepare("SELECT max(window_end) FROM reimbursement_sync_windows WHERE store_id = ? AND status = 'done'").pluck(),
    add: s.prepare(
      "INSERT INTO reimbursement_sync_windows (store_id, window_start, window_end, status, attempts, updated_at) VALUES (?, ?, ?, 'pending', 0, ?) ON CONFLICT DO NOTHING"
    ),
    open: s.prepare(
      `SELECT id, window_start AS windowStart, window_end AS windowEnd, status, report_id AS reportId, attempts
       FROM reimbursement_sync_windows WHERE store_id = ? AND status IN ('pending', 'failed') ORDER BY window_end DESC`
    ),
    done: s.prepare(
      "UPDATE reimbursement_sync_windows SET status = 'done', rows = ?, report_id = ?, last_error = NULL, attempts = attempts + 1, updated_at = ? WHERE id = ?"
    ),
    waiting: s.prepare("UPDATE reimbursement_sync_windows SET status = 'pending', report_id = ?, updated_at = ? WHERE id = ?"),
    failed: s.prepare(
      "UPDATE reimbursement_sync_windows SET status = 'failed', last_error = ?, report_id = NULL, attempts = attempts + 1, updated_at = ? WHERE id = ?"
    )
  }
  return {
    name: REIMBURSEMENT_SYNC_JOB,
    intervalMs: REIMBURSEMENT_SYNC_INTERVAL_MS,
    retryMs: d.retryMs ?? 30 * 60_000,
    enabled: () => true,
    run: async (ctx) => {
      const store = await d.stores.get(ctx.storeId)
      const skip = apiSkipReason(store, 'synced')
      if (skip) return skip
      const now = d.clock.now()
      const nowIso = now.toISOString()
      for (const w of planWindows(now, (st.coveredTo.get(ctx.storeId) as string | null) ?? null))
        st.add.run(ctx.storeId, w.start, w.end, nowIso)
      const windows = st.open.all(ctx.storeId) as WindowRow[]
      const client = await d.clientFor(ctx.storeId)
      let done = 0
      let rows = 0
      let failed = 0
      let waiting = 0
      let stopped: AppError | null = null
      ctx.progress(0, windows.length, 'reimbursements: requesting reports')
      for (const w of windows) {
        if (ctx.signal.aborted) break
        const label = `${w.windowStart.slice(0, 10)}..${w.windowEnd.slice(0, 10)}`
        try {
          const r = w.reportId
            ? await client.resumeReport(w.reportId, REPORT_TYPE, d.poll)
            : await client.fetchReport(
                { reportType: REPORT_TYPE, marketplaceIds: store.marketplaceIds, dataStartTime: w.windowStart, dataEndTime: w.windowEnd },
                d.poll
              )
          if (r.kind === 'pending') {
            st.waiting.run(r.report.reportId, d.clock.now().toISOString(), w.id)
            waiting++
          } else if (r.kind === 'no-data') {
            st.done.run(0, r.report.reportId, d.clock.now().toISOString(), w.id)
          } else {
            const summary = await d.importer.run({
              storeId: ctx.storeId,
              source: r.document.body,
              charset: r.document.charset,
              japanese: store.marketplaceIds.includes(JP),
              fileName: `${REPORT_TYPE} ${label} (report ${r.report.reportId})`,
              commit: true,
              detailLimit: 20,
              via: 'sync'
            })
            rows += summary.inserted + summary.updated
            st.done.run(summary.rows, r.report.reportId, d.clock.now().toISOString(), w.id)
            if (summary.inserted + summary.updated > 0) d.events.emit('data.changed', { domains: ['reimbursements'] })
          }
        } catch (e) {
          failed++
          const msg = e instanceof Error ? e.message : String(e)
          st.failed.run(msg, d.clock.now().toISOString(), w.id)
          if (isAppError(e) && STOPS_RUN.has(e.code)) {
            stopped = e
            break
          }
        }
        done++
        ctx.progress(done, windows.length, `reimbursements ${label}`)
      }
      const summary = `${done} of ${windows.length} windows synced, ${rows} rows new or changed${failed ? `, ${failed} failed` : ''}${waiting ? `, ${waiting} still being prepared by Amazon` : ''}`
      if (stopped) throw new AppError(stopped.code, `${summary}; stopped: ${stopped.message}`)
      if (failed > 0 || waiting > 0) throw new AppError('UNAVAILABLE', `${summary}; will retry`)
      return summary
    }
  }
}

/** Registers the daily sync with the scheduler (called where the SP-API factory is wired). */
export function registerReimbursementSyncJob(scheduler: Scheduler, deps: SyncDeps): void {
  scheduler.register(reimbursementSyncJob(deps))
}
