/**
 * The app icon's badge (dock / taskbar / Unity launcher): deadlines due by the end of the user's
 * local day, overdue included — the same count as next to "Deadlines" in the navigation. Electron's
 * `app.setBadgeCount` is the port (index.ts hands it over), so the count and when it is set are
 * tested without Electron (test/integration/deadlines/badge.test.ts).
 */
import type { Clock } from '../clock'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import type { DeadlinesService } from './service'

export type BadgePort = { setBadgeCount(count: number): unknown }

/** The end of the local calendar day of `now` (the machine's time zone: the user's day). */
export function endOfLocalDay(now: Date): Date {
  const end = new Date(now.getTime())
  end.setHours(23, 59, 59, 999)
  return end
}

/**
 * Sets the badge now, on every data change and every `everyMs` (stages change and items come due
 * as time passes, without any data change). Returns `update` (the count it set) and `stop`.
 */
export function startDeadlineBadge(d: {
  deadlines: Pick<DeadlinesService, 'counts'>
  events: Pick<EventBus, 'onAny'>
  clock: Clock
  log: Logger
  port: BadgePort
  everyMs?: number
}): { update(): number | null; stop(): void } {
  const update = (): number | null => {
    try {
      const n = d.deadlines.counts({ until: endOfLocalDay(d.clock.now()).toISOString() }).dueToday
      d.port.setBadgeCount(n)
      return n
    } catch (e) {
      d.log.warn('could not update the app badge', { error: e })
      return null
    }
  }
  update()
  const off = d.events.onAny((name) => {
    if (name === 'data.changed') update()
  })
  const timer = setInterval(update, d.everyMs ?? 60_000)
  timer.unref()
  return {
    update,
    stop: () => {
      off()
      clearInterval(timer)
    }
  }
}
