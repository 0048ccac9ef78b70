/** The countdown shown on the holds screen: same remaining time in every zone and across DST; zone only changes the display. */
import { describe, expect, it } from 'vitest'
import { compactDuration, formatInZone, remaining } from '../../../src/renderer/src/pages/holds/deadline'
import { holdDueAt } from '../../../src/main/orders/buyer-cancel-rules'

const H = 3600_000

describe('remaining time of the 2 days', () => {
  const requested = '2026-10-31T17:00:00.000Z'
  const due = holdDueAt(requested)

  it('counts down the same in Los Angeles (across the 2026-11-01 DST change), Shanghai and Berlin', () => {
    // "Now" is one instant; the zone the user sits in does not enter the computation.
    const now = Date.parse('2026-11-01T12:00:00.000Z') // LA: 1 Nov 04:00 PST (after the change)
    const r = remaining(due, now)
    expect(r).toMatchObject({ overdue: false, warning: false, days: 1, hours: 5, minutes: 0 })
    expect(compactDuration(r)).toBe('1 d 5 h')
    // Displays differ by zone, the instant does not.
    expect(formatInZone(due, 'en-US', 'America/Los_Angeles')).toBe('Nov 2, 2026, 9:00 AM PST')
    expect(formatInZone(due, 'en-US', 'Asia/Shanghai')).toBe('Nov 3, 2026, 1:00 AM GMT+8')
    expect(formatInZone(due, 'en-US', 'Europe/Berlin')).toBe('Nov 2, 2026, 6:00 PM GMT+1')
    expect(formatInZone(requested, 'en-US', 'America/Los_Angeles')).toBe('Oct 31, 2026, 10:00 AM PDT')
  })

  it('turns to warning under 12 h and shows how long overdue', () => {
    expect(remaining(due, Date.parse(due) - 12 * H)).toMatchObject({ warning: false, overdue: false })
    expect(remaining(due, Date.parse(due) - 12 * H + 1000)).toMatchObject({ warning: true, overdue: false, hours: 11, minutes: 59 })
    const late = remaining(due, Date.parse(due) + 3 * H)
    expect(late).toMatchObject({ overdue: true, warning: false })
    expect(compactDuration(late)).toBe('3 h')
    expect(compactDuration(remaining(due, Date.parse(due) - (47 * H + 5 * 60_000)))).toBe('1 d 23 h 05 min')
    expect(compactDuration(remaining(due, Date.parse(due) - (45 * 60_000 + 7000)))).toBe('45 min 07 s')
    expect(compactDuration(remaining(due, Date.parse(due) - 48 * H))).toBe('2 d')
    expect(compactDuration(remaining(due, Date.parse(due) - (24 * H + 5 * 60_000)))).toBe('1 d 0 h 05 min')
  })
})
