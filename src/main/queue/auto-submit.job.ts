/**
 * Auto-submit: with "Queue refunds and cancellations" and "auto-submit" both on, queued entries
 * still show in the queue and are sent in batches about every 30 minutes (one batch per feed
 * type; the engine keeps Amazon's 20-minute spacing per type).
 */
import type { JobDefinition } from '../jobs/scheduler'
import type { StoresService } from '../stores/service'
import type { QueueService } from './service'

export const AUTO_SUBMIT_JOB = 'queue.autoSubmit'
export const AUTO_SUBMIT_INTERVAL_MS = 30 * 60_000

export function autoSubmitJob(deps: { queue: QueueService; stores: StoresService }): JobDefinition {
  return {
    name: AUTO_SUBMIT_JOB,
    intervalMs: AUTO_SUBMIT_INTERVAL_MS,
    retryMs: 5 * 60_000,
    enabled: (storeId) => {
      const s = deps.stores.getSettings(storeId)
      return s.queueRefundsAndCancellations && s.queueAutoSubmit
    },
    run: async (ctx) => {
      // A file-only store's batches are files the user uploads: writing them unasked helps nobody.
      if (deps.stores.fileOnly(ctx.storeId)) return 'not sent: file-only store — process the queue and upload the Adjustments file by hand'
      const made: string[] = []
      for (const kind of ['refund', 'cancel'] as const) {
        const ids = deps.queue.queuedIds(ctx.storeId, kind)
        if (ids.length === 0) continue
        const { batches } = deps.queue.process(kind, { ids })
        for (const b of batches) made.push(`batch #${b.id}: ${b.messageCount} ${kind === 'refund' ? 'refund(s)' : 'cancellation(s)'}`)
      }
      return made.length ? made.join('; ') : 'nothing queued'
    }
  }
}
