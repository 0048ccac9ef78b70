/**
 * The app icon's badge (deadlines/badge.ts): the count it hands to the port (Electron's
 * `app.setBadgeCount` in index.ts; here a recorder, as Electron does not run in tests) is the
 * deadlines due by the end of the local day, overdue included, from the real deadlines service on
 * a real SQLite file; it is set at start and again on every data change.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { endOfLocalDay, startDeadlineBadge } from '../../../src/main/deadlines/badge'
import { makeServices, validStore } from '../../helpers/services'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('app badge', () => {
  it('shows the deadlines due by the end of the local day and follows data changes', async () => {
    const t = makeServices({ now: '2026-12-03T08:00:00.000Z' })
    cleanups.push(t.close)
    const s = t.services
    const store = await s.stores.create(validStore)
    const set: number[] = []
    const badge = startDeadlineBadge({
      deadlines: s.deadlines,
      events: s.events,
      clock: s.clock,
      log: s.log,
      port: { setBadgeCount: (n) => set.push(n) }
    })
    cleanups.unshift(badge.stop)
    expect(set).toEqual([0])

    const until = endOfLocalDay(s.clock.now()).getTime()
    const claim = (order: string, infoRequestedAt: string) =>
      s.orderClaims.record({ storeId: store.id, amazonOrderId: order, kind: 'atoz', state: 'info-requested', infoRequestedAt })
    // Due in 48 h from the request: one overdue, one due later today (before the end of the local
    // day), one due well after it.
    claim('112-1111111-1111111', '2026-12-01T06:00:00.000Z')
    claim('112-2222222-2222222', new Date(until - 48 * 3_600_000 - 60_000).toISOString())
    claim('112-3333333-3333333', new Date(until - 48 * 3_600_000 + 3 * 3_600_000).toISOString())
    expect(set).toEqual([0]) // no data change announced yet
    s.events.emit('data.changed', { domains: ['deadlines'] })
    expect(set).toEqual([0, 2])
    expect(s.deadlines.counts({ until: new Date(until).toISOString() })).toEqual({ overdue: 1, dueToday: 2 })
    // Other events do not recount.
    s.events.emit('network.changed', { online: false } as never)
    expect(set).toEqual([0, 2])
    expect(badge.update()).toBe(2)
  })

  it('the end of the local day is 23:59:59.999 on the same local date', () => {
    const now = new Date('2026-12-03T08:00:00.000Z')
    const end = endOfLocalDay(now)
    expect([end.getFullYear(), end.getMonth(), end.getDate()]).toEqual([now.getFullYear(), now.getMonth(), now.getDate()])
    expect([end.getHours(), end.getMinutes(), end.getSeconds(), end.getMilliseconds()]).toEqual([23, 59, 59, 999])
  })
})
