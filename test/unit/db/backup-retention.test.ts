/** Retention (7 daily, 4 weekly, 12 monthly) over a simulated year of backups. */
import { describe, expect, it } from 'vitest'
import { backupsToKeep, DEFAULT_RETENTION, isoWeekKey } from '../../../src/main/db/backup-retention'

const DAY = 86_400_000

/** Runs a year day by day: each day adds backups (daily + sometimes pre-import) and prunes. */
function simulate(days: number, perDay: (d: number) => number) {
  const start = Date.parse('2026-01-01T03:00:00Z')
  let kept: { at: Date }[] = []
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < perDay(d); k++) kept.push({ at: new Date(start + d * DAY + k * 3_600_000) })
    const keep = backupsToKeep(kept)
    kept = kept.filter((b) => keep.has(b))
  }
  return { kept, now: new Date(start + (days - 1) * DAY + 20 * 3_600_000) }
}

const day = (d: Date) => d.toISOString().slice(0, 10)
const month = (d: Date) => d.toISOString().slice(0, 7)

describe('backup retention', () => {
  it('ISO weeks: Monday starts a week; the year edge belongs to the week of its Thursday', () => {
    expect(isoWeekKey(new Date('2026-12-28T00:00:00Z'))).toBe('2026-W53')
    expect(isoWeekKey(new Date('2027-01-03T23:59:00Z'))).toBe('2026-W53')
    expect(isoWeekKey(new Date('2027-01-04T00:00:00Z'))).toBe('2027-W01')
    expect(isoWeekKey(new Date('2026-01-01T00:00:00Z'))).toBe('2026-W01')
  })

  it('after a simulated year keeps exactly the last 7 days, 4 weeks and 12 months, newest of each', () => {
    // 1 backup a day, 3 on every 5th day (imports): 1 year + a bit.
    const { kept, now } = simulate(400, (d) => (d % 5 === 0 ? 3 : 1))
    const days = new Set(kept.map((b) => day(b.at)))
    // The last 7 days each have their newest backup.
    for (let i = 0; i < 7; i++) {
      const d = day(new Date(now.getTime() - i * DAY))
      expect(days.has(d), `daily ${d}`).toBe(true)
    }
    // The last 4 ISO weeks each have one.
    const weeks = new Set(kept.map((b) => isoWeekKey(b.at)))
    for (let i = 0; i < 4; i++) expect(weeks.has(isoWeekKey(new Date(now.getTime() - i * 7 * DAY)))).toBe(true)
    // The last 12 months each have one, and nothing older than that is kept.
    const months = [...new Set(kept.map((b) => month(b.at)))].sort()
    expect(months.length).toBe(12)
    expect(months.at(-1)).toBe(month(now))
    // Bounded: at most 7 + 4 + 12 backups plus those of the last 24 hours, never growing with time.
    const recent = kept.filter((b) => b.at.getTime() > now.getTime() - DAY)
    expect(kept.length - recent.length).toBeLessThanOrEqual(DEFAULT_RETENTION.daily + DEFAULT_RETENTION.weekly + DEFAULT_RETENTION.monthly)
    // Older than a day: each kept backup is the newest of its day (there were 3 on import days).
    for (const b of kept.filter((x) => !recent.includes(x))) {
      expect(kept.filter((x) => day(x.at) === day(b.at)).length).toBe(1)
    }
  })

  it('a gap (laptop off for a month) keeps the backups from before it instead of dropping them', () => {
    const start = Date.parse('2026-03-01T03:00:00Z')
    const list = [...Array.from({ length: 20 }, (_, i) => ({ at: new Date(start + i * DAY) })), { at: new Date(start + 60 * DAY) }]
    const keep = backupsToKeep(list)
    // Newest + 6 more distinct days from before the gap are the 7 dailies.
    expect(keep.has(list[20]!)).toBe(true)
    expect([...keep].filter((b) => b.at.getTime() < start + 20 * DAY).length).toBeGreaterThanOrEqual(6)
  })

  it('keeps every backup of the last 24 hours (the one before an import survives the daily one after it)', () => {
    const preImport = { at: new Date('2026-05-02T09:00:00Z') }
    const daily = { at: new Date('2026-05-02T22:00:00Z') }
    expect(backupsToKeep([preImport, daily]).has(preImport)).toBe(true)
    expect(backupsToKeep([preImport, daily, { at: new Date('2026-05-03T22:00:00Z') }]).has(preImport)).toBe(false)
  })

  it('always keeps the newest backup, and keeps everything when there are few', () => {
    const few = [{ at: new Date('2026-05-01T00:00:00Z') }, { at: new Date('2026-05-02T00:00:00Z') }]
    expect(backupsToKeep(few).size).toBe(2)
    expect(backupsToKeep([], DEFAULT_RETENTION).size).toBe(0)
    const newest = { at: new Date('2026-05-03T00:00:00Z') }
    expect(backupsToKeep([...few, newest], { daily: 0, weekly: 0, monthly: 0 })).toEqual(new Set([newest]))
  })
})
