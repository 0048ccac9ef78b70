/**
 * Every 5 minutes per store (shared Scheduler): records the A-to-z claims the returns report flags,
 * then shows a desktop notification ('app.notify', worded by the renderer in the user's language)
 * once per deadline and stage — warn, urgent, overdue. More than three at once become one summary
 * notification, so the first start on a large store does not flood the desktop.
 */
import type { EventBus } from '../events'
import type { JobDefinition } from '../jobs/scheduler'
import type { DeadlinesService } from './service'

export const DEADLINE_NOTIFY_JOB = 'deadlines.notify'
export const DEADLINE_NOTIFY_INTERVAL_MS = 5 * 60_000
const MAX_SINGLE = 3

export function deadlineNotifyJob(d: { deadlines: DeadlinesService; events: EventBus }): JobDefinition {
  return {
    name: DEADLINE_NOTIFY_JOB,
    intervalMs: DEADLINE_NOTIFY_INTERVAL_MS,
    retryMs: DEADLINE_NOTIFY_INTERVAL_MS,
    enabled: () => true,
    run: async (ctx) => {
      // The claims finder's part on a worker thread (a large store takes seconds).
      await d.deadlines.prepare(ctx.storeId)
      const inferred = d.deadlines.inferClaims(ctx.storeId)
      if (inferred > 0) d.events.emit('data.changed', { domains: ['orders', 'deadlines'] })
      const fresh = d.deadlines.takeNotifications(ctx.storeId)
      if (fresh.length > MAX_SINGLE) {
        const overdue = fresh.filter((i) => i.stage === 'overdue').length
        d.events.emit('app.notify', {
          key: 'deadlines:notify.summary',
          params: { count: String(fresh.length), overdue: String(overdue), store: fresh[0]!.storeName },
          route: '#/deadlines'
        })
      } else
        for (const i of fresh)
          d.events.emit('app.notify', {
            key: `deadlines:notify.${i.stage}`,
            params: {
              kind: i.ruleId,
              orderId: i.amazonOrderId ?? '',
              subject: i.label ?? i.amazonOrderId ?? '',
              store: i.storeName,
              dueAt: i.dueAt
            },
            route: i.route
          })
      const parts = [`${fresh.length} notification(s)`]
      if (inferred > 0) parts.push(`${inferred} A-to-z claim(s) recorded from the returns report`)
      return Promise.resolve(parts.join('; '))
    }
  }
}
