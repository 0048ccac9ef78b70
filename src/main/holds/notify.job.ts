/**
 * Every 5 minutes (shared Scheduler, per store): a desktop notification ('app.notify', shown by
 * the renderer with the Notification API) once per open buyer-cancellation request when it
 * passes 12 hours left of its 2 days. `notifiedAt` makes it once, also across restarts.
 */
import type { EventBus } from '../events'
import type { JobDefinition } from '../jobs/scheduler'
import type { HoldsService } from './service'

export const HOLD_NOTIFY_JOB = 'holds.notify'
export const HOLD_NOTIFY_INTERVAL_MS = 5 * 60_000

export function holdNotifyJob(d: { holds: HoldsService; events: EventBus }): JobDefinition {
  return {
    name: HOLD_NOTIFY_JOB,
    intervalMs: HOLD_NOTIFY_INTERVAL_MS,
    retryMs: HOLD_NOTIFY_INTERVAL_MS,
    enabled: () => true,
    run: async (ctx) => {
      const due = d.holds.takeDueNotifications(ctx.storeId)
      for (const h of due) {
        d.events.emit('app.notify', {
          key: 'holds:notify.dueSoon',
          params: { orderId: h.amazonOrderId, store: h.storeName, dueAt: h.dueAt, ...(h.reason ? { reason: h.reason } : {}) },
          route: '#/holds'
        })
      }
      return due.length > 0 ? `${due.length} notification(s) shown` : 'nothing due'
    }
  }
}

export function registerHoldNotifyJob(scheduler: { register(job: JobDefinition): void }, deps: Parameters<typeof holdNotifyJob>[0]): void {
  scheduler.register(holdNotifyJob(deps))
}
